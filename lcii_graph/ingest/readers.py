"""Read a workbook (.xlsx, a folder of .csv files, or one .csv) into raw sheets.

A raw sheet is every cell as text, exactly as the file has it, with the row
numbers a person sees in a spreadsheet program (the header is row 1). Nothing
is interpreted here; :mod:`.validate` does that.

Limits (documented in the README):

* a CSV file may be at most :data:`MAX_CSV_BYTES`;
* an .xlsx file at most :data:`MAX_XLSX_BYTES` on disk and
  :data:`MAX_XLSX_UNPACKED_BYTES` unpacked (a guard against zip bombs);
* a cell at most :data:`MAX_CELL_CHARS` characters (Excel's own limit), checked
  by validation.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputInvalid, InputUnreadable
from ..model.aliases import normalize_key
from ..model.schema import HELP_SHEETS, SHEETS_BY_NAME, header_keys

MAX_CSV_BYTES = 512 * 1024 * 1024
MAX_XLSX_BYTES = 100 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_CELL_CHARS = 32_767
#: Spreadsheets compress some 5-20 times; far beyond that is a zip bomb.
MAX_XLSX_RATIO = 200

#: Other names a sheet or CSV file may go by (normalized: "Engagement log" is
#: "engagementlog").
SHEET_ALIASES = {
    "orgs": "organizations", "organisations": "organizations", "organization": "organizations",
    # The node table of an edge list's pair (Gephi's data laboratory, Polinode, igraph).
    "nodes": "organizations", "node": "organizations",
    "persons": "people", "person": "people", "contacts": "people", "staff": "people",
    "places": "jurisdictions", "jurisdiction": "jurisdictions", "geographies": "jurisdictions",
    "tables": "partnerships", "partnership": "partnerships", "collaboratives": "partnerships",
    "members": "memberships", "membership": "memberships",
    "relationships": "ties", "connections": "ties", "edges": "ties", "tie": "ties",
    "commitment": "commitments", "contributions": "commitments",
    "goal": "goals", "metric": "metrics", "indicators": "metrics",
    "measurement": "measurements", "data": "measurements", "values": "measurements",
    "assessment": "assessments", "judgements": "assessments", "judgments": "assessments",
    "interaction": "interactions", "engagementlog": "interactions",
    "contactlog": "interactions", "rating": "ratings", "partnerratings": "ratings",
    "surveyresponses": "ratings", "responses": "ratings", "roster": "survey",
    "surveyroster": "survey", "rounds": "survey",
}


def sheet_for(name: str) -> str | None:
    """The schema sheet a file or worksheet named ``name`` holds, if any."""
    key = normalize_key(name)
    for sheet in SHEETS_BY_NAME:
        if key == normalize_key(sheet):
            return sheet
    return SHEET_ALIASES.get(key)


@dataclass
class RawSheet:
    """One sheet's cells as text.

    ``rows`` has one list of strings per data row; ``row_numbers[i]`` is the
    row number of ``rows[i]`` in the file (header is row ``header_row``).
    """

    sheet: str  # schema name: "organizations", ...
    source: str  # what to call it in a message: "orgs.csv" or "book.xlsx, sheet Orgs"
    headers: list[str]
    frame: pd.DataFrame  # columns 0..n-1, str cells, blank rows already dropped
    header_row: int = 1
    row_numbers: list[int] = field(default_factory=list)
    # A Kumu map's or graph's reader wrote the headers itself and said which fields it
    # keeps as custom fields: no note, and no "did you mean", per column.
    custom_said: bool = False


@dataclass
class RawWorkbook:
    path: Path
    sheets: dict[str, RawSheet]
    ignored: list[str] = field(default_factory=list)  # files / sheets that are no sheet of ours
    unplaced: list[str] = field(default_factory=list)  # what a Kumu map held that has no place
    notes: list[str] = field(default_factory=list)  # what was read otherwise than it says
    form: tuple[str, str] | None = None  # a survey form's (round, respondent)
    problems: list = field(default_factory=list)  # what the reader found wrong (Problem)


#: What a parser or decoder raises on a damaged or hostile file (truncated or malformed
#: XML, a corrupt zip stream, JSON nested too deep, a number too long, a value of the
#: wrong JSON type...): one boundary turns them all into exit 4, naming the file.
_DAMAGED = (ValueError, KeyError, IndexError, TypeError, AttributeError, EOFError, OSError,
            zipfile.BadZipFile, zlib.error, SyntaxError, RecursionError, OverflowError,
            MemoryError, UnicodeError, csv.Error)


def read_workbook(path: str | Path, mapping: dict[str, str] | None = None) -> RawWorkbook:
    """Read ``path``: an .xlsx, a folder of .csv files, a single .csv, or a Kumu map
    (its JSON blueprint, or an .xlsx with Elements and Connections sheets; ``mapping``
    places its custom fields, see :mod:`.kumu`). Whatever a parser raises on a damaged
    file becomes :class:`InputUnreadable` naming it."""
    import warnings

    path = Path(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns of what it does not read (extensions, data validation) on
            # stderr: noise between our own messages, about nothing we import.
            warnings.simplefilter("ignore", UserWarning)
            return _read_workbook(path, mapping)
    except (InputUnreadable, InputInvalid):
        raise
    except _DAMAGED as exc:
        detail = type(exc).__name__ if isinstance(exc, (RecursionError, MemoryError)) else \
            f"{type(exc).__name__}: {exc}"
        detail = " ".join(str(detail).split())[:200]
        raise InputUnreadable(f"{path}: the file is damaged or not what its name says, and "
                              f"could not be read ({detail})") from None


def _read_workbook(path: Path, mapping: dict[str, str] | None) -> RawWorkbook:
    if not path.exists():
        raise InputUnreadable(f"{path}: no such file or folder")
    if path.is_dir():
        if _holds_forms(path):
            from .forms import read_forms_folder

            return read_forms_folder(path, _read_xlsx)
        return _read_csv_folder(path)
    if not path.is_file():  # a device (/dev/zero), a FIFO, a socket: never read
        raise InputUnreadable(f"{path}: not a regular file; expected a workbook file or "
                              "a folder")
    suffix = path.suffix.lower()
    if suffix == ".json":
        from .graphfiles import read_json_graph_or_kumu

        return read_json_graph_or_kumu(path, mapping)
    if suffix in (".graphml", ".gexf"):
        from .graphfiles import read_graph_file

        return read_graph_file(path, mapping)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, mapping)
    if suffix in (".csv", ".txt", ".tsv"):
        sheet = sheet_for(path.stem)
        if sheet is None:
            raise InputUnreadable(
                f"{path}: a single CSV file must be named after a sheet "
                f"(organizations.csv, people.csv, ...); got {path.name!r}"
            )
        return RawWorkbook(path, {sheet: read_csv_sheet(path, sheet)})
    if suffix == ".xls":
        raise InputUnreadable(
            f"{path}: old Excel .xls files are not read; save it as .xlsx (Excel Workbook)"
        )
    raise InputUnreadable(
        f"{path}: not a workbook; expected an .xlsx file, a .csv file or a folder of .csv files"
    )


def _holds_forms(folder: Path) -> bool:
    """A folder of workbooks and no sheet file: returned survey forms (or nothing ours)."""
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))]
    return not any(p.suffix.lower() in (".csv", ".tsv", ".txt") and sheet_for(p.stem)
                   for p in files) and any(p.suffix.lower() in (".xlsx", ".xlsm")
                                           for p in files)


def _read_csv_folder(folder: Path) -> RawWorkbook:
    sheets: dict[str, RawSheet] = {}
    ignored: list[str] = []
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() not in (".csv", ".tsv", ".txt") or not file.is_file():
            continue
        sheet = sheet_for(file.stem)
        if sheet is None:
            ignored.append(file.name)
            continue
        if sheet in sheets:
            raise InputUnreadable(
                f"{folder}: both {sheets[sheet].source} and {file.name} hold the {sheet} sheet"
            )
        sheets[sheet] = read_csv_sheet(file, sheet)
    if not sheets:
        raise InputUnreadable(
            f"{folder}: no workbook sheets found; expected files such as organizations.csv"
        )
    return RawWorkbook(folder, sheets, ignored)


def decode_text(data: bytes, source: str) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, then Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputUnreadable(f"{source}: broken UTF-16 text ({exc.reason})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if _UTF8_SEQUENCE.search(data, 0, utf8_error.start):
            # UTF-8 text up to here, then a byte that is not: two encodings in one file
            # (rows pasted from another program). Reading it all as Windows-1252 would
            # turn every accent before this point into two wrong letters, without a word.
            line = data[: utf8_error.start].count(b"\n") + 1
            column = utf8_error.start - (data.rfind(b"\n", 0, utf8_error.start) + 1) + 1
            raise InputUnreadable(
                f"{source}: line {line}, byte {column}: the file mixes UTF-8 with another "
                f"encoding (byte 0x{data[utf8_error.start]:02x} is not UTF-8, while earlier "
                "lines are); save the file as 'CSV UTF-8' from the spreadsheet program"
            ) from None
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise InputUnreadable(
                f"{source}: line {line}: the text is neither UTF-8 nor Windows-1252; "
                "save the file as 'CSV UTF-8'"
            ) from None


#: A multi-byte UTF-8 sequence (an accented letter, a dash, an emoji): in a file that is
#: not all UTF-8, the sign that two encodings were mixed.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                            rb"[\xf0-\xf4][\x80-\xbf]{3}")


def read_csv_sheet(file: Path, sheet: str) -> RawSheet:
    size = file.stat().st_size
    if size > MAX_CSV_BYTES:
        raise InputUnreadable(
            f"{file}: {size / 2**20:.0f} MB is over the {MAX_CSV_BYTES // 2**20} MB limit "
            "for one CSV file; split the sheet or import it in parts"
        )
    text = decode_text(file.read_bytes(), str(file))
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputUnreadable(f"{file}: line {line}: NUL byte; this is not a text file")
    if not text.strip():
        raise InputUnreadable(f"{file}: the file is empty; expected a header row")
    delimiter = "\t" if file.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text), header=None, dtype=str, keep_default_na=False, na_filter=False,
            skip_blank_lines=False, sep=delimiter, engine="c", quotechar='"',
        )
    except pd.errors.ParserError:
        # Rows of different lengths (a trailing comma, a stray cell): read them with
        # the csv module, which takes any length; validation then judges the extras.
        frame = _ragged_frame(text, delimiter, file)
    except pd.errors.EmptyDataError:
        raise InputUnreadable(f"{file}: the file is empty; expected a header row") from None
    return _raw_sheet(frame, sheet, file.name, header_row=1)


def _ragged_frame(text: str, delimiter: str, file: Path) -> pd.DataFrame:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, start = [], 1  # the line where the record being read starts
    try:
        for row in reader:
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputUnreadable(f"{file}: line {start}: {_csv_problem(str(exc))}") from None
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


def _csv_problem(message: str) -> str:
    """What the csv module's complaint means to someone with the file open."""
    if "end of data" in message:
        return ('a quoted cell opens here (") and is never closed; close it, or double a '
                'quote meant as text ("")')
    if "expected after" in message:
        return ('a quote (") inside a quoted cell; write it twice ("") to keep it as text')
    return f"not a well-formed CSV row ({message})"


def _sniff_delimiter(text: str) -> str:
    """Comma unless the header line clearly uses ';' or tab (European Excel exports)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _raw_sheet(frame: pd.DataFrame, sheet: str, source: str, header_row: int) -> RawSheet:
    """Split the header off, drop blank rows, remember each row's number."""
    if frame.empty:
        raise InputUnreadable(f"{source}: the sheet is empty; expected a header row")
    frame = frame.fillna("").astype(object)
    headers = [str(h).strip() for h in frame.iloc[0]]
    body = frame.iloc[1:]
    body = body[~_blank_rows(body)]
    row_numbers = [header_row + int(i) for i in body.index]
    body = body.reset_index(drop=True)
    body.columns = range(len(headers))
    return RawSheet(sheet, source, headers, body, header_row, row_numbers)


def _blank_rows(body: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty or white space (trailing rows, spacer rows).

    Works on the distinct values of each column, so a million-row sheet costs a
    few hash passes rather than a million ``strip()`` calls.
    """
    blank = np.ones(len(body), dtype=bool)
    for column in body.columns:
        values = body[column]
        blanks = [u for u in pd.unique(values) if not str(u).strip()]
        blank &= values.isin(blanks).to_numpy()
        if not blank.any():
            break
    return blank


def _read_xlsx(path: Path, mapping: dict[str, str] | None = None) -> RawWorkbook:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        raise InputUnreadable(
            f"{path}: {size / 2**20:.0f} MB is over the {MAX_XLSX_BYTES // 2**20} MB limit "
            "for an .xlsx file; save the sheets as CSV files in a folder instead"
        )
    if size == 0:
        raise InputUnreadable(f"{path}: the file is empty")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            packed = sum(info.compress_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputUnreadable(
            f"{path}: not an Excel workbook (the file is not an .xlsx package)"
        ) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise InputUnreadable(
            f"{path}: unpacks to {unpacked / 2**20:.0f} MB, over the "
            f"{MAX_XLSX_UNPACKED_BYTES // 2**20} MB limit"
        )
    if unpacked > 50 * 2**20 and unpacked > MAX_XLSX_RATIO * max(packed, 1):
        raise InputUnreadable(
            f"{path}: unpacks to {unpacked / 2**20:.0f} MB from {packed / 2**10:.0f} KB, more "
            f"than {MAX_XLSX_RATIO} times its size: not a spreadsheet a program saved (a zip "
            "bomb?); save the sheets as CSV files in a folder if it is real"
        )
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputUnreadable(f"{path}: not a readable Excel workbook ({exc})") from None
    sheets: dict[str, RawSheet] = {}
    ignored: list[str] = []
    from .kumu import is_kumu_xlsx, read_kumu

    if is_kumu_xlsx(book.sheetnames):
        book.close()
        return read_kumu(path, mapping)
    from .forms import form_of, returned_form

    form = form_of(book.properties)
    try:
        for worksheet in book.worksheets:
            sheet = sheet_for(worksheet.title)
            if sheet is None:
                if worksheet.title not in HELP_SHEETS:  # the template's own: no note
                    ignored.append(worksheet.title)
                continue
            source = f"{path.name}, sheet {worksheet.title}"
            if sheet in sheets:
                raise InputUnreadable(f"{path}: two sheets hold {sheet}: "
                                      f"{sheets[sheet].source} and {worksheet.title}")
            rows = sheet_rows(worksheet, path)
            first = _header_index(rows, sheet)
            if first is None:
                continue  # an empty sheet is a sheet that is not there
            # Blank rows are left out here (their numbers kept as the index), so that a
            # lone cell far below or to the right costs one row, not a million.
            kept = [(i, r) for i, r in enumerate(rows[first:]) if r or i == 0]
            width = max(len(r) for _, r in kept)
            frame = pd.DataFrame([r + [""] * (width - len(r)) for _, r in kept],
                                 index=[i for i, _ in kept], dtype=object)
            sheets[sheet] = _raw_sheet(frame, sheet, source, header_row=first + 1)
    finally:
        book.close()
    if not sheets:
        raise InputUnreadable(
            f"{path}: no workbook sheets found; expected sheets such as 'organizations'"
        )
    if form is not None:
        return returned_form(RawWorkbook(path, sheets, ignored, form=form), form)
    return RawWorkbook(path, sheets, ignored)


#: A cell holding a formula and no value computed from it (``<v/>`` or no ``<v>``).
_UNCALCULATED = re.compile(rb'<c\b([^>]*)>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?'
                           rb'\s*</c>')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')


def _refuse_uncalculated(path: Path, worksheet) -> None:
    """Refuse a sheet with a formula whose value was never computed: a file written by a
    program that does not calculate (a script, an export) reads as blank there, which
    would be taken for a missing value. Saved once by a spreadsheet program, it holds the
    values."""
    part = getattr(worksheet, "_worksheet_path", None)
    if part is None:
        return
    found = None
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        tail = b""
        while not found and (block := stream.read(1 << 20)):
            data = tail + block
            found = b"<f" in data and _UNCALCULATED.search(data)
            tail = data[-65536:]  # a cell cut by the block's end is whole in the next
    if found:
        ref = _CELL_REF.search(found[1])
        where = f"cell {ref[1].decode()}" if ref else "a cell"
        raise InputUnreadable(
            f"{path}, sheet {worksheet.title}, {where}: a formula without its computed value "
            "(the file was written by a program that does not calculate); open it in a "
            "spreadsheet program (Excel, LibreOffice, Google Sheets), save it, and import "
            "it again")


def sheet_rows(worksheet, path: Path) -> list[list[str]]:
    """A read-only worksheet of the workbook at ``path`` as rows of text, each without its
    trailing empty cells; a formula whose value was never computed refused
    (:func:`_refuse_uncalculated`).

    The sheet's extent is measured from its cells, not taken from the ``dimension`` the
    file declares: a declared extent smaller than the data would drop rows without a
    word, and one of a million rows by sixteen thousand columns would fill memory."""
    _refuse_uncalculated(path, worksheet)
    worksheet.reset_dimensions()
    rows = []
    for row in worksheet.iter_rows(values_only=True):
        cells = [_cell_text(v) for v in row]
        while cells and not cells[-1].strip():
            cells.pop()
        rows.append(cells)
    return rows


def _header_index(rows: list[list[str]], sheet: str) -> int | None:
    """The header row: the first of the first ten non-blank rows naming two or more of the
    sheet's columns (a title or a note above the table is skipped), else the first
    non-blank row."""
    known = header_keys(sheet)
    filled = [i for i, r in enumerate(rows) if any(c.strip() for c in r)][:10]
    for i in filled:
        if sum(1 for c in rows[i] if normalize_key(c) in known) >= 2:
            return i
    return filled[0] if filled else None


def _cell_text(value: object) -> str:
    """A cell value as the text a person sees (dates as ISO, 2021.0 as 2021)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)
