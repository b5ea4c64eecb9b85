"""Every Cypher statement lcii-graph ships or generates passes Neo4j's own front end."""

from __future__ import annotations

from lcii_graph.model.vocabulary import Kind, RelType, StorageLabel
from lcii_graph.store.cypher_files import all_files, statement, statements

from .cypher_lint import lint


def library() -> dict[str, str]:
    found = {}
    for name in all_files():
        if name == "schema":
            for i, text in enumerate(statements(name)):
                found[f"schema#{i}"] = text
        else:
            found[name] = statement(name)
    return found


def test_every_file_passes_the_cypher_front_end():
    results = lint(library())
    errors = {name: [d for d in diags if d["severity"] == 1] for name, diags in results.items()}
    assert {k: v for k, v in errors.items() if v} == {}
    warnings = {name: [d["message"] for d in diags if d["severity"] != 1]
                for name, diags in results.items()}
    assert {k: v for k, v in warnings.items() if v} == {}


def test_the_library_has_what_the_issue_lists():
    names = set(all_files())
    assert "schema" in names
    for gap in ("sector_coverage", "government_without_decision_maker",
                "jurisdiction_levels_missing", "grant_only_capital", "goals_without_metrics",
                "members_without_commitment"):
        assert f"gaps/{gap}" in names
        header = statement(f"gaps/{gap}").splitlines()[:6]
        assert any("Lesson" in line for line in header)
        assert any("Returns" in line for line in header)
        assert any("Parameters" in line for line in header)


def test_labels_and_types_come_from_the_vocabulary():
    import re

    known_labels = {k.value for k in Kind} | {s.value for s in StorageLabel}
    known_types = {r.value for r in RelType}
    for name, text in library().items():
        code = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
        for label in re.findall(r"\(\w*:(\w+)", code):
            assert label in known_labels, (name, label)
        for rel in re.findall(r"\[\w*:(\w+)", code):
            assert rel in known_types, (name, rel)
