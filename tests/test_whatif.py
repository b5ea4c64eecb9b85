"""What if an organization leaves (lcii_graph/analysis/whatif.py): who is cut off from
the group, on networks small enough to check by hand."""

from __future__ import annotations

import pytest

from lcii_graph import import_workbook, what_if

from .conftest import write_sheets

SECTORS = ("nonprofit", "business", "government", "community", "philanthropy")


def _store(tmp_path, organizations: str, ties: list[tuple[str, str]]) -> str:
    """A store of the organizations named by the letters of ``organizations`` and
    informal ties between them."""
    rows = [["id", "name", "sector"]] + [
        [o, o.upper(), SECTORS[k % len(SECTORS)]] for k, o in enumerate(organizations)]
    folder = write_sheets(tmp_path / "wb", {
        "organizations": rows,
        "ties": [["from", "to", "kind"]] + [[a, b, "informal"] for a, b in ties]})
    path = str(tmp_path / "s.db")
    import_workbook(folder, path)
    return path


def _cut_off(store, leaving):
    return [x["id"] for x in what_if(store, leaving)["cut_off"]]


def test_a_hub_leaving_cuts_off_every_organization_it_alone_joined(tmp_path):
    """A star: without its hub no group is left, and every leaf is cut off (was: one
    leaf, a lone organization, counted as the largest group, and only the other cut
    off)."""
    store = _store(tmp_path, "habc", [("h", "a"), ("h", "b"), ("h", "c")])
    assert _cut_off(store, "h") == ["a", "b", "c"]
    assert what_if(store, "h")["components_after"] == 3
    assert _cut_off(store, "a") == []  # a leaf: the others stay together


def test_the_partner_of_a_pair_is_cut_off(tmp_path):
    store = _store(tmp_path, "hax", [("h", "a")])
    assert _cut_off(store, "h") == ["a"]


def test_the_group_is_the_largest_piece_of_the_old_group_not_another_component(tmp_path):
    """The largest group (h, a-e) splits into a, b, c and d, e; a separate group of four
    (f-i), never reached, is larger than either piece: d and e are cut off, not all five
    (was: the separate group taken for the group left)."""
    ties = [("h", "a"), ("a", "b"), ("b", "c"), ("h", "d"), ("d", "e"), ("h", "e"),
            ("f", "g"), ("g", "i"), ("i", "j")]
    store = _store(tmp_path, "habcdefgij", ties)
    assert _cut_off(store, "h") == ["d", "e"]
    assert what_if(store, "h")["components_before"] == 2


def test_pieces_of_equal_size_keep_the_first_by_id(tmp_path):
    store = _store(tmp_path, "hcdab", [("h", "a"), ("a", "b"), ("h", "c"), ("c", "d")])
    assert _cut_off(store, "h") == ["c", "d"]


@pytest.mark.parametrize("leaving", ["x", "y"])
def test_leaving_outside_the_largest_group_cuts_no_one_off(tmp_path, leaving):
    store = _store(tmp_path, "habxyz", [("h", "a"), ("a", "b"), ("x", "y"), ("y", "z")])
    assert _cut_off(store, leaving) == []


def test_no_one_is_cut_off_where_no_one_was_tied(tmp_path):
    store = _store(tmp_path, "abc", [])
    assert _cut_off(store, "b") == []
    assert what_if(store, "b")["components_before"] == 3


@pytest.fixture
def tables(tmp_path):
    """Two tables. At t1: the government through its seated decision-maker p1, a
    business and a foundation; at t2: a second government (its decision-maker p3 seated
    too) and a nonprofit. Goals g1 and g2 at t1, g3 at no table, g4 at t2; g1 committed
    by the foundation, g2 only by the nonprofit (not at t1: no commitment of its table),
    g3 by the business, g4 by the nonprofit."""
    folder = write_sheets(tmp_path / "tables", {
        "organizations": [["id", "name", "sector"], ["gov", "Gov", "government"],
                          ["biz", "Biz", "business"], ["fdn", "Fdn", "philanthropy"],
                          ["gov2", "Gov Two", "government"], ["npo", "Npo", "nonprofit"]],
        "partnerships": [["id", "name"], ["t1", "Table One"], ["t2", "Table Two"]],
        "people": [["id", "name", "organization", "decision_maker"],
                   ["p1", "P One", "gov", "yes"], ["p2", "P Two", "biz", ""],
                   ["p3", "P Three", "gov2", "yes"]],
        "memberships": [["partnership", "organization", "person", "role"],
                        ["t1", "", "p1", "member"], ["t1", "biz", "", "member"],
                        ["t1", "fdn", "", "member"], ["t2", "gov2", "", "member"],
                        ["t2", "", "p3", "member"], ["t2", "npo", "", "member"]],
        "goals": [["id", "partnership", "name"], ["g1", "t1", "Goal One"],
                  ["g2", "t1", "Goal Two"], ["g3", "", "Goal Three"],
                  ["g4", "t2", "Goal Four"]],
        "commitments": [["id", "maker", "partnership", "goal", "type", "amount", "currency",
                         "status"],
                        ["c1", "fdn", "t1", "g1", "grant", "1000", "USD", "active"],
                        ["c2", "npo", "t1", "g2", "in_kind", "", "", "active"],
                        ["c3", "biz", "", "g3", "in_kind", "", "", "active"],
                        ["c4", "npo", "t2", "g4", "in_kind", "", "", "active"]]})
    path = str(tmp_path / "tables.db")
    import_workbook(folder, path)
    return path


def test_a_seated_decision_maker_leaving(tables):
    """The government's one seat at t1 leaves: t1 loses the government and its only
    government decision-maker; t2, whose own stays, loses nothing; a person brokers
    nothing."""
    found = what_if(tables, "p1")
    assert found["removed"]["kind"] == "Person"
    assert found["tables_losing_sector"] == [
        {"partnership": "t1", "name": "Table One", "sector": "government"}]
    assert found["tables_losing_government_decision_maker"] == [
        {"partnership": "t1", "name": "Table One"}]
    assert found["goals_without_committed_member"] == []
    assert found["brokerage_lost"]["total"] == 0
    assert found["capital_at_risk"]["by_partnership"] == []


def test_goals_left_without_a_committed_member(tables):
    """A goal counts as committed by a maker at its table (or by anyone, for a goal of
    no table): the foundation leaving leaves g1 without; g2 had no commitment of its
    table to lose; the business leaving leaves g3 without."""
    by_foundation = what_if(tables, "fdn")
    assert by_foundation["goals_without_committed_member"] == [
        {"id": "g1", "name": "Goal One"}]
    assert by_foundation["capital_at_risk"]["by_partnership"] == [
        {"partnership": "t1", "name": "Table One", "amount": 1000.0, "currency": "USD"}]
    assert what_if(tables, "biz")["goals_without_committed_member"] == [
        {"id": "g3", "name": "Goal Three"}]
    assert what_if(tables, "gov2")["goals_without_committed_member"] == []
