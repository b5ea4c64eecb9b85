"""The gap analysis: every rule of :mod:`.rules` over one network."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import LciiError
from ..network.model import network_of
from .cache import kept_data, network_key, reused_data
from .communities import louvain_ahead
from .config import load_config, settings_for
from .context import Context
from .findings import Finding
from .rules import RULES, run_rules


def gaps(source, config: dict | str | Path | None = None, *, partnership: str | None = None,
         as_of: str | None = None, rules: set[str] | None = None, seed: int | None = 0,
         today: str | None = None, progress=None) -> list[Finding]:
    """Run the gap rules; return the findings, most severe first.

    Parameters
    ----------
    source : GraphStore, Network or a store's location
        A store is analysed as it stands ``today`` unless ``as_of`` is given
        (see :func:`~lcii_graph.network.network_of`); a network as it is.
    config : dict, path or None
        Rule settings (see :mod:`.config`); a path is read as TOML.
    partnership : str, optional
        Only this table (its structure rules read the table's own graph).
    as_of : str, optional
        ISO date: the network as it stood that day (also the date staleness is
        measured from; otherwise ``today``).
    rules : set of str, optional
        Only these rule ids.
    seed : int
        Seed of the community detection the siloed-cluster rule uses.
    today : str, optional
        ISO date standing for today (default: the real one).
    progress : callable, optional
        ``progress(label, total)``: a context manager yielding ``update(n)``, told
        of each rule checked (what the command line draws as a bar).
    """
    config = _config(source, config)
    network = network_of(source, as_of=as_of, today=today)

    def check() -> list[Finding]:
        context = Context.of(network, partnership=partnership, today=today, seed=seed)
        if rules is None or "siloed-cluster" in rules:
            # The communities take longest on a large network: found in a second process
            # (apart: the rules read every row) while the other rules run (siloed-cluster
            # then takes them).
            louvain_ahead(context.org_graph, seed=seed, apart=True)
        return run_rules(context, config, only=rules, progress=progress)

    key = _kept_as(network, partnership, seed, today, config, rules)
    if key is None:
        return check()
    fresh: list[Finding] = []  # the findings themselves, when checked here

    def checked() -> list[dict]:
        fresh.extend(check())
        return [f.to_dict() for f in fresh]

    kept = reused_data(key, checked)
    if fresh:
        return fresh
    try:
        return [Finding(**finding) for finding in kept]
    except TypeError:  # a kept file that is not findings (written by hand?): check again
        return check()


def _config(source, config) -> dict:
    """The rule settings: ``config`` (a dict, or a file read), else the source's own."""
    if config is None:
        config = getattr(source, "rule_config", None)
    return config if isinstance(config, dict) else load_config(config)


def communities_wanted(network, *, partnership: str | None = None, seed: int | None = 0,
                       today: str | None = None) -> bool:
    """Whether :func:`gaps` of ``network`` (its own rule settings, every rule) would find
    the organization graph's communities: the siloed-cluster rule is on and its findings
    are not kept. A command that runs the rules later (``map``, ``report``) starts them
    ahead with its own (:func:`~lcii_graph.export.mapdata.communities_ahead`). ``False``
    where the settings cannot be read (:func:`gaps` then says why)."""
    try:
        config = _config(network, None)
        if not settings_for(RULES["siloed-cluster"], config)["enabled"]:
            return False
    except LciiError:
        return False
    key = _kept_as(network, partnership, seed, today, config, None)
    return key is None or not kept_data(key)


def _kept_as(network, partnership: str | None, seed: int | None, today: str | None,
             config: dict, rules: set[str] | None) -> tuple | None:
    """What the findings depend on, as a key of :func:`.cache.reused_data`: the rows
    (:func:`.cache.network_key`), the day (:meth:`Context.day`), the table, the seed,
    the settings and the rules asked for. ``None`` when they are not kept, or some of it
    cannot be written down."""
    fingerprint = network_key(network)
    if fingerprint is None:
        return None
    try:
        settings = json.dumps(config, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return None
    return ("findings", fingerprint, Context.day(network, today), partnership, seed, settings,
            sorted(rules) if rules is not None else None)


def rule_catalogue() -> list[dict]:
    """Every rule: id, lesson, default severity, scope, settings and what it flags."""
    return [{"rule": r.id, "lesson": r.lesson, "severity": r.severity, "scope": r.scope,
             "settings": r.defaults, "flags": r.doc} for r in RULES.values()]


def catalogue_markdown() -> str:
    """The rule catalogue as a Markdown table (the README embeds it)."""
    from .findings import LESSONS

    lines = ["| lesson | rule | default severity | flags | settings |", "|---|---|---|---|---|"]
    for r in RULES.values():
        settings = ", ".join(f"`{k} = {v!r}`".replace("'", '"') for k, v in r.defaults.items())
        lines.append(f"| {LESSONS[r.lesson]} | `{r.id}` | {r.severity} | {r.doc} | "
                     f"{settings} |")
    return "\n".join(lines)
