"""Workbook import: loose input accepted, bad input refused whole, store untouched."""

from __future__ import annotations

import pytest

from lcii_graph import check_workbook, import_workbook, open_store
from lcii_graph.errors import InputInvalid, InputUnreadable
from lcii_graph.ingest import readers
from lcii_graph.outputs import OutputRefused

from .conftest import JURISDICTIONS, ORGS, dump, file_digest, write_sheets, write_xlsx


def problems_of(path, store=None):
    with pytest.raises(InputInvalid) as info:
        import_workbook(path, store)
    return [p for p in info.value.problems if p.level == "error"]


def test_small_workbook_imports_every_sheet(small_workbook, store):
    report = import_workbook(small_workbook, str(store))
    assert report.rows == {
        "jurisdictions": 3, "organizations": 6, "people": 3, "partnerships": 1,
        "memberships": 5, "ties": 2, "goals": 1, "commitments": 2, "metrics": 1,
        "measurements": 2,
    }
    assert report.new == report.rows
    with open_store(store) as s:
        orgs = {o["id"]: o for o in s.read("organizations")}
        assert {o["sector"] for o in orgs.values()} == {
            "government", "business", "philanthropy", "nonprofit", "community"}
        people = {p["id"]: p for p in s.read("people")}
        # Mayor: inferred decision-maker; analyst: inferred not; banker: stated yes.
        assert (people["p1"]["decision_maker"], people["p1"]["decision_maker_inferred"]) == (
            True, True)
        assert (people["p2"]["decision_maker"], people["p2"]["decision_maker_inferred"]) == (
            False, True)
        assert (people["p3"]["decision_maker"], people["p3"]["decision_maker_inferred"]) == (
            True, False)
        commitments = {c["id"]: c for c in s.read("commitments")}
        assert commitments["c1"]["amount"] == 100000.0
        assert commitments["c1"]["change"] is None  # a grant has no default
        assert commitments["c2"]["change"] == "systems"  # policy defaults to systems
        assert commitments["c1"]["status"] == "pledged"  # the column's default
        memberships = s.read("memberships")
        assert {m["id"] for m in memberships} == {
            "jobs--city", "jobs--bank", "jobs--fdn", "jobs--np", "jobs--p1"}
        ties = s.read("ties")
        assert [t["id"] for t in ties] == ["city--bank--mou", "fdn--np--co_funding"]


def test_loose_workbook_imports_cleanly(tmp_path, store):
    """Mixed-case aliases, loose headers, BOM, cp1252, trailing blank rows, any script."""
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "Organizations.csv").write_text(
        "\ufeffOrganization Name,SECTOR,Org Type,Home Jurisdiction\n"
        "Ciudad de México Oficina,GOV'T,agency,\n"
        "東京 Partners,For-Profit,company,\n"
        "Фонд Громади,FOUNDATION,,\n"
        "Ngo Example,ngo,,\n"
        "Block Club,Neighborhood Association,,\n"
        ",,,\n"
        "  ,  ,,\n",
        encoding="utf-8",
    )
    (folder / "people.csv").write_bytes(  # Windows-1252, as older Excel saves CSV
        "Full Name,Employer,Job Title,Decision maker?\n"
        "José Núñez,ngo-example,Director,\n"
        "Zoë Café,block-club,Analyst,no\n".encode("cp1252")
    )
    report = import_workbook(folder, str(store))
    assert report.rows == {"organizations": 5, "people": 2}
    assert report.warnings == []
    with open_store(store) as s:
        orgs = {o["name"]: o for o in s.read("organizations")}
        people = {p["name"]: p for p in s.read("people")}
    assert orgs["東京 Partners"]["sector"] == "business"
    assert orgs["東京 Partners"]["id"] == "東京-partners"
    assert orgs["Фонд Громади"]["sector"] == "philanthropy"
    assert orgs["Ciudad de México Oficina"]["sector"] == "government"
    assert orgs["Block Club"]["sector"] == "community"
    assert people["José Núñez"]["organization"] == "ngo-example"
    assert people["José Núñez"]["decision_maker"] is True
    assert people["Zoë Café"]["decision_maker"] is False


def test_xlsx_workbook_with_loose_sheet_names(tmp_path, store):
    from datetime import datetime

    path = write_xlsx(tmp_path / "book.xlsx", {
        "Orgs": [["Org", "Sector"], ["Alpha Org", "Private"], ["Beta Fund", "Funder"],
                 [None, None]],
        "Ties": [["Organization A", "Organization B", "Since", "Strength"],
                 ["alpha-org", "beta-fund", datetime(2020, 5, 17), 3.0]],
        "Notes": [["anything"]],
    })
    report = import_workbook(path, str(store))
    assert report.rows == {"organizations": 2, "ties": 1}
    assert report.ignored == ["Notes"]
    with open_store(store) as s:
        (tie,) = s.read("ties")
    assert (tie["from"], tie["to"], tie["since"], tie["strength"]) == (
        "alpha-org", "beta-fund", "2020-05-17", 3)


def test_errors_in_several_sheets_are_all_listed_and_nothing_changes(tmp_path, store,
                                                                      small_workbook):
    import_workbook(small_workbook, str(store))
    before = file_digest(store)
    before_rows = dump(store)
    bad = write_sheets(tmp_path / "bad", {
        "organizations": [["id", "name", "sector"], ["a", "A", "Goverment"], ["b", "", "ngo"],
                          ["c", "C", "business"]],
        "people": [["name", "organization", "decision_maker"], ["P", "zzz", "maybe"]],
        "ties": [["from", "to", "strength"], ["a", "a", "9"], ["c", "nowhere", "2"]],
        "commitments": [["maker", "type", "amount", "start", "end"],
                        ["c", "grant", "-5", "2021-01-01", "2020-01-01"]],
    })
    errors = problems_of(bad, str(store))
    found = {(p.source, p.row, p.column, p.value) for p in errors}
    assert found == {
        ("organizations.csv", 2, "sector", "Goverment"),
        ("organizations.csv", 3, "name", None),
        ("people.csv", 2, "organization", "zzz"),
        ("people.csv", 2, "decision_maker", "maybe"),
        ("ties.csv", 2, "to", "a"),
        ("ties.csv", 2, "strength", "9"),
        ("ties.csv", 3, "to", "nowhere"),
        ("commitments.csv", 2, "amount", "-5"),
        ("commitments.csv", 2, "end", "2020-01-01"),
    }
    messages = {(p.source, p.row, p.column): p.message for p in errors}
    assert messages[("organizations.csv", 2, "sector")] == (
        "expected one of government, business, philanthropy, nonprofit, community "
        "(did you mean 'government'?)")
    assert messages[("ties.csv", 3, "to")] == (
        "expected the id or name of a row of organizations; no organization has that id or "
        "name")
    assert file_digest(store) == before
    assert dump(store) == before_rows


def test_refused_import_creates_no_store(tmp_path, store):
    bad = write_sheets(tmp_path / "bad", {"organizations": [["name", "sector"], ["A", "??"]]})
    problems_of(bad, str(store))
    assert not store.exists()


def test_dry_run_writes_nothing(small_workbook, store):
    report = import_workbook(small_workbook, str(store), dry_run=True)
    assert report.dry_run and report.rows["organizations"] == 6
    assert not store.exists()


def test_reimport_changes_nothing(small_workbook, store):
    import_workbook(small_workbook, str(store))
    first = dump(store)
    report = import_workbook(small_workbook, str(store))
    assert report.new == dict.fromkeys(report.rows, 0)
    assert dump(store) == first


def test_reimport_updates_by_id_and_keeps_columns_it_does_not_carry(small_workbook, tmp_path,
                                                                     store):
    import_workbook(small_workbook, str(store))
    update = write_sheets(tmp_path / "update", {
        "organizations": [["id", "name", "sector"], ["bank", "Test Bank NA", "business"],
                          ["new", "New Org", "nonprofit"]],
    })
    report = import_workbook(update, str(store))
    assert report.rows == {"organizations": 2} and report.new == {"organizations": 1}
    with open_store(store) as s:
        orgs = {o["id"]: o for o in s.read("organizations")}
    assert orgs["bank"]["name"] == "Test Bank NA"
    assert orgs["bank"]["jurisdiction"] == "tv"  # not in the update: kept
    assert len(orgs) == 7


def test_references_may_point_into_the_store(small_workbook, tmp_path, store):
    import_workbook(small_workbook, str(store))
    more = write_sheets(tmp_path / "more", {
        "ties": [["from", "to", "kind"], ["np", "block", "referral"]],
    })
    assert import_workbook(more, str(store)).rows == {"ties": 1}


def test_organizations_sheet_required_for_a_new_store(tmp_path, store):
    only_ties = write_sheets(tmp_path / "t", {"ties": [["from", "to"], ["a", "b"]]})
    errors = problems_of(only_ties, str(store))
    assert errors[0].message == "expected an 'organizations' sheet (the one required sheet)"


def test_missing_required_column(tmp_path):
    folder = write_sheets(tmp_path / "w", {"organizations": [["name"], ["A"]]})
    (error,) = problems_of(folder)
    assert (error.row, error.column) == (1, None)
    assert error.message.startswith("expected a column 'sector' in the organizations sheet")


def test_duplicate_ids_with_different_values_refused(tmp_path):
    folder = write_sheets(tmp_path / "w", {"organizations": [
        ["id", "name", "sector"], ["a", "Alpha", "business"], ["a", "Alpha Two", "business"]]})
    (error,) = problems_of(folder)
    assert (error.row, error.column, error.value) == (3, "id", "a")
    assert error.message == ("expected a unique id: row 2 has the same id with different "
                             "values")


def test_exact_duplicate_rows_are_imported_once_with_a_note(tmp_path, store):
    folder = write_sheets(tmp_path / "w", {"organizations": [
        ["id", "name", "sector"], ["a", "Alpha", "business"], ["a", "Alpha", "business"]]})
    report = import_workbook(folder, str(store))
    assert report.rows == {"organizations": 1}
    assert [str(w) for w in report.warnings] == [
        "organizations.csv, row 3: repeats row 2 exactly; imported once"]


def test_same_name_without_ids_is_refused_not_merged(tmp_path):
    folder = write_sheets(tmp_path / "w", {"organizations": [
        ["name", "sector"], ["Riverbend Health", "nonprofit"], ["RIVERBEND HEALTH", "business"]]})
    (error,) = problems_of(folder)
    assert error.row == 3
    assert "row 2 gives the same id 'riverbend-health'" in error.message


def test_likely_duplicates_are_reported_not_merged(tmp_path, store):
    folder = write_sheets(tmp_path / "w", {"organizations": [
        ["id", "name", "sector"], ["rh1", "Riverbend Health", "nonprofit"],
        ["rh2", "Riverbend Health.", "nonprofit"]]})
    report = import_workbook(folder, str(store))
    assert report.rows == {"organizations": 2}
    assert [str(w) for w in report.warnings] == [
        "organizations.csv, row 3, column 'name': 'Riverbend Health.': likely the same as "
        "'rh1' (row 2); both were kept: merge them if they are one"]


def test_ids_are_shared_across_node_kinds(tmp_path):
    folder = write_sheets(tmp_path / "w", {
        "organizations": [["id", "name", "sector"], ["x", "X", "business"]],
        "partnerships": [["id", "name"], ["x", "Table X"]],
    })
    (error,) = problems_of(folder)
    assert (error.source, error.row, error.value) == ("partnerships.csv", 2, "x")
    assert error.message == "expected an id not used elsewhere; organizations.csv row 2 has it"


def test_every_dangling_reference_is_listed(tmp_path):
    folder = write_sheets(tmp_path / "w", {
        "organizations": ORGS[:2] + [["a", "A", "business"]],
        "jurisdictions": JURISDICTIONS,
        "memberships": [["partnership", "organization"], ["t1", "a"], ["t2", "a"]],
        "commitments": [["maker", "type", "goal"], ["a", "grant", "g9"]],
        "metrics": [["goal", "name"], ["g8", "M"]],
        "measurements": [["metric", "date", "value"], ["m7", "2020", "1"]],
    })
    errors = problems_of(folder)
    assert sorted((p.sheet, p.row, p.value) for p in errors) == [
        ("commitments", 2, "g9"), ("measurements", 2, "m7"), ("memberships", 2, "t1"),
        ("memberships", 3, "t2"), ("metrics", 2, "g8")]


def test_jurisdiction_cycles_refused(tmp_path):
    folder = write_sheets(tmp_path / "w", {
        "organizations": [["name", "sector"], ["Org A", "business"]],
        "jurisdictions": [["id", "name", "level", "parent"], ["a", "A", "city", "b"],
                          ["b", "B", "county", "c"], ["c", "C", "state", "a"],
                          ["d", "D", "city", "d"]],
    })
    errors = problems_of(folder)
    assert sorted(p.message for p in errors) == [
        "expected parents that do not loop: a -> b -> c -> a",
        "expected parents that do not loop: d -> d",
    ]


def test_membership_needs_exactly_one_member(tmp_path):
    folder = write_sheets(tmp_path / "w", {
        "organizations": [["id", "name", "sector"], ["a", "A", "business"]],
        "people": [["id", "name", "organization"], ["p", "P", "a"]],
        "partnerships": [["id", "name"], ["t", "T"]],
        "memberships": [["partnership", "organization", "person"], ["t", "", ""],
                        ["t", "a", "p"]],
    })
    errors = problems_of(folder)
    assert [(p.row, p.message) for p in errors] == [
        (2, "expected a member: fill organization or person"),
        (3, "expected one member per row: organization or person, not both")]


def test_member_column_resolves_to_organization_or_person(tmp_path, store):
    folder = write_sheets(tmp_path / "w", {
        "organizations": [["id", "name", "sector"], ["a", "A", "business"]],
        "people": [["id", "name", "organization"], ["p", "P", "a"]],
        "partnerships": [["id", "name"], ["t", "T"]],
        "memberships": [["partnership", "member", "role"], ["t", "a", "Chair"],
                        ["t", "p", ""]],
    })
    import_workbook(folder, str(store))
    with open_store(store) as s:
        rows = {m["id"]: m for m in s.read("memberships")}
    assert rows["t--a"]["organization"] == "a" and rows["t--a"]["role"] == "convener"
    assert rows["t--p"]["person"] == "p" and rows["t--p"]["role"] == "member"


def test_unknown_columns_are_reported_and_ignored(tmp_path, store):
    """On a sheet without custom fields (see test_custom_fields.py for those)."""
    folder = write_sheets(tmp_path / "w", {
        "organizations": [["name", "sector"], ["A", "business"]],
        "goals": [["name", "Secter notes", "Favourite colour"], ["G", "x", "y"]]})
    report = import_workbook(folder, str(store))
    assert [w.message for w in report.warnings] == [
        "not a column of the goals sheet; ignored",
        "not a column of the goals sheet; ignored",
    ]


def test_cell_over_the_limit_is_an_error(tmp_path):
    folder = write_sheets(tmp_path / "w", {"organizations": [
        ["name", "sector", "notes"], ["A", "business", "x" * (readers.MAX_CELL_CHARS + 1)]]})
    (error,) = problems_of(folder)
    assert error.column == "notes"
    assert error.message == "expected a cell of at most 32,767 characters (got 32,768)"


@pytest.mark.parametrize("content,message", [
    (b"", "the file is empty; expected a header row"),
    (b"\n\n", "the file is empty; expected a header row"),
    (b"name,sector\nA,business\x00\n", "line 2: NUL byte; this is not a text file"),
    (b'name,sector\n"A,business\nB,c,d,e\n',
     'line 2: a quoted cell opens here (") and is never closed'),
])
def test_unreadable_csv(tmp_path, content, message):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "organizations.csv").write_bytes(content)
    with pytest.raises(InputUnreadable) as info:
        import_workbook(folder)
    assert message in str(info.value)
    assert str(info.value).startswith(str(folder / "organizations.csv"))


def test_undecodable_csv(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    # 0x81 is undefined in Windows-1252 and invalid as UTF-8.
    (folder / "organizations.csv").write_bytes(b"name,sector\nA\x81,business\n")
    with pytest.raises(InputUnreadable, match="line 2: the text is neither UTF-8 nor "
                                              "Windows-1252"):
        import_workbook(folder)


def test_utf16_csv_with_bom(tmp_path, store):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "organizations.csv").write_bytes("name,sector\nÅse AS,business\n".encode("utf-16"))
    assert import_workbook(folder, str(store)).rows == {"organizations": 1}


@pytest.mark.parametrize("name,content,message", [
    ("book.xlsx", b"this is not a zip", "not an Excel workbook"),
    ("book.xlsx", b"", "the file is empty"),
    ("book.xls", b"\xd0\xcf\x11\xe0", "old Excel .xls files are not read"),
    ("book.pdf", b"%PDF", "not a workbook; expected an .xlsx file"),
    ("notes.csv", b"a,b\n", "a single CSV file must be named after a sheet"),
])
def test_not_a_workbook(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputUnreadable, match=message):
        import_workbook(path)


def test_missing_path(tmp_path):
    with pytest.raises(InputUnreadable, match="no such file or folder"):
        import_workbook(tmp_path / "nope.xlsx")


def test_folder_without_sheets(tmp_path):
    (tmp_path / "readme.txt").write_text("hi")
    with pytest.raises(InputUnreadable, match="no workbook sheets found"):
        import_workbook(tmp_path)


def test_size_limits_are_enforced(tmp_path, monkeypatch):
    folder = write_sheets(tmp_path / "w", {"organizations": [["name", "sector"],
                                                              ["A", "business"]]})
    monkeypatch.setattr(readers, "MAX_CSV_BYTES", 10)
    with pytest.raises(InputUnreadable, match="MB limit for one CSV file"):
        import_workbook(folder)
    book = write_xlsx(tmp_path / "b.xlsx", {"organizations": [["name", "sector"]]})
    monkeypatch.setattr(readers, "MAX_XLSX_UNPACKED_BYTES", 100)
    with pytest.raises(InputUnreadable, match="unpacks to"):
        import_workbook(book)


def test_semicolon_separated_csv(tmp_path, store):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "organizations.csv").write_text("name;sector\nA, Inc.;business\n")
    import_workbook(folder, str(store))
    with open_store(store) as s:
        assert s.read("organizations")[0]["name"] == "A, Inc."


def test_check_workbook_reports_without_raising(small_workbook):
    validated = check_workbook(small_workbook)
    assert validated.ok and validated.counts()["people"] == 3


def test_template_round_trip(tmp_path, store):
    """The template is a workbook the importer reads (empty sheets import nothing)."""
    from openpyxl import load_workbook

    from lcii_graph.ingest.template import write_template

    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["README", "organizations"]
    assert "lists" in book.sheetnames and book["lists"].sheet_state == "hidden"
    headers = [c.value for c in book["organizations"][1]]
    assert headers[:3] == ["id", "name", "sector"]
    validations = book["organizations"].data_validations.dataValidation
    assert any(v.formula1.startswith("lists!$A$2") for v in validations)
    ws = book["organizations"]
    ws.append(["", "Alpha", "Foundation"])
    book.save(path)
    assert import_workbook(path, str(store)).rows["organizations"] == 1
    with pytest.raises(OutputRefused, match="exists"):  # filled in: never replaced
        write_template(path)
    assert import_workbook(path, str(store)).rows["organizations"] == 1


def test_xlsx_title_rows_above_the_table_are_skipped(tmp_path, store):
    path = write_xlsx(tmp_path / "titled.xlsx", {
        "Organizations": [["Riverbend partners, March 2025"], ["Prepared by the backbone"],
                          [None], ["Organization Name", "Sector", "Notes"],
                          ["Alpha", "Foundation", "x"]]})
    report = import_workbook(path, str(store))
    assert report.rows == {"organizations": 1}
    with open_store(store) as s:
        assert s.read("organizations")[0]["name"] == "Alpha"


def test_references_by_name(tmp_path, store):
    """A spreadsheet may refer to a row by its name: taken for its id when exactly one row
    has that name, with a warning; the derived ids are the same as with ids, so switching
    from names to ids later changes nothing."""
    orgs = [["id", "name", "sector"], ["city-of-testville", "City of Testville", "government"],
            ["test-bank", "Test Bank", "business"], ["twin", "Twin", "nonprofit"],
            ["twin-2", "twin!", "community"]]
    places = [["name", "level", "parent"], ["Test State", "state", ""],
              ["Testville", "city", "test state"]]
    by_name = write_sheets(tmp_path / "names", {
        "jurisdictions": places, "organizations": orgs,
        "partnerships": [["name", "serves"], ["Jobs Table", "Testville; test state"]],
        "memberships": [["partnership", "member", "role"], ["Jobs Table", "city of testville",
                                                            "convener"]],
        "ties": [["from", "to"], ["City of Testville", "TEST BANK"]]})
    report = import_workbook(by_name, str(store))
    assert [str(w) for w in report.warnings] == [
        "jurisdictions.csv, column 'parent': names of jurisdictions taken for their ids: "
        "'test state' is 'test-state'",
        "organizations.csv, row 5, column 'name': 'twin!': likely the same as 'twin' "
        "(row 4); both were kept: merge them if they are one",
        "partnerships.csv, column 'serves': names of jurisdictions taken for their ids: "
        "'Testville' is 'testville' and 1 more",
        "memberships.csv, column 'partnership': names of partnerships taken for their ids: "
        "'Jobs Table' is 'jobs-table'",
        "memberships.csv, column 'member': names of organizations and people taken for "
        "their ids: 'city of testville' is 'city-of-testville'",
        "ties.csv, column 'from': names of organizations taken for their ids: "
        "'City of Testville' is 'city-of-testville'",
        "ties.csv, column 'to': names of organizations taken for their ids: 'TEST BANK' is "
        "'test-bank'"]
    with open_store(store) as s:
        assert s.read("partnerships")[0]["serves"] == "testville; test-state"
    before = dump(store)
    by_id = write_sheets(tmp_path / "ids", {
        "memberships": [["partnership", "organization", "role"],
                        ["jobs-table", "city-of-testville", "convener"]],
        "ties": [["from", "to"], ["city-of-testville", "test-bank"]]})
    again = import_workbook(by_id, str(store))
    assert again.new == {"memberships": 0, "ties": 0} and dump(store) == before
    twins = write_sheets(tmp_path / "twins", {"ties": [["from", "to"], ["Twin", "test-bank"]]})
    with pytest.raises(InputInvalid):
        import_workbook(twins, str(store))
    (problem,) = check_workbook(twins, store=str(store)).problems
    assert problem.message == ("expected the id or name of a row of organizations; "
                               "2 organizations are named so ('twin', 'twin-2'): give the id")
    typo = write_sheets(tmp_path / "typo", {"ties": [["from", "to"],
                                                     ["Citty of Testvile", "test-bank"]]})
    (problem,) = check_workbook(typo, store=str(store)).problems
    assert problem.message == ("expected the id or name of a row of organizations; no "
                               "organization has that id or name (did you mean "
                               "'city-of-testville'?)")


def test_typed_excel_cells_are_read_as_the_user_typed_them(tmp_path, store):
    """Booleans, dates, date-times and whole-number floats stored typed in an .xlsx read
    as the text a person sees: yes/no, ISO dates, 2021 (not 2021.0)."""
    from datetime import date, datetime

    path = write_xlsx(tmp_path / "typed.xlsx", {
        "organizations": [["id", "name", "sector", "anchor", "ein"],
                          ["a", "Alpha", "business", True, 123456789.0],
                          ["b", "Beta", "nonprofit", False, 12.5]],
        "ties": [["from", "to", "kind", "strength", "since"],
                 ["a", "b", "mou", 3.0, datetime(2021, 3, 5)],
                 ["b", "a", "mou", 2, date(2020, 1, 2)]],
    })
    import_workbook(path, str(store))
    with open_store(store) as s:
        orgs = {r["id"]: r for r in s.read("organizations")}
        ties = {(r["from"], r["to"]): r for r in s.read("ties")}
    assert orgs["a"]["anchor"] is True and orgs["b"]["anchor"] is False
    assert orgs["a"]["ein"] == "123456789" and orgs["b"]["ein"] == "12.5"
    assert ties[("a", "b")]["since"] == "2021-03-05" and ties[("a", "b")]["strength"] == 3
    assert ties[("b", "a")]["since"] == "2020-01-02"


def test_text_and_id_cells_taken_at_once_are_what_the_whole_way_gives():
    """Plain text and id cells (printable, no space at either end, no apostrophe in
    front) are taken as their own value without the per-cell steps; every cell gives
    what those steps give: stripped, one formula apostrophe off, an id with an
    invisible character refused, a blank required cell refused."""
    import pandas as pd
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lcii_graph.ingest import cells
    from lcii_graph.ingest.readers import RawSheet
    from lcii_graph.ingest.validate import (
        MAX_CELL_CHARS,
        NoExistingData,
        _Validator,
        unescape_formula,
    )
    from lcii_graph.model.schema import SHEETS_BY_NAME

    sheet = SHEETS_BY_NAME["organizations"]
    fields = [sheet.field("id"), sheet.field("name"), sheet.field("notes")]
    alphabet = st.sampled_from(["a", "é", " ", "\t", "\n", "\u00a0", "\u2003", "'", "=",
                                "\u200b", "\x1f", "-", "1"])
    texts = st.lists(st.text(alphabet, max_size=6), min_size=1, max_size=12)

    def whole_way(f, text):
        parse = cells.parse_id if f.type == "id" else None
        stripped = unescape_formula(text.strip())
        if len(text) > MAX_CELL_CHARS:
            return "bad"
        if not stripped:
            return "bad" if f.required else f.default
        try:
            return parse(stripped) if parse else stripped
        except cells.CellError:
            return "bad"

    @settings(max_examples=300, deadline=None)
    @given(texts, st.sampled_from(fields))
    def check(column, f):
        raw = RawSheet("organizations", "orgs.csv", [f.name], pd.DataFrame({0: column}),
                       row_numbers=list(range(2, 2 + len(column))))
        validator = _Validator(NoExistingData())
        got = validator._parse_column(raw, f, f.name, column)
        expected = [whole_way(f, text) for text in column]
        assert [None if e == "bad" else e for e in expected] == got
        assert len(validator.problems) == expected.count("bad")

    check()
