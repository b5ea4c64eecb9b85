"""Rewrite the README's workbook-format section from the schema.

Run: .venv/bin/python tools/update_readme.py   (tests/test_docs.py checks it was run)
"""

from __future__ import annotations

from pathlib import Path

from lcii_graph.ingest.docs import workbook_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- workbook-format:"
END = "<!-- /workbook-format -->"

text = README.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
marker, _ = rest.split("-->\n", 1)
tail = rest.split(END, 1)[1]
README.write_text(f"{head}{START}{marker}-->\n{workbook_markdown().strip()}\n\n{END}{tail}",
                  encoding="utf-8")
