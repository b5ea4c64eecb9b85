"""The benchmark generator: deterministic, and its workbooks import cleanly."""

from __future__ import annotations

from benchmarks.generate import generate
from lcii_graph import import_workbook, open_store


def test_generator_is_deterministic(tmp_path):
    first = generate(300, tmp_path / "a", seed=3)
    second = generate(300, tmp_path / "b", seed=3)
    assert first == second
    for name in first:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == \
            (tmp_path / "b" / f"{name}.csv").read_bytes()
    other = generate(300, tmp_path / "c", seed=4)
    assert (tmp_path / "c" / "ties.csv").read_bytes() != (tmp_path / "a" / "ties.csv").read_bytes()
    assert other["organizations"] == 300


def test_generated_workbook_imports_whole(tmp_path):
    counts = generate(500, tmp_path / "s", seed=0)
    report = import_workbook(tmp_path / "s", str(tmp_path / "s.db"))
    assert report.rows == {k: counts[k] for k in report.rows}
    assert report.warnings == []
    with open_store(tmp_path / "s.db") as store:
        summary = store.counts()
    assert summary["organizations"] == 500 and summary["people"] == 1500
    assert all(summary[k] == counts[k] for k in counts)
    # a survey round: 2% invited, at least 40; each who answered names eight others
    assert counts["survey"] == 40 and counts["ratings"] % 8 == 0 and counts["ratings"] > 0
    with open_store(tmp_path / "s.db") as store:
        answered = sum(1 for r in store.read("survey") if r["responded"])
    assert counts["ratings"] == 8 * answered
