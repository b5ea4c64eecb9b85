"""The metric functions on small graphs whose answers are known by hand or by networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lcii_graph.analysis import centrality, cohesion, communities, cuts, homophily
from lcii_graph.analysis.brokerage import ROLES, brokerage, expected_brokerage
from lcii_graph.analysis.core_periphery import core_periphery
from lcii_graph.analysis.structural_holes import structural_holes


def test_freeman_centralization_star_and_clique():
    star = nx.star_graph(6)
    assert centrality.degree_centralization(star) == 1.0
    assert centrality.freeman_centralization(centrality.betweenness(star), "betweenness") == 1.0
    assert centrality.freeman_centralization(centrality.closeness(star), "closeness") == \
        pytest.approx(1.0)
    clique = nx.complete_graph(6)
    assert centrality.degree_centralization(clique) == 0.0
    assert centrality.freeman_centralization([1, 2], "degree") is None


def test_sampling_with_every_source_is_exact():
    G = nx.gnm_random_graph(60, 150, seed=4)
    assert centrality.betweenness(G, k=60) == pytest.approx(nx.betweenness_centrality(G))
    assert centrality.closeness(G, k=60) == pytest.approx(nx.closeness_centrality(G))


def test_sampled_betweenness_is_seeded():
    G = nx.gnm_random_graph(200, 600, seed=5)
    assert centrality.betweenness(G, k=20, seed=1) == centrality.betweenness(G, k=20, seed=1)
    assert centrality.betweenness(G, k=20, seed=1) != centrality.betweenness(G, k=20, seed=2)


def test_directed_centralities_match_networkx():
    D = nx.gnm_random_graph(40, 120, seed=6, directed=True)
    assert centrality.betweenness(D) == pytest.approx(nx.betweenness_centrality(D))
    assert centrality.closeness(D) == pytest.approx(nx.closeness_centrality(D))


def test_cut_point_pieces_match_removing_each_point():
    """The pieces without each cut point, and the nodes cut off: every piece but the
    largest, or every piece where the largest is a lone node (a star beside the random
    graph, and a chain of three)."""
    for seed in range(5):
        G = nx.gnm_random_graph(80, 90, seed=seed)
        G.add_edges_from([(100, 101), (100, 102), (100, 103), (200, 201), (201, 202)])
        pieces = cuts.cut_point_pieces(G)
        assert set(pieces) == set(nx.articulation_points(G))
        for node, found in pieces.items():
            parts = cuts.split_by(G, node)
            assert found["sizes"] == [len(p) for p in parts]
            cut = parts[1:] if len(parts[0]) > 1 else parts
            assert found["cut_off"] == set().union(*cut)
        assert pieces[100]["cut_off"] == {101, 102, 103}
        assert pieces[201]["cut_off"] == {200, 202}
        # A threshold leaves out the points below it, and only those.
        assert cuts.cut_point_pieces(G, min_cut_off=3) == {
            node: found for node, found in pieces.items() if len(found["cut_off"]) >= 3}


def test_split_by_of_an_organization_graph_is_the_networkx_graph_s():
    from lcii_graph.network.views import OrgGraph

    G = nx.relabel_nodes(nx.gnm_random_graph(60, 70, seed=2), lambda i: f"n{i:02d}")
    G.add_edges_from([("x0", "x1"), ("x0", "x2")])
    ids = sorted(G)
    index = {x: k for k, x in enumerate(ids)}
    u, v = (np.array(side) for side in zip(*((index[a], index[b]) for a, b in G.edges()),
                                               strict=True))
    graph = OrgGraph(ids, [{} for _ in ids], u, v, {"ties": np.ones(len(u))})
    for node in sorted(nx.articulation_points(G)) + ["x1", "n00"]:
        assert cuts.split_by(graph, node) == cuts.split_by(G, node)
    assert cuts.split_by(graph, "x0") == [{"x1"}, {"x2"}]


def test_bridges_and_articulation_points():
    G = nx.barbell_graph(4, 2)
    assert cuts.articulation_points(G) == sorted(nx.articulation_points(G))
    assert cuts.bridges(G) == sorted(tuple(sorted(e)) for e in nx.bridges(G))


def test_brokerage_roles_by_hand():
    D = nx.DiGraph()
    groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}
    D.add_nodes_from((n, {"g": g}) for n, g in groups.items())
    D.add_edges_from([("a1", "a2"), ("a2", "a3"),      # a1 -> a2 -> a3 stays in A
                      ("b1", "a1"), ("a1", "b2"),      # b1 -> a1 -> b2 leaves A and back
                      ("c1", "b1")])                   # c1 -> b1 -> a1 crosses three groups
    roles = brokerage(D, "g")
    assert roles["a2"] == {"coordinator": 1, "itinerant": 0, "gatekeeper": 0,
                           "representative": 0, "liaison": 0}
    # through a1: b1 -> a1 -> a2 (gatekeeper: a1 and a2 share A), b1 -> a1 -> b2 (itinerant)
    assert roles["a1"] == {"coordinator": 0, "itinerant": 1, "gatekeeper": 1,
                           "representative": 0, "liaison": 0}
    # through b1: c1 -> b1 -> a1: three groups
    assert roles["b1"]["liaison"] == 1 and sum(roles["b1"].values()) == 1
    expected = expected_brokerage(D, "g", roles)
    for node, counts in roles.items():
        assert sum(expected[node].values()) == pytest.approx(sum(counts.values()))
    # a2 in A (3 of 6): coordinator share (2*1)/(5*4)
    assert expected["a2"]["coordinator"] == pytest.approx(2 / 20)
    assert set(expected["a2"]) == set(ROLES)


def test_undirected_brokerage_is_symmetric():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: "x", 1: "y", 2: "z"}, "g")
    assert brokerage(G, "g")[1]["liaison"] == 2  # 0 -> 1 -> 2 and 2 -> 1 -> 0


def test_homophily_on_two_groups():
    G = nx.Graph([(1, 2), (3, 4), (1, 3)])
    nx.set_node_attributes(G, {1: "a", 2: "a", 3: "b", 4: "b"}, "s")
    assert homophily.ei_index(G, "s") == pytest.approx((1 - 2) / 3)
    assert homophily.mixing_matrix(G, "s") == {"a": {"a": 1, "b": 1}, "b": {"a": 1, "b": 1}}
    assert homophily.assortativity(G, "s") == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "s"))
    nx.set_node_attributes(G, {4: None}, "s")
    assert homophily.ei_index(G, "s") == 0.0  # the tie 3-4 drops out: one in, one across


def test_louvain_is_seeded_and_modularity_matches_networkx():
    G = nx.connected_caveman_graph(4, 5)
    first = communities.louvain(G, seed=7, weight=None)
    assert first == communities.louvain(G, seed=7, weight=None)
    assert sorted(map(len, first)) == [5, 5, 5, 5]
    assert communities.modularity(G, first) == pytest.approx(
        nx.community.modularity(G, first))


def test_louvain_lists_the_largest_community_first_and_seeds_with_0():
    """A clique of six and one of three, a tie between them, and a lone node: largest
    first, the lone node last; by default the same communities as seed 0."""
    G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(6))
    G.add_edge(0, 3)
    G.add_node(9)
    found = communities.louvain(G, weight=None)
    assert found == [{3, 4, 5, 6, 7, 8}, {0, 1, 2}, {9}]
    caveman = nx.relaxed_caveman_graph(8, 6, 0.3, seed=1)
    assert communities.louvain(caveman, weight=None) == \
        communities.louvain(caveman, weight=None, seed=0)


def test_the_dominant_value_breaks_a_tie_by_text_order():
    assert communities.dominant(["nonprofit", "community", "community", "nonprofit"]) == \
        ("community", 2)
    assert communities.dominant(["b", "a", "b"]) == ("b", 2)


def test_the_louvain_job_starts_from_the_work_worth_keeping(tmp_path, monkeypatch):
    """A job at exactly WORTH_KEEPING nodes × edges, none one below, none once kept."""
    from lcii_graph.analysis import cache
    from lcii_graph.network.views import OrgGraph

    monkeypatch.setenv("LCII_CACHE", str(tmp_path / "cache"))
    ids = [f"o{k}" for k in range(6)]
    graph = OrgGraph(ids, [{} for _ in ids], np.array([0, 1, 2, 3, 4]),
                     np.array([1, 2, 0, 4, 5]), {"ties": np.ones(5)})
    work = graph.n * graph.m
    monkeypatch.setattr(cache, "WORTH_KEEPING", work + 1)
    assert communities.louvain_job(graph) is None
    monkeypatch.setattr(cache, "WORTH_KEEPING", work)
    key, job = communities.louvain_job(graph)
    assert key == ("louvain", "weight", 1.0, 0)
    assert sorted(map(sorted, communities.louvain(graph))) == [["o0", "o1", "o2"],
                                                                ["o3", "o4", "o5"]]
    assert communities.louvain_job(OrgGraph(ids, [{} for _ in ids], graph.u, graph.v,
                                            {"ties": np.ones(5)})) is None  # kept


def test_core_periphery_of_a_clique_with_tails():
    G = nx.complete_graph(5)
    G.add_edges_from([(0, 10), (10, 11), (1, 12)])
    found = core_periphery(G)
    assert found["k"] == 4 and found["core"] == [0, 1, 2, 3, 4]
    assert found["periphery"] == [10, 11, 12]
    assert found["densities"] == {"core": 1.0, "core_periphery": 2 / 15,
                                  "periphery": 1 / 3}


def test_core_periphery_of_a_forest_and_of_isolated_nodes():
    """A forest's every tied node is in its core (k = 1); a node without ties is in
    neither core nor periphery."""
    G = nx.path_graph(4)
    G.add_node(9)
    found = core_periphery(G)
    assert found["k"] == 1 and found["core"] == [0, 1, 2, 3] and found["periphery"] == []
    assert found["coreness"][9] == 0
    G = nx.complete_graph(4)
    G.add_edge(3, 5)
    G.add_node(9)
    found = core_periphery(G)
    assert found["core"] == [0, 1, 2, 3] and found["periphery"] == [5]
    assert found["densities"] == {"core": 1.0, "core_periphery": 1 / 4, "periphery": None}


def test_a_tie_without_the_weight_weighs_one_in_igraph():
    """As networkx reads it: an edge lacking the weight attribute has weight 1."""
    from lcii_graph.analysis._igraph import as_igraph

    G = nx.Graph()
    G.add_edge(0, 1, weight=3)
    G.add_edge(1, 2)
    G.add_edge(2, 0, weight=2)
    graph, nodes = as_igraph(G, weight="weight")
    assert graph.get_edgelist() == [(0, 1), (0, 2), (1, 2)] and nodes == [0, 1, 2]
    assert graph.es["weight"] == [3, 2, 1]


def test_components_and_isolates():
    G = nx.Graph([(1, 2), (3, 4), (4, 5)])
    G.add_node(6)
    assert cohesion.components(G) == [{3, 4, 5}, {1, 2}, {6}]
    assert cohesion.isolates(G) == [6]
    assert cohesion.density(G) == pytest.approx(3 / 15)


def test_empty_and_single_node_graphs():
    for G in (nx.Graph(), nx.path_graph(1)):
        assert centrality.closeness(G) == nx.closeness_centrality(G)
        assert centrality.betweenness(G) == nx.betweenness_centrality(G)
        assert centrality.degree_centrality(G) == pytest.approx(nx.degree_centrality(G))
        assert cuts.articulation_points(G) == []
        assert homophily.ei_index(G, "x") is None
        assert homophily.assortativity(G, "x") is None
        assert core_periphery(G)["core"] == []


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 16).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from(["x", "y", "z", None]), min_size=n, max_size=n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=50))))
def test_undirected_brokerage_counts_equal_the_two_path_walk(graph):
    """The triangle-based counts of an undirected graph equal walking every two-path
    of the same graph read as symmetric (both arcs of each tie)."""
    groups, edges = graph
    G = nx.Graph()
    G.add_nodes_from((k, {"g": g}) for k, g in enumerate(groups))
    G.add_edges_from(edges)
    assert brokerage(G, "g") == brokerage(G.to_directed(), "g")


def test_node_metrics_need_no_networkx_copy(example_dir, tmp_path, monkeypatch):
    """The node and sector rows come from the organization graph's arrays (no networkx
    copy: at 100,000 organizations it would take gigabytes), with the local measures
    or without them (above LOCAL_WORK_LIMIT), the other values the same."""
    import importlib

    from lcii_graph import import_workbook, metrics, open_store
    from lcii_graph.network import network_of
    from lcii_graph.network.views import OrgGraph

    metrics_module = importlib.import_module("lcii_graph.analysis.metrics")

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        network = network_of(s)
    monkeypatch.setattr(OrgGraph, "to_networkx", lambda graph: pytest.fail("networkx copy"))
    local = metrics(network, level="node")
    sectors = metrics(network, level="sector")
    by_community = metrics(network, level="community")
    assert {"constraint_ego", "brokerage_liaison"} <= set(local[0])
    monkeypatch.setattr(metrics_module, "LOCAL_WORK_LIMIT", 0)
    large = metrics(network, level="node")
    assert metrics(network, level="community") == by_community
    assert metrics(network, level="sector") == [
        {k: v for k, v in row.items() if "brokerage" not in k and "expected" not in k}
        for row in sectors]
    assert [set(row) for row in large] == [
        {k for k in row if "effective_size" not in k and "constraint" not in k
         and not k.startswith("brokerage")} for row in local]
    assert [{k: row[k] for k in large[0]} for row in local] == large


def test_the_example_network_measures_pinned_against_networkx(example_dir, tmp_path):
    """Whole-network measures of the example's organization view, each computed again by
    networkx from the same edges (a wrong formula, 3m/(n(n-1)) for density say, fails)."""
    import networkx as nx

    from lcii_graph import import_workbook, metrics
    from lcii_graph.network.model import network_of
    from lcii_graph.network.views import organization_graph

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    network = network_of(str(store), today="2026-12-01")
    G = organization_graph(network).to_networkx()
    simple = nx.Graph(G)
    found = metrics(network)
    assert found["nodes"] == simple.number_of_nodes() == 103
    assert found["edges"] == simple.number_of_edges() == 1170
    assert found["density"] == pytest.approx(nx.density(simple), abs=1e-12)
    assert found["density"] == pytest.approx(2 * 1170 / (103 * 102), abs=1e-12)
    assert found["components"] == nx.number_connected_components(simple)
    assert found["isolates"] == nx.number_of_isolates(simple)
    assert found["largest_component"] == len(max(nx.connected_components(simple), key=len))
    assert found["articulation_points"] == len(list(nx.articulation_points(simple)))
    assert found["bridges"] == len(list(nx.bridges(simple)))


def test_the_mixing_matrix_gives_an_absent_group_no_ties():
    """A category asked for but held by no node (a sector not in the network) has a row
    and a column of zeros, and the present groups keep their counts."""
    G = nx.Graph([(1, 2), (3, 4), (1, 3)])
    nx.set_node_attributes(G, {1: "a", 2: "a", 3: "b", 4: "b"}, "s")
    matrix = homophily.mixing_matrix(G, "s", categories=["a", "b", "c"])
    assert matrix == {"a": {"a": 1, "b": 1, "c": 0}, "b": {"a": 1, "b": 1, "c": 0},
                      "c": {"a": 0, "b": 0, "c": 0}}


def test_exact_or_sampled_follows_the_work(monkeypatch):
    """Exact while nodes × edges is at most EXACT_WORK; above it as many sources as that
    work pays for, never fewer than SAMPLE_SOURCES, never all of them. (Was: exact up to
    5,000 nodes whatever the edges: 5,000 organizations took twice as long as 10,000, and
    a table of 3,000 members, 4.5 million ties, took 82 s for betweenness alone.)"""
    monkeypatch.setattr(centrality, "EXACT_WORK", 1_000)
    monkeypatch.setattr(centrality, "SAMPLE_SOURCES", 4)
    assert centrality.sample_size(10, 100) is None          # 1,000: exact
    assert centrality.sample_size(11, 100) == 10            # 1,100: the work of 10 sources
    assert centrality.sample_size(100, 100) == 10
    assert centrality.sample_size(20, 300) == 4              # 1,000 // 300 = 3: at least 4
    assert centrality.sample_size(4, 300) is None           # 4 sources would be all of them
    assert centrality.sample_size(5, 0) is None             # no edges, no work
    G = nx.path_graph(40)
    sampled = centrality.betweenness(G)                     # 40 × 39 > 1,000: 25 sources
    assert sampled == centrality.betweenness(G, k=25)
    assert sampled != centrality.betweenness(G, k=40)


def test_eigenvector_on_a_long_chain_says_nothing_on_stderr():
    """Was: igraph's RuntimeWarning ("Some eigenvector centralities are nearly zero ...
    Location: src/centrality/eigenvector.c") reached the terminal under `metrics --level
    node --view people` on the M network: a clique with a long chain hanging off it is
    one component, its far end scoring nearly zero. The scores stay networkx's."""
    import warnings

    from lcii_graph.analysis import centrality

    G = nx.complete_graph(20)
    nx.add_path(G, [19, *range(20, 60)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scores = centrality.eigenvector(G)
    expected = nx.eigenvector_centrality(G, max_iter=10_000, tol=1e-12)
    assert scores == pytest.approx(expected, abs=1e-6)
    assert min(scores.values()) < 1e-12


def test_node_rows_without_detail_are_the_first_columns(example_dir, tmp_path, monkeypatch):
    """``detail=False`` (a text table) gives each node's NODE_COLUMNS, the values of the
    full rows, and computes neither the local nor the directed measures; the full rows
    start with the same columns (the example's ties run one way too: it is directed)."""
    import importlib

    from lcii_graph import import_workbook, metrics
    from lcii_graph.analysis import directed, local

    metrics_module = importlib.import_module("lcii_graph.analysis.metrics")
    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    full = metrics(str(store), level="node")
    assert tuple(full[0])[:len(metrics_module.NODE_COLUMNS)] == metrics_module.NODE_COLUMNS
    assert {"constraint_ego", "closeness_in"} <= set(full[0])
    monkeypatch.setattr(local, "local_measures", lambda *a: pytest.fail("local measures"))
    monkeypatch.setattr(directed, "node_measures", lambda *a, **k: pytest.fail("directed"))
    monkeypatch.setenv("LCII_CACHE", "off")
    brief = metrics(str(store), level="node", detail=False)
    assert brief == [{k: row[k] for k in metrics_module.NODE_COLUMNS} for row in full]


def test_a_node_table_computes_only_what_it_shows(example_dir, tmp_path, monkeypatch):
    """`metrics --level node` as a table: the same text as the full rows give, without
    the local measures; --csv computes them."""
    from click.testing import CliRunner

    from lcii_graph import import_workbook, metrics
    from lcii_graph.analysis import local
    from lcii_graph.cli import cli
    from lcii_graph.cli.analysis import _cell
    from lcii_graph.export.tables import to_table

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    monkeypatch.setenv("LCII_CACHE", "off")
    full = metrics(str(store), level="node")
    columns = list(full[0])[:12]
    expected = to_table([{k: _cell(r[k]) for k in columns} for r in full], columns,
                        width=200)
    monkeypatch.setenv("COLUMNS", "200")
    computed = []
    real = local.local_measures
    monkeypatch.setattr(local, "local_measures", lambda *a: computed.append(1) or real(*a))
    runner = CliRunner()
    table = runner.invoke(cli, ["-q", "--store", str(store), "metrics", "--level", "node"])
    assert table.exit_code == 0 and computed == []
    assert table.output == expected + "\n"
    assert runner.invoke(cli, ["-q", "--store", str(store), "metrics", "--level", "node",
                               "--csv"]).exit_code == 0
    assert computed == [1]


def test_every_node_level_column_is_its_measure(example_dir, tmp_path, monkeypatch):
    """Each column of the node level's rows holds its own measure of that node, as
    networkx (or the measure's own tested function) gives it for the organization graph:
    the rows are made before the measures second processes find are filled in, and a
    column left empty or given another node's value fails here."""
    from lcii_graph import import_workbook, metrics, open_store
    from lcii_graph.network import network_of
    from lcii_graph.network.views import organization_graph

    monkeypatch.setenv("LCII_CACHE", "off")
    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        network = network_of(s)
    rows = metrics(network, level="node")
    G = organization_graph(network).to_networkx()
    n = G.number_of_nodes()
    assert len(rows) == n > 100
    by_id = {row["id"]: row for row in rows}
    members = {node: k for k, c in enumerate(metrics(network, level="community"))
               for node in c["members"]}
    found = {node: k for k, c in enumerate(communities.louvain(G, seed=0)) for node in c}
    between = nx.betweenness_centrality(G)
    close = nx.closeness_centrality(G)
    # The leading eigenvector of the weighted adjacency matrix, by numpy (unit length).
    import numpy as np

    order = list(G)
    values, vectors = np.linalg.eigh(nx.to_numpy_array(G, nodelist=order, weight="weight"))
    eigen = dict(zip(order, np.abs(vectors[:, np.argmax(values)]), strict=True))
    core = nx.core_number(G)
    cut = set(nx.articulation_points(G))
    # Burt's measures by their own function, checked against networkx's in
    # test_structural_holes (networkx's own take 9 s on this graph).
    holes = {model: structural_holes(G, model=model, weight="weight")
             for model in ("ego", "whole")}
    roles = brokerage(G, "sector")
    assert len(set(members.values())) > 5  # many communities: a wrong one shows
    assert any(G.degree(node) == 0 for node in G)  # an isolated node: None for Burt's
    for node, row in by_id.items():
        assert row["degree"] == G.degree(node)
        assert row["degree_centrality"] == pytest.approx(G.degree(node) / (n - 1))
        assert row["betweenness"] == pytest.approx(between[node], abs=1e-12)
        assert row["closeness"] == pytest.approx(close[node], abs=1e-12)
        assert row["eigenvector"] == pytest.approx(eigen[node], abs=1e-6)
        assert row["community"] == members[node]
        assert row["community"] == found[node]
        assert row["coreness"] == core[node]
        assert row["articulation_point"] == (node in cut)
        for model in ("ego", "whole"):
            assert row[f"effective_size_{model}"] == holes[model][node]["effective_size"]
            assert row[f"constraint_{model}"] == holes[model][node]["constraint"]
        assert {role: row[f"brokerage_{role}"] for role in ROLES} == roles[node]
        assert all(type(row[f"brokerage_{role}"]) is int for role in ROLES)  # counts


def test_edge_ends_are_igraphs_own_from_the_arrays_or_its_list(example_dir, tmp_path):
    """The ends of an organization graph's edges (and its directed ties' arcs) come from
    its arrays, in igraph's own order; any other igraph graph's from its edge list; core
    and periphery are the same from the arrays as from networkx."""
    from lcii_graph import import_workbook
    from lcii_graph.analysis._igraph import edge_ends
    from lcii_graph.analysis.directed import Arcs
    from lcii_graph.network.model import network_of
    from lcii_graph.network.views import organization_graph

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    graph = organization_graph(network_of(str(store), today="2026-12-01"))
    arcs = Arcs.from_networkx(nx.gnp_random_graph(30, 0.2, seed=1, directed=True))
    for G in (graph, arcs):
        own = G.to_igraph()
        tails, heads = edge_ends(G, own)
        assert tails is G.edge_ends()[0] and heads is G.edge_ends()[1]
        assert list(zip(tails.tolist(), heads.tolist(), strict=True)) == own.get_edgelist()
    other = arcs.to_igraph().as_undirected()
    tails, heads = edge_ends(arcs, other)
    assert list(zip(tails.tolist(), heads.tolist(), strict=True)) == other.get_edgelist()
    assert len(tails) < arcs.m  # the pairs tied both ways collapsed: not the arcs
    found, expected = core_periphery(graph), core_periphery(graph.to_networkx())
    assert found == expected and found["densities"]["core_periphery"] > 0


def test_louvain_of_an_organization_graph_unweighted_where_asked():
    """``weight=None`` on an organization graph: the communities of its ties alone, as
    of the same ties in networkx; its weights give others."""
    from lcii_graph.network.views import OrgGraph

    caves = nx.relaxed_caveman_graph(6, 5, 0.3, seed=8)
    u, v = (np.array(side) for side in zip(*[sorted(e) for e in caves.edges()], strict=True))
    ids = [f"o{k}" for k in range(caves.number_of_nodes())]
    strengths = np.random.default_rng(0).integers(1, 20, len(u)).astype(float)
    graph = OrgGraph(ids, [{} for _ in ids], u, v, {"ties": strengths})
    plain = nx.Graph()
    plain.add_nodes_from(range(len(ids)))
    plain.add_edges_from(zip(u.tolist(), v.tolist(), strict=True))
    expected = [{f"o{k}" for k in c} for c in communities.louvain(plain, weight=None)]
    assert communities.louvain(graph, weight=None) == expected
    assert communities.louvain(graph) != expected
