"""Read one cell's text as a typed value.

Each parser takes the stripped, non-blank text of a cell and returns the value
to store, or raises :class:`CellError` whose message says what was expected.
Validation calls a parser once per distinct value of a column, so these stay
simple rather than clever.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import aliases
from ..model.aliases import UnknownValue

VOCABULARIES = {
    vocab.name: vocab
    for vocab in (
        aliases.SECTORS, aliases.LEVELS, aliases.ROLES, aliases.COMMITMENT_TYPES,
        aliases.STATUSES, aliases.TIE_KINDS, aliases.TIE_SOURCES, aliases.CHANGES,
        aliases.DIRECTIONS, aliases.STANCES, aliases.ENGAGEMENTS, aliases.CHANNELS,
        aliases.SENTIMENTS, aliases.FREQUENCIES, aliases.INTENSITIES,
    )
}


class CellError(ValueError):
    """``str(error)`` says what the cell should have held."""


#: Words for yes and no, compared after normalize_key (which keeps letters and digits:
#: the check marks, which it drops, are matched as written in parse_bool).
_TRUE = {"yes", "y", "true", "t", "1", "x", "si", "oui", "decisionmaker", "dm"}
_FALSE = {"no", "n", "false", "f", "0", "", "none", "staff", "doer"}  # "" covers "-", "✗"


def parse_id(text: str) -> str:
    """An id: any visible text. Invisible characters (a byte-order mark, a zero-width
    space or joiner, a direction mark) and control characters are refused: an id that
    looks like another but is not would split one organization in two without a sign."""
    if text.isprintable():  # no character of the categories below: the usual id, at once
        return text
    import unicodedata

    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) in ("Cf", "Cc", "Co", "Cn", "Cs"):
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            raise CellError(f"an id without invisible or control characters (U+{ord(char):04X} "
                            f"{name} at character {position})")
    return text


def parse_bool(text: str) -> bool:
    key = aliases.normalize_key(text)
    if key in _TRUE or text.strip() in ("✓", "✔"):
        return True
    if key in _FALSE:
        return False
    raise CellError("yes or no")


_NUMBER = re.compile(r"^(\(-?\d+(?:\.\d*)?\)|-?\d+(?:\.\d*)?|\(-?\.\d+\)|-?\.\d+)$")
#: Larger than any amount or measure a partnership records (a quadrillion): a value
#: beyond it is a typing slip, and sums of such values overflow to infinity.
MAX_NUMBER = 1e15
_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}


def parse_number(text: str) -> float:
    """Read ``1250000``, ``$1,250,000.00``, ``1.5M``, ``(200)`` (negative), ``12%``."""
    s = text.strip().replace(",", "").replace("$", "").replace("€", "").replace("£", "")
    s = s.replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")
    if s.endswith("%"):
        s = s[:-1]
    scale = 1.0
    lowered = s.lower()
    for suffix in ("mm", "bn", "k", "m", "b"):
        if lowered.endswith(suffix) and len(s) > len(suffix):
            scale = _SUFFIX[suffix]
            s = s[: -len(suffix)]
            break
    if not _NUMBER.match(s):
        raise CellError("a number")
    negative = s.startswith("(") and s.endswith(")")
    value = float(s.strip("()")) * scale
    if negative:
        value = -value
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("a finite number")
    if abs(value) >= MAX_NUMBER:
        raise CellError("a number below a quadrillion (10^15)")
    return value


#: Currency symbols read in an amount cell or a currency cell, and the code each means.
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "us dollars": "USD", "usd$": "USD",
                   "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
                   "sterling": "GBP"}


def parse_currency(text: str) -> str:
    """An ISO 4217 code: ``usd``, ``$``, ``€``, ``Euros`` are read as USD, EUR, EUR."""
    s = text.strip()
    if s in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[s]
    if s.casefold() in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[s.casefold()]
    if re.fullmatch(r"[A-Za-z]{3}", s):
        return s.upper()
    raise CellError("a three-letter currency code (USD, EUR, GBP, CAD...) or $, €, £")


def currency_symbol(text: str) -> str | None:
    """The currency an amount cell writes with its number (``€50,000``), if any."""
    found = {code for symbol, code in CURRENCY_SYMBOLS.items() if symbol in text}
    return found.pop() if len(found) == 1 else None


def parse_amount(text: str) -> float:
    value = parse_number(text)
    if value < 0:
        raise CellError("an amount of zero or more")
    return value


def parse_scale(text: str) -> int:
    try:
        value = parse_number(text)
    except CellError:
        raise CellError("a whole number from 1 to 4") from None
    if value not in (1, 2, 3, 4):
        raise CellError("a whole number from 1 to 4")
    return int(value)


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
# The text is lower-cased before matching, hence "t" and "z".
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t][\d:.]+(?:z|[+-]\d\d:?\d\d)?)?$")
_YM = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
#: A date that lost its format on the way (a spreadsheet cell set to "General", a column
#: pasted as values): Excel's day number, counted from 1899-12-30. Five digits are the
#: years 1927 to 2173; four are read as a year.
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]{3,9})\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*q([1-4])$|^q([1-4])\s*-?\s*(\d{4})$")
_SLASH_ISO = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")

DATE_FORMATS = "YYYY-MM-DD, M/D/YYYY, D.M.YYYY, YYYY/M/D, YYYY-MM, YYYY, 2021-Q3 or 'March 5, 2021'"


def parse_date(text: str) -> str:
    """Return ISO ``YYYY-MM-DD``; a month or year alone means its first day."""
    s = text.strip().lower()
    parts: tuple[int, int, int] | None = None
    if m := _ISO.match(s):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif m := _SLASH_ISO.match(s):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif m := _YM.match(s):
        parts = int(m[1]), int(m[2]), 1
    elif m := _YEAR.match(s):
        parts = int(m[1]), 1, 1
    elif m := _SERIAL.match(s):
        day = _EXCEL_EPOCH + timedelta(days=int(m[1]))
        parts = day.year, day.month, day.day
    elif m := _US.match(s):
        year = int(m[3])
        if year < 100:
            year += 2000 if year < 70 else 1900
        parts = year, int(m[1]), int(m[2])
    elif m := _DOTTED.match(s):
        parts = int(m[3]), int(m[2]), int(m[1])
    elif m := _QUARTER.match(s):
        year, quarter = (m[1], m[2]) if m[1] else (m[4], m[3])
        parts = int(year), 3 * (int(quarter) - 1) + 1, 1
    elif (m := _WORDS.match(s)) and m[2][:3] in _MONTHS and not (m[1] and m[3]):
        parts = int(m[4]), _MONTHS[m[2][:3]], int(m[1] or m[3] or 1)
    if parts is None:
        raise CellError(f"a date ({DATE_FORMATS})")
    try:
        value = date(*parts)
    except ValueError:
        raise CellError(f"a real calendar date ({DATE_FORMATS})") from None
    if not 1800 <= value.year <= 2200:
        raise CellError("a date between the years 1800 and 2200")
    return value.isoformat()


def parse_list(text: str) -> str:
    """Several items separated by ';' or ',' (or new lines), stored joined by '; '."""
    items = [item.strip() for item in re.split(r"[;,\n]", text)]
    return "; ".join(dict.fromkeys(item for item in items if item))


def as_cell(value) -> str:
    """A value as the text of a workbook cell that reads back to it: yes/no for booleans,
    whole numbers without ".0", lists joined by "; ", blank for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(as_cell(v) for v in value)
    return str(value)


def split_list(text: str | None) -> list[str]:
    """The items of a stored list value."""
    if not text:
        return []
    return [item for item in text.split("; ") if item]


def vocabulary_parser(name: str):
    vocab = VOCABULARIES[name]

    def parse(text: str) -> str:
        try:
            return vocab.parse(text)
        except UnknownValue as exc:
            raise CellError(exc.expected()) from None

    return parse
