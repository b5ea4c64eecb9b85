"""Results kept from one command to the next (lcii_graph/analysis/cache.py): reused for
the same graph, never for another, and never a reason to fail."""

from __future__ import annotations

import numpy as np
import pytest

from lcii_graph import import_workbook
from lcii_graph.analysis import cache, centrality, communities
from lcii_graph.network.model import network_of
from lcii_graph.network.views import organization_graph

from .conftest import write_sheets


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A cache folder of the test's own, keeping every graph however small."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("LCII_CACHE", str(folder))
    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    monkeypatch.setattr(cache, "ROWS_WORTH_KEEPING", 0)
    return folder


@pytest.fixture
def store(tmp_path, example_dir):
    path = tmp_path / "s.db"
    import_workbook(example_dir, str(path))
    return path


def fresh_graph(store):
    """A new OrgGraph each time: nothing kept in memory between calls."""
    return organization_graph(network_of(store))


def test_a_result_is_reused_for_the_same_graph(kept, store, monkeypatch):
    first = centrality.betweenness(fresh_graph(store))
    parts = communities.louvain(fresh_graph(store), seed=3)
    assert len(list(kept.iterdir())) == 2

    def never(*args, **kwargs):
        raise AssertionError("computed again")

    import igraph

    monkeypatch.setattr(igraph.Graph, "betweenness", never)
    monkeypatch.setattr(igraph.Graph, "community_multilevel", never)
    assert centrality.betweenness(fresh_graph(store)) == first
    assert communities.louvain(fresh_graph(store), seed=3) == parts


def test_results_are_the_same_with_and_without_the_cache(kept, store, monkeypatch):
    kept_once = centrality.betweenness(fresh_graph(store))
    kept_twice = centrality.betweenness(fresh_graph(store))
    monkeypatch.setenv("LCII_CACHE", "off")
    assert kept_once == kept_twice == centrality.betweenness(fresh_graph(store))
    assert communities.louvain(fresh_graph(store), seed=1) == communities.louvain(
        organization_graph(network_of(store)), seed=1)


def test_another_graph_or_another_seed_is_another_result(kept, store, tmp_path):
    base = fresh_graph(store)
    communities.louvain(base, seed=0)
    communities.louvain(fresh_graph(store), seed=1)
    assert len(list(kept.iterdir())) == 2
    book = write_sheets(tmp_path / "more", {"ties": [["from", "to"], ["acme-precision",
                                                                      "ymca-riverbend"]]})
    import_workbook(book, str(store))
    changed = fresh_graph(store)
    assert changed.fingerprint != base.fingerprint
    communities.louvain(changed, seed=0)
    assert len(list(kept.iterdir())) == 3


def test_an_unreadable_or_misshapen_result_is_computed_again(kept, store):
    expected = centrality.betweenness(fresh_graph(store))
    (path,) = kept.iterdir()
    for damage in (b"not numpy at all", None):
        if damage is None:
            np.save(path, np.zeros(3), allow_pickle=False)  # the wrong length
        else:
            path.write_bytes(damage)
        assert centrality.betweenness(fresh_graph(store)) == expected
    assert np.load(path, allow_pickle=False).shape == (fresh_graph(store).n,)


def test_the_cache_off_or_unwritable_changes_nothing(tmp_path, store, monkeypatch):
    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    monkeypatch.setenv("LCII_CACHE", "off")
    expected = centrality.betweenness(fresh_graph(store))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("LCII_CACHE", str(blocked / "cache"))
    assert centrality.betweenness(fresh_graph(store)) == expected
    assert blocked.read_text() == "not a folder"


def test_small_graphs_are_not_kept(tmp_path, store, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("LCII_CACHE", str(folder))
    centrality.betweenness(fresh_graph(store))  # 103 organizations: costs nothing
    assert not folder.exists()


def test_the_folder_keeps_at_most_max_files(kept, store, monkeypatch):
    monkeypatch.setattr(cache, "MAX_FILES", 2)
    for seed in range(4):
        communities.louvain(fresh_graph(store), seed=seed)
    assert len(list(kept.iterdir())) == 2


@pytest.mark.parametrize("measure, computation", [("closeness", "distance_sums"),
                                                 ("eigenvector", "eigenvector_centrality")])
def test_closeness_and_eigenvector_are_reused_for_the_same_graph(kept, store, monkeypatch,
                                                                 measure, computation):
    """Closeness (node metrics, the map's details) and eigenvector centrality (metrics,
    the map, the Gephi exports) are kept like betweenness; the same numbers with the
    cache off."""
    function = getattr(centrality, measure)
    first = function(fresh_graph(store))

    def never(*args, **kwargs):
        raise AssertionError("computed again")

    import igraph

    owner = igraph.Graph if measure == "eigenvector" else centrality
    monkeypatch.setattr(owner, computation, never)
    assert function(fresh_graph(store)) == first
    monkeypatch.undo()
    monkeypatch.setenv("LCII_CACHE", "off")
    assert function(fresh_graph(store)) == first


def test_kept_eigenvector_centrality_is_networkx_s(kept, store):
    """Read back, it is still networkx's power iteration's answer (the largest
    component's scores, up to the scale)."""
    import networkx as nx

    centrality.eigenvector(fresh_graph(store))
    kept_scores = centrality.eigenvector(fresh_graph(store))
    graph = fresh_graph(store).to_networkx()
    main = graph.subgraph(max(nx.connected_components(graph), key=len))
    expected = nx.eigenvector_centrality(main, weight="weight", max_iter=10_000, tol=1e-12)
    scale = np.linalg.norm([kept_scores[x] for x in main])
    for node, value in expected.items():
        assert kept_scores[node] / scale == pytest.approx(abs(value), abs=1e-6)


def test_the_directed_closeness_is_kept_per_direction(kept, monkeypatch):
    import networkx as nx

    from lcii_graph.analysis import directed

    arcs = directed.Arcs.from_networkx(nx.DiGraph([(0, 1), (1, 2), (3, 1)]))
    closeness_in = centrality.closeness(arcs)
    closeness_out = centrality.closeness(arcs.reverse())
    assert closeness_in != closeness_out  # another direction, another graph
    assert closeness_in == pytest.approx(nx.closeness_centrality(
        nx.DiGraph([(0, 1), (1, 2), (3, 1)])))

    def never(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(centrality, "distance_sums", never)
    again = directed.Arcs.from_networkx(nx.DiGraph([(0, 1), (1, 2), (3, 1)]))
    assert centrality.closeness(again) == closeness_in
    assert centrality.closeness(again.reverse()) == closeness_out


def test_the_local_measures_are_kept_as_a_table(kept, store, monkeypatch):
    """Structural holes and brokerage (one table per node, nine columns) are kept like
    betweenness: a second command lists no triangle; the same numbers with the cache
    off; a kept table of another shape is computed again."""
    from lcii_graph.analysis import local

    first = local.graph_local_measures(fresh_graph(store))
    assert first.shape == (fresh_graph(store).n, len(local.COLUMNS))
    (path,) = kept.iterdir()
    monkeypatch.setattr(local, "iter_triangles", None)  # listing triangles would fail
    assert np.array_equal(local.graph_local_measures(fresh_graph(store)), first,
                          equal_nan=True)
    monkeypatch.undo()
    np.save(path, first[:, :4], allow_pickle=False)  # one value per node, but too few
    assert np.array_equal(local.graph_local_measures(fresh_graph(store)), first,
                          equal_nan=True)
    monkeypatch.setenv("LCII_CACHE", "off")
    assert np.array_equal(local.graph_local_measures(fresh_graph(store)), first,
                          equal_nan=True)


@pytest.fixture
def kept_findings(kept, monkeypatch):
    """Findings kept however small the network."""
    from lcii_graph.analysis import gaps as gaps_module

    return gaps_module


def _never_checked(monkeypatch, gaps_module):
    def never(*args, **kwargs):
        raise AssertionError("the rules were checked again")

    monkeypatch.setattr(gaps_module, "run_rules", never)


def test_findings_are_kept_for_the_same_rows_day_and_settings(kept_findings, store,
                                                              monkeypatch, tmp_path):
    """A second command on an unchanged store reads the findings instead of checking
    every rule; the same findings, equal field by field. Another day, other settings,
    another seed, one table, some rules only: each checked again, and kept apart."""
    gaps = kept_findings.gaps
    first = gaps(str(store), today="2026-12-01")
    assert first
    files = {p.name for p in (tmp_path / "cache").iterdir() if p.suffix == ".json"}
    assert len(files) == 1
    with monkeypatch.context() as m:
        _never_checked(m, kept_findings)
        again = gaps(str(store), today="2026-12-01")
    assert again == first and again is not first
    for other in ({"today": "2026-12-02"}, {"config": {"siloed-cluster": {"enabled": False}}},
                  {"seed": 5}, {"partnership": "riverbend-works"},
                  {"rules": {"government-absent"}}):
        args = {"today": "2026-12-01", **other}
        with monkeypatch.context() as m:
            _never_checked(m, kept_findings)
            with pytest.raises(AssertionError, match="checked again"):
                gaps(str(store), **args)
        gaps(str(store), **args)
    assert len([p for p in (tmp_path / "cache").iterdir() if p.suffix == ".json"]) == 6


def test_findings_are_kept_under_the_settings_whatever_their_order(kept_findings, store,
                                                                  monkeypatch, tmp_path):
    """The default seed is 0 (the findings of ``seed=0`` are read back); settings written
    in another order are the same settings; settings holding NaN are not kept."""
    gaps = kept_findings.gaps
    config = {"funder-concentration": {"threshold": 0.6}, "isolates": {"enabled": False}}
    first = gaps(str(store), config, today="2026-12-01")
    with monkeypatch.context() as m:
        _never_checked(m, kept_findings)
        assert gaps(str(store), dict(reversed(config.items())), today="2026-12-01",
                    seed=0) == first
    nan = {"funder-concentration": {"threshold": float("nan")}}
    assert kept_findings._kept_as(network_of(str(store)), None, 0, "2026-12-01", nan,
                                  None) is None
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1


def test_findings_are_checked_again_after_any_change_to_the_rows(kept_findings, store,
                                                                tmp_path, monkeypatch):
    gaps = kept_findings.gaps
    before = gaps(str(store), today="2026-12-01")
    book = write_sheets(tmp_path / "more", {"organizations": [
        ["id", "name", "sector"], ["acme-precision", "Acme Precision Renamed", "business"]]})
    import_workbook(book, str(store))
    with monkeypatch.context() as m:
        _never_checked(m, kept_findings)
        with pytest.raises(AssertionError, match="checked again"):
            gaps(str(store), today="2026-12-01")
    after = gaps(str(store), today="2026-12-01")
    named = {s["name"] for f in after for s in f.subjects}
    assert "Acme Precision Renamed" in named and "Acme Precision Renamed" not in {
        s["name"] for f in before for s in f.subjects}


def test_findings_json_cannot_give_back_are_not_kept(kept_findings, store, monkeypatch,
                                                     tmp_path):
    """Evidence holding a tuple (JSON would give a list back) or NaN: nothing kept, the
    findings as checked. A kept file that is not findings: checked again."""
    from lcii_graph.analysis.findings import Finding

    real = kept_findings.run_rules

    def with_tuple(*args, **kwargs):
        found = real(*args, **kwargs)
        return [Finding(**{**found[0].to_dict(), "evidence": {"pair": (1, 2)}}), *found[1:]]

    monkeypatch.setattr(kept_findings, "run_rules", with_tuple)
    first = kept_findings.gaps(str(store), today="2026-12-01")
    assert first[0].evidence == {"pair": (1, 2)}
    assert not list((tmp_path / "cache").glob("*.json"))
    monkeypatch.setattr(kept_findings, "run_rules", real)
    expected = kept_findings.gaps(str(store), today="2026-12-01")
    (path,) = (tmp_path / "cache").glob("*.json")
    for damage in ('[{"not": "a finding"}]', "[1, 2", ""):
        path.write_text(damage, encoding="utf-8")
        assert kept_findings.gaps(str(store), today="2026-12-01") == expected


def test_the_network_fingerprint_is_its_rows_and_date(store, tmp_path):
    """The same rows: one fingerprint; one cell changed, another date, or a value
    marshal cannot write (None: nothing kept). Networks made from rows (what-if's, a
    Neo4j store's) hash their rows."""
    from lcii_graph.network.model import Network

    rows = network_of(store).records
    one, two = Network(rows, "2026-12-01"), Network(rows, "2026-12-01")
    assert one.fingerprint == two.fingerprint and len(one.fingerprint) == 40
    # Was: marshal's default format marks objects by their reference counts, and the
    # same rows hashed otherwise once the rules' context and the map held them.
    from lcii_graph.analysis.context import Context
    from lcii_graph.export.mapdata import map_data

    Context.of(two)
    map_data(two)
    assert Network(two.records, two.as_of).fingerprint == one.fingerprint
    records = {sheet: [dict(r) for r in rows] for sheet, rows in one.records.items()}
    records["people"][3]["title"] = (records["people"][3]["title"] or "") + "!"
    assert Network(records, one.as_of).fingerprint != one.fingerprint
    assert Network(one.records, "2020-01-01").fingerprint != one.fingerprint
    records["people"][3]["title"] = object()
    assert Network(records, one.as_of).fingerprint is None


def test_a_stored_network_is_known_by_its_rows_as_stored(store):
    """A network read from SQLite takes its fingerprint from the rows as SQLite gave
    them (hashed while read): the same store twice, the same; any stored value changed
    — a letter, a float by its last bit —, another date, or history instead of the
    day's own view: another; the value put back, the same again."""
    import sqlite3

    from lcii_graph.network.model import Network

    one = network_of(store, today="2026-12-01")
    assert one.origin is not None
    assert network_of(store, today="2026-12-01").fingerprint == one.fingerprint
    assert Network(one.records, one.as_of).fingerprint != one.fingerprint  # apart
    seen = {one.fingerprint,
            network_of(store, today="2026-12-02").fingerprint,
            network_of(store, as_of="2026-12-01").fingerprint,
            network_of(store, everything=True).fingerprint}
    assert len(seen) == 4
    conn = sqlite3.connect(store)
    (person, title), = conn.execute('SELECT "id", "title" FROM people ORDER BY "id" '
                                    "LIMIT 1 OFFSET 3")
    (commitment, amount), = conn.execute('SELECT "id", "amount" FROM commitments WHERE '
                                         '"amount" IS NOT NULL ORDER BY "id" LIMIT 1')
    changes = [('UPDATE people SET "title" = ? WHERE "id" = ?', ((title or "") + "!", person)),
               ('UPDATE people SET "title" = ? WHERE "id" = ?', (title, person)),
               ('UPDATE commitments SET "amount" = ? WHERE "id" = ?',
                (np.nextafter(float(amount), np.inf).item(), commitment)),
               ('UPDATE commitments SET "amount" = ? WHERE "id" = ?', (amount, commitment))]
    fingerprints = []
    for statement, values in changes:
        with conn:
            conn.execute(statement, values)
        fingerprints.append(network_of(store, today="2026-12-01").fingerprint)
    conn.close()
    assert fingerprints[1] == fingerprints[3] == one.fingerprint  # each put back
    assert len({one.fingerprint, fingerprints[0], fingerprints[2]}) == 3


def test_network_metrics_are_kept_per_view_table_ingredients_and_seed(kept, store,
                                                                      monkeypatch):
    """The network level's figures (the report shows them after `metrics` ran) are read
    back equal; another view, table, ingredients or seed is computed again; the node
    level is never kept."""
    import importlib

    from lcii_graph import metrics

    module = importlib.import_module("lcii_graph.analysis.metrics")
    first = metrics(str(store))
    assert len(list(kept.glob("*.json"))) == 1

    def never(*args, **kwargs):
        raise AssertionError("computed again")

    with monkeypatch.context() as m:
        m.setattr(module, "_measured", never)
        assert metrics(str(store)) == first
        for other in ({"view": "people"}, {"partnership": "riverbend-works"},
                      {"exclude": ("survey",)}, {"seed": 3}, {"level": "node"}):
            with pytest.raises(AssertionError, match="computed again"):
                metrics(str(store), **other)
    monkeypatch.setenv("LCII_CACHE", "off")
    assert metrics(str(store)) == first


def test_communities_kept_start_no_second_process(kept, store, monkeypatch):
    """louvain_ahead forks a child to find the communities while the command goes on;
    where an earlier command kept them, it does not (the child only read the file)."""
    from lcii_graph.analysis import parallel

    started = []
    real = parallel.Ahead
    monkeypatch.setattr(parallel, "Ahead", lambda *f, **k: started.append(1) or real(*f, **k))
    graph = fresh_graph(store)
    communities.louvain_ahead(graph, seed=4)
    parts = communities.louvain(graph, seed=4)
    assert started == [1]
    again = fresh_graph(store)
    communities.louvain_ahead(again, seed=4)
    assert started == [1] and communities.louvain(again, seed=4) == parts
    communities.louvain_ahead(fresh_graph(store), seed=5)  # not kept: started
    assert started == [1, 1]


@pytest.mark.parametrize("processes", ["1", "2"])
def test_the_local_measures_ahead_are_the_same_and_start_once(kept, store, monkeypatch,
                                                              processes):
    """The node level starts the local measures in a second process while it computes
    the rest: the same table as computed here (in a child or, with one processor,
    here); none is started where an earlier command kept them, nor twice for a graph."""
    from lcii_graph.analysis import local, parallel

    monkeypatch.setenv("LCII_PROCESSES", processes)
    started, taken = [], []

    class Recorded(parallel.Ahead):
        def __init__(self, *functions, **options):
            started.append(1)
            super().__init__(*functions, **options)

        def result(self, k=0):
            taken.append(1)
            return super().result(k)

    monkeypatch.setattr(parallel, "Ahead", Recorded)
    graph = fresh_graph(store)
    local.local_measures_ahead(graph)
    local.local_measures_ahead(graph)  # already started: not again
    ahead = local.graph_local_measures(graph)
    assert started == [1] and taken == [1]  # the table is the one started ahead
    with monkeypatch.context() as m:
        m.setenv("LCII_CACHE", "off")
        here = local.graph_local_measures(fresh_graph(store))
    assert np.array_equal(ahead, here, equal_nan=True)
    again = fresh_graph(store)
    local.local_measures_ahead(again)  # kept by the first: read, no second process
    assert started == [1]
    assert np.array_equal(local.graph_local_measures(again), here, equal_nan=True)


def test_the_local_measures_are_not_started_ahead_below_the_work_worth_it(kept, store,
                                                                          monkeypatch):
    from lcii_graph.analysis import local

    graph = fresh_graph(store)
    monkeypatch.setattr(cache, "WORTH_KEEPING", graph.n * graph.m + 1)
    local.local_measures_ahead(graph)
    assert ("ahead", *local._KEY) not in graph._cache
    monkeypatch.setattr(cache, "WORTH_KEEPING", graph.n * graph.m)
    local.local_measures_ahead(graph)
    assert ("ahead", *local._KEY) in graph._cache
    assert local.graph_local_measures(graph).shape == (graph.n, len(local.COLUMNS))


def test_map_and_report_after_gaps_and_metrics_check_no_rule_again(kept_findings, store,
                                                                    monkeypatch, tmp_path):
    """The user's sequence, each command a new invocation: `gaps`, `metrics`, then
    `map` and `report` read the findings and the network figures kept (was: the rules'
    context changed how the rows hashed, and every command checked them again)."""
    import importlib

    from click.testing import CliRunner

    from lcii_graph.cli import cli

    metrics_module = importlib.import_module("lcii_graph.analysis.metrics")
    runner = CliRunner()
    for command in (["gaps"], ["metrics"]):
        result = runner.invoke(cli, ["-q", "--store", str(store), *command])
        assert result.exit_code == 0, result.output
    _never_checked(monkeypatch, kept_findings)
    monkeypatch.setattr(metrics_module, "_measured",
                        lambda *a, **k: pytest.fail("network metrics computed again"))
    for command in (["map", str(tmp_path / "m.html")], ["report", str(tmp_path / "r.html")]):
        result = runner.invoke(cli, ["-q", "--store", str(store), *command])
        assert result.exit_code == 0, result.output
        assert (tmp_path / command[1]).stat().st_size > 10_000


def _same_graph(one, two) -> None:
    assert one.ids == two.ids and one.nodes == two.nodes
    assert one.u.dtype == two.u.dtype and one.v.dtype == two.v.dtype
    assert one.u.tolist() == two.u.tolist() and one.v.tolist() == two.v.tolist()
    assert {k: c.tolist() for k, c in one.counts.items()} == \
        {k: c.tolist() for k, c in two.counts.items()}
    assert one.fingerprint == two.fingerprint  # so betweenness & co. are found again


def test_the_organization_graph_is_kept_per_network_and_settings(kept, store, monkeypatch):
    """Its edges are read back for the same stored rows and settings (the graph and its
    fingerprint identical to one built), built again for another table or ingredients,
    and never read from a file that does not fit."""
    from lcii_graph.network import views

    built = views.organization_graph(network_of(store))
    first = cache.kept_organization_graph(network_of(store))
    _same_graph(first, built)
    (path,) = kept.glob("*.npy")

    def never(*args, **kwargs):
        raise AssertionError("built again")

    with monkeypatch.context() as m:
        m.setattr(views, "organization_edges", never)
        network = network_of(store)
        again = cache.kept_organization_graph(network)
        _same_graph(again, built)
        assert views.organization_graph(network) is again  # held on the network
        with pytest.raises(AssertionError, match="built again"):
            cache.kept_organization_graph(network_of(store), people=False)
        with pytest.raises(AssertionError, match="built again"):
            cache.kept_organization_graph(network_of(store), partnership="riverbend-works")
        with pytest.raises(AssertionError, match="built again"):
            cache.kept_organization_graph(network_of(store, today="2030-01-01"))
    good = np.load(path)
    n = len(built.ids)
    swapped, beyond, negative = good.copy(), good.copy(), good.copy()
    swapped[[0, 1]] = swapped[[1, 0]]
    beyond[1, -1] = n
    negative[0, 0] = -1
    for damage in (good[:-1], good.astype(np.int64), good[0], swapped, beyond, negative):
        np.save(path, damage)
        _same_graph(cache.kept_organization_graph(network_of(store)), built)
    path.write_bytes(b"not an array")
    _same_graph(cache.kept_organization_graph(network_of(store)), built)
    assert np.array_equal(np.load(path), good)  # and kept again


def test_the_organization_graph_is_built_where_nothing_is_kept(tmp_path, store,
                                                               monkeypatch):
    """The cache off, or a network below ROWS_WORTH_KEEPING: built, nothing written."""
    from lcii_graph.network import views

    folder = tmp_path / "cache"
    monkeypatch.setenv("LCII_CACHE", str(folder))
    _same_graph(cache.kept_organization_graph(network_of(store)),
                views.organization_graph(network_of(store)))
    assert not folder.exists()
    monkeypatch.setattr(cache, "ROWS_WORTH_KEEPING", 0)
    monkeypatch.setenv("LCII_CACHE", "off")
    cache.kept_organization_graph(network_of(store))
    assert not folder.exists()


def test_the_folder_keeps_at_most_max_bytes(kept, store, monkeypatch):
    """Beyond MAX_BYTES the oldest results go; at exactly MAX_BYTES none."""
    import os

    communities.louvain(fresh_graph(store), seed=0)
    (first,) = kept.iterdir()
    size = first.stat().st_size
    os.utime(first, (1, 1))  # the oldest
    monkeypatch.setattr(cache, "MAX_BYTES", 2 * size)
    communities.louvain(fresh_graph(store), seed=1)
    assert len(list(kept.iterdir())) == 2 and first.exists()
    communities.louvain(fresh_graph(store), seed=2)
    assert len(list(kept.iterdir())) == 2 and not first.exists()


def test_what_is_kept_is_decided_at_each_threshold(kept, store, monkeypatch):
    """A graph of exactly WORTH_KEEPING nodes × edges is kept, one below not; a network of
    exactly ROWS_WORTH_KEEPING rows has its data kept, one below not; an organization
    graph whose largest number is exactly EDGE_VALUE_MAX has its edges kept, beyond not."""
    graph = fresh_graph(store)
    work = graph.n * graph.to_igraph().ecount()
    monkeypatch.setattr(cache, "WORTH_KEEPING", work + 1)
    centrality.betweenness(graph)
    assert not list(kept.glob("*.npy"))
    monkeypatch.setattr(cache, "WORTH_KEEPING", work)
    centrality.betweenness(fresh_graph(store))
    assert len(list(kept.glob("*.npy"))) == 1

    network = network_of(store)
    rows = sum(map(len, network.records.values()))
    monkeypatch.setattr(cache, "ROWS_WORTH_KEEPING", rows + 1)
    assert cache.network_key(network) is None
    monkeypatch.setattr(cache, "ROWS_WORTH_KEEPING", rows)
    assert cache.network_key(network) == network.fingerprint

    largest = int(max(graph.u.max(), graph.v.max(), *(c.max() for c in graph.counts.values())))
    for limit, kept_edges in ((largest - 1, False), (largest, True)):
        for old in kept.glob("*.npy"):
            old.unlink()
        monkeypatch.setattr(cache, "EDGE_VALUE_MAX", limit)
        cache.kept_organization_graph(network_of(store))
        assert bool(list(kept.glob("*.npy"))) == kept_edges


@pytest.mark.parametrize("value", ["off", "OFF", " no ", "0", ""])
def test_the_cache_is_switched_off_by_any_of_its_words(value, monkeypatch):
    monkeypatch.setenv("LCII_CACHE", value)
    assert cache.cache_dir() is None


def test_the_cache_folder_is_the_given_one_else_under_xdg_or_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LCII_CACHE", str(tmp_path / "here"))
    assert cache.cache_dir() == tmp_path / "here"
    monkeypatch.delenv("LCII_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "lcii-graph"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "lcii-graph"


def test_export_analysis_lets_its_rows_go_whatever_was_kept(kept, store, monkeypatch):
    """`export analysis` lets the network's rows go after the rules: with nothing kept,
    with the analyses kept by an earlier run, and with the network level's figures gone
    between the moment they were seen kept and the moment they were read (computed then
    from the rows, still there): the same sheets as with the rows kept throughout."""
    import importlib

    from lcii_graph.export.results import result_rows, results_sheets

    module = importlib.import_module("lcii_graph.analysis.metrics")

    def sheets(**options):
        network = network_of(store, today="2026-06-30")
        found = {t: list(rows) for t, rows in result_rows(network, profile="internal",
                                                           **options)}
        if options.get("let_go"):
            with pytest.raises(LookupError):
                network.records["ties"]
        return found

    monkeypatch.setenv("LCII_CACHE", "off")
    expected = results_sheets(network_of(store, today="2026-06-30"), profile="internal")
    monkeypatch.setenv("LCII_CACHE", str(kept))
    assert sheets(let_go=True) == expected  # nothing kept
    assert list(kept.glob("*.json"))
    assert sheets(let_go=True) == expected  # the analyses kept
    real_kept = module.kept_data
    with monkeypatch.context() as m:  # seen kept, then gone
        m.setattr(module, "kept_data", lambda key: True)
        for path in kept.glob("*.json"):
            path.unlink()
        assert sheets(let_go=True) == expected
    assert module.kept_data is real_kept


def test_a_result_kept_by_other_code_is_not_read(kept, store, monkeypatch):
    """The same version number, other code (a fix, a checkout): computed again, not read
    as kept (was: keyed by the version alone, which no change of the code changed)."""
    import igraph

    first = centrality.betweenness(fresh_graph(store))
    calls = []
    real = igraph.Graph.betweenness

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(igraph.Graph, "betweenness", counted)
    assert centrality.betweenness(fresh_graph(store)) == first
    assert calls == []  # read as kept
    monkeypatch.setattr(cache, "code_identity", lambda: "0.1.0+other")
    assert centrality.betweenness(fresh_graph(store)) == first
    assert calls == [1]
    assert len(list(kept.iterdir())) == 2  # kept again, beside the first


def test_the_code_identity_follows_every_source_file(tmp_path, monkeypatch):
    root = tmp_path / "package"
    (root / "analysis").mkdir(parents=True)
    (root / "__init__.py").write_text("x = 1\n")
    (root / "analysis" / "centrality.py").write_text("def f():\n    return 1\n")
    (root / "notes.txt").write_text("not code")
    first = cache.source_hash(root)
    assert cache.source_hash(root) == first
    (root / "notes.txt").write_text("other words")
    assert cache.source_hash(root) == first  # only the .py files
    (root / "analysis" / "centrality.py").write_text("def f():\n    return 2\n")
    changed = cache.source_hash(root)
    assert changed != first
    (root / "analysis" / "centrality.py").rename(root / "analysis" / "closeness.py")
    assert cache.source_hash(root) not in (first, changed)  # the same bytes, renamed

    from lcii_graph import __version__

    version, _, code = cache.code_identity().partition("+")
    assert version == __version__ and len(code) == 32

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(type(root), "read_bytes", unreadable)
    assert cache.source_hash(root) == "unread"
