"""Findings: what a gap rule reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SEVERITIES = ("critical", "warning", "info")
LESSONS = {
    "one-table": "One table across sectors",
    "systems": "Change systems, not programs",
    "data": "Data-driven, results-focused",
    "funding": "Cross-sector funding streams",
    "structure": "Network structure",
}
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
        data = asdict(self)
        data.pop("partnership")
        data["partnership"] = self.partnership
        return data

    def sort_key(self):
        return (SEVERITIES.index(self.severity), self.partnership or "", self.lesson, self.rule,
                [s["id"] for s in self.subjects])
