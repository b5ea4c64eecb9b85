"""Kumu maps in: a blueprint JSON and an Elements/Connections workbook, written by hand
after Kumu's documented import format (Label, Type, Description, Tags; From, To, Type)."""

from __future__ import annotations

import json

import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.errors import InputInvalid
from lcii_graph.export.interchange import export
from lcii_graph.ingest.kumu import parse_mapping

from .conftest import write_xlsx

ELEMENTS = [
    ["Label", "Type", "Description", "Tags", "Org Type"],
    ["City of Lakeview", "Government", "The city", "public|lead", ""],
    ["Lakeview Foundation", "Foundation", "", "funder", ""],
    ["Harbor Bank", "Organization", "", "", "For-profit"],
    ["Neighbors United", "Organization", "", "", ""],
    ["Ana Ortiz", "Person", "Director of Planning", "", ""],
    ["Jobs Compact", "Initiative", "Regional jobs table", "", ""],
]
CONNECTIONS = [
    ["From", "To", "Type"],
    ["City of Lakeview", "Harbor Bank", "MOU"],
    ["Lakeview Foundation", "Harbor Bank", "Funding"],
    ["Harbor Bank", "Lakeview Foundation", "friendship"],
    ["Ana Ortiz", "City of Lakeview", "works at"],
    ["City of Lakeview", "Jobs Compact", "member"],
    ["Ana Ortiz", "Jobs Compact", "member"],
    ["Neighbors United", "Harbor Bank", "referral"],
    ["Ana Ortiz", "Harbor Bank", "knows"],
]


def check(store):
    with open_store(store) as s:
        orgs = {o["name"]: o for o in s.read("organizations")}
        people = {p["name"]: p for p in s.read("people")}
        ties = {(t["from"], t["to"]): t["kind"] for t in s.read("ties")}
        members = {(m["partnership"], m["organization"] or m["person"])
                   for m in s.read("memberships")}
        tables = [p["name"] for p in s.read("partnerships")]
    assert orgs["City of Lakeview"]["sector"] == "government"
    assert orgs["Lakeview Foundation"]["sector"] == "philanthropy"
    assert orgs["Harbor Bank"]["sector"] == "business"  # from the mapped Org Type field
    assert "Neighbors United" not in orgs  # no sector anywhere: reported, not guessed
    assert people["Ana Ortiz"]["organization"] == "city-of-lakeview"
    assert people["Ana Ortiz"]["also_works_for"] == "harbor-bank"  # was: dropped
    assert tables == ["Jobs Compact"]
    assert ties == {("city-of-lakeview", "harbor-bank"): "mou",
                    ("lakeview-foundation", "harbor-bank"): "co_funding",
                    ("harbor-bank", "lakeview-foundation"): "informal"}
    assert members == {("jobs-compact", "city-of-lakeview"), ("jobs-compact", "ana-ortiz")}


EXPECTED_UNPLACED = [
    "element 'Neighbors United' (type 'Organization'): no sector; add a Sector field or "
    "--map FIELD=sector",
    "1 connection to an element not placed (no sector)",
]
EXPECTED_NOTES = [
    "1 connection of type 'friendship' read as informal ties (--map 'friendship=OURS' reads "
    "them otherwise)",
    "1 connection of type 'knows' read as affiliations (the person works with the "
    "organization)",
    "element fields kept as custom fields of the organizations: Tags",
]


def test_kumu_workbook_imports_with_a_mapping_report(tmp_path):
    path = write_xlsx(tmp_path / "kumu.xlsx", {"Elements": ELEMENTS,
                                               "Connections": CONNECTIONS})
    report = import_workbook(path, str(tmp_path / "s.db"), mapping={"orgtype": "sector"})
    check(tmp_path / "s.db")
    assert report.unplaced == EXPECTED_UNPLACED
    assert report.notes == EXPECTED_NOTES
    with open_store(tmp_path / "s.db") as s:
        assert {o["name"]: o["custom"] for o in s.read("organizations")} == {
            "City of Lakeview": '{"Tags": "public|lead"}', "Lakeview Foundation":
            '{"Tags": "funder"}', "Harbor Bank": None}


def test_kumu_json_blueprint_imports(tmp_path):
    header = ELEMENTS[0]
    blueprint = {
        "elements": [{**{k.lower(): v for k, v in zip(header, row, strict=True) if v},
                      "tags": row[3].split("|") if row[3] else []} for row in ELEMENTS[1:]],
        "connections": [{"from": a, "to": b, "type": t} for a, b, t in CONNECTIONS[1:]],
    }
    path = tmp_path / "map.json"
    path.write_text(json.dumps(blueprint), encoding="utf-8")
    report = import_workbook(path, str(tmp_path / "s.db"), mapping={"orgtype": "sector"})
    check(tmp_path / "s.db")
    assert EXPECTED_UNPLACED[0] in report.unplaced


def test_import_command_with_map(run, tmp_path):
    path = write_xlsx(tmp_path / "kumu.xlsx", {"Elements": ELEMENTS,
                                               "Connections": CONNECTIONS})
    result = run("import", path, "--map", "Org Type=sector")
    assert result.exit_code == 0, result.output
    assert f"Not placed: {EXPECTED_UNPLACED[0]}" in result.stderr
    bad = run("import", path, "--map", "Org Type")
    assert bad.exit_code == 3 and "expected FIELD=OURS" in bad.stderr


def test_our_kumu_export_reads_back(tmp_path, example_dir):
    store = tmp_path / "a.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        path = export(s, "kumu", tmp_path / "k.xlsx", profile="internal")
        orgs_before = {o["id"]: o["sector"] for o in s.read("organizations")}
    report = import_workbook(path, str(tmp_path / "b.db"))
    with open_store(tmp_path / "b.db") as s:
        assert {o["id"]: o["sector"] for o in s.read("organizations")} == orgs_before
        assert s.count("ties") > 250 and s.count("memberships") > 100
    assert any(note.startswith("Level, Jurisdiction and Serves of ") and " element(s) not "
               "read: they name jurisdictions" in note for note in report.notes)


def test_not_kumu_json(tmp_path):
    from lcii_graph.errors import InputUnreadable

    path = tmp_path / "x.json"
    path.write_text("[1, 2]")
    with pytest.raises(InputUnreadable, match="not a Kumu blueprint"):
        import_workbook(path)
    path.write_text("{nope")
    with pytest.raises(InputUnreadable, match="not a JSON file"):
        import_workbook(path)
    assert InputInvalid


def _blueprint(tmp_path, elements, connections=()):
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"elements": elements, "connections": list(connections)}),
                    encoding="utf-8")
    return path


def test_kumu_maps_as_real_maps_are_made(tmp_path):
    """A per-value sector map, a sector field saying something else (not placed, said;
    was: the whole file refused), mutual connections confirmed, several targets in one
    cell, non-actors skipped, a member linked twice kept once at the higher role."""
    path = _blueprint(tmp_path, [
        {"label": "Civic Lab", "type": "Organization", "Kind": "Civil Society"},
        {"label": "Bank", "type": "Organization", "Kind": "Company"},
        {"label": "Mystery", "type": "Organization", "Kind": "TO BE DETERMINED"},
        {"label": "City", "type": "Government"},
        {"label": "Annual Report", "type": "Publication"},
        {"label": "Jobs Table", "type": "Working Group"},
    ], [
        {"from": "Civic Lab", "to": "Bank", "type": "MOU", "direction": "mutual"},
        {"from": "City", "to": "Bank | Civic Lab", "type": "Funding Flow"},
        {"from": "Bank", "to": "Annual Report", "type": "Author"},
        {"from": "City", "to": "Jobs Table", "type": "General Member"},
        {"from": "City", "to": "Jobs Table", "type": "Convenor"},
    ])
    store = tmp_path / "s.db"
    report = import_workbook(path, str(store), mapping=parse_mapping(
        ("Kind=sector", "Civil Society=nonprofit")))
    with open_store(store) as s:
        orgs = {o["id"]: o["sector"] for o in s.read("organizations")}
        ties = {(t["from"], t["to"]): (t["kind"], t["confirmed"]) for t in s.read("ties")}
        members = [(m["partnership"], m["organization"], m["role"])
                   for m in s.read("memberships")]
    assert orgs == {"civic-lab": "nonprofit", "bank": "business", "city": "government"}
    assert ties == {("civic-lab", "bank"): ("mou", True),
                    ("city", "bank"): ("co_funding", None),
                    ("city", "civic-lab"): ("co_funding", None)}
    assert members == [("jobs-table", "city", "convener")]
    assert report.unplaced == [
        "element 'Mystery': its kind field says 'TO BE DETERMINED', which is not a sector; "
        "add --map 'TO BE DETERMINED=SECTOR' (government, business, philanthropy, nonprofit "
        "or community)",
        "1 element of type 'Publication' skipped: not actors or tables ('Annual Report')",
        "1 connection to an element not placed (of type 'Publication', not an actor)",
    ]
    assert report.notes == ["connection City -> Jobs Table: city is linked to jobs-table "
                            "more than once; one membership kept, as convener"]


def test_a_map_of_no_actor_at_all_is_refused(tmp_path):
    path = _blueprint(tmp_path, [{"label": "A paper", "type": "Publication"},
                                 {"label": "A meeting", "type": "Event"}])
    with pytest.raises(InputInvalid, match="no element is an organization, a person or a "
                                           "table; nothing to import"):
        import_workbook(path, str(tmp_path / "s.db"))


@pytest.mark.parametrize("pair", ["Kind", "=nonprofit", "Kind=nowhere"])
def test_a_map_that_names_nothing_of_ours_is_refused(pair):
    with pytest.raises(InputInvalid, match="expected FIELD=OURS"):
        parse_mapping((pair,))


def _cells(path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()]
            for ws in book.worksheets}


def test_our_kumu_export_goes_round_unchanged_custom_fields_included(tmp_path):
    """export kumu -> import -> export kumu: the same cells, where the layout holds the
    store (no jurisdictions, no commitments): every column of every element and connection,
    several organizations per person, a confirmed tie, custom fields named like a Kumu
    field or like one we read, formula-like values."""
    from .conftest import write_sheets

    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector", "type", "anchor", "url", "notes", "Tags",
                           "custom: Website", "Ward"],
                          ["a", "Alpha", "business", "bank", "yes", "https://a.example",
                           "private note", "lead|funder", "old site", "=1+2"],
                          ["b", "Beta", "nonprofit", "", "no", "", "", "", "", "4"],
                          ["c", "Gamma", "government", "", "", "", "", "", "", ""]],
        "people": [["id", "name", "organization", "also_works_for", "title", "decision_maker",
                    "email", "Tags"],
                   ["p", "Pat", "a", "b; c", "CEO", "", "pat@a.example", "board"],
                   ["q", "Quinn", "b", "", "Analyst", "yes", "", ""]],
        "partnerships": [["id", "name", "focus", "Region"], ["t", "Table", "jobs", "North"]],
        "memberships": [["partnership", "organization", "person", "role", "since"],
                        ["t", "a", "", "convener", "2021-01-01"], ["t", "", "p", "member", ""]],
        "ties": [["from", "to", "kind", "strength", "since", "confirmed", "MOU signed"],
                 ["a", "b", "mou", "3", "2020-05-01", "yes", "2020"],
                 ["b", "c", "informal", "", "", "", ""]]})
    first = tmp_path / "first.db"
    import_workbook(book, str(first))
    with open_store(first) as s:
        one = export(s, "kumu", tmp_path / "one.xlsx", profile="internal")
    second = tmp_path / "second.db"
    report = import_workbook(one, str(second))
    with open_store(second) as s:
        two = export(s, "kumu", tmp_path / "two.xlsx", profile="internal")
    assert _cells(two) == _cells(one)
    with open_store(first) as a, open_store(second) as b:
        for sheet in ("organizations", "people", "partnerships"):
            assert b.read(sheet) == a.read(sheet), sheet
        keep = ("from", "to", "kind", "strength", "since", "confirmed", "custom")
        assert [{k: t[k] for k in keep} for t in b.read("ties")] == \
            [{k: t[k] for k in keep} for t in a.read("ties")]
    elements = _cells(one)["Elements"]
    assert elements[0][-4:] == ["Tags", "Ward", "custom: Website", "Region"]
    assert elements[1][-4:] == ["lead|funder", "'=1+2", "old site", None]
    assert report.unplaced == [] and not any("custom fields" in n and "Level" in n
                                             for n in report.notes)


def test_a_field_with_no_name_is_said_and_not_kept(tmp_path):
    path = _blueprint(tmp_path, [{"label": "City", "type": "Government", "": "lost?",
                                  "Ward": "5"}])
    report = import_workbook(path, str(tmp_path / "s.db"))
    assert report.unplaced == ["1 value of a field with no name: not kept"]
    with open_store(tmp_path / "s.db") as s:
        assert [o["custom"] for o in s.read("organizations")] == ['{"Ward": "5"}']
