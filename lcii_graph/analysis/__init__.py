"""Analyses of the network model: pure functions returning plain data.

One module per topic, networkx style: :mod:`.cohesion`, :mod:`.centrality`,
:mod:`.homophily`, :mod:`.communities`, :mod:`.brokerage`,
:mod:`.structural_holes`, :mod:`.cuts`, :mod:`.core_periphery`; the gap
rules in :mod:`.rules`; :mod:`.metrics`, :mod:`.gaps` and :mod:`.whatif`
put them together.
"""

from .findings import Finding
from .funding import capital_stacks
from .gaps import gaps
from .metrics import metrics
from .summary import summarize
from .whatif import what_if

__all__ = ["Finding", "capital_stacks", "gaps", "metrics", "summarize", "what_if"]
