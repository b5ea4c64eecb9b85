"""Lesson: change systems, not programs."""

from __future__ import annotations

from collections import Counter

from . import rule

LESSON = "systems"


@rule("programs-only", LESSON, "warning")
def programs_only(ctx, settings):
    """A table whose commitments include no policy, data, practice or public-funds change."""
    for p in sorted(ctx.partnerships):
        commitments = ctx.commitments_of[p]
        if commitments and not any(c["change"] == "systems" for c in commitments):
            types = Counter(c["type"] for c in commitments)
            yield dict(
                partnership=p, subjects=[ctx.subject(p)],
                message=f"None of the {len(commitments):,} commitments to {ctx.name(p)} changes "
                        "policy, data sharing, practice or how public money flows.",
                evidence={"commitments": len(commitments), "systems_changes": 0,
                          "by_type": dict(sorted(types.items()))},
                suggestion="Which rule, budget, data flow or everyday practice keeps the "
                           "problem in place, and who at the table could change it?",
            )
