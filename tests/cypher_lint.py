"""Run statements through Neo4j's own Cypher front end (the npm package
@neo4j-cypher/language-support, installed by make test in tools/cypher-lint)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lcii_graph.model.schema import SHEETS
from lcii_graph.store.cypher_files import LABELS, PROPERTY_KEYS, REL_TYPES

LINT = Path(__file__).resolve().parents[1] / "tools" / "cypher-lint"


def sample_row() -> dict:
    row = {c: "x" for sheet in SHEETS for c in sheet.columns}
    row.update(amount=1.0, strength=1, anchor=True)
    return row


SCHEMA = {
    "labels": LABELS,
    "relationshipTypes": REL_TYPES,
    "propertyKeys": PROPERTY_KEYS,
    "parameters": {"rows": [sample_row()], "levels": ["city"], "label": "x", "date": "x",
                   "created": "x", "data": "x", "id": "x", "ids": ["x"]},
}


def lint(statements: dict[str, str], *, console: bool = False) -> dict[str, list[dict]]:
    """``{name: [diagnostic, ...]}`` for each statement (errors and warnings);
    ``console`` allows cypher-shell commands such as ``:param``."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the Cypher front end cannot run")
    if not (LINT / "node_modules" / "@neo4j-cypher" / "language-support").exists():
        pytest.skip("@neo4j-cypher/language-support is not installed (make test runs "
                    "npm ci in tools/cypher-lint)")
    payload = {"schema": SCHEMA,
               "statements": [{"name": k, "text": v, "console": console}
                              for k, v in statements.items()]}
    result = subprocess.run([node, str(LINT / "lint.mjs")], input=json.dumps(payload),
                            capture_output=True, text=True, check=True, cwd=LINT)
    return {r["name"]: r["diagnostics"] for r in json.loads(result.stdout)}
