"""Survey forms (#15): `lcii-graph survey forms` writes one workbook per invited
organization; the returned forms import (one file or a folder) into the round they were
made for, each checked like any workbook, every problem naming its file, row and column."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from .conftest import write_sheets

ITEMS = ["power and influence", "level of involvement", "resource contribution",
         "reliability", "support of the mission", "openness to discussion"]


@pytest.fixture
def table(run, tmp_path):
    """Four organizations at one table (one named like a formula), one outside it."""
    book = write_sheets(tmp_path / "book", {
        "partnerships": [["id", "name"], ["t", "The Table"]],
        "organizations": [["id", "name", "sector"], ["a", "=HYPERLINK(\"x\")", "business"],
                          ["b", "Bee Works", "nonprofit"], ["c", "City", "government"],
                          ["d", "Dee Fund", "philanthropy"], ["e", "Elsewhere", "community"]],
        "memberships": [["partnership", "organization"], ["t", "a"], ["t", "b"], ["t", "c"],
                        ["t", "d"]]})
    assert run("import", book, "-q").exit_code == 0
    return run


def make_forms(run, folder, *args):
    result = run("survey", "forms", folder, "--round", "2027", *args)
    assert result.exit_code == 0, result.output
    return result


def fill(path, answers: dict[str, list], respondent=None):
    """Answer a form as a respondent would, in a program other than ours: ``answers``
    maps a partner id to the cells from 'how often' on."""
    book = openpyxl.load_workbook(path)
    ws = book["ratings"]
    for row in ws.iter_rows(min_row=2):
        if row[2].value in answers:
            for cell, value in zip(row[4:], answers[row[2].value], strict=False):
                cell.value = value
        if respondent:
            row[1].value = respondent
    book.save(path)


def test_one_form_per_invited_organization_listing_the_others(table, tmp_path):
    folder = tmp_path / "forms"
    result = make_forms(table, folder, "--partnership", "t")
    assert result.stdout.splitlines() == [
        f"Wrote 4 forms for round 2027 to {folder}; collect the returned files in a folder "
        "and run: lcii-graph import FOLDER",
        "Recorded the round's roster: 4 organizations invited."]
    assert sorted(p.name for p in folder.iterdir()) == [
        "2027-a.xlsx", "2027-b.xlsx", "2027-c.xlsx", "2027-d.xlsx"]
    book = openpyxl.load_workbook(folder / "2027-b.xlsx")
    ws = book["ratings"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:6] == ["round", "respondent", "partner", "partner name", "how often",
                           "level of collaboration"]
    assert [r[:4] for r in rows[1:]] == [["2027", "b", "a", "'=HYPERLINK(\"x\")"],
                                         ["2027", "b", "c", "City"],
                                         ["2027", "b", "d", "Dee Fund"]]
    assert all(v is None for r in rows[1:] for v in r[4:])
    # a drop-down on every answer but the free list of contributions
    covered = {str(v.sqref).split(":")[0][0] for v in ws.data_validations.dataValidation}
    assert covered == set("EFGHIJKL")
    formulas = {str(v.sqref)[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert formulas["E"] == '"yearly,quarterly,monthly,weekly,daily"'
    assert formulas["G"] == '"1,2,3,4"'
    assert ws.protection.sheet and not ws["E2"].protection.locked and ws["C2"].protection.locked
    assert [[c.value for c in r] for r in book["survey"].iter_rows()] == [
        ["round", "organization", "responded"], ["2027", "b", "yes"]]
    roster = json.loads(table("list", "survey", "--json").stdout)
    assert sorted((r["organization"], r["invited"]) for r in roster) == [
        ("a", True), ("b", True), ("c", True), ("d", True)]


def test_returned_forms_import_into_their_round(table, tmp_path):
    folder = tmp_path / "forms"
    make_forms(table, folder, "--partnership", "t")
    back = tmp_path / "back"
    back.mkdir()
    for name in ("2027-a.xlsx", "2027-b.xlsx"):
        shutil.copy(folder / name, back / name)
    fill(back / "2027-a.xlsx", {"b": ["monthly", "coordination", 4, 3, 2, 4, 4, 3, "data"],
                                "c": ["yearly", "awareness", 1, 1, 1, 2, 2, 2]})
    fill(back / "2027-b.xlsx", {"a": ["monthly", "cooperation", 3, 3, 3, 3, 3, 3]})
    result = table("import", back)
    assert result.exit_code == 0, result.output
    assert "2027-a.xlsx, sheet ratings: 1 partner was left blank: not a tie of the " \
        "respondent" in result.stderr
    ratings = json.loads(table("list", "ratings", "--json").stdout)
    assert sorted((r["round"], r["respondent"], r["partner"], r["power_influence"],
                   r["frequency"], r["contributes"]) for r in ratings) == [
        ("2027", "a", "b", 4, "monthly", "data"), ("2027", "a", "c", 1, "yearly", None),
        ("2027", "b", "a", 3, "monthly", None)]
    scores = json.loads(table("survey", "scores", "--round", "2027", "--json").stdout)
    assert (scores["invited"], scores["responded"]) == (4, 2)
    assert scores["ties"] == {"confirmed": 2, "unconfirmed": 0, "unverifiable": 1,
                              "total": 3}


def test_a_bad_form_is_refused_naming_file_row_and_column(table, tmp_path):
    folder = tmp_path / "forms"
    make_forms(table, folder, "--partnership", "t")
    path = folder / "2027-c.xlsx"
    fill(path, {"a": ["weekly", "integration", 5, 3, 3, 3, 3, 3]})
    book = openpyxl.load_workbook(path)
    book["ratings"]["C3"] = "nobody"  # a partner's id changed into one the store lacks
    book["ratings"]["G3"] = 2
    book.save(path)
    result = table("import", path)
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "Error: 2027-c.xlsx, sheet ratings, row 2, column 'power and influence': '5': "
        "expected a whole number from 1 to 4",
        "Error: 2027-c.xlsx, sheet ratings, row 3, column 'partner': 'nobody': expected the "
        "id or name of a row of organizations; no organization has that id or name",
        f"Error: {path}: 2 problems found; nothing was imported"]
    assert json.loads(table("list", "ratings", "--json").stdout) == []


def test_a_form_answering_for_another_organization_is_refused(table, tmp_path):
    folder = tmp_path / "forms"
    make_forms(table, folder, "--partnership", "t")
    fill(folder / "2027-c.xlsx", {"a": ["weekly", "integration", 4]}, respondent="d")
    result = table("import", folder)
    assert result.exit_code == 3
    assert "Error: 2027-c.xlsx, sheet ratings, row 2, column 'respondent': 'd': this form " \
        "was made for c, round 2027, and answers for no other: expected 'c'" in result.stderr
    # (the rows left blank are no answer, so not checked)
    assert f"Error: {folder}: 1 problem found in 4 forms; nothing was imported" in \
        result.stderr
    assert json.loads(table("list", "ratings", "--json").stdout) == []


def test_folders_that_are_not_one_set_of_forms_are_refused(table, tmp_path):
    folder = tmp_path / "forms"
    make_forms(table, folder, "--partnership", "t")
    shutil.copy(folder / "2027-a.xlsx", folder / "copy of a.xlsx")
    result = table("import", folder)
    assert result.exit_code == 4
    assert "answers for 'a' in round '2027', as 2027-a.xlsx does; keep one of them" in \
        result.stderr
    (folder / "copy of a.xlsx").unlink()
    other = openpyxl.Workbook()
    other.active.title = "organizations"
    other.active.append(["id", "name", "sector"])
    other.save(folder / "budget.xlsx")
    result = table("import", folder)
    assert result.exit_code == 4 and "budget.xlsx: not a survey form" in result.stderr
    (folder / "budget.xlsx").unlink()
    result = table("import", folder, "--sync")
    assert result.exit_code == 3 and "--sync" in result.stderr


def test_forms_never_replace_a_returned_form_and_need_a_roster(table, tmp_path):
    folder = tmp_path / "forms"
    make_forms(table, folder, "--partnership", "t")
    make_forms(table, folder)  # unchanged forms are ours to replace; the roster says who
    fill(folder / "2027-a.xlsx", {"b": ["monthly"]})
    result = table("survey", "forms", folder, "--round", "2027")
    assert result.exit_code == 8 and "2027-a.xlsx holds answers (a returned form?)" in \
        result.stderr
    assert openpyxl.load_workbook(folder / "2027-a.xlsx")["ratings"]["E2"].value == "monthly"
    result = table("survey", "forms", tmp_path / "f2", "--round", "2028")
    assert result.exit_code == 3
    assert "round '2028' has no roster: give --partnership ID" in result.stderr


def test_hostile_ids_make_safe_file_names(run, tmp_path):
    from lcii_graph.export.forms import form_name

    taken: set[str] = set()
    assert form_name("2027", "../../etc/passwd", taken) == "2027-.._.._etc_passwd.xlsx"
    assert form_name("2027", "../../etc/passwd", taken) == "2027-.._.._etc_passwd-2.xlsx"
    assert form_name("..", "/", set()) == "-_.xlsx"


@pytest.mark.parametrize("column", range(4, 13))
def test_any_one_answer_makes_a_row_a_tie(table, tmp_path, column):
    """A row with one answer only (how often, how closely, one item or contributions) is
    a tie the respondent named."""
    folder = tmp_path / "forms"
    make_forms(table, folder, "--partnership", "t")
    value = {4: "monthly", 5: "cooperation", 12: "data"}.get(column, 3)
    book = openpyxl.load_workbook(folder / "2027-a.xlsx")
    book["ratings"].cell(row=2, column=column + 1, value=value)
    book.save(folder / "2027-a.xlsx")
    assert table("import", folder / "2027-a.xlsx").exit_code == 0
    ratings = json.loads(table("list", "ratings", "--json").stdout)
    assert [(r["respondent"], r["partner"]) for r in ratings] == [("a", "b")]


def test_a_blank_form_returned_says_its_organization_answered(table, tmp_path):
    """Returned with no row filled (it works with none of them): no tie, but an answer;
    a spreadsheet program's lock file beside the forms is not read."""
    folder = tmp_path / "forms"
    make_forms(table, folder, "--partnership", "t")
    back = tmp_path / "back"
    back.mkdir()
    shutil.copy(folder / "2027-d.xlsx", back / "2027-d.xlsx")
    (back / "~$2027-d.xlsx").write_bytes(b"locked by someone")
    (back / ".2027-d.xlsx.swp").write_bytes(b"")
    result = table("import", back)
    assert result.exit_code == 0, result.output
    assert json.loads(table("list", "ratings", "--json").stdout) == []
    scores = json.loads(table("survey", "scores", "--round", "2027", "--json").stdout)
    assert (scores["invited"], scores["responded"]) == (4, 1)


def test_a_workbook_is_a_form_only_with_its_round_and_respondent():
    from types import SimpleNamespace

    from lcii_graph.ingest.forms import FORM_SUBJECT, form_keywords, form_of

    assert form_of(SimpleNamespace(subject=FORM_SUBJECT,
                                   keywords=form_keywords("2027", "a=b"))) == ("2027", "a=b")
    for keywords in ("round=2027", "respondent=a", "", None):
        assert form_of(SimpleNamespace(subject=FORM_SUBJECT, keywords=keywords)) is None
    assert form_of(SimpleNamespace(subject="other", keywords=form_keywords("1", "a"))) is None


@pytest.mark.parametrize("round_", ["2027\nrespondent=b", " ", "a\tb"])
def test_a_round_label_the_form_cannot_carry_is_refused(table, tmp_path, round_):
    result = table("survey", "forms", tmp_path / "f", "--round", round_, "--partnership", "t")
    assert result.exit_code == 3 and "expected a label on one line" in result.stderr
    assert not (tmp_path / "f").exists()


def test_no_form_is_written_when_one_target_is_not_ours(table, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "2027-d.xlsx").write_bytes(b"the user's own file")
    result = table("survey", "forms", folder, "--round", "2027", "--partnership", "t")
    assert result.exit_code == 8 and "2027-d.xlsx exists and is not an earlier" in \
        result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["2027-d.xlsx"]
    assert (folder / "2027-d.xlsx").read_bytes() == b"the user's own file"
