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
        if key == "severity":
            if value not in SEVERITIES:
                raise InputInvalid(f"{source}: rules.{rule.id}.severity must be one of "
                                   f"{', '.join(SEVERITIES)}; got {value!r}")
        elif not _same_type(expected, value):
            raise InputInvalid(f"{source}: rules.{rule.id}.{key} must be "
                               f"{type(expected).__name__} like {expected!r}; got {value!r}")
        settings[key] = value
    return settings


def check_rule_ids(config: dict, known: set[str]) -> None:
    for name in config:
        if name != "__path__" and name not in known:
            source = config.get("__path__", "configuration")
            raise InputInvalid(f"{source}: no rule {name!r}; rules are "
                               f"{', '.join(sorted(known))}")


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

