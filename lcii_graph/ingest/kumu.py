"""Read a Kumu map: its JSON blueprint or its XLSX (Elements and Connections sheets).

Kumu has no notion of sectors or commitments, so elements and connections are
placed onto the vocabulary by their fields:

* an element whose type says person (Person, Individual, Contact) becomes a
  person; one that says table (Partnership, Initiative, Collaborative, Table,
  Working group) a partnership; every other element an organization, whose
  sector comes from a ``Sector`` field, a field mapped with ``--map FIELD=sector``,
  or its element type when that is a sector ("Government", "Foundation", "NGO");
* a connection between two organizations becomes a tie (its type read as a tie
  kind, else ``informal``); person → organization, the person's organization;
  organization or person → partnership, a membership.

Whatever cannot be placed is listed in the import report, never guessed. The
result is an ordinary workbook: validation then runs as for any other, all or
nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..errors import InputInvalid, InputUnreadable
from ..model.aliases import SECTORS, TIE_KINDS, UnknownValue, normalize_key
from .readers import RawSheet, RawWorkbook
from .validate import slugify

PERSON_TYPES = {"person", "people", "individual", "contact", "staff"}
TABLE_TYPES = {"partnership", "initiative", "collaborative", "table", "workinggroup",
               "coalitiontable"}
#: Our fields an element or connection field may be mapped onto with --map.
MAP_TARGETS = {"sector", "type", "name", "id", "title", "organization", "notes", "url",
               "kind", "strength", "role", "since", "until", "jurisdiction"}


def is_kumu_xlsx(sheet_names: list[str]) -> bool:
    keys = {normalize_key(n) for n in sheet_names}
    return {"elements", "connections"} <= keys


def parse_mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("Org Type=sector", ...)`` → ``{"orgtype": "sector"}`` (keys normalized)."""
    mapping = {}
    for pair in pairs:
        field, sep, ours = pair.partition("=")
        if not sep or not field.strip() or ours.strip() not in MAP_TARGETS:
            raise InputInvalid(f"--map {pair!r}: expected FIELD=OURS with OURS one of "
                               f"{', '.join(sorted(MAP_TARGETS))}")
        mapping[normalize_key(field)] = ours.strip()
    return mapping


def _flatten(item: dict) -> dict[str, str]:
    """A Kumu element or connection as {normalized field: text}."""
    fields = dict(item.get("attributes") or {})
    fields.update({k: v for k, v in item.items() if k != "attributes"})
    out = {}
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        out[normalize_key(str(key))] = str(value)
    return out


#: A Kumu blueprint is read whole; its parsed form takes about ten times its size.
MAX_JSON_BYTES = 100 * 1024 * 1024


def _records_from_json(path: Path) -> tuple[list[dict], list[dict]]:
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise InputUnreadable(f"{path}: {size / 2**20:.0f} MB is over the "
                              f"{MAX_JSON_BYTES // 2**20} MB limit for a Kumu JSON file")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputUnreadable(f"{path}: not a Kumu JSON file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("elements"), list):
        raise InputUnreadable(f"{path}: not a Kumu blueprint: expected an object with "
                              "'elements' (and 'connections')")
    elements = [_flatten(e) for e in data["elements"] if isinstance(e, dict)]
    connections = [_flatten(c) for c in data.get("connections") or [] if isinstance(c, dict)]
    return elements, connections


def _records_from_xlsx(path: Path) -> tuple[list[dict], list[dict]]:
    import openpyxl

    from .readers import sheet_rows

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {normalize_key(ws.title): ws for ws in book.worksheets}
        out = []
        for name in ("elements", "connections"):
            rows = sheet_rows(sheets[name])
            header = [normalize_key(h) for h in rows[0]] if rows else []
            out.append([{h: v for h, v in zip(header, row, strict=False) if h and v.strip()}
                        for row in rows[1:] if any(v.strip() for v in row)])
        return out[0], out[1]
    finally:
        book.close()


def read_kumu(path: Path, mapping: dict[str, str] | None = None) -> RawWorkbook:
    """A Kumu map as a workbook of organizations, people, partnerships, memberships, ties."""
    mapping = mapping or {}
    if path.suffix.lower() == ".json":
        elements, connections = _records_from_json(path)
    else:
        elements, connections = _records_from_xlsx(path)
    source = path.name
    unplaced: list[str] = []

    def get(fields: dict, ours: str, *names: str) -> str:
        for field, target in mapping.items():
            if target == ours and fields.get(field):
                return fields[field]
        for name in names:
            if fields.get(name):
                return fields[name]
        return ""

    kind_of: dict[str, str] = {}  # element key (id or label) -> our id, and its sheet
    rows: dict[str, list[list[str]]] = {"organizations": [], "people": [], "partnerships": []}
    numbers: dict[str, list[int]] = {k: [] for k in rows}
    for number, e in enumerate(elements, start=2):
        label = get(e, "name", "label", "name")
        element_type = get(e, "type", "elementtype", "type")
        given = get(e, "id", "id", "_id", "elementid")
        key = given or label
        if not label:
            unplaced.append(f"element {number - 1}: no label")
            continue
        our_id = given or slugify(label)
        type_key = normalize_key(element_type)
        if type_key in PERSON_TYPES:
            sheet = "people"
            row = [our_id, label, get(e, "organization", "organization", "employer"),
                   get(e, "title", "title", "role"), get(e, "notes", "description")]
        elif type_key in TABLE_TYPES:
            sheet = "partnerships"
            row = [our_id, label, get(e, "type", "focus"), get(e, "notes", "description")]
        else:
            sector = get(e, "sector", "sector")
            if not sector and element_type:
                try:
                    sector = SECTORS.parse(element_type)
                except UnknownValue:
                    sector = ""
            if not sector:
                unplaced.append(f"element {label!r} (type {element_type or 'none'!r}): no "
                                "sector; add a Sector field or --map FIELD=sector")
                continue
            sheet = "organizations"
            row = [our_id, label, sector,
                   element_type if normalize_key(element_type) not in ("", normalize_key(
                       sector)) else "", get(e, "notes", "description"), get(e, "url", "url")]
        rows[sheet].append(row)
        numbers[sheet].append(number)
        kind_of[key] = (our_id, sheet)
        kind_of.setdefault(label, (our_id, sheet))

    ties, members, works = [], [], {}
    tie_numbers, member_numbers = [], []
    for number, c in enumerate(connections, start=2):
        a, b = kind_of.get(c.get("from", "")), kind_of.get(c.get("to", ""))
        if a is None or b is None:
            unplaced.append(f"connection {c.get('from', '?')} -> {c.get('to', '?')}: "
                            "an end is not a placed element")
            continue
        kinds = {a[1], b[1]}
        connection_type = get(c, "kind", "connectiontype", "type")
        if normalize_key(connection_type).startswith("commitment"):
            unplaced.append(f"connection {c['from']} -> {c['to']}: a commitment flow; "
                            "commitments come from the workbook's commitments sheet")
            continue
        if kinds == {"organizations"}:
            try:
                kind = TIE_KINDS.parse(connection_type) if connection_type else "informal"
            except UnknownValue:
                unplaced.append(f"connection {c['from']} -> {c['to']}: type "
                                f"{connection_type!r} read as an informal tie")
                kind = "informal"
            ties.append([a[0], b[0], kind, get(c, "strength", "strength"),
                         get(c, "since", "since"), get(c, "until", "until")])
            tie_numbers.append(number)
        elif "partnerships" in kinds and len(kinds) == 2:
            table, member = (a, b) if a[1] == "partnerships" else (b, a)
            members.append([table[0], member[0] if member[1] == "organizations" else "",
                            member[0] if member[1] == "people" else "",
                            get(c, "role", "role")])
            member_numbers.append(number)
        elif kinds == {"people", "organizations"}:
            person, org = (a, b) if a[1] == "people" else (b, a)
            works.setdefault(person[0], org[0])
        else:
            unplaced.append(f"connection {c['from']} -> {c['to']}: between "
                            f"{' and '.join(sorted(kinds))}, which the model has no tie for")
    for row in rows["people"]:
        if not row[2] and row[0] in works:
            row[2] = works[row[0]]

    headers = {
        "organizations": ["id", "name", "sector", "type", "notes", "url"],
        "people": ["id", "name", "organization", "title", "notes"],
        "partnerships": ["id", "name", "focus", "notes"],
        "ties": ["from", "to", "kind", "strength", "since", "until"],
        "memberships": ["partnership", "organization", "person", "role"],
    }
    data = {**rows, "ties": ties, "memberships": members}
    number_of = {**numbers, "ties": tie_numbers, "memberships": member_numbers}
    sheets = {}
    for sheet, body in data.items():
        if not body and sheet != "organizations":
            continue
        frame = pd.DataFrame(body, columns=range(len(headers[sheet])), dtype=object)
        where = "Connections" if sheet in ("ties", "memberships") else "Elements"
        sheets[sheet] = RawSheet(sheet, f"{source}, {where}", headers[sheet],
                                 frame.fillna(""), 1, number_of[sheet])
    return RawWorkbook(path, sheets, unplaced=unplaced)
