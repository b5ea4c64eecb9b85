"""The EMON networks (Drabek et al. 1981), imported through the normal workbook path.

Seven real emergency multi-organizational networks of city, county, state,
federal and private organizations. Each is written as a workbook (sponsorship
as the sector, a jurisdiction per level, the directed ties), imported, and the
government levels and cut points lcii-graph reports are checked against the
raw data read with networkx directly.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import networkx as nx
import pytest

from lcii_graph import gaps, import_workbook, open_store, summarize
from lcii_graph.analysis.cuts import articulation_points
from lcii_graph.network import network_of
from lcii_graph.network.views import organization_graph

from .conftest import reference, write_sheets

LEVEL = {"City": "city", "County": "county", "County/City": "county", "State": "state",
         "Federal": "federal"}


def read(name):
    with open(reference("emon_drabek") / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def emon():
    nodes, edges = defaultdict(list), defaultdict(list)
    for row in read("emon_nodes.csv"):
        nodes[row["network"]].append(row)
    for row in read("emon_edges.csv"):
        edges[row["network"]].append(row)
    return nodes, edges


@pytest.fixture(scope="module")
def stores(emon, tmp_path_factory):
    nodes, edges = emon
    out = {}
    for network in sorted(nodes):
        folder = tmp_path_factory.mktemp(network)
        places = [["id", "name", "level", "parent"], ["us", "United States", "federal", ""],
                  ["st", "State", "state", "us"], ["co", "County", "county", "st"],
                  ["ci", "City", "city", "co"]]
        home = {"federal": "us", "state": "st", "county": "co", "city": "ci"}
        organizations = [["id", "name", "sector", "jurisdiction"]]
        for row in nodes[network]:
            sponsor = row["Sponsorship"]
            organizations.append([
                f"n{row['id']}", row["vertex.names"].replace(".", " ").strip(),
                sponsor if sponsor == "Private" else "Government",
                home[LEVEL[sponsor]] if sponsor in LEVEL else ""])
        ties = [["from", "to", "strength"]] + [
            [f"n{r['tail']}", f"n{r['head']}", str(5 - int(float(r["Frequency"])))]
            for r in edges[network]]
        book = write_sheets(folder / "book", {"jurisdictions": places,
                                              "organizations": organizations, "ties": ties})
        store = folder / "lcii.db"
        import_workbook(book, str(store))
        out[network] = store
    return out


def raw_graph(emon, network) -> nx.Graph:
    nodes, edges = emon
    G = nx.Graph()
    G.add_nodes_from(f"n{r['id']}" for r in nodes[network])
    G.add_edges_from((f"n{r['tail']}", f"n{r['head']}") for r in edges[network])
    return G


def test_seven_networks_imported(stores, emon):
    nodes, edges = emon
    assert len(stores) == 7
    for network, store in stores.items():
        with open_store(store) as s:
            counts = s.counts()
        assert counts["organizations"] == len(nodes[network])
        assert counts["ties"] == len({(r["tail"], r["head"]) for r in edges[network]})


def test_government_levels_per_network(stores, emon):
    nodes, _ = emon
    for network, store in stores.items():
        expected = defaultdict(int)
        for row in nodes[network]:
            if row["Sponsorship"] in LEVEL:
                expected[LEVEL[row["Sponsorship"]]] += 1
        with open_store(store) as s:
            summary = summarize(s.read_all())
        assert summary["government_levels"] == dict(expected), network
        private = sum(1 for r in nodes[network] if r["Sponsorship"] == "Private")
        assert summary["sectors"]["business"] == private


def test_cut_points_per_network(stores, emon):
    for network, store in stores.items():
        expected = sorted(nx.articulation_points(raw_graph(emon, network)))
        with open_store(store) as s:
            network_model = network_of(s, everything=True)
            findings = gaps(s, {"single-point-of-failure": {"min_cut_off": 1}},
                            rules={"single-point-of-failure"})
        assert articulation_points(organization_graph(network_model)) == expected, network
        assert sorted(f.subjects[0]["id"] for f in findings) == expected, network
        for finding in findings:
            node = finding.subjects[0]["id"]
            G = raw_graph(emon, network)
            component = nx.node_connected_component(G, node)
            pieces = sorted(map(len, nx.connected_components(G.subgraph(component - {node}))),
                            reverse=True)
            assert len(finding.evidence["cut_off"]) == sum(pieces[1:])
