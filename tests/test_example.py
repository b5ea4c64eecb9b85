"""The bundled example: the demo imports it whole, and it holds what its README says."""

from __future__ import annotations

import csv
import itertools
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from lcii_graph import open_store
from lcii_graph.examples import example_path
from lcii_graph.model.schema import WORKBOOK_ORDER
from lcii_graph.network import network_of


def csv_rows(folder: Path, sheet: str) -> int:
    with open(folder / f"{sheet}.csv", encoding="utf-8") as handle:
        return sum(1 for row in csv.reader(handle) if any(cell.strip() for cell in row)) - 1


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    result = CliRunner().invoke(cli, ["demo", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported the Riverbend example (")
    return out / "lcii.db"


def test_stats_match_the_example_files(demo_store, example_dir, runner):
    from lcii_graph.cli import cli

    data = json.loads(runner.invoke(cli, ["--store", str(demo_store), "stats", "--json"]).output)
    for sheet in WORKBOOK_ORDER:
        assert data[sheet] == csv_rows(example_dir, sheet), sheet
    assert 80 <= data["organizations"] <= 150
    assert 150 <= data["people"] <= 300
    assert all(data["sectors"][s] > 0 for s in data["sectors"])
    for level in ("federal", "state", "county", "city"):
        assert data["government_levels"][level] > 0


def test_example_is_reproducible(tmp_path):
    """tools/build_example.py writes exactly the committed files."""
    tool = Path(__file__).resolve().parents[1] / "tools" / "build_example.py"
    source = tool.read_text().replace(
        'OUT = Path(__file__).resolve().parent.parent / "lcii_graph" / "examples" / "riverbend"',
        f"OUT = Path({str(tmp_path)!r})")
    script = tmp_path / "build.py"
    script.write_text(source)
    subprocess.run([sys.executable, str(script)], check=True, capture_output=True)
    with example_path() as committed:
        for sheet in WORKBOOK_ORDER:
            assert (tmp_path / f"{sheet}.csv").read_bytes() == \
                (committed / f"{sheet}.csv").read_bytes(), sheet


@pytest.fixture(scope="module")
def network(demo_store):
    with open_store(demo_store, create=False) as store:
        return network_of(store, as_of="2025-06-30")


def members(network, table, kind="Organization"):
    g = network.graph
    return [u for u, _, k in g.in_edges(table, keys=True)
            if k == "MEMBER_OF" and g.nodes[u]["kind"] == kind]


def organization_graph(network):
    """Explicit ties, shared tables and commitment flows, as the README describes."""
    g = network.graph
    graph = nx.Graph()
    graph.add_nodes_from(network.nodes("Organization"))
    graph.add_edges_from((u, w) for u, w, _ in network.edges("PARTNERS_WITH"))
    for table in network.nodes("Partnership"):
        graph.add_edges_from(itertools.combinations(members(network, table), 2))
    for c in network.nodes("Commitment"):
        makers = [u for u, _, k in g.in_edges(c, keys=True) if k == "MADE"]
        receivers = [w for _, w, k in g.out_edges(c, keys=True) if k == "RECEIVES"]
        graph.add_edges_from(itertools.product(makers, receivers))
    return graph


def test_blemish_tables_missing_county_government(network):
    g = network.graph
    for table in ("transit-corridor", "youth-pathways"):
        levels = {g.nodes[m].get("level") for m in members(network, table)
                  if g.nodes[m]["sector"] == "government"}
        assert "county" not in levels
        assert levels  # government is there, at other levels
    assert "state" not in {g.nodes[m].get("level") for m in members(network, "youth-pathways")}


def test_blemish_government_only_through_staff(network):
    g = network.graph
    government = [m for m in members(network, "healthy-mercer")
                  if g.nodes[m]["sector"] == "government"]
    assert len(government) == 3
    for org in government:
        staff = [u for u, _, k in g.in_edges(org, keys=True) if k == "WORKS_FOR"]
        assert staff and not any(g.nodes[p]["decision_maker"] for p in staff)


def commitments_of(network, table):
    return [r for r in network.records["commitments"] if r["partnership"] == table]


def test_blemish_program_only_and_grant_only(network):
    youth = commitments_of(network, "youth-pathways")
    assert youth and all(c["change"] != "systems" for c in youth)
    capital = {"grant", "pri", "loan", "guarantee", "equity", "public_funds"}
    health = {c["type"] for c in commitments_of(network, "healthy-mercer")} & capital
    assert health == {"grant"}


def test_blemish_measurement_chain(network):
    g = network.graph
    measured = {u for u, _, _ in network.edges("MEASURED_BY")}
    assert set(network.nodes("Goal")) - measured == {"goal-tod-affordable-homes"}
    asthma = g.nodes["m-asthma-ed"]["measurements"]
    assert max(m["date"] for m in asthma) == "2022-12-31"
    assert asthma[-1]["value"] > g.nodes["m-asthma-ed"]["baseline"]  # wrong way: "down"
    assert g.nodes["m-program-slots"]["target"] is None
    single = {m for m in network.nodes("Metric")
              if len({x["reported_by"] for x in g.nodes[m]["measurements"]}) == 1}
    assert single == {"m-ridership", "m-asthma-ed", "m-program-slots"}


def test_blemish_structure(network):
    graph = organization_graph(network)
    components = sorted(nx.connected_components(graph), key=len, reverse=True)
    assert [len(c) for c in components[1:]] == [6, 1, 1, 1]
    assert components[1] == {o for o in graph if o.startswith("sb-")}
    assert {next(iter(c)) for c in components[2:]} == {
        "habitat-mercer", "rb-cooperative", "southbank-block-club"}
    assert set(nx.articulation_points(graph)) == {"northside-cdc", "northside-coalition"}
    without = graph.copy()
    without.remove_node("northside-cdc")
    cut_off = nx.node_connected_component(without, "northside-coalition")
    assert cut_off == {"northside-coalition", "northside-assoc", "greater-hope",
                       "northside-block-clubs", "northside-parents"}


def test_blemish_funder_concentration(network):
    capital = [c for c in commitments_of(network, "transit-corridor") if c["amount"]]
    top = max(capital, key=lambda c: c["amount"])
    assert top["maker"] == "rrta"
    assert top["amount"] / sum(c["amount"] for c in capital) > 0.6


def test_as_of_views_of_the_example(demo_store):
    with open_store(demo_store, create=False) as store:
        before = network_of(store, as_of="2022-06-30")
        after = network_of(store, as_of="2023-06-30")
    assert "keystone-retail" in members(before, "riverbend-works")
    assert "keystone-retail" not in members(after, "riverbend-works")


#: The findings the example's README lists: (rule, table, subject or subject count).
EXPECTED_FINDINGS = {
    ("fragmented", None, 6), ("siloed-cluster", None, 5), ("siloed-cluster", None, 6),
    ("single-point-of-failure", None, "northside-cdc"),
    ("single-point-of-failure", None, "northside-coalition"), ("isolates", None, 3),
    ("metric-off-track", "healthy-mercer", "m-asthma-ed"),
    ("metric-stale", "healthy-mercer", "m-asthma-ed"),
    ("funder-concentration", "healthy-mercer", "lakeland-health-fund"),
    ("grants-only", "healthy-mercer", "healthy-mercer"),
    ("government-no-decision-maker", "healthy-mercer", 3),
    ("government-role", "healthy-mercer", "spectator"),
    ("measurement-thin", "healthy-mercer", "m-asthma-ed"),
    ("member-not-aligned", "healthy-mercer", 13),
    ("no-intermediary", "healthy-mercer", "healthy-mercer"),
    ("no-private-capital", "healthy-mercer", "healthy-mercer"),
    ("sector-deciders-only", "healthy-mercer", 2),
    ("member-not-aligned", "riverbend-works", 20),  # Keystone Retail left in 2022
    ("government-role", "riverbend-works", "full partner"),
    ("goal-without-metric", "transit-corridor", "goal-tod-affordable-homes"),
    ("funder-concentration", "transit-corridor", "rrta"),
    ("jurisdiction-level-missing", "transit-corridor", "mercer-county"),
    ("measurement-thin", "transit-corridor", "m-ridership"),
    ("member-not-aligned", "transit-corridor", 16),
    ("government-role", "transit-corridor", "leader"),
    ("metric-off-track", "youth-pathways", "m-program-enrollment"),
    ("metric-without-target", "youth-pathways", "m-program-slots"),
    ("funder-concentration", "youth-pathways", "ward-fdn"),
    ("jurisdiction-level-missing", "youth-pathways", "mercer-county"),
    ("jurisdiction-level-missing", "youth-pathways", "lakeland"),
    ("programs-only", "youth-pathways", "youth-pathways"),
    ("measurement-thin", "youth-pathways", "m-program-slots"),
    ("member-not-aligned", "youth-pathways", 7),
    ("no-intermediary", "youth-pathways", "youth-pathways"),
    ("no-private-capital", "youth-pathways", "youth-pathways"),
    ("government-role", "youth-pathways", "full partner"),
    # Stakeholders engaged: the convener's judgements and engagement log.
    ("engagement-gap", "riverbend-works", "harbor-construction"),
    ("engagement-gap", "riverbend-works", "rb-utilities"),
    ("follow-up-overdue", "riverbend-works", "harbor-construction"),
    ("key-player-not-at-table", "riverbend-works", "harbor-construction"),
    ("key-player-not-at-table", "riverbend-works", "rb-utilities"),
    ("powerful-opponent", "riverbend-works", "harbor-construction"),
    ("powerful-opponent", "riverbend-works", "lakeland-steel"),
    ("powerful-opponent", "riverbend-works", "rb-utilities"),
    ("relationship-quiet", "riverbend-works", "harbor-construction"),
    ("relationship-quiet", "riverbend-works", "rb-utilities"),
    ("stance-falling", "riverbend-works", "harbor-construction"),
    ("single-threaded-relationship", "riverbend-works", "harbor-construction"),
    ("powerful-opponent", "transit-corridor", "millrace-developers"),
    ("relationship-quiet", "transit-corridor", "millrace-developers"),
    ("engagement-gap", "youth-pathways", "rps"),
    ("relationship-quiet", "youth-pathways", "rps"),
    # Trust and value: the 2026 survey round at Riverbend Works.
    ("fragile-broker", None, "data-collaborative"),
    ("survey-response-low", None, 3),  # government: 5 of 8 answered
    ("low-trust-tie", "riverbend-works", 20),
    ("one-sided-ties", None, 0),
}


def _key(finding):
    ids = [s["id"] for s in finding.subjects]
    if finding.rule == "government-role":
        return finding.rule, finding.partnership, finding.evidence["role"]
    if finding.rule == "funder-concentration":
        return finding.rule, finding.partnership, finding.evidence["top_funder"]
    if finding.rule == "jurisdiction-level-missing":
        return finding.rule, finding.partnership, finding.evidence["jurisdiction"]
    if finding.scope in ("metric", "goal") or (len(ids) == 1 and finding.rule != "isolates"):
        return finding.rule, finding.partnership, ids[0]
    return finding.rule, finding.partnership, len(ids)


def test_gaps_on_the_example_are_the_readme_blemishes(demo_store):
    from lcii_graph import gaps

    with open_store(demo_store, create=False) as store:
        found = gaps(store, today="2026-06-30")
    assert sorted(map(_key, found), key=repr) == sorted(EXPECTED_FINDINGS, key=repr)
    readme = (Path(__file__).resolve().parents[1] / "lcii_graph" / "examples" / "riverbend" /
              "README.md").read_text(encoding="utf-8")
    for rule_id in {key[0] for key in EXPECTED_FINDINGS}:
        assert f"`{rule_id}`" in readme, rule_id


def test_analysis_is_deterministic(demo_store):
    from lcii_graph import gaps, metrics

    with open_store(demo_store, create=False) as store:
        first = [f.to_dict() for f in gaps(store, today="2026-06-30", seed=3)]
        second = [f.to_dict() for f in gaps(store, today="2026-06-30", seed=3)]
        assert json.dumps(first) == json.dumps(second)
        for level in ("network", "node", "community", "sector"):
            assert json.dumps(metrics(store, level=level, seed=3), default=str) == json.dumps(
                metrics(store, level=level, seed=3), default=str)


def test_the_same_answers_in_every_process(demo_store, tmp_path):
    """Sets of ids iterate in an order that changes with Python's string hashing from one
    process to the next; no output may depend on it (a tie between two sectors once did)."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        page = tmp_path / f"map{seed}.html"
        run = [sys.executable, "-m", "lcii_graph", "--store", str(demo_store)]
        texts = [subprocess.run([*run, *args], capture_output=True, text=True, env=env,
                                check=True).stdout
                 for args in (["gaps", "--json"], ["metrics", "--level", "community",
                                                   "--json"],
                              ["metrics", "--level", "node", "--csv"], ["map", str(page)])]
        texts[-1] = page.read_text(encoding="utf-8").split("made ", 1)[1][10:]
        outputs.append(texts)
    assert outputs[0] == outputs[1]


def test_the_numbers_agree_or_are_named_apart_wherever_they_are_shown(tmp_path, example_dir):
    """Components, groups and ties on the example, as stats, gaps, metrics and the report
    print them. Was: gaps said "2 separate groups", the report "5 groups of tied
    organizations" and metrics "components 5"; the report counted 276 ties, stats 278."""
    import json
    import re

    from click.testing import CliRunner

    from lcii_graph.cli import cli

    store = str(tmp_path / "s.db")
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(cli, ["-q", "--store", store, *args])
        assert result.exit_code in (0, 7), result.output
        return result.stdout

    run("import", str(example_dir))
    stored_ties = json.loads(run("stats", "--json"))["ties"]
    metrics = json.loads(run("metrics", "--json"))
    fragmented = [f for f in json.loads(run("gaps", "--json")) if f["rule"] == "fragmented"]
    run("report", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    in_effect = int(re.search(r"<b>(\d+)</b>ties in effect<", page)[1])
    shown = re.search(r"<b>(\d+)</b>components \((\d+) of them a single organization tied "
                      r"to no one\)", page)

    (finding,) = fragmented
    evidence = finding["evidence"]
    assert evidence["components"] == metrics["components"] == int(shown[1])
    assert evidence["isolates"] == metrics["isolates"] == int(shown[2])
    assert evidence["groups"] == metrics["components"] - metrics["isolates"]
    assert f"{evidence['groups']} separate groups of tied organizations " \
           f"({metrics['components']} components with the {metrics['isolates']} tied to no " \
           "one)" in finding["message"]
    from lcii_graph.network import network_of

    assert in_effect == len(network_of(store).records["ties"]) < stored_ties  # two ended
    # diff: the ties in effect on each side, and what was gained and lost between, add up;
    # its network numbers are those of `metrics` on the same day.
    changes = json.loads(run("diff", "2019-01-01", "--json"))
    ties = changes["metrics"]["ties_in_effect"]
    assert ties["before"] + len(changes["ties"]["gained"]) - len(changes["ties"]["lost"]) \
        == ties["after"] == in_effect
    for name in ("edges", "components", "nodes"):
        assert changes["metrics"][name]["after"] == metrics[name], name
    assert "metrics (edges: links between organizations, by ties, shared tables and shared " \
           "people):" in run("diff", "2019-01-01")
    # The map lists the same finding, word for word.
    import html

    run("map", str(tmp_path / "m.html"))
    assert html.escape(finding["message"], quote=False) in \
        (tmp_path / "m.html").read_text(encoding="utf-8")
