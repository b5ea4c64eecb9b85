"""Measures of a directed network: ties as reported, or as a survey round names them.

Every function takes a networkx ``DiGraph`` (self-loops are ignored) and
follows a published definition, named here and in the output:

* **density**: arcs / n(n-1);
* **in- and out-degree**; **dyad reciprocity**: mutual dyads / connected
  dyads (:func:`.cohesion.reciprocity`);
* **in- and out-closeness**: :func:`.centrality.closeness` on incoming distances
  (in) and on the reversed graph (out), Wasserman–Faust for unreachable nodes;
* **mean path length** and **diameter**: over the ordered pairs where a
  directed path exists (igraph's ``unconn=True``);
* **E-I index**, the **internal share** (arcs inside a group / arcs) and
  **assortativity**: counted over arcs (:mod:`.homophily`), as UCINET does for a
  directed graph; **modularity** of the groups as a partition, in its directed
  form (:func:`.communities.modularity`);
* Krackhardt's graph theoretical dimensions of hierarchy [1]_, as R's
  ``sna`` computes them [2]_:

  - **connectedness**: the share of unordered pairs joined by a semipath
    (both in one weak component);
  - **hierarchy**: the share of pairs joined by a directed path one way that are
    not joined both ways: ``A / (M + A)`` over the reachability graph, where
    ``M`` counts the pairs that reach each other and ``A`` those where only one
    reaches the other;
  - **efficiency**: ``1 - (arcs - Σ(c-1)) / Σ(c-1)²`` over the weak components
    of sizes ``c``: how few arcs beyond the ``c - 1`` that hold each component
    together;
  - **least upper boundedness**: ``1 - V / Σ(c-1)(c-2)/2`` over the weak
    components of three or more, ``V`` counting the pairs ``(i, j)`` with no
    *least upper bound*: no node that reaches both and reaches every other node
    that does (a node reaches itself). Upper bounds are closed upwards, so a
    pair has one exactly when one source of the graph's condensation (a
    strongly connected group nothing else reaches) reaches both; this module
    counts that way, without the n⁴ search;
* **degree centralization** two ways: Freeman's on the undirected graph
  (:func:`.centrality.degree_centralization`, raw degrees over (n-1)(n-2)) and
  on the directed total degree, in + out, over its maximum 2(n-1)(n-2) (ORA's
  total-degree centralization; igraph's ``centr_degree(mode="all")``).

References
----------
.. [1] Krackhardt, D. (1994). Graph theoretical dimensions of informal
   organizations. In K. Carley & M. Prietula (eds), *Computational
   Organization Theory*, 89–111. Hillsdale, NJ: Lawrence Erlbaum.
.. [2] Butts, C. T. (2008). Social network analysis with sna. *Journal of
   Statistical Software* 24(6) (``connectedness``, ``hierarchy(measure =
   "krackhardt")``, ``efficiency``, ``lubness``).
.. [3] Everett, M. G. & Krackhardt, D. (2012). A second look at Krackhardt's
   graph theoretical dimensions of informal organizations. *Social Networks*
   34(2), 159–163.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from ..network.arrays import fingerprint, numbers, unique_sorted
from . import centrality

#: Above this much work (nodes × arcs) the measures that walk every path (mean path
#: length, diameter, hierarchy, least upper boundedness) are left out, and the output
#: says so: the same bound as exact betweenness. Closeness is estimated from samples
#: above it, as in :mod:`.centrality`.
PATH_WORK = centrality.EXACT_WORK


@dataclass
class Arcs:
    """A directed graph as arrays: ``a[k] -> b[k]`` over nodes ``ids`` (no self-loop,
    no arc twice); ``labels[i]`` is node ``i``'s group (its sector), ``None`` if unknown.

    The measures of a state-wide network need no networkx copy of it (100,000
    organizations and 500,000 arcs: 4 s to build one, 12 s for the measures on it).
    """

    ids: list
    labels: list
    a: np.ndarray
    b: np.ndarray
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_pairs(cls, ids: list, labels: list, pairs) -> Arcs:
        """The arcs ``(x, y)`` of ``pairs`` between nodes of ``ids`` (others left out)."""
        index = {x: i for i, x in enumerate(ids)}
        pairs = list(pairs)
        return cls.from_ends(ids, labels, numbers(index, pairs, 0), numbers(index, pairs, 1))

    @classmethod
    def from_ends(cls, ids: list, labels: list, a: np.ndarray, b: np.ndarray) -> Arcs:
        """The arcs ``a[k] -> b[k]`` (node numbers of ``ids``; ``-1``, an end outside
        them, and self-loops left out; an arc given twice kept once)."""
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        keep = (a >= 0) & (b >= 0) & (a != b)
        n = max(len(ids), 1)
        keys = unique_sorted(a[keep] * n + b[keep])
        return cls(list(ids), list(labels), keys // n, keys % n)

    @classmethod
    def from_networkx(cls, D: nx.DiGraph, attribute: str = "sector") -> Arcs:
        ids = list(D)
        return cls.from_pairs(ids, [D.nodes[x].get(attribute) for x in ids], D.edges())

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return len(self.a)

    @property
    def fingerprint(self) -> str:
        """The identity of the results kept for this graph (:mod:`.cache`; closeness in
        and out on a state-wide network take seconds)."""
        if "fingerprint" not in self._cache:
            self._cache["fingerprint"] = fingerprint(self.ids, self.a, self.b, kind="arcs\0")
        return self._cache["fingerprint"]

    def edge_ends(self) -> tuple[np.ndarray, np.ndarray]:
        """``(a, b)``: the tail and head of every arc, as arrays."""
        return self.a, self.b

    def to_igraph(self):
        if "igraph" not in self._cache:
            import igraph

            self._cache["igraph"] = igraph.Graph(
                n=self.n, directed=True,
                edges=zip(self.a.tolist(), self.b.tolist(), strict=True))
        return self._cache["igraph"]

    def to_networkx(self) -> nx.DiGraph:
        D = nx.DiGraph()
        D.add_nodes_from(self.ids)
        ids = self.ids
        D.add_edges_from((ids[x], ids[y]) for x, y in zip(self.a.tolist(), self.b.tolist(),
                                                           strict=True))
        return D

    def reverse(self) -> Arcs:
        return Arcs(self.ids, self.labels, self.b, self.a)

    def mutual(self) -> np.ndarray:
        """Whether each arc's reverse is an arc too."""
        if "mutual" not in self._cache:
            n = max(self.n, 1)
            keys = np.sort(self.a * n + self.b)  # a binary search finds each reverse
            reverse = self.b * n + self.a
            at = np.minimum(np.searchsorted(keys, reverse), max(len(keys) - 1, 0))
            self._cache["mutual"] = keys[at] == reverse if len(keys) else \
                np.zeros(0, dtype=bool)
        return self._cache["mutual"]

    def weak_sizes(self) -> list[int]:
        return self.to_igraph().connected_components(mode="weak").sizes()


def _arcs(D) -> Arcs:
    return D if isinstance(D, Arcs) else Arcs.from_networkx(D)


def one_way_arcs(D) -> int:
    """Arcs whose reverse is not in the graph: none means the graph is undirected in
    all but name."""
    D = _arcs(D)
    return int(D.m - D.mutual().sum())


def reciprocity(D) -> float | None:
    """Mutual dyads / connected dyads (:func:`.cohesion.reciprocity`'s ``dyad``)."""
    D = _arcs(D)
    if D.m == 0:
        return None
    mutual_arcs = int(D.mutual().sum())
    return (mutual_arcs // 2) / (mutual_arcs // 2 + D.m - mutual_arcs)


def density(D) -> float | None:
    """Arcs over ``n(n-1)``; ``None`` below two nodes."""
    D = _arcs(D)
    return D.m / (D.n * (D.n - 1)) if D.n > 1 else None


def mixing(D) -> dict:
    """``ei_index``, ``internal_share``, ``assortativity`` and ``modularity`` of the
    nodes' groups, counted over arcs (an arc with an end of unknown group is left out
    of the first three; modularity takes the unknown as one more group)."""
    D = _arcs(D)
    groups = sorted({x for x in D.labels if x is not None}, key=str)
    code = {g: k for k, g in enumerate(groups)}
    k = len(groups)
    codes = np.array([code.get(x, k) for x in D.labels], dtype=np.int64)
    x, y = codes[D.a], codes[D.b]
    counts = np.bincount(x * (k + 1) + y, minlength=(k + 1) ** 2).reshape(k + 1, k + 1)
    result = {"ei_index": None, "internal_share": None, "assortativity": None,
              "modularity": None}
    if D.m:
        e = counts / D.m  # every group, the unknown too: Newman's directed Q
        result["modularity"] = float(np.trace(e) - e.sum(axis=1) @ e.sum(axis=0))
    known = counts[:k, :k]
    total = int(known.sum())
    if total:
        internal = int(np.trace(known))
        result["ei_index"] = (total - 2 * internal) / total
        result["internal_share"] = internal / total
        e = known / total
        expected = float(e.sum(axis=1) @ e.sum(axis=0))
        if not np.isclose(expected, 1.0):
            result["assortativity"] = float((np.trace(e) - expected) / (1 - expected))
    return result


def connectedness(D) -> float | None:
    """Krackhardt's connectedness: pairs in one weak component / all pairs."""
    D = _arcs(D)
    if D.n < 2:
        return None
    return sum(c * (c - 1) / 2 for c in D.weak_sizes()) / (D.n * (D.n - 1) / 2)


def efficiency(D) -> float | None:
    """Krackhardt's efficiency (``sna::efficiency``); ``None`` when no component has
    room for a redundant arc (every weak component of one or two nodes)."""
    D = _arcs(D)
    sizes = D.weak_sizes()
    room = sum((c - 1) ** 2 for c in sizes)
    if room == 0:
        return None
    return 1 - (D.m - sum(c - 1 for c in sizes)) / room


@dataclass
class _Closure:
    """One weak component of a directed graph's condensation (its strongly connected
    groups, as a DAG) and what each group reaches, as bits: ``reach[c]`` holds bit ``d``
    (word ``d // 64``, bit ``d % 64``) for every group ``d`` of the component that ``c``
    reaches, itself included."""

    sizes: np.ndarray    # nodes per group
    reach: np.ndarray    # (groups, words) uint64
    sources: np.ndarray  # the groups no other group reaches (in-degree 0)
    #: Groups that are each a weak component of their own (reach: their own bit, each
    #: read as bit 0 of its one word).
    separate: bool = False

    def members(self, rows: np.ndarray) -> np.ndarray:
        """``rows`` of bits (each ``words`` long) as 0/1 columns, one per group."""
        bits = np.unpackbits(np.ascontiguousarray(rows).view(np.uint8), axis=1,
                             bitorder="little")
        return bits[:, :len(self.sizes)]


def _closures(D) -> list[_Closure]:
    """The transitive closure of ``D``'s condensation, one weak component at a time, kept
    on the graph (hierarchy and least upper boundedness both read it). Bits, not Python
    sets (on 5,000 organizations the sets took 2 s for each measure); per component, so
    that many small components never make one square of bits (a component of ``k``
    groups has at least ``k - 1`` arcs: under :data:`PATH_WORK` its square is a few
    megabytes)."""
    import igraph

    D = _arcs(D)
    if "closures" in D._cache:
        return D._cache["closures"]
    strong = D.to_igraph().connected_components(mode="strong")
    group = np.asarray(strong.membership, dtype=np.int64)
    count = len(strong)
    sizes = np.bincount(group, minlength=count) if count else np.zeros(0, dtype=np.int64)
    a, b = group[D.a], group[D.b]
    between = a != b
    keys = unique_sorted(a[between] * max(count, 1) + b[between])  # each group arc once
    dag = igraph.Graph(n=count, directed=True,
                       edges=zip((keys // max(count, 1)).tolist(),
                                 (keys % max(count, 1)).tolist(), strict=True))
    dag.vs["group"] = range(count)
    parts = dag.connected_components(mode="weak")
    # A group with no arc to another reaches itself alone: its closure is one bit, made
    # without a subgraph (a network of many isolated organizations has 100,000 of them).
    component = np.asarray(parts.membership, dtype=np.int64)
    alone = np.flatnonzero(np.bincount(component, minlength=len(parts))[component] == 1)
    closures = [_Closure(sizes[alone], np.ones((len(alone), 1), dtype=np.uint64),
                         np.zeros(0, dtype=np.int64), separate=True)] if len(alone) else []
    for part in parts:
        if len(part) == 1:
            continue
        sub = dag.induced_subgraph(part)  # renumbered: "group" says which group is which
        k = len(part)
        reach = np.zeros((k, max(1, -(-k // 64))), dtype=np.uint64)
        successors = sub.get_adjlist(mode="out")
        one = np.uint64(1)
        for c in reversed(sub.topological_sorting(mode="out")):
            row = reach[c]
            for d in successors[c]:
                row |= reach[d]
            row[c // 64] |= one << np.uint64(c % 64)
        closures.append(_Closure(sizes[sub.vs["group"]], reach,
                                 np.flatnonzero(np.asarray(sub.indegree()) == 0)))
    D._cache["closures"] = closures
    return closures


def hierarchy(D) -> float | None:
    """Krackhardt's hierarchy: ``A / (M + A)`` over the pairs joined by a directed
    path (see the module docstring); ``None`` when no pair is."""
    mutual = ordered = 0
    for closure in _closures(D):
        sizes = closure.sizes
        mutual += int((sizes * (sizes - 1) // 2).sum())
        if closure.separate:  # each reaches itself: its ordered pairs are its mutual ones
            ordered += int((sizes * (sizes - 1)).sum())
            continue
        for start in range(0, len(sizes), 512):  # 512 groups' bits unpacked at a time
            reached = closure.members(closure.reach[start:start + 512]) @ sizes
            ordered += int((sizes[start:start + 512] * (reached - 1)).sum())
    one_way = ordered - 2 * mutual
    if mutual + one_way == 0:
        return None
    return one_way / (mutual + one_way)


def least_upper_boundedness(D) -> float | None:
    """Krackhardt's least upper boundedness (``sna::lubness``); ``None`` when no weak
    component has three nodes."""
    violations = 0
    room = 0.0
    for closure in _closures(D):
        if closure.separate:  # each its own source, every pair bounded by it
            big = closure.sizes[closure.sizes >= 3]
            room += float(((big - 1) * (big - 2) / 2).sum())
            continue
        total = int(closure.sizes.sum())
        if total < 3:
            continue
        room += (total - 1) * (total - 2) / 2
        violations += _without_bound(closure)
    if room == 0:
        return None
    return 1 - violations / room


def _without_bound(closure: _Closure) -> int:
    """The pairs of one weak component with no least upper bound: a pair has one exactly
    when one source reaches both its ends."""
    # Which sources reach each group, as bits in whole 64-bit words (compared eight
    # bytes at a time below).
    above = np.packbits(closure.members(closure.reach[closure.sources]).T, axis=1,
                        bitorder="little")
    above = np.pad(above, ((0, 0), (0, -above.shape[1] % 8)))
    # Groups reached by the same sources count as one, weighted by their nodes.
    weight: dict[bytes, int] = {}
    for c, size in enumerate(closure.sizes.tolist()):
        key = above[c].tobytes()
        weight[key] = weight.get(key, 0) + size
    rows = np.frombuffer(b"".join(weight), dtype=np.uint64).reshape(len(weight), -1)
    n = np.fromiter(weight.values(), dtype=np.int64, count=len(weight))
    violations = int((n * (n - 1) // 2)[np.bitwise_count(rows).sum(axis=1) != 1].sum())
    for i in range(len(n) - 1):
        common = np.bitwise_count(rows[i] & rows[i + 1:]).sum(axis=1)
        violations += int(n[i] * n[i + 1:][common != 1].sum())
    return violations


def freeman_degree_centralization(D) -> float | None:
    """Freeman's degree centralization of the undirected graph (an arc either way is a
    tie): raw degrees over ``(n-1)(n-2)``."""
    D = _arcs(D)
    n = max(D.n, 1)
    pairs = unique_sorted(np.minimum(D.a, D.b) * n + np.maximum(D.a, D.b))
    degree = np.bincount(np.concatenate([pairs // n, pairs % n]), minlength=D.n)
    return centrality.freeman_centralization(degree, "degree")


def ora_degree_centralization(D) -> float | None:
    """Centralization of total degree (in + out) over its maximum, ``2(n-1)(n-2)``:
    1 for a star whose centre sends to and hears from everyone."""
    D = _arcs(D)
    if D.n < 3:
        return None
    total = np.bincount(np.concatenate([D.a, D.b]), minlength=D.n).astype(float)
    return float((total.max() - total).sum() / (2 * (D.n - 1) * (D.n - 2)))


def paths(D) -> dict:
    """``mean_path_length`` and ``diameter`` over the ordered pairs a directed path
    joins (``None`` when no pair is)."""
    graph = _arcs(D).to_igraph()
    if graph.ecount() == 0:
        return {"mean_path_length": None, "diameter": None}
    # One sweep counting the pairs at each distance gives both (average_path_length and
    # diameter are a sweep each); the sums are whole numbers, the mean divided once.
    counts = [(int(start), int(found)) for start, _, found
              in graph.path_length_hist(directed=True).bins() if found]
    return {"mean_path_length": sum(d * c for d, c in counts) / sum(c for _, c in counts),
            "diameter": max(d for d, _ in counts)}


def path_work_left_out(D) -> str | None:
    """Why the path measures are left out of ``D`` (their cost), or ``None``."""
    D = _arcs(D)
    if D.n * max(D.m, 1) > PATH_WORK:
        return f"{D.n:,} organizations × {D.m:,} arcs, more than {PATH_WORK:,}"
    return None


def network_measures(D, *, attribute: str = "sector") -> dict:
    """The directed network's measures, keyed as :func:`.metrics.metrics` prints them
    (``directed_`` before each name that the undirected network has too). ``D`` is a
    networkx ``DiGraph`` (``attribute`` naming the groups) or :class:`Arcs`."""
    D = D if isinstance(D, Arcs) else Arcs.from_networkx(D, attribute)
    groups = mixing(D)
    result = {
        "directed_arcs": D.m,
        "directed_one_way_arcs": one_way_arcs(D),
        "directed_density": density(D),
        "directed_reciprocity": reciprocity(D),
        f"directed_ei_index_{attribute}": groups["ei_index"],
        f"directed_internal_share_{attribute}": groups["internal_share"],
        f"directed_assortativity_{attribute}": groups["assortativity"],
        f"directed_modularity_{attribute}": groups["modularity"],
        "connectedness": connectedness(D),
        "efficiency": efficiency(D),
        "degree_centralization_freeman": freeman_degree_centralization(D),
        "degree_centralization_ora": ora_degree_centralization(D),
    }
    if path_work_left_out(D) is None:
        result.update({f"directed_{k}": v for k, v in paths(D).items()})
        result["hierarchy"] = hierarchy(D)
        result["least_upper_boundedness"] = least_upper_boundedness(D)
    return result


def node_measures(D, *, seed: int | None = 0) -> dict:
    """Per node: ``in_degree``, ``out_degree``, ``closeness_in``, ``closeness_out``
    (the closeness estimated from samples where :func:`.centrality.sample_size` says)."""
    D = _arcs(D)
    closeness_in = centrality.closeness(D, seed=seed)
    closeness_out = centrality.closeness(D.reverse(), seed=seed)
    out_degree = np.bincount(D.a, minlength=D.n).tolist()
    in_degree = np.bincount(D.b, minlength=D.n).tolist()
    return {x: {"in_degree": in_degree[i], "out_degree": out_degree[i],
                "closeness_in": closeness_in[x], "closeness_out": closeness_out[x]}
            for i, x in enumerate(D.ids)}


#: What each directed measure is, printed with it (``metrics`` notes).
DEFINITIONS = (
    "directed_*: the ties as reported (a confirmed tie both ways) and those the latest "
    "survey round names (respondent -> partner), arcs not collapsed",
    "directed_density: arcs / n(n-1)",
    "directed_reciprocity: mutual dyads / connected dyads",
    "directed_ei_index_sector, directed_assortativity_sector: counted over arcs; "
    "directed_internal_share_sector: arcs inside a sector / arcs; "
    "directed_modularity_sector: Newman's directed modularity of the sectors as groups",
    "directed_mean_path_length, directed_diameter: over the ordered pairs a directed "
    "path joins",
    "connectedness (Krackhardt): pairs in one weak component / all pairs",
    "hierarchy (Krackhardt): pairs reached one way only / pairs reached at all",
    "efficiency (Krackhardt): 1 - (arcs - Σ(c-1)) / Σ(c-1)² over weak components",
    "least_upper_boundedness (Krackhardt): 1 - pairs with no least upper bound / "
    "Σ(c-1)(c-2)/2 over weak components of 3 or more (R sna's lubness)",
    "degree_centralization_freeman: raw degrees of the undirected graph over (n-1)(n-2)",
    "degree_centralization_ora: total degree (in + out) over 2(n-1)(n-2)",
)
