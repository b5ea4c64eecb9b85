"""The many ways spreadsheets say a vocabulary value, mapped onto the enums.

Matching ignores case, spaces and punctuation: "Gov't", "GOVT" and "gov t"
are one key. An unknown value raises :class:`UnknownValue` carrying the
closest known spellings for a "did you mean".
"""

from __future__ import annotations

import difflib
import re
from enum import StrEnum

from .vocabulary import (
    SENTIMENT_SCORE,
    STANCE_SCORE,
    Change,
    Channel,
    CommitmentType,
    Direction,
    Engagement,
    Frequency,
    Intensity,
    Level,
    Role,
    Sector,
    Sentiment,
    Stance,
    Status,
    TieKind,
    TieSource,
)

_NOT_WORD = re.compile(r"[\W_]+")


def normalize_key(text: str) -> str:
    """Case-fold ``text`` and drop everything but letters and digits (any script)."""
    return _NOT_WORD.sub("", text.casefold())


class UnknownValue(ValueError):
    """A value that no alias table knows; ``suggestions`` are close spellings."""

    def __init__(self, value: str, vocabulary: str, suggestions: list[str], allowed: list[str]):
        self.value = value
        self.vocabulary = vocabulary
        self.suggestions = suggestions
        self.allowed = allowed
        super().__init__(self.expected())

    def expected(self) -> str:
        text = f"one of {', '.join(self.allowed)}"
        if self.suggestions:
            text += f" (did you mean {' or '.join(repr(s) for s in self.suggestions)}?)"
        return text


_SECTOR_ALIASES = {
    Sector.GOVERNMENT: [
        "public", "public sector", "gov", "gov't", "govt", "government agency", "city agency",
        "county", "county agency", "state agency", "state", "federal", "federal agency",
        "city", "municipal", "municipality", "public agency", "agency", "school district",
        "tribal", "tribal government", "local government", "public entity",
        "part of a government", "supranational government", "supra national government",
        "part of supra-national government", "part of supranational government",
        "multilateral government", "multilateral", "intergovernmental organization",
        "international organization", "public body",
    ],
    Sector.BUSINESS: [
        "private", "private sector", "for-profit", "for profit", "corporate", "corporation",
        "business", "company", "bank", "employer", "industry", "firm", "commercial",
        "trade association", "industry association", "business association",
        "chamber of commerce", "startup",
    ],
    Sector.PHILANTHROPY: [
        "foundation", "philanthropic", "funder", "philanthropy", "community foundation",
        "private foundation", "family foundation", "grantmaker",
    ],
    Sector.NONPROFIT: [
        "non-profit", "nonprofit", "not-for-profit", "not for profit", "ngo", "cbo",
        "501(c)(3)", "501c3", "nonprofit organization", "community-based organization",
        "social service", "charity", "civil society", "civil society organization", "cso",
        "non governmental organization", "non-governmental organization",
        "nongovernmental organization", "university", "college", "research",
        "research institute", "research lab or center", "university/research", "academia",
        "academic",
    ],
    Sector.COMMUNITY: [
        "resident", "residents", "community group", "grassroots", "neighborhood association",
        "community", "faith", "faith-based", "congregation", "church", "block club",
        "tenant association", "resident group", "parents",
    ],
}

_LEVEL_ALIASES = {
    Level.FEDERAL: ["national", "us", "usa", "federal government"],
    Level.STATE: ["state government", "commonwealth"],
    Level.COUNTY: ["parish", "borough", "county government"],
    Level.CITY: ["municipal", "municipality", "town", "village", "township", "city government"],
    Level.TRIBAL: ["tribe", "nation", "tribal nation", "reservation"],
    Level.REGIONAL: ["region", "metro", "metropolitan", "metro area", "msa", "multi-county"],
    Level.SCHOOL_DISTRICT: ["school", "schools", "isd", "usd", "school board", "district"],
    Level.SPECIAL_DISTRICT: ["authority", "transit authority", "port authority", "utility"],
    Level.NEIGHBORHOOD: ["community area", "ward", "census tract", "tract", "zip"],
}

_ROLE_ALIASES = {
    Role.CONVENER: ["chair", "lead", "convenor", "co-convener", "co-chair", "host",
                    "chair / vice chair", "vice chair", "chair/vice chair"],
    Role.BACKBONE: ["backbone organization", "backbone org", "staff", "intermediary"],
    Role.MEMBER: ["partner", "participant", "steering committee", "committee member",
                  "general member", "executive member", "founder", "organization for group"],
    Role.FUNDER: ["investor", "sponsor", "donor"],
    Role.ADVISOR: ["adviser", "advisory", "consultant", "technical assistance"],
    Role.OBSERVER: ["ex officio", "ex-officio", "liaison", "guest"],
}

_COMMITMENT_ALIASES = {
    CommitmentType.GRANT: ["grants", "grant funding", "gift"],
    CommitmentType.PRI: ["program-related investment", "program related investment", "pris"],
    CommitmentType.LOAN: ["loans", "debt", "credit", "line of credit"],
    CommitmentType.GUARANTEE: ["loan guarantee", "credit enhancement", "guaranty"],
    CommitmentType.EQUITY: ["investment", "equity investment"],
    CommitmentType.PUBLIC_FUNDS: [
        "public funding", "public money", "appropriation", "public dollars",
        "government funding", "public",
    ],
    CommitmentType.IN_KIND: ["in kind", "in-kind support", "space", "donated"],
    CommitmentType.STAFF: ["staff time", "personnel", "loaned staff", "fte"],
    CommitmentType.DATA_SHARING: ["data", "data sharing agreement", "dsa", "data-sharing"],
    CommitmentType.POLICY: ["policy change", "ordinance", "legislation", "regulation"],
    CommitmentType.PRACTICE: ["practice change", "process change", "procedure"],
    CommitmentType.PROGRAM: ["programs", "pilot", "service", "project"],
}

_STATUS_ALIASES = {
    Status.PROPOSED: ["planned", "under discussion", "draft"],
    Status.PLEDGED: ["committed", "promised", "approved"],
    Status.ACTIVE: ["in progress", "ongoing", "underway", "current"],
    Status.FULFILLED: ["complete", "completed", "done", "met", "paid"],
    Status.LAPSED: ["expired", "cancelled", "canceled", "withdrawn", "dropped"],
}

_TIE_ALIASES = {
    TieKind.MOU: ["memorandum of understanding", "memorandum", "agreement", "moa"],
    TieKind.CONTRACT: ["contracted", "vendor", "service contract"],
    TieKind.DATA_SHARING: ["data", "data sharing agreement", "dsa"],
    TieKind.REFERRAL: ["referrals", "refers"],
    TieKind.CO_FUNDING: ["cofunding", "co-funded", "joint funding", "funding",
                         "funding flow", "funds", "funder", "grant"],
    TieKind.INFORMAL: ["relationship", "collaboration", "network", "other"],
}

_SOURCE_ALIASES = {
    TieSource.SURVEY: ["questionnaire", "partner survey"],
    TieSource.DOCUMENT: ["documents", "document review", "records", "mou"],
    TieSource.FACILITATOR: ["staff", "observation", "facilitator knowledge"],
}

_CHANGE_ALIASES = {
    Change.SYSTEMS: ["system", "systems change", "systemic"],
    Change.PROGRAM: ["programs", "programmatic", "program change"],
}

_DIRECTION_ALIASES = {
    Direction.UP: ["increase", "higher", "higher is better", "raise"],
    Direction.DOWN: ["decrease", "lower", "lower is better", "reduce"],
}


_STANCE_ALIASES = {
    Stance.OPPONENT: ["opposed", "opposes", "against", "resistor", "blocker", "hostile"],
    Stance.SCEPTIC: ["skeptic", "skeptical", "sceptical", "doubtful", "wary", "cautious"],
    Stance.NEUTRAL: ["undecided", "unknown stance", "indifferent"],
    Stance.SUPPORTER: ["supportive", "supports", "ally", "favourable", "favorable"],
    Stance.CHAMPION: ["advocate", "strong supporter", "sponsor", "very supportive"],
}

_SENTIMENT_ALIASES = {
    Sentiment.VERY_NEGATIVE: ["very bad", "hostile", "bad meeting"],
    Sentiment.NEGATIVE: ["bad", "poor", "tense", "difficult"],
    Sentiment.NEUTRAL: ["ok", "okay", "mixed", "fine"],
    Sentiment.POSITIVE: ["good", "warm", "productive"],
    Sentiment.VERY_POSITIVE: ["very good", "excellent", "great"],
}

_ENGAGEMENT_ALIASES = {
    Engagement.INFORM: ["informed", "information", "keep informed"],
    Engagement.CONSULT: ["consulted", "consultation"],
    Engagement.INVOLVE: ["involved", "involvement"],
    Engagement.COLLABORATE: ["collaborating", "collaboration", "partner"],
    Engagement.EMPOWER: ["empowered", "empowerment", "delegate", "shared decision"],
}

_CHANNEL_ALIASES = {
    Channel.MEETING: ["in person", "in-person meeting", "meet", "video call", "zoom",
                      "teams meeting", "visit"],
    Channel.CALL: ["phone", "phone call", "telephone", "call"],
    Channel.EMAIL: ["e-mail", "mail", "letter", "message"],
    Channel.EVENT: ["conference", "workshop", "convening", "forum", "town hall"],
    Channel.SITE_VISIT: ["site visit", "field visit", "tour"],
    Channel.OTHER: ["misc", "miscellaneous"],
}

_FREQUENCY_ALIASES = {
    Frequency.YEARLY: ["annually", "once a year", "once a year or less", "yearly or less",
                       "rarely"],
    Frequency.QUARTERLY: ["about once a quarter", "once a quarter", "every quarter",
                          "quarter"],
    Frequency.MONTHLY: ["about once a month", "once a month", "every month", "month"],
    Frequency.WEEKLY: ["every week", "once a week", "week"],
    Frequency.DAILY: ["every day", "day", "constantly"],
}

_INTENSITY_ALIASES = {
    Intensity.AWARENESS: ["aware", "networking", "information sharing"],
    Intensity.COOPERATION: ["cooperative", "cooperate", "co-operation"],
    Intensity.COORDINATION: ["coordinated", "coordinate", "co-ordination"],
    Intensity.INTEGRATION: ["integrated", "integrate", "collaboration", "collaborative"],
}

#: A signed whole number as a scored vocabulary reads it: "-2", "+1", "0", "−1".
_SIGNED = re.compile(r"^\s*([+\-\u2212]?)\s*(\d+)\s*$")


class Vocabulary:
    """One controlled vocabulary: an enum plus the spellings that mean each value."""

    def __init__(self, name: str, enum: type[StrEnum], aliases: dict[StrEnum, list[str]],
                 scores: dict[str, int] | None = None):
        self.name = name
        self.enum = enum
        self.allowed = [member.value for member in enum]
        # A scored vocabulary (stance, sentiment) reads its scores too: "-2" is opponent.
        self._by_score = {score: value for value, score in (scores or {}).items()}
        self._lookup: dict[str, str] = {}
        for member in enum:
            self._lookup[normalize_key(member.value)] = member.value
        for member, spellings in aliases.items():
            for spelling in spellings:
                key = normalize_key(spelling)
                # A spelling may not name two values: that would make import guess.
                if not key or self._lookup.get(key, member.value) != member.value:
                    raise ValueError(f"{name}: alias {spelling!r} is blank or ambiguous")
                self._lookup[key] = member.value

    def parse(self, text: str) -> str:
        """Return the canonical value for ``text`` or raise :class:`UnknownValue`."""
        signed = _SIGNED.match(text) if self._by_score else None
        if signed:
            score = int(signed.group(2)) * (-1 if signed.group(1) in ("-", "\u2212") else 1)
            if score in self._by_score:
                return self._by_score[score]
            raise UnknownValue(text, self.name, [], self.expected_scores())
        key = normalize_key(text)
        found = self._lookup.get(key)
        if found is not None:
            return found
        close = difflib.get_close_matches(key, list(self._lookup), n=2, cutoff=0.6)
        suggestions = list(dict.fromkeys(self._lookup[c] for c in close))
        raise UnknownValue(text, self.name, suggestions,
                           self.expected_scores() if self._by_score else self.allowed)

    def expected_scores(self) -> list[str]:
        """A scored vocabulary's values with their scores: "opponent (-2)"..."""
        return [f"{value} ({score:+d})" if score else f"{value} (0)"
                for score, value in sorted(self._by_score.items())]


SECTORS = Vocabulary("sector", Sector, _SECTOR_ALIASES)
LEVELS = Vocabulary("level", Level, _LEVEL_ALIASES)
ROLES = Vocabulary("role", Role, _ROLE_ALIASES)
COMMITMENT_TYPES = Vocabulary("commitment type", CommitmentType, _COMMITMENT_ALIASES)
STATUSES = Vocabulary("status", Status, _STATUS_ALIASES)
TIE_KINDS = Vocabulary("tie kind", TieKind, _TIE_ALIASES)
TIE_SOURCES = Vocabulary("tie source", TieSource, _SOURCE_ALIASES)
CHANGES = Vocabulary("change", Change, _CHANGE_ALIASES)
DIRECTIONS = Vocabulary("direction", Direction, _DIRECTION_ALIASES)
STANCES = Vocabulary("stance", Stance, _STANCE_ALIASES, STANCE_SCORE)
SENTIMENTS = Vocabulary("sentiment", Sentiment, _SENTIMENT_ALIASES, SENTIMENT_SCORE)
ENGAGEMENTS = Vocabulary("engagement", Engagement, _ENGAGEMENT_ALIASES)
CHANNELS = Vocabulary("channel", Channel, _CHANNEL_ALIASES)
FREQUENCIES = Vocabulary("frequency", Frequency, _FREQUENCY_ALIASES)
INTENSITIES = Vocabulary("intensity", Intensity, _INTENSITY_ALIASES)
