"""Fuzzed networks: every analysis and page runs on any valid network, however odd.

Hypothesis builds valid stores' rows (tables with no members, people seated at a table
with no employer, organizations in no place, ties and memberships that ended, goals
with no metric, measurements with no baseline...) and every analysis runs on them: the
gap rules, the metrics at every level and view, capital, what-if, diff, the map, the
report and the analysis workbook. The property: no exception, and every output is
plain JSON (what the pages and --json print).
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lcii_graph import build_network, capital_stacks, gaps, metrics, what_if
from lcii_graph.analysis.diff import diff
from lcii_graph.export.frames import ANALYSES, to_pandas
from lcii_graph.export.mapdata import map_data
from lcii_graph.export.report import report_data
from lcii_graph.export.results import results_sheets
from lcii_graph.model import vocabulary as v
from lcii_graph.model.schema import SHEETS

EXAMPLES = int(os.environ.get("LCII_FUZZ_EXAMPLES", "25"))
DATES = st.one_of(st.none(), st.sampled_from(["2019-01-01", "2021-06-30", "2023-12-31",
                                              "2030-01-01"]))


def _values(enum):
    return st.sampled_from([x.value for x in enum])


@st.composite
def networks(draw):
    rows: dict[str, list[dict]] = {s.name: [] for s in SHEETS}

    def add(sheet, **values):
        columns = next(s.columns for s in SHEETS if s.name == sheet)
        rows[sheet].append({c: values.get(c) for c in columns})

    places = [f"j{k}" for k in range(draw(st.integers(0, 4)))]
    for k, place in enumerate(places):
        add("jurisdictions", id=place, name=f"Place {k}", level=draw(_values(v.Level)),
            parent=places[k - 1] if k and draw(st.booleans()) else None)
    orgs = [f"o{k}" for k in range(draw(st.integers(0, 14)))]
    for k, org in enumerate(orgs):
        add("organizations", id=org, name=f"Org {k}", sector=draw(_values(v.Sector)),
            jurisdiction=draw(st.sampled_from([None, *places])),
            anchor=draw(st.sampled_from([None, True, False])),
            intermediary=draw(st.sampled_from([None, True, False])))
    people = [f"p{k}" for k in range(draw(st.integers(0, 10)))]
    for k, person in enumerate(people):
        also = draw(st.lists(st.sampled_from(orgs), max_size=2, unique=True)) if orgs else []
        add("people", id=person, name=f"Person {k}",
            organization=draw(st.sampled_from([None, *orgs])),
            also_works_for="; ".join(also) or None, title=draw(st.sampled_from(
                [None, "Director", "Analyst"])),
            decision_maker=draw(st.sampled_from([None, True, False])),
            decision_maker_inferred=False)
    tables = [f"t{k}" for k in range(draw(st.integers(0, 3)))]
    for k, table in enumerate(tables):
        served = draw(st.lists(st.sampled_from(places), max_size=2, unique=True)) \
            if places else []
        add("partnerships", id=table, name=f"Table {k}", serves="; ".join(served) or None)
    members = orgs + people
    if tables and members:
        seats = draw(st.lists(st.tuples(st.sampled_from(tables), st.sampled_from(members)),
                              max_size=20, unique=True))
        for k, (table, member) in enumerate(seats):
            add("memberships", id=f"m{k}", partnership=table,
                organization=member if member in orgs else None,
                person=member if member in people else None, role=draw(_values(v.Role)),
                since=draw(DATES), until=draw(DATES))
    if len(orgs) > 1:
        pairs = draw(st.lists(st.tuples(st.sampled_from(orgs), st.sampled_from(orgs)),
                              max_size=25))
        pairs = [(a, b) for a, b in pairs if a != b]  # a tie joins two organizations
        for k, (a, b) in enumerate(pairs):
            add("ties", id=f"e{k}", **{"from": a, "to": b}, kind=draw(_values(v.TieKind)),
                strength=draw(st.integers(1, 4)), since=draw(DATES), until=draw(DATES),
                confirmed=draw(st.sampled_from([None, True, False])))
    goals = [f"g{k}" for k in range(draw(st.integers(0, 3)))] if tables else []
    for goal in goals:
        add("goals", id=goal, partnership=draw(st.sampled_from(tables)), name=f"Goal {goal}")
    if orgs:
        for k in range(draw(st.integers(0, 8))):
            add("commitments", id=f"c{k}", maker=draw(st.sampled_from(orgs)),
                recipient=draw(st.sampled_from([None, *orgs])),
                partnership=draw(st.sampled_from([None, *tables])),
                goal=draw(st.sampled_from([None, *goals])), type=draw(_values(v.CommitmentType)),
                amount=draw(st.sampled_from([None, 0.0, 1000.0, 2.5e6])),
                status=draw(_values(v.Status)), start=draw(DATES))
    metric_ids = []
    for k, goal in enumerate(draw(st.lists(st.sampled_from(goals), max_size=3)) if goals
                             else []):
        metric_ids.append(f"k{k}")
        add("metrics", id=f"k{k}", goal=goal, name=f"Metric {k}",
            direction=draw(st.sampled_from([None, "up", "down"])),
            baseline=draw(st.sampled_from([None, 0.0, 10.0])), baseline_date=draw(DATES),
            target=draw(st.sampled_from([None, 5.0, 20.0])), target_date=draw(DATES))
    for k, metric in enumerate(draw(st.lists(st.sampled_from(metric_ids), max_size=6))
                               if metric_ids else []):
        add("measurements", id=f"x{k}", metric=metric,
            date=draw(st.sampled_from(["2020-01-01", "2022-06-30", "2024-12-31"])),
            value=draw(st.sampled_from([0.0, 7.5, 30.0])),
            reported_by=draw(st.sampled_from([None, *orgs])))
    return rows


def plain(data) -> str:
    return json.dumps(data, allow_nan=False, default=str)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=networks(), as_of=st.sampled_from([None, "2022-01-01"]), current=st.booleans())
def test_every_analysis_runs_on_any_valid_network(records, as_of, current):
    network = build_network(records, as_of=as_of, current=current)
    findings = gaps(network, today="2025-01-01")
    plain([f.to_dict() for f in findings])
    for view in ("organizations", "people"):
        for level in ("network", "node", "sector", "community"):
            plain(metrics(network, view=view, level=level))
    plain(capital_stacks(network))
    for row in records["organizations"][:2] + records["people"][:2]:
        plain(what_if(network, row["id"]))
    earlier = build_network(records, as_of="2020-01-01")
    plain(diff(earlier, network))
    plain(map_data(network, profile="partner"))
    plain({k: v for k, v in report_data(network, profile="internal").items()
           if k not in ("capital_chart", "trends")})
    plain(results_sheets(network))
    for table in ANALYSES:  # (a frame's missing numbers are NaN; pandas' JSON makes them null)
        plain(json.loads(to_pandas(network, table).to_json(orient="records",
                                                            date_format="iso")))
