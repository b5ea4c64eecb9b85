"""GraphML, GEXF and node-link JSON in: lcii-graph's own exports read back, and graphs
other tools write (built here with networkx, the reference writer of both formats)."""

from __future__ import annotations

import networkx as nx
import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.errors import InputUnreadable
from lcii_graph.export.interchange import export
from lcii_graph.ingest.kumu import parse_mapping

from .conftest import dump, write_sheets


def test_node_link_json_export_then_import_is_the_same_store(tmp_path, example_dir):
    """Every kind, every column (the internal profile): the same rows, byte for byte."""
    first = tmp_path / "first.db"
    import_workbook(example_dir, str(first))
    with open_store(first) as s:
        path = export(s, "json", tmp_path / "network.json", profile="internal")
    second = tmp_path / "second.db"
    import_workbook(path, str(second))
    assert dump(second) == dump(first)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_our_gephi_files_read_back_organizations_and_their_ties(tmp_path, example_dir, fmt):
    """The analysed graph: every organization with its sector and type; the links that
    were explicit ties as ties (kinds are not in it: informal), the others said."""
    source = tmp_path / "source.db"
    import_workbook(example_dir, str(source))
    from lcii_graph.network import network_of

    with open_store(source) as s:
        path = export(s, fmt, tmp_path / f"network.{fmt}")
        orgs = {o["id"]: (o["sector"], o["type"]) for o in s.read("organizations")}
        # The analysed graph is today's: ties that have ended are not in it.
        pairs = {frozenset((t["from"], t["to"])) for t in network_of(s).records["ties"]}
    store = tmp_path / "back.db"
    report = import_workbook(path, str(store))
    with open_store(store) as s:
        assert {o["id"]: (o["sector"], o["type"]) for o in s.read("organizations")} == orgs
        ties = s.read("ties")
    assert {frozenset((t["from"], t["to"])) for t in ties} == pairs
    assert {t["kind"] for t in ties} == {"informal"}
    assert any(line.endswith("links from shared tables, people, commitments or survey "
                             "answers: not ties (the file does not hold the tables, people, "
                             "commitments or ratings they came from)")
               for line in report.unplaced)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_store_of_organizations_and_informal_ties_goes_round_unchanged(tmp_path, fmt):
    """export -> import -> export gives the same file, where the file can hold the store."""
    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector", "type", "anchor"],
                          ["a", "Alpha & Sons", "business", "bank", "yes"],
                          ["b", "Beta <Fund>", "philanthropy", "", ""],
                          ["c", "Gamma", "government", "", ""], ["d", "Delta", "community", "",
                                                                  ""]],
        "ties": [["from", "to"], ["a", "b"], ["b", "c"], ["c", "a"]]})
    first = tmp_path / "first.db"
    import_workbook(book, str(first))
    with open_store(first) as s:
        one = export(s, fmt, tmp_path / f"one.{fmt}")
    second = tmp_path / "second.db"
    import_workbook(one, str(second))
    with open_store(second) as s:
        two = export(s, fmt, tmp_path / f"two.{fmt}")
    assert two.read_bytes() == one.read_bytes()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_another_tools_graph_is_read_as_organizations_and_ties(tmp_path, fmt):
    G = nx.DiGraph()
    G.add_node("a", label="Alpha", sector="business")
    G.add_node("b", label="Beta", Kind="Civil Society")
    G.add_node("c", label="Gamma", type="Foundation", ward="7", Location="North")
    G.add_node("d", label="Delta")  # no sector anywhere: not placed, said
    G.add_edge("a", "b", weight=1.0, kind="mou", **{"Facilitated by": "County"})
    G.add_edge("b", "c", weight=10.0, kind="friends")
    G.add_edge("c", "a", weight=5.5)
    G.add_edge("a", "d", weight=2.0)
    path = tmp_path / f"gephi.{fmt}"
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, path)
    store = tmp_path / "s.db"
    report = import_workbook(path, str(store), mapping=parse_mapping(
        ("Kind=sector", "Civil Society=nonprofit")))
    with open_store(store) as s:
        orgs = {o["id"]: (o["name"], o["sector"]) for o in s.read("organizations")}
        ties = {(t["from"], t["to"]): (t["kind"], t["strength"], t["confirmed"])
                for t in s.read("ties")}
    assert orgs == {"a": ("Alpha", "business"), "b": ("Beta", "nonprofit"),
                    "c": ("Gamma", "philanthropy")}
    # weights 1..10 rescaled to 1..4: 1 -> 1, 10 -> 4, 5.5 -> 1 + round(3 * 4.5 / 9) = 3
    assert ties == {("a", "b"): ("mou", 1, None), ("b", "c"): ("informal", 4, None),
                    ("c", "a"): ("informal", 3, None)}
    assert report.unplaced == [
        "node 'd' (Delta): no sector attribute, not a sector; add --map FIELD=sector or "
        "--map VALUE=SECTOR", "1 edge to a node not placed"]
    assert "1 edge of kind 'friends' read as informal ties (--map 'friends=OURS' reads them " \
           "otherwise)" in report.notes
    # Attributes nothing reads are custom fields, under their own names even where the name
    # would read as one of our columns ("Location" is a spelling of jurisdiction).
    with open_store(store) as s:
        custom = {o["id"]: o["custom"] for o in s.read("organizations")}
        assert [t["custom"] for t in s.read("ties") if t["kind"] == "mou"] == [
            '{"Facilitated by": "County"}']
    assert custom == {"a": None, "b": None, "c": '{"Location": "North", "ward": "7"}'}
    assert "node attributes kept as custom fields: ward, Location" in report.notes
    assert "edge attributes kept as custom fields of the ties: Facilitated by" in report.notes


def test_gephis_layout_is_said_and_not_kept(tmp_path):
    G = nx.Graph()
    G.add_node("a", label="Alpha", sector="business",
               viz={"position": {"x": 1.0, "y": 2.0, "z": 0.0}, "size": 3.0})
    G.add_node("b", label="Beta", sector="nonprofit", viz={"size": 1.0})
    G.add_edge("a", "b")
    nx.write_gexf(G, tmp_path / "g.gexf")
    report = import_workbook(tmp_path / "g.gexf", str(tmp_path / "s.db"))
    assert "node attributes not read (not a single value): viz" in report.notes
    with open_store(tmp_path / "s.db") as s:
        assert [o["custom"] for o in s.read("organizations")] == [None, None]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_custom_fields_go_round_our_gephi_files_and_never_to_partners(tmp_path, fmt):
    """Internal export -> import -> export: the same file, every organization's custom
    fields in it (one named like a measure, one like our column, one like the prefix)."""
    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector", "Ward", "custom: degree", "custom: Region",
                           "custom: custom: odd"],
                          ["a", "Alpha", "business", "3", "high", "North", "x"],
                          ["b", "Beta", "philanthropy", "", "", "South", ""],
                          ["c", "Gamma", "government", "=1+1", "", "", ""]],
        "ties": [["from", "to"], ["a", "b"], ["b", "c"]]})
    first = tmp_path / "first.db"
    import_workbook(book, str(first))
    with open_store(first) as s:
        partner = export(s, fmt, tmp_path / f"partner.{fmt}")
        one = export(s, fmt, tmp_path / f"one.{fmt}", profile="internal")
        stored = [o["custom"] for o in s.read("organizations")]
    assert stored[0] == '{"Region": "North", "Ward": "3", "custom: odd": "x", "degree": "high"}'
    text = partner.read_text(encoding="utf-8")
    assert "Ward" not in text and "North" not in text
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(one)
    assert graph.nodes["a"]["Ward"] == "3" and graph.nodes["a"]["custom: degree"] == "high"
    assert graph.nodes["a"]["degree"] == 1  # the measure keeps its own name
    second = tmp_path / "second.db"
    import_workbook(one, str(second))
    with open_store(second) as s:
        assert [o["custom"] for o in s.read("organizations")] == stored
        two = export(s, fmt, tmp_path / f"two.{fmt}", profile="internal")
    assert two.read_bytes() == one.read_bytes()


def test_an_undirected_graphs_ties_are_confirmed(tmp_path):
    G = nx.Graph()
    G.add_node("a", sector="business")
    G.add_node("b", sector="nonprofit")
    G.add_edge("a", "b")
    nx.write_graphml(G, tmp_path / "g.graphml")
    import_workbook(tmp_path / "g.graphml", str(tmp_path / "s.db"))
    with open_store(tmp_path / "s.db") as s:
        assert [t["confirmed"] for t in s.read("ties")] == [True]


@pytest.mark.parametrize("content", [
    b"<graphml><graph><node id='a'>",  # cut short
    b'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
    b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;'
    b'&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;'
    b'&e;&e;&e;&e;&e;&e;&e;">]><graphml><graph><node id="&f;"/></graph></graphml>',
    b"not xml at all",
])
def test_a_damaged_or_hostile_graph_file_is_refused(tmp_path, content):
    path = tmp_path / "bad.graphml"
    path.write_bytes(content)
    with pytest.raises(InputUnreadable, match="bad.graphml"):
        import_workbook(path, str(tmp_path / "s.db"))
    assert not (tmp_path / "s.db").exists()
