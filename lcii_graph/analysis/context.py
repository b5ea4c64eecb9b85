"""What the gap rules look at, gathered once from the network model.

Rules stay small pure functions of a :class:`Context`: it holds lookups
(members of each table, their roles and representatives, commitments, goals,
metrics) and computes the organization graph and its communities lazily,
once, for the structure rules.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cached_property

from ..ingest.cells import split_list
from ..model.vocabulary import CAPITAL_TYPES, Sector
from ..network.model import Network
from ..network.views import table_members
from .cache import kept_organization_graph

#: Commitment statuses whose money counts in a capital stack.
COUNTED_STATUSES = ("pledged", "active", "fulfilled")


class Context:
    def __init__(self, network: Network, *, partnership: str | None = None,
                 today: str | None = None, seed: int | None = 0):
        self.network = network
        self.cache: dict = {}
        self.seed = seed
        self.focus = partnership
        self.today = self.day(network, today)
        records = network.records
        self.organizations = {r["id"]: r for r in records["organizations"]}
        self.people = {r["id"]: r for r in records["people"]}
        self.jurisdictions = {r["id"]: r for r in records["jurisdictions"]}
        all_tables = {r["id"]: r for r in records["partnerships"]}
        self.partnerships = {k: v for k, v in all_tables.items()
                             if partnership is None or k == partnership}
        self.goals = {r["id"]: r for r in records["goals"]}
        self.metrics = {r["id"]: r for r in records["metrics"]}

        self.members = {p: table_members(network, p) for p in self.partnerships}
        self.roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.seated_people: dict[str, set[str]] = defaultdict(set)
        for r in records["memberships"]:
            if r["organization"]:
                self.roles[r["partnership"]][r["organization"]].add(r["role"])
            elif r["person"] in self.people:
                self.seated_people[r["partnership"]].add(r["person"])
                org = self.people[r["person"]]["organization"]
                if org:
                    self.roles[r["partnership"]][org].add(r["role"])
        self.staff: dict[str, list[str]] = defaultdict(list)
        for person, r in self.people.items():
            if r["organization"]:
                self.staff[r["organization"]].append(person)

        self.goals_of: dict[str, list[str]] = defaultdict(list)
        for goal in self.goals.values():
            if goal["partnership"]:
                self.goals_of[goal["partnership"]].append(goal["id"])
        self.metrics_of: dict[str, list[str]] = defaultdict(list)
        for metric in self.metrics.values():
            self.metrics_of[metric["goal"]].append(metric["id"])
        self.commitments_of: dict[str, list[dict]] = defaultdict(list)
        for c in records["commitments"]:
            table = c["partnership"] or (self.goals[c["goal"]]["partnership"]
                                         if c["goal"] in self.goals else None)
            if table:
                self.commitments_of[table].append(c)

    @classmethod
    def of(cls, network: Network, *, partnership: str | None = None,
           today: str | None = None, seed: int | None = 0) -> Context:
        """The context of ``network`` for these settings, made once per network: the
        report, its map and its gap rules read the same lookups (on a state-wide
        network each made them again, 1.4 s apiece)."""
        key = ("context", partnership, cls.day(network, today), seed)
        if key not in network.cache:
            network.cache[key] = cls(network, partnership=partnership, today=today,
                                     seed=seed)
        return network.cache[key]

    @staticmethod
    def day(network: Network, today: str | None = None) -> str:
        """The day the rules measure from: the network's date, else ``today``, else the
        real today."""
        return network.as_of or today or date.today().isoformat()

    # -- naming -----------------------------------------------------------------
    def name(self, id_: str) -> str | None:
        return self.network.names.get(id_)

    def subject(self, id_: str) -> dict:
        return {"id": id_, "name": self.name(id_)}

    def subjects(self, ids) -> list[dict]:
        return [self.subject(i) for i in sorted(ids)]

    # -- tables -------------------------------------------------------------------
    def sector(self, org: str) -> str | None:
        return self.organizations[org]["sector"] if org in self.organizations else None

    def level(self, org: str) -> str | None:
        return self.network.government_levels.get(org)

    def government_members(self, partnership: str) -> list[str]:
        key = ("government_members", partnership)
        if key not in self.cache:  # several rules ask, for every table
            self.cache[key] = sorted(o for o in self.members[partnership]
                                     if self.sector(o) == Sector.GOVERNMENT)
        return self.cache[key]

    def representatives(self, partnership: str, org: str) -> list[str]:
        """The people who speak for ``org`` at the table: those seated there, else all its staff."""
        seated = self._seated_by_organization.get(partnership, {}).get(org)
        return sorted(seated or self.staff.get(org, []))

    @cached_property
    def _seated_by_organization(self) -> dict[str, dict[str, list[str]]]:
        """Table -> organization -> its people seated there (looked up once, not by a scan
        of the table's seats for each member)."""
        found: dict[str, dict[str, list[str]]] = {}
        for partnership, seated in self.seated_people.items():
            for person in seated:
                found.setdefault(partnership, {}).setdefault(
                    self.people[person]["organization"], []).append(person)
        return found

    def capital(self, partnership: str) -> list[dict]:
        """Capital commitments that count in the table's stack (see COUNTED_STATUSES)."""
        return [c for c in self.commitments_of[partnership]
                if c["type"] in CAPITAL_TYPES and c["status"] in COUNTED_STATUSES
                and c["amount"]]

    def served_ancestors(self, partnership: str) -> dict[str, dict[str, str]]:
        """For each jurisdiction served: level -> the jurisdiction of that level it lies in
        (itself included)."""
        result = {}
        for served in split_list(self.partnerships[partnership]["serves"]):
            chain: dict[str, str] = {}
            node, seen = served, set()
            while node in self.jurisdictions and node not in seen:
                seen.add(node)
                chain.setdefault(self.jurisdictions[node]["level"], node)
                node = self.jurisdictions[node]["parent"]
            result[served] = chain
        return result

    # -- structure ------------------------------------------------------------------
    @cached_property
    def org_graph(self):
        return kept_organization_graph(self.network, partnership=self.focus)

    @cached_property
    def communities(self) -> list[set]:
        from .communities import louvain

        return louvain(self.org_graph, seed=self.seed)
