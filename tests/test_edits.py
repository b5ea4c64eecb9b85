"""Keeping the map current: import reports and --sync, set, delete, snapshot restore."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3

import pytest

from lcii_graph.model.references import plan_removal

from .conftest import dump, write_sheets


def rows_of(path) -> list:
    """Every row of every sheet's table (snapshots aside), in a stable order."""
    return [(table, rows) for table, rows in dump(path) if not table.startswith("snapshot")]


def snapshots(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute('SELECT "label" FROM snapshots ORDER BY 1')]


def edit_csv(path, keep=lambda row: True, change=lambda row: row):
    """Rewrite one CSV sheet: drop the rows ``keep`` refuses, change the others."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(change(dict(r)) for r in rows if keep(r))


@pytest.fixture
def example(tmp_path, example_dir):
    """A copy of the bundled example to edit, and a store imported from it."""
    folder = tmp_path / "example"
    shutil.copytree(example_dir, folder)
    return folder


@pytest.fixture
def loaded(run, store, example):
    assert run("import", example).exit_code == 0
    return store


# -- the rules of removal ----------------------------------------------------------------------
def test_what_needs_a_row_goes_down_the_chain_and_what_mentions_it_loses_the_mention():
    rows = {
        "goals": [{"id": "g", "partnership": "t"}],
        "metrics": [{"id": "m", "goal": "g"}],
        "measurements": [{"id": "m--1", "metric": "m", "reported_by": None}],
        "commitments": [{"id": "c", "maker": "a", "goal": "g", "partnership": "t",
                         "recipient": None}],
        "partnerships": [{"id": "t", "serves": None}],
    }
    plan = plan_removal(lambda sheet: rows.get(sheet, []), {"goals": {"g"}})
    assert plan.removed == {"goals": {"g": None},
                            "metrics": {"m": "it needs goal 'g' (goal)"},
                            "measurements": {"m--1": "it needs metric 'm' (metric)"}}
    assert plan.cleared == {"commitments": {"c": {"goal": None}}}


def test_a_list_loses_only_the_removed_items_and_a_row_that_goes_is_not_also_changed():
    rows = {
        "people": [{"id": "p", "organization": "a", "also_works_for": "a; b; c"}],
        "memberships": [{"id": "t--p", "partnership": "t", "organization": None,
                         "person": "p"}],
        "ties": [{"id": "a--b", "from": "a", "to": "b"}],
    }
    plan = plan_removal(lambda sheet: rows.get(sheet, []), {"organizations": {"a", "b"}})
    assert plan.cleared == {"people": {"p": {"organization": None, "also_works_for": "c"}}}
    assert plan.removed["ties"] == {"a--b": "it needs organization 'a' (from)"}
    assert "memberships" not in plan.removed
    # The person goes as well: its membership goes with it, and it is no longer "changed".
    plan = plan_removal(lambda sheet: rows.get(sheet, []),
                        {"organizations": {"a"}, "people": {"p"}})
    assert plan.removed["memberships"] == {"t--p": "it needs person 'p' (person)"}
    assert plan.cleared.get("people", {}) == {}


# -- import reports what it changes ------------------------------------------------------------
def test_a_second_import_says_nothing_changed_and_a_changed_cell_is_counted(run, loaded,
                                                                            example):
    again = json.loads(run("import", example, "--json").output)
    assert {s: (c["new"], c["changed"], c["unchanged"]) for s, c in again["sheets"].items()
            } == {s: (0, 0, c["rows"]) for s, c in again["sheets"].items()}
    edit_csv(example / "organizations.csv",
             change=lambda r: r | {"type": "renamed"} if r["id"] == "rb-nhs" else r)
    edit_csv(example / "ties.csv", keep=lambda r: r["from"] != "northside-cdc")
    result = run("import", example)
    assert "organizations   103    0        1        102            0\n" in result.output
    assert "ties            275    0        0        275            3\n" in result.output
    total = sum(c["rows"] for c in again["sheets"].values())
    assert result.output.endswith(f"(0 new, 1 changed, {total - 4} unchanged).\n")
    assert "Note: the store holds rows this file does not (3 ties); they were kept. " \
           "import --sync removes them" in result.stderr


def test_an_import_writes_only_the_rows_it_changes(run, loaded, example, monkeypatch):
    """Rows the store holds as the file has them are not written again: an unchanged
    file writes none, one changed cell writes its row, which is stored."""
    from lcii_graph.store.sqlite import SQLiteStore

    written: list[tuple[str, str]] = []
    real = SQLiteStore.apply

    def apply(self, tables, deletes=None, progress=None):
        tables = list(tables)
        written.extend((t.sheet, row[t.columns.index("id")]) for t in tables for row in t.rows)
        return real(self, tables, deletes, progress)

    monkeypatch.setattr(SQLiteStore, "apply", apply)
    before = rows_of(loaded)
    assert run("import", example).exit_code == 0
    assert written == [] and rows_of(loaded) == before
    edit_csv(example / "organizations.csv",
             change=lambda r: r | {"type": "renamed"} if r["id"] == "rb-nhs" else r)
    result = run("import", example)
    assert result.output.endswith(" (0 new, 1 changed, "
                                  f"{sum(len(rows) for _, rows in before) - 1} unchanged).\n")
    assert written == [("organizations", "rb-nhs")]
    with sqlite3.connect(loaded) as conn:
        assert conn.execute("SELECT type FROM organizations WHERE id = 'rb-nhs'").fetchone() \
            == ("renamed",)


# -- import --sync -----------------------------------------------------------------------------
def test_sync_removes_what_the_file_lacks_and_restore_brings_it_back(run, loaded, example):
    before = rows_of(loaded)
    edit_csv(example / "organizations.csv", keep=lambda r: r["id"] != "northside-cdc")
    edit_csv(example / "ties.csv", keep=lambda r: r["from"] != "northside-cdc")
    edit_csv(example / "people.csv", change=lambda r: r | {"organization": ""}
             if r["organization"] == "northside-cdc" else r)
    dry = run("import", example, "--sync", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert rows_of(loaded) == before and snapshots(loaded) == []
    assert "Would remove: organization 'northside-cdc' (not in the file)\n" in dry.output
    total = sum(len(rows) for _, rows in before)
    assert dry.output.endswith(f"Dry run: {total - 4} rows are valid (0 new, 1 changed, "
                               f"{total - 5} unchanged, 4 would remove); nothing was "
                               "written.\n")
    result = run("import", example, "--sync")
    assert result.exit_code == 0, result.output
    (label,) = snapshots(loaded)
    assert label.startswith("before-sync-")
    assert f"kept as snapshot {label!r}; undo with: lcii-graph snapshot restore {label}" \
        in result.output
    assert "Removed: tie 'northside-cdc--rb-nhs--co_funding' (not in the file)" \
        in result.output
    with sqlite3.connect(loaded) as conn:
        assert conn.execute("SELECT count(*) FROM organizations WHERE id = 'northside-cdc'"
                            ).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM ties").fetchone() == (275,)
    restored = run("snapshot", "restore", label)
    assert restored.exit_code == 0, restored.output
    assert rows_of(loaded) == before


def test_sync_refuses_a_file_row_that_still_names_a_removed_row(run, loaded, example):
    before = dump(loaded)
    edit_csv(example / "organizations.csv", keep=lambda r: r["id"] != "northside-cdc")
    result = run("import", example, "--sync")
    assert result.exit_code == 3
    assert ("Error: ties.csv, row 275, column 'from': 'northside-cdc': expected the id or "
            "name of a row of organizations; the organization 'northside-cdc' is in the "
            "store but not in this file's organizations sheet, so --sync removes it: add "
            "it back, or remove this row too\n") in result.stderr
    assert dump(loaded) == before
    # Without --sync the same file is a plain update: the organization stays.
    assert run("import", example).exit_code == 0


def test_sync_of_one_sheet_takes_what_needs_its_removed_rows(run, loaded, tmp_path, example):
    folder = tmp_path / "orgs-only"
    folder.mkdir()
    shutil.copy(example / "organizations.csv", folder)
    edit_csv(folder / "organizations.csv", keep=lambda r: r["id"] != "rb-nhs")
    data = json.loads(run("import", folder, "--sync", "--json").output)
    assert data["removed"] == {
        "organizations": ["rb-nhs"], "memberships": ["transit-corridor--rb-nhs"],
        "ties": ["millrace-developers--rb-nhs--co_funding",
                 "northside-cdc--rb-nhs--co_funding", "rb-nhs--transit-riders--data_sharing"]}
    assert data["references_cleared"] == {"people": ["p-rb-nhs-1", "p-rb-nhs-2"]}
    assert data["sheets"]["people"] == {"rows": 0, "new": 0, "changed": 2, "unchanged": 0,
                                        "not_in_file": 0, "removed": 0,
                                        "references_cleared": 2}
    with sqlite3.connect(loaded) as conn:
        assert conn.execute("SELECT organization FROM people WHERE id = 'p-rb-nhs-1'"
                            ).fetchone() == (None,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sync_into_a_new_store_is_a_plain_import(run, store, example):
    result = run("import", example, "--sync")
    assert result.exit_code == 0 and "kept as snapshot" not in result.output
    assert snapshots(store) == []


# -- set ---------------------------------------------------------------------------------------
def test_set_reads_values_as_import_does_and_restore_undoes_it(run, loaded):
    before = rows_of(loaded)
    result = run("set", "Riverbend Neighborhood Housing Services", "Sector=NGO",
                 "Website=https://nhs.example", "anchor=yes")
    assert result.exit_code == 0, result.output
    (label,) = snapshots(loaded)
    assert result.output == (
        "field   before   after\n"
        "------  -------  -------------------\n"
        "anchor  (blank)  yes\n"
        "url     (blank)  https://nhs.example\n"
        f"Changed organization 'rb-nhs'. The store as it was is kept as snapshot {label!r}; "
        f"undo with: lcii-graph snapshot restore {label}\n")
    again = run("set", "rb-nhs", "anchor=✓")
    assert again.output == "Nothing to change: organization 'rb-nhs' already holds these " \
                           "values.\n"
    assert run("snapshot", "restore", label).exit_code == 0
    assert rows_of(loaded) == before


def test_set_refuses_what_import_refuses_with_the_same_message(run, loaded, tmp_path):
    before = dump(loaded)
    cases = [("organizations", ["id", "name", "sector"], ["rb-nhs", "X", "Goverment"],
              "sector=Goverment"),
             ("memberships", ["partnership", "organization", "since", "until"],
              ["transit-corridor", "rb-nhs", "2020-06-15", "2019-01-01"], "until=2019-01-01"),
             ("ties", ["from", "to", "kind"], ["rb-nhs", "nowhere", "mou"], "to=nowhere")]
    for sheet, header, row, assignment in cases:
        folder = write_sheets(tmp_path / sheet, {sheet: [header, row]})
        imported = run("import", folder, "--dry-run")
        assert imported.exit_code == 3
        expected = [line.split(": ", 2)[-1] for line in imported.stderr.splitlines()
                    if line.startswith("Error: ") and "row 2" in line]
        target = {"organizations": "rb-nhs", "memberships": "transit-corridor--rb-nhs",
                  "ties": "millrace-developers--rb-nhs--co_funding"}[sheet]
        refused = run("set", target, assignment)
        assert refused.exit_code == 3, refused.output
        said = [line.split(": ", 2)[-1] for line in refused.stderr.splitlines()
                if line.startswith("Error: ") and "problem" not in line]
        assert said == expected and expected, (sheet, said, expected)
    assert dump(loaded) == before


def test_set_names_the_fields_it_knows_and_refuses_the_id(run, loaded):
    unknown = run("set", "rb-nhs", "sectr=business")
    assert unknown.exit_code == 6
    assert "'sectr' is not a field of the organizations sheet (did you mean 'sector'?)" \
        in unknown.stderr
    assert run("set", "rb-nhs", "id=other").exit_code == 3
    assert run("set", "rb-nhs", "sector").exit_code == 2
    assert run("set", "no-such-row", "name=x").exit_code == 6
    assert snapshots(loaded) == []


def test_set_blanks_a_decision_maker_to_infer_it_again(run, loaded):
    result = run("set", "p-rb-nhs-1", "decision_maker=no", "--json")
    data = json.loads(result.output)
    assert data["changes"]["decision_maker"] == {"before": True, "after": False}
    assert data["changes"]["decision_maker_inferred"] == {"before": True, "after": False}
    data = json.loads(run("set", "p-rb-nhs-1", "decision_maker=", "--json").output)
    assert data["changes"]["decision_maker"] == {"before": False, "after": True}


# -- delete ------------------------------------------------------------------------------------
def test_delete_refuses_while_rows_refer_and_cascade_lists_what_goes(run, loaded):
    before = rows_of(loaded)
    refused = run("delete", "rb-nhs")
    assert refused.exit_code == 3
    assert refused.stderr == (
        "Error: organization 'rb-nhs' is referred to by 6 rows; nothing was deleted. Add "
        "--cascade to delete it with the rows that need it and clear the references of "
        "the others:\n"
        "  membership 'transit-corridor--rb-nhs': goes, it needs organization 'rb-nhs' "
        "(organization)\n"
        "  tie 'millrace-developers--rb-nhs--co_funding': goes, it needs organization "
        "'rb-nhs' (to)\n"
        "  tie 'northside-cdc--rb-nhs--co_funding': goes, it needs organization 'rb-nhs' "
        "(to)\n"
        "  tie 'rb-nhs--transit-riders--data_sharing': goes, it needs organization 'rb-nhs' "
        "(from)\n"
        "  person 'Henry Park' (p-rb-nhs-1): stays, organization 'rb-nhs' -> blank\n"
        "  person 'Omar Tran' (p-rb-nhs-2): stays, organization 'rb-nhs' -> blank\n")
    assert rows_of(loaded) == before and snapshots(loaded) == []
    dry = run("delete", "rb-nhs", "--cascade", "--dry-run")
    assert dry.output.startswith("Would delete organization 'rb-nhs' and 4 rows that need "
                                 "it.\n") and dry.output.endswith("Dry run: nothing was "
                                                                  "written.\n")
    assert rows_of(loaded) == before
    done = run("delete", "rb-nhs", "--cascade")
    assert done.exit_code == 0, done.output
    (label,) = snapshots(loaded)
    with sqlite3.connect(loaded) as conn:
        assert conn.execute("SELECT count(*) FROM ties WHERE 'rb-nhs' IN (\"from\", \"to\")"
                            ).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM people WHERE organization IS NULL AND id "
                            "LIKE 'p-rb-nhs-%'").fetchone() == (2,)
    assert run("snapshot", "restore", label).exit_code == 0
    assert rows_of(loaded) == before


def test_delete_of_a_row_nothing_refers_to(run, loaded):
    result = run("delete", "millrace-developers--rb-nhs--co_funding")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Deleted tie 'millrace-developers--rb-nhs--co_funding'.\n")
    assert run("show", "millrace-developers--rb-nhs--co_funding").exit_code == 6


def test_restore_of_an_unknown_snapshot_changes_nothing(run, loaded):
    before = dump(loaded)
    result = run("snapshot", "restore", "nope")
    assert result.exit_code == 6 and "no snapshot named 'nope'" in result.stderr
    assert dump(loaded) == before


def test_sync_refuses_an_empty_sheet_that_would_empty_the_store(run, loaded, tmp_path):
    before = dump(loaded)
    folder = write_sheets(tmp_path / "empty", {"organizations": [["id", "name", "sector"]],
                                               "goals": [["id", "name"], ["g-x", "X"]]})
    result = run("import", folder, "--sync")
    assert result.exit_code == 3
    assert "expected rows: this sheet is empty, and --sync would remove all 103 stored " \
           "organizations; fill it, or leave the sheet out of the file to keep them" \
        in result.stderr
    assert dump(loaded) == before


def test_a_long_list_of_removals_is_cut_with_a_count(run, loaded, tmp_path, example):
    folder = tmp_path / "few"
    folder.mkdir()
    shutil.copy(example / "organizations.csv", folder)
    edit_csv(folder / "organizations.csv", keep=lambda r: r["id"] in ("rb-nhs", "rrta"))
    result = run("import", folder, "--sync", "--dry-run")
    assert result.exit_code == 0, result.output
    data = json.loads(run("import", folder, "--sync", "--dry-run", "--json").output)
    removed = sum(len(ids) for ids in data["removed"].values())
    changed = sum(len(ids) for ids in data["references_cleared"].values())
    lines = [line for line in result.output.splitlines()
             if line.startswith(("Would remove", "Changed: "))]
    assert len(lines) == 50
    assert f"... and {removed + changed - 50:,} more rows removed or changed (--json lists " \
           "every one)\n" in result.output
