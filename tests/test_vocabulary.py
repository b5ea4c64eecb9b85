"""The vocabulary: enums declared once, aliases, did-you-mean, and the schema in step."""

from __future__ import annotations

import sqlite3

import pytest

from lcii_graph.ingest.validate import _header_lookup
from lcii_graph.model import aliases
from lcii_graph.model import vocabulary as v
from lcii_graph.model.aliases import UnknownValue, normalize_key
from lcii_graph.model.people import infer_decision_maker
from lcii_graph.model.schema import SHEETS
from lcii_graph.store.sqlite import _schema_v1, _split_sql

REQUIRED_SECTOR_ALIASES = {
    "government": ["public", "public sector", "gov", "gov't", "government agency",
                   "city agency", "county", "state agency", "federal"],
    "business": ["private", "private sector", "for-profit", "corporate", "business", "company",
                 "bank"],
    "philanthropy": ["foundation", "philanthropic", "funder"],
    "nonprofit": ["non-profit", "nonprofit", "ngo", "cbo", "501(c)(3)"],
    "community": ["resident", "residents", "community group", "grassroots",
                  "neighborhood association"],
}


@pytest.mark.parametrize("sector,spellings", REQUIRED_SECTOR_ALIASES.items())
def test_sector_aliases_named_in_the_issue(sector, spellings):
    for spelling in spellings:
        assert aliases.SECTORS.parse(spelling) == sector
        assert aliases.SECTORS.parse(spelling.upper()) == sector
        assert aliases.SECTORS.parse(f"  {spelling.title()}  ") == sector


def test_matching_ignores_case_space_and_punctuation():
    assert aliases.SECTORS.parse("GOV T") == "government"
    assert aliases.SECTORS.parse("Non Profit") == "nonprofit"
    assert aliases.SECTORS.parse("501 c 3") == "nonprofit"
    assert aliases.COMMITMENT_TYPES.parse("Program-Related Investment") == "pri"
    assert aliases.LEVELS.parse("School District") == "school_district"


def test_unknown_value_says_what_is_allowed_and_suggests():
    with pytest.raises(UnknownValue) as info:
        aliases.SECTORS.parse("Goverment")
    assert info.value.suggestions == ["government"]
    assert "did you mean 'government'?" in str(info.value)
    assert str(info.value).startswith(
        "one of government, business, philanthropy, nonprofit, community")
    with pytest.raises(UnknownValue) as info:
        aliases.SECTORS.parse("zzz")
    assert info.value.suggestions == []


def test_normalize_key_keeps_letters_of_any_script():
    assert normalize_key("Gov't") == "govt"
    assert normalize_key("Українсько-американський") == "українськоамериканський"


def test_every_sql_check_lists_exactly_the_enum():
    """The SQLite CHECK constraints accept every enum value and refuse others."""
    conn = sqlite3.connect(":memory:")
    for statement in _split_sql(_schema_v1()):
        conn.execute(statement)
    conn.execute("INSERT INTO jurisdictions (id, name, level) VALUES ('j', 'J', 'city')")
    for sector in v.values(v.Sector):
        conn.execute("INSERT INTO organizations (id, name, sector) VALUES (?, ?, ?)",
                     (f"o-{sector}", sector, sector))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO organizations (id, name, sector) VALUES ('x', 'x', 'gov')")
    for level in v.values(v.Level):
        conn.execute("INSERT INTO jurisdictions (id, name, level) VALUES (?, ?, ?)",
                     (f"j-{level}", level, level))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO jurisdictions (id, name, level) VALUES ('y', 'y', 'moon')")
    for kind in v.values(v.CommitmentType):
        conn.execute("INSERT INTO commitments (id, maker, type) VALUES (?, 'o-business', ?)",
                     (f"c-{kind}", kind))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO commitments (id, maker, type) VALUES ('c', 'o-business', 'x')")
    # NULL passes an optional vocabulary, as with IN.
    conn.execute("INSERT INTO commitments (id, maker, type, change) "
                 "VALUES ('c-null', 'o-business', 'grant', NULL)")


def test_no_header_alias_names_two_columns_of_a_sheet():
    for sheet in SHEETS:
        seen: dict[str, str] = {}
        for field in sheet.fields:
            for spelling in (field.name, *field.headers):
                key = normalize_key(spelling)
                other = seen.setdefault(key, field.name)
                assert other == field.name, f"{sheet.name}: {spelling!r} names {other} too"
        lookup = _header_lookup(sheet)
        assert all(lookup[normalize_key(f.name)] == f.name for f in sheet.fields)


def test_every_alias_table_is_unambiguous():
    """Building a vocabulary refuses a spelling that maps to two values."""
    with pytest.raises(ValueError, match="ambiguous"):
        aliases.Vocabulary("x", v.Sector, {v.Sector.BUSINESS: ["foundation"],
                                           v.Sector.PHILANTHROPY: ["foundation"]})


@pytest.mark.parametrize("title,expected", [
    ("Executive Director", True), ("CEO", True), ("President and CEO", True),
    ("Mayor", True), ("County Executive", True), ("Superintendent", True),
    ("Commissioner", True), ("Chair", True), ("Director of Planning", True),
    ("Deputy Director", False), ("Assistant to the Mayor", False),
    ("Program Officer", False), ("Policy Analyst", False), ("Vice Chair", False),
    ("", False), (None, False),
])
def test_decision_maker_inferred_from_title(title, expected):
    assert infer_decision_maker(title) is expected
