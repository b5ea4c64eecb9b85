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

from .jsontext import json_list_halves

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


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def json_chunks(data: object, *, items: int = 1_000) -> Iterator[str]:
    """:func:`to_json` of ``data`` in pieces: a list about ``items`` items to a piece
    (:func:`~lcii_graph.export.jsontext.json_list`, rows of scalars through json's C
    encoder), so that 100,000 node rows never stand in memory as one text of a hundred
    megabytes and its parts (``json.dumps`` with an indent builds a list of every token
    first), and take 1.5 s to write, not 3; a long list's second half is encoded in a
    second process meanwhile (:func:`~lcii_graph.export.jsontext.json_list_halves`). The
    pieces put together are exactly :func:`to_json`."""
    if not isinstance(data, list) or not data:
        yield to_json(data)
        return
    yield from json_list_halves(data, indent=2, batch=items)


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
    columns = list(columns)
    rows = rows if isinstance(rows, Sequence) else list(rows)
    # A column at a time (a table of 100,000 rows: seconds less than a cell at a time).
    texts = [[display_text(row.get(c)) for row in rows] for c in columns]
    sizes = [_widths(column) for column in texts]  # each cell's width, measured once
    natural = [max([_width(c), *size]) for c, size in zip(columns, sizes, strict=True)]
    widths = list(natural)
    numeric = [all(_is_number(t) for t in column if t) and any(column) for column in texts]
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

    head = [[c] for c in columns], [[_width(c)] for c in columns]
    rule = [["-" * widths[i]] for i in range(len(columns))], [[widths[i]] for i in
                                                               range(len(columns))]
    out = []
    for cells, measured in (head, rule, (texts, sizes)):
        out.extend(_lines([cells[i] for i in keep], [measured[i] for i in keep],
                          [widths[i] for i in keep], [numeric[i] for i in keep]))
    if left_out:
        note = (f"({len(left_out)} more column{'s' if len(left_out) > 1 else ''}: "
                f"{', '.join(left_out)}; --csv or --json shows every column)")
        out.extend(_wrap(note, width) if width else [note])
    return "\n".join(out)


def _widths(texts: list[str]) -> list[int]:
    """Each text's :func:`_width`: its length where the column is ASCII throughout."""
    if "".join(texts).isascii():
        return list(map(len, texts))
    return list(map(_width, texts))


def _lines(columns: list[list[str]], sizes: list[list[int]], widths: list[int],
           numeric: list[bool]) -> list[str]:
    """The lines of the table's rows, given a column at a time (each cell's text and
    width): a cell padded to its column's width (numbers to the right), one wider than
    that wrapped onto more lines; columns two spaces apart, no space at a line's end."""
    padded = []
    wrapped: dict[int, dict[int, list[str]]] = {}  # row -> column -> its lines
    for k, (texts, measured, w, right) in enumerate(zip(columns, sizes, widths, numeric,
                                                        strict=True)):
        # " " * a negative number is "": a cell too wide is left as it is, then wrapped.
        padded.append([" " * (w - m) + t for t, m in zip(texts, measured, strict=True)]
                      if right else
                      [t + " " * (w - m) for t, m in zip(texts, measured, strict=True)])
        if max(measured, default=0) > w:
            for r, m in enumerate(measured):
                if m > w:
                    wrapped.setdefault(r, {})[k] = [_padded(line, w, right)
                                                    for line in _wrap(texts[r], w)]
    blank = [" " * w for w in widths]
    out = []
    for r, cells in enumerate(zip(*padded, strict=True)):
        if r not in wrapped:  # one line (most rows)
            out.append("  ".join(cells).rstrip())
            continue
        pieces = [wrapped[r].get(k) or [cell] for k, cell in enumerate(cells)]
        for depth in range(max(map(len, pieces))):
            out.append("  ".join(piece[depth] if depth < len(piece) else blank[k]
                                 for k, piece in enumerate(pieces)).rstrip())
    return out


def _padded(text: str, width: int, right: bool) -> str:
    pad = " " * (width - _width(text))
    return pad + text if right else text + pad


def _wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width, break_long_words=True)``, or ``[""]`` where that is
    empty. Plain words (printable ASCII, single spaces, no hyphen, none longer than
    ``width``) are filled here, as textwrap fills them, without its regular expressions.
    (Not a control character: textwrap splits at some, and drops a chunk of those
    ``str.strip`` removes, such as ``\x1f``.)"""
    words = text.split(" ")
    if not text.isascii() or not text.isprintable() or "-" in text or \
            not all(0 < len(word) <= width for word in words):
        import textwrap

        return textwrap.wrap(text, width, break_long_words=True) or [""]
    lines, line, size = [], [words[0]], len(words[0])
    for word in words[1:]:
        if size + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, size = [word], len(word)
        else:
            line.append(word)
            size += 1 + len(word)
    lines.append(" ".join(line))
    return lines


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
