"""Survey forms: one small workbook per invited organization, to run a round by e-mail.

Each form lists the round's other invited organizations, one row each, with drop-downs
for how often they work together, how closely, and the six 1–4 items (the relational
survey of ``DESIGN.md``); the respondent fills the rows of the partners it works with
and leaves the others blank. The form is an lcii-graph workbook: ``lcii-graph import``
reads it back (one file, or a folder of them) as the round's ratings and a roster row
saying the organization answered (:mod:`lcii_graph.ingest.forms`). Its properties name
the round and the respondent, so a form whose cells were changed to answer for another
organization, or another round, is refused.

Forms carry names only: no judgement, score or contact detail of anyone.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputInvalid
from ..ingest.forms import form_keywords
from ..model.schema import HELP_SHEETS
from ..model.vocabulary import Frequency, Intensity, values
from ..network.model import Network
from ..network.views import table_members
from ..outputs import OutputRefused, check_target, mark_workbook, save_workbook, write_with

#: The kind of output a form is (:mod:`..outputs`; its workbook ``subject``).
FORM_KIND = "form"
#: The headers of a form's ratings sheet: each one the importer reads as its column
#: (``partner name`` is the form's own, for the respondent to read, and left out).
FORM_HEADERS = ("round", "respondent", "partner", "partner name", "how often",
                "level of collaboration", "power and influence", "level of involvement",
                "resource contribution", "reliability", "support of the mission",
                "openness to discussion", "contributions")
#: The headers the respondent fills in (the others are written by lcii-graph, locked).
ANSWER_HEADERS = FORM_HEADERS[4:]

_INSTRUCTIONS = (
    "Survey round {round}: {name}",
    "",
    "The sheet 'ratings' lists the other organizations of the round, one row each.",
    "For each one your organization works with, fill its row:",
    "  how often: yearly, quarterly, monthly, weekly or daily;",
    "  level of collaboration: awareness, cooperation, coordination or integration;",
    "  six ratings from 1 (low) to 4 (high) of that partner: its power and influence, "
    "level of involvement and resource contribution (its value), and its reliability, "
    "support of the mission and openness to discussion (trust);",
    "  contributions (optional): what it brings, separated by ';' - funding, in_kind, "
    "staff, volunteers, data, information, expertise, community_connections, "
    "fiscal_agent, facilitation, advocacy, other.",
    "Leave the row of an organization you do not work with blank.",
    "",
    "Please do not change the grey columns. Save the file and send it back.",
    "Your answers about each partner are read by the coordinator; partners see network "
    "and sector figures only.",
)


def invited(network: Network, round_: str, partnership: str | None = None) -> list[str]:
    """The organizations invited to ``round_``: its roster (who was not marked as not
    invited), at ``partnership`` if given; without a roster, the table's members.

    Raises :class:`InputInvalid` when neither says who is invited.
    """
    roster = [r for r in network.records["survey"] if r["round"] == round_]
    members = table_members(network, partnership) if partnership else None
    if roster:
        found = {r["organization"] for r in roster if r["invited"] is not False}
        if members is not None:
            found &= members
    elif members is not None:
        found = set(members)
    else:
        raise InputInvalid(f"round {round_!r} has no roster: give --partnership ID (its "
                           "members are invited) or import a survey sheet listing who is "
                           "invited to the round")
    if len(found) < 2:
        raise InputInvalid(f"round {round_!r}: {len(found)} organization"
                           f"{'' if len(found) == 1 else 's'} invited; a form lists the "
                           "others, so a round needs at least two")
    return sorted(found)


def form_name(round_: str, organization: str, taken: set[str]) -> str:
    """A file name for one form: the round and the organization's id, every character
    that is not a letter, digit, dot, dash or underscore as '_' (an id may hold '/' or
    '..'), made unique among ``taken``."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", f"{round_}-{organization}").strip(".") or "form"
    stem = stem[:120]
    name, k = f"{stem}.xlsx", 2
    while name.lower() in taken:
        name, k = f"{stem}-{k}.xlsx", k + 1
    taken.add(name.lower())
    return name


def write_forms(network: Network, folder: str | Path, round_: str, *,
                partnership: str | None = None, force: bool = False) -> list[Path]:
    """Write one form per invited organization into ``folder``; the paths, in order.

    A file there that is not an unchanged earlier form (a returned one, say) is not
    replaced without ``force``.
    """
    folder = Path(folder)
    if not round_.strip() or not round_.isprintable():
        # The form's properties carry the round on a line of its own: a round that is
        # blank or holds a line break would not be read back, and the form's blank rows
        # would then be taken for ties.
        raise InputInvalid(f"--round {round_!r}: expected a label on one line (a year, a "
                           "date or a name)")
    organizations = invited(network, round_, partnership)
    names = network.names
    taken: set[str] = set()
    plan = [(org, folder / form_name(round_, org, taken)) for org in organizations]
    for _, path in plan:  # every target checked before the first is written
        if not force and path.is_file() and _answered(path):
            raise OutputRefused(f"{path} holds answers (a returned form?); nothing was "
                                "changed. Choose another folder, or add --force to "
                                "replace it")
        check_target(path, FORM_KIND, force=force)
    written = []
    for org, path in plan:
        others = [(x, names.get(x) or x) for x in organizations if x != org]
        write_with(path, FORM_KIND,
                   lambda target, org=org, others=others: _form(target, round_, org,
                                                                 names.get(org) or org,
                                                                 others),
                   force=force)
        written.append(path)
    return written


def _answered(path: Path) -> bool:
    """Whether a form at ``path`` has an answer in it (any cell right of the partner's
    name). A form filled and saved within the second it was written still looks like
    our untouched output by its dates; this looks at its cells."""
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False  # not a workbook: the output rules decide (it is not ours)
    try:
        if "ratings" not in book.sheetnames:
            return False
        return any(value not in (None, "") for row in book["ratings"].iter_rows(
            min_row=2, min_col=len(FORM_HEADERS) - len(ANSWER_HEADERS) + 1,
            values_only=True) for value in row)
    finally:
        book.close()


def _form(path: Path, round_: str, respondent: str, name: str,
          others: list[tuple[str, str]]) -> None:
    import openpyxl
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .tables import formula_safe as safe_cell

    book = mark_workbook(openpyxl.Workbook(), FORM_KIND)
    book.properties.keywords = form_keywords(round_, respondent)
    book.properties.title = safe_cell(f"Survey round {round_}: {name}")
    readme = book.active
    readme.title = HELP_SHEETS[0]
    for line in _INSTRUCTIONS:
        readme.append([safe_cell(line.format(round=round_, name=name))])
    readme["A1"].font = Font(bold=True)
    readme.column_dimensions["A"].width = 120

    ws = book.create_sheet("ratings")
    ws.append(list(FORM_HEADERS))
    grey = PatternFill("solid", fgColor="DDDDDD")
    for column, header in enumerate(FORM_HEADERS, start=1):
        cell = ws.cell(row=1, column=column)
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(column)].width = max(12, len(header) + 3)
    ws.column_dimensions["D"].width = 40
    for partner, partner_name in others:
        ws.append([safe_cell(round_), safe_cell(respondent), safe_cell(partner),
                   safe_cell(partner_name)] + [None] * len(ANSWER_HEADERS))
    last = len(others) + 1
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row[:4]:
            cell.fill = grey
        for cell in row[4:]:
            cell.protection = Protection(locked=False)
    lists = {"how often": values(Frequency), "level of collaboration": values(Intensity)}
    for column, header in enumerate(FORM_HEADERS, start=1):
        if column <= 4 or header == "contributions":
            continue
        allowed = lists.get(header, ("1", "2", "3", "4"))
        validation = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"',
                                    allow_blank=True, showErrorMessage=True,
                                    errorTitle="Not one of the choices",
                                    error="Choose from the list, or leave it blank.")
        letter = get_column_letter(column)
        validation.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(validation)
    # The grey columns are locked (no password: this guards against slips, not people;
    # the import checks every cell again).
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.freeze_panes = "E2"

    roster = book.create_sheet("survey")
    roster.append(["round", "organization", "responded"])
    roster.append([safe_cell(round_), safe_cell(respondent), "yes"])
    book.active = 1
    save_workbook(book, path)

