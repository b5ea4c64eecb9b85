"""Lesson: cross-sector funding streams — blend grants, PRIs, loans and public money."""

from __future__ import annotations

from ...model.vocabulary import Sector
from ..context import COUNTED_STATUSES
from ..funding import capital_stack, currency_of, money
from . import rule

LESSON = "funding"


def _stacks(ctx):
    for p in sorted(ctx.partnerships):
        stack = capital_stack(ctx, p)
        if stack["capital"]:
            yield p, stack


def _money(stack: dict, key: str) -> str:
    return money(stack[key], stack["currency"])


@rule("grants-only", LESSON, "warning")
def grants_only(ctx, settings):
    """A table whose capital is grants alone."""
    for p, stack in _stacks(ctx):
        kinds = [t for t, amount in stack["by_type"].items() if amount and t != "in_kind"]
        if kinds == ["grant"]:
            yield dict(partnership=p, subjects=[ctx.subject(p)],
                       message=f"All {_money(stack, 'capital')} of capital at {ctx.name(p)} "
                               "is grants.",
                       evidence={"by_type": stack["by_type"]},
                       suggestion="Could program-related investments, loans or realigned "
                                  "public dollars carry part of the work as it grows?")


@rule("no-private-capital", LESSON, "info")
def no_private_capital(ctx, settings):
    """A table with capital but none from business or a financial intermediary."""
    for p, stack in _stacks(ctx):
        private = [c for c in ctx.capital(p)
                   if ctx.sector(c["maker"]) == Sector.BUSINESS
                   or ctx.organizations.get(c["maker"], {}).get("intermediary")]
        if not private:
            # Capital counts money, not in-kind support: say the in-kind business gives,
            # so that the finding does not read as if business gave nothing.
            in_kind = sum(c["amount"] for c in ctx.commitments_of[p]
                          if c["type"] == "in_kind" and c["amount"]
                          and c["status"] in COUNTED_STATUSES
                          and ctx.sector(c["maker"]) == Sector.BUSINESS
                          and currency_of(c) == stack["currency"])
            also = f"; business gives {money(in_kind, stack['currency'])} in kind, which " \
                "capital does not count" if in_kind else ""
            yield dict(partnership=p, subjects=[ctx.subject(p)],
                       message=f"None of the {_money(stack, 'capital')} of capital at "
                               f"{ctx.name(p)} comes from business or a financial "
                               f"intermediary{also}.",
                       evidence={"by_sector": stack["by_sector"],
                                 "business_in_kind": in_kind},
                       suggestion="Is there a return-seeking or mission-related investor — a "
                                  "bank, a CDFI — for whom part of this work is investable?")


@rule("no-intermediary", LESSON, "info")
def no_intermediary(ctx, settings):
    """A table with capital and no financial intermediary (CDFI, loan fund, bank CDC) in it."""
    for p, stack in _stacks(ctx):
        involved = set(ctx.members[p]) | {c["maker"] for c in ctx.capital(p)} | \
            {c["recipient"] for c in ctx.capital(p) if c["recipient"]}
        if not any(ctx.organizations.get(o, {}).get("intermediary") for o in involved):
            yield dict(partnership=p, subjects=[ctx.subject(p)],
                       message=f"No financial intermediary takes part in {ctx.name(p)}.",
                       evidence={"capital": stack["capital"]},
                       suggestion="Could a CDFI or community loan fund help blend and deploy "
                                  "capital that grants alone cannot?")


@rule("funder-concentration", LESSON, "warning", threshold=0.5)
def funder_concentration(ctx, settings):
    """One funder's share of a table's capital above ``threshold`` (with the HHI)."""
    for p, stack in _stacks(ctx):
        if stack["funders"] and stack["top_share"] > settings["threshold"]:
            top = stack["top_funder"]
            yield dict(
                partnership=p, subjects=[ctx.subject(p), ctx.subject(top)],
                message=f"{ctx.name(top)} provides {stack['top_share']:.0%} of the capital "
                        f"at {ctx.name(p)}.",
                evidence={"top_funder": top, "top_share": round(stack["top_share"], 4),
                          "hhi": round(stack["hhi"], 4), "funders": stack["funders"],
                          "capital": stack["capital"], "threshold": settings["threshold"]},
                suggestion="If this funder stepped back, what would carry the work, and who "
                           "else might co-invest?",
            )
