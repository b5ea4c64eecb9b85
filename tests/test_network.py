"""The network model built from stored rows."""

from __future__ import annotations

import networkx as nx

from lcii_graph import build_network, import_workbook, open_store
from lcii_graph.network import in_effect


def test_network_carries_kinds_relationships_and_levels(small_workbook, store):
    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        network = s.load_network()
    g = network.graph
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes["city"]["kind"] == "Organization"
    assert g.nodes["city"]["level"] == "city"
    assert g.nodes["county"]["level"] == "county"
    assert "level" not in g.nodes["bank"]  # only government has a level
    assert g.has_edge("p1", "city", key="WORKS_FOR")
    assert g.has_edge("city", "jobs", key="MEMBER_OF")
    assert g.edges["city", "jobs", "MEMBER_OF"]["role"] == "convener"
    assert g.has_edge("p1", "jobs", key="MEMBER_OF")
    assert g.has_edge("jobs", "tv", key="SERVES") and g.has_edge("jobs", "tc", key="SERVES")
    assert g.has_edge("tv", "tc", key="PART_OF")
    assert g.has_edge("fdn", "c1", key="MADE") and g.has_edge("c1", "np", key="RECEIVES")
    assert g.has_edge("c1", "g1", key="ADVANCES") and g.has_edge("c1", "jobs", key="ADVANCES")
    assert g.has_edge("jobs", "g1", key="PURSUES") and g.has_edge("g1", "m1", key="MEASURED_BY")
    assert g.has_edge("np", "m1", key="REPORTS")
    assert [m["value"] for m in g.nodes["m1"]["measurements"]] == [180.0, 260.0]
    assert g.edges["city", "bank", "PARTNERS_WITH"]["kind"] == "mou"


def test_as_of_filters_dated_rows(small_workbook, store):
    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        records = s.read_all()
    early = build_network(records, as_of="2020-06-30")
    assert not early.graph.has_edge("fdn", "jobs")  # joined 2021
    assert early.graph.has_edge("np", "jobs")
    assert not early.graph.has_edge("fdn", "np")  # tie since 2021-02
    assert "c1" not in early.graph  # commitment starts 2021-03
    assert early.graph.nodes["m1"]["measurements"] == []
    late = build_network(records, as_of="2023-01-01")
    assert late.graph.has_edge("fdn", "jobs") and not late.graph.has_edge("np", "jobs")
    assert len(late.graph.nodes["m1"]["measurements"]) == 1


def test_in_effect_boundaries():
    row = {"since": "2020-01-01", "until": "2021-01-01"}
    assert not in_effect(row, "2019-12-31")
    assert in_effect(row, "2020-01-01")
    assert in_effect(row, "2020-12-31")
    assert not in_effect(row, "2021-01-01")  # the day it ended
    assert in_effect(row, None)
