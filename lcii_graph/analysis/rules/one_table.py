"""Lesson: one table across sectors, government a full participant."""

from __future__ import annotations

from ...model.vocabulary import Level, Sector
from . import rule

LESSON = "one-table"


@rule("government-absent", LESSON, "critical")
def government_absent(ctx, settings):
    """A partnership with no government member."""
    for p in sorted(ctx.partnerships):
        if ctx.members[p] and not ctx.government_members(p):
            yield dict(
                partnership=p, subjects=[ctx.subject(p)],
                message=f"{ctx.name(p)} has no government member among its "
                        f"{len(ctx.members[p]):,} organizations.",
                evidence={"members": len(ctx.members[p]), "government_members": 0},
                suggestion="Which public agency holds the policy levers or public money this "
                           "table's goals depend on, and could it be invited as a full partner?",
            )


@rule("government-no-decision-maker", LESSON, "warning")
def government_no_decision_maker(ctx, settings):
    """Government at the table only through staff: none of its people there decides."""
    for p in sorted(ctx.partnerships):
        government = ctx.government_members(p)
        people = sorted({person for org in government for person in ctx.representatives(p, org)})
        if government and people and not any(ctx.people[x]["decision_maker"] for x in people):
            yield dict(
                partnership=p, subjects=ctx.subjects(government),
                message=f"Government sits at {ctx.name(p)} only through staff: none of its "
                        f"{len(people):,} people there is a decision-maker.",
                evidence={"government_members": len(government), "government_people": len(people),
                          "decision_makers": 0},
                suggestion="Could someone who can commit an agency's policy or budget join "
                           "this table, at least for its decisions?",
            )


@rule("sector-missing", LESSON, "warning", identity=("kind",),
      required=["government", "business", "philanthropy", "nonprofit"],
      recommended=["community"])
def sector_missing(ctx, settings):
    """A required sector (or, as info, a recommended one) is absent from a table."""
    for p in sorted(ctx.partnerships):
        if not ctx.members[p]:
            continue
        present = {ctx.sector(o) for o in ctx.members[p]}
        for names, severity, kind in ((settings["required"], settings["severity"], "required"),
                                      (settings["recommended"], "info", "recommended")):
            missing = [s for s in names if s not in present]
            if missing:
                yield dict(
                    partnership=p, subjects=[ctx.subject(p)], severity=severity,
                    message=f"{ctx.name(p)} has no member from the {_join(missing)} "
                            f"sector{'s' if len(missing) > 1 else ''} ({kind}).",
                    evidence={"missing": missing, "present": sorted(present),
                              "kind": kind},
                    suggestion=f"Who in the {_join(missing)} "
                               f"sector{'s' if len(missing) > 1 else ''} shares a stake in "
                               "this table's goals, and what would make a seat worth their "
                               "time?",
                )


@rule("sector-doers-only", LESSON, "info")
def sector_doers_only(ctx, settings):
    """A sector represented at a table only by staff (government: see its own rule)."""
    yield from _one_sided(ctx, deciders=False)


@rule("sector-deciders-only", LESSON, "info", min_people=2)
def sector_deciders_only(ctx, settings):
    """A sector represented at a table only by executives, with no one who does the work."""
    yield from _one_sided(ctx, deciders=True, min_people=settings["min_people"])


def _people_by_sector(ctx, partnership: str) -> dict[str, set[str]]:
    """Sector -> the people who speak for its organizations at the table (both rules of
    one-sided representation ask, for every table)."""
    key = ("people_by_sector", partnership)
    if key not in ctx.cache:
        by_sector: dict[str, set[str]] = {}
        for org in ctx.members[partnership]:
            by_sector.setdefault(ctx.sector(org), set()).update(
                ctx.representatives(partnership, org))
        ctx.cache[key] = by_sector
    return ctx.cache[key]


def _one_sided(ctx, *, deciders: bool, min_people: int = 1):
    for p in sorted(ctx.partnerships):
        by_sector = _people_by_sector(ctx, p)
        for sector in sorted(by_sector):
            people = by_sector[sector]
            if sector == Sector.GOVERNMENT and not deciders:
                continue  # government-no-decision-maker says it, more strongly
            flags = [bool(ctx.people[x]["decision_maker"]) for x in people]
            if len(people) < min_people or not flags or any(flags) != all(flags) \
                    or all(flags) != deciders:
                continue
            what = "decision-makers" if deciders else "staff"
            yield dict(
                partnership=p, subjects=ctx.subjects(people),
                message=f"The {sector} sector is at {ctx.name(p)} only through {what} "
                        f"({len(people):,} {'person' if len(people) == 1 else 'people'}).",
                evidence={"sector": sector, "people": len(people),
                          "decision_makers": sum(flags)},
                suggestion=("Who in these organizations would carry the table's decisions "
                            "into their daily work?") if deciders else
                           ("Could someone who can commit these organizations join the "
                            "table's decisions?"),
            )


@rule("jurisdiction-level-missing", LESSON, "warning", levels=["city", "county", "state"])
def jurisdiction_level_missing(ctx, settings):
    """The table serves a place whose city, county or state government is absent."""
    wanted = [Level(level) for level in settings["levels"]]
    for p in sorted(ctx.partnerships):
        homes = {ctx.organizations[o]["jurisdiction"] for o in ctx.government_members(p)}
        for served, chain in sorted(ctx.served_ancestors(p).items()):
            missing = [(level, chain[level]) for level in wanted
                       if level in chain and chain[level] not in homes]
            for level, place in missing:
                yield dict(
                    partnership=p, subjects=[ctx.subject(p), ctx.subject(place)],
                    message=f"{ctx.name(p)} serves {ctx.name(served)}, but no government "
                            f"of {ctx.name(place)} ({level.value}) is at the table.",
                    evidence={"served": served, "level": level.value, "jurisdiction": place,
                              "government_levels_present": sorted(
                                  {ctx.level(o) or "unknown" for o in ctx.government_members(p)})},
                    suggestion=f"Does {ctx.name(place)} run services, budgets or rules that "
                               "shape this table's goals, and who there could take part?",
                )


@rule("government-role", LESSON, "info", spectator_severity="warning")
def government_role(ctx, settings):
    """Government's role at each table: leader, full partner, advocate or spectator.

    A spectator is reported at `spectator_severity`, the other roles at `severity`."""
    for p in sorted(ctx.partnerships):
        government = ctx.government_members(p)
        if not government:
            continue
        role, evidence = classify_government_role(ctx, p)
        yield dict(
            partnership=p, subjects=ctx.subjects(government),
            severity=settings["spectator_severity"] if role == "spectator"
            else settings["severity"],
            message=f"Government's role at {ctx.name(p)}: {role}.",
            evidence={"role": role, **evidence},
            suggestion=_ROLE_QUESTIONS[role],
        )


_ROLE_QUESTIONS = {
    "leader": "Is the table's agenda owned by its other partners too, so it outlasts an "
              "administration?",
    "full partner": "Which further policy or budget decisions could this partnership "
                    "inform?",
    "advocate": "Would the agencies at the table commit resources, data or policy change as "
                "well as their voice?",
    "spectator": "What would it take for government to commit something here, or lead a "
                 "piece of the work?",
}


def classify_government_role(ctx, partnership: str) -> tuple[str, dict]:
    """Living Cities' four roles of government at a table, with the evidence.

    * **leader** — a government organization convenes the table or is its backbone;
    * **full partner** — a government decision-maker is at the table and government made
      commitments to it;
    * **advocate** — government brings decision-makers or commitments, not both;
    * **spectator** — government is there only as observers, or only through staff
      with nothing committed.
    """
    government = ctx.government_members(partnership)
    roles = set().union(*(ctx.roles[partnership].get(o, set()) for o in government))
    people = {x for o in government for x in ctx.representatives(partnership, o)}
    deciders = sum(1 for x in people if ctx.people[x]["decision_maker"])
    commitments = [c for c in ctx.commitments_of[partnership] if c["maker"] in government]
    evidence = {"government_members": len(government), "membership_roles": sorted(roles),
                "decision_makers": deciders, "commitments": len(commitments)}
    if roles & {"convener", "backbone"}:
        return "leader", evidence
    if roles <= {"observer"} or (not deciders and not commitments):
        return "spectator", evidence
    if deciders and commitments:
        return "full partner", evidence
    return "advocate", evidence


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
