"""Rule settings: defaults declared with each rule, changed by an optional TOML file.

The file is ``--config PATH``, or ``lcii-graph.toml`` beside the store. Each
rule has a table named by its id::

    [rules.funder-concentration]
    threshold = 0.6          # a top funder's share of capital above this is flagged
    severity = "info"

    [rules.isolates]
    enabled = false

A key a rule does not have, a value of the wrong type, an unknown rule id or
severity is refused with a message naming the file and the key.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..errors import InputInvalid, InputUnreadable
from .findings import SEVERITIES

CONFIG_NAME = "lcii-graph.toml"


def default_config_path(store_location: str | None) -> Path | None:
    """``lcii-graph.toml`` beside an SQLite store, if it exists."""
    if not store_location or "://" in store_location:
        return None
    path = Path(store_location).resolve().parent / CONFIG_NAME
    return path if path.is_file() else None


def load_config(path: str | Path | None) -> dict:
    """The ``[rules.*]`` tables of a TOML file (empty without a file)."""
    if path is None:
        return {}
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputUnreadable(f"{path}: no such configuration file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputInvalid(f"{path}: not valid TOML ({exc})") from None
    unknown = set(data) - {"rules"}
    if unknown:
        raise InputInvalid(f"{path}: unknown section {sorted(unknown)[0]!r}; expected [rules.ID]")
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise InputInvalid(f"{path}: rules must be tables ([rules.ID]); got {rules!r}")
    for name in rules:
        if not isinstance(rules[name], dict):
            raise InputInvalid(f"{path}: rules.{name} must be a table ([rules.{name}])")
    return {"__path__": str(path), **rules}


def settings_for(rule, config: dict) -> dict:
    """The rule's defaults overlaid with the file's table for it, type-checked."""
    source = config.get("__path__", "configuration")
    given = config.get(rule.id, {})
    settings = {"enabled": True, "severity": rule.severity, **rule.defaults}
    for key, value in given.items():
        if key not in settings:
            allowed = ", ".join(sorted(settings))
            raise InputInvalid(f"{source}: rules.{rule.id}.{key} is not a setting of this rule "
                               f"(settings: {allowed})")
        expected = settings[key]
        if key == "severity" or key.endswith("_severity"):
            if value not in SEVERITIES:
                raise InputInvalid(f"{source}: rules.{rule.id}.{key} must be one of "
                                   f"{', '.join(SEVERITIES)}; got {_shown(value)}")
        elif not _same_type(expected, value):
            raise InputInvalid(f"{source}: rules.{rule.id}.{key} must be "
                               f"{_kind(expected)}; got {_shown(value)}")
        else:
            problem = _out_of_range(key, expected, value)
            if problem:
                raise InputInvalid(f"{source}: rules.{rule.id}.{key} {problem}; "
                                   f"got {_shown(value)}")
        settings[key] = value
    return settings


#: Settings that are shares or indexes, and their ranges; other numbers are counts or
#: days (whole, zero or more).
RANGES = {"threshold": (0.0, 1.0), "dominant_share": (0.0, 1.0), "max_share": (0.0, 1.0),
          "ei_threshold": (-1.0, 1.0), "top_share": (0.0, 1.0), "max_trust": (1.0, 4.0),
          "min_difference": (0.0, 3.0)}
#: Whole-number settings on a scale of their own: a stance (-2..+2), a score of 4, a number
#: of IAP2 levels.
SCALES = {"max_stance": (-2, 2), "high": (1, 4), "min_gap": (1, 4)}
#: List settings and the vocabulary their values come from.
LIST_VOCABULARIES = {"required": "sector", "recommended": "sector", "levels": "level"}


def _out_of_range(key: str, expected, value) -> str | None:
    """What is wrong with a number or a list of the right type, or None."""
    import math

    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return "must be a finite number"
        if isinstance(expected, int) and key in SCALES:
            low, high = SCALES[key]
            if value != int(value) or not low <= value <= high:
                return f"must be a whole number from {low} to {high}"
            return None
        if isinstance(expected, int) and (value < 0 or value != int(value)):
            return "must be a whole number, zero or more"
        low, high = RANGES.get(key, (0.0, math.inf))
        if not low <= value <= high:
            return f"must be between {low:g} and {high:g}" if math.isfinite(high) else \
                f"must be {low:g} or more"
        return None
    if isinstance(value, list) and key in LIST_VOCABULARIES:
        from ..ingest.cells import VOCABULARIES

        allowed = VOCABULARIES[LIST_VOCABULARIES[key]].allowed
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return f"must name {key == 'levels' and 'levels' or 'sectors'} among " \
                   f"{', '.join(allowed)}; {unknown[0]!r} is not one"
    return None


def check_rule_ids(config: dict, known: set[str]) -> None:
    for name in config:
        if name != "__path__" and name not in known:
            source = config.get("__path__", "configuration")
            raise InputInvalid(f"{source}: no rule {name!r}; rules are "
                               f"{', '.join(sorted(known))}")


def _kind(expected) -> str:
    """What a setting like ``expected`` takes, as the file writes it (TOML: ``true``, not
    Python's ``True``)."""
    if isinstance(expected, bool):
        return "true or false"
    if isinstance(expected, int):
        return f"a whole number like {expected}"
    if isinstance(expected, float):
        return f"a number like {expected!r}"
    if isinstance(expected, list):
        return f"a list of names like {_toml(expected)}"
    return f"text like {_toml(expected)}"


def _shown(value) -> str:
    """``value`` as the file wrote it, where TOML can say it; else Python's repr (a
    table, a date)."""
    import json

    if isinstance(value, str):  # escaped as TOML escapes it: a line break as \n
        return json.dumps(value, ensure_ascii=False)
    try:
        return _toml(value)
    except TypeError:
        return repr(value)


def _same_type(expected, value) -> bool:
    if isinstance(expected, bool):
        return isinstance(value, bool)
    if isinstance(expected, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(expected, list):
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    return isinstance(value, type(expected))


def default_config_text() -> str:
    """Every rule's settings at their defaults, as a TOML file to edit (each table headed
    by what the rule flags); :func:`load_config` reads it back as the defaults."""
    from .findings import LESSONS
    from .rules import RULES

    lines = ["# lcii-graph gap-rule settings: change a value, or set enabled = false.",
             "# Put this file beside the store as lcii-graph.toml, or pass --config FILE.", ""]
    for rule in RULES.values():
        lines.append(f"# {LESSONS[rule.lesson]}: {' '.join(rule.doc.split())}")
        lines.append(f"[rules.{rule.id}]")
        settings = {"enabled": True, "severity": rule.severity, **rule.defaults}
        lines += [f"{key} = {_toml(value)}" for key, value in settings.items()]
        lines.append("")
    return "\n".join(lines)


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")

