"""Two imports at once, and readers during an import: no corruption, no lock errors,
and the result is one of the serial orders."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from benchmarks.generate import generate
from lcii_graph import import_workbook
from lcii_graph.store.sqlite import SQLiteStore

from .conftest import dump

COMMAND = [sys.executable, "-m", "lcii_graph", "-q", "--store"]


def _book(tmp_path, name, rename):
    """A generated workbook whose first organization is renamed (so order shows)."""
    folder = tmp_path / name
    generate(3000, folder, seed={"a": 1, "b": 2, "c": 3}[name])
    text = (folder / "organizations.csv").read_text(encoding="utf-8").splitlines()
    parts = text[1].split(",")
    parts[1] = rename
    text[1] = ",".join(parts)
    (folder / "organizations.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    return folder


def test_two_writers_and_readers(tmp_path, small_workbook):
    a, b = _book(tmp_path, "a", "Written by A"), _book(tmp_path, "b", "Written by B")
    base = tmp_path / "base.db"
    import_workbook(small_workbook, str(base))
    serial = []
    for first, second in ((a, b), (b, a)):
        store = tmp_path / f"serial-{first.name}.db"
        shutil.copy(base, store)
        import_workbook(first, str(store))
        import_workbook(second, str(store))
        serial.append(dump(store))
    assert serial[0] != serial[1]

    store = tmp_path / "live.db"
    shutil.copy(base, store)
    writers = [subprocess.Popen([*COMMAND, str(store), "import", str(book)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for book in (a, b)]
    readings = []
    while any(w.poll() is None for w in writers):
        reader = subprocess.run([*COMMAND, str(store), "stats", "--json"],
                                capture_output=True, text=True, timeout=120)
        readings.append(reader)
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
    assert readings, "the readers never ran"
    for reader in readings:
        assert reader.returncode == 0, reader.stderr
        counts = json.loads(reader.stdout)
        # each reader sees a whole import or none: 6 (base), 3006 or 6006 organizations
        assert counts["organizations"] in (6, 3006, 6006)
    with SQLiteStore(store, create=False) as opened:
        assert opened.integrity_check() == "ok"
    assert dump(store) in serial


def test_gaps_during_an_import(tmp_path, small_workbook):
    book = _book(tmp_path, "c", "Big")
    store = tmp_path / "s.db"
    import_workbook(small_workbook, str(store))
    writer = subprocess.Popen([*COMMAND, str(store), "import", str(book)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    runs = 0
    while writer.poll() is None or runs == 0:
        result = subprocess.run([*COMMAND, str(store), "gaps", "--json"], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert isinstance(json.loads(result.stdout), list)
        runs += 1
    assert writer.wait(timeout=120) == 0


def test_four_first_imports_into_a_store_that_does_not_exist_yet(tmp_path, small_workbook):
    """The store is made whole under a temporary name and linked into place: a second
    process never meets a half-made file and takes it for someone else's."""
    for attempt in range(3):
        store = tmp_path / f"new-{attempt}" / "lcii.db"
        writers = [subprocess.Popen([*COMMAND, str(store), "import", str(small_workbook)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for _ in range(4)]
        for w in writers:
            out, err = w.communicate(timeout=120)
            assert w.returncode == 0, err
        with SQLiteStore(store, create=False) as opened:
            assert opened.integrity_check() == "ok"
            assert opened.count("organizations") == 6
        assert sorted(p.name for p in store.parent.iterdir() if not p.name.startswith(
            "lcii.db-")) == ["lcii.db"]  # no temporary file left
