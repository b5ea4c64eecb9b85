"""The vocabulary of lcii_graph, declared once.

Every store, export and query takes node labels, relationship types and
controlled values from these enums and nowhere else: a value typed by a user
is looked up here (see :mod:`lcii_graph.model.aliases`) and never pasted into
SQL or Cypher.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """Node kinds; the value is the label used by graph stores (PascalCase)."""

    ORGANIZATION = "Organization"
    PERSON = "Person"
    JURISDICTION = "Jurisdiction"
    PARTNERSHIP = "Partnership"
    COMMITMENT = "Commitment"
    GOAL = "Goal"
    METRIC = "Metric"


class StorageLabel(StrEnum):
    """Labels graph stores use beyond the model's node kinds."""

    MEASUREMENT = "Measurement"  # a measurement row, as a node
    ASSESSMENT = "Assessment"  # a dated judgement of a stakeholder, as a node
    INTERACTION = "Interaction"  # an entry of the engagement log, as a node
    RATING = "Rating"  # a survey respondent's rating of a partner, as a node
    SURVEY_ENTRY = "SurveyEntry"  # an organization on a survey round's roster, as a node
    SNAPSHOT = "Snapshot"  # a snapshot of the whole store


class RelType(StrEnum):
    """Relationship types (UPPER_SNAKE), as graph stores name them."""

    WORKS_FOR = "WORKS_FOR"  # Person -> Organization
    MEMBER_OF = "MEMBER_OF"  # Organization | Person -> Partnership
    BASED_IN = "BASED_IN"  # Organization -> Jurisdiction
    PART_OF = "PART_OF"  # Jurisdiction -> Jurisdiction
    SERVES = "SERVES"  # Partnership -> Jurisdiction
    PARTNERS_WITH = "PARTNERS_WITH"  # Organization -> Organization
    MADE = "MADE"  # Organization -> Commitment
    ADVANCES = "ADVANCES"  # Commitment -> Goal | Partnership
    RECEIVES = "RECEIVES"  # Commitment -> Organization
    PURSUES = "PURSUES"  # Partnership -> Goal
    MEASURED_BY = "MEASURED_BY"  # Goal -> Metric
    REPORTS = "REPORTS"  # Organization -> Metric


class Sector(StrEnum):
    GOVERNMENT = "government"
    BUSINESS = "business"
    PHILANTHROPY = "philanthropy"
    NONPROFIT = "nonprofit"
    COMMUNITY = "community"


class Level(StrEnum):
    """Jurisdiction levels; a government organization's level is its home's."""

    FEDERAL = "federal"
    STATE = "state"
    COUNTY = "county"
    CITY = "city"
    TRIBAL = "tribal"
    REGIONAL = "regional"
    SCHOOL_DISTRICT = "school_district"
    SPECIAL_DISTRICT = "special_district"
    NEIGHBORHOOD = "neighborhood"


class Role(StrEnum):
    """A member's role at a partnership table."""

    CONVENER = "convener"
    BACKBONE = "backbone"
    MEMBER = "member"
    FUNDER = "funder"
    ADVISOR = "advisor"
    OBSERVER = "observer"


class CommitmentType(StrEnum):
    GRANT = "grant"
    PRI = "pri"
    LOAN = "loan"
    GUARANTEE = "guarantee"
    EQUITY = "equity"
    PUBLIC_FUNDS = "public_funds"
    IN_KIND = "in_kind"
    STAFF = "staff"
    DATA_SHARING = "data_sharing"
    POLICY = "policy"
    PRACTICE = "practice"
    PROGRAM = "program"


#: Commitment types that move money; the capital stack is built from these.
CAPITAL_TYPES = frozenset(
    {
        CommitmentType.GRANT,
        CommitmentType.PRI,
        CommitmentType.LOAN,
        CommitmentType.GUARANTEE,
        CommitmentType.EQUITY,
        CommitmentType.PUBLIC_FUNDS,
    }
)


class Status(StrEnum):
    PROPOSED = "proposed"
    PLEDGED = "pledged"
    ACTIVE = "active"
    FULFILLED = "fulfilled"
    LAPSED = "lapsed"


class Change(StrEnum):
    """Whether a commitment changes the system or funds a program."""

    SYSTEMS = "systems"
    PROGRAM = "program"


#: The design's default ``change`` per commitment type; types not listed have
#: no default and stay blank unless the sheet says.
DEFAULT_CHANGE = {
    CommitmentType.POLICY: Change.SYSTEMS,
    CommitmentType.DATA_SHARING: Change.SYSTEMS,
    CommitmentType.PRACTICE: Change.SYSTEMS,
    CommitmentType.PUBLIC_FUNDS: Change.SYSTEMS,
    CommitmentType.PROGRAM: Change.PROGRAM,
}


class TieKind(StrEnum):
    MOU = "mou"
    CONTRACT = "contract"
    DATA_SHARING = "data_sharing"
    REFERRAL = "referral"
    CO_FUNDING = "co_funding"
    INFORMAL = "informal"


class TieSource(StrEnum):
    SURVEY = "survey"
    DOCUMENT = "document"
    FACILITATOR = "facilitator"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Stance(StrEnum):
    """Where a stakeholder stands on what the table wants to change, −2 to +2 (the
    support scale of Bourne's Stakeholder Circle, centred)."""

    OPPONENT = "opponent"
    SCEPTIC = "sceptic"
    NEUTRAL = "neutral"
    SUPPORTER = "supporter"
    CHAMPION = "champion"


class Sentiment(StrEnum):
    """How an interaction went, −2 to +2."""

    VERY_NEGATIVE = "very_negative"
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"
    VERY_POSITIVE = "very_positive"


#: Each stance's and sentiment's score: −2 to +2 in declaration order.
STANCE_SCORE = {member.value: i - 2 for i, member in enumerate(Stance)}
SENTIMENT_SCORE = {member.value: i - 2 for i, member in enumerate(Sentiment)}


class Engagement(StrEnum):
    """The IAP2 Spectrum of Public Participation, from the least engaged to the most."""

    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    EMPOWER = "empower"


#: Each engagement level's place on the spectrum: an engagement gap is a difference of these.
ENGAGEMENT_LEVEL = {member.value: i for i, member in enumerate(Engagement)}


class Channel(StrEnum):
    """How an interaction took place."""

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    EVENT = "event"
    SITE_VISIT = "site_visit"
    OTHER = "other"


class Frequency(StrEnum):
    """How often a survey respondent works with a partner."""

    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    WEEKLY = "weekly"
    DAILY = "daily"


class Intensity(StrEnum):
    """How closely a respondent works with a partner (PARTNER's levels), from the least."""

    AWARENESS = "awareness"
    COOPERATION = "cooperation"
    COORDINATION = "coordination"
    INTEGRATION = "integration"


#: What a partner contributes, in a rating's ``contributes`` list (PARTNER's resources).
CONTRIBUTIONS = ("funding", "in_kind", "staff", "volunteers", "data", "information",
                 "expertise", "community_connections", "fiscal_agent", "facilitation",
                 "advocacy", "other")


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The allowed values of a vocabulary, in declaration order."""
    return tuple(member.value for member in enum)


#: Who an output is for. ``partner``: shareable with partners, so without contact data,
#: notes or the coordinator's judgements of partners; ``internal``: everything.
PROFILES = ("partner", "internal")
