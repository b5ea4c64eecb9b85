"""Burt's measures: the triangle-based computation against their definitions.

The reference below is the definition written out pair by pair (slow, plain);
networkx is the reference for the whole-network model; UCINET's published
values for the ego model are checked on campnet in test_reference_networks.
"""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lcii_graph.analysis.structural_holes import burt_measures, structural_holes, symmetrize


def definition(S: nx.Graph, i, within: set | None):
    """Effective size and constraint of ``i`` by the formulas of the module docstring;
    ``within`` limits every alter's ties (the ego model)."""

    def ties(x):
        return {y: d["weight"] for y, d in S[x].items() if within is None or y in within}

    def p(x, y):
        t = ties(x)
        return t.get(y, 0) / sum(t.values())

    def m(x, y):
        t = ties(x)
        return t.get(y, 0) / max(t.values())

    alters = list(ties(i))
    if not alters:
        return None, None
    effective = sum(1 - sum(p(i, q) * m(j, q) for q in alters if q != j) for j in alters)
    constraint = sum((p(i, j) + sum(p(i, q) * p(q, j) for q in alters if q != j)) ** 2
                     for j in alters)
    return effective, constraint


graphs = st.integers(2, 14).flatmap(lambda n: st.lists(
    st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(1, 4)),
    max_size=40).map(lambda edges: (n, edges)))


@settings(max_examples=60, deadline=None)
@given(graphs, st.booleans())
def test_both_models_equal_their_definition(graph, directed):
    n, edges = graph
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((a, b, w) for a, b, w in edges if a != b)
    S = symmetrize(G, "weight")
    for model in ("ego", "whole"):
        found = structural_holes(G, model=model, weight="weight")
        for i in S:
            within = ({i} | set(S[i])) if model == "ego" else None
            effective, constraint = definition(S, i, within)
            got = found[i]
            if effective is None:
                assert got["effective_size"] is None and got["constraint"] is None
            else:
                assert got["effective_size"] == pytest.approx(effective, rel=1e-9, abs=1e-12)
                assert got["constraint"] == pytest.approx(constraint, rel=1e-9, abs=1e-12)


def test_whole_model_is_networkx():
    G = nx.les_miserables_graph()  # weighted, 77 nodes, many triangles
    found = structural_holes(G, model="whole", weight="weight")
    effective = nx.effective_size(G, weight="weight")
    constraint = nx.constraint(G, weight="weight")
    for node in G:
        assert found[node]["effective_size"] == pytest.approx(effective[node], rel=1e-12)
        assert found[node]["constraint"] == pytest.approx(constraint[node], rel=1e-12)


def test_no_edges_and_a_subset_of_nodes():
    G = nx.Graph()
    G.add_nodes_from("abc")
    assert structural_holes(G) == {x: {"effective_size": None, "constraint": None,
                                       "model": "ego"} for x in "abc"}
    G.add_edge("a", "b")
    assert structural_holes(G, model="whole", nodes=["a"]) == {
        "a": {"effective_size": 1.0, "constraint": 1.0, "model": "whole"}}


def test_the_ego_sums_are_never_added_before_the_alter_ties_they_read():
    """The ego model's sums read every block's alter ties: alter ties added after its
    second pass has begun would not be read (refused); the first pass's other sums
    read none."""
    import numpy as np

    from lcii_graph.analysis.structural_holes import BurtSums
    from lcii_graph.analysis.triangles import iter_triangles

    u, v, w = np.array([0, 0, 1]), np.array([1, 2, 2]), np.ones(3)
    sums = BurtSums(3, u, v, w)
    (block,) = iter_triangles(3, sums.u, sums.v, edges=True)
    arcs = sums.arcs(block)
    sums.first_pass(arcs, alter_ties=True)
    sums.second_pass(arcs)
    with pytest.raises(ValueError, match="alter ties before"):
        sums.first_pass(arcs, alter_ties=True)
    sums.first_pass(arcs, whole=True)  # the whole model reads none


def test_an_isolated_node_has_neither_measure_in_either_model():
    """Both measures of a node without ties are undefined (``nan``), each on its own: the
    table of local measures reads constraint without looking at effective size."""
    import numpy as np

    from lcii_graph.analysis.local import local_measures

    u, v, w = np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([1.0, 2.0, 3.0])
    table = local_measures(4, u, v, w, [None] * 4)
    assert np.isnan(table[3, :4]).all()
    assert not np.isnan(table[:3, :4]).any()
    for model in ("ego", "whole"):
        effective, constraint = burt_measures(4, u, v, w, model=model)
        assert np.isnan(effective[3]) and np.isnan(constraint[3])


def test_symmetrize_sums_both_directions_and_drops_loops():
    """A loop is left out and the ties after it kept; a tie without the weight counts
    1; an unweighted directed pair tied both ways weighs 2."""
    G = nx.DiGraph()
    G.add_edge("a", "a", weight=5)
    G.add_edge("a", "b", weight=2)
    G.add_edge("b", "a", weight=3)
    G.add_edge("b", "c")
    S = symmetrize(G, "weight")
    assert sorted(S.edges(data="weight")) == [("a", "b", 5), ("b", "c", 1)]
    S = symmetrize(G)
    assert sorted(S.edges(data="weight")) == [("a", "b", 2), ("b", "c", 1)]
