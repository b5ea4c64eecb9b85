"""Read a Kumu map: its JSON blueprint or its XLSX (Elements and Connections sheets).

Kumu has no notion of sectors or commitments, so elements and connections are
placed onto the vocabulary by their fields:

* an element whose type says person (Person, Individual, Contact) becomes a
  person; one that says table (Partnership, Initiative, Collaborative, Table,
  Working group) a partnership; one that is not an actor (Publication, Event,
  Project or Product, a variable of a causal loop map) is counted and skipped;
  every other element an organization, whose sector comes from a ``Sector``
  field, a field mapped with ``--map FIELD=sector``, or its element type when
  that names a sector ("Government", "Foundation", "Civil Society"), each value
  read through ``--map VALUE=SECTOR`` first;
* a connection between two organizations becomes a tie (its type read as a tie
  kind, else ``informal``; mutual and undirected ones confirmed); person →
  organization an affiliation (all of a person's organizations kept, the first as
  theirs); organization or person → partnership a membership (its type read as a
  role); ``A | B`` in a ``To`` cell is two connections.

Whatever cannot be placed is listed in the import report, never guessed: one line per
element or connection a user can act on, one per kind for what was skipped; what was
read otherwise than it says is a note. The result is an ordinary workbook: validation
then runs as for any other, all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputInvalid, InputUnreadable
from ..model.aliases import ROLES, SECTORS, TIE_KINDS, UnknownValue, normalize_key
from ..model.schema import CUSTOM, CUSTOM_PREFIX, custom_field_named, custom_header
from ..outputs import CREATOR, WORKBOOK_KINDS
from .readers import RawSheet, RawWorkbook
from .validate import slugify

PERSON_TYPES = {"person", "people", "individual", "contact", "staff"}
TABLE_TYPES = {"partnership", "initiative", "collaborative", "table", "workinggroup",
               "coalitiontable"}
#: Element types that are neither actors nor tables: reported and skipped.
NON_ACTOR_TYPES = {"publication", "event", "projectorproduct", "project", "product",
                   "variable", "document", "report", "specification", "resource", "idea",
                   "issue", "topic", "stock", "flow", "loop", "note", "tool", "dataset"}
#: Person -> organization connection types that say the person works there.
AFFILIATION_TYPES = {"", "worksat", "worksfor", "employee", "employedby", "employer", "staff",
                     "employeefounder", "founder", "cofounder", "affiliation", "affiliated",
                     "personaffiliated", "boardmember", "board", "member", "executive",
                     "ceo", "director", "volunteer"}
#: Roles from the most to the least engaged: a member linked twice keeps the higher.
ROLE_PRECEDENCE = ["convener", "backbone", "funder", "member", "advisor", "observer"]
#: Element types that say no more than "an organization": no type of its own.
GENERIC_TYPES = {"organization", "organisation", "org", "organizations", "organisations"}
ORG_TYPE_FIELDS = ("organizationtype", "organisationtype", "orgtype")
_COMMON = frozenset({"label", "name", "type", "elementtype", "id", "elementid",
                     "description", "notes"})
#: Element fields each sheet reads (normalized); every other field is a custom field.
ELEMENT_FIELDS = {
    "organizations": _COMMON | {"sector", "anchor", "intermediary", "url", "website",
                                *ORG_TYPE_FIELDS},
    "people": _COMMON | {"organization", "employer", "title", "role", "decisionmaker",
                         "email", "phone"},
    "partnerships": _COMMON | {"focus"},
}
#: What lcii-graph's own Kumu workbook derives from the store (a government's level, a
#: place): read from no other map, since the jurisdictions they name are not in it.
OUR_DERIVED_FIELDS = frozenset({"level", "jurisdiction", "serves"})
#: Connection fields a tie reads (normalized); the rest are custom fields of the tie.
CONNECTION_FIELDS = frozenset({"from", "to", "type", "connectiontype", "direction",
                               "strength", "since", "until", "start", "startdate", "end",
                               "enddate", "role", "id", "connectionid"})
_ELEMENTS_READ = frozenset().union(*ELEMENT_FIELDS.values(), OUR_DERIVED_FIELDS)
#: How ``export kumu`` marks its workbook (its document properties:
#: :func:`lcii_graph.export.workbook.write_workbook`).
KUMU_CREATOR, KUMU_SUBJECT = CREATOR, WORKBOOK_KINDS["kumu"]
#: Our fields an element or connection field may be mapped onto with --map.
MAP_TARGETS = {"sector", "type", "name", "id", "title", "organization", "notes", "url",
               "kind", "strength", "role", "since", "until", "jurisdiction"}


_VALUE_TARGETS = [*SECTORS.allowed, *TIE_KINDS.allowed, *ROLES.allowed]


def is_kumu_xlsx(sheet_names: list[str]) -> bool:
    keys = {normalize_key(n) for n in sheet_names}
    return {"elements", "connections"} <= keys


def kumu_custom_header(name: str, sheet: str) -> str:
    """The header custom field ``name`` is written under in ``export kumu``'s ``sheet``
    ("elements" or "connections"): its name, or ``custom: NAME`` where the reader would
    read the name as one of its own fields (or as no name)."""
    key = normalize_key(name)
    read = CONNECTION_FIELDS if sheet == "connections" else _ELEMENTS_READ
    if not key or key in read or custom_field_named(name) is not None:
        return CUSTOM_PREFIX + name
    return name


def parse_mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("Org Type=sector", "Civil Society=nonprofit")`` → ``{"orgtype": "sector",
    "civilsociety": "nonprofit"}`` (keys normalized): a field read as one of ours, or a
    value read as a sector, tie kind or role."""
    values = set(_VALUE_TARGETS)
    mapping = {}
    for pair in pairs:
        field, sep, ours = pair.rpartition("=")
        ours = ours.strip()
        if not sep or not field.strip() or (ours not in MAP_TARGETS and ours not in values):
            raise InputInvalid(f"--map {pair!r}: expected FIELD=OURS with OURS one of "
                               f"{', '.join(sorted(MAP_TARGETS))}, or VALUE=OURS with OURS a "
                               "sector, tie kind or role")
        mapping[normalize_key(field)] = ours
    return mapping


def split_mapping(mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A parsed ``--map`` as the fields read as ours and the values read as a sector, tie
    kind or role (:func:`parse_mapping` takes both in one option)."""
    fields = {k: v for k, v in mapping.items() if v in MAP_TARGETS}
    return fields, {k: v for k, v in mapping.items() if k not in fields}


def mapped_value(values: dict[str, str], text: str, vocabulary) -> str | None:
    """``text`` as a value of ``vocabulary``: its ``--map VALUE=OURS`` first, then the
    vocabulary's own words; ``None`` when neither knows it."""
    try:
        return vocabulary.parse(values.get(normalize_key(text), text))
    except UnknownValue:
        return None


def _flatten(item: dict, names: dict[str, str]) -> dict[str, str]:
    """A Kumu element or connection as {normalized field: text}; each field's name as
    written is kept in ``names`` (the first spelling met)."""
    fields = dict(item.get("attributes") or {})
    fields.update({k: v for k, v in item.items() if k != "attributes"})
    out = {}
    for key, value in fields.items():
        if value is None or isinstance(value, dict):
            continue
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value if not isinstance(v, (dict, list)))
        text = str(key).strip()
        key = normalize_key(text) or text
        names.setdefault(key, text)
        out[key] = str(value)
    return out


#: A Kumu blueprint is read whole; its parsed form takes about ten times its size.
MAX_JSON_BYTES = 100 * 1024 * 1024


def load_json(path: Path):
    """A JSON file (a Kumu blueprint or a node-link graph), parsed, within its limit."""
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise InputUnreadable(f"{path}: {size / 2**20:.0f} MB is over the "
                              f"{MAX_JSON_BYTES // 2**20} MB limit for a JSON file")
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputUnreadable(f"{path}: not a JSON file ({exc})") from None


@dataclass
class _Map:
    """A Kumu map's records: elements and connections as {normalized field: text}, each
    field's name as written, and whether lcii-graph wrote the file (``export kumu``)."""

    elements: list[dict]
    connections: list[dict]
    element_names: dict[str, str]
    connection_names: dict[str, str]
    ours: bool = False


def _records_from_json(path: Path, data=None) -> _Map:
    if data is None:
        data = load_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("elements"), list):
        raise InputUnreadable(f"{path}: not a Kumu blueprint: expected an object with "
                              "'elements' (and 'connections')")
    element_names: dict[str, str] = {}
    connection_names: dict[str, str] = {}
    elements = [_flatten(e, element_names) for e in data["elements"] if isinstance(e, dict)]
    connections = [_flatten(c, connection_names) for c in data.get("connections") or []
                   if isinstance(c, dict)]
    return _Map(elements, connections, element_names, connection_names)


def _records_from_xlsx(path: Path) -> _Map:
    import openpyxl

    from .readers import sheet_rows

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {normalize_key(ws.title): ws for ws in book.worksheets}
        out, names = [], []
        for name in ("elements", "connections"):
            rows = sheet_rows(sheets[name], path)
            written = [h.strip() for h in rows[0]] if rows else []
            header = [normalize_key(h) or h for h in written]
            names.append({k: h for k, h in reversed(list(zip(header, written, strict=True)))
                          if h})
            out.append([{h: v for h, v in zip(header, row, strict=False) if h and v.strip()}
                        for row in rows[1:] if any(v.strip() for v in row)])
        ours = (book.properties.creator, book.properties.subject) == (
            KUMU_CREATOR, KUMU_SUBJECT)
        return _Map(out[0], out[1], names[0], names[1], ours)
    finally:
        book.close()


def read_kumu(path: Path, mapping: dict[str, str] | None = None, data=None) -> RawWorkbook:
    """A Kumu map as a workbook of organizations, people, partnerships, memberships, ties
    (``data``: its JSON, already parsed)."""
    if path.suffix.lower() == ".json":
        records = _records_from_json(path, data)
    else:
        records = _records_from_xlsx(path)
    return _Placer(path.name, mapping or {}, records).place(records.elements,
                                                             records.connections)


class _Placer:
    """Elements and connections onto the vocabulary (see the module docstring); what
    cannot be placed is said, one line per element or connection a user can act on, one
    line per kind of element that is not an actor."""

    def __init__(self, source: str, mapping: dict[str, str], records: _Map | None = None):
        self.source = source
        self.fields, self.values = split_mapping(mapping)
        self.records = records or _Map([], [], {}, {})
        self.unplaced: list[str] = []
        self.notes: list[str] = []
        self.placed: dict[str, tuple[str, str]] = {}  # element key -> (our id, sheet)
        self.why_not: dict[str, str] = {}  # element key -> why it was not placed
        self.seats: dict[tuple[str, str], int] = {}  # (table, member) -> its membership row
        self.readings: dict[tuple[str, str], int] = {}  # (type, read as) -> connections
        self.commitment_flows = 0
        self.repeated_affiliations = 0
        self.kept: dict[str, dict[str, None]] = {}  # sheet -> custom fields kept
        self.not_kept: dict[str, int] = {}  # connection field not kept -> connections
        self.derived_skipped = 0  # our own workbook's elements with a place or level

    def get(self, fields: dict, ours: str, *names: str) -> str:
        for field, target in self.fields.items():
            if target == ours and fields.get(field):
                return fields[field]
        for name in names:
            if fields.get(name):
                return fields[name]
        return ""

    def value(self, text: str, vocabulary) -> str | None:
        return mapped_value(self.values, text, vocabulary)

    def custom(self, fields: dict, read: frozenset, sheet: str) -> dict[str, str]:
        """The fields of an element or connection that nothing reads, as custom fields of
        its row in ``sheet`` (under their names as written; ``custom: NAME`` as NAME)."""
        names = self.records.connection_names if sheet == "ties" else \
            self.records.element_names
        out = {}
        for key, text in fields.items():
            if key in read or key in self.fields or not text.strip():
                continue
            name = names.get(key, key)
            name = custom_field_named(name) or name
            if not name.strip():  # a value under no name: nothing to keep it as
                self.not_kept["(no name)"] = self.not_kept.get("(no name)", 0) + 1
                continue
            out[name] = text
            self.kept.setdefault(sheet, {})[name] = None
        return out

    # -- elements -------------------------------------------------------------------
    def place(self, elements: list[dict], connections: list[dict]) -> RawWorkbook:
        rows = {"organizations": [], "people": [], "partnerships": []}
        numbers = {sheet: [] for sheet in rows}
        skipped: dict[str, list[str]] = {}
        ours = self.records.ours
        for number, e in enumerate(elements, start=2):
            label = self.get(e, "name", "label", "name")
            element_type = self.get(e, "type", "elementtype", "type")
            given = self.get(e, "id", "id", "elementid")
            if not label:
                self.unplaced.append(f"element {number - 1}: no label")
                continue
            key, our_id = given or label, given or slugify(label)
            type_key = normalize_key(element_type)
            row = {"id": our_id, "name": label, "notes": self.get(e, "notes", "description",
                                                                  "notes")}
            if type_key in PERSON_TYPES:
                sheet = "people"
                row |= {"organization": self.get(e, "organization", "organization",
                                                 "employer"),
                        "title": self.get(e, "title", "title", "role"),
                        "decision_maker": e.get("decisionmaker", ""),
                        "email": e.get("email", ""), "phone": e.get("phone", "")}
            elif type_key in TABLE_TYPES:
                sheet = "partnerships"
                row["focus"] = self.get(e, "type", "focus")
            elif type_key in NON_ACTOR_TYPES:
                skipped.setdefault(element_type, []).append(label)
                self.why_not[key] = self.why_not[label] = f"of type {element_type!r}, not an " \
                                                          "actor"
                continue
            else:
                sector = self._sector(e, element_type)
                if sector is None:
                    continue  # said by _sector
                sheet = "organizations"
                generic = type_key in GENERIC_TYPES or self.value(element_type, SECTORS)
                row |= {"sector": sector,
                        "type": self._org_type(e) or ("" if generic else element_type),
                        "anchor": e.get("anchor", ""), "intermediary": e.get("intermediary", ""),
                        "url": self.get(e, "url", "url", "website")}
            if ours and any(e.get(f) for f in OUR_DERIVED_FIELDS):
                self.derived_skipped += 1
            read = ELEMENT_FIELDS[sheet] | (OUR_DERIVED_FIELDS if ours else frozenset())
            row[CUSTOM] = self.custom(e, read, sheet)
            rows[sheet].append(row)
            numbers[sheet].append(number)
            self.placed[key] = (our_id, sheet)
            self.placed.setdefault(label, (our_id, sheet))
        for element_type, labels in sorted(skipped.items()):
            shown = ", ".join(repr(x) for x in labels[:3]) + (", ..." if len(labels) > 3 else "")
            self.unplaced.append(f"{len(labels)} element{'s' if len(labels) > 1 else ''} of "
                                 f"type {element_type!r} skipped: not actors or tables "
                                 f"({shown})")
        if not any(rows.values()) and skipped:
            raise InputInvalid(f"{self.source}: no element is an organization, a person or a "
                               "table; nothing to import")
        return self._with_connections(rows, numbers, connections)

    def _org_type(self, e: dict) -> str:
        """An organization's type from a field mapped onto it, else an "Organization
        Type" field that is not mapped onto something else."""
        mapped = self.get(e, "type")
        if mapped:
            return mapped
        return next((e[k] for k in ORG_TYPE_FIELDS if e.get(k) and k not in self.fields), "")

    def _sector(self, e: dict, element_type: str) -> str | None:
        label = self.get(e, "name", "label", "name")
        mapped_field = next((f for f, t in self.fields.items() if t == "sector" and e.get(f)),
                            None)
        text = e[mapped_field] if mapped_field else e.get("sector", "")
        if text:
            sector = self.value(text, SECTORS)
            if sector is None:
                where = mapped_field or "sector"
                self.unplaced.append(
                    f"element {label!r}: its {where} field says {text!r}, which is not a "
                    f"sector; add --map '{text}=SECTOR' (government, business, philanthropy, "
                    "nonprofit or community)")
                self.why_not[label] = f"{text!r} is not a sector"
            return sector
        sector = self.value(element_type, SECTORS) if element_type else None
        if sector is None:
            self.unplaced.append(f"element {label!r} (type {element_type or 'none'!r}): no "
                                 "sector; add a Sector field or --map FIELD=sector")
            self.why_not[label] = "no sector"
        return sector

    # -- connections ----------------------------------------------------------------
    def _read_as(self, connection_type: str, reading: str) -> None:
        """Count a connection type read otherwise than it says (one note per type)."""
        key = (connection_type, reading)
        self.readings[key] = self.readings.get(key, 0) + 1

    def _with_connections(self, rows, numbers, connections) -> RawWorkbook:
        ties, members, works = [], [], {}
        tie_numbers, member_numbers = [], []
        ends_not_placed: dict[str, int] = {}
        for number, c in enumerate(connections, start=2):
            targets = [t.strip() for t in c.get("to", "").split("|") if t.strip()] or [""]
            for target in targets:
                start = c.get("from", "")
                a, b = self.placed.get(start), self.placed.get(target)
                if a is None or b is None:
                    missing = start if a is None else target
                    reason = self.why_not.get(missing, "not an element of the map")
                    if not missing or reason == "not an element of the map":
                        self.unplaced.append(f"connection {start or '?'} -> {target or '?'}: "
                                             f"{missing or 'an end'!r} is not an element of "
                                             "the map")
                    else:
                        ends_not_placed[reason] = ends_not_placed.get(reason, 0) + 1
                    continue
                self._connect(c, start, target, a, b, number, ties, tie_numbers, members,
                              member_numbers, works)
        for (connection_type, reading), count in sorted(self.readings.items()):
            hint = "" if reading.startswith("affiliations") else \
                f" (--map '{connection_type}=OURS' reads them otherwise)"
            self.notes.append(f"{count} connection{'s' if count > 1 else ''} of type "
                              f"{connection_type!r} read as {reading}{hint}")
        if self.repeated_affiliations:
            count = self.repeated_affiliations
            self.notes.append(f"{count} connection{'s' if count > 1 else ''} repeat"
                              f"{'' if count > 1 else 's'} a person's link to an "
                              "organization; kept once")
        if self.commitment_flows:
            self.unplaced.append(f"{self.commitment_flows} commitment flow"
                                 f"{'s' if self.commitment_flows > 1 else ''}: commitments come "
                                 "from the workbook's commitments sheet")
        for reason, count in sorted(ends_not_placed.items()):
            self.unplaced.append(f"{count} connection{'s' if count > 1 else ''} to an element "
                                 f"not placed ({reason})")
        people = {row["id"]: row for row in rows["people"]}
        for person, organizations in works.items():
            row = people[person]
            primary = row["organization"] or organizations[0]
            row["organization"] = primary
            row["also_works_for"] = "; ".join(o for o in organizations if o != primary)
        for sheet, names in self.kept.items():
            self.notes.append(f"{'connection' if sheet == 'ties' else 'element'} fields kept "
                              f"as custom fields of the {sheet}: {', '.join(names)}")
        if self.derived_skipped:
            self.notes.append(f"Level, Jurisdiction and Serves of {self.derived_skipped} "
                              "element(s) not read: they name jurisdictions this Kumu "
                              "workbook does not hold (export csv or xlsx carries them)")
        nameless = self.not_kept.pop("(no name)", 0)
        if nameless:
            self.unplaced.append(f"{nameless} value{'s' if nameless > 1 else ''} of a field "
                                 "with no name: not kept")
        for name, count in sorted(self.not_kept.items()):
            self.unplaced.append(f"field {name!r} of {count} connection{'s' if count > 1 else ''}"
                                 " that became a membership or a person's organization: not "
                                 "kept (custom fields are kept on ties)")
        return self._workbook(rows, numbers, ties, tie_numbers, members, member_numbers)

    def _connect(self, c, start, target, a, b, number, ties, tie_numbers, members,
                 member_numbers, works) -> None:
        kinds = {a[1], b[1]}
        connection_type = self.get(c, "kind", "connectiontype", "type")
        if normalize_key(connection_type).startswith("commitment"):
            self.commitment_flows += 1  # what our own Kumu export writes for a commitment
            return
        if kinds == {"organizations"}:
            kind = self.value(connection_type, TIE_KINDS) if connection_type else "informal"
            if kind is None:
                self._read_as(connection_type, "informal ties")
                kind = "informal"
            direction = normalize_key(self.get(c, "direction", "direction"))
            confirmed = "yes" if direction in ("mutual", "undirected", "bidirectional") else ""
            ties.append({"from": a[0], "to": b[0], "kind": kind,
                         "strength": self.get(c, "strength", "strength"),
                         "since": self.get(c, "since", "since", "start", "startdate"),
                         "until": self.get(c, "until", "until", "end", "enddate"),
                         "confirmed": confirmed,
                         CUSTOM: self.custom(c, CONNECTION_FIELDS, "ties")})
            tie_numbers.append(number)
            return
        if "partnerships" in kinds and len(kinds) == 2:
            self._not_kept(c)
            table, member = (a, b) if a[1] == "partnerships" else (b, a)
            role_text = self.get(c, "role", "role") or connection_type
            role = self.value(role_text, ROLES) if role_text else None
            if role_text and role is None:
                self._read_as(role_text, "memberships as member")
            seat = (table[0], member[0])
            role = role or "member"
            if seat in self.seats:  # a member linked twice (as chair, and as member)
                row = members[self.seats[seat]]
                if ROLE_PRECEDENCE.index(role) < ROLE_PRECEDENCE.index(row["role"]):
                    row["role"] = role
                self.notes.append(f"connection {start} -> {target}: {member[0]} is linked to "
                                  f"{table[0]} more than once; one membership kept, as "
                                  f"{row['role']}")
                return
            self.seats[seat] = len(members)
            members.append({"partnership": table[0],
                            "organization": member[0] if member[1] == "organizations" else "",
                            "person": member[0] if member[1] == "people" else "",
                            "role": role,
                            "since": self.get(c, "since", "since", "start", "startdate"),
                            "until": self.get(c, "until", "until", "end", "enddate")})
            member_numbers.append(number)
        elif kinds == {"people", "organizations"}:
            self._not_kept(c)
            person, org = (a, b) if a[1] == "people" else (b, a)
            if normalize_key(connection_type) not in AFFILIATION_TYPES:
                self._read_as(connection_type, "affiliations (the person works with the "
                                               "organization)")
            if org[0] in works.setdefault(person[0], []):
                self.repeated_affiliations += 1
            else:
                works[person[0]].append(org[0])
        elif kinds == {"partnerships"}:
            self.unplaced.append(f"connection {start} -> {target}: between two tables, which "
                                 "the model has no tie for")
        else:
            self.unplaced.append(f"connection {start} -> {target}: between "
                                 f"{' and '.join(sorted(kinds))}, which the model has no tie "
                                 "for")

    def _not_kept(self, c: dict) -> None:
        """Count the fields of a connection that becomes no tie and has no place for them."""
        for key, text in c.items():
            if key not in CONNECTION_FIELDS and key not in self.fields and text.strip():
                name = self.records.connection_names.get(key, key)
                self.not_kept[name] = self.not_kept.get(name, 0) + 1

    def _workbook(self, rows, numbers, ties, tie_numbers, members, member_numbers):
        headers = {
            "organizations": ["id", "name", "sector", "type", "anchor", "intermediary", "url",
                              "notes"],
            "people": ["id", "name", "organization", "also_works_for", "title",
                       "decision_maker", "email", "phone", "notes"],
            "partnerships": ["id", "name", "focus", "notes"],
            "ties": ["from", "to", "kind", "strength", "since", "until", "confirmed"],
            "memberships": ["partnership", "organization", "person", "role", "since", "until"],
        }
        data = {**rows, "ties": ties, "memberships": members}
        number_of = {**numbers, "ties": tie_numbers, "memberships": member_numbers}
        sheets = {}
        for sheet, body in data.items():
            if not body and sheet != "organizations":
                continue
            custom = list(self.kept.get(sheet, ()))
            cells = [[row.get(c) or "" for c in headers[sheet]]
                     + [row[CUSTOM].get(name, "") for name in custom] for row in body]
            frame = pd.DataFrame(cells, columns=range(len(headers[sheet]) + len(custom)),
                                 dtype=object)
            where = "Connections" if sheet in ("ties", "memberships") else "Elements"
            sheets[sheet] = RawSheet(sheet, f"{self.source}, {where}",
                                     headers[sheet] + [custom_header(sheet, c) for c in custom],
                                     frame.fillna(""), 1, number_of[sheet],
                                     custom_said=True)
        return RawWorkbook(Path(self.source), sheets, unplaced=self.unplaced,
                           notes=self.notes)
