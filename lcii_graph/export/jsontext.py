"""Long JSON lists written fast, in pieces: the text ``json.dumps`` gives with an indent.

With ``indent`` json runs its pure-Python encoder, ten times slower than its C one: the
100,000 node rows of ``metrics --level node --json`` on a state-wide network took 3 s to
write, the million edges of ``export json`` 17 s. A row of scalars (most of them) is
written by the C encoder instead, many rows at a time, with separators that give the
same lines (:func:`json_list`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

#: Value types a row written in one call of json's C encoder may hold (exact types:
#: anything else, a subclass included, takes the general path).
SCALARS = frozenset({str, int, float, bool, type(None)})
#: Rows encoded together by json's C encoder, and written as one piece.
BATCH = 2_000


def json_list(rows: Iterable, *, indent: int, depth: int = 0,
              default: Callable | None = None, batch: int = BATCH) -> Iterator[str]:
    r"""Pieces of text that together are ``json.dumps(list(rows), ensure_ascii=False,
    indent=indent, default=default)`` with every line after the first indented
    ``depth`` levels more (a list written as a value inside others), about ``batch``
    rows to a piece.

    A row that is a dict of scalars is encoded with up to ``batch`` others by the C
    encoder, whose separators are chosen to give the indented lines: between two rows
    it writes ``},`` + the item separator + ``{``, which in the indented text is the
    closing brace on a line of its own, a comma, and the next opening brace on the next.
    No value holds a raw line break (JSON escapes it), so that is the only place the
    sequence occurs. Any other row (nested, empty, not a dict) takes the general path.
    Keys need no check: both encoders write a key that is not text (a number,
    ``None``) alike."""
    item = " " * ((depth + 1) * indent)  # where a row's braces stand
    key = " " * ((depth + 2) * indent)  # where its keys do
    encode = json.JSONEncoder(ensure_ascii=False, indent=indent, default=default).encode
    flat = json.JSONEncoder(ensure_ascii=False, default=default,
                            separators=(",\n" + key, ": ")).encode
    between, between_lines = "},\n" + key + "{", "\n" + item + "},\n" + item + "{\n" + key
    pieces: list[str] = []
    pending: list[dict] = []
    opened = False

    def start() -> str:
        nonlocal opened
        text = (",\n" if opened else "[\n") + item
        opened = True
        return text

    def flush() -> None:
        text = flat(pending)[2:-2].replace(between, between_lines)
        pieces.append(start() + "{\n" + key + text + "\n" + item + "}")
        pending.clear()

    count = 0
    for row in rows:
        if type(row) is dict and row and SCALARS.issuperset(map(type, row.values())):
            pending.append(row)
        else:
            if pending:
                flush()
            pieces.append(start() + encode(row).replace("\n", "\n" + item))
        count += 1
        if count >= batch:
            if pending:
                flush()
            yield "".join(pieces)
            pieces.clear()
            count = 0
    if pending:
        flush()
    pieces.append("\n" + " " * (depth * indent) + "]" if opened else "[]")
    yield "".join(pieces)
