"""The benchmark harness's rows say what they measured: a first run's seconds from runs
nobody samples, its memory from one that is sampled (sampling slows a command down)."""

from __future__ import annotations

from benchmarks import run


def _fake_runs(monkeypatch, tmp_path):
    """``_command_run`` replaced: a sampled run takes 30 s and says 1,900 MB together, an
    unsampled one 20 s (then 21, 22 ...) and says nothing of them; each run records
    whether the results cache was empty when it began."""
    calls = []

    def fake(args, *, sample=True):
        calls.append({"args": args, "sample": sample,
                      "empty_cache": not (tmp_path / "cache").exists()})
        (tmp_path / "cache").mkdir(exist_ok=True)  # the run keeps something
        if sample:
            return 30.0, 1500, 1900
        return 20.0 + sum(not c["sample"] for c in calls[:-1]), 1400, None

    monkeypatch.setattr(run, "_command_run", fake)
    return calls


def test_first_run_seconds_unsampled_memory_sampled(monkeypatch, tmp_path):
    calls = _fake_runs(monkeypatch, tmp_path)
    row = run._command_row(tmp_path / "L.db", ["report", "out.html"], 3,
                           fresh_cache=tmp_path / "cache")
    assert [c["sample"] for c in calls] == [False, False, False, True]
    assert all(c["empty_cache"] for c in calls)  # every run a first run
    assert all(c["args"][-1] == "--force" for c in calls)
    assert row == {"command": "report", "seconds": 21.0, "peak_mb": 1500,
                   "processes_peak_mb": 1900, "seconds_sampled": 30.0}


def test_ordered_commands_sampled_as_before(monkeypatch, tmp_path):
    calls = _fake_runs(monkeypatch, tmp_path)
    row = run._command_row(tmp_path / "L.db", ["metrics", "--level", "node"], 2)
    assert [c["sample"] for c in calls] == [True, True]
    assert [c["empty_cache"] for c in calls] == [True, False]  # the cache is kept
    assert row == {"command": "metrics --level node", "seconds": 30.0, "peak_mb": 1500,
                   "processes_peak_mb": 1900}
