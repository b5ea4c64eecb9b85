"""The network model built from stored rows."""

from __future__ import annotations

import json

import networkx as nx

from lcii_graph import build_network, import_workbook, open_store
from lcii_graph.network import in_effect, network_of
from lcii_graph.network.multigraph import edge_rows, node_rows


def test_network_carries_kinds_relationships_and_levels(small_workbook, store):
    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        network = network_of(s, everything=True)
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



def test_analyses_look_at_the_network_as_it_stands_today(small_workbook, store, run, tmp_path):
    """A member who left is not at the table today; a pledge that starts in years already
    counts today but not in the history view; the data exports still carry every row."""
    from lcii_graph import gaps
    from lcii_graph.ingest.validate import TableData
    from lcii_graph.network import network_of

    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        s.upsert([TableData("commitments", ["id", "maker", "partnership", "type", "amount",
                                            "status", "start"],
                            [("c3", "bank", "jobs", "loan", 50_000.0, "pledged",
                              "2099-01-01")])])
        everything = network_of(s, everything=True)
        today = network_of(s, today="2023-06-30")
        history = network_of(s, as_of="2023-06-30")
        assert today.as_of == history.as_of == "2023-06-30"
        assert everything.table_members["jobs"] == {"city", "bank", "fdn", "np"}
        assert today.table_members["jobs"] == {"city", "bank", "fdn"}  # np left in 2022
        assert [c["id"] for c in today.records["commitments"]] == ["c1", "c2", "c3"]
        assert [c["id"] for c in history.records["commitments"]] == ["c1", "c2"]
        assert [m["date"] for m in today.records["measurements"]] == ["2022-12-31"]

        now = {f.rule: f for f in gaps(s, today="2023-06-30")}
        then = {f.rule: f for f in gaps(s, as_of="2023-06-30")}
    # Today the bank's pledged loan makes it aligned and the stack more than grants.
    assert "member-not-aligned" not in now and "grants-only" not in now
    assert [x["id"] for x in then["member-not-aligned"].subjects] == ["bank"]
    assert "grants-only" in then

    result = run("gaps", "--rule", "member-not-aligned", "--json")
    assert result.exit_code == 0 and json.loads(result.output) == []
    assert run("export", "csv", str(tmp_path / "out")).exit_code == 0
    exported = (tmp_path / "out" / "memberships.csv").read_text(encoding="utf-8")
    assert "2022-06-30" in exported  # np's ended membership


def test_unique_sorted_is_numpys_unique():
    import numpy as np

    from lcii_graph.network.arrays import unique_sorted

    rng = np.random.default_rng(3)
    for size, high in ((0, 5), (1, 5), (50, 3), (10_000, 10**12)):
        values = rng.integers(0, high, size)
        expected, counts = np.unique(values, return_counts=True)
        found, found_counts = unique_sorted(values, return_counts=True)
        assert found.tolist() == expected.tolist()
        assert found_counts.tolist() == counts.tolist()
        assert unique_sorted(values).tolist() == expected.tolist()


def test_the_multigraph_merges_as_networkx_add_edge_does(small_workbook, store):
    # Two ties of one pair are one PARTNERS_WITH edge holding the later row's columns
    # (networkx's add_edge with the same key updates the edge); the multigraph and the
    # plain adjacency export json streams are one and the same.
    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        records = s.read_all()
    first = next(t for t in records["ties"] if (t["from"], t["to"]) == ("city", "bank"))
    records["ties"].append({**first, "id": "zz-again", "kind": "informal"})
    network = build_network(records)
    reference = nx.MultiDiGraph()
    for t in records["ties"]:
        reference.add_edge(t["from"], t["to"], key="PARTNERS_WITH", id=t["id"], kind=t["kind"])
    g = network.graph
    assert g.number_of_edges("city", "bank") == reference.number_of_edges("city", "bank") == 1
    assert (g.edges["city", "bank", "PARTNERS_WITH"]["id"],
            g.edges["city", "bank", "PARTNERS_WITH"]["kind"]) == ("zz-again", "informal")
    assert list(node_rows(network)) == list(g.nodes(data=True))
    assert list(edge_rows(network)) == list(g.edges(keys=True, data=True))


def test_edges_made_from_one_row_hold_data_of_their_own(small_workbook, store):
    """A person who also works for two organizations is two WORKS_FOR edges from one row:
    each holds a dict of its own, so that a change to one (a merge, an export's edit)
    never shows in the other."""
    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        records = s.read_all()
    person = records["people"][0]
    others = [o["id"] for o in records["organizations"] if o["id"] != person["organization"]]
    person["also_works_for"] = "; ".join(others[:2])
    edges = {(u, v, key): data for u, v, key, data in edge_rows(build_network(records))}
    first, second = (edges[person["id"], org, "WORKS_FOR"] for org in others[:2])
    assert first == second == {"primary": False}
    assert first is not second


def _added_by_networkx(records: dict) -> nx.MultiDiGraph:
    """The network model as networkx's add_node and add_edge build it, row by row (the
    reference for node_rows and edge_rows): a node per row of a sheet of nodes (a second
    row of one id updates the node), an edge per link whose ends are nodes (a second link
    of one type between two nodes updates the edge)."""
    from lcii_graph.ingest.cells import split_list
    from lcii_graph.model.schema import LINKS, SHEETS, SHEETS_BY_NAME
    from lcii_graph.model.vocabulary import RelType

    network = build_network(records)
    graph = nx.MultiDiGraph()
    for sheet in SHEETS:
        if sheet.kind is not None:
            for r in records[sheet.name]:
                graph.add_node(r["id"], **{**r, "kind": sheet.kind.value})
    for link in LINKS:
        for r in records[link.sheet]:
            source, targets = r[link.source], r[link.target]
            if source is None or targets is None or source not in graph:
                continue
            attrs = {}
            if SHEETS_BY_NAME[link.sheet].kind is None and link.rel != RelType.REPORTS:
                attrs = {k: v for k, v in r.items()
                         if k not in {link.source, link.target, "organization", "person"}}
            attrs.update(link.attrs)
            for target in split_list(targets) if link.many else [targets]:
                if target in graph:
                    graph.add_edge(source, target, key=link.rel.value, **attrs)
    for org, level in network.government_levels.items():
        graph.nodes[org]["level"] = level
    for r in records["metrics"]:
        graph.nodes[r["id"]]["measurements"] = network.measurements.get(r["id"], [])
    return graph


def test_node_and_edge_rows_are_what_networkx_builds(example_dir, tmp_path):
    """node_rows and edge_rows (what export json streams and Network.graph is built
    from, found as arrays and a sort) give the nodes and edges networkx's add_node and
    add_edge make of the rows, in its order, with the same columns in the same order:
    on the example, and on it with ids two sheets share, ties repeated (merged) and
    reversed, links to ids that are no node, lists of employers with unknown ones,
    measurements repeated, rows shuffled."""
    import random

    import_workbook(example_dir, str(tmp_path / "s.db"))
    with open_store(tmp_path / "s.db") as s:
        stored = s.read_all()
    for seed in range(6):
        records = json.loads(json.dumps(stored))
        rng = random.Random(seed)
        if seed:
            for sheet in records.values():
                rng.shuffle(sheet)
            orgs = [o["id"] for o in records["organizations"]]
            people = records["people"]
            for tie in rng.sample(records["ties"], 5):
                for again in ("again", "again-2"):  # three rows, one edge
                    records["ties"].append({**tie, "id": f"{tie['id']}-{again}",
                                            "kind": rng.choice(["formal", "informal"])})
                records["ties"].append({**tie, "id": f"{tie['id']}-back",
                                        "from": tie["to"], "to": tie["from"]})
            records["ties"].append({**records["ties"][0], "id": "to-nowhere", "to": "nobody"})
            for person in rng.sample(people, 4):
                person["also_works_for"] = "; ".join(rng.sample(orgs, 2) + ["nobody"])
            people.append({**people[0], "id": orgs[1], "name": "Shares an id"})
            records["partnerships"].append({**records["partnerships"][0], "id": orgs[2]})
            for m in rng.sample(records["measurements"], 3):
                records["measurements"].append({**m, "value": 1.5})
            rng.shuffle(records["ties"])
            # An organization X a member of table P, and an organization of P's id too:
            # X's edges to P are MEMBER_OF (from its membership, met first), then
            # PARTNERS_WITH (a tie met after X's tie to another): both before that one.
            member = next(m for m in records["memberships"] if m["organization"])
            x, p = member["organization"], member["partnership"]
            records["organizations"].append({**records["organizations"][0], "id": p})
            z = next(o for o in orgs if o not in (x, p))
            records["ties"] += [{**records["ties"][0], "id": "x-z", "from": x, "to": z},
                                {**records["ties"][0], "id": "x-p", "from": x, "to": p}]
        network = build_network(records)
        reference = _added_by_networkx(records)
        nodes = list(node_rows(network))
        assert [n for n, _ in nodes] == list(reference.nodes)
        for (_, data), (_, expected) in zip(nodes, reference.nodes(data=True), strict=True):
            assert list(data.items()) == list(expected.items())
        edges = list(edge_rows(network))
        assert [e[:3] for e in edges] == list(reference.edges(keys=True))
        for (*_, data), (*_, expected) in zip(edges, reference.edges(keys=True, data=True),
                                              strict=True):
            assert list(data.items()) == list(expected.items())
        assert len(edges) > 100


def test_a_network_lets_go_of_its_rows_and_keeps_its_graphs(example_dir, tmp_path):
    """`export analysis` lets the rows go once read: the fingerprint (what kept results
    are keyed by) is the one taken from the rows, the graphs stay, the lookups and the
    rule contexts go, and a sheet asked for afterwards is an error, not an empty sheet."""
    import pytest

    from lcii_graph.analysis.cache import kept_organization_graph
    from lcii_graph.analysis.context import Context
    from lcii_graph.network.model import Network

    import_workbook(example_dir, str(tmp_path / "s.db"))
    stored = network_of(str(tmp_path / "s.db"), today="2026-06-30")
    # One built from the rows alone (no stored origin): its fingerprint is of the rows.
    network = Network(records={k: list(v) for k, v in stored.records.items()},
                      as_of=stored.as_of)
    fingerprint = Network(records=stored.records, as_of=stored.as_of).fingerprint
    graph = kept_organization_graph(network)
    Context.of(network, today="2026-06-30")
    assert network.names and network.table_members and network.graph.number_of_nodes()
    network.let_go_of_rows()
    assert network.fingerprint == fingerprint
    assert kept_organization_graph(network) is graph
    assert not [k for k in network.cache if k[0] == "context"]
    assert not {"names", "table_members", "graph", "kinds"} & set(vars(network))
    with pytest.raises(LookupError, match="'organizations' was asked for"):
        network.records["organizations"]
    with pytest.raises(LookupError):
        network.names  # noqa: B018 (made again from the rows: none)
