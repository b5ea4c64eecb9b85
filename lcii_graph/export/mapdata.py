"""What the HTML map shows, as plain data: nodes with positions, edges, findings.

The page itself (:mod:`.html`) only draws this. Everything a partner could
see is decided here, by the redaction profile:

* ``partner`` (the default): people appear only as counts, titles and
  decision-maker flags (with ``names=True`` also their names); no e-mail,
  phone or notes of anyone, and no organization notes.
* ``internal``: everything the store holds.

The layout is computed here (igraph's Fruchterman–Reingold, seeded), so the
browser draws with physics off. Above :data:`AGGREGATE_ABOVE` organizations
the map shows communities as single nodes instead, and says so.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np

from ..analysis._igraph import seeded
from ..analysis.cache import kept_organization_graph
from ..analysis.centrality import betweenness
from ..analysis.communities import dominant, louvain, louvain_job
from ..analysis.context import Context
from ..analysis.findings import shareable
from ..analysis.gaps import communities_wanted, gaps
from ..analysis.parallel import start_ahead
from ..ingest.cells import split_list
from ..model.schema import custom_fields
from ..model.vocabulary import PROFILES, Level, Sector
from ..network.arrays import unique_sorted
from ..network.model import Network

SIZE_BY = ("degree", "betweenness", "commitments", "value", "trust")
#: Sizes that show each organization's survey score (what others rated it): one
#: partner's judgement of another, for the internal map only.
PRIVATE_SIZE_BY = ("value", "trust")
#: Above this many organizations the map draws communities, not organizations.
AGGREGATE_ABOVE = 2_500
#: The community map stays a summary: at most this many communities (the smallest are
#: drawn as one) and this many links between them (the strongest).
MAX_COMMUNITIES = 300
MAX_COMMUNITY_EDGES = 3_000
#: A custom field is a map filter when it holds at most this many distinct values (a
#: "Ward" or "MOU signed"; free text is in the details panel only).
MAX_FILTER_VALUES = 50
#: The findings panel lists the most severe findings first, up to this many (the report
#: and ``lcii-graph gaps`` have them all), each with at most this many subjects.
MAX_FINDINGS = 300
MAX_SUBJECTS = 200

SECTOR_COLORS = {
    Sector.GOVERNMENT: "#1f77b4",
    Sector.BUSINESS: "#ff7f0e",
    Sector.PHILANTHROPY: "#9467bd",
    Sector.NONPROFIT: "#2ca02c",
    Sector.COMMUNITY: "#d62728",
}
PARTNERSHIP_COLOR = "#555555"


def map_data(network: Network, *, profile: str = "partner", names: bool = False,
             size_by: str = "degree", partnership: str | None = None, seed: int | None = 0,
             title: str | None = None, today: str | None = None,
             aggregate_above: int = AGGREGATE_ABOVE, findings: list | None = None) -> dict:
    """The map of ``network`` as data for the page (see the module docstring);
    ``findings``, when the caller has run the gap rules already (the report has)."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}")
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {SIZE_BY}")
    if size_by in PRIVATE_SIZE_BY and profile != "internal":
        raise ValueError(f"size_by {size_by!r} shows each organization's survey score: "
                         "the internal profile only")
    # The communities first, found while the rules run; then the lookups (1 s on the
    # L benchmark network), already beside them.
    graph = communities_ahead(network, partnership=partnership, seed=seed, today=today,
                              aggregate_above=aggregate_above, with_rules=findings is None)
    ctx = Context.of(network, partnership=partnership, today=today, seed=seed)
    if findings is None:
        findings = gaps(network, partnership=partnership, seed=seed, today=today)
    findings = shareable(findings, profile)
    places = _places(network)
    data = {
        "title": title or _title(ctx, partnership),
        "profile": profile,
        "names": names or profile == "internal",
        "as_of": network.as_of,
        "size_by": size_by,
        "sectors": [{"id": s.value, "label": s.value.title(), "color": SECTOR_COLORS[s]}
                    for s in Sector],
        "partnerships": [{"id": p, "name": ctx.name(p)} for p in sorted(ctx.partnerships)],
        "levels": sorted({lvl for lvl in _home_levels(network).values() if lvl}),
        "places": [{"id": j, "name": r["name"] or j, "level": r["level"]}
                   for j, r in places.items()],
        "findings": [{"rule": f["rule"], "severity": f["severity"], "message": f["message"],
                      "partnership": f["partnership"],
                      "subjects": [s["id"] for s in f["subjects"]][:MAX_SUBJECTS]}
                     for f in redact_findings(findings[:MAX_FINDINGS], network,
                                              profile=profile, names=names)],
        "findings_total": len(findings),
        "organizations": graph.n,
        "trust_ties": False,
    }
    if graph.n > aggregate_above:
        data.update(_aggregated(ctx, graph, seed))
    else:
        data.update(_detailed(ctx, graph, findings, profile, data["names"], size_by, seed,
                              list(places)))
    return data


def redact_findings(findings, network: Network, *, profile: str, names: bool) -> list[dict]:
    """Findings as dicts fit for the profile: under ``partner`` (without ``names``)
    people among the subjects are counted, not named or identified."""
    people = {r["id"] for r in network.records["people"]}
    shown = []
    for f in findings:
        data = f.to_dict()
        if profile == "partner" and not names:
            kept = [s for s in data["subjects"] if s["id"] not in people]
            hidden = len(data["subjects"]) - len(kept)
            if hidden:
                data["subjects"] = kept
                data["people"] = hidden
        shown.append(data)
    return shown


def _title(ctx: Context, partnership: str | None) -> str:
    if partnership:
        return f"{ctx.name(partnership)}: partnership map"
    return "Partnership network map"


def _places(network: Network) -> dict[str, dict]:
    """The jurisdictions an organization is based in or lies within, broadest first
    (the place filter's choices)."""
    rank = {level.value: i for i, level in enumerate(Level)}
    rows = {r["id"]: r for r in network.records["jurisdictions"]}
    used = {j for start in {r["jurisdiction"] for r in network.records["organizations"]}
            for j in _chain(rows, start)}
    return {j: rows[j] for j in sorted(used, key=lambda j: (rank.get(rows[j]["level"], 99),
                                                              rows[j]["name"] or j, j))}


#: How far up its parents a place is followed for the Place filter: real hierarchies
#: (nation, state, county, city, district) are a handful deep; a pathological chain of
#: thousands would otherwise make every node list thousands of places.
MAX_PLACE_DEPTH = 64


def _chain(jurisdictions: dict[str, dict], start: str | None) -> list[str]:
    """``start`` and the jurisdictions it lies within, up to :data:`MAX_PLACE_DEPTH`
    (stopping at a cycle)."""
    chain: list[str] = []
    seen: set[str] = set()
    while start in jurisdictions and start not in seen and len(chain) < MAX_PLACE_DEPTH:
        chain.append(start)
        seen.add(start)
        start = jurisdictions[start]["parent"]
    return chain


def _home_levels(network: Network) -> dict[str, str | None]:
    levels = {r["id"]: r["level"] for r in network.records["jurisdictions"]}
    return {r["id"]: levels.get(r["jurisdiction"]) for r in network.records["organizations"]}


def _layout(n: int, edges: list[tuple[int, int]], seed: int | None) -> list[tuple[float, float]]:
    """Positions about 110 * sqrt(n) units across: each connected group laid out by
    Fruchterman-Reingold (igraph, seeded), the groups then packed side by side, largest
    first, and lone nodes in rows beneath (a force layout alone throws small groups and
    isolates to the far edges, leaving the rest of the picture tiny)."""
    import igraph

    if n == 0:
        return []
    graph = igraph.Graph(n=n, edges=edges)
    unit = 110.0
    coords = np.zeros((n, 2))
    groups = sorted(graph.connected_components(), key=lambda c: (-len(c), c[0]))
    x_cursor, row_top, row_height = 0.0, 0.0, 0.0
    width = unit * math.sqrt(n) * 1.2
    lone = [c[0] for c in groups if len(c) == 1]
    with seeded(seed):
        for members in (c for c in groups if len(c) > 1):
            sub = graph.induced_subgraph(members)
            layout = np.array(sub.layout_fruchterman_reingold(niter=500, grid="auto").coords,
                              dtype=float).reshape(-1, 2)
            layout -= layout.mean(axis=0)
            # Scale by a high percentile, not the maximum: a few outlying nodes would
            # otherwise shrink the whole group to a dot.
            spread = float(np.percentile(np.hypot(layout[:, 0], layout[:, 1]), 90)) or 1.0
            radius = unit * math.sqrt(len(members)) / 2
            layout *= radius / spread
            if x_cursor > 0 and x_cursor + 2 * radius > width:
                x_cursor, row_top, row_height = 0.0, row_top + row_height + unit, 0.0
            coords[members] = layout + (x_cursor + radius, row_top + radius)
            x_cursor += 2 * radius + unit
            row_height = max(row_height, 2 * radius)
    top = row_top + row_height + unit
    step = unit * 2.5  # room for a name of 35 characters between lone nodes
    per_row = max(1, int(width // step))
    for k, node in enumerate(lone):
        coords[node] = ((k % per_row) * step, top + (k // per_row) * unit)
    coords -= coords.mean(axis=0)
    coords *= _label_room(coords)
    return [(round(float(x), 1), round(float(y), 1)) for x, y in coords]


def _label_room(coords: np.ndarray, room: float = 200.0, limit: int = 40) -> float:
    """How much to spread a small layout so most nodes sit ``room`` units (a name's
    width at the page's font) from their nearest neighbour; at most threefold. The
    names are drawn in the layout's units, so spreading the nodes gives them room. A
    network of more than ``limit`` nodes is left as it is: spread to that degree, its
    whole picture would show no names at all until one zooms in."""
    n = len(coords)
    if n < 2 or n > limit:
        return 1.0
    gaps = np.hypot(*(coords[:, None, :] - coords[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    nearest = float(np.percentile(gaps.min(axis=1), 10))
    return min(3.0, room / nearest) if 0 < nearest < room else 1.0


def _sizes(values: dict, ids: list[str]) -> dict[str, float]:
    top = max((values.get(i, 0) for i in ids), default=0) or 1
    return {i: round(6 + 20 * math.sqrt(values.get(i, 0) / top), 1) for i in ids}


def _detailed(ctx, graph, findings, profile, names, size_by, seed, places) -> dict:
    network = ctx.network
    ids = graph.ids
    organizations = ctx.organizations
    home = _home_levels(network)
    tables = sorted(ctx.partnerships)
    tables_of: dict[str, list[dict]] = defaultdict(list)
    for p in tables:
        for org in sorted(ctx.members[p]):
            roles = sorted(ctx.roles[p].get(org, set())) or ["member"]
            tables_of[org].append({"id": p, "name": ctx.name(p), "roles": roles})

    survey = _latest_survey(network) if profile == "internal" else None
    if size_by == "degree":
        values = dict(zip(ids, graph.degree().tolist(), strict=True))
    elif size_by == "betweenness":
        values = betweenness(graph, seed=seed)
    elif size_by in PRIVATE_SIZE_BY:
        values = {o["organization"]: o[size_by]["score"] or 0
                  for o in (survey["organizations"] if survey else [])}
    else:
        values = Counter(c["maker"] for c in network.records["commitments"])
    sizes = _sizes(values, ids)

    cut = {f.subjects[0]["id"] for f in findings if f.rule == "single-point-of-failure"}
    silo = {s["id"] for f in findings if f.rule == "siloed-cluster" for s in f.subjects}
    flagged: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        for s in f.subjects:
            flagged[s["id"]].add(f.rule)

    # Edges drawn: explicit ties, commitment flows and shared people between
    # organizations, and membership lines from organizations to their tables
    # (the tables' cliques would hide everything else).
    edges = []
    index = graph.index
    u, v = graph.u.tolist(), graph.v.tolist()
    for k, (a, b) in enumerate(zip(u, v, strict=True)):
        kinds = [name for name in ("ties", "survey", "commitments", "people")
                 if graph.counts[name][k]]
        if kinds:
            edge = {"from": ids[a], "to": ids[b], "kind": kinds[0]}
            pair = frozenset((ids[a], ids[b]))
            if survey is not None and pair in survey["pair_trust"]:
                edge["trust"] = survey["pair_trust"][pair]
            edges.append(edge)
    for p in tables:
        for org in sorted(ctx.members[p]):
            if org in index:
                edges.append({"from": org, "to": p, "kind": "member"})

    all_ids = ids + tables
    position = {node: i for i, node in enumerate(all_ids)}
    coords = _layout(len(all_ids), [(position[e["from"]], position[e["to"]]) for e in edges],
                     seed)
    commitments = defaultdict(list)
    for c in network.records["commitments"]:
        commitments[c["maker"]].append(
            {"type": c["type"], "amount": c["amount"], "status": c["status"],
             "partnership": ctx.name(c["partnership"]) if c["partnership"] else None,
             "to": ctx.name(c["recipient"]) if c["recipient"] else None})
    jurisdiction_names = {r["id"]: r["name"] for r in network.records["jurisdictions"]}
    # Each node's places as positions in data["places"], to keep the page small.
    place_index = {j: k for k, j in enumerate(places)}

    def within(start_points) -> list[int]:
        found = {place_index[j] for start in start_points
                 for j in _chain(ctx.jurisdictions, start) if j in place_index}
        return sorted(found)

    judged = _judgements(ctx) if profile == "internal" else {}
    nodes = []
    for i, org in enumerate(ids):
        record = organizations[org]
        details = {
            "Sector": record["sector"],
            "Type": record["type"],
            "Jurisdiction": jurisdiction_names.get(record["jurisdiction"]),
            "Level": home.get(org),
            "Anchor institution": "yes" if record["anchor"] else None,
            "Financial intermediary": "yes" if record["intermediary"] else None,
        }
        custom = custom_fields(record) if profile == "internal" else {}
        if profile == "internal":
            details["Notes"] = record["notes"]
            details["Web"] = record["url"]
            details.update(_scores(survey, org))
            details.update({f"{name} (custom)": value for name, value in custom.items()})
        nodes.append({
            "id": org, "label": record["name"], "kind": "Organization",
            "sector": record["sector"], "level": home.get(org),
            "places": within([record["jurisdiction"]]),
            "x": coords[i][0], "y": coords[i][1], "size": sizes[org],
            "value": values.get(org, 0),
            "partnerships": tables_of.get(org, []),
            "commitments": commitments.get(org, []),
            "people": _people(ctx, org, profile, names),
            "details": {k: v for k, v in details.items() if v},
            "flags": sorted(flagged.get(org, set())),
            "cut_point": org in cut, "silo": org in silo, "custom": custom,
            "judgements": judged.get(org, []),
        })
    for j, p in enumerate(tables, start=len(ids)):
        custom = custom_fields(ctx.partnerships[p]) if profile == "internal" else {}
        nodes.append({
            "id": p, "label": ctx.name(p), "kind": "Partnership", "sector": None,
            "level": None, "x": coords[j][0], "y": coords[j][1], "size": 22,
            "places": within(split_list(ctx.partnerships[p]["serves"])),
            "members": sorted(ctx.members[p]),
            "details": {"Focus": ctx.partnerships[p]["focus"],
                        "Members": str(len(ctx.members[p])),
                        **{f"{name} (custom)": value for name, value in custom.items()}},
            "flags": sorted(flagged.get(p, set())), "cut_point": False, "silo": False,
            "custom": custom,
        })
    return {"aggregated": False, "note": None, "nodes": nodes, "edges": edges,
            "custom_fields": _custom_filters(nodes), "judged": bool(judged),
            "trust_ties": any("trust" in e for e in edges)}


def _latest_survey(network: Network) -> dict | None:
    """The latest survey round's numbers (:func:`..analysis.survey.survey_round`), with
    ``pair_trust``: the mean trust of the ratings between each pair, either way."""
    from ..analysis.survey import TRUST_ITEMS, latest, pooled

    result = latest(network)
    if result is None:
        return None
    between: dict[frozenset, list[dict]] = defaultdict(list)
    for r in network.records["ratings"]:
        if r["round"] == result["round"]:
            between[frozenset((r["respondent"], r["partner"]))].append(r)
    return {**result,  # the round's numbers are shared: a new dict, not the same one
            "pair_trust": {pair: round(score, 2) for pair, rows in between.items()
                           if (score := pooled(rows, TRUST_ITEMS)) is not None},
            "scores_of": {o["organization"]: o for o in result["organizations"]}}


def _scores(survey: dict | None, org: str) -> dict[str, str]:
    """An organization's survey scores for its details (internal maps)."""
    o = (survey or {}).get("scores_of", {}).get(org)
    if o is None:
        return {}
    shown = {}
    for item in ("value", "trust"):
        score = o[item]
        if score["score"] is not None:
            shown[f"{item.title()} (survey {survey['round']})"] = \
                f"{score['score']:.2f} from {score['raters']} raters"
    return shown


def _judgements(ctx: Context) -> dict[str, list[dict]]:
    """Each organization's latest judgement about each table (the map's own first), from
    the stakeholder register: what the internal map's details panel, its stance colours
    and its power-interest arrangement show. A person's judgements stay in the register:
    the map draws organizations."""
    from ..analysis.stakeholders import register

    found: dict[str, list[dict]] = defaultdict(list)
    for row in register(ctx.network, partnership=ctx.focus, today=ctx.today):
        if row["kind"] == "organization":
            found[row["subject"]].append({
                "table": ctx.name(row["partnership"]) if row["partnership"] else None,
                "about_map": row["partnership"] == ctx.focus,
                **{k: row[k] for k in ("assessed", "power", "interest", "quadrant",
                                       "salience", "stance", "stance_score", "engagement",
                                       "engagement_target", "last_contact")}})
    for rows in found.values():
        rows.sort(key=lambda r: (not r["about_map"], r["table"] or ""))
    return found


def _custom_filters(nodes: list[dict]) -> list[dict]:
    """The custom fields the map can filter on: each with its values, sorted, where it
    holds at most :data:`MAX_FILTER_VALUES` of them (empty unless the profile is
    internal: the nodes carry custom fields only then)."""
    values: dict[str, set[str]] = {}
    for node in nodes:
        for name, value in node["custom"].items():
            values.setdefault(name, set()).add(value)
    return [{"name": name, "values": sorted(found)} for name, found in values.items()
            if len(found) <= MAX_FILTER_VALUES]


def _people(ctx, org: str, profile: str, names: bool) -> list[dict]:
    """The people of an organization as the profile allows them to be shown."""
    people = []
    for person in sorted(ctx.staff.get(org, [])):
        record = ctx.people[person]
        shown = {"title": record["title"], "decision_maker": bool(record["decision_maker"])}
        if names:
            shown["name"] = record["name"]
        if profile == "internal":
            shown.update(email=record["email"], phone=record["phone"], notes=record["notes"])
        people.append(shown)
    return people


def communities_ahead(network: Network, *, partnership: str | None = None,
                      seed: int | None = 0, today: str | None = None,
                      aggregate_above: int = AGGREGATE_ABOVE, with_rules: bool = True):
    """The organization graph the map draws; where it is drawn as communities, those
    start in a second process while the caller does other work, and (``with_rules``)
    before them the communities the gap rules will want
    (:func:`~lcii_graph.analysis.gaps.communities_wanted`), in the same process: one
    process for both, the rules' first. A second call starts nothing more.

    On a large network that process is a new interpreter (started ``apart``, see
    :mod:`~lcii_graph.analysis.parallel`), which holds nothing of this one: a forked
    child that outlived the rules held every page they wrote to twice (a cold ``map`` on
    the L benchmark network: 2.13 GB for its processes together that way, 1.98-2.01 GB
    with a forked child for each, 1.85 GB with one new interpreter for both)."""
    graph = kept_organization_graph(network, partnership=partnership)
    jobs = []
    if with_rules and communities_wanted(network, partnership=partnership, seed=seed,
                                         today=today):
        jobs.append(louvain_job(graph, seed=seed))
    if graph.n > aggregate_above:
        jobs.append(louvain_job(graph, seed=seed, resolution=aggregate_resolution(graph.n)))
    start_ahead(graph._cache, jobs, apart=True)  # beside the rules
    return graph


def aggregate_resolution(n: int) -> float:
    """The Louvain resolution of a map of ``n`` organizations drawn as communities."""
    return min(8.0, max(1.0, n / 1_250))


def _aggregated(ctx, graph, seed) -> dict:
    """Communities as nodes, for networks too large to draw one by one.

    Louvain at its default resolution finds a dozen or so communities in a network of
    10,000 organizations, too coarse to read; the resolution grows with the network
    (n / 1,250, from 1 to 8), giving about 170 communities at 10,000.
    """
    resolution = aggregate_resolution(graph.n)
    parts = louvain(graph, seed=seed, resolution=resolution)
    if len(parts) > MAX_COMMUNITIES and resolution > 1.0:
        # A shape the raised resolution shatters (one table of thousands makes a clique:
        # every organization its own community): the default resolution instead.
        parts = louvain(graph, seed=seed, resolution=1.0)
    small = []
    if len(parts) > MAX_COMMUNITIES:  # still too many: the smallest go together
        parts, small = parts[:MAX_COMMUNITIES - 1], parts[MAX_COMMUNITIES - 1:]
        parts.append(set().union(*small))
    label = graph.membership(parts)
    a, b = np.asarray(label)[graph.u], np.asarray(label)[graph.v]
    between = a != b
    low, high = np.minimum(a, b)[between], np.maximum(a, b)[between]
    keys, weights = unique_sorted(low.astype(np.int64) * len(parts) + high, return_counts=True)
    # The strongest links between communities (a summary: never millions of lines).
    strongest = np.argsort(-weights, kind="stable")[:MAX_COMMUNITY_EDGES]
    pairs = sorted((int(keys[i] // len(parts)), int(keys[i] % len(parts)), int(weights[i]))
                   for i in strongest)
    edges = [{"from": f"community-{x}", "to": f"community-{y}", "kind": "ties",
              "weight": w} for x, y, w in pairs]
    coords = _layout(len(parts), [(x, y) for x, y, _ in pairs], seed)
    community_of = {org: k for k, members in enumerate(parts) for org in members}
    tables_of: dict[int, set[str]] = defaultdict(set)  # the Table filter's communities
    for p in ctx.partnerships:
        for org in ctx.members[p]:
            if org in community_of:
                tables_of[community_of[org]].add(p)
    nodes = []
    biggest = max(len(m) for m in parts)
    for k, members in enumerate(parts):
        sectors = Counter(ctx.sector(o) for o in members)
        top, count = dominant(ctx.sector(o) for o in members)
        nodes.append({
            "id": f"community-{k}", "kind": "Community", "sector": top,
            "label": (f"{len(small):,} small communities: {len(members):,} organizations"
                      if small and k == len(parts) - 1 else
                      f"Community {k + 1}: {len(members):,} organizations"),
            "x": coords[k][0], "y": coords[k][1],
            "size": round(10 + 40 * math.sqrt(len(members) / biggest), 1),
            "value": len(members), "level": None, "partnerships": [], "commitments": [],
            "people": [], "flags": [], "cut_point": False, "silo": False,
            "tables": sorted(tables_of[k]),
            "details": {"Organizations": f"{len(members):,}",
                        "Mostly": f"{top} ({count / len(members):.0%})",
                        "Tables with members here": f"{len(tables_of[k]):,}",
                        **{f"{s}": f"{n:,}" for s, n in sorted(sectors.items())}},
        })
    note = (f"This network has {graph.n:,} organizations, more than a browser can draw one by "
            f"one; the map shows its {len(parts):,} "
            f"{'community' if len(parts) == 1 else 'communities'} instead, each sized by its "
            "number of organizations and colored by its most common sector. Map one table "
            "with --partnership to see its organizations.")
    return {"aggregated": True, "note": note, "nodes": nodes, "edges": edges,
            "custom_fields": [], "judged": False}
