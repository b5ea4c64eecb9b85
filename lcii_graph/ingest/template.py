"""Write an empty, documented workbook: one sheet per kind, a README sheet
explaining every column, and drop-down lists for every vocabulary."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputUnreadable
from ..model.schema import HELP_SHEETS, SHEETS_BY_NAME, WORKBOOK_ORDER
from ..outputs import check_target, mark_workbook, save_workbook, write_with
from .cells import DATE_FORMATS, VOCABULARIES

#: Rows that carry drop-down lists in each sheet.
TEMPLATE_ROWS = 2000

_TYPE_TEXT = {
    "id": "identifier", "text": "text", "bool": "yes / no", "date": f"date ({DATE_FORMATS})",
    "number": "number", "amount": "amount (0 or more)", "currency": "currency code (USD...)",
    "scale": "1 to 4",
    "list": "list separated by ';'",
}


def describe_type(type_: str) -> str:
    if type_.startswith("ref:"):
        return f"id (or name) of a row of {type_[4:]}"
    if type_.startswith("refs:"):
        return f"ids (or names) of rows of {type_[5:]}, separated by ';'"
    if type_.startswith("vocab:"):
        return "one of: " + ", ".join(VOCABULARIES[type_[6:]].allowed)
    return _TYPE_TEXT[type_]


def write_template(path: str | Path, *, overwrite: bool = False) -> None:
    """Write the template workbook to ``path`` (an .xlsx file)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = check_target(path, "template", force=overwrite)
    if path.suffix.lower() != ".xlsx":
        raise InputUnreadable(f"{path}: the template is an Excel workbook; name it *.xlsx")
    book = mark_workbook(openpyxl.Workbook(), "template")
    readme = book.active
    readme.title = HELP_SHEETS[0]
    bold = Font(bold=True)
    readme.append(["lcii-graph workbook. Fill the sheets you need (only 'organizations' is "
                   "required), then run: lcii-graph import THIS_FILE"])
    readme.append(["Header names are matched loosely; the names below are the canonical ones."])
    readme.append([])
    readme.append(["sheet", "column", "required", "type", "description", "also read as"])
    for cell in readme[4]:
        cell.font = bold

    lists = book.create_sheet(HELP_SHEETS[1])
    for column, vocab in enumerate(VOCABULARIES.values(), start=1):
        lists.cell(row=1, column=column, value=vocab.name).font = bold
        for row, value in enumerate(vocab.allowed, start=2):
            lists.cell(row=row, column=column, value=value)
    vocab_column = {name: get_column_letter(i) for i, name in enumerate(VOCABULARIES, start=1)}

    for name in WORKBOOK_ORDER:
        sheet = SHEETS_BY_NAME[name]
        readme.append([name, "", "", "", sheet.doc])
        readme.cell(row=readme.max_row, column=1).font = bold
        ws = book.create_sheet(name, index=len(book.sheetnames) - 1)
        for column, field in enumerate(sheet.fields, start=1):
            ws.cell(row=1, column=column, value=field.name).font = bold
            ws.column_dimensions[get_column_letter(column)].width = max(12, len(field.name) + 4)
            readme.append([name, field.name, "yes" if field.required else "",
                           describe_type(field.type), field.doc, ", ".join(field.headers)])
            if field.vocabulary:
                vocab = VOCABULARIES[field.vocabulary]
                letter = vocab_column[field.vocabulary]
                validation = DataValidation(
                    type="list",
                    formula1=f"lists!${letter}$2:${letter}${len(vocab.allowed) + 1}",
                    allow_blank=not field.required,
                    showErrorMessage=False,  # aliases such as "Foundation" are accepted too
                )
                target = get_column_letter(column)
                validation.add(f"{target}2:{target}{TEMPLATE_ROWS}")
                ws.add_data_validation(validation)
        ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (16, 18, 9, 40, 70, 50), strict=True):
        readme.column_dimensions[letter].width = width
    lists.sheet_state = "hidden"
    write_with(path, "template", lambda target: save_workbook(book, target),
               force=overwrite)
