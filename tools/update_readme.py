"""Rewrite the README's generated sections: the workbook format and the rule catalogue.

Run: .venv/bin/python tools/update_readme.py   (tests/test_docs.py checks it was run)
"""

from __future__ import annotations

from pathlib import Path

from lcii_graph.analysis.gaps import catalogue_markdown
from lcii_graph.ingest.docs import workbook_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
SECTIONS = {"workbook-format": workbook_markdown, "rule-catalogue": catalogue_markdown}


def replace(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:", f"<!-- /{name} -->"
    head, rest = text.split(start, 1)
    marker, _ = rest.split("-->\n", 1)
    tail = rest.split(end, 1)[1]
    return f"{head}{start}{marker}-->\n{body.strip()}\n\n{end}{tail}"


text = README.read_text(encoding="utf-8")
for name, make in SECTIONS.items():
    text = replace(text, name, make())
README.write_text(text, encoding="utf-8")
