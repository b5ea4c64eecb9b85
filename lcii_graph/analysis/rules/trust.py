"""Lesson: trust and value — what the latest relational survey round says.

The rules read :func:`..survey.latest`, the latest round the store holds. An
organization's trust and value are what its partners said of it: partner outputs leave the
whole lesson out (:data:`..findings.PRIVATE_LESSONS`).
"""

from __future__ import annotations

import networkx as nx

from ..centrality import betweenness
from ..survey import TRUST_ITEMS, latest, pooled
from . import FORKS, rule

LESSON = "trust"


def _latest(ctx):
    return latest(ctx.network)


def _trust(rating: dict) -> float | None:
    """One rating's trust: the mean of its trust items answered."""
    return pooled([rating], TRUST_ITEMS)


def _ratings(ctx, round_: str) -> list[dict]:
    return [r for r in ctx.network.records["ratings"] if r["round"] == round_]


@rule("survey-response-low", LESSON, "warning", scope="network", threshold=0.65,
      min_invited=2, identity=("sector",))
def survey_response_low(ctx, settings):
    """A survey round answered by fewer than `threshold` of those invited, overall or in a
    sector of `min_invited` or more."""
    r = _latest(ctx)
    if r is None or r["response_rate"] is None:
        return
    groups = [(None, {"invited": r["invited"], "responded": r["responded"],
                      "rate": r["response_rate"]})]
    groups += [(s, c) for s, c in r["response_by_sector"].items()
               if c["invited"] >= settings["min_invited"]]
    silent = [o for o in r["organizations"] if not o["responded"]]
    for sector, c in groups:
        if c["rate"] < settings["threshold"]:
            who = f"{sector} organizations" if sector else "the organizations invited"
            unanswered = {o["organization"] for o in silent
                          if sector is None or o["sector"] == sector}
            yield dict(subjects=ctx.subjects(unanswered), partnership=None,
                       message=f"Survey round {r['round']}: {c['responded']:,} of "
                               f"{c['invited']:,} {who} answered ({c['rate']:.0%}).",
                       evidence={"round": r["round"], "sector": sector, **c},
                       suggestion="Who could ask the others in person, and would a shorter "
                                  "form or a call help them answer?")


@rule("low-trust-tie", LESSON, "warning", max_trust=2.5)
def low_trust_tie(ctx, settings):
    """Ratings between two members of the same table whose trust items average below
    `max_trust`."""
    r = _latest(ctx)
    if r is None:
        return
    # The low ratings by respondent first, then each table's members' own: every table
    # against every rating was 2,000 × 12,000 checks on the benchmark's state-wide network.
    low_by: dict[str, list[dict]] = {}
    for x in _ratings(ctx, r["round"]):
        if (_trust(x) or 5) < settings["max_trust"]:
            low_by.setdefault(x["respondent"], []).append(x)
    for p in sorted(ctx.partnerships):
        members = ctx.members[p]
        low = [x for org in members for x in low_by.get(org, ()) if x["partner"] in members]
        if low:
            pairs = sorted((x["respondent"], x["partner"]) for x in low)
            yield dict(partnership=p, subjects=ctx.subjects({o for pair in pairs
                                                             for o in pair}),
                       message=f"{len(low):,} rating{'s' if len(low) > 1 else ''} between "
                               f"members of {ctx.name(p)} in round {r['round']} put trust "
                               f"below {settings['max_trust']:g} of 4.",
                       evidence={"round": r["round"], "ratings": len(low),
                                 "pairs": [list(pair) for pair in pairs]},
                       suggestion="What happened between these partners, and is there a "
                                  "neutral person who could help them talk it through?")


@rule("fragile-broker", LESSON, "warning", scope="network", stage=FORKS, top_share=0.1,
      max_trust=2.5)
def fragile_broker(ctx, settings):
    """An organization in the top `top_share` of the survey network by betweenness whose
    partners trust it below `max_trust`."""
    r = _latest(ctx)
    if r is None or not r["tie_list"]:
        return
    graph = nx.Graph((t["from"], t["to"]) for t in r["tie_list"])
    between = betweenness(graph, seed=ctx.seed)
    ranked = sorted(between, key=lambda x: (-between[x], x))
    top = ranked[:max(1, round(len(ranked) * settings["top_share"]))]
    scores = {o["organization"]: o["trust"]["score"] for o in r["organizations"]}
    for org in top:
        trust = scores.get(org)
        if trust is not None and trust < settings["max_trust"]:
            yield dict(partnership=None, subjects=[ctx.subject(org)],
                       message=f"{ctx.name(org) or org} is among the survey network's main "
                               f"brokers and its partners trust it {trust:.2f} of 4 "
                               f"(round {r['round']}).",
                       evidence={"round": r["round"], "trust": round(trust, 3),
                                 "betweenness": round(between[org], 4)},
                       suggestion="Much of the network goes through this partner: what "
                                  "would rebuild its partners' trust, or give them a second "
                                  "path?")


@rule("one-sided-ties", LESSON, "info", scope="network", max_share=0.5)
def one_sided_ties(ctx, settings):
    """More than `max_share` of the ties that could be confirmed were named by one side
    only."""
    r = _latest(ctx)
    if r is None:
        return
    confirmable = r["ties"]["confirmed"] + r["ties"]["unconfirmed"]
    if confirmable and r["ties"]["unconfirmed"] / confirmable > settings["max_share"]:
        share = r["ties"]["unconfirmed"] / confirmable
        yield dict(partnership=None, subjects=[],
                   message=f"In round {r['round']}, {r['ties']['unconfirmed']} of "
                           f"{confirmable} ties between organizations that both answered "
                           f"were named by one side only ({share:.0%}).",
                   evidence={"round": r["round"], "unconfirmed": r["ties"]["unconfirmed"],
                             "confirmable": confirmable, "share": round(share, 4)},
                   suggestion="Do partners see their work together differently, or did the "
                              "form ask about a kind of work one side does not count?")


@rule("rating-asymmetry", LESSON, "info", scope="network", min_difference=2.0)
def rating_asymmetry(ctx, settings):
    """Two organizations whose trust in each other differs by `min_difference` or more."""
    r = _latest(ctx)
    if r is None:
        return
    given = {(x["respondent"], x["partner"]): _trust(x) for x in _ratings(ctx, r["round"])}
    for (a, b), trust in sorted(given.items()):
        back = given.get((b, a))
        if a < b and trust is not None and back is not None and \
                abs(trust - back) >= settings["min_difference"]:
            yield dict(partnership=None, subjects=ctx.subjects({a, b}),
                       message=f"{ctx.name(a) or a} trusts {ctx.name(b) or b} {trust:.2f} of "
                               f"4; {ctx.name(b) or b} trusts it {back:.2f} (round "
                               f"{r['round']}).",
                       evidence={"round": r["round"], a: round(trust, 3), b: round(back, 3)},
                       suggestion="What does one of them see that the other does not?")


@rule("sectors-not-tied", LESSON, "info", scope="network", identity=("sectors",))
def sectors_not_tied(ctx, settings):
    """Two sectors in the survey with no tie between them, either way."""
    r = _latest(ctx)
    if r is None:
        return
    ties = {(c["from"], c["to"]): c["ties"] for c in r["matrix"]}
    sectors = sorted({c["from"] for c in r["matrix"] if c["from"]})
    for i, s in enumerate(sectors):
        for t in sectors[i + 1:]:
            if not ties.get((s, t)) and not ties.get((t, s)):
                yield dict(partnership=None, subjects=[],
                           message=f"No {s} organization named a {t} one, or the other way "
                                   f"round, in survey round {r['round']}.",
                           evidence={"round": r["round"], "sectors": [s, t]},
                           suggestion=f"Is there work the {s} and {t} members could do "
                                      "together, and who could introduce them?")
