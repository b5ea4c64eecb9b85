"""Edge lists in the conventions other tools write, read as the same ties.

Each file below is the same three ties in one tool's layout; the reference is the
importer's own `from`/`to` sheet.
"""

from __future__ import annotations

import pytest

from lcii_graph import import_workbook, open_store

from .conftest import write_sheets

ORGS = [["id", "name", "sector"], ["a", "Alpha", "business"], ["b", "Beta", "nonprofit"],
        ["c", "Gamma", "government"]]
TIES = {("a", "b"), ("b", "c"), ("a", "c")}

CONVENTIONS = {
    "ours": [["from", "to"], ["a", "b"], ["b", "c"], ["a", "c"]],
    "lower source/target (networkx, pandas)": [["source", "target"], ["a", "b"], ["b", "c"],
                                                ["a", "c"]],
    "Gephi": [["Source", "Target", "Type", "Weight"], ["a", "b", "Undirected", "1"],
              ["b", "c", "Undirected", "1"], ["a", "c", "Undirected", "1"]],
    "Kumu, several targets": [["From", "To", "Type"], ["a", "b | c", "informal"],
                              ["b", "c", "informal"]],
    "node1/node2": [["node1", "node2", "weight"], ["a", "b", "2"], ["b", "c", "2"],
                    ["a", "c", "2"]],
    "Organization A/B": [["Organization A", "Organization B"], ["a", "b"], ["b", "c"],
                         ["a", "c"]],
}


def imported(tmp_path, ties, name="book"):
    store = tmp_path / f"{name}.db"
    report = import_workbook(write_sheets(tmp_path / name, {"organizations": ORGS,
                                                            "ties": ties}), str(store))
    with open_store(store) as s:
        return s.read("ties"), report


@pytest.mark.parametrize("convention", list(CONVENTIONS))
def test_each_convention_imports_the_same_ties(tmp_path, convention):
    rows, _ = imported(tmp_path, CONVENTIONS[convention])
    assert {(r["from"], r["to"]) for r in rows} == TIES
    assert len(rows) == 3


def test_gephi_undirected_ties_are_confirmed_and_directed_ones_not(tmp_path):
    rows, report = imported(tmp_path, [["Source", "Target", "Type"], ["a", "b", "Undirected"],
                                       ["b", "c", "Directed"], ["a", "c", "mutual"]])
    assert {(r["from"], r["to"]): r["confirmed"] for r in rows} == {
        ("a", "b"): True, ("b", "c"): None, ("a", "c"): True}
    assert any("read 'Type' as confirmed" in str(w) for w in report.warnings)


@pytest.mark.parametrize("weights, strengths, said", [
    (["1", "4", "2"], [1, 4, 2], "read 'Weight' as strength (1 to 4)"),
    # 0.5 -> 1, 10 -> 4, 2.5 -> 1 + round(3 * 2 / 9.5) = 2
    (["0.5", "10", "2.5"], [1, 4, 2], "rescaled from 0.5–10 to 1–4"),
    (["3", "3", "3"], [None, None, None], "every tie has the same weight"),
    (["1", "5", ""], [1, 4, None], "rescaled from 1–5 to 1–4"),  # 5 is not a strength
])
def test_weights_become_strength_or_say_why_not(tmp_path, weights, strengths, said):
    ties = [["Source", "Target", "Weight"]] + [[a, b, w] for (a, b), w in
                                               zip([("a", "b"), ("b", "c"), ("a", "c")],
                                                   weights, strict=True)]
    rows, report = imported(tmp_path, ties)
    got = {(r["from"], r["to"]): r["strength"] for r in rows}
    assert [got["a", "b"], got["b", "c"], got["a", "c"]] == strengths
    assert any(said in str(w) for w in report.warnings), report.warnings


def test_a_weight_that_is_no_number_is_refused_as_a_strength(tmp_path):
    from lcii_graph.errors import InputInvalid

    with pytest.raises(InputInvalid) as caught:
        imported(tmp_path, [["Source", "Target", "Weight"], ["a", "b", "strong"]])
    assert "expected a whole number from 1 to 4" in str(caught.value.problems[0])


@pytest.mark.parametrize("header", ["provenance", "source"])
def test_source_beside_from_and_to_is_still_how_the_tie_is_known(tmp_path, header):
    """Workbooks and exports written before the column was renamed `provenance` call it
    `source`: beside `from` and `to`, it is read as the provenance."""
    rows, report = imported(tmp_path, [["from", "to", header], ["a", "b", "survey"]])
    assert [(r["from"], r["to"], r["provenance"]) for r in rows] == [("a", "b", "survey")]
    assert not report.warnings


def test_several_targets_keep_their_row_number_in_messages(tmp_path):
    """A target split out of row 2 that names no organization is reported at row 2."""
    from lcii_graph.errors import InputInvalid

    with pytest.raises(InputInvalid) as caught:
        imported(tmp_path, [["From", "To"], ["a", "b | zz"]])
    (problem,) = [p for p in caught.value.problems if p.level == "error"]
    assert problem.row == 2 and problem.value == "zz"


def test_the_notes_name_each_column_as_written_after_one_is_left_out(tmp_path):
    """Was: a direction column left out (the sheet has confirmed) shifted the columns, and
    the weight's note named the column before it ('Type' for 'Weight')."""
    _, report = imported(tmp_path, [["Source", "Target", "confirmed", "Type", "Weight"],
                                    ["a", "b", "yes", "Directed", "1"],
                                    ["b", "c", "", "Directed", "3"]])
    said = [w.message for w in report.warnings]
    assert "'Type' left out: the sheet has a confirmed column" in said
    assert "read 'Weight' as strength (1 to 4)" in said
    assert [w.column for w in report.warnings][-1] == "Weight"


def test_a_nodes_and_edges_workbook_is_organizations_and_ties(tmp_path):
    """Polinode's spreadsheet (and Gephi's two tables): a Nodes sheet named by Name, an
    Edges sheet of Source/Target by name; the columns that are not ours are custom fields
    of the organization and the tie."""
    import json

    from lcii_graph import import_workbook, open_store

    from .conftest import write_xlsx

    path = write_xlsx(tmp_path / "polinode.xlsx", {
        "Nodes": [["Name", "Sector", "Ward"], ["Alpha", "business", "3"],
                  ["Beta", "nonprofit", "4"]],
        "Edges": [["Source", "Target", "Met at"], ["Alpha", "Beta", "County fair"]]})
    import_workbook(path, str(tmp_path / "s.db"))
    with open_store(tmp_path / "s.db") as s:
        orgs = {o["id"]: json.loads(o["custom"]) for o in s.read("organizations")}
        ties = [(t["from"], t["to"], json.loads(t["custom"])) for t in s.read("ties")]
    assert orgs == {"alpha": {"Ward": "3"}, "beta": {"Ward": "4"}}
    assert ties == [("alpha", "beta", {"Met at": "County fair"})]
