"""The gap rules: each a small pure function of a :class:`Context` and its settings.

A rule is registered with :func:`rule`, which declares its stable id, the
lesson it serves, its default severity and scope, and the settings a
configuration file may change. The function yields plain dicts (``scope``
may be left to the default; ``severity`` may raise or lower the default for
one finding); :func:`run_rules` turns them into :class:`Finding` objects.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from ..config import check_rule_ids, settings_for
from ..context import Context
from ..findings import LESSONS, SEVERITIES, Finding


@dataclass(frozen=True)
class Rule:
    id: str
    lesson: str
    severity: str
    scope: str
    function: Callable
    defaults: dict = field(default_factory=dict)
    #: Evidence keys that tell two findings of the rule about the same subjects apart
    #: (``diff`` and ``report --since`` follow a finding by rule, table, scope, subjects
    #: and these).
    identity: tuple[str, ...] = ()
    #: When the rule is checked, in ascending order (as catalogued within a stage):
    #: :data:`FORKS` after the others, as it may start second processes of its own
    #: (sampled betweenness), which would otherwise run beside the one computing the
    #: communities ahead (:func:`~lcii_graph.analysis.communities.louvain_ahead`): three
    #: processes on two processors, and both children's memory at once. On the L
    #: network ``gaps`` took 27.0 s and 1.89 GB so, against 29-31 s and 1.92 GB. (Checking
    #: the rule that waits for those communities last instead hid the wait but held their
    #: process's memory beside the other rules': 2.1 GB.) The order rules run in changes
    #: no finding and not their order (:meth:`Finding.sort_key` tells any two rules apart).
    stage: int = 0

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip().split("\n")[0].replace("``", "`")


RULES: dict[str, Rule] = {}
#: The stage (:attr:`Rule.stage`) of a rule that may start second processes.
FORKS = 1


def rule(id: str, lesson: str, severity: str, scope: str = "partnership", *,
         identity: tuple[str, ...] = (), stage: int = 0, **defaults):
    def register(function):
        RULES[id] = Rule(id, lesson, severity, scope, function, defaults, identity, stage)
        return function

    return register


def run_rules(ctx: Context, config: dict | None = None, *, only: set[str] | None = None,
              progress=None) -> list[Finding]:
    """Every enabled rule's findings, most severe first, in a stable order.

    ``progress(label, total)``, when given, is a context manager yielding a function
    called with 1 after each rule (the import's progress protocol).
    """
    config = config or {}
    check_rule_ids(config, set(RULES))
    chosen = [(r, settings_for(r, config)) for r in RULES.values()
              if not only or r.id in only]
    chosen = [(r, settings) for r, settings in chosen if settings["enabled"]]
    chosen.sort(key=lambda pair: pair[0].stage)  # stable: otherwise as catalogued
    findings = []
    bar = progress("Checking the gap rules", len(chosen)) if progress else nullcontext()
    with bar as update:
        for r, settings in chosen:
            for found in r.function(ctx, settings):
                severity = found.pop("severity", settings["severity"])
                findings.append(Finding(rule=r.id, lesson=r.lesson, severity=severity,
                                        scope=found.pop("scope", r.scope), **found))
            if update:
                update(1)
    findings.sort(key=Finding.sort_key)
    return findings


def severity_at_least(findings: list[Finding], severity: str) -> list[Finding]:
    limit = SEVERITIES.index(severity)
    return [f for f in findings if SEVERITIES.index(f.severity) <= limit]


# Importing the rule modules registers their rules; then order them as the catalogue is
# read: by lesson, and within a lesson as declared.
from . import (  # noqa: E402, F401
    data,
    funding,
    one_table,
    stakeholders,
    structure,
    systems,
    trust,
)

_ordered = sorted(RULES.values(), key=lambda r: list(LESSONS).index(r.lesson))
RULES.clear()
RULES.update((r.id, r) for r in _ordered)
