"""The workbook's sheets and columns: one declaration read by ingest, the
stores, the template writer and the documentation.

A :class:`Sheet` lists its :class:`Field` s in the order the store keeps them.
``type`` says how a cell is read:

``id``        an identifier (derived from other fields when blank)
``text``      free text
``ref:SHEET`` the id of a row of SHEET (checked for existence)
``refs:SHEET`` several ids of SHEET separated by ``;`` or ``,``
``vocab:NAME`` a controlled value, matched through :mod:`.aliases`
``bool``      yes / no
``date``      a calendar date, stored as ``YYYY-MM-DD``
``number``    a decimal number (``$1,250,000`` and ``1.5M`` are read)
``amount``    a number that may not be negative
``currency``  a three-letter ISO 4217 code
``scale``     a whole number from 1 to 4
``list``      several words separated by ``;`` or ``,``
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocabulary import Kind, RelType


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"
    required: bool = False
    headers: tuple[str, ...] = ()
    doc: str = ""
    default: str | None = None

    @property
    def ref(self) -> str | None:
        """The sheet a ``ref:`` or ``refs:`` field points at."""
        if self.type.startswith(("ref:", "refs:")):
            return self.type.split(":", 1)[1]
        return None

    @property
    def vocabulary(self) -> str | None:
        return self.type.split(":", 1)[1] if self.type.startswith("vocab:") else None


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: Kind | None  # the node kind; None for relationship sheets
    fields: tuple[Field, ...]
    doc: str = ""
    #: fields whose values make a derived id when the id cell is blank
    id_from: tuple[str, ...] = ("name",)
    extra_columns: tuple[str, ...] = field(default=())  # stored, not read from the sheet

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields) + self.extra_columns

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


#: The column that keeps a row's custom fields: the columns of a coordinator's own ("Board
#: seat", "MOU signed"), as one JSON object of text values, for the sheets in CUSTOM_SHEETS.
CUSTOM = "custom"
CUSTOM_SHEETS = ("organizations", "people", "partnerships", "ties")

def custom_fields(row: dict) -> dict[str, str]:
    """A row's custom fields, by name in the file's order (empty when it has none, or
    when what is stored is not a JSON object of them)."""
    import json

    text = row.get(CUSTOM)
    if not text or not isinstance(text, str):
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def custom_names(rows: list[dict]) -> list[str]:
    """Every custom field's name among ``rows``, in the order they first appear."""
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(custom_fields(row)))
    return list(names)


_ID = Field("id", "id", headers=("identifier", "key", "code", "uid"), doc="Stable identifier; "
            "when blank, derived from the name (or a relationship row's key columns). "
            "Re-importing a row with the same id updates it.")
_NOTES = Field("notes", "text", headers=("note", "comments", "comment", "remarks"),
               doc="Free text.")
_SINCE = Field("since", "date", headers=("start", "start date", "from date", "joined", "began"),
               doc="Date the relationship began (YYYY-MM-DD, M/D/YYYY, YYYY-MM or YYYY).")
_UNTIL = Field("until", "date", headers=("end", "end date", "to date", "left", "ended"),
               doc="Date the relationship ended; blank while it lasts.")

ORGANIZATIONS = Sheet(
    "organizations",
    Kind.ORGANIZATION,
    (
        _ID,
        Field("name", "text", True, ("organization", "organization name", "org", "org name",
                                     "organisation", "organisation name", "label", "entity"),
              "The organization's name."),
        Field("sector", "vocab:sector", True, ("sector type", "org sector"),
              "government, business, philanthropy, nonprofit or community "
              "(aliases such as Public, Foundation, NGO, CBO, Resident are understood)."),
        Field("type", "text", False, ("organization type", "org type", "category", "subtype"),
              "What kind of organization within its sector (hospital, agency, CDFI...)."),
        Field("jurisdiction", "ref:jurisdictions", False,
              ("home jurisdiction", "based in", "location", "jurisdiction id"),
              "Id of the jurisdiction it is based in; a government body's level comes from it."),
        Field("fields", "list", False, ("field", "issue areas", "issue area", "focus areas"),
              "Fields it works in, separated by ';' (education; workforce; health; housing...)."),
        Field("anchor", "bool", False, ("anchor institution", "is anchor"),
              "yes for a hospital or university anchor institution."),
        Field("intermediary", "bool", False, ("financial intermediary", "cdfi",
                                              "is intermediary"),
              "yes for a CDFI, community loan fund or bank community-development arm."),
        Field("ein", "text", False, ("tax id", "ein number"), "Employer identification number."),
        Field("url", "text", False, ("website", "web site", "web", "link"), "Web address."),
        _NOTES,
    ),
    "Every organization at or around the table. The only required sheet.",
    extra_columns=(CUSTOM,),
)

PEOPLE = Sheet(
    "people",
    Kind.PERSON,
    (
        _ID,
        Field("name", "text", True, ("person", "full name", "person name", "contact",
                                     "contact name"), "The person's name."),
        Field("organization", "ref:organizations", False,
              ("org", "organisation", "employer", "organization id", "works for", "agency"),
              "Id of the organization the person works for."),
        Field("also_works_for", "refs:organizations", False,
              ("other organizations", "also with", "affiliations", "board seats",
               "other affiliations"),
              "Ids of other organizations the person works or serves with (board seats, "
              "joint appointments), separated by ';'."),
        Field("title", "text", False, ("job title", "position", "role title"),
              "Job title; used to infer decision_maker when that is blank."),
        Field("decision_maker", "bool", False,
              ("decision maker", "decision-maker", "decision maker?", "is decision maker",
               "executive", "can commit"),
              "yes if the person can commit the organization; blank to infer from the title."),
        Field("email", "text", False, ("e-mail", "email address", "mail"),
              "Personal data: kept in the store, never in a partner export."),
        Field("phone", "text", False, ("telephone", "phone number", "tel", "mobile"),
              "Personal data: kept in the store, never in a partner export."),
        _NOTES,
    ),
    "People who sit at the tables or do the work, and the organization each works for.",
    extra_columns=("decision_maker_inferred", CUSTOM),
)

JURISDICTIONS = Sheet(
    "jurisdictions",
    Kind.JURISDICTION,
    (
        _ID,
        Field("name", "text", True, ("jurisdiction", "jurisdiction name", "place", "geography"),
              "The place's name."),
        Field("level", "vocab:level", True, ("type", "jurisdiction level", "kind"),
              "federal, state, county, city, tribal, regional, school_district, "
              "special_district or neighborhood."),
        Field("parent", "ref:jurisdictions", False, ("part of", "parent id", "within", "in"),
              "Id of the jurisdiction this one lies in (a city's county, a county's state)."),
        Field("fips", "text", False, ("fips code", "geoid"), "Census FIPS code."),
    ),
    "Places: the nesting of neighborhoods, cities, counties, states and the nation.",
)

PARTNERSHIPS = Sheet(
    "partnerships",
    Kind.PARTNERSHIP,
    (
        _ID,
        Field("name", "text", True, ("partnership", "partnership name", "table", "collaborative",
                                     "initiative", "working group"), "The table's name."),
        Field("focus", "text", False, ("system", "focus area", "aim"),
              "The system it aims to change (workforce, housing, health...)."),
        Field("serves", "refs:jurisdictions", False, ("jurisdictions", "serves jurisdictions",
                                                      "service area", "geography"),
              "Ids of the jurisdictions it serves, separated by ';'."),
        _NOTES,
    ),
    "The tables: collaboratives, initiatives and working groups.",
    extra_columns=(CUSTOM,),
)

MEMBERSHIPS = Sheet(
    "memberships",
    None,
    (
        _ID,
        Field("partnership", "ref:partnerships", True, ("table", "partnership id",
                                                        "collaborative", "initiative"),
              "Id of the partnership."),
        Field("organization", "ref:organizations", False, ("org", "organisation",
                                                           "organization id"),
              "Id of the member organization (or fill person instead)."),
        Field("person", "ref:people", False, ("person id", "individual"),
              "Id of the member person (or fill organization instead)."),
        Field("role", "vocab:role", False, ("membership role", "seat", "capacity"),
              "convener, backbone, member, funder, advisor or observer (default member).",
              default="member"),
        _SINCE,
        _UNTIL,
    ),
    "Who sits at which table, in what role, since when. One row per member and table; a "
    "'member' column holding an organization or person id is read too.",
    id_from=("partnership", "organization", "person"),
)

TIES = Sheet(
    "ties",
    None,
    (
        _ID,
        Field("from", "ref:organizations", True, ("from organization", "organization a",
                                                  "org a", "organization 1", "partner a",
                                                  "source organization", "node1", "node a"),
              "Id of one organization."),
        Field("to", "ref:organizations", True, ("to organization", "organization b", "org b",
                                                "organization 2", "partner b", "target",
                                                "target organization", "node2", "node b"),
              "Id of the other organization."),
        Field("kind", "vocab:tie kind", False, ("tie kind", "tie type", "relationship",
                                                "relationship type", "type"),
              "mou, contract, data_sharing, referral, co_funding or informal (default informal).",
              default="informal"),
        Field("strength", "scale", False, ("tie strength", "intensity", "frequency"),
              "1 (weak) to 4 (strong)."),
        Field("trust", "scale", False, ("trust score",), "PARTNER-style trust, 1 to 4."),
        Field("value", "scale", False, ("value score",), "PARTNER-style value, 1 to 4."),
        _SINCE,
        _UNTIL,
        Field("provenance", "vocab:tie source", False, ("source", "reported via", "evidence",
                                                         "how we know"),
              "How we know: survey, document or facilitator."),
        Field("confirmed", "bool", False, ("reciprocated", "mutual", "both confirmed"),
              "yes when both sides reported the tie."),
    ),
    "Explicit organization-to-organization ties.",
    id_from=("from", "to", "kind"),
    extra_columns=(CUSTOM,),
)

COMMITMENTS = Sheet(
    "commitments",
    Kind.COMMITMENT,
    (
        _ID,
        Field("maker", "ref:organizations", True, ("organization", "committed by", "from",
                                                   "funder", "maker id", "org"),
              "Id of the organization making the commitment."),
        Field("recipient", "ref:organizations", False, ("to", "grantee", "borrower",
                                                        "recipient id"),
              "Id of the organization receiving it, if any."),
        Field("partnership", "ref:partnerships", False, ("table", "partnership id",
                                                         "initiative"),
              "Id of the partnership it supports."),
        Field("goal", "ref:goals", False, ("goal id", "advances goal", "toward goal"),
              "Id of the shared goal it advances."),
        Field("type", "vocab:commitment type", True, ("commitment type", "kind", "form"),
              "grant, pri, loan, guarantee, equity, public_funds, in_kind, staff, "
              "data_sharing, policy, practice or program."),
        Field("amount", "amount", False, ("value", "dollars", "amount usd", "$", "sum"),
              "Money committed (no negative amounts)."),
        Field("currency", "currency", False, ("cur", "ccy"),
              "ISO currency code: USD, EUR, GBP, CAD... ($, € and £ read too; default "
              "USD, or the symbol the amount is written with).",
              default="USD"),
        Field("status", "vocab:status", False, ("commitment status", "stage", "state"),
              "proposed, pledged, active, fulfilled or lapsed (default pledged).",
              default="pledged"),
        Field("change", "vocab:change", False, ("change type", "systems or program"),
              "systems or program; blank takes the type's default (policy, data_sharing, "
              "practice, public_funds: systems; program: program)."),
        Field("start", "date", False, ("start date", "since", "begins"), "Start date."),
        Field("end", "date", False, ("end date", "until", "ends"), "End date."),
        Field("description", "text", False, ("details", "what", "notes"), "What is committed."),
    ),
    "What members put in: money, staff, data, policy and practice changes, programs.",
    id_from=("maker", "type", "partnership", "goal", "start"),
)

GOALS = Sheet(
    "goals",
    Kind.GOAL,
    (
        _ID,
        Field("partnership", "ref:partnerships", False, ("table", "partnership id"),
              "Id of the partnership that pursues the goal."),
        Field("name", "text", True, ("goal", "goal name", "title"), "Short name."),
        Field("system", "text", False, ("system to change",), "The system it aims to change."),
        Field("statement", "text", False, ("goal statement", "description", "result"),
              "The result, stated in full."),
    ),
    "Shared goals of the tables.",
)

METRICS = Sheet(
    "metrics",
    Kind.METRIC,
    (
        _ID,
        Field("goal", "ref:goals", True, ("goal id", "measures goal"), "Id of the goal."),
        Field("name", "text", True, ("metric", "indicator", "metric name", "measure"),
              "Name of the indicator."),
        Field("unit", "text", False, ("units", "unit of measure"), "Unit (%, people, $...)."),
        Field("direction", "vocab:direction", False, ("better when", "desired direction",
                                                      "polarity"),
              "up if higher is better, down if lower is better."),
        Field("baseline", "number", False, ("baseline value",), "Value at the baseline date."),
        Field("baseline_date", "date", False, ("baseline year", "baseline as of"),
              "Date of the baseline."),
        Field("target", "number", False, ("target value", "goal value"), "Target value."),
        Field("target_date", "date", False, ("target year", "target by", "by"),
              "Date by which the target should be met."),
    ),
    "Indicators that measure the goals.",
)

MEASUREMENTS = Sheet(
    "measurements",
    None,
    (
        _ID,
        Field("metric", "ref:metrics", True, ("metric id", "indicator"), "Id of the metric."),
        Field("date", "date", True, ("as of", "measured on", "period", "year"),
              "Date of the measurement."),
        Field("value", "number", True, ("measurement", "observed", "result"), "Observed value."),
        Field("reported_by", "ref:organizations", False, ("reporter", "reported by",
                                                          "source", "data source"),
              "Id of the organization that reported it."),
    ),
    "Measurements of the metrics over time.",
    id_from=("metric", "date", "reported_by"),
)

def _subject(verb: str, extra: tuple[str, ...] = ()) -> tuple[Field, Field]:
    """The organization and person columns of a row about a stakeholder (at least one
    filled, both for a person at an organization)."""
    return (Field("organization", "ref:organizations", False,
                  ("org", "organisation", "organization id", *(f"{x} organization"
                                                               for x in extra)),
                  f"Id of the organization {verb} (and/or person)."),
            Field("person", "ref:people", False, ("person id", *(f"{x} person"
                                                                 for x in extra)),
                  f"Id of the person {verb} (and/or organization)."))


_ABOUT_TABLE = Field("partnership", "ref:partnerships", False,
                     ("table", "partnership id", "collaborative", "initiative"),
                     "Id of the table it is about; blank for every table.")

ASSESSMENTS = Sheet(
    "assessments",
    None,
    (
        _ID,
        *_subject("judged", ("stakeholder",)),
        _ABOUT_TABLE,
        Field("date", "date", True, ("assessed on", "as of", "assessment date"),
              "Date of the judgement; the latest on or before a date is the one in force."),
        Field("power", "scale", False, ("influence", "power score"),
              "Power over the system the table wants to change, 1 (little) to 4 (much)."),
        Field("interest", "scale", False, ("interest score", "stake"),
              "How much it cares about that change, 1 (little) to 4 (much)."),
        Field("legitimacy", "bool", False, ("legitimate", "legitimate claim"),
              "yes when its claim is seen as legitimate (Mitchell, Agle & Wood)."),
        Field("urgency", "scale", False, ("urgency score", "time sensitivity"),
              "How pressing its claim is, 1 to 4."),
        Field("stance", "vocab:stance", False, ("position", "support", "attitude"),
              "opponent, sceptic, neutral, supporter or champion (or -2 to +2)."),
        Field("engagement", "vocab:engagement", False,
              ("engagement level", "current engagement", "engagement now"),
              "How it is engaged now: inform, consult, involve, collaborate or empower."),
        Field("engagement_target", "vocab:engagement", False,
              ("target engagement", "desired engagement", "engagement goal"),
              "How it should be engaged, on the same scale."),
        Field("assessed_by", "text", False, ("assessor", "judged by", "rated by"),
              "Who made the judgement."),
        _NOTES,
    ),
    "The coordinator's dated judgements of stakeholders: power, interest, legitimacy, "
    "urgency, stance and engagement. History is kept; never in a partner export.",
    id_from=("organization", "person", "partnership", "date"),
)

INTERACTIONS = Sheet(
    "interactions",
    None,
    (
        _ID,
        Field("date", "date", True, ("on", "contact date", "met on", "when"),
              "Date of the interaction."),
        *_subject("met", ("with",)),
        _ABOUT_TABLE,
        Field("channel", "vocab:channel", False, ("medium", "how", "contact type"),
              "meeting, call, email, event, site_visit or other."),
        Field("owner", "text", False, ("relationship owner", "held by", "staff", "by"),
              "Who holds the relationship on the table's side (a name or id)."),
        Field("topic", "text", False, ("subject", "about", "purpose"), "What it was about."),
        Field("sentiment", "vocab:sentiment", False, ("tone", "mood", "went"),
              "very_negative, negative, neutral, positive or very_positive (or -2 to +2)."),
        Field("follow_up_due", "date", False, ("follow up", "follow-up due", "next step due"),
              "Date a promised follow-up is due."),
        Field("follow_up_done", "bool", False, ("follow-up done", "followed up", "done"),
              "yes once the follow-up is done."),
    ),
    "The engagement log: who met whom, how, about what, and the follow-ups promised. "
    "Never in a partner export.",
    id_from=("date", "organization", "person", "channel", "topic"),
)

def _item(name: str, what: str, headers: tuple[str, ...]) -> Field:
    return Field(name, "scale", False, headers, f"{what}, 1 (low) to 4 (high).")


_ROUND = Field("round", "text", True, ("survey round", "wave", "survey"),
               "The survey round: a label or a date ('2026-spring').")

RATINGS = Sheet(
    "ratings",
    None,
    (
        _ID,
        _ROUND,
        Field("respondent", "ref:organizations", True,
              ("respondent organization", "rater", "rated by", "from", "organization"),
              "Id of the organization answering."),
        Field("respondent_person", "ref:people", False, ("answered by", "respondent person"),
              "Id of the person who answered for it."),
        Field("partner", "ref:organizations", True, ("partner organization", "rated", "to",
                                                      "about"),
              "Id of the organization it rates (never the respondent itself)."),
        Field("frequency", "vocab:frequency", False, ("how often", "contact frequency"),
              "How often they work together: yearly, quarterly, monthly, weekly or daily."),
        Field("intensity", "vocab:intensity", False, ("level of collaboration",
                                                      "relationship level"),
              "awareness, cooperation, coordination or integration."),
        _item("power_influence", "Value: the partner's power and influence",
              ("power and influence", "power/influence", "influence")),
        _item("involvement", "Value: its level of involvement", ("level of involvement",)),
        _item("resource_contribution", "Value: its resource contribution",
              ("resource contribution", "resources")),
        _item("reliability", "Trust: its reliability", ("reliable",)),
        _item("mission", "Trust: its support of the mission", ("mission congruence",
                                                               "support of the mission",
                                                               "in support of mission")),
        _item("openness", "Trust: its openness to discussion", ("open to discussion",
                                                               "openness to discussion")),
        Field("contributes", "list", False, ("contributions", "resources contributed"),
              "What it contributes, separated by ';': funding, in_kind, staff, volunteers, "
              "data, information, expertise, community_connections, fiscal_agent, "
              "facilitation, advocacy, other."),
    ),
    "A relational survey's answers (PARTNER-style): each respondent's rating of each "
    "partner it names. One partner's judgement of another: never in a partner export.",
    id_from=("round", "respondent", "partner"),
)

SURVEY = Sheet(
    "survey",
    None,
    (
        _ID,
        _ROUND,
        Field("organization", "ref:organizations", True, ("org", "organisation",
                                                          "organization id", "member"),
              "Id of an organization on the round's roster."),
        Field("invited", "bool", False, ("sent", "asked"),
              "no for one on the roster that was not invited; blank counts as yes."),
        Field("responded", "bool", False, ("answered", "returned", "completed"),
              "yes once it answered."),
        Field("date", "date", False, ("responded on", "returned on", "answered on"),
              "Date it answered."),
    ),
    "The roster of each survey round: who was invited and who answered (the response "
    "rate, and whether a tie can be confirmed). Never in a partner export.",
    id_from=("round", "organization"),
)

#: The sheets in dependency order: a sheet refers only to sheets before it,
#: except goals <-> commitments, which ingest resolves as one import.
SHEETS: tuple[Sheet, ...] = (
    JURISDICTIONS,
    ORGANIZATIONS,
    PEOPLE,
    PARTNERSHIPS,
    MEMBERSHIPS,
    TIES,
    GOALS,
    COMMITMENTS,
    METRICS,
    MEASUREMENTS,
    ASSESSMENTS,
    INTERACTIONS,
    RATINGS,
    SURVEY,
)

#: The stakeholder sheets: the coordinator's judgements and contacts, whole sheets that no
#: partner export holds.
STAKEHOLDER_SHEETS = ("assessments", "interactions")
#: The relational survey's sheets: its answers and its roster.
SURVEY_SHEETS = ("ratings", "survey")
#: Whole sheets no partner export holds: the coordinator's judgements and contacts, and
#: what partners said of one another.
PRIVATE_SHEETS = STAKEHOLDER_SHEETS + SURVEY_SHEETS

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}

#: The order the design lists the sheets in (and the template writes them).
WORKBOOK_ORDER = (
    "organizations", "people", "jurisdictions", "partnerships", "memberships", "ties",
    "commitments", "goals", "metrics", "measurements", "assessments", "interactions",
    "ratings", "survey",
)

#: Sheets whose rows are nodes; their ids share one namespace.
NODE_SHEETS = tuple(sheet.name for sheet in SHEETS if sheet.kind is not None)


@dataclass(frozen=True)
class Link:
    """A relationship carried by a sheet's rows: from the node in ``source`` to ``target``.

    ``"id"`` names the row itself. ``many`` marks a target column holding several ids.
    Relationship sheets (memberships, ties) give their other columns to the edge.
    """

    rel: RelType
    sheet: str
    source: str
    target: str
    many: bool = False
    attrs: tuple[tuple[str, object], ...] = ()  # constant attributes of the edge


#: Every relationship of the model, declared once for the network model and the stores.
LINKS: tuple[Link, ...] = (
    Link(RelType.BASED_IN, "organizations", "id", "jurisdiction"),
    Link(RelType.PART_OF, "jurisdictions", "id", "parent"),
    Link(RelType.WORKS_FOR, "people", "id", "organization", attrs=(("primary", True),)),
    Link(RelType.WORKS_FOR, "people", "id", "also_works_for", many=True,
         attrs=(("primary", False),)),
    Link(RelType.SERVES, "partnerships", "id", "serves", many=True),
    Link(RelType.MEMBER_OF, "memberships", "organization", "partnership"),
    Link(RelType.MEMBER_OF, "memberships", "person", "partnership"),
    Link(RelType.PARTNERS_WITH, "ties", "from", "to"),
    Link(RelType.PURSUES, "goals", "partnership", "id"),
    Link(RelType.MADE, "commitments", "maker", "id"),
    Link(RelType.RECEIVES, "commitments", "id", "recipient"),
    Link(RelType.ADVANCES, "commitments", "id", "goal"),
    Link(RelType.ADVANCES, "commitments", "id", "partnership"),
    Link(RelType.MEASURED_BY, "metrics", "goal", "id"),
    Link(RelType.REPORTS, "measurements", "reported_by", "metric"),
)


def singular(sheet: str) -> str:
    """What one row of ``sheet`` is called: "organization", "person", "tie"..."""
    return "person" if sheet == "people" else sheet[:-1]


def header_keys(sheet: str) -> set[str]:
    """Every normalized spelling of every column header of ``sheet``."""
    from .aliases import normalize_key

    return {normalize_key(spelling) for f in SHEETS_BY_NAME[sheet].fields
            for spelling in (f.name, *f.headers)}

#: What a custom field's header starts with where its name alone would read as one of the
#: sheet's own columns (a Kumu field "Region" on an organization, a "Title" on a table).
CUSTOM_PREFIX = "custom: "


def custom_header(sheet: str, name: str) -> str:
    """The header custom field ``name`` of ``sheet`` is written under: its name, or
    ``custom: NAME`` where the name would be read back as one of the sheet's columns, as
    no column at all, or as a header of this form itself."""
    from .aliases import normalize_key

    key = normalize_key(name)
    if not key or key in header_keys(sheet) or custom_field_named(name) is not None:
        return CUSTOM_PREFIX + name
    return name


def custom_field_named(header: str) -> str | None:
    """The custom field a header ``custom: NAME`` names; None for any other header."""
    head, sep, rest = header.partition(":")
    if sep and head.strip().casefold() == "custom" and rest.strip():
        return rest.strip()
    return None


#: The template's own sheets besides the data: its documentation and the drop-down lists
#: (import passes over them without a note).
HELP_SHEETS = ("README", "lists")


#: Columns renamed since a store was first written: ``{sheet: {old name: name now}}``. Rows
#: read from an older store, snapshot or Neo4j database come with the names of today
#: (:func:`upgrade_row`). The ties' ``source`` became ``provenance``: ``source`` is what
#: every edge list calls a tie's first end (and node-link JSON wrote the end over it).
RENAMED_COLUMNS = {"ties": {"source": "provenance"}}


def upgrade_row(sheet: str, row: dict) -> dict:
    """``row`` of ``sheet`` with renamed columns under their names of today (in place)."""
    for old, new in RENAMED_COLUMNS.get(sheet, {}).items():
        if old in row:
            value = row.pop(old)
            if row.get(new) is None:
                row[new] = value
    return row
