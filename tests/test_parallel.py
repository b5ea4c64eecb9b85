"""Sampled betweenness and closeness summed from two halves, one in a forked child."""

from __future__ import annotations

import os
import sys

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


def _weighted_org_graph(n=600, seed=5):
    """A caveman graph with a few random shortcuts and weights from 1 to 4."""
    from lcii_graph.network.views import OrgGraph

    G = nx.relaxed_caveman_graph(n // 10, 10, 0.1, seed=seed)
    ids = [f"o{k:04d}" for k in range(n)]
    edges = sorted({(min(a, b), max(a, b)) for a, b in G.edges() if a != b})
    u, v = (np.array(e, dtype=np.int64) for e in zip(*edges, strict=True))
    weights = np.random.default_rng(seed).integers(1, 5, len(u)).astype(float)
    return OrgGraph(ids, [{} for _ in ids], u, v, {"ties": weights})


def _portable_jobs(monkeypatch):
    from lcii_graph.analysis import cache, communities

    monkeypatch.setenv("LCII_CACHE", "off")
    monkeypatch.setenv("LCII_PROCESSES", "2")
    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    monkeypatch.setattr(parallel, "SPAWN_BYTES", 0)
    G = _weighted_org_graph()
    return G, [centrality.eigenvector_job(G)[1], communities.louvain_job(G, seed=3)[1],
               communities.louvain_job(G, seed=3, resolution=3.0)[1]]


def _command_line(pid: int) -> list[bytes]:
    """A process's arguments, once it has them (a process just started may show none for
    a moment)."""
    import time

    for _ in range(100):
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            found = handle.read().split(b"\0")
        if found != [b""]:
            return found
        time.sleep(0.02)
    return found


@pytest.mark.parametrize("bytecode", [True, False])
def test_portable_work_runs_in_a_new_interpreter(monkeypatch, bytecode):
    """Work from a graph's arrays alone, started apart, runs in a new interpreter
    (isolated: ``-I``), not a forked child, and gives what this process gives: the
    eigenvector scores to the last digit, the same communities as :func:`louvain` finds
    here (its weights handed over as an array, not an edge attribute)."""
    from lcii_graph.analysis import communities, worker

    if parallel.processors() < 2:
        pytest.skip("one processor: nothing is started ahead")
    G, jobs = _portable_jobs(monkeypatch)
    assert "igraph" not in G._cache
    expected = [job() for job in jobs]  # here: from the igraph graph built here
    assert [job.work for job in jobs] == ["eigenvector", "louvain", "louvain"]
    assert all(worker.run(job.work, job.arrays, job.settings).tolist() == e.tolist()
               for job, e in zip(jobs, expected, strict=True))  # from the arrays: the same
    G._cache.pop("igraph")
    forked = parallel.Ahead(*jobs)  # not apart: forked, whatever the size
    assert forked._child and b"-I" not in _command_line(forked._child[0])
    assert "igraph" in G._cache  # built before the fork: the child shares it
    import sys

    # Isolated (no PYTHON* variables), and writing bytecode as this process does.
    monkeypatch.setattr(sys, "dont_write_bytecode", not bytecode)
    ahead = parallel.Ahead(*jobs, apart=True)
    flags = _command_line(ahead._child[0])[1:]
    assert flags[:flags.index(b"-c")] == ([b"-I"] if bytecode else [b"-I", b"-B"])
    assert ahead.result(2).tolist() == expected[2].tolist()
    assert ahead.result(0).tolist() == expected[0].tolist()
    assert ahead.result(1).tolist() == expected[1].tolist()
    assert len(ahead._places) == 3  # each sent by the child
    assert ahead._child is None  # the last was sent: the child has left, and was reaped
    here = _weighted_org_graph()
    assert G.membership(communities.louvain(here, seed=3)).tolist() == \
        G.membership(communities.louvain(G, seed=3)).tolist()
    # As louvain() finds them, up to the numbering of the communities.
    parts = communities.louvain(_weighted_org_graph(), seed=3)
    assert sorted(map(sorted, parts)) == sorted(
        sorted(G.ids[i] for i in np.flatnonzero(expected[1] == k))
        for k in np.unique(expected[1]))


def test_portable_work_the_new_interpreter_cannot_do_is_done_here(monkeypatch):
    """A new interpreter that fails (here: work it does not know) is no error: the arrays
    are computed here, the same ones."""
    from lcii_graph.analysis import worker

    G, jobs = _portable_jobs(monkeypatch)
    expected = jobs[1]()
    monkeypatch.setitem(worker.WORK, "known-here-only", worker.WORK["louvain"])
    job = parallel.Portable("known-here-only", jobs[1].arrays, jobs[1].settings)
    ahead = parallel.Ahead(job, apart=True)
    assert ahead.result(0).tolist() == expected.tolist()
    assert ahead._child is None


def test_portable_work_whose_new_interpreter_is_killed_is_done_here(monkeypatch):
    """A new interpreter killed (out of memory, by the user) is no error: its arrays are
    computed here, the same ones, and nothing is left behind."""
    import signal

    if parallel.processors() < 2:
        pytest.skip("one processor: nothing is started ahead")
    G, jobs = _portable_jobs(monkeypatch)
    expected = [job() for job in jobs]
    ahead = parallel.Ahead(*jobs, apart=True)
    pid = ahead._child[0]
    os.kill(pid, signal.SIGKILL)
    assert [ahead.result(k).tolist() for k in range(3)] == [e.tolist() for e in expected]
    assert ahead._places == [] and ahead._child is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def test_the_new_interpreter_imports_nothing_from_the_working_folder(
        monkeypatch, tmp_path):
    """Modules named like the ones it needs, in the folder the command runs in, are not
    what it imports (isolated mode; the folder is not on its path)."""

    if parallel.processors() < 2:
        pytest.skip("one processor: nothing is started ahead")
    G, jobs = _portable_jobs(monkeypatch)
    expected = jobs[1]()
    marker = tmp_path / "imported"
    for name in ("json", "numpy", "igraph", "lcii_graph"):
        (tmp_path / f"{name}.py").write_text(
            f"open({str(marker)!r}, 'a').write({name!r})\nraise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend("")  # as `python -c` would have it
    ahead = parallel.Ahead(jobs[1], apart=True)
    assert ahead.result(0).tolist() == expected.tolist()
    assert len(ahead._places) == 1  # sent by the child
    assert not marker.exists()


def test_portable_arrays_two_jobs_share_are_written_once(tmp_path):
    import json
    import struct

    u, w = np.arange(5), np.ones(5)
    jobs = [parallel.Portable("eigenvector", {"u": u, "v": u, "weight": w}, {"n": 5}),
            parallel.Portable("louvain", {"u": u, "v": u, "weight": w}, {"n": 5})]
    with open(tmp_path / "work", "w+b") as handle:
        parallel._written(handle, jobs)
        handle.seek(0)
        (size,) = struct.unpack("<q", handle.read(8))
        header = json.loads(handle.read(size))
        rest = handle.read()
    places = [job["arrays"] for job in header["jobs"]]
    assert places[0] == places[1] and places[0]["u"] == places[0]["v"]
    assert header["end"] == len(rest) == places[0]["weight"][0] + places[0]["weight"][1]
    assert header["jobs"][1]["work"] == "louvain" and header["jobs"][1]["settings"] == {"n": 5}


def test_large_portable_work_only_runs_in_a_new_interpreter(monkeypatch):
    """Below :data:`parallel.SPAWN_BYTES` of arrays (together, shared ones once) the work
    is forked; at it, a new interpreter; anything not portable is forked."""
    half = parallel.SPAWN_BYTES // 16  # float64: a half of the bytes each
    a, b = np.zeros(half), np.zeros(half)
    job = parallel.Portable("eigenvector", {"u": a, "v": b}, {})
    assert parallel._spawned([job])
    assert not parallel._spawned([parallel.Portable("eigenvector", {"u": a, "v": a}, {})])
    assert not parallel._spawned([parallel.Portable("eigenvector", {"u": a, "v": b[1:]}, {})])
    assert not parallel._spawned([job, lambda: np.zeros(1)])


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


def _by_new_numbers(graph, permutation):
    """``permute_vertices`` as igraph before 1.0 read it: node ``i`` becomes
    ``permutation[i]``, the edges in their order."""
    p = list(permutation)
    return igraph.Graph(n=graph.vcount(), directed=graph.is_directed(),
                        edges=[(p[a], p[b]) for a, b in graph.get_edgelist()])


PERMUTATIONS = {
    "installed": igraph.Graph.permute_vertices,
    "new numbers": _by_new_numbers,
    # igraph 1.0: permutation[k] is the node numbered k.
    "old numbers": lambda graph, p: _by_new_numbers(graph, np.argsort(p).tolist()),
    "neither": lambda graph, p: graph.copy(),
}


@pytest.fixture
def permutation(request, monkeypatch):
    monkeypatch.setattr(igraph.Graph, "permute_vertices", PERMUTATIONS[request.param])
    centrality._permutes_by_old_numbers.cache_clear()  # asked again of this one
    yield request.param
    centrality._permutes_by_old_numbers.cache_clear()


@pytest.mark.parametrize("permutation", list(PERMUTATIONS), indirect=True)
def test_a_search_order_keeps_the_edges_in_their_order(permutation):
    """Edge ``k`` of the renumbered graph is ``label[u[k]]``-``label[v[k]]``, whichever
    way igraph reads a permutation: the graph built from the renumbered pairs, edge for
    edge, so betweenness sums the same numbers in the same order."""
    G, _ = _scattered_org_graph()
    graph = G.to_igraph()
    searched, label = centrality._in_search_order(G, graph)
    tails, heads = G.edge_ends()
    built = igraph.Graph(n=G.n, edges=zip(label[tails].tolist(), label[heads].tolist(),
                                          strict=True))
    assert searched.get_edgelist() == built.get_edgelist()
    assert centrality._permutes_by_old_numbers() == {
        "new numbers": False, "old numbers": True, "neither": None}.get(
        permutation, int(igraph.__version__.split(".")[0]) >= 1)


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
    in a second process, the report the rules' and the map's communities: what they give
    is what one process gives, or nothing started ahead, forked or in a new interpreter."""
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

    def recorded(cache_, jobs, **options):
        started.append([job[0] for job in jobs if job])  # None: not worth a process
        return real(cache_, jobs, **options)

    import functools

    import lcii_graph.analysis.metrics as metrics_module
    import lcii_graph.export.mapdata as mapdata_module
    import lcii_graph.export.report as report_module
    starting = (parallel, metrics_module, mapdata_module)  # (louvain_ahead: parallel's)
    for module in starting:
        monkeypatch.setattr(module, "start_ahead", recorded)
    for name in ("communities_ahead", "map_data"):  # the report's map drawn as communities
        monkeypatch.setattr(report_module, name, functools.partial(
            getattr(mapdata_module, name), aggregate_above=5))
    seen = []
    spawned = []
    real_spawn = parallel.spawn
    monkeypatch.setattr(parallel, "spawn", lambda *a, **k: spawned.append(a) or real_spawn(
        *a, **k))
    # none: nothing started ahead; new: in a new interpreter, as on a large network.
    for processes in ("none", "1", "2", "new"):
        monkeypatch.setenv("LCII_PROCESSES", "2" if processes == "new" else
                           "1" if processes == "none" else processes)
        with monkeypatch.context() as m:
            m.setattr(parallel, "SPAWN_BYTES", 0 if processes == "new" else 2**62)
            if processes == "none":
                for module in starting:
                    m.setattr(module, "start_ahead", lambda cache_, jobs, **_: None)
            report = report_data(network_of(tmp_path / "s.db", today="2026-06-30"),
                                 today="2026-06-30")
            report["map"]["generated"] = None
            seen.append((report,  # each on a network of its own: nothing shared
                         metrics(network_of(tmp_path / "s.db", today="2026-06-30"),
                                 level="node", seed=0),
                         gephi_table(network_of(tmp_path / "s.db", today="2026-06-30")).nodes))
    assert seen[0] == seen[1] == seen[2] == seen[3]
    eigenvector, rules = ("eigenvector", "weight"), ("louvain", "weight", 1.0, 0)
    resolution = mapdata_module.aggregate_resolution(report["map"]["organizations"])
    assert started.count([eigenvector, rules]) == 6  # the node level and the Gephi table
    # The report's: the rules' communities, then the map's.
    assert started.count([rules, ("louvain", "weight", resolution, 0)]) == 3
    assert len(spawned) == 1  # new: the report's (beside the rules); the others forked


def test_the_rules_communities_are_started_ahead_only_where_the_rules_want_them(
        example_dir, tmp_path, monkeypatch):
    """``map`` and ``report`` start the rules' communities with the map's only where
    ``gaps`` will look for them: the siloed-cluster rule on, its findings not kept (and
    settings that cannot be read are for ``gaps`` to report, not this)."""
    from lcii_graph import import_workbook
    from lcii_graph.analysis import cache
    from lcii_graph.analysis.gaps import communities_wanted, gaps
    from lcii_graph.network import network_of

    monkeypatch.setenv("LCII_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "ROWS_WORTH_KEEPING", 0)
    import_workbook(example_dir, str(tmp_path / "s.db"))
    network = network_of(tmp_path / "s.db", today="2026-06-30")
    assert communities_wanted(network, today="2026-06-30")
    network.rule_config = {"siloed-cluster": {"enabled": False}}
    assert not communities_wanted(network, today="2026-06-30")
    network.rule_config = {"siloed-cluster": {"no-such-setting": 1}}
    assert not communities_wanted(network, today="2026-06-30")
    network.rule_config = {}
    gaps(network, today="2026-06-30")  # kept
    assert not communities_wanted(network, today="2026-06-30")
    assert communities_wanted(network, today="2026-06-30", seed=1)  # another seed: not kept
    assert communities_wanted(network, today="2026-06-30", partnership="riverbend-works")
    monkeypatch.setenv("LCII_CACHE", "off")
    assert communities_wanted(network, today="2026-06-30")


def test_gaps_finds_its_communities_apart(example_dir, tmp_path, monkeypatch):
    """The rules' communities are found beside the rules in a new interpreter (on a large
    network): the same findings as in one process."""
    from lcii_graph import import_workbook
    from lcii_graph.analysis import cache
    from lcii_graph.analysis.gaps import gaps
    from lcii_graph.network import network_of

    monkeypatch.setenv("LCII_CACHE", "off")
    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    monkeypatch.setattr(parallel, "SPAWN_BYTES", 0)
    import_workbook(example_dir, str(tmp_path / "s.db"))
    spawned = []
    real_spawn = parallel.spawn
    monkeypatch.setattr(parallel, "spawn", lambda *a, **k: spawned.append(a) or real_spawn(
        *a, **k))
    found = []
    for processes in ("1", "2"):
        monkeypatch.setenv("LCII_PROCESSES", processes)
        found.append([f.to_dict() for f in gaps(network_of(tmp_path / "s.db"),
                                                 today="2026-06-30")])
    assert found[0] == found[1]
    assert len(spawned) == (1 if parallel.processors() >= 2 else 0)


def _sectored_org_graph():
    """:func:`_weighted_org_graph` with sectors, some organizations without one."""
    from lcii_graph.network.views import OrgGraph

    G = _weighted_org_graph()
    sectors = ["government", "business", "nonprofit", None, "philanthropy"]
    return OrgGraph(G.ids, [{"sector": sectors[k % 5]} for k in range(G.n)], G.u, G.v,
                    {"ties": G.weight})


def test_the_local_measures_from_the_arrays_alone_are_those_found_here(monkeypatch):
    """The node level's local measures as portable work (the sectors handed over as
    numbers and their names): from the arrays, in a new interpreter, bit for bit what
    this process computes from the graph."""
    from lcii_graph.analysis import cache, worker
    from lcii_graph.analysis.local import graph_local_measures, local_measures_job

    monkeypatch.setenv("LCII_CACHE", "off")
    monkeypatch.setenv("LCII_PROCESSES", "2")
    monkeypatch.setattr(parallel, "SPAWN_BYTES", 0)
    G = _sectored_org_graph()
    monkeypatch.setattr(cache, "WORTH_KEEPING", G.n * G.m + 1)
    assert local_measures_job(G) is None  # not worth a process
    monkeypatch.setattr(cache, "WORTH_KEEPING", G.n * G.m)
    key, job = local_measures_job(G)
    assert job.work == "local" and job.settings["groups"] == [
        "business", "government", "nonprofit", "philanthropy"]
    expected = graph_local_measures(_sectored_org_graph())
    assert np.isfinite(expected[:, 4:]).all() and expected[:, 4:].sum() > 0
    assert np.array_equal(worker.run(job.work, job.arrays, job.settings), expected,
                          equal_nan=True)
    assert np.array_equal(job.here(), expected, equal_nan=True)
    if parallel.processors() >= 2:
        parallel.start_ahead(G._cache, [(key, job)], apart=True)
        (ahead, _), = [v for k, v in G._cache.items() if k[0] == "ahead"]
        assert b"-I" in _command_line(ahead._child[0])  # a new interpreter
    assert np.array_equal(graph_local_measures(G), expected, equal_nan=True)
    assert ("ahead", *key) not in G._cache  # taken


def test_export_analysis_is_the_same_with_work_ahead(example_dir, tmp_path, monkeypatch):
    """``export analysis`` starts the communities and then the local measures in one
    second process before the rules (where the network's rows are let go, the local
    measures after the rules, once they are): its sheets are those of one process,
    forked or in a new interpreter."""
    from lcii_graph import import_workbook
    from lcii_graph.analysis import cache
    from lcii_graph.analysis.local import COLUMNS
    from lcii_graph.export import results
    from lcii_graph.network import network_of

    monkeypatch.setenv("LCII_CACHE", "off")
    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    import_workbook(example_dir, str(tmp_path / "s.db"))
    started, spawned, seen = [], [], []
    real, real_spawn = parallel.start_ahead, parallel.spawn
    monkeypatch.setattr(results, "start_ahead", lambda cache_, jobs, **options: (
        started.append(([job[0] for job in jobs if job], options)),
        real(cache_, jobs, **options)))
    monkeypatch.setattr(parallel, "spawn", lambda *a, **k: spawned.append(a) or real_spawn(
        *a, **k))
    for processes in ("none", "2", "new"):
        monkeypatch.setenv("LCII_PROCESSES", "1" if processes == "none" else "2")
        with monkeypatch.context() as m:
            m.setattr(parallel, "SPAWN_BYTES", 0 if processes == "new" else 2**62)
            seen.append(results.results_sheets(
                network_of(tmp_path / "s.db", today="2026-06-30"), profile="internal"))
            # The rows let go after the rules: the local measures started only then.
            network = network_of(tmp_path / "s.db", today="2026-06-30")
            seen.append({title: list(rows) for title, rows in results.result_rows(
                network, profile="internal", let_go=True)})
            with pytest.raises(LookupError, match="'ties' was asked for"):
                network.records["ties"]
    assert all(sheets == seen[0] for sheets in seen)
    assert "brokerage_liaison" in seen[0]["organizations"][0]
    louvain, local = ("louvain", "weight", 1.0, 0), ("local", COLUMNS)
    assert started == [([louvain, local], {"apart": True}),
                       ([louvain], {"apart": True}), ([local], {"apart": True})] * 3
    assert len(spawned) == (3 if parallel.processors() >= 2 else 0)


def _sleeping_child():
    """A forked child that would sleep a minute before answering."""
    import time

    from lcii_graph import processes

    child = processes.start(lambda: time.sleep(60) or b"late")
    assert child is not None and child in processes._running
    return child


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_children_left_running_are_ended_by_stop_all():
    """Work nobody will read (an error after it was started ahead, say) is ended when the
    command ends, not left to whoever collects its owner; a child finished or stopped is
    no longer counted, and stopping it again touches nothing (its pipe's number may be
    another file's by then)."""
    from lcii_graph import processes

    if not processes.second_processor():
        pytest.skip("one processor: no child is started")
    done = processes.start(lambda: b"answer")
    assert processes.finish(done) == b"answer" and done not in processes._running
    with open(os.devnull, "rb") as nothing:  # a new interpreter, given no work: it fails
        spawned = processes.spawn("lcii_graph.analysis.worker", stdin=nothing.fileno())
    assert spawned in processes._running
    assert processes.finish(spawned) is None and spawned not in processes._running
    left = _sleeping_child()
    processes.stop_all()
    assert processes._running == set() and _reaped(left[0])
    read_end, write_end = os.pipe()  # perhaps the numbers the child's pipe had
    processes.stop(left)
    os.write(write_end, b"x")
    assert os.read(read_end, 1) == b"x"
    os.close(read_end)
    os.close(write_end)


def test_the_command_line_ends_its_children_and_leaves_its_objects_uncollected(
        monkeypatch):
    """``lcii-graph`` (its ``main``) ends any child still running and freezes what it
    holds out of the last garbage collection (a quick exit), whatever the command's
    outcome."""
    import gc

    from lcii_graph import processes
    from lcii_graph.cli.main import main

    if not processes.second_processor():
        pytest.skip("one processor: no child is started")
    for argv, code in [(["lcii-graph", "--version"], 0),
                       (["lcii-graph", "no-such-command"], 2)]:
        left = _sleeping_child()
        monkeypatch.setattr("sys.argv", argv)
        monkeypatch.setattr("sys.unraisablehook", sys.unraisablehook)
        try:
            with pytest.raises(SystemExit) as exit_:
                main()
            assert exit_.value.code == code
            assert gc.get_freeze_count() > 0
        finally:
            gc.unfreeze()
        assert processes._running == set() and _reaped(left[0])
