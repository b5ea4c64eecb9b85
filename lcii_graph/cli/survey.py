"""The relational survey: ``lcii-graph survey scores`` and ``survey forms``."""

from __future__ import annotations

import click

from ..analysis.survey import LOW_RESPONSE, rounds, survey_round
from ..errors import InputInvalid
from .main import (
    check_partnership,
    cli,
    examples,
    force_option,
    load_network,
    opened_store,
)
from .output import echo_wrapped, emit_rows, output_options


@cli.group("survey", epilog=examples(
    "lcii-graph survey scores",
    "lcii-graph survey scores --round 2026 --json",
    "lcii-graph survey forms forms-2027 --round 2027 --partnership jobs"))
def survey_group():
    """The relational survey: forms to run a round by e-mail, and its numbers (ties
    confirmed or not, response rates, trust and value scores per organization, per sector
    and for the network)."""


def _number(value, digits: int = 2):
    return None if value is None else round(value, digits)


@survey_group.command("scores", epilog=examples(
    "lcii-graph survey scores --round 2026",
    "lcii-graph survey scores --csv > scores.csv"))
@click.option("--round", "round_", metavar="ROUND",
              help="The survey round (default the latest).")
@output_options()
@click.pass_context
def survey_scores(ctx, round_, fmt):
    """One round's numbers: the network's trust and value, the response rate, each
    organization's scores (from 2 raters up) and the sector collaboration matrix; --csv
    gives the organizations."""
    with opened_store(ctx) as store:
        network = load_network(ctx, store)
    known = rounds(network)
    if not known:
        raise InputInvalid("the store holds no survey round: import a ratings sheet first")
    if round_ is None:
        round_ = known[-1]
    elif round_ not in known:
        raise InputInvalid(f"--round {round_!r}: no such round; the rounds are "
                           f"{', '.join(known)}")
    result = survey_round(network, round_)
    if fmt in ("json", "nl"):
        emit_rows([], [], fmt, json_data=result)
        return
    rows = [{"organization": o["organization"], "name": o["name"], "sector": o["sector"],
             "responded": o["responded"], "degree": o["degree"],
             "value": _number(o["value"]["score"]), "value_raters": o["value"]["raters"],
             "trust": _number(o["trust"]["score"]), "trust_raters": o["trust"]["raters"],
             "relative_connectivity": _number(o["relative_connectivity"], 1),
             "non_redundant_ties": _number(o["non_redundant_ties"])}
            for o in result["organizations"]]
    if fmt == "csv":
        emit_rows(rows, list(rows[0]) if rows else ["organization"], fmt)
        return
    rate = result["response_rate"]
    click.echo(f"Round {round_}: {result['responded']} of {result['invited']} answered "
               f"({rate:.0%}){' - read with caution' if rate < LOW_RESPONSE else ''}; "
               f"{result['ratings']} ratings.")
    ties = result["ties"]
    click.echo(f"Ties: {ties['total']} ({ties['confirmed']} confirmed, {ties['unconfirmed']} "
               f"unconfirmed, {ties['unverifiable']} unverifiable); density "
               f"{result['density']:.3f}, degree centralization "
               f"{result['degree_centralization'] or 0:.3f}.")
    click.echo(f"Network value {result['value']:.2f} ({result['value_percent']:.0f}%), trust "
               f"{result['trust']:.2f} ({result['trust_percent']:.0f}%)."
               if result["value"] is not None and result["trust"] is not None else
               "Network value and trust: no item answered.")
    click.echo("")
    emit_rows(rows, ["name", "sector", "responded", "degree", "value", "value_raters", "trust",
                     "trust_raters", "relative_connectivity"], "table")
    click.echo("")
    echo_wrapped("Sector to sector (ties, density, mean trust of their ratings):")
    emit_rows([{"from": c["from"], "to": c["to"], "ties": c["ties"],
                "density": _number(c["density"], 3), "trust": _number(c["trust"])}
               for c in result["matrix"]], ["from", "to", "ties", "density", "trust"], "table")


@survey_group.command("forms", epilog=examples(
    "lcii-graph survey forms forms-2027 --round 2027 --partnership jobs",
    "lcii-graph survey forms forms-2027 --round 2027 --force"))
@click.argument("folder", type=click.Path(file_okay=False, path_type=str))
@click.option("--round", "round_", metavar="ROUND", required=True,
              help="The round the forms are for (a label or a date).")
@click.option("--partnership", metavar="ID",
              help="Invite this table's members (or, with a roster, only those at it).")
@force_option
@click.pass_context
def survey_forms(ctx, folder, round_, partnership, force):
    """Write one form (.xlsx) per invited organization into FOLDER, listing the round's
    other organizations with drop-downs for every answer; send them out, collect the
    returned files in a folder and run lcii-graph import FOLDER. Who is invited: the
    round's roster (the survey sheet), else the members of --partnership."""
    from ..export.forms import invited, write_forms
    from ..ingest.forms import record_roster

    with opened_store(ctx) as store:
        partnership = check_partnership(store, partnership)
        network = load_network(ctx, store)
        written = write_forms(network, folder, round_, partnership=partnership, force=force)
        click.echo(f"Wrote {len(written)} forms for round {round_} to {folder}; collect "
                   "the returned files in a folder and run: lcii-graph import FOLDER")
        if not any(r["round"] == round_ for r in network.records["survey"]):
            # Sending the forms is inviting: the roster the response rate is read against.
            record_roster(store, round_, invited(network, round_, partnership))
            click.echo(f"Recorded the round's roster: {len(written)} organizations invited.")
