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


def test_the_exported_script_passes_the_front_end(tmp_path, small_workbook):
    from lcii_graph import import_workbook
    from lcii_graph.export.interchange import export

    from .test_html import HOSTILE

    store = tmp_path / "s.db"
    import_workbook(small_workbook, str(store))
    extra = tmp_path / "extra"
    extra.mkdir()
    rows = "id,name,sector\n" + "".join(
        f'x{i},"{t.replace(chr(34), chr(34) * 2)}",community\n' for i, t in enumerate(HOSTILE))
    (extra / "organizations.csv").write_text(rows, encoding="utf-8")
    import_workbook(extra, str(store))
    script = export(str(store), "cypher", tmp_path / "s.cypher", profile="internal")
    text = script.read_text(encoding="utf-8")
    assert ":param rows => [" in text and "CREATE CONSTRAINT organization_id" in text
    results = lint({"script": text}, console=True)
    assert [d for d in results["script"] if d["severity"] == 1] == []
    for hostile in HOSTILE:  # every hostile name is in the script as an escaped literal
        from lcii_graph.export.cypher_script import cypher_literal

        assert cypher_literal(hostile.strip()) in text


def test_cypher_literals():
    from lcii_graph.export.cypher_script import cypher_literal

    assert cypher_literal("it's \\ a\nline") == "'it\\'s \\\\ a\\nline'"
    assert cypher_literal({"from": "a", "n": 1.5, "ok": True, "x": None}) == \
        "{`from`: 'a', `n`: 1.5, `ok`: true, `x`: null}"
    assert cypher_literal("\u2028") == "'\\u2028'"


def test_the_exported_script_holds_every_batch_of_every_sheet_and_link(tmp_path,
                                                                       example_dir):
    """``export cypher`` writes its lines as it makes them, each row copied as its batch
    is written: every sheet's rows still come as nodes, and again for each link its
    columns name (the organizations: their nodes, then their BASED_IN links), a
    ``:param rows`` per batch of 1,000, the rows of each batch in the store's order."""
    import math
    import re

    from lcii_graph import import_workbook
    from lcii_graph.export.interchange import export
    from lcii_graph.model.schema import LINKS
    from lcii_graph.store.neo4j import NODE_SHEETS, link_file
    from lcii_graph.store.sqlite import SQLiteStore

    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    text = export(str(store), "cypher", tmp_path / "s.cypher",
                  profile="internal").read_text(encoding="utf-8")
    with SQLiteStore(str(store)) as s:
        counts = {sheet: s.count(sheet)
                  for sheet in {*NODE_SHEETS, *(link.sheet for link in LINKS)}}
    # (statement, the sheet its rows come from), in the script's order of use
    uses = [(statement(f"upsert_{sheet}").rstrip(), sheet) for sheet in NODE_SHEETS
            if counts[sheet]] + [(statement(link_file(link)).rstrip(), link.sheet)
                                 for link in LINKS if counts[link.sheet]]
    assert counts["organizations"] and any(link.sheet == "organizations" for link in LINKS)
    for use, sheet in uses:
        assert text.count(f";\n{use};\n") == math.ceil(counts[sheet] / 1_000), sheet
    assert len(re.findall(r"^:param rows => \[", text, flags=re.M)) == sum(
        math.ceil(counts[sheet] / 1_000) for _, sheet in uses)
