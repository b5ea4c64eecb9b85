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


def open_store(location: str | os.PathLike | None = None, *, create: bool = True,
               database: str | None = None, password_prompt=None,
               batch_size: int | None = None) -> GraphStore:
    """Open the store at ``location`` (see :func:`store_location`).

    A ``neo4j://``, ``neo4j+s://``, ``bolt://`` or ``bolt+s://`` address opens a
    :class:`~lcii_graph.store.neo4j.Neo4jStore` on ``database`` (else
    ``$NEO4J_DATABASE``, else the server's default), with credentials from
    ``NEO4J_USERNAME`` (default ``neo4j``) and ``NEO4J_PASSWORD`` — or, when that
    is not set, from ``password_prompt()`` if given.
    """
    where = store_location(location)
    if where.startswith(NEO4J_SCHEMES):
        from .neo4j import DEFAULT_BATCH, Neo4jStore, has_credentials, redact

        if has_credentials(where):
            raise StoreError(f"{redact(where)}: put credentials in NEO4J_USERNAME and "
                             "NEO4J_PASSWORD, not in the address")
        password = os.environ.get("NEO4J_PASSWORD")
        if password is None and password_prompt is not None:
            password = password_prompt()
        auth = (os.environ.get("NEO4J_USERNAME") or "neo4j", password) \
            if password is not None else None
        return Neo4jStore(where, auth=auth,
                          database=database or os.environ.get("NEO4J_DATABASE") or None,
                          batch_size=batch_size or DEFAULT_BATCH)
    return SQLiteStore(Path(where), create=create)


__all__ = [
    "DEFAULT_STORE", "GraphStore", "SQLiteStore", "open_store", "store_exists", "store_location",
]
