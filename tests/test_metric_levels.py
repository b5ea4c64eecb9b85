"""The network, sector and community levels of ``metrics`` on the bundled example, each
figure computed here again from the organization graph by networkx or by hand: a level
that reports another count, another sign or another node's value fails."""

from __future__ import annotations

import importlib
from collections import Counter

import networkx as nx
import pytest

from lcii_graph.analysis import communities
from lcii_graph.analysis.brokerage import ROLES, expected_brokerage
from lcii_graph.analysis.structural_holes import structural_holes
from lcii_graph.model.vocabulary import Sector

metrics_module = importlib.import_module("lcii_graph.analysis.metrics")


@pytest.fixture(scope="module")
def example_store(tmp_path_factory):
    """A store holding the example."""
    from lcii_graph import import_workbook
    from lcii_graph.examples import example_path

    store = tmp_path_factory.mktemp("levels") / "lcii.db"
    with example_path() as folder:
        import_workbook(folder, str(store))
    return store


@pytest.fixture(scope="module")
def example(example_store):
    """``(network, G, ties)``: the example's network, its organization graph as networkx
    and its explicit ties as arcs: as reported, and back where confirmed."""
    from lcii_graph import open_store
    from lcii_graph.network import network_of
    from lcii_graph.network.views import organization_graph

    with open_store(example_store) as s:
        network = network_of(s)
    ties = {(t["from"], t["to"]) for t in network.records["ties"]} | \
        {(t["to"], t["from"]) for t in network.records["ties"] if t["confirmed"]}
    return network, organization_graph(network).to_networkx(), ties


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("LCII_CACHE", "off")


def _ei(internal: int, external: int):
    return (external - internal) / (external + internal) if internal + external else None


def test_network_level_figures(example):
    network, G, ties = example
    found = metrics_module.metrics(network)
    n, m = G.number_of_nodes(), G.number_of_edges()
    # What the figures are, said first; exact betweenness here, so no sampling note.
    assert found["notes"][:2] == [
        "reciprocity: mutual dyads / connected dyads among explicit ties (reciprocity_arc: "
        "reciprocated arcs / arcs)",
        "degree_centralization: Freeman, raw degrees over (n-1)(n-2)"]
    assert not any(note.startswith("betweenness estimated") for note in found["notes"])
    parts = sorted(nx.connected_components(G), key=len, reverse=True)
    degrees = [d for _, d in G.degree()]
    between = nx.betweenness_centrality(G)
    sector = nx.get_node_attributes(G, "sector")
    crossing = sum(sector[a] != sector[b] for a, b in G.edges())
    government = G.subgraph([x for x, d in G.nodes(data=True)
                             if d.get("sector") == Sector.GOVERNMENT and d.get("level")])
    level = nx.get_node_attributes(government, "level")
    level_crossing = sum(level[a] != level[b] for a, b in government.edges())
    arcs = nx.DiGraph([t for t in ties if t[0] != t[1]])
    mutual = {frozenset(t) for t in arcs.edges if t[::-1] in ties}
    dyads = {frozenset(t) for t in arcs.edges}
    louvain = communities.louvain(G, seed=0)
    assert found["nodes"] == n > 100 and found["edges"] == m
    assert found["density"] == pytest.approx(nx.density(G))
    assert found["components"] == len(parts) > 1
    assert found["largest_component"] == len(parts[0])
    assert found["isolates"] == nx.number_of_isolates(G) > 0
    assert found["degree_centralization"] == pytest.approx(
        sum(max(degrees) - d for d in degrees) / ((n - 1) * (n - 2)))
    assert found["betweenness_centralization"] == pytest.approx(
        sum(max(between.values()) - b for b in between.values()) / (n - 1))
    assert found["betweenness_approximate"] is False
    assert found["ei_index_sector"] == pytest.approx((2 * crossing - m) / m)
    assert found["assortativity_sector"] == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "sector"))
    assert government.number_of_edges() > 0 and 0 < level_crossing
    assert found["ei_index_level"] == pytest.approx(
        (2 * level_crossing - government.number_of_edges()) / government.number_of_edges())
    assert found["assortativity_level"] == pytest.approx(
        nx.attribute_assortativity_coefficient(government, "level"))
    assert 0 < len(mutual) < len(dyads)
    assert found["reciprocity"] == pytest.approx(len(mutual) / len(dyads))
    assert found["reciprocity_arc"] == pytest.approx(nx.overall_reciprocity(arcs))
    assert found["communities"] == len(louvain) > 5
    assert found["modularity"] == pytest.approx(
        nx.community.modularity(G, louvain, weight="weight"))
    assert found["articulation_points"] == len(set(nx.articulation_points(G))) > 0
    assert found["bridges"] == len(list(nx.bridges(G))) > 0
    assert found["core_k"] == max(nx.core_number(G).values())
    assert found["view"] == "organizations" and found["directed"] is (
        any(t[::-1] not in ties for t in ties))
    assert not any("sampled sources" in note for note in found["notes"])


def test_network_level_without_government_levels(example, monkeypatch):
    """No government organization with a level: the level figures are ``None``."""
    network, G, _ = example
    subgraph = metrics_module.OrgGraph.subgraph
    monkeypatch.setattr(metrics_module.OrgGraph, "subgraph",
                        lambda graph, keep: subgraph(graph, [False] * len(keep)))
    found = metrics_module.metrics(network, seed=1)
    assert found["ei_index_level"] is None and found["assortativity_level"] is None


def test_the_level_figures_read_the_governments_with_a_level_alone(tmp_path):
    """The level E-I index and assortativity are of the government organizations with a
    level: the one tie among them (city g1 to county g2) makes E-I 1 and assortativity
    -1, on the arrays and on networkx alike; a nonprofit given a level in a networkx
    graph of a library caller's (n1, city, tied to both) is not one of them."""
    from lcii_graph import import_workbook, open_store
    from lcii_graph.network import network_of
    from lcii_graph.network.views import organization_graph

    from .conftest import write_sheets

    folder = write_sheets(tmp_path / "wb", {
        "jurisdictions": [["id", "name", "level"], ["c", "City", "city"],
                          ["k", "County", "county"]],
        "organizations": [["id", "name", "sector", "jurisdiction"],
                          ["g1", "G1", "government", "c"], ["g2", "G2", "government", "k"],
                          ["g3", "G3", "government", ""], ["n1", "N1", "nonprofit", "c"]],
        "ties": [["from", "to"], ["g1", "g2"], ["g1", "g3"], ["g1", "n1"], ["g2", "n1"]]})
    import_workbook(folder, str(tmp_path / "s.db"))
    with open_store(str(tmp_path / "s.db")) as store:
        network = network_of(store)
    for found in (metrics_module.metrics(network, seed=0),
                  metrics_module.network_level(organization_graph(network).to_networkx(),
                                               None, seed=0)):
        assert (found["ei_index_level"], found["assortativity_level"]) == (1.0, -1.0)
    G = organization_graph(network).to_networkx()
    G.nodes["n1"]["level"] = "city"
    found = metrics_module.network_level(G, None, seed=0)
    assert (found["ei_index_level"], found["assortativity_level"]) == (1.0, -1.0)


def test_sector_level_rows(example):
    network, G, _ = example
    rows = metrics_module.metrics(network, level="sector")
    nodes = metrics_module.metrics(network, level="node")
    sector = nx.get_node_attributes(G, "sector")
    pairs = Counter(frozenset((sector[a], sector[b])) for a, b in G.edges())
    roles = {r["id"]: {role: r[f"brokerage_{role}"] for role in ROLES} for r in nodes}
    expected = expected_brokerage(G, "sector", roles)
    names = [s.value for s in Sector]
    assert [r["sector"] for r in rows] == names
    for row in rows:
        s = row["sector"]
        members = [x for x in G if sector[x] == s]
        internal = pairs[frozenset((s,))]
        external = sum(c for pair, c in pairs.items() if s in pair and len(pair) == 2)
        assert row["nodes"] == len(members)
        assert row["internal_ties"] == internal and row["external_ties"] == external
        assert row["ei_index"] == _ei(internal, external)
        for t in names:
            assert row[f"ties_with_{t}"] == pairs[frozenset((s, t))]
        for role in ROLES:
            assert row[f"brokerage_{role}"] == sum(roles[x][role] for x in members)
            assert row[f"expected_{role}"] == round(sum(expected[x][role] for x in members), 4)
    assert any(r["internal_ties"] and r["external_ties"] for r in rows)
    assert any(r[f"expected_{role}"] != int(r[f"expected_{role}"])
               for r in rows for role in ROLES)  # rounding shows


def test_community_level_rows(example):
    network, G, _ = example
    rows = metrics_module.metrics(network, level="community")
    found = communities.louvain(G, seed=0)
    sector = nx.get_node_attributes(G, "sector")
    of = {x: k for k, c in enumerate(found) for x in c}
    assert [r["community"] for r in rows] == list(range(len(found)))
    assert [set(r["members"]) for r in rows] == found
    for row, members in zip(rows, found, strict=True):
        k = row["community"]
        internal = sum(of[a] == of[b] == k for a, b in G.edges())
        external = sum((of[a] == k) != (of[b] == k) for a, b in G.edges())
        counts = Counter(sector[x] for x in members)
        top = min(counts, key=lambda s: (-counts[s], str(s)))
        assert row["size"] == len(members)
        assert row["members"] == sorted(members, key=str)
        assert row["internal_ties"] == internal and row["external_ties"] == external
        assert row["ei_index"] == _ei(internal, external)
        assert row["dominant_sector"] == top
        assert row["dominant_share"] == counts[top] / len(members)
        assert row["sectors"] == dict(sorted((str(s), c) for s, c in counts.items()))
    assert any(r["internal_ties"] and r["external_ties"] for r in rows)
    assert any(r["size"] == 1 for r in rows)  # an isolated organization: no ties at all
    assert [r for r in rows if r["size"] == 1][0]["ei_index"] is None


def test_community_level_of_a_networkx_graph_counts_as_the_arrays_do(example):
    """The community level of a networkx graph (a library caller's) counts its ties edge
    by edge: the same rows as the organization graph's, counted on its arrays."""
    network, G, ties = example
    rows = metrics_module.metrics(network, level="community")
    assert metrics_module.community_level(G, ties, seed=0) == rows
    assert sum(r["internal_ties"] for r in rows) > 0


def test_people_node_level_local_measures(example):
    """The person view's rows come from a networkx graph (not the arrays): their Burt
    measures are those of that graph."""
    from lcii_graph.network.views import person_graph

    network, _, _ = example
    rows = metrics_module.metrics(network, view="people", level="node")
    P = person_graph(network, None)
    holes = {model: structural_holes(P, model=model, weight="weight")
             for model in ("ego", "whole")}
    assert len(rows) == P.number_of_nodes() > 0
    assert any(P.degree(r["id"]) for r in rows)
    for row in rows:
        for model in ("ego", "whole"):
            assert row[f"effective_size_{model}"] == holes[model][row["id"]]["effective_size"]
            assert row[f"constraint_{model}"] == holes[model][row["id"]]["constraint"]


def test_local_measures_limit_is_inclusive(example, monkeypatch):
    """Structural holes and brokerage are computed up to :data:`LOCAL_WORK_LIMIT` pairs
    of neighbours to check, and left out (with the reason) above it."""
    from lcii_graph.analysis.triangles import triangle_work
    from lcii_graph.network.views import organization_graph

    network, _, _ = example
    graph = organization_graph(network)
    work = triangle_work(graph.n, graph.u, graph.v)
    assert work > 0
    for limit, left_out in ((work, False), (work - 1, True)):
        monkeypatch.setattr(metrics_module, "LOCAL_WORK_LIMIT", limit)
        notes: list = []
        rows = metrics_module.metrics(network, level="node", notes=notes)
        assert ("constraint_ego" not in rows[0]) is left_out
        assert bool(notes) is left_out
        notes = []
        rows = metrics_module.metrics(network, level="sector", notes=notes)
        assert ("brokerage_liaison" not in rows[0]) is left_out
        assert bool(notes) is left_out
        assert metrics_module.local_left_out(graph) == (
            f"{work:,} pairs of neighbours to check, more than {limit:,} (a dense table: "
            "every member tied to every other)" if left_out else None)


def test_people_local_limit_counts_their_pairs(example, monkeypatch):
    """The person view's work is counted from its networkx graph as the organizations'
    from their arrays: pairs of forward neighbours, each edge from the end of lower
    degree (then lower position) to the other."""
    from lcii_graph.network.views import person_graph

    network, _, _ = example
    P = person_graph(network, None)
    position = {x: k for k, x in enumerate(P)}
    rank = {x: (P.degree(x), position[x]) for x in P}
    out = Counter(min(a, b, key=rank.get) for a, b in P.edges() if a != b)
    work = sum(k * (k - 1) // 2 for k in out.values())
    assert work > 0
    for limit, left_out in ((work, False), (work - 1, True)):
        monkeypatch.setattr(metrics_module, "LOCAL_WORK_LIMIT", limit)
        assert (metrics_module.local_left_out(P) is not None) is left_out


def test_node_rows_most_ties_first(example):
    """The node level's rows: by degree, most first, then by id."""
    network, _, _ = example
    rows = metrics_module.metrics(network, level="node")
    keys = [(-r["degree"], str(r["id"])) for r in rows]
    assert keys == sorted(keys) and rows[0]["degree"] > rows[-1]["degree"]


def test_levels_at_their_edges():
    """One organization alone; two sectors of five; no organization at all."""
    alone = nx.Graph()
    alone.add_node("a", sector="nonprofit", name="A")
    (row,) = metrics_module.node_level(alone, None, seed=0)
    assert row["degree"] == 0 and row["degree_centrality"] == 0.0
    assert row["effective_size_ego"] is None and row["brokerage_liaison"] == 0
    pair = nx.Graph()
    pair.add_node("a", sector="nonprofit")
    pair.add_node("b", sector="business")
    pair.add_edge("a", "b", weight=1)
    rows = {r["sector"]: r for r in metrics_module.sector_level(pair, None, seed=0)}
    assert rows["government"]["nodes"] == 0 and rows["government"]["ei_index"] is None
    assert rows["business"]["nodes"] == 1 and rows["business"]["ei_index"] == 1.0
    assert rows["nonprofit"]["ties_with_business"] == 1
    for r in rows.values():  # every expected count a float, members or none
        assert all(type(r[f"expected_{role}"]) is float for role in ROLES)
    # As many ties inside a sector as out of it: an E-I index of 0, not a missing one.
    pair.add_node("c", sector="nonprofit")
    pair.add_edge("a", "c", weight=1)
    rows = {r["sector"]: r for r in metrics_module.sector_level(pair, None, seed=0)}
    assert (rows["nonprofit"]["internal_ties"], rows["nonprofit"]["external_ties"]) == (1, 1)
    assert rows["nonprofit"]["ei_index"] == 0.0
    empty = metrics_module.network_level(nx.Graph(), None, seed=0)
    assert (empty["nodes"], empty["components"], empty["largest_component"]) == (0, 0, 0)
    assert empty["modularity"] is None and empty["degree_centralization"] is None


def _read_again(store):
    """The example's network read again from its store: a network of its own, with
    nothing computed and held yet."""
    from lcii_graph import open_store
    from lcii_graph.network import network_of

    with open_store(store) as s:
        return network_of(s)


@pytest.mark.parametrize("kept", [False, True])
def test_the_structure_computed_first_is_the_one_the_network_level_shows(example_store,
                                                                         tmp_path, kept,
                                                                         monkeypatch):
    """``report`` computes the network level's ties, cut points, cores and directed
    measures first (``structure_first``, while the communities are found elsewhere):
    ``metrics`` then takes them as they are and shows the figures it shows computing
    them in one go, key for key and in the same order; with the results cache off, and
    on (where the figures are then kept: a user's ``report``)."""
    whole = metrics_module.metrics(_read_again(example_store))  # the cache off
    assert whole["directed"] is True and whole["reciprocity"] is not None
    if kept:
        monkeypatch.setenv("LCII_CACHE", str(tmp_path))
        monkeypatch.setattr("lcii_graph.analysis.cache.ROWS_WORTH_KEEPING", 0)
    network = _read_again(example_store)
    metrics_module.structure_first(network)

    def again(*args, **kwargs):
        raise AssertionError("computed again")

    for module, name in [(metrics_module.cohesion, "arc_reciprocity"),
                         (metrics_module.directed, "network_measures"),
                         (metrics_module.cuts, "bridges"), (metrics_module, "arc_ends")]:
        monkeypatch.setattr(module, name, again)
    found = metrics_module.metrics(network)
    assert list(found.items()) == list(whole.items())
    if kept:  # and what was kept is that
        assert metrics_module.metrics(_read_again(example_store)) == whole


def test_the_structure_is_not_computed_first_where_the_figures_are_kept(example_store,
                                                                        tmp_path,
                                                                        monkeypatch):
    """An earlier command kept the network level: ``structure_first`` computes nothing
    (the figures are read back whole)."""
    whole = metrics_module.metrics(_read_again(example_store))  # the cache off
    monkeypatch.setenv("LCII_CACHE", str(tmp_path))
    monkeypatch.setattr("lcii_graph.analysis.cache.ROWS_WORTH_KEEPING", 0)
    kept = metrics_module.metrics(_read_again(example_store))
    assert kept == whole
    network = _read_again(example_store)
    monkeypatch.setattr(metrics_module, "_structure",
                        lambda *a: (_ for _ in ()).throw(AssertionError("computed")))
    metrics_module.structure_first(network)
    assert metrics_module.metrics(network) == kept
    monkeypatch.setenv("LCII_CACHE", str(tmp_path / "elsewhere"))  # nothing kept there
    with pytest.raises(AssertionError, match="computed"):
        metrics_module.structure_first(_read_again(example_store))


def test_local_measures_of_a_networkx_graph_keep_fractional_weights():
    """A library caller's graph with weights of 0.5 and 2.5: the measures of those
    weights (networkx's constraint and effective size for the whole-network model), not
    of weights rounded to whole numbers."""
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 0.5), ("a", "c", 2.5), ("b", "c", 1.0),
                               ("c", "d", 0.5)])
    nx.set_node_attributes(G, "business", "sector")
    found = metrics_module._local(G)
    constraint, size = nx.constraint(G, weight="weight"), nx.effective_size(G,
                                                                            weight="weight")
    for node in G:
        assert found[node]["constraint_whole"] == pytest.approx(constraint[node])
        assert found[node]["effective_size_whole"] == pytest.approx(size[node])


def test_the_levels_seed_their_communities_with_0_by_default():
    from lcii_graph import build_network
    from lcii_graph.network.views import organization_graph

    from .conftest import row

    caves = nx.relaxed_caveman_graph(8, 6, 0.3, seed=8)  # Louvain's answer follows its seed
    graph = organization_graph(build_network({
        "organizations": [row("organizations", id=f"o{n}", name=f"O{n}",
                              sector=("business", "nonprofit")[n % 2]) for n in caves],
        "ties": [row("ties", id=f"{a}-{b}", **{"from": f"o{a}", "to": f"o{b}"})
                 for a, b in caves.edges()]}))
    assert communities.louvain(graph, seed=0) != communities.louvain(graph, seed=1)
    # (The sector level finds no communities: its seed is there for a common signature.)
    for level in (metrics_module.network_level, metrics_module.node_level,
                  metrics_module.community_level):
        assert level(graph, None) == level(graph, None, seed=0), level.__name__
        assert level(graph, None) != level(graph, None, seed=1), level.__name__
