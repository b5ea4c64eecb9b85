"""Analyses of the network model: pure functions returning plain data.

One module per topic, networkx style: :mod:`.cohesion`, :mod:`.centrality`,
:mod:`.homophily`, :mod:`.communities`, :mod:`.brokerage`,
:mod:`.structural_holes`, :mod:`.cuts`, :mod:`.core_periphery`; the gap
rules in :mod:`.rules`; :mod:`.metrics`, :mod:`.gaps` and :mod:`.whatif`
put them together.

The package loads nothing itself (PEP 562): a command that needs one analysis loads
that module alone. The functions of the top-level API (``lcii_graph.gaps``,
``lcii_graph.metrics``, ...) live in their modules; ``lcii_graph.analysis.gaps`` and
``.metrics`` are those modules.
"""

from .._lazy import lazy_attributes

_LAZY = {"Finding": "findings", "capital_stacks": "funding", "summarize": "summary",
         "what_if": "whatif"}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = sorted(_LAZY)
