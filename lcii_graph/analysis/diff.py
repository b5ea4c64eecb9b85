"""What changed between two states of the network.

A state is a snapshot (as of the date it stands for), the live store (as of
today), or the live store as of a date. The comparison covers organizations and
people joined and left, ties gained and lost, memberships joined, left or
changed role, commitments added or changed status, sector coverage per table,
the network metrics, the shared-measurement metrics that moved, the stakeholders whose
quadrant, stance or engagement moved and the interactions logged, the latest survey
round beside the one before (network, sector and organization figures), and the findings
opened and resolved (a finding is the same finding when its rule, table and subjects
are).
"""

from __future__ import annotations

from datetime import date

from ..network.model import Network
from .context import Context
from .gaps import gaps
from .metrics import metrics
from .survey import compare as compare_rounds

METRICS = ("nodes", "edges", "density", "components", "degree_centralization",
           "ei_index_sector", "assortativity_sector")


def _by_id(network: Network, sheet: str) -> dict[str, dict]:
    return {r["id"]: r for r in network.records[sheet]}


def _named(ids, rows: dict) -> list[dict]:
    return [{"id": i, "name": rows[i].get("name")} for i in sorted(ids)]


def _finding_kind(f) -> tuple:
    """What a finding is, apart from its subjects: its rule, table and scope, and the
    evidence its rule names as telling two of its findings apart (a table missing a
    required sector and missing a recommended one)."""
    from .rules import RULES

    identity = RULES[f.rule].identity if f.rule in RULES else ()
    return (f.rule, f.partnership, f.scope,
            tuple(repr(f.evidence.get(k)) for k in identity))


def _finding_key(f) -> tuple:
    """One finding's identity from one run to the next: what it is, and about whom."""
    return _finding_kind(f), tuple(sorted(s["id"] for s in f.subjects))


def diff(before: Network, after: Network, *, before_label: str = "before",
         after_label: str = "after", seed: int | None = 0) -> dict:
    """Changes from ``before`` to ``after`` (see the module docstring)."""
    result: dict = {"before": before_label, "after": after_label,
                    "before_date": before.as_of, "after_date": after.as_of}
    for sheet in ("organizations", "people"):
        old, new = _by_id(before, sheet), _by_id(after, sheet)
        result[sheet] = {"joined": _named(new.keys() - old.keys(), new),
                         "left": _named(old.keys() - new.keys(), old)}
    names = {**before.names, **after.names}

    def tie_view(network):
        return {r["id"]: r for r in network.records["ties"]}

    old_ties, new_ties = tie_view(before), tie_view(after)
    result["ties"] = {
        "gained": [_tie(new_ties[i], names) for i in sorted(new_ties.keys() - old_ties.keys())],
        "lost": [_tie(old_ties[i], names) for i in sorted(old_ties.keys() - new_ties.keys())],
    }

    def seats(network):
        return {(r["partnership"], r["organization"] or r["person"]): r
                for r in network.records["memberships"]}

    old_seats, new_seats = seats(before), seats(after)
    result["memberships"] = {
        "joined": [_seat(k, new_seats[k], names) for k in sorted(new_seats.keys() -
                                                                  old_seats.keys())],
        "left": [_seat(k, old_seats[k], names) for k in sorted(old_seats.keys() -
                                                                new_seats.keys())],
        "role_changed": [{**_seat(k, new_seats[k], names), "was": old_seats[k]["role"]}
                         for k in sorted(old_seats.keys() & new_seats.keys())
                         if old_seats[k]["role"] != new_seats[k]["role"]],
    }
    old_c, new_c = _by_id(before, "commitments"), _by_id(after, "commitments")
    result["commitments"] = {
        "added": [_commitment(new_c[i], names) for i in sorted(new_c.keys() - old_c.keys())],
        "removed": [_commitment(old_c[i], names) for i in sorted(old_c.keys() - new_c.keys())],
        "status_changed": [{**_commitment(new_c[i], names), "was": old_c[i]["status"]}
                           for i in sorted(old_c.keys() & new_c.keys())
                           if old_c[i]["status"] != new_c[i]["status"]],
    }
    ctx_old, ctx_new = Context(before, seed=seed), Context(after, seed=seed)
    coverage = []
    for p in sorted(set(ctx_old.partnerships) | set(ctx_new.partnerships)):
        was = sorted({ctx_old.sector(o) for o in ctx_old.members.get(p, ())} - {None})
        now = sorted({ctx_new.sector(o) for o in ctx_new.members.get(p, ())} - {None})
        coverage.append({"partnership": p, "name": names.get(p), "before": was, "after": now,
                         "gained": sorted(set(now) - set(was)),
                         "lost": sorted(set(was) - set(now)),
                         "members_before": len(ctx_old.members.get(p, ())),
                         "members_after": len(ctx_new.members.get(p, ()))})
    result["coverage"] = coverage
    m_old, m_new = metrics(before, seed=seed), metrics(after, seed=seed)
    # The stored ties in effect on each side, beside the network's edges: before + gained
    # - lost = after, where edges count every link of the organization network (ties,
    # shared tables, shared people), as `metrics` does.
    m_old["ties_in_effect"] = len(old_ties)
    m_new["ties_in_effect"] = len(new_ties)
    result["metrics"] = {k: {"before": m_old[k], "after": m_new[k],
                             "change": None if m_old[k] is None or m_new[k] is None
                             else m_new[k] - m_old[k]} for k in ("ties_in_effect", *METRICS)}
    result["indicators"] = indicators(before, after, names)
    today = date.today().isoformat()
    result["stakeholders"] = stakeholder_changes(before, after, names, today=today)
    result["survey"] = compare_rounds(before, after)
    result["findings"] = compare_findings(
        gaps(before, seed=seed, today=before.as_of or today),
        gaps(after, seed=seed, today=after.as_of or today))
    return result


def stakeholder_changes(before: Network, after: Network, names: dict, *,
                        today: str) -> dict:
    """The stakeholder register's moves: each stakeholder and table whose quadrant,
    stance or engagement changed (``[was, now]`` for each that did), those first judged
    in the period, and the interactions logged in it (in ``after``, not in ``before``)."""
    from .stakeholders import register

    old = {(r["subject"], r["partnership"]): r
           for r in register(before, today=before.as_of or today)}
    new = {(r["subject"], r["partnership"]): r
           for r in register(after, today=after.as_of or today)}
    moved, judged = [], []
    for key, now in new.items():
        entry = {"subject": now["subject"], "name": now["name"],
                 "partnership": now["partnership"],
                 "partnership_name": names.get(now["partnership"])}
        was = old.get(key)
        if was is None:
            judged.append({**entry, "quadrant": now["quadrant"], "stance": now["stance"]})
            continue
        changes = {field: [was[field], now[field]]
                   for field in ("quadrant", "stance", "engagement", "engagement_target")
                   if was[field] != now[field]}
        if changes:
            moved.append({**entry, **changes})
    logged_before = {r["id"] for r in before.records["interactions"]}
    logged = [{"id": r["id"], "date": r["date"],
               "with": names.get(r["person"] or r["organization"]),
               "channel": r["channel"], "owner": r["owner"], "topic": r["topic"]}
              for r in sorted(after.records["interactions"], key=lambda r: (r["date"], r["id"]))
              if r["id"] not in logged_before]
    return {"moved": moved, "judged": judged, "interactions": logged}


def indicators(before: Network, after: Network, names: dict) -> list[dict]:
    """The shared-measurement metrics whose latest measurement changed: value and date
    before and after, the change, and whether it moved toward the target (by the
    metric's direction; None when it has none or did not move)."""
    metrics_by_id = {**_by_id(before, "metrics"), **_by_id(after, "metrics")}
    moved = []
    for metric_id in sorted(metrics_by_id):
        was = (before.measurements.get(metric_id) or [None])[-1]
        now = (after.measurements.get(metric_id) or [None])[-1]
        if was == now:
            continue
        metric = metrics_by_id[metric_id]
        change = now["value"] - was["value"] if was and now else None
        toward = None
        if change and metric["direction"] in ("up", "down"):
            toward = (change > 0) == (metric["direction"] == "up")
        moved.append({
            "metric": metric_id, "name": metric["name"], "unit": metric["unit"],
            "goal": metric["goal"], "goal_name": names.get(metric["goal"]),
            "before": {"value": was["value"], "date": was["date"]} if was else None,
            "after": {"value": now["value"], "date": now["date"]} if now else None,
            "change": change, "target": metric["target"], "toward_target": toward})
    return moved


def compare_findings(old: list, new: list) -> dict:
    """Findings opened, resolved, and changed: the same finding (:func:`_finding_key`)
    saying something else, or one of the same kind (:func:`_finding_kind`) about mostly
    the same subjects (at least half of the smaller subject list)."""
    old_by = {_finding_key(f): f for f in old}
    new_by = {_finding_key(f): f for f in new}
    gone = [old_by[k] for k in sorted(old_by.keys() - new_by.keys(), key=repr)]
    came = [new_by[k] for k in sorted(new_by.keys() - old_by.keys(), key=repr)]
    changed = [{**new_by[k].to_dict(), "was": old_by[k].message}
               for k in sorted(old_by.keys() & new_by.keys(), key=repr)
               if old_by[k].message != new_by[k].message]
    for f in list(gone):
        ids = {s["id"] for s in f.subjects}
        for g in came:
            other = {s["id"] for s in g.subjects}
            if _finding_kind(g) == _finding_kind(f) and ids and other and \
                    len(ids & other) >= 0.5 * min(len(ids), len(other)):
                changed.append({**g.to_dict(), "was": f.message})
                gone.remove(f)
                came.remove(g)
                break
    return {"opened": [f.to_dict() for f in came], "resolved": [f.to_dict() for f in gone],
            "changed": changed}


def _tie(r: dict, names: dict) -> dict:
    return {"id": r["id"], "from": r["from"], "to": r["to"], "kind": r["kind"],
            "from_name": names.get(r["from"]), "to_name": names.get(r["to"])}


def _seat(key: tuple, r: dict, names: dict) -> dict:
    table, member = key
    return {"partnership": table, "partnership_name": names.get(table), "member": member,
            "member_name": names.get(member), "role": r["role"], "since": r["since"],
            "until": r["until"]}


def _commitment(r: dict, names: dict) -> dict:
    return {"id": r["id"], "maker": r["maker"], "maker_name": names.get(r["maker"]),
            "type": r["type"], "amount": r["amount"], "status": r["status"],
            "partnership": r["partnership"]}
