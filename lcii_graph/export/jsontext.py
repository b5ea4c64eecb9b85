"""Long JSON lists written fast, in pieces: the text ``json.dumps`` gives with an indent.

With ``indent`` json runs its pure-Python encoder, ten times slower than its C one: the
100,000 node rows of ``metrics --level node --json`` on a state-wide network took 3 s to
write, the million edges of ``export json`` 17 s. A row of scalars (most of them) is
written by the C encoder instead, many rows at a time, with separators that give the
same lines (:func:`json_list`).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator, Sequence

#: Value types a row written in one call of json's C encoder may hold (exact types:
#: anything else, a subclass included, takes the general path).
SCALARS = frozenset({str, int, float, bool, type(None)})
#: Rows encoded together by json's C encoder, and written as one piece.
BATCH = 2_000
#: From this many rows on, :func:`json_list_halves` encodes the second half in a second
#: process (where the machine has a second processor): 20,000 node rows take about
#: 0.5 s to encode, a fork of the process that holds them a few hundredths.
SPLIT_ROWS = 20_000


def json_list(rows: Iterable, *, indent: int, depth: int = 0,
              default: Callable | None = None, batch: int = BATCH,
              opened: bool = False, close: bool = True) -> Iterator[str]:
    r"""Pieces of text that together are ``json.dumps(list(rows), ensure_ascii=False,
    indent=indent, default=default)`` with every line after the first indented
    ``depth`` levels more (a list written as a value inside others), about ``batch``
    rows to a piece.

    ``opened``: the rows go on a list already begun, after rows written before them
    (the text starts with the comma between); ``close=False`` leaves the list open for
    rows to come. A list written in two parts of at least one row each, the first with
    ``close=False`` and the second with ``opened``, is the list written at once.

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
    if close:
        pieces.append("\n" + " " * (depth * indent) + "]" if opened else "[]")
    yield "".join(pieces)


def json_list_halves(rows: Sequence, *, indent: int, batch: int = BATCH,
                     split: int = SPLIT_ROWS) -> Iterator[str]:
    """:func:`json_list` of ``rows`` (plain JSON values: no ``default``), the second half
    encoded in a forked child while this process encodes and gives out the first, where
    there are at least ``split`` rows and a second processor: the JSON of the 100,000
    node rows of ``metrics --level node --json`` on a state-wide network is 3 s of work
    after every measure is in. The same text either way; where the child fails, its
    half is encoded here."""
    from ..processes import finish, second_processor, start, stop

    middle = len(rows) // 2
    if len(rows) < max(split, 2) or not second_processor():
        yield from json_list(rows, indent=indent, batch=batch)
        return
    second = rows[middle:]
    child = start(lambda: "".join(json_list(second, indent=indent, batch=batch,
                                            opened=True)).encode())
    try:
        yield from json_list(rows[:middle], indent=indent, batch=batch, close=False)
        data, child = (finish(child) if child else None), None
    finally:
        if child:  # the reader went away before the end (a closed pipe, an interrupt)
            stop(child)
    if data is None:
        yield from json_list(second, indent=indent, batch=batch, opened=True)
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20  # pieces of a megabyte, not one text of half the list
    for at in range(0, len(data), step):
        yield decoder.decode(data[at:at + step])
    decoder.decode(b"", final=True)  # the child's text ends with a whole character
