"""Network views: the organization graph's ingredients, people, affiliations."""

from __future__ import annotations

import networkx as nx
import pytest

from lcii_graph import build_network, import_workbook, open_store, to_networkx
from lcii_graph.analysis import cohesion, homophily
from lcii_graph.network import network_of
from lcii_graph.network.views import (
    affiliation_graph,
    organization_graph,
    person_graph,
    tie_digraph,
)


@pytest.fixture
def network(small_workbook, store):
    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        return network_of(s, everything=True)


def edges(graph):
    return {tuple(sorted(e)) for e in graph.to_networkx().edges()}


def test_ingredients_switch_on_and_off(network):
    assert edges(organization_graph(network, tables=False, people=False, commitments=False)) \
        == {("bank", "city"), ("fdn", "np")}
    tables = edges(organization_graph(network, ties=False, people=False, commitments=False))
    # np left the table in mid-2022 but is still a member when no date is given
    assert tables == {tuple(sorted(p)) for p in [("city", "bank"), ("city", "fdn"),
                                                   ("city", "np"), ("bank", "fdn"),
                                                   ("bank", "np"), ("fdn", "np")]}
    flows = edges(organization_graph(network, ties=False, tables=False, people=False))
    assert flows == {("fdn", "np")}
    full = organization_graph(network).to_networkx()
    assert full.edges["fdn", "np"]["ties"] == 1 and full.edges["fdn", "np"]["tables"] == 1
    assert full.edges["fdn", "np"]["commitments"] == 1 and full.edges["fdn", "np"]["weight"] == 3
    assert full.nodes["city"]["level"] == "city" and full.nodes["bank"]["level"] is None


def test_as_of_and_partnership(small_workbook, store):
    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        later = network_of(s, as_of="2023-01-01")
    table = organization_graph(later, partnership="jobs", ties=False, commitments=False)
    assert set(table.ids) == {"city", "bank", "fdn"}  # np left; p1 sits for city


def test_shared_people_join_organizations():
    records = {
        "organizations": [{"id": i, "name": i, "sector": "business", "jurisdiction": None}
                          for i in ("a", "b", "c")],
        "people": [{"id": "p", "name": "P", "organization": "a", "also_works_for": "b; c",
                    "decision_maker": True}],
    }
    graph = organization_graph(build_network(_complete(records)), ties=False).to_networkx()
    assert {tuple(sorted(e)) for e in graph.edges()} == {("a", "b"), ("a", "c"), ("b", "c")}
    assert graph.edges["a", "b"]["people"] == 1


def _complete(records):
    from .conftest import row

    return {sheet: [row(sheet, **r) for r in rows] for sheet, rows in records.items()}


def test_tie_digraph_and_reciprocity(network):
    D = tie_digraph(network)
    assert set(D.edges()) == {("city", "bank"), ("fdn", "np")}
    assert cohesion.reciprocity(D) == {"arc": 0.0, "dyad": 0.0}


def test_person_and_affiliation_graphs(network):
    people = person_graph(network)
    assert people.has_edge("p1", "p2")  # colleagues at the city
    assert people.edges["p1", "p2"]["colleagues"] == 1
    bipartite = affiliation_graph(network)
    assert nx.is_bipartite(bipartite)
    assert sorted(bipartite["jobs"]) == ["bank", "city", "fdn", "np"]


def test_to_networkx_views(network):
    assert to_networkx(network).number_of_nodes() == 6
    assert to_networkx(network, "ties").is_directed()
    assert to_networkx(network, "affiliations").number_of_nodes() == 7
    with pytest.raises(ValueError):
        to_networkx(network, "nope")


def test_orggraph_and_networkx_agree_on_homophily(network):
    og = organization_graph(network)
    G = og.to_networkx()
    assert homophily.ei_index(og, "sector") == homophily.ei_index(G, "sector")
    assert homophily.assortativity(og, "sector") == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "sector"))


def test_person_graph_counts_both_reasons(network):
    """Two people at the same organization who also sit at the same table."""
    from lcii_graph.network.model import build_network

    records = {sheet: list(rows) for sheet, rows in network.records.items()}
    records["memberships"] = records["memberships"] + [
        {**records["memberships"][-1], "id": "jobs--p2", "person": "p2"}]
    people = person_graph(build_network(records))
    edge = people.edges["p1", "p2"]
    assert (edge["tables"], edge["colleagues"], edge["weight"]) == (1, 1, 2)


def test_people_view_metrics_on_the_example(example_dir, tmp_path):
    from lcii_graph import metrics

    store = tmp_path / "e.db"
    import_workbook(example_dir, str(store))
    for level in ("network", "node", "sector", "community"):
        assert metrics(str(store), view="people", level=level)
