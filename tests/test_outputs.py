"""One way to write an output file (lcii_graph/outputs.py), tried the way a tired
coordinator and an attacker would: every output command aimed at the store's own file,
at a user's own files and folders, at a device; a write that fails part-way; `demo`
in a folder holding the user's store. Each case: the exit code, the message, and the
store and files byte for byte before and after."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from lcii_graph import import_workbook
from lcii_graph.cli import cli

from .conftest import dump, file_digest, write_sheets

#: Every command that writes a file: (arguments before OUT, arguments after OUT).
OUTPUT_COMMANDS = [
    (["map"], []), (["report"], []),
    *[(["export", fmt], []) for fmt in ("xlsx", "graphml", "gexf", "json", "kumu", "cypher",
                                         "analysis")],
    (["template"], []),
    (["gaps", "--write-config"], []),
]


@pytest.fixture
def stored(tmp_path, small_workbook):
    store = tmp_path / "work" / "lcii.db"
    import_workbook(small_workbook, str(store))
    return store


def invoke(runner, store, *args):
    return runner.invoke(cli, ["-q", "--store", str(store), *map(str, args)])


def digests(*paths):
    return {p: file_digest(p) if p.exists() else None for p in paths}


def refused(result, *words):
    assert result.exit_code == 8, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    line = result.stderr.strip()
    assert line.startswith("Error: ") and "\n" not in line, line
    for word in words:
        assert word in line, line
    return line


@pytest.mark.parametrize("before,after", OUTPUT_COMMANDS)
@pytest.mark.parametrize("target", ["", "-wal", "-shm"])
@pytest.mark.parametrize("force", [False, True])
def test_no_output_ever_replaces_the_store(runner, stored, before, after, target, force):
    rows = dump(stored)
    aimed = Path(f"{stored}{target}")
    aimed.touch()  # a live store's -wal and -shm are beside it
    kept = digests(stored, aimed)
    extra = ["--force"] if force and before[0] != "gaps" else []
    refused(invoke(runner, stored, *before, aimed, *after, *extra), "store in use")
    assert digests(stored, aimed) == kept
    assert dump(stored) == rows
    assert invoke(runner, stored, "stats").exit_code == 0


def test_the_store_refused_whatever_the_spelling_of_its_path(runner, stored, monkeypatch):
    monkeypatch.chdir(stored.parent)
    kept = file_digest(stored)
    for spelling in ("lcii.db", "./lcii.db", "../work/lcii.db", str(stored)):
        refused(invoke(runner, "lcii.db", "map", spelling, "--force"), "store in use")
    os.symlink(stored, stored.parent / "link.html")
    refused(invoke(runner, "lcii.db", "map", "link.html", "--force"), "store in use")
    assert file_digest(stored) == kept


@pytest.mark.parametrize("before,after", OUTPUT_COMMANDS)
def test_a_file_of_the_users_is_left_alone(runner, stored, tmp_path, before, after):
    """A user's own document, or another program's SQLite file, named as OUT."""
    own = tmp_path / "minutes.docx"
    own.write_bytes(b"PK\x03\x04 the steering committee's minutes")
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    for path in (own, other):
        kept = file_digest(path)
        line = refused(invoke(runner, stored, *before, path, *after))
        assert "nothing was changed" in line
        assert file_digest(path) == kept


@pytest.mark.parametrize("fmt", ["xlsx", "graphml", "gexf", "json", "kumu", "cypher",
                                 "analysis"])
def test_an_earlier_output_of_the_same_kind_is_replaced(runner, stored, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    assert invoke(runner, stored, "export", fmt, out).exit_code == 0
    first = out.read_bytes()
    again = invoke(runner, stored, "export", fmt, out)
    assert again.exit_code == 0, again.output
    assert out.exists() and len(out.read_bytes()) > 0
    if fmt in ("graphml", "json", "cypher"):
        assert out.read_bytes() == first
    # ... but not one of another kind, without --force
    other = tmp_path / "other-kind"
    assert invoke(runner, stored, "map", other).exit_code == 0
    refused(invoke(runner, stored, "export", fmt, other), "not an earlier lcii-graph output")
    assert invoke(runner, stored, "export", fmt, other, "--force").exit_code == 0


def test_pages_replace_earlier_pages(runner, stored, tmp_path):
    out = tmp_path / "map.html"
    assert invoke(runner, stored, "map", out).exit_code == 0
    assert invoke(runner, stored, "report", out).exit_code == 0  # a page for a page
    assert b"lcii-graph" in out.read_bytes()[:2000]
    own = tmp_path / "index.html"
    own.write_text("<html><body>our website</body></html>")
    refused(invoke(runner, stored, "map", own), "nothing was changed")
    assert own.read_text() == "<html><body>our website</body></html>"


def test_a_workbook_saved_by_a_spreadsheet_program_is_no_longer_ours(runner, stored, tmp_path):
    import zipfile

    out = tmp_path / "partners.xlsx"
    assert invoke(runner, stored, "export", "xlsx", out).exit_code == 0
    # As Excel or LibreOffice save it: the modified time moves on.
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                data = data.replace(b"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">",
                                    b"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2099")
            target.writestr(item, data)
    kept = file_digest(edited)
    refused(invoke(runner, stored, "export", "xlsx", edited))
    assert file_digest(edited) == kept


def test_targets_that_are_not_files(runner, stored, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    refused(invoke(runner, stored, "export", "json", folder), "is a folder")
    refused(invoke(runner, stored, "map", "/dev/full", "--force"), "not a regular file")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    refused(invoke(runner, stored, "export", "cypher", fifo, "--force"), "not a regular file")


def test_a_write_that_fails_leaves_the_previous_file(runner, stored, tmp_path, monkeypatch):
    """A full disk (or a limit) part-way: exit 8, and the old output as it was."""
    out = tmp_path / "map.html"
    assert invoke(runner, stored, "map", out).exit_code == 0
    kept = file_digest(out)
    real_replace = os.replace

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = invoke(runner, stored, "map", out)
    line = refused(result, "No space left on device", "previous file")
    assert file_digest(out) == kept
    monkeypatch.setattr(os, "replace", real_replace)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "small", "work"], line


def test_export_csv_never_touches_a_users_workbook_folder(runner, stored, small_workbook):
    """The issue's case: export csv into the folder the workbook came from would have
    rewritten people.csv without its e-mail and phone columns."""
    kept = {p.name: file_digest(p) for p in small_workbook.iterdir()}
    refused(invoke(runner, stored, "export", "csv", small_workbook), "people.csv",
            "nothing was changed")
    assert {p.name: file_digest(p) for p in small_workbook.iterdir()} == kept


def test_export_csv_into_its_own_folder_again(runner, stored, tmp_path):
    out = tmp_path / "export"
    assert invoke(runner, stored, "export", "csv", out).exit_code == 0
    notes = out / "my-notes.txt"
    notes.write_text("kept")
    assert invoke(runner, stored, "export", "csv", out).exit_code == 0
    assert notes.read_text() == "kept"
    assert (out / "organizations.csv").is_file()
    assert import_workbook(out, str(tmp_path / "again.db")).rows["organizations"] == 6


def test_demo_never_deletes_a_store_it_did_not_make(runner, tmp_path, small_workbook,
                                                    monkeypatch):
    """The issue's case: `demo --out .` in the folder holding the user's store."""
    monkeypatch.chdir(tmp_path)
    import_workbook(small_workbook, "lcii.db")
    kept = file_digest(tmp_path / "lcii.db")
    result = runner.invoke(cli, ["-q", "demo", "--out", "."])
    line = refused(result, "not a store an earlier demo made")
    assert file_digest(tmp_path / "lcii.db") == kept
    assert not (tmp_path / "map.html").exists()
    assert line


def test_demo_replaces_its_own_store_and_refuses_a_changed_one(runner, tmp_path):
    out = tmp_path / "demo"
    assert runner.invoke(cli, ["-q", "demo", "--out", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["-q", "demo", "--out", str(out)]).exit_code == 0  # again
    # The user imports their own data into the demo's store: it is theirs now.
    write_sheets(tmp_path / "mine", {"organizations": [["id", "name", "sector"],
                                                       ["mine", "Mine", "nonprofit"]]})
    import_workbook(tmp_path / "mine", str(out / "lcii.db"))
    kept = file_digest(out / "lcii.db")
    refused(runner.invoke(cli, ["-q", "demo", "--out", str(out)]), "has changed since")
    assert file_digest(out / "lcii.db") == kept


def test_demo_onto_a_file(runner, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    refused(runner.invoke(cli, ["-q", "demo", "--out", str(target)]), "is a file")
    assert target.read_text() == "mine"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "cypher", "kumu"])
def test_partner_exports_carry_no_notes_of_any_kind(runner, tmp_path, fmt):
    """Was: partner-profile csv, xlsx, json and cypher carried the partnerships' notes."""
    import zipfile

    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector", "notes"],
                          ["a", "Alpha", "business", "ORG-SECRET-NOTE"]],
        "people": [["id", "name", "organization", "email", "phone", "notes"],
                   ["p", "Pat", "a", "pat@secret.example", "555-0199", "PERSON-SECRET-NOTE"]],
        "partnerships": [["id", "name", "notes"], ["t", "Table", "TABLE-SECRET-NOTE"]],
        "memberships": [["partnership", "organization", "role"], ["t", "a", "member"]]})
    store = tmp_path / "lcii.db"
    import_workbook(book, str(store))
    out = tmp_path / ("out" if fmt == "csv" else f"out.{'xlsx' if fmt == 'kumu' else fmt}")
    result = invoke(runner, store, "export", fmt, out)
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir()) if fmt == "csv" else [out]
    blob = b""
    for path in files:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                blob += b"".join(z.read(n) for n in z.namelist())
        else:
            blob += path.read_bytes()
    for secret in (b"ORG-SECRET-NOTE", b"PERSON-SECRET-NOTE", b"TABLE-SECRET-NOTE",
                   b"pat@secret.example", b"555-0199"):
        assert secret not in blob, (fmt, secret)
    internal = invoke(runner, store, "export", fmt, tmp_path / f"internal-{out.name}",
                      "--profile", "internal")
    assert internal.exit_code == 0


@pytest.fixture
def full_disk(tmp_path):
    """A 1 MB tmpfs, filled to the last byte (root, and a system that lets it mount)."""
    import shutil
    import subprocess

    mount = tmp_path / "full"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount") or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
            capture_output=True).returncode:
        pytest.skip("a full disk needs a tmpfs mount: root, where mount is allowed")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _fill(folder: Path) -> None:
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["metrics", "--level", "node", "--json"],
                                  ["metrics", "--level", "node"], ["gaps", "--json"],
                                  ["gaps", "--json", "--fail-on", "warning"],
                                  ["list", "organizations"]])
def test_standard_output_onto_a_full_disk_is_exit_8_and_one_line(stored, args):
    """`lcii-graph metrics --json > out.json` on a full disk (/dev/full refuses every
    write): exit 8 and one line saying so, not an internal error; nothing else printed,
    the store unchanged."""
    import subprocess
    import sys

    before = file_digest(stored)
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "lcii_graph", "-q", "--store",
                                 str(stored), *args], stdout=full, stderr=subprocess.PIPE,
                                text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 8, result.stderr
    assert result.stderr == ("Error: the output could not be written (No space left on "
                             "device); free some space and run the command again\n")
    assert file_digest(stored) == before


def test_a_full_disk_loses_nothing_and_says_one_line(stored, full_disk):
    """Run as a user runs it (the real entry point): every output onto a full disk is exit
    8 and one line, the earlier output is still whole, and no temporary file is left."""
    import subprocess
    import sys

    def lcii(*args):
        return subprocess.run([sys.executable, "-m", "lcii_graph", "-q", "--store",
                               str(stored), *map(str, args)], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=300)

    page = full_disk / "map.html"
    assert lcii("map", page).returncode == 0
    kept = file_digest(page)
    _fill(full_disk)
    for args in (["map", page], ["report", full_disk / "r.html"],
                 ["export", "xlsx", full_disk / "o.xlsx"], ["export", "gexf", full_disk / "o.gexf"],
                 ["export", "kumu", full_disk / "k.xlsx"], ["template", full_disk / "t.xlsx"]):
        result = lcii(*args)
        assert result.returncode == 8, (args, result.returncode, result.stderr)
        assert result.stderr.count("\n") == 1 and "No space left" in result.stderr, \
            (args, result.stderr)
    demo = lcii("demo", "--out", full_disk / "demo")  # its store cannot even be made
    assert demo.returncode == 5 and demo.stderr.count("\n") == 1, demo.stderr
    assert "cannot create the store" in demo.stderr and "disk is full" in demo.stderr
    assert file_digest(page) == kept
    assert not [p for p in full_disk.rglob("*") if p.name.endswith((".part", ".raw"))]


def test_a_disk_filling_up_during_an_import_writes_nothing(tmp_path, example_dir, full_disk):
    """Was untested: a store on a 1 MB disk holding the example (about 270 KB), then a
    workbook of 4,000 organizations that cannot fit: exit 5, one line, the store's rows as
    they were, and the store still opens."""
    import subprocess
    import sys

    store = full_disk / "lcii.db"
    import_workbook(example_dir, str(store))
    before = dump(store)
    big = write_sheets(tmp_path / "big", {"organizations": [["id", "name", "sector", "notes"]]
                                          + [[f"o{i}", f"Organization {i}", "business",
                                              "x" * 200] for i in range(4000)]})
    result = subprocess.run([sys.executable, "-m", "lcii_graph", "-q", "--store", str(store),
                             "import", str(big)], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 5, result.stderr
    assert result.stderr == (f"Error: writing to {store} failed (database or disk is full); "
                             "nothing was written\n")
    assert dump(store) == before


def test_a_workbook_built_across_a_second_is_still_known_as_ours(tmp_path):
    """openpyxl stamps `created` when a book is made and `modified` when it is saved; a
    book built across the turn of a second was taken for another program's file on the
    next run (it happened to the survey forms in CI). save_workbook gives both one time."""
    import time

    import openpyxl

    from lcii_graph.outputs import is_previous_output, mark_workbook, save_workbook

    for kind, book in (("form", openpyxl.Workbook()),
                       ("xlsx", openpyxl.Workbook(write_only=True))):
        mark_workbook(book, kind)
        if kind == "xlsx":
            book.create_sheet("organizations")
        time.sleep(1.1)
        save_workbook(book, tmp_path / f"{kind}.xlsx")
        assert is_previous_output(tmp_path / f"{kind}.xlsx", kind)


def test_json_in_pieces_is_the_json_at_once():
    """`--json` writes a list an item at a time (100,000 node rows were one text of
    80 MB and its tokens: 400 MB more at the end of `metrics --level node` on L); the
    pieces together are exactly json.dumps(..., indent=2), for any JSON value."""
    import json

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lcii_graph.export.tables import json_chunks

    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
        | st.text(),
        lambda inner: st.lists(inner, max_size=5)
        | st.dictionaries(st.text(max_size=5), inner, max_size=5), max_leaves=30)

    @settings(max_examples=300, deadline=None)
    @given(values, st.integers(1, 4))
    def check(data, items):
        pieces = list(json_chunks(data, items=items))
        assert "".join(pieces) == json.dumps(data, ensure_ascii=False, indent=2)
        if isinstance(data, list) and data:  # a piece for each `items` items, then the end
            assert len(pieces) == len(data) // items + 1

    check()


def test_a_table_aligns_wide_characters_by_the_columns_they_take():
    """東京 takes four terminal columns, café four, ab two: the next column starts
    after the widest; the width of any text is two per wide or full-width character."""
    import unicodedata

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lcii_graph.export.tables import _width, to_table

    rows = [{"name": "東京", "n": 1}, {"name": "café", "n": 22}, {"name": "ab", "n": 333}]
    assert to_table(rows, ["name", "n"]) == "\n".join([
        "name    n", "----  ---", "東京    1", "café   22", "ab    333"])

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=10))
    def check(text):
        assert _width(text) == sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                                   for c in text)

    check()
