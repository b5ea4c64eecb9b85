"""Against a real Neo4j 5: push and pull round trip, and the gap queries of cypher/gaps
agreeing with the Python rules on the bundled example.

Skipped unless LCII_TEST_NEO4J_URI is set (with NEO4J_USERNAME / NEO4J_PASSWORD); the
database given is emptied. See the README for running one locally.
"""

from __future__ import annotations

import os

import pytest

from lcii_graph import gaps, import_workbook, open_store
from lcii_graph.store.cypher_files import statement

from .conftest import LIVE_NEO4J, LIVE_SKIP, dump, write_sheets

URI = LIVE_NEO4J
pytestmark = pytest.mark.skipif(not URI, reason=LIVE_SKIP)


@pytest.fixture(scope="module")
def pushed(tmp_path_factory, example_dir):
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    folder = tmp_path_factory.mktemp("live")
    sqlite = folder / "source.db"
    import_workbook(example_dir, str(sqlite))
    with open_store(URI) as store:
        store._query("MATCH (n) DETACH DELETE n", write=True)
    runner = CliRunner()
    # Twice (pushing is idempotent), the second time a transaction per batch.
    for flags in ([], ["--commit-every-batch"]):
        result = runner.invoke(cli, ["--store", URI, "--batch-size", "25", "neo4j", "push",
                                     "--from", str(sqlite), *flags])
        assert result.exit_code == 0, result.output
    return sqlite, folder


def test_push_then_pull_gives_the_same_store(pushed):
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    sqlite, folder = pushed
    copy = folder / "copy.db"
    result = CliRunner().invoke(cli, ["--store", URI, "neo4j", "pull", "--into", str(copy)])
    assert result.exit_code == 0, result.output
    assert dump(copy) == dump(sqlite)


def _rows(name, **parameters):
    with open_store(URI) as store:
        return [dict(r) for r in store._query(statement(f"gaps/{name}"), parameters)]


def test_gap_queries_agree_with_the_rules(pushed):
    sqlite, _ = pushed
    found = gaps(str(sqlite))

    def python(rule):
        return [f for f in found if f.rule == rule]

    assert {r["partnership"] for r in _rows("government_without_decision_maker")} == \
        {f.partnership for f in python("government-no-decision-maker")}
    assert {(r["partnership"], r["missing"]) for r in _rows(
        "jurisdiction_levels_missing", levels=["city", "county", "state"])} == \
        {(f.partnership, f.evidence["jurisdiction"]) for f in python(
            "jurisdiction-level-missing")}
    assert {r["partnership"] for r in _rows("grant_only_capital")} == \
        {f.partnership for f in python("grants-only")}
    assert {r["goal"] for r in _rows("goals_without_metrics")} == \
        {f.subjects[0]["id"] for f in python("goal-without-metric")}
    idle = {}
    for r in _rows("members_without_commitment"):
        idle.setdefault(r["partnership"], set()).add(r["organization"])
    assert idle == {f.partnership: {s["id"] for s in f.subjects}
                    for f in python("member-not-aligned")}
    coverage = {r["partnership"]: set(r["missing"]) for r in _rows("sector_coverage")}
    missing = {f.partnership: set(f.evidence["missing"]) for f in python("sector-missing")
               if f.evidence["kind"] == "required"}
    for table, sectors in missing.items():
        assert sectors <= coverage[table]
    coverage = {r["partnership"]: set(r["missing"]) for r in _rows("sector_coverage")
                if r["missing"]}
    missing: dict[str, set] = {}
    for f in python("sector-missing"):
        missing.setdefault(f.partnership, set()).update(f.evidence["missing"])
    assert coverage == missing


def _password():
    return os.environ["NEO4J_PASSWORD"]


def test_the_cypher_export_recreates_the_store_in_an_empty_database(tmp_path, example_dir):
    """`export cypher` run by Neo4j's own cypher-shell into an empty database, then pulled
    back: the store it came from, row for row."""
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    from .neo4j_server import SHELL_CLASSPATH, cypher_shell

    if not SHELL_CLASSPATH.is_file():
        pytest.skip("cypher-shell is not fetched: run make neo4j")
    sqlite = tmp_path / "source.db"
    import_workbook(example_dir, str(sqlite))
    import_workbook(write_sheets(tmp_path / "custom", {  # custom fields go too
        "organizations": [["id", "name", "sector", "Ward", "custom: Region"],
                          ["zz-custom", "Zed", "community", "7", "North 'quoted'"]],
        "ties": [["from", "to", "MOU signed"], ["zz-custom", "rb-community-fdn", "2024"]]}),
        str(sqlite))
    script = tmp_path / "store.cypher"
    runner = CliRunner()
    exported = runner.invoke(cli, ["--store", str(sqlite), "export", "cypher", str(script),
                                   "--profile", "internal"])
    assert exported.exit_code == 0, exported.output
    with open_store(URI) as store:
        store._query("MATCH (n) DETACH DELETE n", write=True)
    ran = cypher_shell(URI, _password(), script)
    assert ran.returncode == 0, ran.stderr[-2000:]
    copy = tmp_path / "copy.db"
    pulled = runner.invoke(cli, ["--store", URI, "neo4j", "pull", "--into", str(copy)])
    assert pulled.exit_code == 0, pulled.output
    assert dump(copy) == dump(sqlite)


def test_a_benchmark_network_of_10000_organizations_goes_and_comes_back(tmp_path):
    """The M benchmark network (10,000 organizations, about 110,000 rows) pushed in one
    transaction and pulled back: the same file."""
    from click.testing import CliRunner

    from benchmarks.generate import generate
    from lcii_graph.cli import cli

    generate("M", tmp_path / "m")
    sqlite = tmp_path / "m.db"
    import_workbook(tmp_path / "m", str(sqlite))
    with open_store(URI) as store:
        store._query("MATCH (n) DETACH DELETE n", write=True)
    runner = CliRunner()
    pushed = runner.invoke(cli, ["-q", "--store", URI, "neo4j", "push", "--from", str(sqlite)])
    assert pushed.exit_code == 0, pushed.output
    copy = tmp_path / "copy.db"
    pulled = runner.invoke(cli, ["-q", "--store", URI, "neo4j", "pull", "--into", str(copy)])
    assert pulled.exit_code == 0, pulled.output
    assert dump(copy) == dump(sqlite)


def test_a_tie_written_with_the_old_source_property_reads_as_provenance(tmp_path):
    """A database written before the ties' `source` became `provenance`: the old property
    reads under the new name, and the tie written again keeps no stale copy."""
    from lcii_graph.ingest.validate import TableData

    with open_store(URI) as store:
        store._query("MATCH (n) DETACH DELETE n", write=True)
        store.upsert([TableData("organizations", ["id", "name", "sector"],
                                [("a", "A", "business"), ("b", "B", "nonprofit")])])
        store._query("MATCH (a:Organization {id: 'a'}), (b:Organization {id: 'b'}) "
                     "CREATE (a)-[:PARTNERS_WITH {id: 't', from: 'a', to: 'b', kind: 'mou', "
                     "source: 'survey'}]->(b)", write=True)
        assert store.read("ties")[0]["provenance"] == "survey"
        assert store.find("t")[1]["provenance"] == "survey"
        store.upsert([TableData("ties", ["id", "from", "to", "kind", "provenance"],
                                [("t", "a", "b", "mou", "document")])])
        (row,) = store._query("MATCH ()-[r:PARTNERS_WITH {id: 't'}]->() "
                              "RETURN properties(r) AS p")
        assert row["p"]["provenance"] == "document" and "source" not in row["p"]
