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


def test_closeness_is_reused_for_the_same_graph(kept, store, monkeypatch):
    """Closeness (node metrics, the map's details) is kept like betweenness; the same
    numbers with the cache off."""
    first = centrality.closeness(fresh_graph(store))

    def never(*args, **kwargs):
        raise AssertionError("computed again")

    import igraph

    monkeypatch.setattr(igraph.Graph, "distances", never)
    assert centrality.closeness(fresh_graph(store)) == first
    monkeypatch.undo()
    monkeypatch.setenv("LCII_CACHE", "off")
    assert centrality.closeness(fresh_graph(store)) == first


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

    import igraph

    monkeypatch.setattr(igraph.Graph, "distances", never)
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
