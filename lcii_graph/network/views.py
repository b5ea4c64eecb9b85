"""Views of the network model that the analyses run on.

* :func:`organization_graph` — organizations joined by explicit ties, shared
  partnership tables, shared people (one person working with both),
  commitment flows (maker → recipient) and the ties the latest survey round
  names (respondent → partner); each ingredient can be switched off.
  Undirected and weighted: ``weight`` counts the ingredients joining a pair,
  and ``ties``, ``tables``, ``people``, ``commitments``, ``survey`` count each one.
* :func:`tie_digraph` — the explicit ties alone, directed as reported (a
  confirmed tie counts in both directions): the graph reciprocity is about.
* :func:`person_graph` — people joined by sitting at the same table or working
  for the same organization.
* :func:`affiliation_graph` — the bipartite organization × partnership graph.

The organization graph is built as arrays (:class:`OrgGraph`) so that large
networks go straight to igraph; :meth:`OrgGraph.to_networkx` gives the
networkx graph the reference implementations and notebooks use.
"""

from __future__ import annotations

import functools
import itertools
import operator
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
import numpy as np

from ..ingest.cells import split_list
from ..model.vocabulary import Kind
from .arrays import fingerprint, igraph_of, numbers, unique_sorted
from .model import Network, network_of

INGREDIENTS = ("ties", "tables", "people", "commitments", "survey")
NODE_ATTRIBUTES = ("name", "sector", "level", "type", "jurisdiction", "anchor", "intermediary")


@dataclass
class OrgGraph:
    """An undirected, weighted organization graph held as arrays.

    ``ids[i]`` is node ``i``; ``u[k] < v[k]`` are the ends of edge ``k``;
    ``counts[name][k]`` how many of each ingredient join them.
    """

    ids: list[str]
    nodes: list[dict]  # attributes per node, NODE_ATTRIBUTES
    u: np.ndarray
    v: np.ndarray
    counts: dict[str, np.ndarray]
    partnership: str | None = None
    as_of: str | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return len(self.u)

    @cached_property
    def index(self) -> dict[str, int]:
        return {id_: i for i, id_ in enumerate(self.ids)}

    @cached_property
    def weight(self) -> np.ndarray:
        return sum(self.counts.values(), np.zeros(self.m))

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the nodes, edges and weights: the identity of the graph's analyses
        (:mod:`lcii_graph.analysis.cache`)."""
        return fingerprint(self.ids, self.u, self.v, self.weight)

    def attribute(self, name: str) -> list:
        return [node.get(name) for node in self.nodes]

    def degree(self) -> np.ndarray:
        return np.bincount(np.concatenate([self.u, self.v]), minlength=self.n)

    def subgraph(self, keep: list[bool]) -> OrgGraph:
        """The graph induced by the nodes where ``keep`` is true."""
        mask = np.asarray(keep, dtype=bool)
        new_index = np.cumsum(mask) - 1
        edges = mask[self.u] & mask[self.v] if self.m else np.zeros(0, dtype=bool)
        return OrgGraph([i for i, k in zip(self.ids, mask, strict=True) if k],
                        [d for d, k in zip(self.nodes, mask, strict=True) if k],
                        new_index[self.u[edges]], new_index[self.v[edges]],
                        {name: c[edges] for name, c in self.counts.items()},
                        self.partnership, self.as_of)

    def membership(self, parts: list[set]) -> np.ndarray:
        """The index of the part each node is in (-1 if none)."""
        labels = np.full(self.n, -1)
        for k, part in enumerate(parts):
            labels[[self.index[node] for node in part]] = k
        return labels

    def edge_ends(self) -> tuple[np.ndarray, np.ndarray]:
        """``(u, v)``: the ends of every edge, as arrays."""
        return self.u, self.v

    def to_igraph(self):
        """The same graph in igraph (cached), with a ``weight`` edge attribute."""
        if "igraph" not in self._cache:
            self._cache["igraph"] = igraph_of(self.n, self.u, self.v, self.weight)
        return self._cache["igraph"]

    def to_networkx(self) -> nx.Graph:
        graph = nx.Graph(partnership=self.partnership, as_of=self.as_of)
        graph.add_nodes_from(zip(self.ids, self.nodes, strict=True))
        names = list(self.counts)
        columns = [self.counts[name].tolist() for name in names]
        weights = self.weight.tolist()
        ids = self.ids
        graph.add_edges_from(
            (ids[a], ids[b], {"weight": weights[k],
                              **{name: columns[j][k] for j, name in enumerate(names)}})
            for k, (a, b) in enumerate(zip(self.u.tolist(), self.v.tolist(), strict=True))
        )
        return graph


def table_members(network: Network, partnership: str) -> set[str]:
    """Organizations at a table: members themselves, or through a person who sits there."""
    return network.table_members.get(partnership, set())


def organization_graph(network: Network, *, ties: bool = True, tables: bool = True,
                       people: bool = True, commitments: bool = True, survey: bool = True,
                       partnership: str | None = None) -> OrgGraph:
    """The organization collaboration graph (cached on the network; see _build)."""
    key = graph_key(ties=ties, tables=tables, people=people, commitments=commitments,
                    survey=survey, partnership=partnership)
    if key not in network.cache:
        network.cache[key] = _build(network, ties=ties, tables=tables, people=people,
                                    commitments=commitments, survey=survey,
                                    partnership=partnership)
    return network.cache[key]


def graph_key(*, ties: bool = True, tables: bool = True, people: bool = True,
              commitments: bool = True, survey: bool = True,
              partnership: str | None = None) -> tuple:
    """What an organization graph is held under in ``Network.cache``: its settings."""
    return ("organizations", ties, tables, people, commitments, survey, partnership)


def latest_round(network: Network) -> str | None:
    """The last survey round the network holds (rounds sort as their labels: a year or a
    date), or None."""
    found = {r["round"] for r in network.records["ratings"]}
    return max(found) if found else None


def survey_arcs(network: Network, partnership: str | None = None,
                round_: str | None = None) -> set[tuple[str, str]]:
    """The ties a survey round names, respondent → partner (default: the latest round),
    between organizations at ``partnership`` if given."""
    round_ = round_ or latest_round(network)
    keep = table_members(network, partnership) if partnership else None
    return {(r["respondent"], r["partner"]) for r in network.records["ratings"]
            if r["round"] == round_ and r["respondent"] != r["partner"]
            and (keep is None or (r["respondent"] in keep and r["partner"] in keep))}


def _build(network: Network, *, ties: bool, tables: bool, people: bool, commitments: bool,
           survey: bool, partnership: str | None) -> OrgGraph:
    """The organization collaboration graph (see the module docstring).

    Parameters
    ----------
    network : Network
        The network model (already "as of" a date if wanted).
    ties, tables, people, commitments, survey : bool
        Which ingredients join organizations.
    partnership : str, optional
        Keep only the organizations at this table (and the links among them).
    """
    ids, nodes = organization_nodes(network, partnership)
    u, v, counts = organization_edges(network, ids, ties=ties, tables=tables, people=people,
                                      commitments=commitments, survey=survey)
    return OrgGraph(ids, nodes, u, v, counts, partnership, network.as_of)


def organization_nodes(network: Network,
                       partnership: str | None = None) -> tuple[list[str], list[dict]]:
    """The organization graph's nodes: ids, and attributes (:data:`NODE_ATTRIBUTES`)."""
    organizations = network.records["organizations"]
    if partnership is not None:
        keep = table_members(network, partnership)
        organizations = [r for r in organizations if r["id"] in keep]
    ids = [r["id"] for r in organizations]
    nodes = []
    for r in organizations:
        attrs = {name: r.get(name) for name in NODE_ATTRIBUTES}
        attrs["level"] = network.government_levels.get(r["id"])
        nodes.append(attrs)
    return ids, nodes


def organization_edges(network: Network, ids: list[str], *, ties: bool, tables: bool,
                       people: bool, commitments: bool, survey: bool
                       ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """The organization graph's edges among the nodes ``ids``: ends ``u < v`` (node
    numbers) and the count of each ingredient joining them (see :class:`OrgGraph`)."""
    index = {id_: i for i, id_ in enumerate(ids)}
    empty = np.zeros(0, dtype=np.int64)
    pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {name: (empty, empty)
                                                       for name in INGREDIENTS}
    if ties:
        pairs["ties"] = _ends(index, network.records["ties"], "from", "to")
    if tables:
        pairs["tables"] = _cliques(sorted(index[o] for o in table_members(network, t["id"])
                                          if o in index)
                                   for t in network.records["partnerships"])
    if people:
        # Only someone working for more than one organization joins two of them.
        pairs["people"] = _cliques(
            sorted(index[o] for o in {r["organization"], *split_list(r["also_works_for"])}
                   if o in index)
            for r in network.records["people"] if r["also_works_for"])
    if commitments:
        maker, recipient = _ends(index, network.records["commitments"], "maker", "recipient")
        apart = maker != recipient
        pairs["commitments"] = maker[apart], recipient[apart]
    if survey:
        arcs = [(index[a], index[b]) for a, b in sorted(survey_arcs(network))
                if a in index and b in index]
        pairs["survey"] = _columns(arcs)
    return _from_pairs(len(ids), pairs)


def _ends(index: dict[str, int], rows: list[dict], source: str,
          target: str) -> tuple[np.ndarray, np.ndarray]:
    """The node numbers of each row's two ends, rows with an end not in ``index`` left
    out."""
    a, b = numbers(index, rows, source), numbers(index, rows, target)
    known = (a >= 0) & (b >= 0)
    return a[known], b[known]


def _cliques(groups) -> tuple[np.ndarray, np.ndarray]:
    """Every pair within each group of node numbers (each group sorted, without repeats):
    the pairs ``itertools.combinations`` gives, in its order, as two arrays."""
    firsts, seconds = [], []
    for group in groups:
        if len(group) < 2:
            continue
        members = np.asarray(group, dtype=np.int64)
        # The index pairs of the usual sizes are made once; a table of thousands (its
        # pairs take tens of megabytes) each time, never kept.
        low, high = _upper_pairs(len(group)) if len(group) <= 256 else \
            np.triu_indices(len(group), 1)
        firsts.append(members[low])
        seconds.append(members[high])
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


@functools.lru_cache(maxsize=256)
def _upper_pairs(k: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(k, 1)


def _columns(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    array = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def _from_pairs(n: int, pairs) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Merge the ingredient pairs (two arrays of node numbers each) into unique
    undirected edges with counts."""
    keys = []
    for name in INGREDIENTS:
        a, b = pairs[name]
        keys.append(np.minimum(a, b) * n + np.maximum(a, b))
    unique = unique_sorted(np.concatenate(keys)) if n else np.zeros(0, dtype=np.int64)
    counts = {}
    for name, key in zip(INGREDIENTS, keys, strict=True):
        position = np.searchsorted(unique, key)
        counts[name] = np.bincount(position, minlength=len(unique)).astype(float)
    return unique // max(n, 1), unique % max(n, 1), counts


def tie_arcs(network: Network, partnership: str | None = None) -> set[tuple[str, str]]:
    """The arcs of :func:`tie_digraph`, as a set (for large networks)."""
    keep = table_members(network, partnership) if partnership else None
    arcs = set()
    for r in network.records["ties"]:
        if keep is None or (r["from"] in keep and r["to"] in keep):
            arcs.add((r["from"], r["to"]))
            if r["confirmed"]:
                arcs.add((r["to"], r["from"]))
    return arcs


def arc_ends(network: Network, index: dict[str, int], partnership: str | None = None, *,
             ties: bool = True, survey: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The arcs of :func:`tie_arcs` (with ``ties``) and of :func:`survey_arcs` (with
    ``survey``) as node numbers of ``index``: tails and heads, an arc as often as it is
    reported, ``-1`` for an end ``index`` lacks. Numbered from the rows in their order
    (the half million ties of the L benchmark network: 0.5-0.7 s to the directed
    network, where the set of their pairs, built and then looked up in its own scattered
    order, took 1.4-1.7 s)."""
    rows = network.records["ties"] if ties else []
    if partnership and rows:
        keep = table_members(network, partnership)
        rows = [r for r in rows if r["from"] in keep and r["to"] in keep]
    tails, heads = numbers(index, rows, "from"), numbers(index, rows, "to")
    back = np.fromiter(map(bool, map(operator.itemgetter("confirmed"), rows)), dtype=bool,
                       count=len(rows))
    named = list(survey_arcs(network, partnership)) if survey else []
    return (np.concatenate([tails, heads[back], numbers(index, named, 0)]),
            np.concatenate([heads, tails[back], numbers(index, named, 1)]))


def tie_digraph(network: Network, partnership: str | None = None) -> nx.DiGraph:
    """Explicit ties as reported: ``from`` → ``to``, and back when ``confirmed``."""
    keep = table_members(network, partnership) if partnership else None
    graph = nx.DiGraph()
    for r in network.records["organizations"]:
        if keep is None or r["id"] in keep:
            graph.add_node(r["id"], sector=r["sector"],
                           level=network.government_levels.get(r["id"]))
    for r in network.records["ties"]:
        if r["from"] in graph and r["to"] in graph:
            graph.add_edge(r["from"], r["to"])
            if r["confirmed"]:
                graph.add_edge(r["to"], r["from"])
    return graph


def person_graph(network: Network, partnership: str | None = None) -> nx.Graph:
    """People joined by sitting at the same table or working for the same organization.

    Edge attributes ``tables`` and ``colleagues`` count each; ``weight`` is their sum.
    """
    sectors = {r["id"]: r["sector"] for r in network.records["organizations"]}
    graph = nx.Graph()
    people = {r["id"]: r for r in network.records["people"]}
    seats: dict[str, set[str]] = {}
    for r in network.records["memberships"]:
        if r["person"] in people and (partnership is None or r["partnership"] == partnership):
            seats.setdefault(r["partnership"], set()).add(r["person"])
    staff: dict[str, set[str]] = {}
    for person, r in people.items():
        for org in {r["organization"], *split_list(r["also_works_for"])} - {None}:
            staff.setdefault(org, set()).add(person)
    chosen = set().union(*seats.values()) if partnership else set(people)
    for person in sorted(chosen):
        r = people[person]
        org = r["organization"]
        graph.add_node(person, name=r["name"], organization=org,
                       sector=sectors.get(org),
                       decision_maker=r["decision_maker"])

    def join(group, name):
        for a, b in itertools.combinations(sorted(group & chosen), 2):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, tables=0, colleagues=0, weight=0)
            data = graph.edges[a, b]
            data[name] += 1
            data["weight"] += 1

    for group in seats.values():
        join(group, "tables")
    for group in staff.values():
        join(group, "colleagues")
    return graph


def affiliation_graph(network: Network) -> nx.Graph:
    """Organizations (``bipartite=0``) × partnerships (``bipartite=1``)."""
    graph = nx.Graph()
    for r in network.records["organizations"]:
        graph.add_node(r["id"], bipartite=0, kind=Kind.ORGANIZATION.value, name=r["name"],
                       sector=r["sector"])
    for table in network.records["partnerships"]:
        graph.add_node(table["id"], bipartite=1, kind=Kind.PARTNERSHIP.value,
                       name=table["name"])
        for org in table_members(network, table["id"]):
            graph.add_edge(org, table["id"])
    return graph


def to_networkx(source, view: str = "organizations", **options) -> nx.Graph:
    """A networkx graph of a store or network: ``organizations`` (the collaboration
    graph), ``people``, ``affiliations`` (bipartite) or ``ties`` (explicit, directed)."""
    network = network_of(source, as_of=options.pop("as_of", None))
    if view == "organizations":
        return organization_graph(network, **options).to_networkx()
    if view == "people":
        return person_graph(network, **options)
    if view == "affiliations":
        return affiliation_graph(network)
    if view == "ties":
        return tie_digraph(network, **options)
    raise ValueError("view must be organizations, people, affiliations or ties")
