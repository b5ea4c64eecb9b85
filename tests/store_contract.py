"""The contract every GraphStore keeps, written once for every implementation.

A store's test module subclasses :class:`StoreContract` and provides a
``make_store`` fixture that returns a factory: ``make_store()`` opens a new,
empty store; ``make_store(same=True)`` opens the same store again (a second
connection, as a second process would). See ``test_store_sqlite.py``.
"""

from __future__ import annotations

import pytest

from lcii_graph.errors import NotFound, StoreError
from lcii_graph.ingest.validate import TableData
from lcii_graph.model.schema import SHEETS
from lcii_graph.network import network_of, snapshot_network


def org_rows(*specs):
    return TableData("organizations", ["id", "name", "sector"], [tuple(s) for s in specs])


class StoreContract:
    """Subclass and provide the ``make_store`` fixture."""

    def test_new_store_is_empty_and_versioned(self, make_store):
        with make_store() as store:
            assert store.schema_version >= 1
            assert store.counts() == {sheet.name: 0 for sheet in SHEETS}

    def test_upsert_then_read_every_column(self, make_store):
        with make_store() as store:
            store.upsert([
                TableData("jurisdictions", ["id", "name", "level", "parent"],
                          [("s", "State", "state", None), ("c", "City", "city", "s")]),
                TableData("organizations",
                          ["id", "name", "sector", "jurisdiction", "anchor", "fields",
                           "custom"],
                          [("b", "Bank", "business", "c", False, "housing; health",
                            '{"Board seat": "yes", "Ward": "3"}'),
                           ("a", "Agency", "government", "c", None, None, None)]),
            ])
            orgs = store.read("organizations")
            assert [o["id"] for o in orgs] == ["a", "b"]  # ordered by id
            assert orgs[1] == {"id": "b", "name": "Bank", "sector": "business", "type": None,
                               "jurisdiction": "c", "fields": "housing; health",
                               "anchor": False, "intermediary": None, "ein": None,
                               "url": None, "notes": None,
                               "custom": '{"Board seat": "yes", "Ward": "3"}'}
            assert store.count("organizations") == 2
            assert store.known_ids("organizations") == {"a": "Agency", "b": "Bank"}
            assert store.jurisdiction_parents() == {"s": None, "c": "s"}

    def test_the_tally_counts_what_the_rows_hold(self, make_store):
        """The counts of `stats`, where the store makes them, equal the rows counted one
        by one: every sector, levels and no level, every decision-maker flag."""
        from lcii_graph.model.tally import tally

        with make_store() as store:
            store.upsert([
                TableData("jurisdictions", ["id", "name", "level", "parent"],
                          [("s", "State", "state", None), ("c", "City", "city", "s")]),
                TableData("organizations", ["id", "name", "sector", "jurisdiction"],
                          [("g1", "Agency", "government", "c"),
                           ("g2", "Department", "government", "s"),
                           ("g3", "Board", "government", "s"),
                           ("g4", "Office", "government", None),
                           ("b", "Bank", "business", "c"),
                           ("n", "Shelter", "nonprofit", None)]),
                TableData("people", ["id", "name", "organization", "decision_maker",
                                     "decision_maker_inferred"],
                          [("p1", "Ana", "g1", True, True), ("p2", "Ben", "g1", False, None),
                           ("p3", "Cy", "b", None, None), ("p4", "Di", "b", True, None)]),
            ])
            counted = store.tally()
            assert counted == tally(store.read_all())
            assert counted["sectors"] == {"government": 4, "business": 1, "nonprofit": 1}
            assert counted["government_levels"] == {"city": 1, "state": 2, None: 1}
            assert counted["decision_makers"] == {"yes": 2, "no": 2, "inferred": 1}
            assert counted["rows"]["people"] == 4 and counted["rows"]["ties"] == 0

    def test_upsert_updates_by_id_and_leaves_other_columns(self, make_store):
        with make_store() as store:
            store.upsert([TableData("organizations", ["id", "name", "sector", "url"],
                                    [("a", "A", "business", "https://a.example")])])
            store.upsert([org_rows(("a", "A renamed", "nonprofit"))])
            (row,) = store.read("organizations")
            assert (row["name"], row["sector"], row["url"]) == (
                "A renamed", "nonprofit", "https://a.example")

    def test_upsert_is_all_or_nothing(self, make_store):
        with make_store() as store:
            store.upsert([org_rows(("a", "A", "business"))])
            with pytest.raises(StoreError):
                store.upsert([
                    org_rows(("b", "B", "business")),
                    TableData("ties", ["id", "from", "to"], [("t", "a", "missing")]),
                ])
            assert [o["id"] for o in store.read("organizations")] == ["a"]
            assert store.read("ties") == []

    def test_vocabulary_enforced_by_the_store_itself(self, make_store):
        with make_store() as store:
            with pytest.raises(StoreError):
                store.upsert([org_rows(("a", "A", "not-a-sector"))])
            assert store.count("organizations") == 0

    def test_values_are_data_never_code(self, make_store):
        hostile = ["'; DROP TABLE organizations; --", 'Robert"); DELETE FROM people;--',
                   "MATCH (n) DETACH DELETE n", "</script><script>alert(1)</script>",
                   "=HYPERLINK(\"http://x.example\")", "\u202eevil", "👩🏽‍🌾 co-op"]
        with make_store() as store:
            store.upsert([org_rows(*[(f"id{i}{h}", h, "community")
                                     for i, h in enumerate(hostile)])])
            assert sorted(o["name"] for o in store.read("organizations")) == sorted(hostile)
            assert store.find(f"id0{hostile[0]}")[1]["name"] == hostile[0]

    def test_find_by_id(self, make_store):
        with make_store() as store:
            store.upsert([org_rows(("a", "A", "business"), ("b", "B", "nonprofit")),
                          TableData("ties", ["id", "from", "to"], [("t1", "a", "b")])])
            assert store.find("a") == ("organizations", store.read("organizations")[0])
            assert store.find("t1")[0] == "ties"
            assert store.find("t1")[1]["from"] == "a"
            assert store.find("zzz") is None

    def test_resolve_by_id_or_name(self, make_store):
        with make_store() as store:
            store.upsert([org_rows(("a", "City of X", "government"),
                                   ("b", "Twin", "business"), ("c", "Twin", "nonprofit"))])
            assert store.resolve("a") == ("organizations", "a")
            assert store.resolve("city  of x.") == ("organizations", "a")
            assert store.resolve("A") == ("organizations", "a")  # an id in another case
            store.upsert([org_rows(("Dup", "D1", "business"), ("dup", "D2", "business"))])
            assert store.resolve("dup") == ("organizations", "dup")  # as written first
            with pytest.raises(NotFound):
                store.resolve("DUP")  # two ids in other cases: neither is guessed
            with pytest.raises(NotFound, match="names 2 rows: 'b' .*, 'c' "):
                store.resolve("twin")
            with pytest.raises(NotFound, match="did you mean 'a'"):
                store.resolve("City of Y", ("organizations",))

    def test_second_connection_sees_committed_rows(self, make_store):
        with make_store() as first:
            first.upsert([org_rows(("a", "A", "business"))])
            with make_store(same=True) as second:
                assert second.count("organizations") == 1

    def test_network_as_of(self, make_store):
        with make_store() as store:
            store.upsert([
                org_rows(("a", "A", "business"), ("b", "B", "nonprofit"), ("c", "C", "business")),
                TableData("ties", ["id", "from", "to", "since", "until"],
                          [("ab", "a", "b", "2020-01-01", None),
                           ("bc", "b", "c", "2018-01-01", "2021-01-01")]),
            ])
            everything = network_of(store, everything=True)
            assert len(everything.edges("PARTNERS_WITH")) == 2
            then = network_of(store, as_of="2019-06-30")
            assert [(u, w) for u, w, _ in then.edges("PARTNERS_WITH")] == [("b", "c")]
            now = network_of(store, as_of="2024-01-01")
            assert [(u, w) for u, w, _ in now.edges("PARTNERS_WITH")] == [("a", "b")]
            assert set(now.graph.nodes) == {"a", "b", "c"}  # organizations have no dates

    def test_snapshots(self, make_store):
        with make_store() as store:
            store.upsert([org_rows(("a", "A", "business"), ("b", "B", "nonprofit"))])
            info = store.create_snapshot("baseline", "2024-01-01")
            assert info["label"] == "baseline" and info["date"] == "2024-01-01"
            store.upsert([org_rows(("a", "A renamed", "business"), ("c", "C", "community"))])
            described, records = store.read_snapshot("baseline")
            assert described["date"] == "2024-01-01"
            assert [(o["id"], o["name"]) for o in records["organizations"]] == [
                ("a", "A"), ("b", "B")]
            assert records["organizations"][0] == store.read("organizations")[0] | {
                "name": "A"}
            assert [s["label"] for s in store.list_snapshots()] == ["baseline"]
            assert store.list_snapshots()[0]["rows"] == 2
            with pytest.raises(StoreError, match="exists"):
                store.create_snapshot("baseline")
            assert set(snapshot_network(store, "baseline").nodes("Organization")) == {"a", "b"}
            store.delete_snapshot("baseline")
            assert store.list_snapshots() == []
            from lcii_graph.errors import NotFound

            with pytest.raises(NotFound):
                store.read_snapshot("baseline")
            with pytest.raises(NotFound):
                store.delete_snapshot("baseline")

    # -- deleting, and restoring a snapshot --------------------------------------------------
    def _linked(self, store):
        """A small store where every kind of reference is used once."""
        store.upsert([
            TableData("jurisdictions", ["id", "name", "level", "parent"],
                      [("s", "State", "state", None), ("c", "City", "city", "s")]),
            TableData("organizations", ["id", "name", "sector", "jurisdiction"],
                      [("a", "A", "government", "c"), ("b", "B", "business", "c"),
                       ("n", "N", "nonprofit", None)]),
            TableData("people", ["id", "name", "organization", "also_works_for"],
                      [("p", "P", "a", "b; n")]),
            TableData("partnerships", ["id", "name", "serves"], [("t", "T", "s; c")]),
            TableData("memberships", ["id", "partnership", "organization", "role"],
                      [("t--a", "t", "a", "member"), ("t--b", "t", "b", "funder")]),
            TableData("ties", ["id", "from", "to", "kind"], [("a--b", "a", "b", "mou")]),
            TableData("goals", ["id", "name", "partnership"], [("g", "G", "t")]),
            TableData("metrics", ["id", "name", "goal"], [("m", "M", "g")]),
            TableData("measurements", ["id", "metric", "date", "value", "reported_by"],
                      [("m--1", "m", "2024-01-01", 3.0, "a")]),
        ])

    def test_apply_deletes_and_writes_in_one_transaction(self, make_store):
        from lcii_graph.model.references import plan_removal
        from lcii_graph.store.edits import cleared_tables

        with make_store() as store:
            self._linked(store)
            store.apply([org_rows(("x", "X", "community"))], {"ties": ["a--b"]})
            assert store.read("ties") == [] and store.count("organizations") == 4
            # What needs b goes with it; what mentions it loses the mention.
            plan = plan_removal(store.read, {"organizations": {"b"}})
            assert plan.removed == {"organizations": {"b": None},
                                    "memberships": {"t--b": "it needs organization 'b' "
                                                            "(organization)"}}
            assert plan.cleared == {"people": {"p": {"also_works_for": "n"}}}
            store.apply(cleared_tables(plan), plan.removed)
            assert [o["id"] for o in store.read("organizations")] == ["a", "n", "x"]
            assert [m["id"] for m in store.read("memberships")] == ["t--a"]
            assert store.read("people")[0]["also_works_for"] == "n"
            assert store.links("p") == [
                {"relationship": "WORKS_FOR", "direction": "out", "id": "a", "name": "A"},
                {"relationship": "WORKS_FOR", "direction": "out", "id": "n", "name": "N"}]

    def test_apply_refuses_a_reference_left_dangling(self, make_store):
        with make_store() as store:
            self._linked(store)
            before = store.read_all()
            for deletes in ({"organizations": ["n"]},  # named only in a list column
                            {"organizations": ["a"]},  # a person's employer, a tie's end
                            {"jurisdictions": ["s"]},  # a place's parent, a table serves it
                            {"goals": ["g"]}):  # a metric needs it
                with pytest.raises(StoreError, match="nothing was written"):
                    store.apply([org_rows(("x", "X", "community"))], deletes)
                assert store.read_all() == before, deletes
            # A written row that still names a deleted one is refused as well.
            with pytest.raises(StoreError):
                store.apply([TableData("ties", ["id", "from", "to"], [("n--x", "n", "b")])],
                            {"organizations": ["b"], "memberships": ["t--b"],
                             "ties": ["a--b"]})
            assert store.read_all() == before

    def test_stakeholder_rows_go_with_their_subject_and_not_without(self, make_store):
        """An assessment or interaction needs whom it is about: deleting the organization
        alone is refused; the plan that takes them with it is written whole."""
        from lcii_graph.model.references import plan_removal
        from lcii_graph.store.edits import cleared_tables

        with make_store() as store:
            store.upsert([
                org_rows(("a", "A", "business"), ("b", "B", "government")),
                TableData("people", ["id", "name", "organization"], [("p", "P", "a")]),
                TableData("assessments", ["id", "organization", "person", "date", "power",
                                          "stance", "legitimacy"],
                          [("j1", "a", None, "2025-01-01", 4, "opponent", True),
                           ("j2", "b", None, "2025-01-01", 2, None, None)]),
                TableData("interactions", ["id", "date", "organization", "person", "channel",
                                           "follow_up_done"],
                          [("i1", "2025-02-01", "a", "p", "call", False)]),
            ])
            assert store.read("assessments")[0] == {
                "id": "j1", "organization": "a", "person": None, "partnership": None,
                "date": "2025-01-01", "power": 4, "interest": None, "legitimacy": True,
                "urgency": None, "stance": "opponent", "engagement": None,
                "engagement_target": None, "assessed_by": None, "notes": None}
            assert store.read("interactions")[0]["follow_up_done"] is False
            before = store.read_all()
            with pytest.raises(StoreError, match="nothing was written"):
                store.apply([], {"organizations": ["a"], "people": ["p"]})
            assert store.read_all() == before
            plan = plan_removal(store.read, {"organizations": {"a"}})
            assert plan.removed == {
                "organizations": {"a": None},
                "assessments": {"j1": "it needs organization 'a' (organization)"},
                "interactions": {"i1": "it needs organization 'a' (organization)"}}
            assert plan.cleared == {"people": {"p": {"organization": None}}}
            store.apply(cleared_tables(plan), plan.removed)
            assert [r["id"] for r in store.read("assessments")] == ["j2"]
            assert store.read("interactions") == []

    def test_restore_gives_back_every_row_and_keeps_what_it_replaced(self, make_store):
        from lcii_graph.store.edits import restore

        with make_store() as store:
            self._linked(store)
            store.create_snapshot("before")
            _, taken = store.read_snapshot("before")
            store.upsert([org_rows(("a", "A renamed", "nonprofit"), ("z", "Z", "community")),
                          TableData("people", ["id", "name", "organization", "email"],
                                    [("p", "P", None, "p@example.org")])])
            store.apply([], {"measurements": ["m--1"], "ties": ["a--b"]})
            changed = store.read_all()
            result = restore(store, "before")
            assert store.read_all() == taken
            assert result["restored"] == "before" and result["sheets"]["organizations"] == {
                "written": 3, "deleted": 1}
            assert store.links("p")[0]["id"] == "a"
            # The state it replaced is a snapshot of its own: restoring it undoes this.
            assert store.read_snapshot(result["kept"])[1] == changed
            restore(store, result["kept"])
            assert store.read_all() == changed
            with pytest.raises(NotFound):
                restore(store, "no-such-label")
