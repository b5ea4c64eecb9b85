"""The export formats and the kind of output each writes: what the command line needs to
parse ``export FORMAT`` without loading the writers."""

from __future__ import annotations

from ..outputs import CYPHER, GEXF, GRAPHML, JSON

FORMATS = ("csv", "xlsx", "graphml", "gexf", "json", "kumu", "cypher", "analysis")
#: The formats that carry the network as analysed rather than every stored row.
ANALYSED = ("graphml", "gexf", "analysis")


def target_kind(fmt: str) -> str:
    """The kind of output (:mod:`..outputs`) an export format writes."""
    return {"graphml": GRAPHML, "gexf": GEXF, "json": JSON, "cypher": CYPHER}.get(fmt, fmt)
