"""The steering-committee report: findings, metrics, capital, coverage, trends, map."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..analysis.context import Context
from ..analysis.findings import LESSONS, PRIVATE_LESSONS, SEVERITIES, shareable
from ..analysis.funding import capital_stack
from ..analysis.gaps import gaps
from ..analysis.metrics import metrics, structure_first
from ..analysis.summary import summarize
from ..model.vocabulary import Sector
from ..network.model import network_of, snapshot_network
from .html import render, write_page
from .mapdata import SECTOR_COLORS, communities_ahead, map_data, redact_findings
from .svg import capital_chart, power_interest_grid, trend_chart, trust_heatmap

#: The findings the page shows per lesson, most severe first.
PER_LESSON = 100
#: The subjects a network-wide finding names on the page.
SUBJECTS_SHOWN = 50
#: Metric charts on the page (those off track or stale first).
TRENDS_SHOWN = 60
#: Capital stacks charted and listed (the largest).
STACKS_SHOWN = 40


def report_data(network, *, profile: str = "partner", names: bool = False,
                partnership: str | None = None, seed: int | None = 0,
                title: str | None = None, today: str | None = None,
                since: tuple[str, object] | None = None) -> dict:
    # The rules' communities and the map's, found in a second process while the rules and
    # then the metrics are computed (first: the lookups below are made beside them).
    communities_ahead(network, partnership=partnership, seed=seed, today=today)
    ctx = Context.of(network, partnership=partnership, today=today, seed=seed)
    # Meanwhile what the metrics need of the ties: the siloed-cluster rule would only
    # wait for the communities at that time.
    structure_first(network, partnership=partnership, seed=seed)
    findings = shareable(gaps(network, partnership=partnership, seed=seed, today=today),
                         profile)
    shown = redact_findings(findings, network, profile=profile, names=names)
    numbers = metrics(network, partnership=partnership, seed=seed)
    summary = summarize(network.records)
    stacks = [{"name": ctx.name(p), **capital_stack(ctx, p)} for p in sorted(ctx.partnerships)]
    # Many tables: the chart and the table keep the largest stacks.
    largest = sorted(stacks, key=lambda st: (-st["capital"], st["partnership"]))
    keep = {st["partnership"] for st in largest[:STACKS_SHOWN]}
    stacks_shown = [st for st in stacks if st["partnership"] in keep]
    coverage = []
    for p in sorted(ctx.partnerships):
        sectors = Counter(ctx.sector(o) for o in ctx.members[p])
        coverage.append({"id": p, "name": ctx.name(p),
                         "counts": [sectors.get(s.value, 0) for s in Sector]})
    # Many metrics: the charts are of those a finding is about first (off track, stale),
    # then the rest, each group in table order, up to TRENDS_SHOWN.
    flagged = {f.subjects[0]["id"] for f in findings
               if f.rule in ("metric-off-track", "metric-stale") and f.subjects}
    chosen = [(p, goal, metric_id) for p in sorted(ctx.partnerships)
              for goal in sorted(ctx.goals_of[p]) for metric_id in sorted(ctx.metrics_of[goal])]
    if len(chosen) > TRENDS_SHOWN:
        chosen = sorted(chosen, key=lambda t: t[2] not in flagged)[:TRENDS_SHOWN]
    trends = []
    for p, goal, metric_id in chosen:
        metric = ctx.metrics[metric_id]
        series = network.measurements.get(metric_id, [])
        trends.append({"table": ctx.name(p), "goal": ctx.name(goal),
                       "name": metric["name"], "unit": metric["unit"],
                       "latest": series[-1] if series else None,
                       "target": metric["target"], "target_date": metric["target_date"],
                       "chart": trend_chart(metric, series)})
    metrics_total = sum(len(ctx.metrics_of[g]) for p in ctx.partnerships
                        for g in ctx.goals_of[p])
    by_lesson = {lesson: [f for f in shown if f["lesson"] == lesson] for lesson in LESSONS}
    # A state-wide network has thousands of findings: the page keeps the most severe of
    # each lesson (gaps and export analysis give them all).
    more = {lesson: max(0, len(found) - PER_LESSON) for lesson, found in by_lesson.items()}
    by_lesson = {lesson: found[:PER_LESSON] for lesson, found in by_lesson.items()}
    return {
        "title": title or (f"{ctx.name(partnership)}: partnership report" if partnership
                           else "Partnership report"),
        "profile": profile, "names": names or profile == "internal", "as_of": network.as_of,
        "summary": summary, "metrics": numbers,
        "severity_counts": {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES},
        "subjects_shown": SUBJECTS_SHOWN,
        "lessons": LESSONS, "findings": by_lesson, "more": more,
        "capital": stacks_shown, "capital_chart": capital_chart(stacks_shown),
        "capital_total": len(stacks), "trends_total": metrics_total,
        "sectors": [s.value for s in Sector], "coverage": coverage, "trends": trends,
        "tables": len(ctx.partnerships),
        "map": map_data(network, profile=profile, names=names, partnership=partnership,
                        seed=seed, today=today, findings=findings),
        "since": _since(since, network, seed, profile, names) if since else None,
        "stakeholders": _stakeholders(ctx, partnership) if profile == "internal" else None,
        "survey": _survey(network, profile),
    }


def _survey(network, profile: str) -> dict | None:
    """The latest survey round: the network's and each sector's figures for everyone;
    each organization's scores in the internal report only (PARTNER's rule: per
    organization scores are internal)."""
    from ..analysis.survey import latest

    r = latest(network)
    if r is None:
        return None
    # A sector of one organization would show that organization's scores: partners see
    # the figures of sectors of two or more only.
    size = Counter(o["sector"] for o in r["organizations"])
    hidden = {s for s, n in size.items() if n < 2} if profile == "partner" else set()
    received = r["received_by_sector"]
    sectors = [{"sector": c["sector"], **r["response_by_sector"].get(c["sector"], {}),
                "value": None if c["sector"] in hidden else c["value"],
                "trust": None if c["sector"] in hidden else c["trust"]} for c in received]
    matrix = [{**c, "trust": None} if {c["from"], c["to"]} & hidden else c
              for c in r["matrix"]]
    return {**{k: r[k] for k in ("round", "invited", "responded", "response_rate", "value",
                                 "trust", "value_percent", "trust_percent", "ties",
                                 "density")},
            "heatmap": trust_heatmap(matrix), "sectors": sectors,
            "organizations": [o for o in r["organizations"] if o["trust"]["score"] is not None
                              or o["value"]["score"] is not None]
            if profile == "internal" else None}


def _stakeholders(ctx: Context, partnership: str | None) -> list[dict]:
    """The register per table judged (then those judged about every table), each with
    its power-interest grid: the internal report only."""
    from ..analysis.stakeholders import register

    colors = {s.value: SECTOR_COLORS[s] for s in Sector}
    groups: dict[str | None, list[dict]] = {}
    for row in register(ctx.network, partnership=partnership, today=ctx.today):
        groups.setdefault(row["partnership"], []).append(row)
    return [{"name": ctx.name(table) if table else "Every table",
             "grid": power_interest_grid(rows, colors, title=f"Power and interest: "
                                         f"{ctx.name(table) if table else 'every table'}"),
             "rows": rows}
            for table, rows in sorted(groups.items(), key=lambda kv: (kv[0] is None,
                                                                      kv[0] or ""))]


def _since(since: tuple[str, object], network, seed, profile: str, names: bool) -> dict:
    """The "since LABEL" section: the diff from a snapshot to this report's network."""
    from ..analysis.diff import diff

    label, before = since
    changes = diff(before, network, before_label=label, after_label="now", seed=seed)
    if profile == "partner":  # the coordinator's judgements: not for partners
        changes["findings"] = {k: [f for f in v if f["lesson"] not in PRIVATE_LESSONS]
                               for k, v in changes["findings"].items()}
        changes["stakeholders"] = None
        if changes["survey"]:  # per organization scores, and a sector of one, are internal
            changes["survey"]["organizations"] = changes["survey"]["trust_moved"] = None
            for sector in changes["survey"]["sectors"]:
                if min(sector["organizations"]) < 2:
                    sector["value"] = sector["trust"] = [None, None]
    if profile == "partner" and not names:
        people = {r["id"] for r in before.records["people"]} | \
            {r["id"] for r in network.records["people"]}
        changes["people"] = {k: [{"id": None, "name": None}] * len(v)
                             for k, v in changes["people"].items()}
        for seats in changes["memberships"].values():
            for seat in seats:
                if seat["member"] in people:
                    seat["member"], seat["member_name"] = None, "a person"
        for group in changes["findings"].values():
            for finding in group:
                finding["subjects"] = [x for x in finding["subjects"] if x["id"] not in people]
    return changes


def write_report(source, path: str | Path, *, profile: str = "partner", names: bool = False,
                 partnership: str | None = None, as_of: str | None = None,
                 seed: int | None = 0, title: str | None = None,
                 since: str | tuple | None = None, force: bool = False) -> Path:
    """Write the report of a store or network to ``path``, with a section on what
    changed since snapshot ``since``: its label (``source`` must then be a store), or
    ``(label, network)`` with the snapshot already loaded."""
    network = network_of(source, as_of=as_of)
    before = since if isinstance(since, tuple) or not since else (
        since, snapshot_network(source, since))
    data = report_data(network, profile=profile, names=names, partnership=partnership,
                       seed=seed, title=title, since=before)
    return write_page(path, render("report.html.j2", report=data, data=data["map"]),
                      force=force)


__all__ = ["report_data", "write_report"]
