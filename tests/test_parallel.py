"""Sampled betweenness and closeness summed from two halves, one in a forked child."""

from __future__ import annotations

import os

import igraph
import networkx as nx
import numpy as np
import pytest

from lcii_graph.analysis import centrality, parallel

PARENT = os.getpid()


def _here(part):
    """1 for each item computed in this (the test's) process."""
    return np.array([float(os.getpid() == PARENT) * len(part), float(len(part))])


def test_the_halves_are_fixed_whatever_the_machine():
    assert parallel.halves(list(range(7))) == [[0, 1, 2, 3], [4, 5, 6]]
    assert parallel.halves([1]) == [[1], []]
    assert parallel.halves([]) == [[], []]


@pytest.mark.skipif(parallel.processors() < 2 or not hasattr(os, "fork"),
                    reason="one processor here: no child is started")
def test_the_second_half_is_computed_by_a_child(monkeypatch):
    monkeypatch.delenv("LCII_PROCESSES", raising=False)
    # 10 items: the first 5 here, the other 5 in the child (counted 0 here).
    assert parallel.summed(_here, range(10)).tolist() == [5.0, 10.0]


def test_one_process_when_asked(monkeypatch):
    monkeypatch.setenv("LCII_PROCESSES", "1")
    assert parallel.processors() == 1
    assert parallel.summed(_here, range(10)).tolist() == [10.0, 10.0]


def test_a_child_that_fails_leaves_its_half_to_the_parent(monkeypatch):
    monkeypatch.delenv("LCII_PROCESSES", raising=False)

    def fragile(part):
        if os.getpid() != PARENT:
            raise MemoryError("the child runs out")
        return _here(part)

    assert parallel.summed(fragile, range(10)).tolist() == [10.0, 10.0]


def test_a_child_killed_leaves_its_half_to_the_parent(monkeypatch):
    monkeypatch.delenv("LCII_PROCESSES", raising=False)

    def killed(part):
        if os.getpid() != PARENT:
            os.kill(os.getpid(), 9)
        return _here(part)

    assert parallel.summed(killed, range(10)).tolist() == [10.0, 10.0]


@pytest.fixture
def sampled(monkeypatch):
    """A graph large enough for the sampled path once EXACT_WORK is lowered."""
    monkeypatch.setattr(centrality, "EXACT_WORK", 5_000)
    monkeypatch.setattr(centrality, "SAMPLE_SOURCES", 16)
    G = nx.relabel_nodes(nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=3), str)
    assert centrality.sample_size(300, G.number_of_edges()) == 16
    return G


@pytest.mark.parametrize("processes", ["1", "2"])
def test_sampled_betweenness_is_the_sum_over_its_sources(sampled, monkeypatch, processes):
    monkeypatch.setenv("LCII_PROCESSES", processes)
    got = centrality.betweenness(sampled, seed=5)
    # Independently: each sampled source's dependencies (networkx's own subset
    # betweenness), scaled by n / k and normalized as networkx normalizes.
    n = sampled.number_of_nodes()
    sources = centrality._sources(n, 16, 5)
    nodes = list(sampled)
    chosen = [nodes[i] for i in sources]
    raw = nx.betweenness_centrality_subset(sampled, chosen, nodes, normalized=False)
    # networkx's subset value of an undirected graph is halved, as igraph's is; scaled
    # by n / k and normalized by (n-1)(n-2)/2 it is networkx's sampled betweenness.
    scale = n / len(sources) * 2 / ((n - 1) * (n - 2))
    expected = {x: raw[x] * scale for x in nodes}
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_sampled_results_do_not_depend_on_the_processes(sampled, monkeypatch):
    results = []
    for processes in ("1", "2"):
        monkeypatch.setenv("LCII_PROCESSES", processes)
        results.append((centrality.betweenness(sampled, seed=1),
                        centrality.closeness(sampled, seed=1)))
    assert results[0] == results[1]  # exactly: the same halves, added in the same order


def test_sampled_closeness_counts_every_source(sampled, monkeypatch):
    monkeypatch.setenv("LCII_PROCESSES", "2")
    got = centrality.closeness(sampled, seed=2)
    n = sampled.number_of_nodes()
    sources = centrality._sources(n, 16, 2)
    graph = igraph.Graph.from_networkx(sampled)
    names = graph.vs["_nx_name"]
    dist = np.array(graph.distances(source=sources), dtype=float)
    total = dist.sum(axis=0) * n / len(sources)
    r = np.full(n, n, dtype=float)  # connected: every source reaches every node
    expected = dict(zip(names, ((r - 1) / total) * ((r - 1) / (n - 1)), strict=True))
    assert got == pytest.approx(expected, rel=1e-12)


def _org_graph(n=400, seed=4):
    from lcii_graph.network.views import OrgGraph

    G = nx.connected_caveman_graph(n // 8, 8)
    G = nx.relabel_nodes(G, lambda i: f"o{i:04d}")
    ids = sorted(G)
    index = {x: i for i, x in enumerate(ids)}
    u, v = zip(*sorted((min(index[a], index[b]), max(index[a], index[b]))
                       for a, b in G.edges()), strict=True)
    m = len(u)
    return OrgGraph(ids, [{} for _ in ids], np.array(u), np.array(v),
                    {"ties": np.ones(m)})


@pytest.mark.parametrize("processes", ["1", "2"])
def test_communities_found_ahead_are_the_same(monkeypatch, processes):
    from lcii_graph.analysis import cache, communities

    monkeypatch.setenv("LCII_CACHE", "off")
    monkeypatch.setenv("LCII_PROCESSES", processes)
    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    expected = communities.louvain(_org_graph(), seed=3, resolution=2.0)
    G = _org_graph()
    communities.louvain_ahead(G, seed=3, resolution=2.0)
    ahead, _ = G._cache[("ahead", "louvain", "weight", 2.0, 3)]
    assert (ahead._child is not None) == (processes == "2" and parallel.processors() >= 2)
    assert communities.louvain(G, seed=3, resolution=2.0) == expected
    assert ("ahead", "louvain", "weight", 2.0, 3) not in G._cache  # taken, not kept


def test_nothing_is_started_for_a_small_graph(monkeypatch):
    from lcii_graph.analysis import communities

    G = _org_graph()  # 400 × 1,400: below WORTH_KEEPING
    communities.louvain_ahead(G, seed=0)
    assert not any(k[0] == "ahead" for k in G._cache)


def test_work_ahead_that_fails_is_done_here(monkeypatch):
    monkeypatch.delenv("LCII_PROCESSES", raising=False)

    def fragile():
        if os.getpid() != PARENT:
            raise MemoryError("the child runs out")
        return np.arange(3)

    assert parallel.Ahead(fragile).result().tolist() == [0, 1, 2]


def test_work_ahead_in_one_process_comes_back_in_order(monkeypatch):
    """Several arrays from one child, each sent as it is done: the second is taken before
    the first (both read), and each is the array its function gives here."""
    monkeypatch.delenv("LCII_PROCESSES", raising=False)
    functions = [lambda: np.arange(5), lambda: np.linspace(0, 1, 7),
                 lambda: np.full((3, 2), 2.5)]
    ahead = parallel.Ahead(*functions)
    assert (ahead._child is not None) == (parallel.processors() >= 2)
    assert ahead.result(1).tolist() == functions[1]().tolist()
    assert ahead.result(0).tolist() == [0, 1, 2, 3, 4]
    assert ahead.result(2).tolist() == [[2.5, 2.5]] * 3
    assert ahead.result(1).tolist() == functions[1]().tolist()  # asked again: the same


def test_work_ahead_that_fails_part_way_is_done_here_from_there(monkeypatch):
    """A child that fails after sending the first array: the first is the child's, the
    rest computed here."""
    monkeypatch.delenv("LCII_PROCESSES", raising=False)
    where = []

    def first():
        return np.array([os.getpid()])

    def fragile():
        if os.getpid() != PARENT:
            raise MemoryError("the child runs out")
        where.append("here")
        return np.arange(3)

    ahead = parallel.Ahead(first, fragile, first)
    if parallel.processors() < 2:
        pytest.skip("one processor: no child to fail")
    assert ahead.result(0).tolist() != [PARENT]  # from the child
    assert ahead.result(2).tolist() == [PARENT]  # the child never got to it
    assert ahead.result(1).tolist() == [0, 1, 2] and where == ["here"]


@pytest.mark.parametrize("fault", ["no file", "full disk"])
def test_work_ahead_without_room_for_its_file_is_done_here(monkeypatch, fault):
    """No temporary file to be had (an unwritable TMPDIR), or a full disk under it (the
    child's write fails): no error, every array computed here, the same arrays."""
    import errno
    import tempfile

    monkeypatch.delenv("LCII_PROCESSES", raising=False)
    if fault == "no file":
        def refused(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")
        monkeypatch.setattr(tempfile, "TemporaryFile", refused)
    else:
        def full(*args):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(os, "pwrite", full)  # the child's write
    ahead = parallel.Ahead(lambda: np.array([os.getpid()]), lambda: np.arange(4))
    assert ahead.result(1).tolist() == [0, 1, 2, 3]
    assert ahead.result(0).tolist() == [PARENT]  # computed here


def test_start_ahead_leaves_out_what_is_known_or_started(monkeypatch):
    monkeypatch.delenv("LCII_PROCESSES", raising=False)
    cache = {("a",): "known"}
    parallel.start_ahead(cache, [(("a",), lambda: np.zeros(1)), (("b",), lambda: np.ones(2))])
    assert ("ahead", "a") not in cache and cache[("ahead", "b")][1] == 0
    first = cache[("ahead", "b")]
    parallel.start_ahead(cache, [(("b",), lambda: np.zeros(9))])  # started: not again
    assert cache[("ahead", "b")] is first
    assert parallel.taken(cache, ("b",)).tolist() == [1.0, 1.0]
    assert parallel.taken(cache, ("b",)) is None and parallel.taken(None, ("b",)) is None
    parallel.start_ahead(cache, [])
    parallel.start_ahead(cache, [None, None])  # jobs not worth a process
    assert set(cache) == {("a",)}
    parallel.start_ahead(cache, [None, (("c",), lambda: np.arange(2))])
    assert cache[("ahead", "c")][1] == 0  # the first job started
    assert parallel.taken(cache, ("c",)).tolist() == [0, 1]


def test_the_aggregated_map_is_the_same_with_work_ahead(example_dir, tmp_path, monkeypatch):
    from lcii_graph import import_workbook
    from lcii_graph.analysis import cache
    from lcii_graph.export.mapdata import map_data
    from lcii_graph.network import network_of

    monkeypatch.setenv("LCII_CACHE", "off")
    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    import_workbook(example_dir, str(tmp_path / "s.db"))
    pages = []
    for processes in ("1", "2"):
        monkeypatch.setenv("LCII_PROCESSES", processes)
        network = network_of(tmp_path / "s.db", today="2026-06-30")
        pages.append(map_data(network, aggregate_above=5, today="2026-06-30"))
    assert pages[0]["aggregated"] and pages[0] == pages[1]


@pytest.mark.parametrize("processes", ["1", "2"])
def test_exact_betweenness_and_closeness_in_halves_are_networkx(monkeypatch, processes):
    # Above SPLIT_WORK the exact pass is summed from two halves of the nodes as well.
    monkeypatch.setenv("LCII_PROCESSES", processes)
    monkeypatch.setenv("LCII_CACHE", "off")
    G = nx.relabel_nodes(nx.connected_watts_strogatz_graph(120, 4, 0.3, seed=8), str)
    monkeypatch.setattr(centrality, "SPLIT_WORK", 10 ** 12)
    whole = (centrality.betweenness(G), centrality.closeness(G))
    monkeypatch.setattr(centrality, "SPLIT_WORK", 0)
    halves = (centrality.betweenness(G), centrality.closeness(G))
    assert halves[1] == whole[1]  # whole numbers summed: the same to the last bit
    assert halves[0] == pytest.approx(whole[0], rel=1e-12)
    assert halves[0] == pytest.approx(nx.betweenness_centrality(G), rel=1e-9)
    assert halves[1] == pytest.approx(nx.closeness_centrality(G), rel=1e-12)


def _scattered_org_graph():
    """An organization graph in three pieces (caveman cliques, a pair, two loners), its
    nodes numbered at random: a search from the best-connected node meets only part."""
    from lcii_graph.network.views import OrgGraph

    G = nx.disjoint_union_all([nx.connected_caveman_graph(12, 6), nx.path_graph(2),
                               nx.empty_graph(2)])
    n = G.number_of_nodes()
    shuffled = np.random.default_rng(7).permutation(n)
    edges = sorted((min(shuffled[a], shuffled[b]), max(shuffled[a], shuffled[b]))
                   for a, b in G.edges())
    u, v = (np.array(e, dtype=np.int64) for e in zip(*edges, strict=True))
    ids = [f"o{k:03d}" for k in range(n)]
    nx_graph = nx.Graph([(ids[a], ids[b]) for a, b in edges])
    nx_graph.add_nodes_from(ids)
    return OrgGraph(ids, [{} for _ in ids], u, v, {"ties": np.ones(len(u))}), nx_graph


def test_a_search_order_renumbers_every_node_once():
    G, _ = _scattered_org_graph()
    graph = G.to_igraph()
    searched, label = centrality._in_search_order(G, graph)
    assert sorted(label.tolist()) == list(range(G.n))
    start = int(np.argmax(graph.degree()))
    assert label[start] == 0  # the search starts at the best-connected node
    # The same graph, renumbered: each edge u-v is label[u]-label[v].
    assert sorted(tuple(sorted(e)) for e in searched.get_edgelist()) == sorted(
        tuple(sorted((int(label[a]), int(label[b])))) for a, b in zip(G.u, G.v, strict=True))
    # The pair and the two loners are not met: last, in the order they were.
    unmet = [i for i in range(G.n) if i not in set(graph.subcomponent(start))]
    assert len(unmet) == 4 and label[unmet].tolist() == list(range(G.n - 4, G.n))


@pytest.mark.parametrize("processes", ["1", "2"])
def test_betweenness_searched_in_order_is_networkx_s(monkeypatch, processes):
    """Exact (split in halves) and sampled betweenness of an organization graph, searched
    renumbered: networkx's values, node by node, up to the sums' rounding."""
    monkeypatch.setenv("LCII_PROCESSES", processes)
    monkeypatch.setenv("LCII_CACHE", "off")
    monkeypatch.setattr(centrality, "SPLIT_WORK", 0)
    G, nx_graph = _scattered_org_graph()
    assert centrality.betweenness(G) == pytest.approx(nx.betweenness_centrality(nx_graph),
                                                      rel=1e-12, abs=1e-15)
    sources = centrality._sources(G.n, 20, 0)
    raw = G.to_igraph().betweenness(sources=sources)
    scale = G.n / len(sources) * 2 / ((G.n - 1) * (G.n - 2))
    expected = {G.ids[i]: raw[i] * scale for i in range(G.n)}
    assert centrality.betweenness(G, k=20) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_the_node_level_gephi_table_and_report_are_the_same_with_work_ahead(
        example_dir, tmp_path, monkeypatch):
    """The node level and the Gephi table start the eigenvector scores and the communities
    in a second process, the report the map's communities: what they give is what one
    process gives, or nothing started ahead."""
    from lcii_graph import import_workbook
    from lcii_graph.analysis import cache
    from lcii_graph.analysis.metrics import metrics
    from lcii_graph.export.graphxml import gephi_table
    from lcii_graph.export.report import report_data
    from lcii_graph.network import network_of

    monkeypatch.setenv("LCII_CACHE", "off")
    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    import_workbook(example_dir, str(tmp_path / "s.db"))
    started = []
    real = parallel.start_ahead

    def recorded(cache_, jobs):
        started.append([job[0] for job in jobs if job])  # None: not worth a process
        return real(cache_, jobs)

    import functools

    import lcii_graph.analysis.metrics as metrics_module
    import lcii_graph.export.mapdata as mapdata_module
    import lcii_graph.export.report as report_module
    for module in (parallel, metrics_module):  # (the map's: louvain_ahead, parallel's)
        monkeypatch.setattr(module, "start_ahead", recorded)
    for name in ("communities_ahead", "map_data"):  # the report's map drawn as communities
        monkeypatch.setattr(report_module, name, functools.partial(
            getattr(mapdata_module, name), aggregate_above=5))
    seen = []
    for processes in ("none", "1", "2"):  # none: nothing started ahead
        monkeypatch.setenv("LCII_PROCESSES", "1" if processes == "none" else processes)
        with monkeypatch.context() as m:
            if processes == "none":
                for module in (parallel, metrics_module):
                    m.setattr(module, "start_ahead", lambda cache_, jobs: None)
            report = report_data(network_of(tmp_path / "s.db", today="2026-06-30"),
                                 today="2026-06-30")
            report["map"]["generated"] = None
            seen.append((report,  # each on a network of its own: nothing shared
                         metrics(network_of(tmp_path / "s.db", today="2026-06-30"),
                                 level="node", seed=0),
                         gephi_table(network_of(tmp_path / "s.db", today="2026-06-30")).nodes))
    assert seen[0] == seen[1] == seen[2]
    eigenvector, rules = ("eigenvector", "weight"), ("louvain", "weight", 1.0, 0)
    resolution = mapdata_module.aggregate_resolution(report["map"]["organizations"])
    assert started.count([eigenvector, rules]) == 4  # the node level and the Gephi table
    assert started.count([("louvain", "weight", resolution, 0)]) == 2  # the report's map
