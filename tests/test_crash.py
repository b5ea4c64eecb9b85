"""An import killed part-way (SIGKILL) leaves the store whole: old contents or new, never a mix."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from benchmarks.generate import generate
from lcii_graph import import_workbook
from lcii_graph.store.sqlite import SQLiteStore

from .conftest import dump

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")

# Kill points, as fractions of how long an uninterrupted import takes: early ones land in
# reading and validation, late ones inside the write transaction and its commit.
KILL_AT = (0.35, 0.6, 0.75, 0.85, 0.92, 0.97)


def test_kill_minus_nine_never_corrupts(tmp_path, small_workbook):
    big = tmp_path / "big"
    generate(8000, big, seed=7)
    old_store = tmp_path / "old.db"
    import_workbook(small_workbook, str(old_store))
    old = dump(old_store)

    command = [sys.executable, "-m", "lcii_graph", "-q", "--store"]
    expected_store = tmp_path / "expected.db"
    shutil.copy(old_store, expected_store)
    start = time.perf_counter()
    subprocess.run([*command, str(expected_store), "import", str(big)], check=True,
                   capture_output=True)
    full = time.perf_counter() - start
    new = dump(expected_store)
    assert new != old

    for i, fraction in enumerate(KILL_AT):
        store = tmp_path / f"trial{i}.db"
        shutil.copy(old_store, store)
        proc = subprocess.Popen([*command, str(store), "import", str(big)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        with SQLiteStore(store, create=False) as opened:
            assert opened.integrity_check() == "ok"
        contents = dump(store)
        assert contents in (old, new), f"kill at {fraction:.0%} left a mix"
