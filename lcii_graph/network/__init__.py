"""Network views built from the stored rows.

The package loads nothing itself (PEP 562): :mod:`.arrays` alone (numpy) serves a
second interpreter that computes from a graph's arrays
(:mod:`lcii_graph.analysis.worker`), without networkx's import."""

from .._lazy import lazy_attributes

_LAZY = {name: "model" for name in
         ("Network", "build_network", "in_effect", "network_of", "snapshot_network")}

__getattr__ = lazy_attributes(__name__, _LAZY)

__all__ = sorted(_LAZY)
