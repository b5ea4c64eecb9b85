"""Real maps made with other tools (../shared/data/interop, see its README): every element
that is an actor or a table placed, every connection kept or said why not.

The expected numbers are counted from the files themselves here (openpyxl, json), not
from lcii-graph's own reading of them.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.ingest.kumu import parse_mapping

from .conftest import SHARED

INTEROP = SHARED / "data" / "interop"
pytestmark = pytest.mark.skipif(not INTEROP.is_dir(), reason=(
    f"the real maps are read from {INTEROP}, which is not part of a fresh clone"))

ME2B_MAP = ("SubType=sector", "Coalition or Network=nonprofit",
            "Standards Development Organization=nonprofit")


def test_the_me2b_ecosystem_map_places_every_actor_and_table(tmp_path):
    data = json.loads((INTEROP / "me2b_blueprint.json").read_text(encoding="utf-8"))
    types = Counter(e["Type"] for e in data["elements"])
    store = tmp_path / "me2b.db"
    report = import_workbook(INTEROP / "me2b_blueprint.json", str(store),
                             mapping=parse_mapping(ME2B_MAP))
    with open_store(store) as s:
        counts = s.counts()
        people = s.read("people")
    assert counts["organizations"] == types["Organization"] == 279
    assert counts["people"] == types["Person"] == 52
    assert counts["partnerships"] == types["Working Group"] == 123
    assert (counts["ties"], counts["memberships"]) == (206, 155)
    affiliations = sum(1 + len([o for o in (p["also_works_for"] or "").split("; ") if o])
                       for p in people if p["organization"])
    skipped = {"Event": 53, "Project or Product": 138, "Publication": 238}
    # Every one of the 871 connections: kept, merged with its twin, or said why not.
    assert (counts["ties"] + 2 + counts["memberships"] + 2 + affiliations + 2 + 32 + 1
            + sum(skipped.values())) == len(data["connections"]) == 871
    assert "2 connections repeat a person's link to an organization; kept once" in \
        report.notes
    assert sum(1 for line in report.unplaced if "between two tables" in line) == 32
    for element_type, count in skipped.items():
        assert (f"{count} connections to an element not placed (of type {element_type!r}, "
                "not an actor)") in report.unplaced
    assert ("connection Linux Foundation -> HyperLedger: 'HyperLedger' is not an element of "
            "the map") in report.unplaced
    assert [w.message for w in report.warnings if "repeats row" in w.message] == [
        "repeats row 402 exactly; imported once", "repeats row 431 exactly; imported once"]
    assert sum(1 for n in report.notes if "more than once" in n) == 2


def test_kumus_own_example_keeps_every_company_a_person_is_linked_to(tmp_path):
    """Was: a person linked to several companies kept the first (30 of 49 connections of
    this workbook vanished, leaving 17 isolated companies)."""
    import openpyxl

    book = openpyxl.load_workbook(INTEROP / "paypal_mafia.xlsx", read_only=True)
    rows = [r for r in book["Connections"].iter_rows(min_row=2, values_only=True) if any(r)]
    kinds = {r[0]: r[1] for r in book["Elements"].iter_rows(min_row=2, values_only=True)
             if any(r)}
    linked: dict[str, set[str]] = {}
    for a, b, *_ in rows:
        person, company = (a, b) if kinds[a] == "Person" else (b, a)
        linked.setdefault(person, set()).add(company)
    store = tmp_path / "paypal.db"
    report = import_workbook(INTEROP / "paypal_mafia.xlsx", str(store))
    with open_store(store) as s:
        names = {o["id"]: o["name"] for o in s.read("organizations")}
        people = s.read("people")
    assert len(names) == 17 and len(people) == 17
    got = {p["name"]: {names[p["organization"]]} | {
        names[o] for o in (p["also_works_for"] or "").split("; ") if o} for p in people}
    assert got == linked
    assert sum(len(v) for v in got.values()) == 47  # 49 connections, two repeated
    # Two person-company connections carry a Description or Tags: no place for them, said.
    assert report.unplaced == [
        f"field {name!r} of 1 connection that became a membership or a person's "
        "organization: not kept (custom fields are kept on ties)"
        for name in ("Description", "Tags")]
    assert report.notes[:2] == ["9 connections of type 'Investor' read as affiliations (the "
                                "person works with the organization)",
                                "2 connections repeat a person's link to an organization; "
                                "kept once"]


def test_kumus_own_example_keeps_every_field_of_its_elements(tmp_path):
    """Tags, Image, Education, Net Worth...: every field that is none of ours is a custom
    field of its element, as the file writes it (Label, Type, Description, a person's
    Email and a company's Website are ours)."""
    import openpyxl

    book = openpyxl.load_workbook(INTEROP / "paypal_mafia.xlsx", read_only=True)
    header, *rows = [r for r in book["Elements"].iter_rows(values_only=True) if any(r)]
    expected = {row[0]: {h: str(v).strip() for h, v in zip(header, row, strict=True)
                         if h not in ("Label", "Type", "Description", "Email")
                         and not (h == "Website" and row[1] != "Person")  # a company's url
                         and v is not None and str(v).strip()} for row in rows}
    store = tmp_path / "paypal.db"
    import_workbook(INTEROP / "paypal_mafia.xlsx", str(store))
    with open_store(store) as s:
        got = {r["name"]: json.loads(r["custom"] or "{}")
               for sheet in ("organizations", "people") for r in s.read(sheet)}
    assert got == expected
    assert sum(len(fields) for fields in got.values()) > 60
