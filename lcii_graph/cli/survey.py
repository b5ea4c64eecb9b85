"""The relational survey: ``lcii-graph survey scores``."""

from __future__ import annotations

import click

from ..analysis.survey import LOW_RESPONSE, rounds, survey_round
from ..errors import InputInvalid
from .main import cli, examples, load_network, opened_store
from .output import echo_wrapped, emit_rows, output_options


@cli.group("survey", epilog=examples(
    "lcii-graph survey scores",
    "lcii-graph survey scores --round 2026 --json"))
def survey_group():
    """The relational survey's numbers: ties confirmed or not, response rates, trust and
    value scores per organization, per sector and for the network."""


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
