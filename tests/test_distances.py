"""Distances from many sources at once (:mod:`lcii_graph.analysis.distances`): the sums
of one breadth-first search per source, as igraph gives them, exactly."""

import igraph
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lcii_graph.analysis.distances import DEEP, WORD, distance_sums


def _one_by_one(n, tails, heads, sources, directed):
    """igraph's distances, a row per source, summed as closeness sums them."""
    graph = igraph.Graph(n=n, edges=list(zip(tails, heads, strict=True)), directed=directed)
    totals, reached = np.zeros(n), np.zeros(n)
    for s in sources:
        row = np.array(graph.distances(source=[s], mode="out")[0], dtype=float)
        finite = np.isfinite(row)
        totals += np.where(finite, row, 0)
        reached += finite
    return totals, reached


def _arcs(tails, heads, directed):
    if directed:
        return tails, heads
    return tails + heads, heads + tails


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 90))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=4 * n))
    directed = draw(st.booleans())
    sources = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=150))
    return n, [a for a, _ in edges], [b for _, b in edges], directed, sources


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_the_sums_are_those_of_one_search_per_source(case):
    """Directed or not, loops and repeated edges, unreached nodes, a source listed twice,
    more sources than a word holds: the same whole numbers."""
    n, tails, heads, directed, sources = case
    got = distance_sums(n, *_arcs(tails, heads, directed), sources)
    expected = _one_by_one(n, tails, heads, sources, directed)
    assert np.array_equal(got[0], expected[0])
    assert np.array_equal(got[1], expected[1])


def test_a_path_longer_than_a_word_and_sources_across_words():
    """A path of 200 nodes, every node a source (four words): node t is reached by
    every source, and its distances sum to sum |s - t|."""
    n = 200
    tails = list(range(n - 1))
    heads = list(range(1, n))
    totals, reached = distance_sums(n, *_arcs(tails, heads, False), range(n))
    t = np.arange(n)
    assert n > 3 * WORD
    assert np.array_equal(reached, np.full(n, float(n)))
    assert np.array_equal(totals, (t * (t + 1) / 2 + (n - 1 - t) * (n - t) / 2))


def test_arcs_are_followed_one_way():
    # 0 -> 1 -> 2, from 0 and 2: node 2 is 2 steps from 0; 2 reaches only itself.
    totals, reached = distance_sums(3, [0, 1], [1, 2], [0, 2])
    assert totals.tolist() == [0.0, 1.0, 2.0]
    assert reached.tolist() == [1.0, 1.0, 2.0]


@pytest.mark.parametrize("n, sources", [(0, []), (3, []), (3, [1])])
def test_no_edges_or_no_sources(n, sources):
    totals, reached = distance_sums(n, [], [], sources)
    assert totals.tolist() == [0.0] * n
    assert reached.tolist() == [1.0 if k in sources else 0.0 for k in range(n)]


def test_deep_searches_are_handed_over_and_give_the_same_sums():
    """A chain of 300 nodes: the first word's searches go past DEEP steps; it and every
    source after it are summed by the caller's one-search-per-source function."""
    n = 300
    tails, heads = _arcs(list(range(n - 1)), list(range(1, n)), False)
    handed = []

    def deep(part):
        handed.append(part)
        return _one_by_one(n, tails, heads, part, True)

    sources = list(range(0, n, 2))
    got = distance_sums(n, tails, heads, sources, deep=deep)
    expected = _one_by_one(n, tails, heads, sources, True)
    assert handed == [sources]
    assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])
    # Without a function to hand them to, the words run to the end: the same sums.
    alone = distance_sums(n, tails, heads, sources)
    assert np.array_equal(alone[0], expected[0]) and np.array_equal(alone[1], expected[1])


@pytest.mark.parametrize("steps, handed_over", [(DEEP, False), (DEEP + 1, True)])
def test_a_word_is_handed_over_only_past_deep_steps(steps, handed_over):
    """From one end of a chain of ``steps + 1`` nodes the search takes ``steps`` steps."""
    n = steps + 1
    tails, heads = _arcs(list(range(n - 1)), list(range(1, n)), False)
    handed = []

    def deep(part):
        handed.append(part)
        return _one_by_one(n, tails, heads, part, True)

    got = distance_sums(n, tails, heads, [0], deep=deep)
    assert bool(handed) is handed_over
    assert got[0].tolist() == list(map(float, range(n)))
