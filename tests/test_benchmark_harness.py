"""The benchmark harness's rows say what they measured: a first run's seconds from runs
nobody samples, its memory from one that is sampled (sampling slows a command down)."""

from __future__ import annotations

import os
import signal

import pytest

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


def test_memory_is_summed_only_where_no_process_started_or_ended(monkeypatch):
    """A sample whose processes changed while their sizes were read (a fork counts the
    pages it shares twice) is taken again; after three such tries there is none."""
    sizes = {1: 1000, 2: 500}
    monkeypatch.setattr(run, "_pss_kb", sizes.get)
    lists = iter([[1], [1, 2], [1, 2], [1, 2]])  # a fork between the first two looks
    monkeypatch.setattr(run, "_tree", lambda pid: next(lists))
    assert run._tree_pss_kb(1) == 1500
    lists = iter([[1], [1, 2]] * 3)  # forks, every time
    assert run._tree_pss_kb(1) is None
    lists = iter([[1, 3], [1], [1]])  # 3 ended before its size was read: again
    assert run._tree_pss_kb(1) == 1000


def test_the_tree_is_this_process_and_its_children():
    """Read from ``/proc`` (Linux): a forked child is in its parent's tree, and the sum
    holds both."""
    if not os.path.exists(f"/proc/{os.getpid()}/smaps_rollup"):
        pytest.skip("no /proc/PID/smaps_rollup here (Linux only)")
    alone = run._tree(os.getpid())
    child = os.fork()
    if child == 0:  # the child waits to be stopped
        signal.pause()
        os._exit(0)
    try:
        assert run._tree(os.getpid()) == sorted(alone + [child])
        assert run._tree_pss_kb(os.getpid()) > run._pss_kb(os.getpid()) > 0
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    assert run._tree(os.getpid()) == alone and run._pss_kb(child) is None
    assert run._tree(2**22 + 1) == [] and run._tree_pss_kb(2**22 + 1) is None
