"""The documentation says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from lcii_graph.analysis.gaps import catalogue_markdown
from lcii_graph.cli import cli
from lcii_graph.errors import EXIT_CODES
from lcii_graph.ingest import readers
from lcii_graph.ingest.docs import workbook_markdown

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def section(name: str) -> str:
    body = README.split(f"<!-- {name}:", 1)[1].split(f"<!-- /{name} -->")[0]
    return body.split("-->\n", 1)[1].strip()


def test_readme_workbook_format_is_the_schema():
    assert section("workbook-format") == workbook_markdown().strip()


def test_readme_rule_catalogue_is_the_code():
    assert section("rule-catalogue") == catalogue_markdown().strip()


def test_readme_lists_every_command():
    for name in cli.commands:
        assert f"`lcii-graph {name}" in README, name


def test_readme_exit_codes_match():
    for code in EXIT_CODES:
        assert re.search(rf"^\| {code} \| ", README, re.MULTILINE), code


def test_readme_quick_start_is_two_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


def test_readme_limits_match_the_code():
    assert f"| one CSV file | {readers.MAX_CSV_BYTES // 2**20} MB" in README
    assert f"| one `.xlsx` file | {readers.MAX_XLSX_BYTES // 2**20} MB on disk and " \
           f"{readers.MAX_XLSX_UNPACKED_BYTES // 2**30} GB unpacked" in README
    assert f"| one cell | {readers.MAX_CELL_CHARS:,} characters" in README
