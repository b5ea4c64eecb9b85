"""The capital stack of a table: how its money is blended.

Counted: commitments of the capital types (grant, PRI, loan, guarantee,
equity, public funds) plus in-kind, with an amount, whose status is pledged,
active or fulfilled (proposed and lapsed money is not counted).

Funder concentration is the largest single maker's share of the capital and
the Herfindahl–Hirschman index (the sum of squared shares, 0 to 1).
"""

from __future__ import annotations

from collections import defaultdict

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


def _stack(ctx, partnership: str) -> dict:
    by_type = dict.fromkeys(STACK_TYPES, 0.0)
    by_sector: dict[str, float] = defaultdict(float)
    by_maker: dict[str, float] = defaultdict(float)
    for c in ctx.commitments_of[partnership]:
        if c["type"] not in by_type or c["status"] not in COUNTED_STATUSES or not c["amount"]:
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
