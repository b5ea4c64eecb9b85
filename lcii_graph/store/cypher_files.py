"""The Cypher library in ``cypher/`` (shipped in the wheel as ``lcii_graph.cypher``).

One source of truth: the Neo4j store runs exactly these files. Labels and
relationship types in them come from :mod:`lcii_graph.model.vocabulary`;
values always travel as parameters.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..model.schema import SHEETS
from ..model.vocabulary import Kind, RelType, StorageLabel


@cache
def statement(name: str) -> str:
    """The text of ``cypher/NAME.cypher`` (``gaps/x`` for a gap query)."""
    return resources.files("lcii_graph.cypher").joinpath(f"{name}.cypher").read_text("utf-8")


def statements(name: str) -> list[str]:
    """The statements of a file of several (``schema``), comments dropped."""
    text = "\n".join(line for line in statement(name).splitlines()
                     if not line.lstrip().startswith("//"))
    return [s.strip() for s in text.split(";") if s.strip()]


def all_files() -> list[str]:
    """Every file's name, ``gaps/`` included, without the extension."""
    root = resources.files("lcii_graph.cypher")
    names = [p.name[:-7] for p in root.iterdir() if p.name.endswith(".cypher")]
    names += [f"gaps/{p.name[:-7]}" for p in root.joinpath("gaps").iterdir()
              if p.name.endswith(".cypher")]
    return sorted(names)


LABELS = [k.value for k in Kind] + [s.value for s in StorageLabel]
REL_TYPES = [r.value for r in RelType]
PROPERTY_KEYS = sorted({c for sheet in SHEETS for c in sheet.columns} |
                       {"label", "date", "created", "data", "primary", "rows"})
