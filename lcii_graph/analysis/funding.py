"""The capital stack of a table: how its money is blended.

Counted: commitments of the capital types (grant, PRI, loan, guarantee,
equity, public funds) plus in-kind, with an amount, whose status is pledged,
active or fulfilled (proposed and lapsed money is not counted).

Funder concentration is the largest single maker's share of the capital and
the Herfindahl–Hirschman index (the sum of squared shares, 0 to 1).

Money in different currencies is never added up: a table's stack is in the
currency most of its counted commitments use (USD where none is given), and the
amounts in any other currency are reported beside it, per currency, uncounted.
"""

from __future__ import annotations

from collections import defaultdict

from ..ingest.cells import CURRENCY_SYMBOLS
from ..model.vocabulary import CAPITAL_TYPES, CommitmentType
from .context import COUNTED_STATUSES

STACK_TYPES = [t.value for t in CommitmentType if t in CAPITAL_TYPES] + ["in_kind"]


def capital_stack(ctx, partnership: str) -> dict:
    """Totals by type and by the maker's sector, and funder concentration (cached
    on the context: several rules read the same stack)."""
    cache = ctx.cache.setdefault("capital_stack", {})
    if partnership not in cache:
        cache[partnership] = _stack(ctx, partnership)
    return cache[partnership]


#: The currency of a commitment that names none.
DEFAULT_CURRENCY = "USD"
#: The symbol of each currency that has one (as the cell parser reads them).
_SYMBOLS = {code: symbol for symbol, code in CURRENCY_SYMBOLS.items()}


def money(amount: float, currency: str | None = DEFAULT_CURRENCY, *, short: bool = False
          ) -> str:
    """``$1,250,000``, ``€40,000``, ``1,000 CAD``: an amount as people read it (``short``
    for a chart: ``$1.3M``, ``€40k``)."""
    code = currency or DEFAULT_CURRENCY
    if short and amount >= 1e6:
        number = f"{amount / 1e6:,.1f}M"
    elif short and amount >= 1e3:
        number = f"{amount / 1e3:,.0f}k"
    else:
        number = f"{amount:,.0f}"
    return f"{_SYMBOLS[code]}{number}" if code in _SYMBOLS else f"{number} {code}"


def currency_of(commitment: dict) -> str:
    return commitment.get("currency") or DEFAULT_CURRENCY


def _stack(ctx, partnership: str) -> dict:
    by_type = dict.fromkeys(STACK_TYPES, 0.0)
    by_sector: dict[str, float] = defaultdict(float)
    by_maker: dict[str, float] = defaultdict(float)
    counted = [c for c in ctx.commitments_of[partnership]
               if c["type"] in by_type and c["status"] in COUNTED_STATUSES and c["amount"]]
    uses = defaultdict(int)
    for c in counted:
        uses[currency_of(c)] += 1
    currency = min(uses, key=lambda code: (-uses[code], code != DEFAULT_CURRENCY, code),
                   default=DEFAULT_CURRENCY)
    others: dict[str, float] = defaultdict(float)
    for c in counted:
        if currency_of(c) != currency:
            others[currency_of(c)] += c["amount"]
            continue
        by_type[c["type"]] += c["amount"]
        if c["type"] != "in_kind":
            by_sector[ctx.sector(c["maker"]) or "unknown"] += c["amount"]
            by_maker[c["maker"]] += c["amount"]
    total = sum(by_maker.values())
    shares = {m: a / total for m, a in by_maker.items()} if total else {}
    top = max(shares, key=lambda m: (shares[m], m), default=None)
    return {
        "partnership": partnership,
        "currency": currency,
        "other_currencies": dict(sorted(others.items())),
        "by_type": by_type,
        "by_sector": dict(sorted(by_sector.items())),
        "capital": total,
        "in_kind": by_type["in_kind"],
        "funders": len(by_maker),
        "top_funder": top,
        "top_share": shares.get(top) if top else None,
        "hhi": sum(s * s for s in shares.values()) if shares else None,
    }


def capital_stacks(source, *, as_of: str | None = None) -> list[dict]:
    """The capital stack of every table of a store or network (see the module docstring)."""
    from ..network.model import network_of
    from .context import Context

    ctx = Context(network_of(source, as_of=as_of))
    return [{"name": ctx.name(p), **capital_stack(ctx, p)} for p in sorted(ctx.partnerships)]
