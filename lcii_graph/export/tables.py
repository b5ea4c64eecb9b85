"""Rows out: aligned text tables for people, JSON and CSV for programs.

CSV cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return) are neutralized with a leading
apostrophe, the convention spreadsheet programs show as plain text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """``value`` made inert for a spreadsheet; numbers stay numbers.

    A text starting with a formula character gets a leading apostrophe; so
    does one that already starts with apostrophes before such a character, so
    that import (which takes exactly one apostrophe off) gets the text back.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


#: Characters XML 1.0 cannot hold at all (control characters other than tab, newline and
#: carriage return; U+FFFE, U+FFFF; lone surrogates): xlsx, GraphML and GEXF write U+FFFD
#: in their place, so that every file parses. CSV, JSON and Cypher keep them, escaped.
#: Written as the inside of a regular expression's character class.
NOT_XML_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
_NOT_XML = re.compile(f"[{NOT_XML_CHARACTERS}]")


def xml_safe(value: object) -> object:
    """``value`` with each character XML cannot hold replaced by U+FFFD; others as is."""
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub("\ufffd", value)
    return value


def sheet_cell(value: object) -> object:
    """A value as an xlsx cell: formula-safe and XML-safe."""
    return xml_safe(formula_safe(value))


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def json_chunks(data: object, *, items: int = 1_000) -> Iterator[str]:
    """:func:`to_json` of ``data`` in pieces: a list an item at a time (joined
    ``items`` to a piece), so that 100,000 node rows never stand in memory as one text
    of a hundred megabytes and its parts (``json.dumps`` with an indent builds a list
    of every token first). The pieces put together are exactly :func:`to_json`."""
    if not isinstance(data, list) or not data:
        yield to_json(data)
        return
    piece = ["["]
    for k, item in enumerate(data):
        # An item one level in: its own lines indented two more spaces (a JSON text's
        # only line breaks are its layout's: one inside a string is written \n).
        piece.append(("\n  " if k == 0 else ",\n  ") + to_json(item).replace("\n", "\n  "))
        if len(piece) >= items:
            yield "".join(piece)
            piece = []
    piece.append("\n]")
    yield "".join(piece)


def write_csv(handle, rows: Iterable[Sequence]) -> None:
    """Write CSV rows, lines ending in ``\n``, quoting every field of a row that holds
    a carriage return (Python's writer leaves a lone ``\r`` unquoted, and every
    reader would take it for a line break)."""
    minimal = csv.writer(handle, lineterminator="\n")
    quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        needs = any(isinstance(v, str) and "\r" in v for v in row)
        (quoted if needs else minimal).writerow(row)


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    write_csv(buffer, [columns, *([_csv_cell(row.get(c)) for c in columns] for row in rows)])
    return buffer.getvalue()


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return formula_safe(value)


def display_text(value: object) -> str:
    """A value as one line of terminal text: control and bidi characters shown escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    text = str(value)
    if text.isprintable():
        return text  # isprintable is false for every Cc, Cf, Zl and Zp character
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp"):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide or full-width character. No
    ASCII character is either (a table of 100,000 rows spent 25 s here a character at a
    time)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: Columns that name a row or point at one: never cut, never left out of a table.
KEY_COLUMNS = frozenset({"id", "from", "to", "partnership", "organization", "person",
                         "metric", "maker", "recipient", "goal", "rule", "sheet", "what",
                         "field", "label", "relationship", "sector"})
#: The narrowest a wrapped column becomes (narrower, a column is left out instead).
MIN_WRAP = 16


def to_table(rows: Iterable[dict], columns: Sequence[str], *, width: int | None = None) -> str:
    """An aligned text table, at most ``width`` characters wide when given: the widest
    text columns wrap onto more lines (down to :data:`MIN_WRAP`), then the last columns
    are left out, and a line says which; ids and the other :data:`KEY_COLUMNS` are never
    cut nor left out."""
    import textwrap

    columns = list(columns)
    cells = [[display_text(row.get(c)) for c in columns] for row in rows]
    sizes = [list(map(_width, r)) for r in cells]  # each cell's width, measured once
    natural = [max([_width(c)] + [r[i] for r in sizes]) for i, c in enumerate(columns)]
    widths = list(natural)
    numeric = [all(_is_number(r[i]) for r in cells if r[i]) and any(r[i] for r in cells)
               for i in range(len(columns))]
    keep = list(range(len(columns)))
    left_out: list[str] = []

    def total() -> int:
        return sum(widths[i] for i in keep) + 2 * (len(keep) - 1)

    if width:
        while total() > width:  # wrap the widest text column one character more
            wrappable = [i for i in keep if columns[i] not in KEY_COLUMNS and not numeric[i]
                         and widths[i] > max(MIN_WRAP, _width(columns[i]))]
            if not wrappable:
                break
            widths[max(wrappable, key=lambda j: widths[j])] -= 1
        while total() > width:  # then leave the last columns out
            droppable = [i for i in keep[1:] if columns[i] not in KEY_COLUMNS]
            if not droppable:
                break
            keep.remove(droppable[-1])
            left_out.insert(0, columns[droppable[-1]])
        while total() < width:  # the room a left-out column made, back to the wrapped
            wrapped = [i for i in keep if widths[i] < natural[i]]
            if not wrapped:
                break
            widths[max(wrapped, key=lambda j: natural[j] - widths[j])] += 1

    def lines(values: list[str], measured: list[int] | None = None) -> list[str]:
        measured = measured or list(map(_width, values))
        if all(measured[i] <= widths[i] for i in keep):  # one line (most rows)
            return ["  ".join(" " * (widths[i] - measured[i]) + values[i] if numeric[i] else
                              values[i] + " " * (widths[i] - measured[i])
                              for i in keep).rstrip()]
        pieces = [textwrap.wrap(values[i], widths[i], break_long_words=True) or [""]
                  if measured[i] > widths[i] else [values[i]] for i in keep]
        out = []
        for depth in range(max(len(p) for p in pieces)):
            parts = []
            for piece, i in zip(pieces, keep, strict=True):
                value = piece[depth] if depth < len(piece) else ""
                pad = " " * (widths[i] - _width(value))
                parts.append(pad + value if numeric[i] else value + pad)
            out.append("  ".join(parts).rstrip())
        return out

    out = lines(columns) + lines(["-" * widths[i] for i in range(len(columns))])
    for r, measured in zip(cells, sizes, strict=True):
        out.extend(lines(r, measured))
    if left_out:
        note = (f"({len(left_out)} more column{'s' if len(left_out) > 1 else ''}: "
                f"{', '.join(left_out)}; --csv or --json shows every column)")
        out.extend(textwrap.wrap(note, width) if width else [note])
    return "\n".join(out)


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def readable(value) -> str:
    """A finding's evidence value as a person reads it: ``1,370,000`` not ``1370000.0``,
    ``grant 1,370,000; in kind 40,000`` for a breakdown (zeros left out), lists joined.

    >>> readable({"grant": 1370000.0, "pri": 0.0, "in_kind": 40000.0})
    'grant 1,370,000; in kind 40,000'
    >>> readable(["member", "observer"]), readable(0.76641), readable(12345.6), readable([])
    ('member, observer', '0.7664', '12,346', 'none')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, dict):
        shown = [f"{str(k).replace('_', ' ')} {readable(v)}" for k, v in value.items()
                 if v not in (0, 0.0, None)]
        return "; ".join(shown) or "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(readable(v) if not isinstance(v, str) else v for v in value) or "none"
    return str(value)
