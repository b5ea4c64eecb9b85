"""Lesson: network structure — silos, fragments, isolates, single points of failure, hubs.

These rules read the organization collaboration graph (explicit ties,
shared tables, shared people, commitment flows), of the whole network or of
the table given with ``--partnership``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ...model.vocabulary import Sector
from ..centrality import degree_centralization
from ..cohesion import components, isolates
from ..communities import dominant
from ..cuts import cut_point_pieces
from . import rule

LESSON = "structure"


def _scope(ctx) -> dict:
    return {"scope": "partnership", "partnership": ctx.focus} if ctx.focus else \
        {"scope": "network", "partnership": None}


@rule("siloed-cluster", LESSON, "warning", scope="network", dominant_share=0.8, min_size=3,
      ei_threshold=-0.9, max_share=0.5)
def siloed_cluster(ctx, settings):
    """A community dominated by one sector, or with almost no ties outside itself.

    Only communities of ``min_size`` or more holding at most ``max_share`` of the
    organizations count: the bulk of a network is not a cluster within it.
    """
    g = ctx.org_graph
    label = g.membership(ctx.communities)
    same = label[g.u] == label[g.v]
    internal = np.bincount(label[g.u][same], minlength=len(ctx.communities))
    external = np.bincount(np.concatenate([label[g.u][~same], label[g.v][~same]]),
                           minlength=len(ctx.communities))
    for k, members in enumerate(ctx.communities):
        if not settings["min_size"] <= len(members) <= settings["max_share"] * g.n:
            continue
        sectors = Counter(ctx.sector(o) for o in members)
        sector, count = dominant(ctx.sector(o) for o in members)
        share = count / len(members)
        inside, outside = int(internal[k]), int(external[k])
        ties = inside + outside
        ei = (outside - inside) / ties if ties else None
        dominated = share >= settings["dominant_share"]
        inward = ei is not None and ei <= settings["ei_threshold"]
        if not (dominated or inward):
            continue
        reasons = []
        if dominated:
            reasons.append(f"{share:.0%} of its {len(members):,} organizations are {sector}")
        if inward:
            reasons.append(f"its E-I index is {ei:.2f} ({outside:,} ties outside, "
                           f"{inside:,} inside)")
        yield dict(
            **_scope(ctx), subjects=ctx.subjects(members),
            message="A cluster works mostly with itself: " + "; ".join(reasons) + ".",
            evidence={"size": len(members), "dominant_sector": sector,
                      "dominant_share": round(share, 4), "internal_ties": inside,
                      "external_ties": outside,
                      "ei_index": None if ei is None else round(ei, 4),
                      "sectors": dict(sorted(sectors.items()))},
            suggestion="Who outside this cluster shares its goals, and what would a first "
                       "joint piece of work with them look like?",
        )


@rule("fragmented", LESSON, "warning", scope="network")
def fragmented(ctx, settings):
    """More than one group of tied organizations: pieces that do not reach each other."""
    every = components(ctx.org_graph)
    parts = [c for c in every if len(c) > 1]
    if len(parts) > 1:
        alone = len(every) - len(parts)
        # "Groups" leave out the organizations tied to no one (the isolates rule's); the
        # metrics' "components" count them too: both numbers are said, each by its name.
        counted = f" ({len(every):,} components with the {alone:,} tied to no one)" if alone \
            else ""
        largest = [c for c in parts if len(c) == len(parts[0])]
        if len(largest) == 1:
            smaller = set().union(*parts[1:])
            cut_off = f"{len(smaller):,} organizations are cut off from the largest."
        else:
            # The largest groups of one size: none is the main one, and which was called
            # so would follow the organizations' ids. Every group is named.
            smaller = set().union(*parts)
            cut_off = (f"the {len(largest):,} largest are of equal size ({len(parts[0]):,} "
                       f"organizations each), so none is the main one: all "
                       f"{len(smaller):,} organizations are named.")
        yield dict(
            **_scope(ctx), subjects=ctx.subjects(smaller),
            message=f"The network falls into {len(parts):,} separate groups of tied "
                    f"organizations{counted}; {cut_off}",
            evidence={"groups": len(parts), "components": len(every), "isolates": alone,
                      "sizes": [len(c) for c in parts]},
            suggestion="Is there a partner already trusted on both sides who could introduce "
                       "these groups to each other?",
        )


@rule("isolates", LESSON, "info", scope="network")
def isolated(ctx, settings):
    """Organizations tied to nothing at all."""
    alone = isolates(ctx.org_graph)
    if alone:
        yield dict(**_scope(ctx), subjects=ctx.subjects(alone),
                   message=f"{len(alone):,} organization{'s are' if len(alone) > 1 else ' is'} "
                           "tied to no one.",
                   evidence={"isolates": len(alone), "organizations": ctx.org_graph.n},
                   suggestion="Are these partners still involved, or are their ties simply "
                              "not recorded yet?")


@rule("single-point-of-failure", LESSON, "warning", scope="network", min_cut_off=2)
def single_point_of_failure(ctx, settings):
    """An organization whose removal cuts others off (critical if it cuts off government)."""
    g = ctx.org_graph
    for node, found in sorted(cut_point_pieces(g, min_cut_off=settings["min_cut_off"]).items()):
        cut_off, pieces = found["cut_off"], found["sizes"]
        government = sorted(o for o in cut_off if ctx.sector(o) == Sector.GOVERNMENT)
        yield dict(
            **_scope(ctx), subjects=[ctx.subject(node)],
            severity="critical" if government else settings["severity"],
            message=f"{ctx.name(node)} alone links {len(cut_off):,} organization"
                    f"{'s' if len(cut_off) > 1 else ''} to the rest of the network"
                    + (f", {len(government):,} of them government" if government else "") + ".",
            evidence={"cut_off": sorted(cut_off), "pieces": pieces,
                      "government_cut_off": government},
            suggestion=f"If {ctx.name(node)} stepped back, who would keep these partners "
                       "connected? Could a second link be built now?",
        )


@rule("centralized", LESSON, "warning", scope="network", threshold=0.5)
def centralized(ctx, settings):
    """A hub on which most ties depend: Freeman degree centralization above ``threshold``."""
    g = ctx.org_graph
    score = degree_centralization(g)
    if score is None or score <= settings["threshold"]:
        return
    degree = g.degree()
    hub = g.ids[int(degree.argmax())]
    yield dict(**_scope(ctx), subjects=[ctx.subject(hub)],
               message=f"The network is centralized on {ctx.name(hub)} (degree centralization "
                       f"{score:.2f}).",
               evidence={"degree_centralization": round(score, 4), "hub": hub,
                         "hub_degree": int(degree.max()), "organizations": g.n},
               suggestion=f"Is {ctx.name(hub)} carrying more coordination than it can "
                          "sustain, and could others share it?")
