"""Deterministic synthetic partnership networks for benchmarks.

``generate(size, folder, seed=0)`` writes a workbook folder (one CSV per sheet)
that ``lcii-graph import`` reads. Sizes:

====  =============  ==========  =====================================
size  organizations  people      relationships (ties, memberships,
                                 works-for, based-in, commitments ...)
====  =============  ==========  =====================================
S     500            ~1,500      ~6,000
M     10,000         ~30,000     ~115,000
L     100,000        ~300,000    ~1,150,000
====  =============  ==========  =====================================

The networks have what real ones have: sector and jurisdiction homophily
(most ties stay within a state, many within a sector), heavy-tailed degrees
(a few hubs, many organizations with one or two ties), tables whose members
come mostly from the places they serve, commitments of every type, and a survey
round (2% of the organizations invited, 40 to 2,000; three in four answer, each
rating up to eight of the others). Identical ``(size, seed)`` give identical files;
:data:`VERSION` changes whenever what a size holds does.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

SIZES = {"XS": 60, "S": 500, "M": 10_000, "L": 100_000}
#: What the generated data is: cached datasets and stores of another version are made
#: again (2: a survey round).
VERSION = "2"
FREQUENCIES = np.array(["yearly", "quarterly", "monthly", "weekly", "daily"])
INTENSITIES = np.array(["awareness", "cooperation", "coordination", "integration"])
ITEMS = ["power_influence", "involvement", "resource_contribution", "reliability",
         "mission", "openness"]

SECTORS = np.array(["government", "business", "philanthropy", "nonprofit", "community"])
SECTOR_SHARE = np.array([0.14, 0.22, 0.05, 0.44, 0.15])
# Spreadsheet spellings, to exercise the alias tables on every import.
SECTOR_SPELLING = {
    "government": ["Government", "Public sector", "gov't", "City agency"],
    "business": ["Business", "Private", "For-profit"],
    "philanthropy": ["Foundation", "Philanthropy"],
    "nonprofit": ["Nonprofit", "Non-profit", "NGO", "CBO"],
    "community": ["Community", "Residents", "Grassroots"],
}
COMMITMENT_TYPES = np.array(["grant", "pri", "loan", "guarantee", "equity", "public_funds",
                             "in_kind", "staff", "data_sharing", "policy", "practice",
                             "program"])
COMMITMENT_SHARE = np.array([0.30, 0.03, 0.06, 0.01, 0.02, 0.10, 0.10, 0.10, 0.06, 0.06,
                             0.06, 0.10])
TIE_KINDS = np.array(["informal", "referral", "mou", "contract", "data_sharing", "co_funding"])
ROLES = np.array(["member", "member", "member", "member", "funder", "advisor", "observer"])
TITLES_LEAD = np.array(["Executive Director", "CEO", "President", "Director", "Commissioner"])
TITLES_DO = np.array(["Program Manager", "Analyst", "Coordinator", "Program Officer",
                      "Case Manager", "Organizer", "Planner", "Deputy Director"])


def _write(folder: Path, name: str, header: list[str], columns: list) -> int:
    rows = zip(*columns, strict=True)
    with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _heavy_tail(rng: np.random.Generator, n: int) -> np.ndarray:
    """Selection weights with a Pareto tail: a few hubs, a long tail of small players."""
    weights = rng.pareto(1.6, n) + 1.0
    return weights / weights.sum()


def generate(size: str | int, folder: str | Path, *, seed: int = 0) -> dict[str, int]:
    """Write the synthetic workbook for ``size`` into ``folder``; return row counts."""
    n_orgs = SIZES[size] if isinstance(size, str) else int(size)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    counts: dict[str, int] = {}

    # Jurisdictions: the nation, states, counties, cities.
    n_states = max(2, min(50, n_orgs // 2000 + 2))
    counties_per_state = max(2, min(40, n_orgs // (n_states * 250) + 2))
    cities_per_county = 3
    jid, jname, jlevel, jparent = ["us"], ["United States"], ["federal"], [""]
    state_ids, county_ids, city_ids = [], [], []
    for s in range(n_states):
        sid = f"st{s:02d}"
        state_ids.append(sid)
        jid.append(sid), jname.append(f"State {s}"), jlevel.append("state"), jparent.append("us")
        for c in range(counties_per_state):
            cid = f"{sid}-co{c:02d}"
            county_ids.append(cid)
            jid.append(cid), jname.append(f"County {s}.{c}"), jlevel.append("county")
            jparent.append(sid)
            for t in range(cities_per_county):
                tid = f"{cid}-ci{t}"
                city_ids.append(tid)
                jid.append(tid), jname.append(f"City {s}.{c}.{t}"), jlevel.append("city")
                jparent.append(cid)
    counts["jurisdictions"] = _write(folder, "jurisdictions", ["id", "name", "level", "parent"],
                                     [jid, jname, jlevel, jparent])

    # Organizations: each based in a city (government also at county, state, nation).
    sector_index = rng.choice(len(SECTORS), n_orgs, p=SECTOR_SHARE)
    sectors = SECTORS[sector_index]
    city_of = rng.integers(0, len(city_ids), n_orgs)
    state_of = city_of // (counties_per_state * cities_per_county)
    home = np.array(city_ids, dtype=object)[city_of]
    government = np.flatnonzero(sectors == "government")
    level_pick = rng.random(len(government))
    county_of = city_of // cities_per_county
    home[government[level_pick < 0.35]] = np.array(county_ids, dtype=object)[
        county_of[government[level_pick < 0.35]]]
    state_gov = government[(level_pick >= 0.35) & (level_pick < 0.55)]
    home[state_gov] = np.array(state_ids, dtype=object)[state_of[state_gov]]
    home[government[level_pick >= 0.97]] = "us"
    org_ids = np.array([f"o{i:06d}" for i in range(n_orgs)], dtype=object)
    spelled = [SECTOR_SPELLING[s][i % len(SECTOR_SPELLING[s])] for i, s in enumerate(sectors)]
    names = [f"{s.title()} Organization {i}" for i, s in enumerate(sectors)]
    anchor = np.where(rng.random(n_orgs) < 0.01, "yes", "")
    intermediary = np.where((sectors == "nonprofit") & (rng.random(n_orgs) < 0.02), "yes", "")
    counts["organizations"] = _write(
        folder, "organizations",
        ["id", "Organization Name", "Sector", "jurisdiction", "anchor", "intermediary"],
        [org_ids, names, spelled, home, anchor, intermediary])

    # People: about three per organization, heavy-tailed.
    n_people = 3 * n_orgs
    org_weight = _heavy_tail(rng, n_orgs)
    works_for = rng.choice(n_orgs, n_people, p=org_weight)
    works_for[:n_orgs] = np.arange(n_orgs)  # everyone has at least one person
    lead = rng.random(n_people) < 0.3
    titles = np.where(lead, TITLES_LEAD[rng.integers(0, len(TITLES_LEAD), n_people)],
                      TITLES_DO[rng.integers(0, len(TITLES_DO), n_people)])
    person_ids = np.array([f"p{i:07d}" for i in range(n_people)], dtype=object)
    counts["people"] = _write(
        folder, "people", ["id", "name", "organization", "title", "email"],
        [person_ids, [f"Person {i}" for i in range(n_people)], org_ids[works_for], titles,
         [f"person{i}@example.org" for i in range(n_people)]])

    # Tables: one per 50 organizations, each serving one county.
    n_tables = max(2, n_orgs // 50)
    table_ids = [f"t{i:05d}" for i in range(n_tables)]
    table_county = rng.integers(0, len(county_ids), n_tables)
    counts["partnerships"] = _write(
        folder, "partnerships", ["id", "name", "focus", "serves"],
        [table_ids, [f"Table {i}" for i in range(n_tables)],
         rng.choice(["workforce", "housing", "health", "education"], n_tables),
         np.array(county_ids, dtype=object)[table_county]])

    # Memberships: ~25 organizations per table, mostly from the table's state.
    by_state = [np.flatnonzero(state_of == s) for s in range(n_states)]
    m_part, m_org, m_person, m_role = [], [], [], []
    for t in range(n_tables):
        state = table_county[t] // counties_per_state
        local = by_state[state]
        k = int(min(len(local), rng.integers(12, 38)))
        members = set(rng.choice(local, k, replace=False).tolist())
        members |= set(rng.choice(n_orgs, 3, replace=False).tolist())
        for i, org in enumerate(sorted(members)):
            m_part.append(table_ids[t])
            m_org.append(org_ids[org])
            m_person.append("")
            m_role.append("convener" if i == 0 else str(ROLES[rng.integers(0, len(ROLES))]))
        for person in rng.choice(n_people, 8, replace=False):
            m_part.append(table_ids[t])
            m_org.append("")
            m_person.append(person_ids[person])
            m_role.append("member")
    counts["memberships"] = _write(
        folder, "memberships", ["partnership", "organization", "person", "role", "since"],
        [m_part, m_org, m_person, m_role, ["2020-01-01"] * len(m_part)])

    # Ties: five per organization; homophily by state (85%) and by sector (50%).
    n_ties = 5 * n_orgs
    source = rng.choice(n_orgs, n_ties, p=org_weight)
    target = rng.choice(n_orgs, n_ties, p=org_weight)
    group = state_of * len(SECTORS) + sector_index
    order = np.argsort(group, kind="stable")
    sorted_groups = group[order]
    start = np.searchsorted(sorted_groups, np.arange(n_states * len(SECTORS)))
    stop = np.searchsorted(sorted_groups, np.arange(n_states * len(SECTORS)), side="right")
    same_state = rng.random(n_ties) < 0.85
    same_sector = rng.random(n_ties) < 0.5
    for mask, sector_of_target in ((same_state & same_sector, None),
                                   (same_state & ~same_sector, True)):
        idx = np.flatnonzero(mask)
        src_group = group[source[idx]]
        if sector_of_target:
            src_group = state_of[source[idx]] * len(SECTORS) + rng.integers(0, len(SECTORS),
                                                                             len(idx))
        size = stop[src_group] - start[src_group]
        ok = size > 0
        pick = start[src_group] + (rng.random(len(idx)) * np.maximum(size, 1)).astype(int)
        target[idx[ok]] = order[pick[ok]]
    kinds = TIE_KINDS[rng.choice(len(TIE_KINDS), n_ties, p=[0.4, 0.2, 0.15, 0.1, 0.05, 0.1])]
    keep = source != target
    a, b = np.minimum(source, target)[keep], np.maximum(source, target)[keep]
    kinds = kinds[keep]
    _, unique = np.unique(np.stack([a, b, np.searchsorted(TIE_KINDS, kinds)]), axis=1,
                          return_index=True)
    unique.sort()
    a, b, kinds = a[unique], b[unique], kinds[unique]
    years = rng.integers(2012, 2025, len(a))
    counts["ties"] = _write(
        folder, "ties", ["from", "to", "kind", "strength", "since"],
        [org_ids[a], org_ids[b], kinds, rng.integers(1, 5, len(a)),
         [f"{y}-01-01" for y in years]])

    # Goals, metrics, measurements.
    goal_ids = [f"g{i:06d}" for i in range(3 * n_tables)]
    counts["goals"] = _write(folder, "goals", ["id", "partnership", "name"],
                             [goal_ids, [table_ids[i // 3] for i in range(len(goal_ids))],
                              [f"Goal {i}" for i in range(len(goal_ids))]])
    metric_goal = [g for i, g in enumerate(goal_ids) if i % 3 != 2] + goal_ids[::2]
    metric_ids = [f"m{i:06d}" for i in range(len(metric_goal))]
    counts["metrics"] = _write(
        folder, "metrics", ["id", "goal", "name", "direction", "baseline", "baseline_date",
                            "target", "target_date"],
        [metric_ids, metric_goal, [f"Metric {i}" for i in range(len(metric_ids))],
         ["up"] * len(metric_ids), [100] * len(metric_ids), ["2020-01-01"] * len(metric_ids),
         [150] * len(metric_ids), ["2027-12-31"] * len(metric_ids)])
    meas_metric = [m for m in metric_ids for _ in range(4)]
    meas_date = [f"{2021 + i % 4}-12-31" for i in range(len(meas_metric))]
    counts["measurements"] = _write(
        folder, "measurements", ["metric", "date", "value", "reported_by"],
        [meas_metric, meas_date, (100 + rng.normal(10, 5, len(meas_metric))).round(1),
         org_ids[rng.integers(0, n_orgs, len(meas_metric))]])

    # Commitments: one per organization, toward a table it sits at (or none).
    n_commit = n_orgs
    maker = rng.choice(n_orgs, n_commit, p=org_weight)
    ctype = COMMITMENT_TYPES[rng.choice(len(COMMITMENT_TYPES), n_commit, p=COMMITMENT_SHARE)]
    capital = np.isin(ctype, ["grant", "pri", "loan", "guarantee", "equity", "public_funds"])
    amount = np.where(capital, (rng.pareto(1.2, n_commit) + 1) * 25_000, np.nan).round(-2)
    commit_table = rng.integers(0, n_tables, n_commit)
    counts["commitments"] = _write(
        folder, "commitments",
        ["id", "maker", "recipient", "partnership", "goal", "type", "amount", "status",
         "start"],
        [[f"c{i:07d}" for i in range(n_commit)], org_ids[maker],
         np.where(rng.random(n_commit) < 0.4, org_ids[rng.integers(0, n_orgs, n_commit)], ""),
         np.array(table_ids, dtype=object)[commit_table],
         [goal_ids[3 * t] for t in commit_table], ctype,
         ["" if np.isnan(x) else f"{x:.0f}" for x in amount],
         rng.choice(["pledged", "active", "fulfilled"], n_commit),
         [f"{y}-07-01" for y in rng.integers(2018, 2025, n_commit)]])

    # A survey round: drawn after everything else, so the other sheets are as they were.
    n_invited = int(min(n_orgs, max(40, min(2_000, n_orgs // 50))))
    invited = np.sort(rng.choice(n_orgs, n_invited, replace=False, p=org_weight))
    answered = rng.random(n_invited) < 0.75
    named = min(8, n_invited - 1)
    respondent, partner = [], []
    for k in np.flatnonzero(answered):
        others = np.delete(np.arange(n_invited), k)
        respondent += [invited[k]] * named
        partner += list(invited[rng.choice(others, named, replace=False)])
    respondent, partner = np.array(respondent, dtype=int), np.array(partner, dtype=int)
    scores = rng.integers(1, 5, (len(respondent), len(ITEMS)))
    counts["ratings"] = _write(
        folder, "ratings", ["round", "respondent", "partner", "frequency", "intensity", *ITEMS],
        [["2026"] * len(respondent), org_ids[respondent], org_ids[partner],
         FREQUENCIES[rng.integers(0, len(FREQUENCIES), len(respondent))],
         INTENSITIES[rng.integers(0, len(INTENSITIES), len(respondent))],
         *[scores[:, j] for j in range(len(ITEMS))]])
    counts["survey"] = _write(
        folder, "survey", ["round", "organization", "invited", "responded", "date"],
        [["2026"] * n_invited, org_ids[invited], ["yes"] * n_invited,
         np.where(answered, "yes", "no"), np.where(answered, "2026-04-15", "")])
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    counts = generate(args.size, args.folder, seed=args.seed)
    print(", ".join(f"{k}: {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
