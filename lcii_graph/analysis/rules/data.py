"""Lesson: data-driven and results-focused — the shared-measurement chain."""

from __future__ import annotations

from datetime import date

from ...model.vocabulary import Direction
from . import rule

LESSON = "data"


def _tables(ctx):
    return {g for p in ctx.partnerships for g in ctx.goals_of[p]}


@rule("goal-without-metric", LESSON, "warning", scope="goal")
def goal_without_metric(ctx, settings):
    """A shared goal no metric measures."""
    for goal in sorted(_tables(ctx)):
        if not ctx.metrics_of[goal]:
            p = ctx.goals[goal]["partnership"]
            yield dict(
                partnership=p, subjects=[ctx.subject(goal)],
                message=f"The goal \u201c{ctx.name(goal)}\u201d has no metric.",
                evidence={"metrics": 0},
                suggestion="What number would tell the partners whether this goal is being "
                           "reached, and who could report it?",
            )


def _metrics(ctx):
    for goal in sorted(_tables(ctx)):
        for metric in sorted(ctx.metrics_of[goal]):
            yield ctx.goals[goal]["partnership"], ctx.metrics[metric]


def _missing(ctx, pair: tuple[str, str], question: str):
    """Metrics lacking a value or a date of ``pair`` (baseline or target)."""
    for p, m in _metrics(ctx):
        missing = [k for k in pair if m[k] is None]
        if missing:
            yield dict(partnership=p, subjects=[ctx.subject(m["id"])],
                       message=f"The metric \u201c{m['name']}\u201d has no "
                               f"{' or '.join(k.replace('_', ' ') for k in missing)}.",
                       evidence={"missing": missing}, suggestion=question)


@rule("metric-without-baseline", LESSON, "warning", scope="metric")
def metric_without_baseline(ctx, settings):
    """A metric with no baseline value or date."""
    yield from _missing(ctx, ("baseline", "baseline_date"),
                        "Where did this measure stand when the work began?")


@rule("metric-without-target", LESSON, "warning", scope="metric")
def metric_without_target(ctx, settings):
    """A metric with no target value or date."""
    yield from _missing(ctx, ("target", "target_date"),
                        "What value, by when, would the partners call success?")


def _age_days(ctx, iso: str) -> int:
    return (date.fromisoformat(ctx.today) - date.fromisoformat(iso)).days


@rule("metric-stale", LESSON, "warning", scope="metric", max_age_days=730)
def metric_stale(ctx, settings):
    """A metric not measured for longer than ``max_age_days`` (or never)."""
    for p, m in _metrics(ctx):
        series = ctx.network.measurements.get(m["id"], [])
        last = series[-1]["date"] if series else None
        if last is None or _age_days(ctx, last) > settings["max_age_days"]:
            yield dict(
                partnership=p, subjects=[ctx.subject(m["id"])],
                message=(f"The metric \u201c{m['name']}\u201d was last measured on {last}."
                         if last else f"The metric \u201c{m['name']}\u201d has never been "
                                      "measured."),
                evidence={"last_measured": last,
                          "age_days": _age_days(ctx, last) if last else None,
                          "max_age_days": settings["max_age_days"], "as_of": ctx.today},
                suggestion="Who holds the latest figures, and could they be shared on a "
                           "regular schedule?",
            )


@rule("metric-off-track", LESSON, "warning", scope="metric")
def metric_off_track(ctx, settings):
    """A metric moving the wrong way, or whose trend will not reach the target in time."""
    for p, m in _metrics(ctx):
        verdict = off_track(m, ctx.network.measurements.get(m["id"], []))
        if verdict:
            reason, evidence = verdict
            yield dict(partnership=p, subjects=[ctx.subject(m["id"])],
                       message=f"The metric \u201c{m['name']}\u201d is off track: {reason}.",
                       evidence=evidence,
                       suggestion="What is driving the trend, and is the current mix of "
                                  "commitments the one to change it?")


def off_track(metric: dict, series: list[dict]) -> tuple[str, dict] | None:
    """``(reason, evidence)`` when a metric is off track, else ``None``.

    Off track: the latest value is on the wrong side of the baseline, given the
    direction; or a straight line through the baseline and the latest value
    misses the target at the target date.
    """
    if not series or metric["baseline"] is None or metric["direction"] is None:
        return None
    latest = series[-1]
    sign = 1 if metric["direction"] == Direction.UP else -1
    evidence = {"baseline": metric["baseline"], "baseline_date": metric["baseline_date"],
                "latest": latest["value"], "latest_date": latest["date"],
                "target": metric["target"], "target_date": metric["target_date"],
                "direction": metric["direction"]}
    if sign * (latest["value"] - metric["baseline"]) < 0:
        return "it has moved away from its baseline", evidence
    if metric["target"] is None or not metric["target_date"] or not metric["baseline_date"]:
        return None
    start = date.fromisoformat(metric["baseline_date"])
    now = date.fromisoformat(latest["date"])
    end = date.fromisoformat(metric["target_date"])
    if now <= start or end <= now:
        return None
    rate = (latest["value"] - metric["baseline"]) / (now - start).days
    projected = latest["value"] + rate * (end - now).days
    evidence["projected"] = round(projected, 4)
    if sign * (projected - metric["target"]) < 0:
        return (f"at its current pace it reaches {_number(projected)} by "
                f"{metric['target_date']}, short of the target of {_number(metric['target'])}"
                ), evidence
    return None


@rule("measurement-thin", LESSON, "info", scope="metric")
def measurement_thin(ctx, settings):
    """A metric reported by a single organization."""
    for p, m in _metrics(ctx):
        reporters = {x["reported_by"] for x in ctx.network.measurements.get(m["id"], [])
                     if x["reported_by"]}
        if len(reporters) == 1:
            (only,) = reporters
            yield dict(partnership=p, subjects=[ctx.subject(m["id"]), ctx.subject(only)],
                       message=f"Only {ctx.name(only)} reports \u201c{m['name']}\u201d.",
                       evidence={"reporters": 1},
                       suggestion="Could a second partner check or contribute to this "
                                  "measure, so it is shared rather than one source's?")


@rule("member-not-aligned", LESSON, "info")
def member_not_aligned(ctx, settings):
    """Members of a table with no commitment toward its goals or the table itself."""
    for p in sorted(ctx.partnerships):
        committed = {c["maker"] for c in ctx.commitments_of[p]}
        idle = sorted(o for o in ctx.members[p] if o not in committed)
        if idle and ctx.members[p]:
            yield dict(
                partnership=p, subjects=ctx.subjects(idle),
                message=f"{len(idle):,} of the {len(ctx.members[p]):,} organizations at "
                        f"{ctx.name(p)} have made no commitment toward its goals.",
                evidence={"members": len(ctx.members[p]), "without_commitment": len(idle),
                          "share": round(len(idle) / len(ctx.members[p]), 4)},
                suggestion="What could each of these partners contribute — data, staff, a "
                           "practice change — and have they been asked?",
            )


def _number(value: float) -> str:
    """Readable in a sentence: 14,890 or 8.67."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")
