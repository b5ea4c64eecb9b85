"""gaps, metrics and what-if on the command line."""

from __future__ import annotations

import json

import pytest

from .conftest import write_sheets


@pytest.fixture
def imported(run, small_workbook):
    assert run("import", small_workbook).exit_code == 0
    return run


def test_gaps_json_shape(imported):
    result = imported("gaps", "--json")
    assert result.exit_code == 0
    findings = json.loads(result.output)
    assert findings
    for f in findings:
        assert {"rule", "lesson", "severity", "scope", "subjects", "message", "evidence",
                "suggestion"} <= set(f)
        assert all(set(s) == {"id", "name"} for s in f["subjects"])
        assert f["suggestion"].endswith("?")
    missing = {f["evidence"]["jurisdiction"] for f in findings
               if f["rule"] == "jurisdiction-level-missing"}
    assert missing == {"tc", "ts"}  # the city sits at the table; county and state do not
    (alone,) = [f for f in findings if f["rule"] == "isolates"]
    assert [s["id"] for s in alone["subjects"]] == ["block", "county"]


def test_gaps_human_output_groups_by_table_and_lesson(imported):
    output = imported("gaps", "--rule", "isolates", "--rule", "grants-only").output
    assert output == (
        "Whole network\n"
        "  Network structure\n"
        "    [info] isolates: 2 organizations are tied to no one.\n"
        "      who: Elm Street Block Club, Test County Government\n"
        "      to consider: Are these partners still involved, or are their ties simply not "
        "recorded yet?\n"
        "\n"
        "Jobs Table (jobs)\n"
        "  Cross-sector funding streams\n"
        "    [warning] grants-only: All $100,000 of capital at Jobs Table is grants.\n"
        "      to consider: Could program-related investments, loans or realigned public "
        "dollars carry part of the work as it grows?\n"
        "\n"
        "2 findings: 0 critical, 1 warning, 1 info\n"
    )


def test_gaps_filters_and_fail_on(imported):
    everything = json.loads(imported("gaps", "--json").output)
    warnings = json.loads(imported("gaps", "--json", "--severity", "warning").output)
    assert warnings and all(f["severity"] in ("critical", "warning") for f in warnings)
    assert len(warnings) < len(everything)
    assert imported("gaps", "--fail-on", "warning").exit_code == 7
    assert imported("gaps", "--fail-on", "critical").exit_code == 0
    only = json.loads(imported("gaps", "--json", "--rule", "isolates").output)
    assert [f["rule"] for f in only] == ["isolates"]
    bad = imported("gaps", "--rule", "nope")
    assert bad.exit_code == 2 and "no rule 'nope'" in bad.output


def test_gaps_csv(imported):
    lines = imported("gaps", "--csv").output.splitlines()
    assert lines[0] == "severity,rule,lesson,scope,partnership,subjects,message,suggestion,evidence"
    assert len(lines) > 1


def test_gaps_for_one_partnership(imported):
    findings = json.loads(imported("gaps", "--json", "--partnership", "jobs").output)
    assert all(f["partnership"] == "jobs" for f in findings)
    missing = imported("gaps", "--partnership", "nowhere")
    assert missing.exit_code == 6
    assert missing.stderr == "Error: no partnership has the id or name 'nowhere'\n"
    by_name = json.loads(imported("gaps", "--json", "--partnership", "jobs table").output)
    assert by_name == findings


def test_gaps_as_of_and_bad_date(imported):
    early = json.loads(imported("gaps", "--json", "--as-of", "2019-01-01").output)
    assert not any(f["rule"] == "grants-only" for f in early)  # no commitment yet
    bad = imported("gaps", "--as-of", "someday")
    assert bad.exit_code == 2 and "Invalid value for '--as-of'" in bad.output


def test_config_beside_the_store_is_read(imported, store):
    (store.parent / "lcii-graph.toml").write_text("[rules.isolates]\nenabled = false\n")
    rules = {f["rule"] for f in json.loads(imported("gaps", "--json").output)}
    assert "isolates" not in rules
    (store.parent / "lcii-graph.toml").write_text("[rules.isolates]\nenabld = false\n")
    result = imported("gaps")
    assert result.exit_code == 3
    assert "rules.isolates.enabld is not a setting of this rule" in result.stderr


def test_list_rules(imported):
    rows = json.loads(imported("gaps", "--list-rules", "--json").output)
    assert {"government-absent", "funder-concentration", "siloed-cluster"} <= {
        r["rule"] for r in rows}
    assert all(r["flags"] for r in rows)


def test_metrics_network_json_keys(imported):
    data = json.loads(imported("metrics", "--json").output)
    for key in ("nodes", "edges", "density", "components", "reciprocity",
                "degree_centralization", "ei_index_sector", "assortativity_sector"):
        assert key in data
    assert data["nodes"] == 6 and data["components"] == 3  # block club and county alone
    assert data["isolates"] == 2


def test_metrics_levels(imported):
    nodes = json.loads(imported("metrics", "--level", "node", "--json").output)
    assert {n["id"] for n in nodes} == {"city", "county", "bank", "fdn", "np", "block"}
    assert "constraint_ego" in nodes[0]
    sectors = json.loads(imported("metrics", "--level", "sector", "--json").output)
    assert [s["sector"] for s in sectors] == ["government", "business", "philanthropy",
                                              "nonprofit", "community"]
    communities = json.loads(imported("metrics", "--level", "community", "--json").output)
    assert sum(c["size"] for c in communities) == 6
    people = json.loads(imported("metrics", "--view", "people", "--json").output)
    assert people["nodes"] == 3 and people["reciprocity"] is None
    table = imported("metrics").output
    assert table.startswith("metric") and "note: reciprocity" in table


def test_the_node_table_says_what_csv_and_json_add(imported):
    """The node level's table shows twelve columns and computes only those: it says what
    --csv and --json add (not under -q, not with them)."""
    from lcii_graph.cli.analysis import NODE_TABLE_NOTE

    table = imported("metrics", "--level", "node")
    assert table.stderr.splitlines()[-1] == NODE_TABLE_NOTE
    assert "structural holes" in NODE_TABLE_NOTE and "--json" in NODE_TABLE_NOTE
    for args in (["--json"], ["--csv"]):
        assert "adds" not in imported("metrics", "--level", "node", *args).stderr
    assert "adds" not in imported("-q", "metrics", "--level", "node").stderr
    assert "adds" not in imported("metrics", "--level", "sector").stderr


def test_what_if(imported):
    data = json.loads(imported("what-if", "city", "--json").output)
    assert data["removed"] == {"id": "city", "name": "City of Testville",
                               "kind": "Organization"}
    assert data["tables_losing_sector"] == [{"partnership": "jobs", "name": "Jobs Table",
                                             "sector": "government"}]
    assert data["tables_losing_government_decision_maker"] == [
        {"partnership": "jobs", "name": "Jobs Table"}]
    text = imported("what-if", "fdn").output
    assert text.startswith("If Test Foundation (fdn) left:\n")
    assert "capital at risk: Jobs Table: $100,000" in text
    assert "goals left with no committed member: More jobs" not in text  # city still commits
    assert imported("what-if", "jobs").exit_code == 6


def test_what_if_person(imported):
    data = json.loads(imported("what-if", "p1", "--json").output)
    assert data["removed"]["kind"] == "Person"
    assert data["tables_losing_government_decision_maker"] == [
        {"partnership": "jobs", "name": "Jobs Table"}]


def test_demo_prints_top_findings(runner, tmp_path):
    from lcii_graph.cli import cli

    result = runner.invoke(cli, ["demo", "--out", str(tmp_path / "d")])
    assert result.exit_code == 0
    assert "Top findings (" in result.output
    assert "warning  government-no-decision-maker [healthy-mercer]" in result.output


def test_capital_command(imported):
    stacks = json.loads(imported("capital", "--json").output)
    assert [s["partnership"] for s in stacks] == ["jobs"]
    (jobs,) = stacks
    assert jobs["by_type"]["grant"] == 100000.0 and jobs["capital"] == 100000.0
    assert jobs["by_sector"] == {"philanthropy": 100000.0}
    assert (jobs["top_funder"], jobs["top_share"], jobs["hhi"]) == ("fdn", 1.0, 1.0)
    assert imported("capital").output == (
        "Jobs Table (jobs): capital $100,000\n"
        "  grant $100,000 (100%)\n"
        "  1 funder; the largest, Test Foundation (fdn), gives 100%; HHI 1.00\n")


def test_metrics_exclude_ingredients(imported):
    only_ties = json.loads(imported("metrics", "--json", "--exclude", "tables", "--exclude",
                                    "people", "--exclude", "commitments").output)
    assert only_ties["edges"] == 2
    whole = json.loads(imported("metrics", "--json").output)
    assert whole["edges"] > only_ties["edges"]
    nodes = json.loads(imported("metrics", "--level", "node", "--json").output)
    assert {"constraint_ego", "constraint_whole"} <= set(nodes[0])


def test_long_work_on_a_large_network_says_what_it_is_doing(run, small_workbook, monkeypatch):
    """Progress goes to the terminal's stderr only, so record the calls: a bar over the
    rules for gaps, a status line for the rest; nothing below SLOW_ABOVE, nothing with -q."""
    import contextlib

    from lcii_graph.analysis.rules import RULES
    from lcii_graph.cli import output

    calls = []

    def recorder(quiet):
        if quiet:
            return None

        @contextlib.contextmanager
        def progress(label, total):
            calls.append([label, total, 0])
            yield (lambda n: calls[-1].__setitem__(2, calls[-1][2] + n)) if total else None

        return progress

    for module in ("output", "analysis", "pages"):
        monkeypatch.setattr(f"lcii_graph.cli.{module}.progress_factory", recorder,
                            raising=False)
    run("import", small_workbook)
    calls.clear()
    assert run("gaps").exit_code == 0 and calls == []  # 6 organizations: quiet
    monkeypatch.setattr(output, "SLOW_ABOVE", 5)
    run("gaps")
    assert calls == [["Checking the gap rules", len(RULES), len(RULES)]]
    calls.clear()
    run("metrics")
    run("map", str(small_workbook.parent / "m.html"))
    assert calls == [["Computing the metrics (6 organizations)", None, 0],
                     ["Laying out the map (6 organizations)", None, 0]]
    calls.clear()
    run("-q", "metrics")
    assert calls == []


def test_write_config_gives_every_rule_at_its_defaults(run, small_workbook, tmp_path):
    from lcii_graph.analysis.config import load_config, settings_for
    from lcii_graph.analysis.rules import RULES

    path = tmp_path / "lcii-graph.toml"
    result = run("gaps", "--write-config", str(path))
    assert result.exit_code == 0
    assert result.output == (f"Wrote {path}: every rule at its defaults; edit it, then put it "
                             f"beside the store as lcii-graph.toml or pass --config {path}.\n")
    config = load_config(path)
    assert set(config) - {"__path__"} == set(RULES)
    for rule in RULES.values():  # read back: exactly the defaults
        assert settings_for(rule, config) == settings_for(rule, {})
    assert run("gaps", "--write-config", str(path)).exit_code == 8  # no overwriting
    run("import", small_workbook)
    edited = path.read_text(encoding="utf-8").replace(
        "[rules.isolates]\nenabled = true", "[rules.isolates]\nenabled = false")
    path.write_text(edited, encoding="utf-8")
    before = {f["rule"] for f in json.loads(run("gaps", "--json").output)}
    rules = {f["rule"] for f in json.loads(run("gaps", "--json", "--config", str(path)).output)}
    assert "isolates" in before and rules == before - {"isolates"}


def test_names_stand_for_ids(imported, tmp_path):
    """what-if, show and --partnership take a name (case and punctuation aside) where it
    is one row's; a near miss gets a "did you mean", a shared name the ids to choose."""
    by_id = imported("what-if", "fdn", "--json")
    by_name = imported("what-if", "TEST  foundation", "--json")
    assert by_id.exit_code == by_name.exit_code == 0
    assert json.loads(by_name.output) == json.loads(by_id.output)
    assert imported("show", "ann mayor").output == imported("show", "p1").output
    typo = imported("what-if", "Test Fundation")
    assert typo.exit_code == 6
    assert typo.stderr == ("Error: no organization or person has the id or name "
                           "'Test Fundation' (did you mean 'fdn'?)\n")
    twin = write_sheets(tmp_path / "twin", {"organizations": [
        ["id", "name", "sector"], ["fdn2", "Test Foundation", "philanthropy"]]})
    assert imported("import", twin).exit_code == 0
    shared = imported("what-if", "Test Foundation")
    assert shared.exit_code == 6
    assert shared.stderr == ("Error: 'Test Foundation' names 2 rows: 'fdn' (organizations), "
                             "'fdn2' (organizations); give the id\n")


def test_gaps_on_an_empty_store_says_there_is_nothing_to_analyse(tmp_path):
    """Was: "No findings." for a store holding nothing, which reads as a healthy network."""
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    store = str(tmp_path / "empty.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", store, "init"]).exit_code == 0
    result = runner.invoke(cli, ["--store", store, "gaps"])
    assert result.exit_code == 0
    assert result.stdout == ("Nothing to analyse: the store holds no organizations yet. Import "
                             "a workbook first: lcii-graph import FILE (lcii-graph template "
                             "FILE writes one to fill in).\n")
    assert runner.invoke(cli, ["--store", store, "gaps", "--json"]).stdout == "[]\n"


def test_what_ifs_graph_after_an_organization_leaves_is_the_graph_less_its_node(
        example_dir, tmp_path):
    """what-if takes the organization graph after an organization leaves as the graph
    before less its node (its components from the graph before), where a person leaving
    has it built again: for every organization of the example, also with employees of
    several organizations, seats through people, commitments to it and survey ratings of
    it, the graph built again from the rows without it has the same nodes and the same
    edges with the same counts, and the same components as what-if finds."""
    import json as json_

    from lcii_graph import build_network, import_workbook, open_store
    from lcii_graph.analysis.cohesion import components
    from lcii_graph.analysis.whatif import _components_after, _without
    from lcii_graph.model.vocabulary import Kind
    from lcii_graph.network.arrays import igraph_of
    from lcii_graph.network.views import organization_graph

    import_workbook(example_dir, str(tmp_path / "s.db"))
    with open_store(tmp_path / "s.db") as s:
        stored = s.read_all()
    orgs = [o["id"] for o in stored["organizations"]]
    varied = json_.loads(json_.dumps(stored))
    for k, person in enumerate(varied["people"]):  # employees of two or three
        person["also_works_for"] = "; ".join(orgs[(k + j) % len(orgs)] for j in (3, 7)[:k % 3])

    def edges(g):
        return sorted((g.ids[a], g.ids[b], *(float(c[k]) for c in g.counts.values()))
                      for k, (a, b) in enumerate(zip(g.u.tolist(), g.v.tolist(), strict=True)))

    checked = 0
    for records in (stored, varied):
        graph = organization_graph(build_network(records))
        structure = igraph_of(graph.n, graph.u, graph.v)
        assert graph.m > 50 and records["ratings"] and records["commitments"]
        for org in orgs:
            after = build_network(_without(records, org, Kind.ORGANIZATION))
            rebuilt = organization_graph(after)
            less = graph.subgraph([x != org for x in graph.ids])
            assert less.ids == rebuilt.ids and org not in less.ids
            assert edges(less) == edges(rebuilt) and list(less.counts) == list(rebuilt.counts)
            assert _components_after(graph, structure, after, org, Kind.ORGANIZATION) == \
                components(rebuilt)
            checked += 1
    assert checked == 2 * len(orgs)
    graph = organization_graph(build_network(varied))
    for person in (p["id"] for p in varied["people"][:12]):  # a person: built again
        after = build_network(_without(varied, person, Kind.PERSON))
        assert _components_after(graph, None, after, person, Kind.PERSON) == \
            components(organization_graph(after))


def test_what_if_and_gaps_list_six_names_and_count_the_rest(run, tmp_path):
    """A hub of 1,007 partners and eight organizations alone: what-if names six of those cut
    off and counts the others (was: every name on one line, 500,000 characters for a
    hub of 50,000), numbers with thousands separators; gaps the same for a finding's
    subjects, and its message's counts."""
    leaves = [f"o{k:04d}" for k in range(1007)]
    book = write_sheets(tmp_path / "star", {
        "organizations": [["id", "name", "sector"], ["hub", "Hub", "nonprofit"],
                          *[[o, f"Org {o[1:]}", "business"] for o in leaves],
                          *[[f"i{k}", f"Alone {k}", "community"] for k in range(1, 9)]],
        "ties": [["from", "to", "type"], *[["hub", o, "collaboration"] for o in leaves]]})
    assert run("import", book).exit_code == 0
    lines = run("what-if", "hub").output.splitlines()
    assert lines[1:3] == [
        "  components (groups, and organizations tied to no one): 9 -> 1,015",
        "  cut off from the largest group: Org 0000; Org 0001; Org 0002; Org 0003; "
        "Org 0004; Org 0005 and 1,001 more"]
    assert lines[-1] == ("  brokerage lost (open two-paths it bridges, by sector role): "
                         "coordinator 0, itinerant 1,013,042, gatekeeper 0, "
                         "representative 0, liaison 0")  # 1,007 × 1,006 ordered pairs
    assert "      who: Alone 1, Alone 2, Alone 3, Alone 4, Alone 5, Alone 6 and 2 more" in \
        run("gaps", "--rule", "isolates").output.splitlines()
    # A finding's counts have separators too (its evidence keeps the number).
    (hub,) = json.loads(run("gaps", "--rule", "single-point-of-failure", "--json").output)
    assert hub["message"] == "Hub alone links 1,007 organizations to the rest of the network."
    assert len(hub["evidence"]["cut_off"]) == 1007
    assert len(json.loads(run("what-if", "hub", "--json").output)["cut_off"]) == 1007
