"""Turn raw sheets into typed rows, collecting every problem before refusing.

Validation never stops at the first problem: it reads every sheet, every
column and every row, and returns all problems together so a coordinator can
fix the workbook in one pass. Cells are parsed once per distinct value of a
column (see :mod:`.cells`), which keeps large imports fast.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ..model.aliases import normalize_key
from ..model.people import infer_decision_maker
from ..model.schema import (
    CUSTOM,
    CUSTOM_SHEETS,
    NODE_SHEETS,
    SHEETS,
    SHEETS_BY_NAME,
    STAKEHOLDER_SHEETS,
    Field,
    Sheet,
    custom_field_named,
    singular,
)
from ..model.vocabulary import DEFAULT_CHANGE, CommitmentType
from . import cells
from .cells import CellError
from .edgelist import read_conventions
from .problems import ERROR, WARNING, Problem
from .readers import MAX_CELL_CHARS, RawSheet, RawWorkbook


class ExistingData(Protocol):
    """What validation needs to know of the store it imports into."""

    def known_ids(self, sheet: str) -> dict[str, str | None]:
        """Ids already stored in ``sheet``, each with its name (or None)."""

    def jurisdiction_parents(self) -> dict[str, str | None]:
        """Stored jurisdiction id -> parent id."""


class NoExistingData:
    """An empty store: validation of a workbook on its own."""

    def known_ids(self, sheet: str) -> dict[str, str | None]:
        return {}

    def jurisdiction_parents(self) -> dict[str, str | None]:
        return {}


@dataclass
class TableData:
    """Typed rows ready for a store: only the columns the workbook gave."""

    sheet: str
    columns: list[str]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list:
        """One column's values, row by row."""
        k = self.columns.index(name)
        return [row[k] for row in self.rows]


@dataclass
class Validated:
    tables: dict[str, TableData]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {name: len(table) for name, table in self.tables.items()}


@dataclass
class _Parsed:
    """One sheet after parsing: a list of values per field, aligned with ``rows``."""

    sheet: Sheet
    raw: RawSheet
    values: dict[str, list]
    header: dict[str, str]  # field -> header text in the file
    rows: list[int]
    derived_id: list[bool] = field(default_factory=list)
    keep: list[bool] = field(default_factory=list)  # False for exact duplicate rows
    index: dict[str, int] = field(default_factory=dict)  # field -> column of raw.frame

    def cells(self, name: str) -> list[str] | None:
        """A field's cells as the file wrote them (None when the file has no column)."""
        return self.raw.frame[self.index[name]].tolist() if name in self.index else None

    def column_label(self, name: str) -> str:
        return self.header.get(name, name)


_ESCAPED_FORMULA = re.compile(r"^'+[=+\-@\t\r]")


def unescape_formula(text: str) -> str:
    """Undo :func:`lcii_graph.export.formula_safe`: one leading apostrophe goes."""
    return text[1:] if text[:1] == "'" and _ESCAPED_FORMULA.match(text) else text
_SLUG = re.compile(r"[\W_]+", re.UNICODE)


_NOT_WORD_OR_NEWLINE = re.compile(r"[^\w\n]+|_+")


def normalize_keys(texts: list[str | None]) -> list[str]:
    """:func:`normalize_key` of many texts in one regex pass (names hold no new line)."""
    if not texts:
        return []
    joined = "\n".join((t or "").replace("\n", " ") for t in texts).casefold()
    return _NOT_WORD_OR_NEWLINE.sub("", joined).split("\n")


def slugify(text: str) -> str:
    """An id from a name: lower case, words joined by '-', any script kept."""
    return _SLUG.sub("-", text.casefold()).strip("-")


def _header_lookup(sheet: Sheet) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for f in sheet.fields:
        lookup.setdefault(normalize_key(f.name), f.name)
    for f in sheet.fields:
        for alias in f.headers:
            lookup.setdefault(normalize_key(alias), f.name)
    if sheet.name == "memberships":
        lookup.setdefault("member", "member")
        lookup.setdefault("memberid", "member")
    return lookup


def _parser_for(f: Field) -> Callable[[str], object] | None:
    kind = f.type
    if kind == "bool":
        return cells.parse_bool
    if kind == "date":
        return cells.parse_date
    if kind == "number":
        return cells.parse_number
    if kind == "amount":
        return cells.parse_amount
    if kind == "currency":
        return cells.parse_currency
    if kind == "scale":
        return cells.parse_scale
    if kind in ("list",) or kind.startswith("refs:"):
        return cells.parse_list
    if kind.startswith("vocab:"):
        return cells.vocabulary_parser(f.vocabulary)
    if kind == "id":
        return cells.parse_id
    return None  # text, ref: the stripped text itself


class _Validator:
    def __init__(self, existing: ExistingData):
        self.existing = existing
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.notes: list[str] = []  # what was kept otherwise than as one of our columns
        self._known: dict[str, dict[str, str | None]] = {}
        self._choices: dict[str, dict[str, str]] = {}  # "did you mean": key -> id, per sheet
        self._suggested = 0

    # -- helpers --------------------------------------------------------------
    def known(self, sheet: str) -> dict[str, str | None]:
        if sheet not in self._known:
            self._known[sheet] = self.existing.known_ids(sheet)
        return self._known[sheet]

    def error(self, p: _Parsed | RawSheet, row, column, value, message):
        raw = p.raw if isinstance(p, _Parsed) else p
        self.problems.append(Problem(raw.source, raw.sheet, row, column, value, message, ERROR))

    def warn(self, p: _Parsed | RawSheet, row, column, value, message):
        raw = p.raw if isinstance(p, _Parsed) else p
        self.warnings.append(Problem(raw.source, raw.sheet, row, column, value, message, WARNING))

    # -- one sheet ------------------------------------------------------------
    def parse_sheet(self, sheet: Sheet, raw: RawSheet) -> _Parsed:
        lookup = _header_lookup(sheet)
        columns: dict[str, int] = {}
        header: dict[str, str] = {}
        custom: dict[str, int] = {}  # a custom field's header as written -> its column
        custom_keys: dict[str, str] = {}  # its header compared loosely -> as written
        for index, text in enumerate(raw.headers):
            key = normalize_key(text)
            if not key:
                filled = [row for row, v in zip(raw.row_numbers, raw.frame[index].tolist(),
                                                strict=True) if v.strip()]
                if filled:
                    # Cells under no header would be lost: refuse, naming the rows.
                    for row in filled:
                        self.error(raw, row, f"column {index + 1}", None,
                                   "expected no cell here: this column has no header; "
                                   "name the column or empty it")
                continue
            # "custom: NAME" is a custom field whatever NAME would otherwise read as.
            named = custom_field_named(text)
            name = None if named else lookup.get(key)
            if name is None:
                close = [] if named or raw.custom_said else difflib.get_close_matches(
                    key, list(lookup), n=1, cutoff=0.75)
                hint = f" (did you mean {lookup[close[0]]!r}?)" if close else ""
                field_name = named or text.strip()
                key = normalize_key(field_name) or field_name
                if sheet.name not in CUSTOM_SHEETS:
                    self.warn(raw, raw.header_row, text, None,
                              f"not a column of the {sheet.name} sheet; ignored{hint}")
                elif key in custom_keys:
                    self.error(raw, raw.header_row, text, None,
                               f"expected one column for the custom field {field_name!r}; "
                               f"{custom_keys[key]!r} already provides it")
                else:
                    custom[field_name] = index
                    custom_keys[key] = field_name
                    if hint:  # a slip of one of ours is kept, and said to be kept
                        self.warn(raw, raw.header_row, text, None,
                                  f"not a column of the {sheet.name} sheet{hint}; kept as "
                                  "a custom field")
                    elif not raw.custom_said:
                        self.notes.append(f"{raw.source}: column {text.strip()!r} kept as a "
                                          "custom field")
                continue
            if name in columns:
                self.error(raw, raw.header_row, text, None,
                           f"expected one column for {name!r}; "
                           f"{header[name]!r} already provides it")
                continue
            columns[name] = index
            header[name] = text
        for f in sheet.fields:
            if f.required and f.name not in columns:
                self.error(raw, raw.header_row, None, None,
                           f"expected a column {f.name!r} in the {sheet.name} sheet "
                           f"(headers found: {', '.join(repr(h) for h in raw.headers)})")

        values: dict[str, list] = {}
        for name, index in columns.items():
            f = sheet.field(name) if name != "member" else Field("member", "text")
            values[name] = self._parse_column(raw, f, header[name], raw.frame[index].tolist())
        if custom:
            values[CUSTOM] = self._custom_fields(raw, custom)
        return _Parsed(sheet, raw, values, header, raw.row_numbers, index=columns)

    def _custom_fields(self, raw: RawSheet, custom: dict[str, int]) -> list[str | None]:
        """Each row's custom fields as one JSON object of the cells that hold text, keys
        sorted (the same fields in another column order store the same text), None for a
        row with none."""
        import json

        cells_ = {name: raw.frame[index].tolist() for name, index in custom.items()}
        out: list[str | None] = []
        for i, row in enumerate(raw.row_numbers):
            found = {}
            for name, column in cells_.items():
                text = column[i]
                if len(text) > MAX_CELL_CHARS:
                    self.error(raw, row, name, text, "expected a cell of at most "
                               f"{MAX_CELL_CHARS:,} characters (got {len(text):,})")
                elif value := unescape_formula(text.strip()):
                    found[name] = value
            out.append(json.dumps(found, ensure_ascii=False, sort_keys=True)
                       if found else None)
        return out

    def _parse_column(self, raw: RawSheet, f: Field, label: str, cells_: list[str]) -> list:
        parse = _parser_for(f)
        mapping: dict[str, object] = {}
        bad: dict[str, str] = {}
        # Text and id cells are nearly all their own value: printable, no space at either
        # end, no apostrophe in front, not too long. Those are taken at once (an import
        # of a million rows has a million of them); any other goes the whole way.
        plain = parse is None or parse is cells.parse_id
        others = False
        for text in dict.fromkeys(cells_):  # each distinct text once, first seen first
            if plain and text.isprintable() and text[:1] not in ("", "'", " ") \
                    and text[-1] != " " and len(text) <= MAX_CELL_CHARS:
                mapping[text] = text
                continue
            others = True
            stripped = unescape_formula(text.strip())
            if len(text) > MAX_CELL_CHARS:
                bad[text] = f"a cell of at most {MAX_CELL_CHARS:,} characters (got {len(text):,})"
            elif not stripped:
                mapping[text] = f.default
                if f.required:
                    bad[text] = "a value (this column is required)"
            elif parse is None:
                mapping[text] = stripped
            else:
                try:
                    mapping[text] = parse(stripped)
                except CellError as exc:
                    bad[text] = str(exc)
        if bad:
            for row, text in zip(raw.row_numbers, cells_, strict=True):
                if text in bad:
                    shown = text if text.strip() else None
                    self.error(raw, row, label, shown, f"expected {bad[text]}")
            for text in bad:
                mapping[text] = None
        elif not others or all(value is text for text, value in mapping.items()):
            return cells_  # every cell is already its own value (ids, names)
        return [mapping[text] for text in cells_]

    # -- rules within a sheet -------------------------------------------------
    def derive_ids(self, p: _Parsed) -> None:
        n = len(p.rows)
        ids = p.values.get("id") or [None] * n
        p.derived_id = [value is None for value in ids]
        if any(p.derived_id):
            parts = []
            for name in p.sheet.id_from:
                column = p.values.get(name) or [None] * n
                if name == "name":
                    column = [slugify(v) if v else None for v in column]
                parts.append(column)
            if p.sheet.name == "memberships" and "member" in p.values:
                parts.insert(1, p.values["member"])
            parts = [[str(value) if value is not None else "" for value in part]
                     for part in parts]
            ids = [
                value if value is not None else "--".join(filter(None, key)) or None
                for value, key in zip(ids, zip(*parts, strict=True), strict=True)
            ]
            if p.sheet.id_from == ("name",):
                # A name with no letter or digit ("[]", "—") makes no id; a blank one is
                # reported where the name is required.
                for i, (id_, name) in enumerate(zip(ids, p.values.get("name") or [None] * n,
                                                    strict=True)):
                    if id_ is None and name:
                        self.error(p, p.rows[i], p.column_label("name"), name,
                                   "expected a name with a letter or digit to make an id "
                                   "from (or an id column)")
        p.values["id"] = ids

    def check_duplicates(self, p: _Parsed) -> None:
        """Same id twice: identical rows are merged with a note; different rows refused."""
        fields = [name for name in p.values if name != "id"]
        first: dict[str, int] = {}
        p.keep = [True] * len(p.rows)
        if len(set(p.values["id"])) == len(p.rows):
            return
        for i, id_ in enumerate(p.values["id"]):
            if id_ is None:
                continue  # an error was already reported for the blank source cells
            j = first.setdefault(id_, i)
            if j == i:
                continue
            same = all(p.values[name][i] == p.values[name][j] for name in fields)
            if same:
                p.keep[i] = False
                self.warn(p, p.rows[i], None, None,
                          f"repeats row {p.rows[j]} exactly; imported once")
            elif p.derived_id[i] and p.derived_id[j]:
                what = "name" if p.sheet.id_from == ("name",) else "key columns"
                self.error(p, p.rows[i], p.column_label(p.sheet.id_from[0]), None,
                           f"expected a unique {what}: row {p.rows[j]} gives the same id "
                           f"{id_!r}; give each row its own id, or merge them")
            else:
                self.error(p, p.rows[i], p.column_label("id"), id_,
                           f"expected a unique id: row {p.rows[j]} has the same id with "
                           "different values")

    def check_likely_duplicates(self, p: _Parsed) -> None:
        """Different ids, same normalized name: reported, never merged."""
        if "name" not in p.values:
            return
        stored = {}
        for id_, name in self.known(p.sheet.name).items():
            if name:
                stored.setdefault(normalize_key(name), id_)
        keys = normalize_keys(p.values["name"])
        counts = Counter(key for key, keep in zip(keys, p.keep, strict=True) if keep)
        seen: dict[str, tuple[str, str]] = {}
        for i, key in enumerate(keys):
            if not key or not p.keep[i] or (counts[key] == 1 and key not in stored):
                continue
            id_, name = p.values["id"][i], p.values["name"][i]
            other = seen.get(key) or ((stored[key], "in the store") if key in stored else None)
            if other and other[0] != id_:
                self.warn(p, p.rows[i], p.column_label("name"), name,
                          f"likely the same as {other[0]!r} ({other[1]}); "
                          "both were kept: merge them if they are one")
            seen.setdefault(key, (id_, f"row {p.rows[i]}"))

    def sheet_rules(self, p: _Parsed) -> None:
        n = len(p.rows)
        name = p.sheet.name
        if name == "people" and ("decision_maker" in p.values or "title" in p.values):
            given = p.values.get("decision_maker") or [None] * n
            titles = p.values.get("title") or [None] * n
            inferred = {t: infer_decision_maker(t) for t in set(titles)}
            p.values["decision_maker"] = [
                g if g is not None else inferred[t] for g, t in zip(given, titles, strict=True)
            ]
            p.values["decision_maker_inferred"] = [g is None for g in given]
        if name == "commitments" and "type" in p.values:
            given = p.values.get("change") or [None] * n
            p.values["change"] = [
                c if c is not None else _default_change(t)
                for c, t in zip(given, p.values["type"], strict=True)
            ]
        if name == "commitments" and "amount" in p.values:
            self._currency_of_amounts(p)
        if name == "ties" and "from" in p.values and "to" in p.values:
            for i, (a, b) in enumerate(zip(p.values["from"], p.values["to"], strict=True)):
                if a is not None and a == b:
                    self.error(p, p.rows[i], p.column_label("to"), b,
                               "expected a tie between two different organizations")
        if name == "metrics":
            for i, (low, high) in enumerate(zip(p.values.get("baseline_date") or [None] * n,
                                                p.values.get("target_date") or [None] * n,
                                                strict=True)):
                if low and high and high < low:
                    self.error(p, p.rows[i], p.column_label("target_date"), high,
                               f"expected a target date after the baseline date {low}")
        for start, end in (("since", "until"), ("start", "end")):
            if start in p.values and end in p.values:
                for i, (a, b) in enumerate(zip(p.values[start], p.values[end], strict=True)):
                    if a and b and b < a:
                        self.error(p, p.rows[i], p.column_label(end), b,
                                   f"expected a date on or after {start} ({a})")

    def _currency_of_amounts(self, p: _Parsed) -> None:
        """An amount written with its symbol (``€50,000``) says its currency: it fills a
        blank currency cell, and an amount whose symbol contradicts the currency cell
        is refused (the number alone would be read in the wrong money)."""
        amounts = p.cells("amount")
        symbols = [cells.currency_symbol(text) for text in amounts]
        if "currency" not in p.values and not any(symbols):
            return  # no currency column, none written: stored currencies stay as they are
        given = p.cells("currency") or [""] * len(amounts)
        currency = p.values.setdefault("currency", [None] * len(amounts))
        for i, (text, stated, symbol) in enumerate(zip(amounts, given, symbols, strict=True)):
            if symbol is None:
                continue
            if not stated.strip():
                currency[i] = symbol
            elif currency[i] is not None and currency[i] != symbol:
                self.error(p, p.rows[i], p.column_label("amount"), text,
                           f"expected an amount in {currency[i]}, the currency of this "
                           f"row; its symbol says {symbol}")

    # -- rules across sheets --------------------------------------------------
    def check_node_ids(self, parsed: dict[str, _Parsed]) -> None:
        """Organizations, people, places, tables, ... share one id namespace."""
        imported = {sheet: set(parsed[sheet].values["id"]) - {None}
                    for sheet in NODE_SHEETS if sheet in parsed}
        everywhere = {sheet: set(self.known(sheet)) | imported.get(sheet, set())
                      for sheet in NODE_SHEETS}
        for sheet, ids in imported.items():
            others = [other for other in NODE_SHEETS if other != sheet]
            clashes = {id_ for id_ in ids if any(id_ in everywhere[o] for o in others)} \
                if len(ids) < 1000 else ids & set().union(*(everywhere[o] for o in others))
            if not clashes:
                continue
            p = parsed[sheet]
            for i, id_ in enumerate(p.values["id"]):
                if id_ not in clashes or not p.keep[i]:
                    continue
                # The earlier sheet keeps the id; the later one is told.
                for other in NODE_SHEETS:
                    if other == sheet or id_ not in everywhere[other]:
                        continue
                    if id_ in self.known(other):
                        holder = f"a {singular(other)} in the store"
                    elif NODE_SHEETS.index(other) < NODE_SHEETS.index(sheet):
                        holder = f"{parsed[other].raw.source} row " \
                                 f"{parsed[other].rows[parsed[other].values['id'].index(id_)]}"
                    else:
                        continue
                    self.error(p, p.rows[i], p.column_label("id"), id_,
                               f"expected an id not used elsewhere; {holder} has it")
                    break

    def names(self, sheet: str, parsed: dict[str, _Parsed]) -> dict[str, set[str]]:
        """A node sheet's names (compared loosely) -> the ids of the rows that have them,
        in the store and in this import (so far)."""
        index: dict[str, set[str]] = {}
        for id_, name in self.known(sheet).items():
            if name:
                index.setdefault(normalize_key(name), set()).add(id_)
        p = parsed.get(sheet)
        if p is not None and "name" in p.values and "id" in p.values:
            for id_, name in zip(p.values["id"], p.values["name"], strict=True):
                if id_ is not None and name:
                    index.setdefault(normalize_key(name), set()).add(id_)
        return index

    def match_names(self, p: _Parsed, parsed: dict[str, _Parsed], *,
                    same_sheet: bool) -> None:
        """Take a reference that is no row's id but exactly one row's name for that row's
        id: spreadsheets often refer to a row by its name (and a sheet without an id
        column gets its ids from the names). Done before ``p``'s own ids are derived
        from its references (``same_sheet``: the references to its own rows, after),
        so an id is the same whichever way a row was referred to. What is left
        unknown is reported by :meth:`check_references`."""
        targets = {f.name: f.ref for f in p.sheet.fields
                   if f.ref and f.name in p.values and (f.ref == p.sheet.name) == same_sheet}
        if p.sheet.name == "memberships" and "member" in p.values and not same_sheet:
            targets["member"] = ("organizations", "people")
        for column, target in targets.items():
            sheets = target if isinstance(target, tuple) else (target,)
            ids = set().union(*(self.ids(sheet, parsed) for sheet in sheets))
            many = p.sheet.field(column).type.startswith("refs:") \
                if column != "member" else False
            values = p.values[column]
            distinct = set(values) - {None}
            if many:
                distinct = {v for value in distinct for v in cells.split_list(value)}
            unknown = distinct - ids
            if not unknown:  # the usual case: every reference is an id (set work only)
                continue
            names = [self.names(sheet, parsed) for sheet in sheets]
            matched: dict[str, str] = {}
            for v in sorted(unknown):
                named = [id_ for index in names for id_ in index.get(normalize_key(v), ())]
                if len(named) == 1:
                    matched[v] = named[0]
            if not matched:
                continue
            for i, value in enumerate(values):
                if many and value is not None:
                    parts = cells.split_list(value)
                    if any(v in matched for v in parts):
                        values[i] = "; ".join(matched.get(v, v) for v in parts)
                elif value in matched:
                    values[i] = matched[value]
            name, id_ = next(iter(matched.items()))
            more = f" and {len(matched) - 1} more" if len(matched) > 1 else ""
            self.warn(p, None, p.column_label(column), None,
                      f"names of {' and '.join(sheets)} taken for their ids: {name!r} is "
                      f"{id_!r}{more}")

    #: "Did you mean" is looked for this many times per import, among at most
    #: SUGGEST_AMONG rows (it compares the value with every name: a sheet of dangling
    #: references must not make the refusal slow).
    SUGGESTIONS, SUGGEST_AMONG = 20, 20_000

    def _closest(self, sheet: str, value: str, names: dict[str, set[str]]) -> str:
        """" (did you mean 'x'?)" naming the row of ``sheet`` whose name or id is nearest
        ``value`` (a misspelling, a missing accent), or nothing."""
        self._suggested += 1
        if self._suggested > self.SUGGESTIONS:
            return ""
        if sheet not in self._choices:
            ids = {id_ for group in names.values() for id_ in group} | set(self.known(sheet))
            self._choices[sheet] = {normalize_key(i): i for i in ids} | {
                k: min(group) for k, group in names.items()}
        choices = self._choices[sheet]
        if len(choices) > self.SUGGEST_AMONG:
            return ""
        close = difflib.get_close_matches(normalize_key(value), list(choices), n=1,
                                          cutoff=0.8)
        return f" (did you mean {choices[close[0]]!r}?)" if close else ""

    def _withdrawn(self, sheet: str, value: str) -> str:
        """Why a stored row is unknown to this import: ``import --sync`` removes the rows
        of a sheet the file carries that it does not hold."""
        withdrawn = getattr(self.existing, "withdrawn", None)
        if withdrawn is None or value not in withdrawn(sheet):
            return ""
        return (f"the {singular(sheet)} {value!r} is in the store but not in this file's "
                f"{sheet} sheet, so --sync removes it: add it back, or remove this row too")

    def ids(self, sheet: str, parsed: dict[str, _Parsed]) -> set[str]:
        ids = set(self.known(sheet))
        if sheet in parsed and "id" in parsed[sheet].values:
            ids |= set(parsed[sheet].values["id"]) - {None}
        return ids

    def check_references(self, parsed: dict[str, _Parsed]) -> None:
        names: dict[str, dict[str, set[str]]] = {}  # built once per sheet, if needed
        ids = {
            sheet: set(self.known(sheet)) | set(parsed[sheet].values["id"]) - {None}
            if sheet in parsed else set(self.known(sheet))
            for sheet in NODE_SHEETS
        }
        for p in parsed.values():
            for f in p.sheet.fields:
                target = f.ref
                if target is None or f.name not in p.values:
                    continue
                known = ids[target]
                column = p.values[f.name]
                distinct = set(column)
                if f.type.startswith("refs:"):
                    distinct = {v for value in distinct for v in cells.split_list(value)}
                if not (distinct - known - {None}):
                    continue
                for i, value in enumerate(column):
                    if value is None:
                        continue
                    missing = ([v for v in cells.split_list(value) if v not in known]
                               if f.type.startswith("refs:") else
                               [value] if value not in known else [])
                    for v in missing:
                        if target not in names:
                            names[target] = self.names(target, parsed)
                        named = sorted(names[target].get(normalize_key(v), ()))
                        self.error(p, p.rows[i], p.column_label(f.name), v,
                                   f"expected the id or name of a row of {target}; "
                                   + (f"{len(named)} {target} are named so "
                                      f"({', '.join(map(repr, named))}): give the id"
                                      if named else self._withdrawn(target, v) or
                                      f"no {singular(target)} has that id or name"
                                      + self._closest(target, v, names[target])))
        if "memberships" in parsed:
            self._resolve_members(parsed["memberships"], ids)
        for sheet in STAKEHOLDER_SHEETS:
            if sheet in parsed:
                self._check_subjects(parsed[sheet])
        if "ratings" in parsed:
            self._check_partners(parsed["ratings"])

    def _check_partners(self, p: _Parsed) -> None:
        """A respondent rates others, never itself."""
        n = len(p.rows)
        respondents = p.values.get("respondent") or [None] * n
        partners = p.values.get("partner") or [None] * n
        for i in range(n):
            if respondents[i] is not None and respondents[i] == partners[i]:
                self.error(p, p.rows[i], p.column_label("partner"), partners[i],
                           "expected a partner other than the respondent")

    def _check_subjects(self, p: _Parsed) -> None:
        """An assessment or interaction is about an organization, a person, or a person at
        an organization: at least one of the two."""
        n = len(p.rows)
        orgs = p.values.get("organization") or [None] * n
        people = p.values.get("person") or [None] * n
        what = "whom it judges" if p.sheet.name == "assessments" else "whom it was with"
        for i in range(n):
            if orgs[i] is None and people[i] is None:
                self.error(p, p.rows[i], None, None,
                           f"expected {what}: fill organization or person (or both)")

    def _resolve_members(self, p: _Parsed, ids: dict[str, set]) -> None:
        n = len(p.rows)
        orgs = p.values.setdefault("organization", [None] * n)
        people = p.values.setdefault("person", [None] * n)
        p.header.setdefault("organization", p.header.get("member", "organization"))
        p.header.setdefault("person", p.header.get("member", "person"))
        member = p.values.pop("member", None)
        for i in range(n):
            if member is not None and member[i] is not None:
                if orgs[i] is not None or people[i] is not None:
                    self.error(p, p.rows[i], p.column_label("member"), member[i],
                               "expected either the member column or organization/person, "
                               "not both")
                elif member[i] in ids["organizations"]:
                    orgs[i] = member[i]
                elif member[i] in ids["people"]:
                    people[i] = member[i]
                else:
                    self.error(p, p.rows[i], p.column_label("member"), member[i],
                               "expected the id or name of an organization or a person")
                continue
            if orgs[i] is None and people[i] is None:
                self.error(p, p.rows[i], None, None,
                           "expected a member: fill organization or person")
            elif orgs[i] is not None and people[i] is not None:
                self.error(p, p.rows[i], p.column_label("person"), people[i],
                           "expected one member per row: organization or person, not both")

    def check_jurisdiction_cycles(self, parsed: dict[str, _Parsed]) -> None:
        parents = dict(self.existing.jurisdiction_parents())
        p = parsed.get("jurisdictions")
        if p is None or "parent" not in p.values:
            return  # no parent changes, so no new loop
        row_of: dict[str, int] = {}
        for i, (id_, parent) in enumerate(zip(p.values["id"], p.values["parent"], strict=True)):
            if id_ is not None:
                parents[id_] = parent
                row_of[id_] = p.rows[i]
        reported: set[str] = set()
        done: set[str] = set()  # walked before: no loop starts there (linear in all)
        for start in parents:
            path: list[str] = []
            seen: set[str] = set()
            node: str | None = start
            while node is not None and node not in seen and node in parents \
                    and node not in done:
                seen.add(node)
                path.append(node)
                node = parents[node]
            done.update(path)
            if node is not None and node in seen:
                cycle = path[path.index(node):]
                key = min(cycle)
                if key in reported:
                    continue
                reported.add(key)
                here = next((c for c in cycle if c in row_of), cycle[0])
                loop = " -> ".join(cycle + [node])
                self.error(p, row_of.get(here), p.column_label("parent"), parents[here],
                           f"expected parents that do not loop: {loop}")


def _default_change(commitment_type: str | None) -> str | None:
    if commitment_type is None:
        return None
    default = DEFAULT_CHANGE.get(CommitmentType(commitment_type))
    return default.value if default else None



def validate(workbook: RawWorkbook, existing: ExistingData | None = None) -> Validated:
    """Parse and check every sheet of ``workbook`` against ``existing`` data.

    Returns the typed tables together with every problem and warning; the
    caller refuses the import when :attr:`Validated.ok` is false.
    """
    existing = existing or NoExistingData()
    v = _Validator(existing)
    v.problems.extend(workbook.problems)  # what its reader found (a survey form's cells)
    if "organizations" not in workbook.sheets and not v.known("organizations"):
        v.problems.append(Problem(str(workbook.path), "organizations", None, None, None,
                                  "expected an 'organizations' sheet (the one required sheet)"))
    parsed: dict[str, _Parsed] = {}
    for sheet in SHEETS:
        raw = workbook.sheets.get(sheet.name)
        if raw is None:
            continue
        if sheet.name == "ties":
            raw, notes = read_conventions(raw)
            for column, note in notes:
                v.warn(raw, raw.header_row, column, None, note)
        p = v.parse_sheet(sheet, raw)
        v.match_names(p, parsed, same_sheet=False)
        v.derive_ids(p)
        v.match_names(p, {**parsed, sheet.name: p}, same_sheet=True)
        v.sheet_rules(p)
        v.check_duplicates(p)
        if sheet.kind is not None:
            v.check_likely_duplicates(p)
        parsed[sheet.name] = p
    v.check_node_ids(parsed)
    v.check_references(parsed)
    v.check_jurisdiction_cycles(parsed)
    tables = {}
    for name, p in parsed.items():
        columns = [c for c in SHEETS_BY_NAME[name].columns if c in p.values]
        data = [p.values[c] for c in columns]
        rows = list(zip(*data, strict=True))
        if not all(p.keep):
            rows = [row for row, keep in zip(rows, p.keep, strict=True) if keep]
        tables[name] = TableData(name, columns, rows)
    return Validated(tables, v.problems, v.warnings, list(workbook.ignored), v.notes)
