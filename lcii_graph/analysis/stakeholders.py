"""Stakeholder mapping: the power–interest grid, salience, stance and engagement.

Each row of the register is one stakeholder (an organization, or a person) as judged
about one table (or about every table, when its assessment names none), by the latest
assessment on or before the analysis date, with what the engagement log says of it:

* **Quadrant** (Mendelow [1]_): power and interest, "high" at ``high`` or more (default
  3 of 4): *manage closely* (high power, high interest: the key players), *keep
  satisfied* (high power), *keep informed* (high interest), *monitor*.
* **Salience class** (Mitchell, Agle & Wood [2]_): of power (``power >= high``),
  legitimacy (yes) and urgency (``urgency >= high``): *dormant*, *discretionary*,
  *demanding* (one), *dominant*, *dangerous*, *dependent* (two), *definitive* (all
  three), *non-stakeholder* (none).
* **Stance** −2..+2 (opponent … champion), **engagement** now and its target on the IAP2
  spectrum, and the **engagement gap**: target minus now, in levels.
* **Last contact**, the number of contacts in the year before the analysis date, and the
  **owners** who held them: the interactions with the stakeholder (for an organization,
  those naming it or one of its people).

These are the coordinator's private judgements: no partner output holds them.

References
----------
.. [1] Mendelow, A. (1991). Stakeholder mapping. *Proceedings of the 2nd International
   Conference on Information Systems*, Cambridge, MA.
.. [2] Mitchell, R. K., Agle, B. R. & Wood, D. J. (1997). Toward a theory of stakeholder
   identification and salience. *Academy of Management Review* 22(4), 853–886.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from ..model.vocabulary import ENGAGEMENT_LEVEL, STANCE_SCORE
from ..network.model import Network

#: Power, interest and urgency are "high" from this score up (of 4).
HIGH = 3
QUADRANTS = ("manage closely", "keep satisfied", "keep informed", "monitor")
#: Salience class by (power, legitimacy, urgency).
SALIENCE = {
    (True, False, False): "dormant", (False, True, False): "discretionary",
    (False, False, True): "demanding", (True, True, False): "dominant",
    (True, False, True): "dangerous", (False, True, True): "dependent",
    (True, True, True): "definitive", (False, False, False): "non-stakeholder",
}
#: The register's columns, in order.
COLUMNS = ("subject", "kind", "name", "sector", "partnership", "at_table", "tables",
           "assessed", "power", "interest", "quadrant", "legitimacy", "urgency", "salience",
           "stance", "stance_score", "engagement", "engagement_target", "engagement_gap",
           "last_contact", "contacts_past_year", "owners")


def quadrant(power: int | None, interest: int | None, *, high: int = HIGH) -> str | None:
    """The Mendelow quadrant of a power and interest score (None when either is blank)."""
    if power is None or interest is None:
        return None
    return QUADRANTS[(power < high) * 2 + (interest < high)]


def salience(power: int | None, legitimacy: bool | None, urgency: int | None, *,
             high: int = HIGH) -> str:
    """The Mitchell–Agle–Wood class: a blank attribute counts as absent."""
    return SALIENCE[(power is not None and power >= high, bool(legitimacy),
                     urgency is not None and urgency >= high)]


def engagement_gap(engagement: str | None, target: str | None) -> int | None:
    """Target minus current engagement, in IAP2 levels (None when either is blank)."""
    if engagement is None or target is None:
        return None
    return ENGAGEMENT_LEVEL[target] - ENGAGEMENT_LEVEL[engagement]


def subject_of(row: dict) -> tuple[str, str]:
    """Whom an assessment or interaction is about: ``(id, "person")`` when it names a
    person, else ``(id, "organization")``."""
    return (row["person"], "person") if row["person"] else (row["organization"], "organization")


def latest_assessments(network: Network, *, as_of: str | None = None) -> dict:
    """``{(subject, partnership or None): [assessments, oldest first]}`` on or before
    ``as_of`` (every one without it)."""
    history: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
    for row in sorted(network.records["assessments"], key=lambda r: (r["date"], r["id"])):
        if as_of is None or row["date"] <= as_of:
            history[subject_of(row)[0], row["partnership"]].append(row)
    return history


def contacts(network: Network) -> dict[str, list[dict]]:
    """Each stakeholder's interactions, oldest first: a person's those naming them; an
    organization's those naming it or one of its people."""
    employer = {r["id"]: r["organization"] for r in network.records["people"]}
    found: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(network.records["interactions"], key=lambda r: (r["date"], r["id"])):
        orgs = {row["organization"], employer.get(row["person"])} - {None}
        for subject in orgs | ({row["person"]} if row["person"] else set()):
            found[subject].append(row)
    return found


def tables_of(network: Network) -> dict[str, set[str]]:
    """The tables each organization and person sits at (a person's organization sits
    where they do)."""
    seats: dict[str, set[str]] = defaultdict(set)
    for p, members in network.table_members.items():
        for member in members:
            seats[member].add(p)
    for r in network.records["memberships"]:
        if r["person"]:
            seats[r["person"]].add(r["partnership"])
    return seats


def register(network: Network, *, partnership: str | None = None, as_of: str | None = None,
             today: str | None = None, high: int = HIGH) -> list[dict]:
    """The stakeholder register (see the module docstring): one row per stakeholder and
    table judged, ordered by table, quadrant, then name. ``partnership`` keeps the rows
    about that table and those about every table; the analysis date is ``as_of``, else
    the network's, else ``today``."""
    day = as_of or network.as_of or today or date.today().isoformat()
    history = latest_assessments(network, as_of=day)
    log = contacts(network)
    seats = tables_of(network)
    organizations = {r["id"]: r for r in network.records["organizations"]}
    people = {r["id"]: r for r in network.records["people"]}
    year_ago = (date.fromisoformat(day) - timedelta(days=365)).isoformat()
    rows = []
    for (subject, table), judged in history.items():
        if partnership is not None and table not in (partnership, None):
            continue
        a = judged[-1]
        kind = "person" if subject in people else "organization"
        record = people.get(subject) or organizations.get(subject) or {}
        org = record.get("organization") if kind == "person" else subject
        seen = [r for r in log.get(subject, []) if r["date"] <= day and
                (table is None or r["partnership"] in (table, None))]
        sat = sorted(seats.get(subject, set()) | (seats.get(org, set()) if org else set()))
        rows.append({
            "subject": subject, "kind": kind, "name": record.get("name"),
            "sector": organizations.get(org, {}).get("sector") if org else None,
            "partnership": table,
            "at_table": (table in sat) if table else bool(sat), "tables": sat,
            "assessed": a["date"], "power": a["power"], "interest": a["interest"],
            "quadrant": quadrant(a["power"], a["interest"], high=high),
            "legitimacy": a["legitimacy"], "urgency": a["urgency"],
            "salience": salience(a["power"], a["legitimacy"], a["urgency"], high=high),
            "stance": a["stance"],
            "stance_score": STANCE_SCORE.get(a["stance"]) if a["stance"] else None,
            "engagement": a["engagement"], "engagement_target": a["engagement_target"],
            "engagement_gap": engagement_gap(a["engagement"], a["engagement_target"]),
            "last_contact": seen[-1]["date"] if seen else None,
            "contacts_past_year": sum(1 for r in seen if r["date"] > year_ago),
            "owners": [owner for owner, _ in Counter(
                r["owner"] for r in seen if r["owner"]).most_common()],
            "history": judged,
        })
    order = {q: i for i, q in enumerate(QUADRANTS)}
    rows.sort(key=lambda r: (r["partnership"] or "", order.get(r["quadrant"], len(order)),
                             (r["name"] or "").casefold(), r["subject"]))
    return rows
