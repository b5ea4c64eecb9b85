"""Stores: where the partnership's rows live between commands."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from .base import GraphStore
from .sqlite import SQLiteStore

DEFAULT_STORE = "lcii.db"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def store_location(location: str | os.PathLike | None = None) -> str:
    """``location``, else ``$LCII_STORE``, else ``lcii.db`` in the working directory."""
    if location:
        return str(location)
    return os.environ.get("LCII_STORE") or DEFAULT_STORE


def store_exists(location: str | os.PathLike | None = None) -> bool:
    """Whether a store is already there (a file; a server is assumed to be)."""
    where = store_location(location)
    return where.startswith(NEO4J_SCHEMES) or Path(where).exists()


def open_store(location: str | os.PathLike | None = None, *, create: bool = True) -> GraphStore:
    """Open the store at ``location`` (see :func:`store_location`)."""
    where = store_location(location)
    if where.startswith(NEO4J_SCHEMES):
        raise StoreError("Neo4j stores are not available in this version; use an SQLite file")
    return SQLiteStore(Path(where), create=create)


__all__ = [
    "DEFAULT_STORE", "GraphStore", "SQLiteStore", "open_store", "store_exists", "store_location",
]
