"""Names a package loads on first use (PEP 562), so that a command imports only what it
uses: `lcii-graph --version` took most of a second when every package loaded the
analyses' networkx, numpy, pandas and igraph up front."""

from __future__ import annotations

import importlib
import sys


def lazy_attributes(package: str, table: dict[str, str]):
    """A module ``__getattr__`` for ``package``: ``name`` is imported from the module
    ``table[name]`` (relative to the package) the first time it is asked for."""

    def __getattr__(name: str):
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{table[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
