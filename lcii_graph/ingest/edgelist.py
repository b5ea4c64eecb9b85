"""Edge lists as other tools write them, read as the ties sheet.

=====================================  ====================  ===========================
written by                             the tie's ends        also
=====================================  ====================  ===========================
lcii-graph                             ``from``, ``to``      ``strength`` 1–4,
                                                             ``confirmed``,
                                                             ``provenance``
Gephi's spreadsheet import, networkx,  ``Source``,           ``Type`` Directed or
igraph, pandas                         ``Target``            Undirected, ``Weight``
Kumu                                   ``From``, ``To``      several targets split by
                                                             ``|``; ``Direction``
others                                 ``node1``, ``node2``  ``weight``
=====================================  ====================  ===========================

``Source`` names an end of the tie only in a sheet where no column names the
other convention's ``from``: beside ``from`` and ``to`` it is read as it was
written by lcii-graph before version 3 of the store, the tie's ``provenance``
(survey, document, facilitator).

What this reads differently from the file is said, once per sheet, in a note:
ends read from ``Source``/``Target``, a direction column read as ``confirmed``
(undirected and mutual ties are confirmed both ways), weights read as strength
(rescaled to 1–4 when they are not whole numbers from 1 to 4, left out when
every tie has the same weight), a row with several targets read as one tie
per target.
"""

from __future__ import annotations

import math

import pandas as pd

from ..model.aliases import normalize_key
from ..model.schema import SHEETS_BY_NAME
from .readers import RawSheet

#: Direction values and whether they make a tie confirmed (reported both ways).
DIRECTIONS = {"directed": False, "undirected": True, "mutual": True, "bidirectional": True,
              "bidirected": True}


def _keys(field: str) -> set[str]:
    f = SHEETS_BY_NAME["ties"].field(field)
    return {normalize_key(f.name), *(normalize_key(h) for h in f.headers)}


def read_conventions(raw: RawSheet) -> tuple[RawSheet, list[tuple[str | None, str]]]:
    """The ties sheet ``raw`` with other tools' conventions read as ours, and the notes
    ``(column, what was done)`` that say so."""
    headers = list(raw.headers)
    written = list(raw.headers)  # each column's header as the file wrote it, for the notes
    frame = raw.frame.copy()
    rows = list(raw.row_numbers)
    notes: list[tuple[str | None, str]] = []
    keys = [normalize_key(h) for h in headers]

    def column(*names: str) -> int | None:
        wanted = {normalize_key(n) for n in names}
        return next((i for i, k in enumerate(keys) if k in wanted), None)

    def rename(index: int, name: str) -> None:
        headers[index] = name
        keys[index] = normalize_key(name)

    def drop(index: int) -> None:
        nonlocal frame
        frame = frame.drop(columns=index)
        del headers[index], keys[index], written[index]
        frame.columns = range(len(headers))

    # The ends: Source/Target where nothing else gives "from".
    if not any(k in _keys("from") for k in keys):
        source, target = column("source"), column("target")
        if source is not None and target is not None:
            rename(source, "from")
            rename(target, "to")
            notes.append((written[source],
                          f"read {written[source]!r} and {written[target]!r} as the "
                          "tie's ends (the edge-list layout of Gephi, networkx and igraph)"))

    # A direction, in Gephi's Type or Kumu's Direction column.
    for name in ("type", "direction"):
        index = column(name)
        if index is None:
            continue
        values = {normalize_key(v) for v in frame[index].tolist() if str(v).strip()}
        if not values or not values <= set(DIRECTIONS):
            continue
        original = written[index]
        if column("confirmed", *SHEETS_BY_NAME["ties"].field("confirmed").headers) is None:
            frame[index] = ["yes" if DIRECTIONS.get(normalize_key(v)) else ""
                            for v in frame[index].tolist()]
            rename(index, "confirmed")
            notes.append((original, f"read {original!r} as confirmed: undirected and mutual "
                                    "ties are confirmed both ways, directed ones one way"))
        else:
            drop(index)
            notes.append((original, f"{original!r} left out: the sheet has a confirmed "
                                    "column"))

    # Weights as strength.
    weight = column("weight", "weights")
    if weight is not None and column(*_keys("strength")) is None:
        original = written[weight]
        numbers = _numbers(frame[weight].tolist())
        if numbers is None:
            rename(weight, "strength")  # not all numbers: each cell is checked as strength
        elif len(set(numbers.values())) <= 1:
            drop(weight)
            notes.append((original, f"{original!r} left out: every tie has the same weight, "
                                    "which says nothing of its strength"))
        elif all(n in (1, 2, 3, 4) for n in numbers.values()):
            rename(weight, "strength")
            notes.append((original, f"read {original!r} as strength (1 to 4)"))
        else:
            low, high = min(numbers.values()), max(numbers.values())
            frame[weight] = [str(1 + round(3 * (numbers[v] - low) / (high - low)))
                             if v in numbers else v for v in frame[weight].tolist()]
            rename(weight, "strength")
            notes.append((original, f"read {original!r} as strength, rescaled from "
                                    f"{low:g}–{high:g} to 1–4 (strength takes whole numbers "
                                    "from 1 to 4)"))

    # Several targets in one cell (Kumu: "A | B | C").
    to = column(*_keys("to"))
    if to is not None:
        cells = frame[to].tolist()
        several = {i for i, v in enumerate(cells) if "|" in str(v)}
        if several:
            out, numbers = [], []
            for i, record in enumerate(frame.itertuples(index=False, name=None)):
                targets = ([t.strip() for t in str(record[to]).split("|") if t.strip()]
                           if i in several else [record[to]])
                for target in targets:
                    out.append(record[:to] + (target,) + record[to + 1:])
                    numbers.append(rows[i])
            frame = pd.DataFrame(out, columns=frame.columns, dtype=object)
            rows = numbers
            notes.append((written[to],
                          f"{len(several)} row{'s' if len(several) > 1 else ''} with several "
                          "targets separated by '|' read as one tie per target"))
    return RawSheet(raw.sheet, raw.source, headers, frame, raw.header_row, rows,
                    custom_said=raw.custom_said), notes


def _numbers(cells: list) -> dict[str, float] | None:
    """Each non-blank cell's number, or ``None`` when one is not a finite number."""
    out = {}
    for cell in cells:
        text = str(cell).strip()
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            return None
        if not math.isfinite(value):
            return None
        out[cell] = value
    return out
