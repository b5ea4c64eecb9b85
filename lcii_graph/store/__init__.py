"""Stores: where the partnership's rows live between commands."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import StoreError
from .base import GraphStore
from .sqlite import SQLiteStore

DEFAULT_STORE = "lcii.db"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


#: An address with a scheme (``neo4j://``, ``Bolt://``, ``http://``...): never a file path.
_ADDRESS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def is_address(location: str) -> bool:
    """Whether ``location`` is an address (any scheme), not a file path."""
    return bool(_ADDRESS.match(location))


def is_neo4j_address(location: str) -> bool:
    """Whether ``location`` names a Neo4j server (the scheme in any case)."""
    found = _ADDRESS.match(location)
    return bool(found) and f"{found[1].lower()}://" in NEO4J_SCHEMES


def has_credentials(location: str) -> bool:
    """Whether an address carries a user or password (anything before an ``@``)."""
    found = _ADDRESS.match(location)
    return bool(found) and "@" in location[found.end():]


def redact(location: str) -> str:
    """The address with whatever precedes its host (a user, a password, whatever their
    punctuation) replaced by ``***``: for every message that names an address."""
    found = _ADDRESS.match(location)
    if not found:
        return location
    rest = location[found.end():]
    if "@" in rest:
        rest = "***@" + rest[rest.rfind("@") + 1:]
    return found[0] + rest


def store_location(location: str | os.PathLike | None = None) -> str:
    """``location``, else ``$LCII_STORE``, else ``lcii.db`` in the working directory;
    an address's scheme in lower case (``NEO4J://`` is ``neo4j://``)."""
    where = str(location) if location else (os.environ.get("LCII_STORE") or DEFAULT_STORE)
    found = _ADDRESS.match(where)
    if found:
        where = found[1].lower() + where[len(found[1]):]
    return where


def store_exists(location: str | os.PathLike | None = None) -> bool:
    """Whether a store is already there (a file; a server is assumed to be)."""
    where = store_location(location)
    return is_address(where) or Path(where).exists()


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
    if has_credentials(where):
        raise StoreError(f"{redact(where)}: put credentials in NEO4J_USERNAME and "
                         "NEO4J_PASSWORD, not in the address")
    if is_address(where) and not is_neo4j_address(where):
        raise StoreError(f"{redact(where)}: not a store; give an SQLite file or a Neo4j "
                         "address (neo4j://, neo4j+s://, bolt://, bolt+s://)")
    if is_neo4j_address(where):
        from .neo4j import DEFAULT_BATCH, Neo4jStore

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
    "DEFAULT_STORE", "GraphStore", "SQLiteStore", "has_credentials", "is_address",
    "is_neo4j_address", "open_store", "redact", "store_exists", "store_location",
]
