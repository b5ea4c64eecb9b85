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
