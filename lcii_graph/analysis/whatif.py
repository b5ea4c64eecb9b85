"""What if an organization or a person leaves?

The network is rebuilt without them — an organization with its ties,
memberships, people's affiliations with it and commitments; a person with
their memberships and affiliations — and compared with the network as it is.
"""

from __future__ import annotations

from ..errors import NotFound
from ..ingest.cells import split_list
from ..model.vocabulary import Kind, Sector
from ..network.arrays import igraph_of
from ..network.model import Network, network_of
from ..network.views import organization_graph
from .brokerage import ROLES, undirected_brokerage
from .cache import kept_organization_graph
from .cohesion import igraph_components
from .context import Context
from .funding import capital_stack


def _without(records: dict, id_: str, kind: str) -> dict:
    """The rows as they would be without ``id_`` (nothing else changes)."""
    out = {sheet: list(rows) for sheet, rows in records.items()}
    if kind == Kind.ORGANIZATION:
        out["organizations"] = [r for r in out["organizations"] if r["id"] != id_]
        out["ties"] = [r for r in out["ties"] if id_ not in (r["from"], r["to"])]
        out["memberships"] = [r for r in out["memberships"] if r["organization"] != id_]
        gone = {r["id"] for r in out["commitments"] if r["maker"] == id_}
        out["commitments"] = [r for r in out["commitments"] if r["id"] not in gone]
        out["commitments"] = [{**r, "recipient": None} if r["recipient"] == id_ else r
                              for r in out["commitments"]]
        # Only the people it employs change (a state-wide network has 300,000 others).
        out["people"] = [{**r, "organization": None if r["organization"] == id_
                          else r["organization"],
                          "also_works_for": "; ".join(o for o in split_list(r["also_works_for"])
                                                      if o != id_) or None}
                         if r["organization"] == id_ or id_ in split_list(r["also_works_for"])
                         else r for r in out["people"]]
    else:
        out["people"] = [r for r in out["people"] if r["id"] != id_]
        out["memberships"] = [r for r in out["memberships"] if r["person"] != id_]
    return out


def what_if(source, id_: str, *, as_of: str | None = None, seed: int | None = 0) -> dict:
    """What is lost if organization or person ``id_`` leaves.

    Returns
    -------
    dict
        ``removed`` (id, name, kind); ``components_before`` / ``_after``;
        ``cut_off`` (organizations of the largest group no longer reaching
        the largest piece of it left, of two or more);
        ``tables_losing_sector`` and ``tables_losing_government_decision_maker``;
        ``goals_without_committed_member``; ``capital_at_risk`` (per table and
        total: capital the organization committed); ``brokerage_lost`` (its
        Gould–Fernandez roles by sector).
    """
    before = network_of(source, as_of=as_of)
    kind = before.kinds.get(id_)
    if kind not in (Kind.ORGANIZATION, Kind.PERSON):
        raise NotFound(f"no organization or person has id {id_!r}")
    after = Network(_without(before.records, id_, kind), before.as_of)  # already filtered
    ctx_before = Context(before, seed=seed)
    ctx_after = Context(after, seed=seed)

    graph_before = kept_organization_graph(before)
    # Components need the links alone: an igraph graph without the weights (a Python
    # float per edge: 60 MB on the L benchmark network, and the same again after).
    structure = igraph_of(graph_before.n, graph_before.u, graph_before.v)
    parts_before = igraph_components(structure, graph_before.ids)
    parts_after = _components_after(graph_before, structure, after, id_, kind)
    main_before = next((c for c in parts_before if len(c) > 1), set())
    # The largest group's pieces once id_ has left (leaving splits components, never
    # joins them): the largest piece of two or more stays the group (of equal ones, the
    # first by id), and the others are cut off from it — every piece, where none has two
    # (was: the largest piece of all, a lone organization left by a hub counted as the
    # group, or another component the group never reached).
    group = next((c for c in parts_after if len(c) > 1 and c & main_before), set())
    cut_off = sorted((main_before - {id_}) - group)

    losing_sector = []
    losing_decider = []
    for p in sorted(ctx_before.partnerships):
        sectors_before = {ctx_before.sector(o) for o in ctx_before.members[p]}
        sectors_after = {ctx_after.sector(o) for o in ctx_after.members.get(p, ())}
        for lost in sorted(sectors_before - sectors_after):
            losing_sector.append({"partnership": p, "name": ctx_before.name(p), "sector": lost})
        if _government_deciders(ctx_before, p) and not _government_deciders(ctx_after, p):
            losing_decider.append({"partnership": p, "name": ctx_before.name(p)})

    committed_before = _committed_goals(ctx_before)
    committed_after = _committed_goals(ctx_after)
    goals = sorted(committed_before - committed_after)

    capital = []
    if kind == Kind.ORGANIZATION:
        for p in sorted(ctx_before.partnerships):
            stack = capital_stack(ctx_before, p)
            amount = stack["capital"] - capital_stack(ctx_after, p)["capital"]
            if amount:
                capital.append({"partnership": p, "name": ctx_before.name(p), "amount": amount,
                                "currency": stack["currency"]})

    roles = {}
    if kind == Kind.ORGANIZATION:
        g = graph_before
        roles = undirected_brokerage(g.n, g.u, g.v, g.attribute("sector"), [g.index[id_]])[0]
    return {
        "removed": {"id": id_, "name": before.names.get(id_), "kind": kind},
        "as_of": before.as_of,
        "components_before": len(parts_before),
        "components_after": len(parts_after),
        "cut_off": [{"id": o, "name": ctx_before.name(o)} for o in cut_off],
        "tables_losing_sector": losing_sector,
        "tables_losing_government_decision_maker": losing_decider,
        "goals_without_committed_member": [{"id": g, "name": ctx_before.name(g)} for g in goals],
        "capital_at_risk": {"by_partnership": capital, **_totals(capital)},
        "brokerage_lost": {"by_role": roles, "total": sum(roles.values()) if roles else 0,
                           "roles": list(ROLES)},
    }


def _components_after(graph_before, structure, after: Network, id_: str,
                      kind: str) -> list[set]:
    """The organization graph's components once ``id_`` has left (``after``: the rows
    without it; ``structure``: the graph before in igraph, unweighted).

    An organization takes only its own links with it: :func:`_without` changes no other
    row's ends (its people keep their other employers, a commitment to it loses only its
    recipient), so no tie, table, shared person, flow or survey rating between two others
    changes, and the graph after is the graph before less its node (on the L benchmark
    network a rebuild took 2.5 s). A person leaving can change the links between
    organizations (a shared employee, a seat at a table): the graph is built again (its
    components, as before, from an unweighted igraph graph)."""
    if kind == Kind.ORGANIZATION:
        gone = graph_before.index[id_]
        keep = [k for k in range(graph_before.n) if k != gone]
        return igraph_components(structure.induced_subgraph(keep),
                                 [graph_before.ids[k] for k in keep])
    graph = organization_graph(after)
    return igraph_components(igraph_of(graph.n, graph.u, graph.v), graph.ids)


def _government_deciders(ctx: Context, partnership: str) -> set[str]:
    return {x for o in ctx.members.get(partnership, ())
            if ctx.sector(o) == Sector.GOVERNMENT
            for x in ctx.representatives(partnership, o) if ctx.people[x]["decision_maker"]}


def _committed_goals(ctx: Context) -> set[str]:
    """Goals with at least one commitment from an organization at the goal's table."""
    committed = set()
    for c in ctx.network.records["commitments"]:
        goal = c["goal"]
        if goal in ctx.goals:
            table = ctx.goals[goal]["partnership"]
            if table is None or c["maker"] in ctx.members.get(table, ()):
                committed.add(goal)
    return committed


def _totals(capital: list[dict]) -> dict:
    """The capital at risk added up per currency (``totals``); ``total`` is the one sum
    when a single currency is at risk (none is made across currencies)."""
    totals: dict[str, float] = {}
    for x in capital:
        totals[x["currency"]] = totals.get(x["currency"], 0.0) + x["amount"]
    return {"total": sum(totals.values()) if len(totals) <= 1 else None,
            "totals": dict(sorted(totals.items()))}
