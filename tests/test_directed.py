"""Directed measures (#15): the campnet values UCINET publishes and the Knoke networks
computed by their definitions, through `lcii-graph metrics`, and Krackhardt's dimensions
checked against a literal transcription of their definitions.

The reference data stays outside the project; the tests that read it skip, naming the
folder, where it is absent.
"""

from __future__ import annotations

import csv
import itertools
import json
import random

import networkx as nx
import numpy as np
import pytest

from lcii_graph.analysis import directed

from .conftest import reference


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def metrics_json(run, *args):
    result = run("metrics", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- the definitions, transcribed literally (n^4; only for small graphs) ------------

def reachability(D):
    """R[i, j]: j is reached from i by a directed path; every node reaches itself."""
    nodes = list(D)
    index = {x: i for i, x in enumerate(nodes)}
    R = np.eye(len(nodes), dtype=bool)
    for x in nodes:
        for y in nx.descendants(D, x):
            R[index[x], index[y]] = True
    return nodes, index, R


def lub_by_definition(D):
    """Krackhardt's least upper boundedness as R's sna::lubness computes it: for each pair
    in a weak component of 3 or more, look for an upper bound that reaches every other."""
    _, index, R = reachability(D)
    violations = room = 0
    for part in nx.weakly_connected_components(D):
        members = [index[x] for x in part]
        c = len(members)
        if c < 3:
            continue
        room += (c - 1) * (c - 2) / 2
        for a, b in itertools.combinations(members, 2):
            bounds = [k for k in members if R[k, a] and R[k, b]]
            if not any(all(R[k, other] for other in bounds) for k in bounds):
                violations += 1
    return None if room == 0 else 1 - violations / room


def hierarchy_by_definition(D):
    """1 - mutual / (mutual + asymmetric) pairs of the reachability graph."""
    _, _, R = reachability(D)
    mutual = asymmetric = 0
    for i, j in itertools.combinations(range(len(R)), 2):
        if R[i, j] and R[j, i]:
            mutual += 1
        elif R[i, j] or R[j, i]:
            asymmetric += 1
    return None if mutual + asymmetric == 0 else asymmetric / (mutual + asymmetric)


def efficiency_by_definition(D):
    sizes = [len(c) for c in nx.weakly_connected_components(D)]
    room = sum(c * (c - 1) - (c - 1) for c in sizes)
    return None if room == 0 else 1 - (D.number_of_edges() - sum(c - 1 for c in sizes)) / room


def connectedness_by_definition(D):
    n = D.number_of_nodes()
    U = D.to_undirected()
    joined = sum(1 for a, b in itertools.combinations(D, 2) if nx.has_path(U, a, b))
    return joined / (n * (n - 1) / 2)


def paths_by_definition(D):
    lengths = [d for source, targets in nx.all_pairs_shortest_path_length(D)
               for target, d in targets.items() if target != source]
    return sum(lengths) / len(lengths), max(lengths)


# --- campnet through the command line ------------------------------------------------

@pytest.fixture
def campnet_store(tmp_path, run):
    """Campnet imported as a user would: its edge list as it is, its people as
    organizations whose sector carries the gender (1 = female, 2 = male)."""
    folder = reference("campnet")
    workbook = tmp_path / "campnet"
    workbook.mkdir()
    sector = {"1": "community", "2": "business"}
    write_csv(workbook / "organizations.csv", ["id", "name", "sector"],
              [[r["name"], r["name"], sector[r["gender_1F_2M"]]]
               for r in read_rows(folder / "campnet_nodes.csv")])
    (workbook / "ties.csv").write_bytes((folder / "campnet_edges.csv").read_bytes())
    result = run("import", workbook, "-q")
    assert result.exit_code == 0, result.output
    return run


def test_campnet_directed_values_come_out_of_metrics_json(campnet_store):
    """UCINET 6.849 on campnet, the directed graph (reference README): E-I -0.667,
    H 0.833, assortativity 0.664, modularity of the gender partition 0.329. The
    undirected collapse gives other numbers (E-I -0.600, assortativity 0.595): both are
    printed, each labelled."""
    result = metrics_json(campnet_store)
    assert result["directed"] is True
    assert result["directed_arcs"] == 54
    assert result["directed_ei_index_sector"] == pytest.approx(-0.667, abs=5e-4)
    assert result["directed_internal_share_sector"] == pytest.approx(0.833, abs=5e-4)
    assert result["directed_assortativity_sector"] == pytest.approx(0.664, abs=5e-4)
    assert result["directed_modularity_sector"] == pytest.approx(0.329, abs=5e-4)
    assert result["ei_index_sector"] == pytest.approx(-0.600, abs=5e-4)
    assert result["directed_density"] == pytest.approx(54 / (18 * 17))
    assert any(note.startswith("directed_ei_index_sector") for note in result["notes"])


def test_campnet_table_labels_both_readings(campnet_store):
    result = campnet_store("metrics")
    assert result.exit_code == 0
    lines = {line.split()[0]: line.split()[-1] for line in result.stdout.splitlines()
             if line and not line.startswith(("note", " ", "-"))}
    assert lines["ei_index_sector"] == "-0.60"
    assert lines["directed_ei_index_sector"] == "-0.67"
    assert "hierarchy (Krackhardt): pairs reached one way only / pairs reached at all" in \
        result.stdout


# --- Knoke through the command line --------------------------------------------------

GOVERNMENT = {"COUN", "EDUC", "MAYR", "WELF"}


def knoke(kind):
    folder = reference("knoke_bureaucracies")
    G = nx.DiGraph()
    for r in read_rows(folder / "knoke_nodes.csv"):
        G.add_node(r["label"], sector="government" if r["label"] in GOVERNMENT
                   else "nonprofit")
    G.add_edges_from((r["source"], r["target"])
                     for r in read_rows(folder / f"knoke_{kind}_edges.csv"))
    return G


@pytest.mark.parametrize("kind", ["information", "money"])
def test_knoke_directed_measures_by_their_definitions(kind, tmp_path, run):
    """Knoke & Wood (1981): each directed measure `metrics` prints equals its definition
    computed here independently (published values are kept for independent checks:
    the definitions are what the numbers must follow)."""
    G = knoke(kind)
    workbook = tmp_path / kind
    workbook.mkdir()
    write_csv(workbook / "organizations.csv", ["id", "name", "sector"],
              [[x, x, d["sector"]] for x, d in G.nodes(data=True)])
    write_csv(workbook / "ties.csv", ["from", "to"], list(G.edges()))
    assert run("import", workbook, "-q").exit_code == 0
    result = metrics_json(run)
    n = 10
    assert result["directed_arcs"] == G.number_of_edges()
    assert result["directed_density"] == pytest.approx(G.number_of_edges() / (n * (n - 1)))
    mutual = sum(1 for a, b in G.edges() if G.has_edge(b, a)) // 2
    assert result["directed_reciprocity"] == pytest.approx(
        mutual / (G.number_of_edges() - mutual))
    assert result["connectedness"] == pytest.approx(connectedness_by_definition(G))
    assert result["hierarchy"] == pytest.approx(hierarchy_by_definition(G))
    assert result["efficiency"] == pytest.approx(efficiency_by_definition(G))
    assert result["least_upper_boundedness"] == pytest.approx(lub_by_definition(G))
    mean, diameter = paths_by_definition(G)
    assert result["directed_mean_path_length"] == pytest.approx(mean)
    assert result["directed_diameter"] == diameter
    undirected = [d for _, d in G.to_undirected().degree()]
    assert result["degree_centralization_freeman"] == pytest.approx(
        sum(max(undirected) - d for d in undirected) / ((n - 1) * (n - 2)))
    total = [G.in_degree(x) + G.out_degree(x) for x in G]
    assert result["degree_centralization_ora"] == pytest.approx(
        sum(max(total) - t for t in total) / (2 * (n - 1) * (n - 2)))
    assert result["directed_ei_index_sector"] == pytest.approx(
        (lambda e, i: (e - i) / (e + i))(
            sum(G.nodes[a]["sector"] != G.nodes[b]["sector"] for a, b in G.edges()),
            sum(G.nodes[a]["sector"] == G.nodes[b]["sector"] for a, b in G.edges())))
    assert result["directed_assortativity_sector"] == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "sector"))
    nodes = {row["id"]: row for row in json.loads(
        run("metrics", "--level", "node", "--json").stdout)}
    closeness_in = nx.closeness_centrality(G)
    closeness_out = nx.closeness_centrality(G.reverse())
    for x in G:
        assert nodes[x]["in_degree"] == G.in_degree(x)
        assert nodes[x]["out_degree"] == G.out_degree(x)
        assert nodes[x]["closeness_in"] == pytest.approx(closeness_in[x])
        assert nodes[x]["closeness_out"] == pytest.approx(closeness_out[x])


# --- each dimension at its ends ------------------------------------------------------

def out_tree():
    return nx.DiGraph([(0, 1), (0, 2), (1, 3), (1, 4), (2, 5), (2, 6)])


def test_an_out_tree_is_a_perfect_hierarchy():
    """Krackhardt's ideal: connected, hierarchic, efficient, every pair with a LUB."""
    T = out_tree()
    assert directed.connectedness(T) == 1
    assert directed.hierarchy(T) == 1
    assert directed.efficiency(T) == 1
    assert directed.least_upper_boundedness(T) == 1


def test_each_dimension_falls_when_its_condition_breaks():
    cycle = nx.DiGraph([(0, 1), (1, 2), (2, 0)])
    assert directed.hierarchy(cycle) == 0  # every pair reaches each other
    two_bosses = nx.DiGraph([(0, 2), (1, 2)])
    # (0, 1) has no upper bound at all; (0, 2) and (1, 2) have 0 and 1: 1 violation of 1.
    assert directed.least_upper_boundedness(two_bosses) == 0
    complete = nx.complete_graph(4, create_using=nx.DiGraph)
    assert directed.efficiency(complete) == 0
    apart = nx.DiGraph([(0, 1), (2, 3)])
    assert directed.connectedness(apart) == pytest.approx(2 / 6)
    # one more arc than a tree: one redundant arc of (4-1)² possible
    assert directed.efficiency(nx.DiGraph([(0, 1), (1, 2), (2, 3), (3, 0)])) == \
        pytest.approx(1 - 1 / 9)


def test_undefined_where_the_definition_has_no_room():
    pair = nx.DiGraph([(0, 1)])
    assert directed.least_upper_boundedness(pair) is None  # no component of 3
    assert directed.efficiency(pair) == 1
    lone = nx.DiGraph()
    lone.add_nodes_from([0, 1])
    assert directed.hierarchy(lone) is None
    assert directed.efficiency(lone) is None
    assert directed.density(nx.DiGraph()) is None


def test_ora_centralization_of_a_mutual_star_is_one_and_freeman_agrees():
    star = nx.DiGraph()
    for leaf in range(1, 6):
        star.add_edges_from([(0, leaf), (leaf, 0)])
    assert directed.ora_degree_centralization(star) == pytest.approx(1)
    one_way = nx.DiGraph([(0, leaf) for leaf in range(1, 6)])
    # total degrees 5, 1, 1, 1, 1, 1: 5 × 4 over 2 × 5 × 4
    assert directed.ora_degree_centralization(one_way) == pytest.approx(0.5)


def test_krackhardt_dimensions_equal_the_literal_definitions_on_random_graphs():
    rng = random.Random(7)
    for seed in range(250):
        D = nx.gnp_random_graph(rng.randint(1, 11), rng.random() * 0.45, directed=True,
                                seed=seed)
        assert directed.least_upper_boundedness(D) == pytest.approx(lub_by_definition(D)), \
            sorted(D.edges())
        assert directed.hierarchy(D) == pytest.approx(hierarchy_by_definition(D))
        assert directed.efficiency(D) == pytest.approx(efficiency_by_definition(D))
        if D.number_of_edges():
            mean, diameter = paths_by_definition(D)
            assert directed.paths(D) == {"mean_path_length": pytest.approx(mean),
                                         "diameter": diameter}


def test_the_closure_holds_across_words_of_64_groups():
    # Hierarchy and least upper boundedness read bits: a chain of 150 groups (three
    # 64-bit words) with a cycle of three at each end and a second root.
    D = nx.DiGraph([(i, i + 1) for i in range(150)])
    D.add_edges_from([(1, 0), (2, 0), (150, 148), ("r", 70)])
    assert directed.hierarchy(D) == pytest.approx(hierarchy_by_definition(D))
    assert directed.least_upper_boundedness(D) == pytest.approx(lub_by_definition(D))


def test_groups_alone_in_their_component_count_as_the_definitions_say():
    # A cycle of three alone (one group, its own source), a mutual pair alone, isolates,
    # and two roots over a tree: the groups alone are summed without a closure of their
    # own.
    D = nx.DiGraph([("c1", "c2"), ("c2", "c3"), ("c3", "c1"), ("p", "q"), ("q", "p"),
                    ("t", "u"), ("t", "v"), ("v", "w"), ("s", "u")])
    D.add_nodes_from(["i1", "i2"])
    assert directed.hierarchy(D) == pytest.approx(hierarchy_by_definition(D))
    assert directed.least_upper_boundedness(D) == pytest.approx(lub_by_definition(D))


# --- when the network is directed ----------------------------------------------------

def test_ties_confirmed_both_ways_give_no_directed_block(tmp_path, run):
    write_csv(tmp_path / "organizations.csv", ["id", "name", "sector"],
              [["a", "A", "government"], ["b", "B", "business"], ["c", "C", "nonprofit"]])
    write_csv(tmp_path / "ties.csv", ["from", "to", "confirmed"],
              [["a", "b", "yes"], ["b", "c", "yes"]])
    assert run("import", tmp_path, "-q").exit_code == 0
    result = metrics_json(run)
    assert result["directed"] is False
    assert "directed_density" not in result
    write_csv(tmp_path / "ties.csv", ["from", "to", "confirmed"],
              [["a", "b", "yes"], ["b", "c", "no"]])
    assert run("import", tmp_path, "-q").exit_code == 0
    result = metrics_json(run)
    assert result["directed"] is True and result["directed_one_way_arcs"] == 1
    assert metrics_json(run, "--exclude", "ties")["directed"] is False


def test_path_measures_left_out_above_their_work_and_said(campnet_store, monkeypatch):
    monkeypatch.setattr(directed, "PATH_WORK", 18 * 54 - 1)
    result = metrics_json(campnet_store)
    assert "hierarchy" not in result and "directed_diameter" not in result
    assert "directed_density" in result
    assert any("18 organizations × 54 arcs, more than 971" in note
               for note in result["notes"])
    monkeypatch.setattr(directed, "PATH_WORK", 18 * 54)
    assert "hierarchy" in metrics_json(campnet_store)


def test_arcs_from_pairs_keep_each_arc_once_between_known_nodes():
    arcs = directed.Arcs.from_pairs(["a", "b", "c"], ["x", "y", None],
                                    [("a", "b"), ("a", "b"), ("b", "a"), ("c", "c"),
                                     ("a", "zz"), ("zz", "b"), ("c", "a")])
    pairs = sorted(zip(arcs.a.tolist(), arcs.b.tolist(), strict=True))
    assert pairs == [(0, 1), (1, 0), (2, 0)]
    assert arcs.mutual().tolist() == [True, True, False]
    assert directed.one_way_arcs(arcs) == 1


def test_small_graphs_at_each_guard():
    one = nx.DiGraph()
    one.add_node(0)
    assert directed.density(one) is None and directed.connectedness(one) is None
    pair = nx.DiGraph([(0, 1)])
    assert directed.density(pair) == 0.5
    assert directed.reciprocity(pair) == 0.0
    assert directed.connectedness(pair) == 1.0
    assert directed.paths(pair) == {"mean_path_length": 1.0, "diameter": 1}
    assert directed.reciprocity(nx.DiGraph()) is None
    triangle = nx.DiGraph([(0, 1), (0, 2)])  # total degrees 2, 1, 1
    assert directed.ora_degree_centralization(triangle) == pytest.approx(2 / (2 * 2 * 1))
    assert directed.freeman_degree_centralization(triangle) == pytest.approx(2 / 2)
    assert directed.ora_degree_centralization(pair) is None


def test_mixing_of_groups_counted_over_arcs():
    D = nx.DiGraph([(0, 1), (1, 0), (1, 2), (2, 3)])
    nx.set_node_attributes(D, {0: "x", 1: "x", 2: "y", 3: None}, "sector")
    arcs = directed.Arcs.from_networkx(D)
    result = directed.mixing(arcs)
    # known arcs: 0->1, 1->0 inside x; 1->2 across. 2->3 has an unknown end.
    assert result["ei_index"] == pytest.approx((1 - 2) / 3)
    assert result["internal_share"] == pytest.approx(2 / 3)
    assert result["assortativity"] == pytest.approx(
        nx.attribute_assortativity_coefficient(D.subgraph([0, 1, 2]), "sector"))
    groups = [{0, 1}, {2}, {3}]
    assert result["modularity"] == pytest.approx(nx.community.modularity(D, groups))
    inside = nx.DiGraph([(0, 1), (1, 0)])
    nx.set_node_attributes(inside, "x", "sector")
    assert directed.mixing(directed.Arcs.from_networkx(inside))["assortativity"] is None


def test_every_directed_measure_printed_is_defined_in_the_notes(campnet_store):
    result = metrics_json(campnet_store)
    keys = [k for k in result if k.startswith("directed_") or k in (
        "connectedness", "hierarchy", "efficiency", "least_upper_boundedness",
        "degree_centralization_freeman", "degree_centralization_ora")]
    defined = " ".join(result["notes"])
    for key in keys:
        if key in ("directed_arcs", "directed_one_way_arcs"):
            continue
        assert key in defined or key.startswith("directed_") and \
            "directed_*" in defined, key
    for label in ("directed_density", "directed_reciprocity", "directed_mean_path_length",
                  "connectedness (Krackhardt)", "hierarchy (Krackhardt)",
                  "efficiency (Krackhardt)", "least_upper_boundedness (Krackhardt)",
                  "degree_centralization_freeman", "degree_centralization_ora",
                  "directed_internal_share_sector", "directed_modularity_sector"):
        assert label in defined, label


def test_the_directed_network_numbered_from_the_rows_is_the_one_of_the_pairs(
        example_dir, tmp_path):
    """The directed network the metrics read (ties as reported, a confirmed one both
    ways, and the survey's) is numbered from the rows; it is the network the set of
    reported pairs gives, and absent where they give none, for the whole network and
    each table, with each source left out."""
    from lcii_graph import import_workbook
    from lcii_graph.analysis import metrics
    from lcii_graph.network.model import network_of
    from lcii_graph.network.views import survey_arcs, tie_arcs

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    network = network_of(str(store), today="2026-12-01")

    def from_pairs(graph, partnership, exclude):
        arcs = (tie_arcs(network, partnership) if "ties" not in exclude else set()) | \
            (survey_arcs(network, partnership) if "survey" not in exclude else set())
        if not any((b, a) not in arcs for a, b in arcs if a != b):
            return None
        return directed.Arcs.from_pairs(graph.ids, graph.attribute("sector"), arcs)

    def same(found, expected):
        if expected is None:
            return found is None
        return (found.ids == expected.ids and found.labels == expected.labels
                and found.a.tolist() == expected.a.tolist()
                and found.b.tolist() == expected.b.tolist())

    tables = [None] + [r["id"] for r in network.records["partnerships"]]
    seen = {True: 0, False: 0}
    for partnership in tables:
        for exclude in ((), ("ties",), ("survey",), ("ties", "survey")):
            graph, ties, digraph = metrics._graphs(network, "organizations", partnership,
                                                   exclude, with_ties=False)
            assert ties is None
            assert same(digraph, from_pairs(graph, partnership, exclude))
            seen[digraph is not None] += 1
    assert seen[True] >= 5 and seen[False] >= len(tables)  # both outcomes were checked


def test_a_tie_to_an_organization_outside_the_graph_still_says_the_ties_run_one_way(
        tmp_path):
    """Every arc among the graph's organizations runs both ways, but one reported tie
    runs one way to an organization outside it: the network is directed, as the
    reported pairs say (its arcs those among the graph's organizations)."""
    from lcii_graph import import_workbook
    from lcii_graph.analysis import metrics
    from lcii_graph.network.model import network_of
    from lcii_graph.network.views import arc_ends

    write_csv(tmp_path / "organizations.csv", ["id", "name", "sector"],
              [["a", "A", "government"], ["b", "B", "business"]])
    write_csv(tmp_path / "ties.csv", ["from", "to", "confirmed"], [["a", "b", "yes"]])
    import_workbook(tmp_path, str(tmp_path / "lcii.db"))
    network = network_of(str(tmp_path / "lcii.db"))
    graph, _, digraph = metrics._graphs(network, "organizations", None, ())
    assert digraph is None  # a confirmed tie: both ways
    network.records["ties"].append({**network.records["ties"][0], "from": "a",
                                    "to": "outside", "confirmed": False})
    tails, heads = arc_ends(network, graph.index)
    assert sorted(zip(tails.tolist(), heads.tolist(), strict=True)) == [(0, -1), (0, 1), (1, 0)]
    # (Built again: the one built above is kept with the graph, whose rows never change
    # but here.)
    digraph = metrics._directed_built(network, graph, None, True, True)
    assert digraph is not None
    assert sorted(zip(digraph.a.tolist(), digraph.b.tolist(), strict=True)) == [(0, 1), (1, 0)]
    assert metrics._directed(network, graph, None, ("ties",)) is None
    # The outside organization reports the tie back: every pair runs both ways again.
    network.records["ties"].append({**network.records["ties"][0], "from": "outside",
                                    "to": "a", "confirmed": False})
    assert metrics._directed_built(network, graph, None, True, True) is None


# --- cases the mutation run (tools/mutate.py) found untested -------------------------

def test_a_group_of_four_alone_gives_its_room_beside_a_component_without_bounds():
    # A cycle of four alone (one group, its own source: (4-1)(4-2)/2 = 3 pairs of room,
    # none violated) beside two roots over one node (the roots' pair has no bound).
    D = nx.DiGraph([("c1", "c2"), ("c2", "c3"), ("c3", "c4"), ("c4", "c1"),
                    ("r1", "t"), ("r2", "t")])
    expected = lub_by_definition(D)
    assert expected == pytest.approx(1 - 1 / 4)
    assert directed.least_upper_boundedness(D) == pytest.approx(expected)


def test_more_than_64_sources_over_one_node():
    # 70 roots over one sink: which sources reach a group takes two 64-bit words.
    D = nx.DiGraph([(f"r{k}", "sink") for k in range(70)])
    assert directed.least_upper_boundedness(D) == pytest.approx(lub_by_definition(D))
    assert directed.hierarchy(D) == pytest.approx(hierarchy_by_definition(D))


@pytest.mark.parametrize("length", [65, 66, 129, 130])
def test_chains_at_the_edges_of_a_word(length):
    # A chain of ``length`` nodes with a cycle of two at its head: ``length - 1`` groups
    # (64, 65, 128, 129), whose closure needs ceil(groups / 64) words, no fewer.
    D = nx.DiGraph([(i, i + 1) for i in range(length - 1)])
    D.add_edge(1, 0)
    assert directed.hierarchy(D) == pytest.approx(hierarchy_by_definition(D))
    assert directed.least_upper_boundedness(D) == pytest.approx(lub_by_definition(D))


def test_arcs_fingerprint_follows_the_arcs():
    ids, labels = ["a", "b", "c"], [None] * 3
    one = directed.Arcs.from_pairs(ids, labels, [("a", "b"), ("b", "c")])
    same = directed.Arcs.from_pairs(ids, labels, [("b", "c"), ("a", "b")])
    other = directed.Arcs.from_pairs(ids, labels, [("b", "a"), ("b", "c")])
    assert one.fingerprint == same.fingerprint == one.fingerprint  # asked again: the same
    assert one.fingerprint != other.fingerprint
    assert one.fingerprint != one.reverse().fingerprint
