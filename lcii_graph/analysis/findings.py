"""Findings: what a gap rule reports."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

SEVERITIES = ("critical", "warning", "info")
LESSONS = {
    "one-table": "One table across sectors",
    "systems": "Change systems, not programs",
    "data": "Data-driven, results-focused",
    "funding": "Cross-sector funding streams",
    "structure": "Network structure",
    "stakeholders": "Stakeholders engaged",
    "trust": "Trust and value",
}
#: Lessons whose findings rest on private judgements (the coordinator's, in the stakeholder
#: sheets; partners' of one another, in the survey): no partner output holds them.
PRIVATE_LESSONS = frozenset({"stakeholders", "trust"})


def shareable(findings: list, profile: str) -> list:
    """The findings an output of ``profile`` may hold: the partner profile leaves out
    those of :data:`PRIVATE_LESSONS`."""
    if profile == "partner":
        return [f for f in findings if f.lesson not in PRIVATE_LESSONS]
    return findings
SCOPES = ("network", "partnership", "goal", "metric", "jurisdiction")


@dataclass
class Finding:
    """One gap a rule found.

    ``subjects`` are the organizations, people, goals... it is about, each
    ``{"id", "name"}``; ``evidence`` holds the numbers behind it; the
    ``suggestion`` is a question to consider, never an order.
    """

    rule: str
    lesson: str
    severity: str
    scope: str
    subjects: list[dict]
    message: str
    evidence: dict = field(default_factory=dict)
    suggestion: str = ""
    partnership: str | None = None  # the table it concerns, for grouping

    def to_dict(self) -> dict:
        """The finding as plain data, its own copy (``dataclasses.asdict`` gives the same
        and took 8 s for the 17,695 findings of a state-wide network: it walks every
        subject of every cluster generically; ``copy.deepcopy`` of the evidence 0.7 s)."""
        return {"rule": self.rule, "lesson": self.lesson, "severity": self.severity,
                "scope": self.scope, "subjects": [dict(s) for s in self.subjects],
                "message": self.message, "evidence": _copied(self.evidence),
                "suggestion": self.suggestion, "partnership": self.partnership}

    def sort_key(self):
        return (SEVERITIES.index(self.severity), self.partnership or "", self.lesson, self.rule,
                [s["id"] for s in self.subjects])


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _copied(value):
    """``copy.deepcopy(value)`` for plain data (dicts and lists of text and numbers, what
    evidence holds), by a walk that knows those types; anything else is deep-copied."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    if kind is list:
        return [_copied(item) for item in value]
    return copy.deepcopy(value)
