"""Exports other tools read, and the round trips back into the store."""

from __future__ import annotations

import csv
import json

import networkx as nx
import openpyxl
import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.export.interchange import export
from lcii_graph.network import network_of

from .conftest import JURISDICTIONS, SHARED, dump, write_sheets
from .test_html import HOSTILE

FORMULAS = ["=HYPERLINK(\"http://x.example\",\"x\")", "+1 555 0100", "-5 apples", "@SUM(A1)",
            "\tTabbed", "\rReturn", "'=already quoted", "''@twice"]


@pytest.fixture
def rich_store(tmp_path, example_dir):
    """The example plus organizations named with hostile and formula-like strings."""
    store = tmp_path / "rich.db"
    import_workbook(example_dir, str(store))
    rows = [["id", "name", "sector", "jurisdiction", "notes"]]
    rows += [[f"x{i}", text, "community", "riverbend", text]
             for i, text in enumerate(HOSTILE + FORMULAS)]
    import_workbook(write_sheets(tmp_path / "extra", {"organizations": rows}), str(store))
    return store


def read_csv_folder(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_csv_round_trip_is_the_identity(rich_store, tmp_path):
    first = export(str(rich_store), "csv", tmp_path / "one", profile="internal")
    import_workbook(first, str(tmp_path / "copy.db"))
    second = export(str(tmp_path / "copy.db"), "csv", tmp_path / "two", profile="internal")
    assert read_csv_folder(first) == read_csv_folder(second)
    assert dump(rich_store) == dump(tmp_path / "copy.db")


def _with_store(path):
    return open_store(path, create=False)


def test_xlsx_round_trip_is_the_identity(rich_store, tmp_path):
    with _with_store(rich_store) as s:
        first = export(s, "xlsx", tmp_path / "one.xlsx", profile="internal")
    import_workbook(first, str(tmp_path / "copy.db"))
    with _with_store(tmp_path / "copy.db") as s:
        second = export(s, "xlsx", tmp_path / "two.xlsx", profile="internal")
    a, b = openpyxl.load_workbook(first), openpyxl.load_workbook(second)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert [[c.value for c in row] for row in a[name].iter_rows()] == \
            [[c.value for c in row] for row in b[name].iter_rows()]
    assert dump(rich_store) == dump(tmp_path / "copy.db")


def test_no_cell_starts_with_an_active_formula_character(rich_store, tmp_path):
    with _with_store(rich_store) as s:
        folder = export(s, "csv", tmp_path / "csv", profile="internal")
        book = export(s, "xlsx", tmp_path / "b.xlsx", profile="internal")
        kumu = export(s, "kumu", tmp_path / "k.xlsx", profile="internal")
    for path in folder.iterdir():
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for value in row:
                    assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    for path in (book, kumu):
        workbook = openpyxl.load_workbook(path)
        for ws in workbook.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f"
                    if isinstance(c.value, str):
                        assert not c.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_hostile_strings_survive_export_and_import(rich_store, tmp_path):
    folder = export(str(rich_store), "csv", tmp_path / "csv", profile="internal")
    import_workbook(folder, str(tmp_path / "copy.db"))

    def names(path):
        with _with_store(path) as s:
            return {o["id"]: (o["name"], o["notes"]) for o in s.read("organizations")
                    if o["id"].startswith("x")}

    assert names(tmp_path / "copy.db") == names(rich_store)
    stored = names(rich_store)
    for i, text in enumerate(HOSTILE + FORMULAS):
        # import trims spaces around a cell and takes one apostrophe off a quoted formula
        expected = text.strip()
        expected = expected[1:] if expected.startswith("'") else expected
        assert stored[f"x{i}"] == (expected, expected)


def test_graphml_and_gexf_read_back_whole(rich_store, tmp_path):
    with _with_store(rich_store) as s:
        graphml = export(s, "graphml", tmp_path / "g.graphml")
        gexf = export(s, "gexf", tmp_path / "g.gexf")
        from lcii_graph.export.graphxml import gephi_graph

        expected = gephi_graph(network_of(s))
    for read in (nx.read_graphml(graphml), nx.read_gexf(gexf)):
        assert set(read.nodes) == set(expected.nodes)
        assert {frozenset(e) for e in read.edges} == {frozenset(e) for e in expected.edges}
        for node, data in expected.nodes(data=True):
            got = read.nodes[node]
            for key in ("sector", "name", "degree", "community"):
                if key in data:
                    assert str(got[key]) == str(data[key]), (node, key)
            assert got["betweenness"] == pytest.approx(data["betweenness"])
    assert read.nodes["rrta"]["level"] == "special_district"


SCHEMAS = SHARED / "data" / "schemas"


@pytest.mark.parametrize("fmt, schema", [("graphml", "graphml/graphml.xsd"),
                                         ("gexf", "gexf12/gexf.xsd")])
def test_graphml_and_gexf_validate_against_their_schemas(rich_store, tmp_path, fmt, schema):
    """Each file checked by xmllint against the format's own schema (offline copies in
    ../shared/data/schemas), with hostile names in it. (Was: the GEXF carried an empty
    `name` attribute on <graph>, which GEXF 1.2 does not allow.)"""
    import shutil
    import subprocess

    if not (SCHEMAS / schema).is_file():
        pytest.skip(f"the schema is read from {SCHEMAS}, which is not part of a fresh clone")
    if not shutil.which("xmllint"):
        pytest.skip("xmllint not found: make test installs Debian's libxml2-utils where it "
                    "may (root, apt)")
    with _with_store(rich_store) as s:
        path = export(s, fmt, tmp_path / f"g.{fmt}")
    result = subprocess.run(["xmllint", "--noout", "--nonet", "--schema",
                             str(SCHEMAS / schema), str(path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr.strip() == f"{path} validates"


def test_graphml_and_gexf_are_written_a_block_at_a_time(rich_store, tmp_path, monkeypatch):
    """The file is the same however many lines go out at once."""
    from lcii_graph.export import graphxml

    with _with_store(rich_store) as s:
        whole = {fmt: export(s, fmt, tmp_path / f"a.{fmt}").read_bytes()
                 for fmt in ("graphml", "gexf")}
        monkeypatch.setattr(graphxml, "BLOCK", 7)
        for fmt in ("graphml", "gexf"):
            assert export(s, fmt, tmp_path / f"b.{fmt}").read_bytes() == whole[fmt]


def test_json_node_link_reads_back_with_networkx_defaults(rich_store, tmp_path):
    """Was: the edges were under "links", which node_link_graph no longer reads by
    default."""
    with _with_store(rich_store) as s:
        path = export(s, "json", tmp_path / "n.json", profile="internal")
        expected = network_of(s, everything=True).graph
    graph = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")))
    assert set(graph.nodes) == set(expected.nodes)
    assert graph.number_of_edges() == expected.number_of_edges() > 0
    assert sorted(graph.edges(keys=False)) == sorted(expected.edges())


def test_json_node_link(rich_store, tmp_path):
    with _with_store(rich_store) as s:
        path = export(s, "json", tmp_path / "n.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = {n["kind"] for n in data["nodes"]}
    assert kinds == {"Organization", "Person", "Jurisdiction", "Partnership", "Commitment",
                     "Goal", "Metric"}
    assert data["edges"] and "email" not in next(n for n in data["nodes"]
                                                 if n["kind"] == "Person")


def test_kumu_workbook(rich_store, tmp_path):
    with _with_store(rich_store) as s:
        path = export(s, "kumu", tmp_path / "k.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Elements", "Connections"]
    header = [c.value for c in book["Elements"][1]]
    assert header == ["ID", "Label", "Type", "Sector", "Organization Type", "Anchor",
                      "Intermediary", "Website", "Level", "Jurisdiction", "Focus", "Serves",
                      "Organization", "Title", "Decision maker"]  # partner: no notes, contacts
    assert [c.value for c in book["Connections"][1]] == [
        "From", "To", "Type", "Direction", "Strength", "Since", "Until", "Role"]
    types = {row[2].value for row in book["Elements"].iter_rows(min_row=2)}
    assert types == {"Organization", "Partnership", "Person"}


def test_partner_profile_exports_hold_no_contact_details(tmp_path):
    people = [["id", "name", "organization", "email", "phone", "notes"],
              ["p", "Pat", "o", "pat@secret.example", "555 0100 999", "SECRET-NOTE"]]
    book = write_sheets(tmp_path / "b", {
        "jurisdictions": JURISDICTIONS,
        "organizations": [["id", "name", "sector", "notes"], ["o", "Org", "business",
                                                              "ORG-SECRET"]],
        "people": people})
    store = tmp_path / "p.db"
    import_workbook(book, str(store))
    with _with_store(store) as s:
        paths = [export(s, fmt, tmp_path / f"out.{fmt}") for fmt in
                 ("xlsx", "graphml", "gexf", "json")]
        paths.append(export(s, "kumu", tmp_path / "kumu.xlsx"))
        paths.append(export(s, "analysis", tmp_path / "analysis.xlsx"))
        paths += list(export(s, "csv", tmp_path / "csv").iterdir())
    for path in paths:
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            workbook = openpyxl.load_workbook(path)
            data = repr([[c.value for c in row] for ws in workbook.worksheets
                         for row in ws.iter_rows()]).encode()
        for secret in (b"pat@secret.example", b"555 0100 999", b"SECRET-NOTE", b"ORG-SECRET"):
            assert secret not in data, (path.name, secret)


def test_partner_profile_exports_hold_no_ratings_of_a_tie(tmp_path):
    """A tie's trust and value are one partner's judgement of another: internal only."""
    book = write_sheets(tmp_path / "b", {
        "organizations": [["id", "name", "sector"], ["a", "A", "business"],
                          ["b", "B", "nonprofit"]],
        "ties": [["from", "to", "trust", "value"], ["a", "b", "3", "2"]]})
    store = tmp_path / "t.db"
    import_workbook(book, str(store))
    with _with_store(store) as s:
        for profile in ("partner", "internal"):
            folder = export(s, "csv", tmp_path / profile, profile=profile)
            header = (folder / "ties.csv").read_text(encoding="utf-8").splitlines()[0]
            edges = json.loads(export(s, "json", tmp_path / f"{profile}.json",
                                      profile=profile).read_text(encoding="utf-8"))["edges"]
            script = export(s, "cypher", tmp_path / f"{profile}.cypher",
                            profile=profile).read_text(encoding="utf-8")
            book_ = openpyxl.load_workbook(export(s, "xlsx", tmp_path / f"{profile}.xlsx",
                                                  profile=profile))
            xlsx_header = [c.value for c in book_["ties"][1]]
            shown = profile == "internal"
            assert ("trust" in header.split(","), "value" in header.split(",")) == (shown,
                                                                                     shown)
            assert [("trust" in e, e.get("value")) for e in edges
                    if e["key"] == "PARTNERS_WITH"] == [(shown, 2 if shown else None)]
            assert ("`trust`: 3" in script) == shown
            assert ("trust" in xlsx_header) == shown


def test_export_command(run, small_workbook, tmp_path):
    run("import", small_workbook)
    result = run("export", "csv", tmp_path / "out", "--profile", "internal")
    assert result.exit_code == 0
    assert result.output == f"Wrote {tmp_path / 'out'} (csv, profile: internal).\n"
    assert run("export", "pdf", tmp_path / "x").exit_code == 2


def test_analysis_workbook_holds_the_analysis(rich_store, tmp_path):
    from lcii_graph import capital_stacks, gaps, metrics

    with _with_store(rich_store) as s:
        path = export(s, "analysis", tmp_path / "analysis.xlsx")
        network = network_of(s)
        people = {r["name"] for r in s.read("people")}
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["README", "findings", "network", "organizations", "sectors",
                               "communities", "capital", "coverage"]
    sheet = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book}
    found = gaps(network)
    # The partner profile leaves out the findings that rest on private judgements.
    assert {"stakeholders", "trust"} <= {f.lesson for f in found}
    assert [r[1] for r in sheet["findings"][1:]] == [
        f.rule for f in found if f.lesson not in ("stakeholders", "trust")]
    written = dict(r for r in sheet["network"][1:] if r[0] != "notes")
    expected = {k: v for k, v in metrics(network).items() if k != "notes"}
    assert written.keys() == expected.keys()
    for key, value in expected.items():  # a spreadsheet keeps 15 to 16 significant digits
        assert written[key] == (pytest.approx(value, rel=1e-14)
                                if isinstance(value, float) else value), key
    nodes = metrics(network, level="node")
    assert [r[0] for r in sheet["organizations"][1:]] == [n["id"] for n in nodes]
    assert [r[2:10] for r in sheet["capital"][1:]] == [
        [s["currency"], *(s["by_type"][t] for t in s["by_type"])]
        for s in capital_stacks(network)]
    # The partner profile names no person; names that look like formulas stay text.
    cells = {v for rows in sheet.values() for row in rows for v in row if isinstance(v, str)}
    assert not cells & people
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)
    assert any(v.startswith("'=") for v in cells)


def test_node_link_json_keeps_each_ties_provenance(rich_store, tmp_path):
    """Was: the ties' column `source` (survey, document...) and node-link's `source` (the
    tie's first end) were one key, and the end was written over the provenance."""
    with _with_store(rich_store) as s:
        stored = {t["id"]: t for t in s.read("ties")}
        path = export(s, "json", tmp_path / "n.json", profile="internal")
    edges = [e for e in json.loads(path.read_text(encoding="utf-8"))["edges"]
             if e.get("key") == "PARTNERS_WITH"]
    assert len(edges) == len(stored) > 0
    assert {e["id"]: (e["source"], e["target"], e["provenance"]) for e in edges} == {
        i: (t["from"], t["to"], t["provenance"]) for i, t in stored.items()}
    assert {e["provenance"] for e in edges} >= {"survey", "document"}


@pytest.mark.parametrize("profile", ["partner", "internal"])
def test_node_link_json_is_streamed_as_networkx_would_write_it(tmp_path, example_dir,
                                                               profile):
    """export json writes one node or edge at a time (a state-wide network took 5.9 GB
    built whole): the bytes are those of json.dumps(node_link_data(G), indent=1), nested
    values (measurements, custom fields), line breaks, quotes and other scripts included."""
    import shutil

    from lcii_graph.export.interchange import PRIVATE_COLUMNS, PRIVATE_SHEETS

    book = tmp_path / "book"
    shutil.copytree(example_dir, book)
    with open(book / "organizations.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write('odd,"Line\nbreak ""quoted"" \u00e9\u4e2d",nonprofit,,,,,\n')
    store = tmp_path / "s.db"
    import_workbook(book, str(store))
    out = tmp_path / "graph.json"
    with open_store(store) as s:
        export(s, "json", out, profile=profile)
        graph = network_of(s, everything=True).graph.copy()
    graph.graph["generator"] = "lcii-graph"
    if profile == "internal":
        with open_store(store) as s:
            for sheet in PRIVATE_SHEETS:
                graph.graph[sheet] = network_of(s, everything=True).records[sheet]
    else:
        kinds = {"Person": "people", "Organization": "organizations",
                 "Partnership": "partnerships"}
        for _, data in graph.nodes(data=True):
            for column in PRIVATE_COLUMNS.get(kinds.get(data["kind"]), ()):
                data.pop(column, None)
        for *_, data in graph.edges(keys=True, data=True):
            for column in PRIVATE_COLUMNS["ties"]:
                data.pop(column, None)
    expected = json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False,
                          indent=1, default=str)
    assert out.read_text(encoding="utf-8") == expected
    assert '"measurements": [' in expected and "Line\\nbreak" in expected


def test_node_link_rows_written_in_batches_are_json_dumps_at_depth_one():
    """json_rows batches the rows of scalars through json's C encoder: the text is
    json.dumps(rows, indent=1) indented one level, whatever the rows hold (nested values,
    empty rows, text with line breaks, braces and commas, keys that are not text) and
    however they are batched."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lcii_graph.export.interchange import json_rows

    scalars = st.none() | st.booleans() | st.integers() | st.floats() | \
        st.text(alphabet=st.sampled_from("ab{},:\n\"\\ \u2028é"), max_size=8)
    nested = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                          max_leaves=6)
    # Keys of any type JSON writes as text: both of json's encoders turn them to text
    # alike, so a row is batched whatever its keys.
    keys = st.text(max_size=4) | st.integers() | st.floats() | st.booleans() | st.none()
    rows = st.lists(st.dictionaries(keys, scalars, max_size=4)
                    | st.dictionaries(st.text(max_size=4), nested, max_size=3), max_size=8)

    @settings(max_examples=400, deadline=None)
    @given(rows, st.integers(1, 5))
    def check(rows, batch):
        expected = json.dumps(rows, ensure_ascii=False, indent=1,
                              default=str).replace("\n", "\n ")
        pieces = list(json_rows(iter(rows), batch=batch))
        assert "".join(pieces) == expected

    check()


def test_xml_values_written_as_they_are_only_where_escaping_changes_nothing():
    """GraphML and GEXF write plain text and attribute values as they are (most ids and
    names): exactly what escaping and xml_safe give, for any text or value."""
    from xml.sax.saxutils import escape, quoteattr

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lcii_graph.export.graphxml import _attr, _text
    from lcii_graph.export.tables import xml_safe

    texts = st.text(alphabet=st.characters(codec=None, categories=None), max_size=12) | \
        st.text(alphabet=st.sampled_from("ab &<>\"'\t\n\r\x00\x0b\ufffe\ud800é中"), max_size=8)

    @settings(max_examples=600, deadline=None)
    @given(texts | st.integers() | st.floats() | st.booleans())
    def check(value):
        assert _attr(value) == quoteattr(str(xml_safe(value)))
        assert _text(value, "string") == escape(str(xml_safe(value)))

    check()


def test_the_xml_writer_writes_blocks_of_lines_as_they_come(tmp_path):
    """GraphML and GEXF edges come a block of lines at a time (one text of 20,000 lines):
    each is written once a megabyte is waiting, not held until 20,000 of them are (a
    state-wide network's every edge, hundreds of megabytes)."""
    from lcii_graph.export.graphxml import _write

    path, seen = tmp_path / "out.xml", []
    block = "\n".join(["x" * 999] * 1_500)  # 1.5 MB

    def lines():
        for _ in range(3):
            seen.append(path.stat().st_size)
            yield block
        yield "last"

    path.write_text("")
    _write(path, lines())
    assert seen[0] == 0 and seen[1] == len(block) + 1 and seen[2] == 2 * (len(block) + 1)
    assert path.read_text() == "\n".join([block] * 3 + ["last"]) + "\n"
