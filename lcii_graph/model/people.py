"""Rules about people that the model, not the spreadsheet, decides."""

from __future__ import annotations

import re

# Titles of people who can commit their organization (the design's list, plus
# the common spellings of the same offices).
_DECIDER = re.compile(
    r"\b(?:executive director|ceo|chief executive|chief [a-z]+ officer|c[fo]o|president|"
    r"mayor|governor|commissioner|director|chair(?:man|woman|person)?|superintendent|"
    r"county executive|elected official|council ?member|councilman|councilwoman|alderman|"
    r"alderwoman|senator|representative|city manager|county administrator|county manager|"
    r"secretary of|managing partner|founder|owner|pastor|bishop|publisher|principal)\b"
)
# ... unless the title says the person works for or stands in for one of them.
_NOT_DECIDER = re.compile(
    r"\b(?:assistant|asst|deputy|associate|aide|intern|coordinator|staff|to the|"
    r"vice chair|administrative|liaison|analyst|specialist|fellow|former)\b"
)


def written_blank(sheet: str, column: str, row: dict) -> bool:
    """Whether a stored cell is written out blank: a ``decision_maker`` inferred from the
    title, so that reading it back infers it again (from a changed title too)."""
    return sheet == "people" and column == "decision_maker" and \
        bool(row.get("decision_maker_inferred"))


def infer_decision_maker(title: str | None) -> bool:
    """Whether a title names a decision-maker.

    Used only when a person's ``decision_maker`` cell is blank; the person is
    then marked ``decision_maker_inferred``.

    >>> infer_decision_maker("Executive Director")
    True
    >>> infer_decision_maker("Deputy Director, Planning")
    False
    >>> infer_decision_maker("Program Officer")
    False
    """
    if not title:
        return False
    text = title.casefold().replace("-", " ").replace(".", "")
    return bool(_DECIDER.search(text)) and not _NOT_DECIDER.search(text)
