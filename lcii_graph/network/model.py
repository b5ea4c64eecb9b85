"""The network model: every stored row, and the same as a typed networkx multigraph.

:attr:`Network.graph` has nodes keyed by id carrying ``kind`` (a
:class:`~lcii_graph.model.Kind` value) and their columns; edges keyed by their
relationship type (a :class:`~lcii_graph.model.RelType` value) carrying the
relationship's columns. networkx is both the data model and the reference
implementation for the analyses built on it.

The multigraph is built the first time it is asked for: the analyses read the
rows through the lookups below and build their own views, which on a network
of a million relationships saves most of the loading time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from os import PathLike

import networkx as nx

from ..model.schema import SHEETS
from ..model.vocabulary import Kind, RelType, Sector


@dataclass(eq=False)
class Network:
    """A partnership network as it stood on ``as_of`` (None: everything stored)."""

    records: dict[str, list[dict]]
    as_of: str | None = None
    #: Views built from this network, kept so several analyses share one build.
    cache: dict = field(default_factory=dict, repr=False)
    #: The gap rules' settings for this network (a TOML path or a dict; see
    #: ``analysis.config``): the command line sets the file beside the store, so that
    #: every command showing findings (gaps, map, report, export analysis) reads it.
    rule_config: object = field(default=None, repr=False)
    #: A hash of the stored rows this network was built from and of how (its date,
    #: today's view or history), where the store gave one (:func:`network_of`): it then
    #: stands for the rows in :attr:`fingerprint`. The rows are never changed after the
    #: network is built (what-if and diff make new networks).
    origin: str | None = field(default=None, repr=False)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The whole network as a networkx multigraph (built on first use)."""
        return _graph(self)

    @cached_property
    def fingerprint(self) -> str | None:
        """A hash of every row and the date: the identity of what the gap rules read
        (results kept from one command to the next are kept under it,
        :mod:`lcii_graph.analysis.cache`). ``marshal`` writes each value so that it
        reads back equal, so two networks with one fingerprint hold the same rows,
        however the store was written. Its format 2: later ones mark objects met twice
        by their reference counts, so the same rows hashed differently once the rule
        context held them (each command missed what the one before it kept). ``None``
        when a row holds a value marshal cannot write (nothing is then kept). 2.5 s for
        the million rows of the L benchmark network; nothing for a network read from a
        SQLite store, whose rows were hashed as they were read (:attr:`origin`)."""
        import hashlib
        import marshal

        if self.origin is not None:
            return hashlib.blake2b(f"stored\0{self.origin}".encode(),
                                   digest_size=20).hexdigest()
        digest = hashlib.blake2b(repr(self.as_of).encode(), digest_size=20)
        try:
            for sheet in sorted(self.records):
                digest.update(sheet.encode())
                digest.update(marshal.dumps(self.records[sheet], 2))
        except ValueError:  # an object marshal does not know
            return None
        return digest.hexdigest()

    def let_go_of_rows(self) -> None:
        """Let this network's rows go, and every lookup and rule context made of them, for
        a command that has read all it needs of them and goes on with the graphs it built
        (``export analysis``: 700 MB of the L benchmark network's 1.6 GB, let go before
        the node level). The fingerprint is taken first (results kept from one command
        to the next are kept under it); the graphs in :attr:`cache` stay. A sheet asked
        for afterwards is an error, not an empty sheet."""
        self.fingerprint  # noqa: B018 (computed now, from the rows, where it is not stored)
        self.records = _RowsLetGo()
        for key in [k for k in self.cache if isinstance(k, tuple) and k[0] == "context"]:
            del self.cache[key]
        for name in _MADE_OF_ROWS:
            self.__dict__.pop(name, None)

    # -- lookups from the rows (no graph needed) ----------------------------------------
    @cached_property
    def kinds(self) -> dict[str, str]:
        """Node id -> kind."""
        return {r["id"]: sheet.kind.value for sheet in SHEETS if sheet.kind is not None
                for r in self.records[sheet.name]}

    @cached_property
    def names(self) -> dict[str, str | None]:
        return {r["id"]: r.get("name") for sheet in SHEETS if sheet.kind is not None
                for r in self.records[sheet.name]}

    @cached_property
    def government_levels(self) -> dict[str, str | None]:
        """Government organization -> the level of its home jurisdiction."""
        levels = {r["id"]: r["level"] for r in self.records["jurisdictions"]}
        return {r["id"]: levels.get(r["jurisdiction"]) for r in self.records["organizations"]
                if r["sector"] == Sector.GOVERNMENT}

    @cached_property
    def table_members(self) -> dict[str, set[str]]:
        """Partnership -> organizations at it: members, or through a person seated there."""
        employer = {r["id"]: r["organization"] for r in self.records["people"]}
        organizations = {r["id"] for r in self.records["organizations"]}
        members: dict[str, set[str]] = {r["id"]: set() for r in self.records["partnerships"]}
        for r in self.records["memberships"]:
            org = r["organization"] or employer.get(r["person"])
            if org in organizations and r["partnership"] in members:
                members[r["partnership"]].add(org)
        return members

    @cached_property
    def measurements(self) -> dict[str, list[dict]]:
        """Metric -> its measurements, oldest first."""
        series: dict[str, list[dict]] = defaultdict(list)
        for r in sorted(self.records["measurements"], key=lambda m: (m["metric"], m["date"])):
            series[r["metric"]].append(
                {"date": r["date"], "value": r["value"], "reported_by": r["reported_by"]})
        return dict(series)

    # -- graph helpers --------------------------------------------------------------------
    def nodes(self, kind: Kind) -> list[str]:
        return [id_ for id_, k in self.kinds.items() if k == kind]

    def node(self, id_: str) -> dict:
        return self.graph.nodes[id_]

    def edges(self, rel: RelType) -> list[tuple[str, str, dict]]:
        return [(u, w, d) for u, w, k, d in self.graph.edges(keys=True, data=True) if k == rel]


def in_effect(record: dict, as_of: str | None, start: str = "since", end: str = "until") -> bool:
    """Whether a dated row held on ``as_of``: begun by then and not yet ended."""
    if as_of is None:
        return True
    began = record.get(start)
    ended = record.get(end)
    return (began is None or began <= as_of) and (ended is None or ended > as_of)


def round_dates(records: dict[str, list[dict]]) -> dict[str, str | None]:
    """The date each survey round counts from: its last answer's date on the roster (a
    round counts once its answers are in), else its label where the label is a date
    ("2026-04", "2026-04-15") or a year ("2026": from 1 January); None when neither
    says (such a round counts at every date)."""
    import re

    rounds = {r["round"] for r in records.get("ratings", [])} | \
        {r["round"] for r in records.get("survey", [])}
    answered: dict[str, str] = {}
    for r in records.get("survey", []):
        if r.get("date") and r["date"] > answered.get(r["round"], ""):
            answered[r["round"]] = r["date"]
    dates = {}
    for label in rounds:
        text = str(label).strip()
        if label in answered:
            dates[label] = answered[label]
        elif re.fullmatch(r"\d{4}", text):
            dates[label] = f"{text}-01-01"
        elif re.fullmatch(r"\d{4}-\d{2}", text):
            dates[label] = f"{text}-01"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            dates[label] = text
        else:
            dates[label] = None
    return dates


def build_network(records: dict[str, list[dict]], *, as_of: str | None = None,
                  current: bool = False, stored: str | None = None) -> Network:
    """The :class:`Network` of rows per sheet (as a store reads them) on ``as_of``.

    Memberships and ties count while in effect on ``as_of``; measurements,
    assessments and interactions once dated; a survey round's ratings and roster from
    the round's date (:func:`round_dates`; today's view holds every stored round). As
    history (the default) commitments count once started; with ``current`` (the view
    of the day itself: today, or the day a snapshot was taken) every stored commitment
    counts, since a pledge that starts next year has already been made. Organizations,
    people and places have no dates.
    Without ``as_of``, every stored row counts. ``stored``: a hash of ``records`` as
    the store holds them (:meth:`~lcii_graph.store.base.GraphStore.read_all_hashed`),
    from which the network's :attr:`~Network.origin` is made.
    """
    kept: dict[str, list[dict]] = {}
    # Today's view holds every stored answer (none can come from the future, whatever a
    # round's label says); a view of another day, the rounds answered by then.
    later = set() if as_of is None or current else \
        {label for label, day in round_dates(records).items() if day and day > as_of}
    for sheet in SHEETS:
        rows = records.get(sheet.name, [])
        if as_of is not None:
            if sheet.name in ("memberships", "ties"):
                rows = [r for r in rows if in_effect(r, as_of)]
            elif sheet.name == "commitments" and not current:
                rows = [r for r in rows if r["start"] is None or r["start"] <= as_of]
            elif sheet.name in ("measurements", "assessments", "interactions"):
                rows = [r for r in rows if r["date"] <= as_of]
            elif sheet.name in ("ratings", "survey") and later:
                rows = [r for r in rows if r["round"] not in later]
        kept[sheet.name] = rows
    origin = None if stored is None else repr((stored, as_of, current))
    return Network(kept, as_of, origin=origin)


#: What a network makes of its rows and keeps (its cached properties), but the
#: fingerprint: what :meth:`Network.let_go_of_rows` lets go with them.
_MADE_OF_ROWS = tuple(name for name, value in vars(Network).items()
                      if isinstance(value, cached_property) and name != "fingerprint")


class _RowsLetGo(dict):
    """The rows of a network that let them go (:meth:`Network.let_go_of_rows`)."""

    def __missing__(self, sheet):
        raise LookupError(f"the network's rows were let go; {sheet!r} was asked for")


def network_of(source, *, as_of: str | None = None, everything: bool = False,
               today: str | None = None) -> Network:
    """A :class:`Network` from a network (returned as it is), a store, or a store's
    location.

    A store is loaded as it stood on ``as_of``; without it, as it stands
    ``today`` (an ISO date; default: the real today):
    memberships and ties that have ended (or not yet begun) left out, every
    stored commitment kept (see :func:`build_network`). ``everything`` loads
    every stored row instead (what the data exports write).
    """
    if isinstance(source, Network):
        if as_of is not None and as_of != source.as_of:
            raise ValueError("pass the store, not a network, to analyse another date")
        return source
    if isinstance(source, (str, PathLike)):
        from ..store import open_store

        with open_store(source, create=False) as store:
            return network_of(store, as_of=as_of, everything=everything, today=today)
    records, stored = source.read_all_hashed()
    if as_of is not None:
        return build_network(records, as_of=as_of, stored=stored)
    if everything:
        return build_network(records, stored=stored)
    return build_network(records, as_of=today or date.today().isoformat(), current=True,
                         stored=stored)


def snapshot_network(store, label: str) -> Network:
    """The network of snapshot ``label`` of ``store``, as of the date it stands for (its
    current view when it was taken on that day or before, else history)."""
    info, records = store.read_snapshot(label)
    return build_network(records, as_of=info["date"],
                         current=info["created"][:10] <= info["date"])


def _graph(network: Network) -> nx.MultiDiGraph:
    from .multigraph import edge_rows, node_rows

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(node_rows(network))
    graph.add_edges_from(edge_rows(network))
    return graph
