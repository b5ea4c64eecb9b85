"""A Cypher script that recreates the store in an empty Neo4j database.

For cypher-shell (``cypher-shell -f store.cypher``) or Neo4j Browser's multi-statement
mode: the schema, then each batch of rows set as a parameter with ``:param rows => [...]``
and passed to the very statements the Neo4j store runs (``cypher/``). The rows are the
only values in the script, written as Cypher literals.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator

from ..model.schema import LINKS, SHEETS
from ..store.cypher_files import statement, statements
from ..store.neo4j import NODE_SHEETS, link_file

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cypher_literal(value) -> str:
    """A Python value as a Cypher literal: null, booleans, numbers, strings, lists, maps."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("no literal for a non-finite number")
        return repr(value)
    if isinstance(value, str):
        if value.isprintable() and "'" not in value and "\\" not in value:
            return f"'{value}'"  # nothing to escape (nearly every cell: checked in C)
        escaped = "".join(_ESCAPES.get(c, c if c.isprintable() or c == " " else
                                       f"\\u{ord(c):04x}" if ord(c) < 0x10000 else c)
                          for c in value)
        return f"'{escaped}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{str(k).replace('`', '``')}`: {cypher_literal(v)}"
                               for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def cypher_lines(records: dict[str, Iterable[dict]], *,
                 batch_size: int = 1_000) -> Iterator[str]:
    """The script's lines (each ending in a new line), a batch of rows at a time: a
    sheet's rows may be made as they are read (the L benchmark store's million rows were
    copied whole, then written as one text: 2.7 GB); they are read once for the sheet's
    nodes and once for each link its columns name, so an iterable that starts again each
    time, not a generator."""
    yield from ("// lcii-graph: recreate the store in an empty Neo4j 5 database.\n",
                "// Run with: cypher-shell -f THIS_FILE (or paste into Neo4j Browser).\n",
                "\n")
    yield from (text + ";\n" for text in statements("schema"))

    def emit(text: str, rows: Iterable[dict]) -> Iterator[str]:
        rows = iter(rows)
        while batch := list(itertools.islice(rows, batch_size)):
            yield f"\n:param rows => {cypher_literal(batch)};\n{text.rstrip()};\n"

    ordered = [s.name for s in SHEETS]
    for sheet in ordered:
        if sheet in NODE_SHEETS and sheet in records:
            yield from emit(statement(f"upsert_{sheet}"), records[sheet])
    for link in LINKS:
        if link.sheet in records:
            yield from emit(statement(link_file(link)), records[link.sheet])
