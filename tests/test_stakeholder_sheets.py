"""The stakeholder sheets: assessments (dated judgements) and interactions (the engagement
log) read, checked, stored, and kept out of every partner export."""

from __future__ import annotations

import json

import openpyxl
import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.export.interchange import export
from lcii_graph.network import network_of

from .conftest import write_sheets

ORGS = [["id", "name", "sector"], ["a", "Alpha", "business"], ["b", "Beta", "government"]]


def _book(tmp_path, assessments, interactions=None):
    sheets = {"organizations": ORGS, "people": [["id", "name", "organization"],
                                                ["p", "Pat", "a"]],
              "assessments": assessments}
    if interactions:
        sheets["interactions"] = interactions
    return write_sheets(tmp_path / "book", sheets)


def test_stance_and_sentiment_read_as_words_and_as_scores(tmp_path):
    book = _book(tmp_path, [["organization", "date", "stance", "power", "engagement"],
                            ["a", "2025-01-01", "-2", "4", "Consultation"],
                            ["b", "2025-01-01", "Skeptic", "", ""],
                            ["a", "2025-02-01", "+1", "", ""],
                            ["b", "2025-02-01", "2", "", ""]],
                 [["date", "person", "channel", "sentiment"],
                  ["2025-01-05", "p", "Zoom", "-1"], ["2025-01-06", "p", "phone", "great"]])
    import_workbook(book, str(tmp_path / "s.db"))
    with open_store(tmp_path / "s.db") as s:
        got = [(r["organization"], r["stance"], r["engagement"]) for r in s.read("assessments")]
        logged = [(r["channel"], r["sentiment"]) for r in s.read("interactions")]
    assert sorted(got) == [("a", "opponent", "consult"), ("a", "supporter", None),
                           ("b", "champion", None), ("b", "sceptic", None)]
    assert sorted(logged) == [("call", "very_positive"), ("meeting", "negative")]


@pytest.mark.parametrize("stance", ["3", "-5", "zzz"])
def test_a_stance_that_is_none_says_what_is(run, tmp_path, stance):
    expected = "opponent (-2), sceptic (-1), neutral (0), supporter (+1), champion (+2)"
    book = _book(tmp_path, [["organization", "date", "stance"], ["a", "2025-01-01", stance]])
    result = run("import", book)
    assert result.exit_code == 3
    assert f"column 'stance': {stance!r}: expected one of {expected}" in result.stderr


def test_an_assessment_of_no_one_is_refused(run, tmp_path):
    book = _book(tmp_path, [["organization", "person", "date", "power"],
                            ["", "", "2025-01-01", "3"]],
                 [["date", "topic"], ["2025-01-01", "lunch"]])
    result = run("import", book)
    assert result.exit_code == 3
    assert "assessments.csv, row 2: expected whom it judges: fill organization or person " \
           "(or both)" in result.stderr
    assert "interactions.csv, row 2: expected whom it was with: fill organization or person " \
           "(or both)" in result.stderr


def test_partner_exports_hold_neither_sheet_and_internal_ones_go_round(tmp_path, example_dir):
    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        assert s.count("assessments") > 10 and s.count("interactions") > 10
        partner_csv = export(s, "csv", tmp_path / "p")
        partner_xlsx = export(s, "xlsx", tmp_path / "p.xlsx")
        partner_json = export(s, "json", tmp_path / "p.json").read_text(encoding="utf-8")
        partner_cypher = export(s, "cypher", tmp_path / "p.cypher").read_text(encoding="utf-8")
        internal = export(s, "csv", tmp_path / "i", profile="internal")
    private = {"assessments", "interactions", "ratings", "survey"}
    names = {p.name for p in partner_csv.iterdir()}
    assert not {f"{sheet}.csv" for sheet in private} & names
    assert "organizations.csv" in names
    assert not private & set(openpyxl.load_workbook(partner_xlsx).sheetnames)
    assert "MERGE (n:Rating" not in partner_cypher and "power_influence" not in partner_json
    assert json.loads(partner_json)["graph"] == {"generator": "lcii-graph"}
    for secret in ("MERGE (n:Assessment", "MERGE (n:Interaction", "champion", "Dana Reyes",
                   "rate case"):
        assert secret not in partner_cypher and secret not in partner_json
    import_workbook(internal, str(tmp_path / "again.db"))
    with open_store(store) as a, open_store(tmp_path / "again.db") as b:
        for sheet in sorted(private):
            assert b.read(sheet) == a.read(sheet) != [], sheet


def test_an_analysis_date_sees_the_judgements_made_by_then(tmp_path, example_dir):
    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        every = network_of(s, everything=True).records["assessments"]
        then = network_of(s, as_of="2025-12-31").records["assessments"]
    assert 0 < len(then) < len(every)
    assert [r for r in every if r["date"] <= "2025-12-31"] == then


def test_a_rating_of_oneself_or_out_of_range_is_refused(run, tmp_path):
    book = write_sheets(tmp_path / "book", {
        "organizations": ORGS,
        "ratings": [["round", "respondent", "partner", "reliability", "intensity"],
                    ["2026", "a", "a", "3", "coordination"],
                    ["2026", "a", "b", "5", "collaboration"]],
        "survey": [["round", "organization", "responded"], ["2026", "a", "yes"],
                   ["2026", "b", ""]]})
    result = run("import", book)
    assert result.exit_code == 3
    assert "ratings.csv, row 2, column 'partner': 'a': expected a partner other than the " \
           "respondent" in result.stderr
    assert "ratings.csv, row 3, column 'reliability': '5': expected a whole number from 1 " \
           "to 4" in result.stderr
    fixed = write_sheets(tmp_path / "fixed", {
        "organizations": ORGS,
        "ratings": [["Survey", "Rater", "Rated", "Reliable", "Level of collaboration"],
                    ["2026", "a", "b", "4", "Collaboration"]],
        "survey roster": [["round", "organization", "responded"], ["2026", "a", "yes"],
                          ["2026", "b", ""]]})
    assert run("import", fixed).exit_code == 0
    rows = json.loads(run("list", "ratings", "--json").output)
    assert [(r["round"], r["respondent"], r["partner"], r["reliability"], r["intensity"])
            for r in rows] == [("2026", "a", "b", 4, "integration")]
    roster = json.loads(run("list", "survey", "--json").output)
    assert [(r["organization"], r["invited"], r["responded"]) for r in roster] == [
        ("a", None, True), ("b", None, None)]  # blank: invited, not (yet) answered
