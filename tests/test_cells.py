"""Reading one cell: dates, numbers, yes/no, scales, lists."""

from __future__ import annotations

import pytest

from lcii_graph.ingest.cells import (
    CellError,
    parse_amount,
    parse_bool,
    parse_date,
    parse_list,
    parse_number,
    parse_scale,
)


@pytest.mark.parametrize("text,expected", [
    ("2021-03-05", "2021-03-05"), ("2021-3-5", "2021-03-05"), ("3/5/2021", "2021-03-05"),
    ("03/05/21", "2021-03-05"), ("5.3.2021", "2021-03-05"), ("2021/03/05", "2021-03-05"),
    ("March 5, 2021", "2021-03-05"), ("5 March 2021", "2021-03-05"), ("Mar 2021", "2021-03-01"),
    ("2021-03", "2021-03-01"), ("2021", "2021-01-01"), ("2021-Q3", "2021-07-01"),
    ("Q2 2020", "2020-04-01"), ("2021-03-05 00:00:00", "2021-03-05"),
    ("2021-03-05T10:30:00Z", "2021-03-05"),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-02-30", "13/45/2021", "soon", "21", "1066-10-14",
                                  "Smarch 3, 2021"])
def test_bad_dates(text):
    with pytest.raises(CellError, match="date"):
        parse_date(text)


@pytest.mark.parametrize("text,expected", [
    ("1250000", 1250000.0), ("$1,250,000.00", 1250000.0), ("1.5M", 1_500_000.0),
    ("250k", 250_000.0), ("2bn", 2e9), ("(200)", -200.0), ("-3.5", -3.5), ("12%", 12.0),
    (".5", 0.5), ("€ 1 000", 1000.0),
])
def test_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "1.2.3", "nan", "inf", "1e999", "$", "--5"])
def test_bad_numbers(text):
    with pytest.raises(CellError):
        parse_number(text)


def test_amounts_may_not_be_negative():
    assert parse_amount("0") == 0
    with pytest.raises(CellError, match="zero or more"):
        parse_amount("-5")


@pytest.mark.parametrize("text,expected", [("yes", True), ("Y", True), ("TRUE", True),
                                           ("x", True), ("1", True), ("no", False),
                                           ("N", False), ("false", False), ("0", False)])
def test_bools(text, expected):
    assert parse_bool(text) is expected


def test_bad_bool():
    with pytest.raises(CellError, match="yes or no"):
        parse_bool("maybe")


def test_scale():
    assert parse_scale("3") == 3
    assert parse_scale("4.0") == 4
    for bad in ("0", "5", "2.5", "high"):
        with pytest.raises(CellError, match="1 to 4"):
            parse_scale(bad)


def test_lists_are_normalized():
    assert parse_list("health;  housing, health\neducation") == "health; housing; education"


@pytest.mark.parametrize("text", ["(200", "200)", "((200)", "9" * 16, "9" * 400,
                                  "-1000000000000000"])
def test_malformed_or_overflowing_numbers_are_refused(text):
    """Was: `(200` read as +200; a 400-digit number became infinity and was kept."""
    with pytest.raises(CellError):
        parse_number(text)


def test_numbers_at_the_edges_of_what_is_taken():
    assert parse_number("(200)") == -200.0
    assert parse_number("999999999999999") == 999_999_999_999_999.0  # just below 10^15
    with pytest.raises(CellError, match="below a quadrillion"):
        parse_number("1000000000000000")


@pytest.mark.parametrize("text,expected", [
    ("3/5/85", "1985-03-05"), ("3/5/70", "1970-03-05"), ("12/31/69", "2069-12-31"),
    ("3/5/00", "2000-03-05"), ("3/5/99", "1999-03-05")])
def test_two_digit_years_follow_the_pivot(text, expected):
    """A two-digit year below 70 is 20xx, 70 and above 19xx (the pivot at its boundary)."""
    assert parse_date(text) == expected


@pytest.mark.parametrize("text,expected", [("✓", True), ("✔", True), (" ✓ ", True)])
def test_check_marks_read_as_yes(text, expected):
    assert parse_bool(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("44927", "2023-01-01"),   # Excel's day number for New Year 2023
    ("45123", "2023-07-16"), ("45123.0", "2023-07-16"),
    ("10000", "1927-05-18"),   # the fewest digits read as a day number
    ("99999", "2173-10-13"),   # the most
    ("2021", "2021-01-01"),    # four digits stay a year
])
def test_a_date_that_lost_its_format_is_read_as_excels_day_number(text, expected):
    """Was: `45123` in a date column (a cell set to General) was refused as no date."""
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["100000", "9999", "45123.5"])
def test_numbers_that_are_no_day_number_stay_refused(text):
    with pytest.raises(CellError):
        parse_date(text)


# -- values pinned one by one (each was a surviving mutant: see tools/mutate.py) -------------
@pytest.mark.parametrize("text", ["yes", "Y", "TRUE", "t", "1", "x", "✓", "✔", "si", "oui",
                                  "Decision maker", "DM"])
def test_every_word_for_yes(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["no", "N", "FALSE", "f", "0", "-", "✗", "none", "Staff",
                                  "doer", ""])
def test_every_word_for_no(text):
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["maybe", "2", "yess"])
def test_neither_yes_nor_no(text):
    with pytest.raises(CellError, match="yes or no"):
        parse_bool(text)


@pytest.mark.parametrize("char, category", [("\u200b", "Cf"), ("\x07", "Cc"),
                                            ("\ue000", "Co"), ("\u0378", "Cn"),
                                            ("\ud800", "Cs")])
def test_an_id_with_an_invisible_character_of_each_kind_is_refused(char, category):
    from lcii_graph.ingest.cells import parse_id

    with pytest.raises(CellError, match=f"U\\+{ord(char):04X} .* at character 1\\)"):
        parse_id(char + "abc")
    assert parse_id("abc-é 1") == "abc-é 1"


@pytest.mark.parametrize("text, value", [("2k", 2e3), ("2m", 2e6), ("2mm", 2e6), ("2b", 2e9),
                                         ("2bn", 2e9), ("1.5M", 1.5e6), ("-3k", -3e3)])
def test_each_suffix_scales_once(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, expected", [
    ("1bm", "a number"),  # one suffix only: "b" is not read after "m"
    ("9" * 400, "a finite number"),
    ("1000000000000000", "a number below a quadrillion"),
])
def test_numbers_refused_with_their_reason(text, expected):
    with pytest.raises(CellError, match=expected):
        parse_number(text)
    assert parse_number("999999999999999") == 999999999999999.0


@pytest.mark.parametrize("month, number", [
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("may", 5), ("jun", 6), ("jul", 7),
    ("aug", 8), ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12)])
def test_every_month_name(month, number):
    assert parse_date(f"5 {month} 2021") == f"2021-{number:02d}-05"
    assert parse_date(f"{month.title()}ember 2021" if month in ("sep", "nov", "dec")
                      else f"{month} 2021") == f"2021-{number:02d}-01"


@pytest.mark.parametrize("text, expected", [("2021", "2021-01-01"), ("1800-01-01", "1800-01-01"),
                                            ("2200-12-31", "2200-12-31")])
def test_a_year_alone_and_the_ends_of_the_range(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["1799-12-31", "2201-01-01"])
def test_dates_outside_the_range(text):
    with pytest.raises(CellError, match="between the years 1800 and 2200"):
        parse_date(text)


def test_a_value_as_the_cell_that_reads_back_to_it():
    from lcii_graph.ingest.cells import as_cell, split_list

    assert [as_cell(v) for v in (None, True, False, 3.0, 2.5, 7, "a", ["x", 2.0])] == [
        "", "yes", "no", "3", "2.5", "7", "a", "x; 2"]
    assert split_list(None) == [] and split_list("") == [] and split_list("a; b") == ["a", "b"]


def test_a_suffix_is_read_once_and_every_scale_value():
    assert parse_number("10mm") == 1e7  # not "10m" then "m" again
    assert [parse_scale(str(k)) for k in (1, 2, 3, 4)] == [1, 2, 3, 4]


def test_an_id_is_refused_for_exactly_the_characters_of_those_kinds():
    """parse_id passes printable text whole (the usual id, without looking at each
    character); the same verdict as looking at each, for every code point (alone, and
    after a letter in the basic plane), and for the separators printable text leaves out (line and
    paragraph separators, no-break spaces are not refused)."""
    import sys
    import unicodedata

    from lcii_graph.ingest.cells import parse_id

    refused = ("Cf", "Cc", "Co", "Cn", "Cs")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = unicodedata.category(char) in refused
        for text in (char, "a" + char) if code < 0x10000 else (char,):
            try:
                parse_id(text)
                got = False
            except CellError:
                got = True
            assert got is expected, (hex(code), text)
