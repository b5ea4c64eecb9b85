"""Returned survey forms (:mod:`lcii_graph.export.forms` writes them): one file, or a
folder of them.

A form is read like any workbook, then as the form it is: its ``partner name`` column
(written for the respondent to read) is left out, a partner's row left blank means the
respondent does not work with it (not a tie, so not a rating), and every row must answer
for the round and the organization the form was made for (its workbook properties say
which). A folder of forms is read as one import: each form is checked on its own first,
so that every problem names its file, row and column, then their rows go in together or
not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputUnreadable
from ..model.aliases import normalize_key
from ..model.schema import SHEETS_BY_NAME
from .problems import ERROR, Problem
from .readers import RawSheet, RawWorkbook
from .validate import _header_lookup

#: The subject of a form's workbook properties (``outputs.WORKBOOK_KINDS["form"]``).
FORM_SUBJECT = "lcii-graph survey form"
PARTNER_NAME = "partner name"
#: The cells of a rating a respondent fills in: a row with none of them is not a tie.
_ANSWERS = {"frequency", "intensity", "power_influence", "involvement",
            "resource_contribution", "reliability", "mission", "openness", "contributes"}


def form_keywords(round_: str, respondent: str) -> str:
    """What a form's ``keywords`` property holds: the round and the respondent."""
    return f"{FORM_SUBJECT}\nround={round_}\nrespondent={respondent}"


def form_of(properties) -> tuple[str, str] | None:
    """``(round, respondent)`` of a workbook that is an lcii-graph survey form (by its
    properties, which a spreadsheet program keeps when it saves), else None."""
    if getattr(properties, "subject", None) != FORM_SUBJECT:
        return None
    found = dict(line.split("=", 1) for line in (properties.keywords or "").splitlines()
                 if "=" in line)
    if "round" not in found or "respondent" not in found:
        return None
    return found["round"], found["respondent"]


@dataclass
class FormsWorkbook(RawWorkbook):
    """A folder of returned forms: their rows together, and each form on its own (for
    checking, so that a problem names its form)."""

    forms: list[RawWorkbook] = field(default_factory=list)


def returned_form(workbook: RawWorkbook, form: tuple[str, str]) -> RawWorkbook:
    """A form read as a workbook, made the answers it holds (see the module's text); a
    cell answering for another organization or round is a problem of the workbook."""
    round_, respondent = form
    problems = []
    ratings = workbook.sheets.get("ratings")
    if ratings is not None:
        ratings = _answers_only(ratings)
        workbook.sheets["ratings"] = ratings
        skipped = len(ratings.frame.attrs.get("unanswered", ()))
        if skipped:
            workbook.notes.append(f"{ratings.source}: {skipped} partner"
                                  f"{' was' if skipped == 1 else 's were'} left blank: "
                                  "not a tie of the respondent")
    for raw in workbook.sheets.values():
        expected = {"round": round_,
                    ("organization" if raw.sheet == "survey" else "respondent"): respondent}
        for name, value in expected.items():
            column = _column(raw, name)
            if column is None:
                problems.append(Problem(raw.source, raw.sheet, raw.header_row, None, None,
                                        f"expected a column '{name}' (the form's own; it "
                                        "is locked in the form)", ERROR))
                continue
            for row, cell in zip(raw.row_numbers, raw.frame[column].tolist(), strict=True):
                if str(cell).strip() != value:
                    problems.append(Problem(
                        raw.source, raw.sheet, row, raw.headers[column], str(cell),
                        f"this form was made for {respondent}, round {round_}, and answers "
                        f"for no other: expected {value!r}", ERROR))
    # Checked with the rest of the workbook, so that every problem is said at once.
    workbook.problems.extend(problems)
    return workbook


def _column(raw: RawSheet, name: str) -> int | None:
    for i, header in enumerate(raw.headers):
        if normalize_key(header) == normalize_key(name):
            return i
    return None


def _answers_only(raw: RawSheet) -> RawSheet:
    """The ratings sheet without the form's ``partner name`` column and without the rows
    where nothing was answered (their numbers in ``frame.attrs["unanswered"]``)."""
    lookup = _header_lookup(SHEETS_BY_NAME["ratings"])  # the importer's own reading
    keep_columns = [i for i, h in enumerate(raw.headers)
                    if normalize_key(h) != normalize_key(PARTNER_NAME)]
    answers = [i for i in keep_columns
               if lookup.get(normalize_key(raw.headers[i])) in _ANSWERS]
    frame = raw.frame
    answered = [any(str(frame.at[k, i]).strip() for i in answers) for k in range(len(frame))]
    rows = [k for k, yes in enumerate(answered) if yes]
    body = frame.loc[rows, keep_columns].reset_index(drop=True)
    body.columns = range(len(keep_columns))
    body.attrs["unanswered"] = [raw.row_numbers[k] for k, yes in enumerate(answered)
                                if not yes]
    return RawSheet(raw.sheet, raw.source, [raw.headers[i] for i in keep_columns], body,
                    raw.header_row, [raw.row_numbers[k] for k in rows])


def read_forms_folder(folder: Path, read_one) -> FormsWorkbook:
    """Every ``.xlsx`` form in ``folder`` (``read_one(path)`` reads one workbook), their
    sheets joined. Refuses a folder holding another workbook, or two forms answering
    for one organization in one round."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm")
                   and p.is_file() and not p.name.startswith(("~$", ".")))
    forms = []
    answered: dict[tuple[str, str], str] = {}
    for path in files:
        workbook = read_one(path)
        form = getattr(workbook, "form", None)
        if form is None:
            raise InputUnreadable(f"{path}: not a survey form; a folder is read as CSV "
                                  "files (one per sheet) or as returned survey forms "
                                  "(lcii-graph survey forms), not both")
        if form in answered:
            raise InputUnreadable(f"{path}: answers for {form[1]!r} in round {form[0]!r}, "
                                  f"as {answered[form]} does; keep one of them")
        answered[form] = path.name
        forms.append(workbook)
    sheets = {}
    for name in ("ratings", "survey"):
        parts = [w.sheets[name] for w in forms if name in w.sheets]
        if parts:
            sheets[name] = _joined(name, parts, f"{folder.name} ({len(forms)} forms)")
    joined = FormsWorkbook(folder, sheets, forms=forms)
    for w in forms:
        joined.notes.extend(w.notes)
        joined.ignored.extend(f"{w.path.name}: {name}" for name in w.ignored)
    return joined


def _joined(name: str, parts: list[RawSheet], source: str) -> RawSheet:
    """One sheet of several forms' rows, columns matched by header."""
    headers: list[str] = []
    keys: list[str] = []
    for part in parts:
        for h in part.headers:
            if normalize_key(h) not in keys:
                keys.append(normalize_key(h))
                headers.append(h)
    frames, numbers = [], []
    for part in parts:
        position = {normalize_key(h): i for i, h in enumerate(part.headers)}
        frame = pd.DataFrame({j: (part.frame[position[k]] if k in position else "")
                              for j, k in enumerate(keys)}, index=part.frame.index)
        frames.append(frame)
        numbers.extend(part.row_numbers)
    body = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return RawSheet(name, source, headers, body.astype(object), parts[0].header_row, numbers)


def record_roster(store, round_: str, organizations: list[str]):
    """Record that ``organizations`` are invited to ``round_`` (a survey sheet row each,
    imported and checked as any workbook): the round's roster, against which the
    response rate is read once the forms come back. Returns the import's report."""
    import csv
    import tempfile

    from .importer import import_workbook

    with tempfile.TemporaryDirectory(prefix="lcii-roster-") as folder:
        with open(Path(folder) / "survey.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["round", "organization", "invited"])
            writer.writerows([round_, org, "yes"] for org in organizations)
        return import_workbook(folder, store)
