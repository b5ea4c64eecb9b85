"""The relational survey's numbers: ties, response rates, trust and value scores.

Follows PARTNER's published definitions (``DESIGN.md``, "Relational survey") for one
survey round:

* **Ties** are directed, respondent → partner, one per pair however often named. A tie is
  *confirmed* when the partner also named the respondent, *unconfirmed* when the partner
  answered the round and did not, *unverifiable* when the partner did not answer.
* **Response rate**: those who answered over those invited (the roster; a blank
  ``invited`` counts as invited), overall and per sector. Without a roster, the
  respondents and everyone they named stand for it. Below 65% it is read with caution.
* An organization's **value score** is the mean of the three value items (power and
  influence, involvement, resource contribution) over every rating others gave it — each
  item a respondent answered counts once — with the number of raters; its **trust score**
  the same with the trust items (reliability, mission, openness). Sub-scores are the mean
  of each item. Scores from fewer than :data:`MIN_RATERS` raters are not shown (None).
* The network's value and trust scores are the means over all ratings, and as a
  percentage of the maximum (mean / 4 × 100).
* **Relative connectivity** (our formula, as the design says): degree × value × trust
  over the highest in the network, in percent; the degree counts distinct partners either
  way. **Non-redundant ties**: Burt's effective size in the undirected survey network.
* **Density** of the directed survey network over the organizations of the round
  (ties / n(n − 1)), and Freeman degree centralization of its undirected form.
* A **sector × sector matrix**: ties from each sector to each, their density over the
  possible pairs, and the mean trust score of those ties' ratings.

Per-organization scores are internal: partner outputs show network and sector figures.

References
----------
.. [1] Visible Network Labs. "Analyze trust and value" (PARTNER support article).
.. [2] Varda, D. M. et al. (2016). Social network analysis of public health
   partnerships. *BMC Public Health*, doi:10.1186/s12889-016-3194-7, table 1.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean

import networkx as nx

from ..network.model import Network
from .centrality import degree_centralization
from .structural_holes import structural_holes

VALUE_ITEMS = ("power_influence", "involvement", "resource_contribution")
TRUST_ITEMS = ("reliability", "mission", "openness")
#: Fewer raters than this and an organization's scores are not shown.
MIN_RATERS = 2
#: A response rate below this is read with caution.
LOW_RESPONSE = 0.65


def rounds(network: Network) -> list[str]:
    """The survey rounds the store holds, in order."""
    return sorted({r["round"] for r in network.records["ratings"]}
                  | {r["round"] for r in network.records["survey"]})


def pooled(ratings: list[dict], items: tuple[str, ...]) -> float | None:
    """The mean of ``items`` over ``ratings``, each item a rating answered counting once
    (None when none was answered)."""
    values = [r[item] for r in ratings for item in items if r[item] is not None]
    if not values:
        return None
    # Answers are whole numbers: statistics.mean's answer (an int when the division is
    # exact, else the quotient rounded once) computed 20 times sooner; others go to mean.
    if all(type(value) is int for value in values):
        total, count = sum(values), len(values)
        return total // count if total % count == 0 else total / count
    return mean(values)


def _score(ratings: list[dict], items: tuple[str, ...]) -> dict:
    raters = {r["respondent"] for r in ratings if any(r[i] is not None for i in items)}
    shown = len(raters) >= MIN_RATERS
    return {"score": pooled(ratings, items) if shown else None, "raters": len(raters),
            **{item: (pooled(ratings, (item,)) if shown else None) for item in items}}


def latest(network: Network) -> dict | None:
    """:func:`survey_round` of the latest round the network holds (None without one)."""
    known = rounds(network)
    return survey_round(network, known[-1]) if known else None


def survey_round(network: Network, round_: str) -> dict:
    """Every number of one round (see the module docstring). Computed once per network
    and round (the rules, the report and the map each ask for it): callers read it and
    never change it."""
    key = ("survey_round", round_)
    if key not in network.cache:
        network.cache[key] = _survey_round(network, round_)
    return network.cache[key]


def _survey_round(network: Network, round_: str) -> dict:
    rows = [r for r in network.records["ratings"] if r["round"] == round_]
    roster = [r for r in network.records["survey"] if r["round"] == round_]
    sector = {r["id"]: r["sector"] for r in network.records["organizations"]}
    if roster:
        invited = {r["organization"] for r in roster if r["invited"] is not False}
        responded = {r["organization"] for r in roster if r["responded"]} & invited
    else:
        invited = {r["respondent"] for r in rows} | {r["partner"] for r in rows}
        responded = {r["respondent"] for r in rows}
    responded |= {r["respondent"] for r in rows} & invited  # whoever rated, answered

    named = sorted({(r["respondent"], r["partner"]) for r in rows})
    pairs = set(named)
    ties = []
    for a, b in named:
        status = ("confirmed" if (b, a) in pairs else
                  "unconfirmed" if b in responded else "unverifiable")
        ties.append({"from": a, "to": b, "status": status})

    received: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        received[r["partner"]].append(r)
    members = sorted(invited | {x for pair in named for x in pair})
    undirected = nx.Graph()
    undirected.add_nodes_from(members)
    undirected.add_edges_from(named)
    holes = structural_holes(undirected) if undirected.number_of_edges() else {}
    ties_in = Counter(b for _, b in named)
    ties_out = Counter(a for a, _ in named)
    organizations = []
    for org in members:
        value, trust = _score(received[org], VALUE_ITEMS), _score(received[org], TRUST_ITEMS)
        organizations.append({
            "organization": org, "name": network.names.get(org), "sector": sector.get(org),
            "responded": org in responded, "degree": undirected.degree(org),
            "in_ties": ties_in[org], "out_ties": ties_out[org],
            "value": value, "trust": trust,
            "non_redundant_ties": (holes.get(org) or {}).get("effective_size"),
        })
    products = {o["organization"]: o["degree"] * o["value"]["score"] * o["trust"]["score"]
                for o in organizations
                if o["value"]["score"] is not None and o["trust"]["score"] is not None}
    top = max(products.values(), default=0)
    for o in organizations:
        product = products.get(o["organization"])
        o["relative_connectivity"] = (100 * product / top) if product is not None and top \
            else None

    by_sector: dict[str, dict[str, int]] = defaultdict(lambda: {"invited": 0, "responded": 0})
    for org in invited:
        by_sector[sector.get(org)]["invited"] += 1
        by_sector[sector.get(org)]["responded"] += org in responded
    n = len(members)
    value, trust = pooled(rows, VALUE_ITEMS), pooled(rows, TRUST_ITEMS)
    counts = {status: sum(1 for t in ties if t["status"] == status)
              for status in ("confirmed", "unconfirmed", "unverifiable")}
    return {
        "round": round_, "invited": len(invited), "responded": len(responded),
        "response_rate": len(responded) / len(invited) if invited else None,
        "response_by_sector": {s: {**c, "rate": c["responded"] / c["invited"]}
                               for s, c in sorted(by_sector.items(), key=lambda kv:
                                                  str(kv[0]))},
        "ratings": len(rows), "ties": counts | {"total": len(ties)},
        "value": value, "trust": trust,
        "value_percent": None if value is None else value / 4 * 100,
        "trust_percent": None if trust is None else trust / 4 * 100,
        "density": len(ties) / (n * (n - 1)) if n > 1 else None,
        "degree_centralization": degree_centralization(undirected),
        "matrix": _matrix(rows, named, members, sector),
        "received_by_sector": _received_by_sector(rows, sector),
        "organizations": organizations, "tie_list": ties,
    }


def _received_by_sector(rows, sector) -> list[dict]:
    """Each sector whose organizations were rated, with the value and trust they received
    (pooled)."""
    received: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        received[sector.get(r["partner"])].append(r)
    return [{"sector": s, "value": pooled(found, VALUE_ITEMS),
             "trust": pooled(found, TRUST_ITEMS)}
            for s, found in sorted(received.items(), key=lambda kv: str(kv[0]))]


def _matrix(rows, named, members, sector) -> list[dict]:
    """Ties from each sector to each: count, density over the possible pairs, mean trust."""
    size: dict[str, int] = defaultdict(int)
    for org in members:
        size[sector.get(org)] += 1
    trust_of: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        trust_of[sector.get(r["respondent"]), sector.get(r["partner"])].append(r)
    ties: dict[tuple, int] = defaultdict(int)
    for a, b in named:
        ties[sector.get(a), sector.get(b)] += 1
    cells = []
    for s in sorted(size, key=str):
        for t in sorted(size, key=str):
            possible = size[s] * (size[t] - (s == t))
            cells.append({"from": s, "to": t, "ties": ties[s, t],
                          "density": ties[s, t] / possible if possible else None,
                          "trust": pooled(trust_of[s, t], TRUST_ITEMS)})
    return cells


#: An organization whose trust score moves by this much from one round to the next is
#: listed as having moved (:func:`compare`).
TRUST_MOVED = 0.5
#: The round figures two rounds are compared on (:func:`compare`).
COMPARED = ("invited", "responded", "response_rate", "ratings", "value", "trust",
            "density", "degree_centralization")


def compare(before: Network, after: Network) -> dict | None:
    """The latest survey round of ``after`` beside the latest of ``before`` (None when
    ``after`` holds no round): the network's figures and ties, each sector's response
    rate and the value and trust it received, and each organization's scores where both
    rounds show one (from :data:`MIN_RATERS` raters), those whose trust moved by
    :data:`TRUST_MOVED` or more in ``trust_moved`` (internal: the caller leaves them out
    of partner pages)."""
    known_after = rounds(after)
    if not known_after:
        return None
    known_before = rounds(before)
    old = survey_round(before, known_before[-1]) if known_before else None
    new = survey_round(after, known_after[-1])

    def side(result, *path):
        value = result
        for key in path:
            value = None if value is None else value.get(key)
        return value

    figures = {name: {"before": side(old, name), "after": new[name]} for name in COMPARED}
    for status in ("total", "confirmed", "unconfirmed", "unverifiable"):
        figures[f"ties_{status}"] = {"before": side(old, "ties", status),
                                     "after": new["ties"][status]}
    for values in figures.values():
        values["change"] = None if values["before"] is None or values["after"] is None \
            else values["after"] - values["before"]
    received_old = {r["sector"]: r for r in (old or {}).get("received_by_sector", [])}
    size_old = Counter(o["sector"] for o in (old or {}).get("organizations", []))
    size_new = Counter(o["sector"] for o in new["organizations"])
    sectors = []
    for r in new["received_by_sector"]:
        was = received_old.get(r["sector"], {})
        rate_old = side(old, "response_by_sector", r["sector"], "rate")
        rate_new = new["response_by_sector"].get(r["sector"], {}).get("rate")
        sectors.append({"sector": r["sector"], "response_rate": [rate_old, rate_new],
                        "organizations": [size_old[r["sector"]], size_new[r["sector"]]],
                        "value": [was.get("value"), r["value"]],
                        "trust": [was.get("trust"), r["trust"]]})
    scores_old = {o["organization"]: o for o in (old or {}).get("organizations", [])}
    organizations = []
    for o in new["organizations"]:
        was = scores_old.get(o["organization"])
        if was is None:
            continue
        pair = {k: [was[k]["score"], o[k]["score"]] for k in ("value", "trust")}
        if any(None not in scores for scores in pair.values()):
            trust = pair["trust"]
            organizations.append({"organization": o["organization"], "name": o["name"],
                                  "sector": o["sector"], **pair,
                                  "trust_change": None if None in trust
                                  else trust[1] - trust[0]})
    organizations.sort(key=lambda o: (o["trust_change"] is None, o["trust_change"] or 0,
                                      o["organization"]))
    return {"rounds": [old["round"] if old else None, new["round"]],
            "new_round": old is None or old["round"] != new["round"],
            "figures": figures, "sectors": sectors, "organizations": organizations,
            "trust_moved": [o for o in organizations if o["trust_change"] is not None
                            and abs(o["trust_change"]) >= TRUST_MOVED]}
