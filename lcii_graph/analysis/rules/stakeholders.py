"""Lesson: stakeholders — who must be at the table and is not, and who is drifting away.

The rules read the register (:mod:`..stakeholders`): the latest judgement of each
stakeholder about each table, on or before the analysis date, and the engagement log.
A *key player* is one in the "manage closely" quadrant, or of the definitive salience
class. These findings are the coordinator's judgements: partner outputs leave the whole
lesson out (:data:`..findings.PRIVATE_LESSONS`).
"""

from __future__ import annotations

from datetime import date

from ...model.vocabulary import STANCE_SCORE
from ..stakeholders import register
from . import rule

LESSON = "stakeholders"


def _rows(ctx, settings):
    key = ("stakeholders", settings["high"])
    if key not in ctx.cache:
        ctx.cache[key] = register(ctx.network, partnership=ctx.focus, today=ctx.today,
                                  high=settings["high"])
    return ctx.cache[key]


def _key_player(row) -> bool:
    return row["quadrant"] == "manage closely" or row["salience"] == "definitive"


def _where(ctx, row) -> str:
    return f"at {ctx.name(row['partnership'])}" if row["partnership"] else "at any table"


def _found(ctx, row, message, evidence, suggestion, **extra) -> dict:
    return dict(partnership=row["partnership"], scope="partnership" if row["partnership"]
                else "network", subjects=[ctx.subject(row["subject"])], message=message,
                evidence={"assessed": row["assessed"], **evidence}, suggestion=suggestion,
                **extra)


@rule("key-player-not-at-table", LESSON, "warning", high=3)
def key_player_not_at_table(ctx, settings):
    """A key player (manage closely, or definitive) not at the table it was judged about."""
    for row in _rows(ctx, settings):
        if _key_player(row) and not row["at_table"]:
            yield _found(ctx, row,
                         f"{row['name']} is a key player ({row['quadrant'] or row['salience']})"
                         f" but is not {_where(ctx, row)}.",
                         {"power": row["power"], "interest": row["interest"],
                          "salience": row["salience"], "tables": row["tables"]},
                         "What would it take to bring them to the table, or whom at the table "
                         "could carry their view?")


@rule("powerful-opponent", LESSON, "warning", high=3, max_stance=-1)
def powerful_opponent(ctx, settings):
    """A stakeholder with power of ``high`` or more whose stance is ``max_stance`` or lower."""
    for row in _rows(ctx, settings):
        if (row["power"] or 0) >= settings["high"] and row["stance_score"] is not None \
                and row["stance_score"] <= settings["max_stance"]:
            yield _found(ctx, row,
                         f"{row['name']} has power {row['power']} of 4 and is "
                         f"{_a(row['stance'])} {_where(ctx, row)}.",
                         {"power": row["power"], "stance": row["stance"]},
                         "What does this stakeholder stand to lose, and is there a change "
                         "to the plan, or an ally they trust, that could meet it?")


@rule("engagement-gap", LESSON, "warning", high=3, min_gap=2)
def engagement_gap(ctx, settings):
    """A key player engaged ``min_gap`` or more IAP2 levels below its target."""
    for row in _rows(ctx, settings):
        gap = row["engagement_gap"]
        if _key_player(row) and gap is not None and gap >= settings["min_gap"]:
            yield _found(ctx, row,
                         f"{row['name']} is engaged to {row['engagement']} {_where(ctx, row)};"
                         f" the aim is {row['engagement_target']}, {gap} levels more.",
                         {"engagement": row["engagement"],
                          "engagement_target": row["engagement_target"], "gap": gap},
                         "What would the next step up the spectrum look like for them: a seat "
                         "on a working group, a say in a decision?")


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _days(since: str, until: str) -> int:
    return (date.fromisoformat(until) - date.fromisoformat(since)).days


@rule("relationship-quiet", LESSON, "warning", high=3, max_quiet_days=90)
def relationship_quiet(ctx, settings):
    """A key player with no interaction logged in the last ``max_quiet_days`` days."""
    for row in _rows(ctx, settings):
        last = row["last_contact"]
        if _key_player(row) and (last is None or
                                 _days(last, ctx.today) > settings["max_quiet_days"]):
            quiet = _days(last, ctx.today) if last else None
            yield _found(ctx, row,
                         f"No contact with {row['name']} {_where(ctx, row)} "
                         + (f"since {last} ({quiet} days)." if last else "is logged."),
                         {"last_contact": last, "days": quiet},
                         "Who holds this relationship, and when could they next check in?")


@rule("single-threaded-relationship", LESSON, "info", high=3, min_contacts=2)
def single_threaded(ctx, settings):
    """A key player whose contacts (``min_contacts`` or more) all went through one owner."""
    for row in _rows(ctx, settings):
        if _key_player(row) and len(row["owners"]) == 1 and \
                row["contacts_past_year"] >= settings["min_contacts"]:
            yield _found(ctx, row,
                         f"Every contact with {row['name']} {_where(ctx, row)} in the past "
                         f"year went through {row['owners'][0]}.",
                         {"owner": row["owners"][0], "contacts": row["contacts_past_year"]},
                         "If that person left, who else knows this stakeholder? Could a "
                         "second person join the next conversation?")


@rule("stance-falling", LESSON, "warning", high=3)
def stance_falling(ctx, settings):
    """A stance lower in the latest judgement than in the one before it."""
    for row in _rows(ctx, settings):
        scored = [a for a in row["history"] if a["stance"]]
        if len(scored) >= 2 and scored[-1] is row["history"][-1]:
            before, now = scored[-2], scored[-1]
            if STANCE_SCORE[now["stance"]] < STANCE_SCORE[before["stance"]]:
                yield _found(ctx, row,
                             f"{row['name']} went from {before['stance']} ({before['date']}) "
                             f"to {now['stance']} ({now['date']}) {_where(ctx, row)}.",
                             {"was": before["stance"], "now": now["stance"],
                              "since": before["date"]},
                             "What changed for them between the two judgements, and who could "
                             "ask them?")


def overdue_follow_ups(ctx):
    """Interactions whose follow-up fell due before the analysis date and is not done."""
    for r in ctx.network.records["interactions"]:
        if r["follow_up_due"] and r["follow_up_due"] < ctx.today and not r["follow_up_done"] \
                and (ctx.focus is None or r["partnership"] in (ctx.focus, None)):
            yield r


@rule("follow-up-overdue", LESSON, "warning")
def follow_up_overdue(ctx, settings):
    """A follow-up promised in the engagement log, due and not done."""
    for r in sorted(overdue_follow_ups(ctx), key=lambda r: (r["follow_up_due"], r["id"])):
        subject = r["person"] or r["organization"]
        table = r["partnership"]
        yield dict(partnership=table, scope="partnership" if table else "network",
                   subjects=[ctx.subject(subject)],
                   message=f"A follow-up with {ctx.name(subject)} from {r['date']}"
                           + (f" ({r['topic']})" if r["topic"] else "")
                           + f" was due on {r['follow_up_due']} and is not marked done.",
                   evidence={"interaction": r["id"], "due": r["follow_up_due"],
                             "owner": r["owner"],
                             "days_overdue": _days(r["follow_up_due"], ctx.today)},
                   suggestion="Was it done and not logged, or does it still need doing?")
