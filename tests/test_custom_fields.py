"""Custom fields: a coordinator's own columns survive import, export and import again."""

from __future__ import annotations

import json

import openpyxl
import pytest

from lcii_graph import open_store, to_pandas

from .conftest import dump, write_sheets

ORGS = [["id", "name", "sector", "Board seat", "MOU signed", "Ward"],
        ["a", "Alpha", "business", "yes", "", "3"],
        ["b", "Beta", "nonprofit", "", "2024-01-01", "=HYPERLINK(\"x\")"]]
TIES = [["from", "to", "kind", "Facilitated by"], ["a", "b", "mou", "County"]]


@pytest.fixture
def imported(run, tmp_path):
    result = run("import", write_sheets(tmp_path / "in", {"organizations": ORGS,
                                                          "ties": TIES}))
    assert result.exit_code == 0, result.output
    return result


def test_columns_not_ours_are_kept_and_said_to_be(imported, store):
    assert "Note: organizations.csv: column 'Board seat' kept as a custom field\n" \
        in imported.stderr
    with open_store(store) as s:
        orgs = {r["id"]: r["custom"] for r in s.read("organizations")}
        assert orgs == {"a": '{"Board seat": "yes", "Ward": "3"}',
                        "b": '{"MOU signed": "2024-01-01", "Ward": "=HYPERLINK(\\"x\\")"}'}
        assert s.read("ties")[0]["custom"] == '{"Facilitated by": "County"}'


def test_show_and_list_give_each_custom_field(run, imported):
    shown = run("show", "a").output
    assert "Board seat (custom)  yes\n" in shown and "Ward (custom)        3\n" in shown
    listed = json.loads(run("list", "organizations", "--json").output)
    assert listed[0]["custom"] == {"Board seat": "yes", "Ward": "3"}
    header = run("list", "organizations", "--csv").output.splitlines()[0]
    assert header.endswith(",custom: Board seat,custom: Ward,custom: MOU signed")


def test_a_slip_of_one_of_our_headers_is_kept_with_a_warning(run, tmp_path):
    folder = write_sheets(tmp_path / "slip", {"organizations": [
        ["name", "sector", "sectr"], ["A", "business", "x"]]})
    result = run("import", folder)
    assert result.exit_code == 0
    assert "column 'sectr': not a column of the organizations sheet (did you mean " \
           "'sector'?); kept as a custom field" in result.stderr


def test_two_columns_for_one_custom_field_are_refused(run, tmp_path):
    folder = write_sheets(tmp_path / "twice", {"organizations": [
        ["name", "sector", "Ward", "WARD"], ["A", "business", "1", "2"]]})
    result = run("import", folder)
    assert result.exit_code == 3
    assert "expected one column for the custom field 'WARD'; 'Ward' already provides it" \
        in result.stderr


@pytest.mark.parametrize("fmt, out", [("csv", "folder"), ("xlsx", "book.xlsx")])
def test_the_internal_export_reads_back_to_the_same_rows(run, imported, store, tmp_path,
                                                         fmt, out):
    target = tmp_path / out
    assert run("export", fmt, target, "--profile", "internal").exit_code == 0
    again = tmp_path / "again" / "lcii.db"
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    result = CliRunner().invoke(cli, ["--store", str(again), "import", str(target)])
    assert result.exit_code == 0, result.output
    assert dump(again) == dump(store)
    if fmt == "xlsx":  # a formula-like value is text in the workbook, never a formula
        ws = openpyxl.load_workbook(target)["organizations"]
        assert [c.value for c in ws[1]][-3:] == ["Board seat", "Ward", "MOU signed"]
        assert ws.cell(3, ws.max_column - 1).value == "'=HYPERLINK(\"x\")"


def test_the_partner_export_leaves_custom_fields_out(run, imported, tmp_path):
    assert run("export", "csv", tmp_path / "p").exit_code == 0
    text = (tmp_path / "p" / "organizations.csv").read_text(encoding="utf-8")
    assert "Board seat" not in text and "HYPERLINK" not in text
    assert "Facilitated" not in (tmp_path / "p" / "ties.csv").read_text(encoding="utf-8")


def test_an_import_without_the_columns_leaves_them_as_they_are(run, imported, store,
                                                               tmp_path):
    folder = write_sheets(tmp_path / "plain", {"organizations": [
        ["id", "name", "sector"], ["a", "Alpha renamed", "business"]]})
    assert run("import", folder).exit_code == 0
    with open_store(store) as s:
        (a,) = [r for r in s.read("organizations") if r["id"] == "a"]
    assert (a["name"], a["custom"]) == ("Alpha renamed", '{"Board seat": "yes", "Ward": "3"}')


def test_to_pandas_gives_a_column_per_custom_field(imported, store):
    with open_store(store) as s:
        frame = to_pandas(s, "organizations")
    assert list(frame.columns)[-3:] == ["Board seat", "Ward", "MOU signed"]
    assert frame.set_index("id").loc["a", "Ward"] == "3"
    assert "custom" not in frame.columns


def test_node_link_json_carries_them_internally_and_never_to_partners(run, imported, store,
                                                                      tmp_path):
    assert run("export", "json", tmp_path / "p.json").exit_code == 0
    partner = (tmp_path / "p.json").read_text(encoding="utf-8")
    assert "custom" not in partner and "Board seat" not in partner and "County" not in partner
    assert run("export", "json", tmp_path / "i.json", "--profile", "internal").exit_code == 0
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    again = tmp_path / "again" / "lcii.db"
    result = CliRunner().invoke(cli, ["--store", str(again), "import",
                                      str(tmp_path / "i.json")])
    assert result.exit_code == 0, result.output
    with open_store(again) as a, open_store(store) as b:
        for sheet in ("organizations", "ties"):
            assert [r["custom"] for r in a.read(sheet)] == [r["custom"] for r in b.read(sheet)]


def test_a_custom_value_that_is_not_a_json_object_reads_as_none(tmp_path):
    from lcii_graph.model.schema import custom_fields

    for value in (5, "[1, 2]", "{not json", None, "", ["a"]):
        assert custom_fields({"custom": value}) == {}
    assert custom_fields({"custom": '{"x": {"deep": 1}}'}) == {"x": "{'deep': 1}"}


def test_a_custom_field_named_like_one_of_our_columns_goes_round_as_custom(run, tmp_path):
    """"custom: NAME" is read as custom field NAME; exports write a name that would read as
    one of ours ("Location" is a spelling of jurisdiction) that way, and only those."""
    folder = write_sheets(tmp_path / "in", {"organizations": [
        ["id", "name", "sector", "custom: Location", "Ward"], ["a", "A", "business", "N", "3"]]})
    assert run("import", folder).exit_code == 0
    assert run("export", "csv", tmp_path / "out", "--profile", "internal").exit_code == 0
    header = (tmp_path / "out" / "organizations.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",custom: Location,Ward")
    listed = json.loads(run("list", "organizations", "--json").output)
    assert listed[0]["custom"] == {"Location": "N", "Ward": "3"}
    assert listed[0]["jurisdiction"] is None


def test_node_link_json_goes_round_unchanged_custom_fields_included(run, imported, store,
                                                                     tmp_path):
    """export json -> import -> export json: the same file."""
    assert run("export", "json", tmp_path / "one.json", "--profile", "internal").exit_code == 0
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    again = tmp_path / "again" / "lcii.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", str(again), "import",
                               str(tmp_path / "one.json")]).exit_code == 0
    assert runner.invoke(cli, ["--store", str(again), "export", "json",
                               str(tmp_path / "two.json"), "--profile",
                               "internal"]).exit_code == 0
    one = (tmp_path / "one.json").read_bytes()
    assert (tmp_path / "two.json").read_bytes() == one
    assert b"Board seat" in one and b"Facilitated by" in one
