"""The streamed .xlsx writer (lcii_graph/export/workbook.py): what openpyxl reads back from
it, cell for cell, against what openpyxl's own write-only mode wrote before it; the
package's parts; the workbook known as ours; a write that fails in the compressing
thread."""

from __future__ import annotations

import errno
import math
import os
import zipfile
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pytest

from lcii_graph.export import workbook
from lcii_graph.export.tables import xml_safe
from lcii_graph.export.workbook import column_letters, write_workbook
from lcii_graph.outputs import is_previous_output

#: Values of every kind a sheet holds, and the texts an XML writer gets wrong.
VALUES = ["plain", "a & b < c > d", "]]>", " leading", "trailing ", "\ttab", "new\nline",
          "Tom & Jerry's \"Co-op\" <b>bold</b>", "é ünï 中文 😀", "line\u2028separator",
          "'=quoted", "", None, 0, -7, 10**20, 1.5, 0.1 + 0.2, -0.0, 1e-300, 2.5e300,
          True, False, "&amp; already", "_x0041_ kept", "x" * 5000]


def read(path):
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)]
                for ws in book.worksheets}
    finally:
        book.close()


def openpyxl_wrote(path, sheets):
    """What the exports wrote before this writer: openpyxl's write-only mode."""
    book = openpyxl.Workbook(write_only=True)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append([xml_safe(v) for v in row])
    book.save(path)
    return path


def sheets_of_values():
    rows = [["name", "value", "other"]]
    rows += [[f"v{k}", value, VALUES[-1 - k]] for k, value in enumerate(VALUES)]
    rows += [[None, None, "after two empty cells"], ["short"], []]
    return [("values", rows), ("second", [["a", "b"], [1, 2.25]])]


def test_openpyxl_reads_back_what_its_own_writer_gave(tmp_path):
    """Every value as openpyxl's write-only mode gave it, but numbers, which keep every
    digit now (openpyxl wrote 16 significant digits: 0.1 + 0.2 came back 0.3, 10**20 a
    float)."""
    ours = read(write_workbook(tmp_path / "ours.xlsx", "xlsx", sheets_of_values()))
    theirs = read(openpyxl_wrote(tmp_path / "theirs.xlsx", sheets_of_values()))
    assert list(ours) == list(theirs) == ["values", "second"]
    for title, rows in sheets_of_values():
        assert len(ours[title]) == len(theirs[title]) == len(rows)
        for mine, old, given in zip(ours[title], theirs[title], rows, strict=True):
            assert len(mine) == len(old)
            for a, b, value in zip(mine, old, given, strict=False):
                if type(value) in (int, float):
                    assert (a, type(a), repr(a)) == (value, type(value), repr(value))
                    assert a == pytest.approx(b, rel=1e-15)
                else:
                    assert (a, type(a)) == (b, type(b)), value
    assert ours["values"][1 + VALUES.index(0.1 + 0.2)][1] == 0.30000000000000004
    assert theirs["values"][1 + VALUES.index(0.1 + 0.2)][1] == 0.3


#: Texts an XML writer must mend, each alone in a piece (the mending is done a piece at
#: a time), and what comes back.
MENDED = [("carriage\rreturn", "carriage\rreturn"), ("\r\nwindows", "\r\nwindows"),
          ("nul\x00here", "nul\ufffdhere"), ("bell\x07", "bell\ufffd"),
          ("\x1f unit", "\ufffd unit"), ("\ufffe", "\ufffd"), ("\uffff", "\ufffd"),
          ("lone \ud800 surrogate", "lone \ufffd surrogate"), ("\udfff", "\ufffd"),
          ("tab\tnew\nline", "tab\tnew\nline"), ("\ufffd\ufeff", "\ufffd\ufeff")]


@pytest.mark.parametrize("piece_chars", [1, 10**9])
def test_what_openpyxl_could_not_keep_comes_back_whole_or_mended(tmp_path, monkeypatch,
                                                                 piece_chars):
    """A carriage return stays one (an XML parser reads a raw one as a newline); each
    character XML cannot hold, lone surrogates too, is U+FFFD, and the file parses;
    NaN and infinities leave the cell empty, numpy numbers are numbers. Each text alone
    in its piece, and all in one."""
    monkeypatch.setattr(workbook, "PIECE_CHARS", piece_chars)
    rows = [[given] for given, _ in MENDED] + [
        [float("nan"), float("inf"), -float("inf"), np.float64(0.1), np.int64(12),
         np.bool_(True), np.float32(0.5)]]
    back = read(write_workbook(tmp_path / "b.xlsx", "xlsx", [("s", rows)]))["s"]
    assert back[:-1] == [(expected,) for _, expected in MENDED]
    assert back[-1] == (None, None, None, 0.1, 12, True, 0.5)
    assert [type(v) for v in back[-1][3:]] == [float, int, bool, float]


def test_text_that_needs_its_spaces_kept_says_so(tmp_path):
    """Excel trims a text's leading and trailing spaces unless the XML says to keep them
    (openpyxl's reader keeps them either way: this is read from the XML)."""
    path = write_workbook(tmp_path / "s.xlsx", "xlsx",
                          [("s", [[" lead", "trail ", "\ttab", "inner space", "a\n"]])])
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    kept = '<t xml:space="preserve">'
    assert sheet.count(kept) == 4
    assert "<t>inner space</t>" in sheet


def test_every_part_is_well_formed_and_named_in_the_content_types(tmp_path):
    titles = ["organizations", "Tom & Jerry's <sheet>", "coverage"]
    path = write_workbook(tmp_path / "p.xlsx", "analysis",
                          [(t, [["a"], [k]]) for k, t in enumerate(titles)])
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        for name in names:
            ElementTree.fromstring(book.read(name))  # raises where not well-formed
        types = book.read("[Content_Types].xml").decode()
        sheets = ElementTree.fromstring(book.read("xl/workbook.xml"))
    overrides = {p.get("PartName").lstrip("/")
                 for p in ElementTree.fromstring(types) if p.get("PartName")}
    assert overrides == {n for n in names if n.endswith(".xml") and n != "[Content_Types].xml"}
    with zipfile.ZipFile(path) as book:  # every relationship's target is there
        package = [r.get("Target") for r in ElementTree.fromstring(book.read("_rels/.rels"))]
        parts = ["xl/" + r.get("Target")
                 for r in ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))]
    assert sorted(package) == ["docProps/app.xml", "docProps/core.xml", "xl/workbook.xml"]
    assert sorted(parts) == sorted(["xl/styles.xml"] + [
        n for n in names if n.startswith("xl/worksheets/")])
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    assert [s.get("name") for s in sheets.iter(f"{main}sheet")] == titles
    assert openpyxl.load_workbook(path).sheetnames == titles  # the full reader too


def test_the_workbook_is_known_as_ours_of_its_kind(tmp_path):
    for kind in ("xlsx", "kumu", "analysis"):
        path = write_workbook(tmp_path / f"{kind}.xlsx", kind, [("s", [["a"]])])
        properties = openpyxl.load_workbook(path).properties
        assert properties.creator == "lcii-graph"
        assert properties.created == properties.modified
        assert is_previous_output(path, kind)
        assert not is_previous_output(path, "form" if kind != "xlsx" else "kumu")


def test_rows_are_read_once_as_they_come(tmp_path):
    """A generator of rows (and of sheets) is written as it is read, never held whole."""
    read_so_far = []

    def rows():
        for k in range(5):
            read_so_far.append(k)
            yield [k, str(k)]

    def sheets():
        yield "first", rows()
        assert read_so_far == [0, 1, 2, 3, 4]  # the first sheet was written before
        yield "second", iter([["x"]])

    back = read(write_workbook(tmp_path / "g.xlsx", "xlsx", sheets()))
    assert back == {"first": [(k, str(k)) for k in range(5)], "second": [("x",)]}


def test_pieces_of_any_size_give_the_same_sheet(tmp_path, monkeypatch):
    """The rows are joined into pieces of PIECE_CHARS characters, compressed in a second
    thread: a piece a row long, or all rows in one, give the same cells."""
    rows = [["id", "text", "number"]] + [[f"o{k}", "é&<" * (k % 7), k * 0.5]
                                           for k in range(3000)]
    monkeypatch.setattr(workbook, "PIECE_CHARS", 1)
    small = read(write_workbook(tmp_path / "small.xlsx", "xlsx", [("s", rows)]))
    monkeypatch.setattr(workbook, "PIECE_CHARS", 10**9)
    whole = read(write_workbook(tmp_path / "whole.xlsx", "xlsx", [("s", rows)]))
    expected = [tuple(v if v != "" else None for v in row) for row in rows]
    assert small["s"] == whole["s"] == expected


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_write_that_fails_in_the_compressing_thread_is_raised_here(monkeypatch):
    """/dev/full refuses every write: the compressing thread's error reaches the caller
    (the export turns it into exit 8), and the rows stop being made."""
    monkeypatch.setattr(workbook, "PIECE_CHARS", 1000)
    made = []

    def rows():
        for k in range(200_000):
            made.append(k)
            yield [f"row {k}", k, "x" * 50]

    with pytest.raises(OSError) as raised:
        write_workbook("/dev/full", "xlsx", [("s", rows())])
    assert raised.value.errno == errno.ENOSPC
    assert len(made) < 200_000


def test_a_sheet_too_large_for_an_xlsx_says_so(tmp_path, monkeypatch):
    """zipfile refuses a part over 2 GiB without Zip64 (which some spreadsheet programs
    refuse): the export says to use csv instead, rather than failing inside zipfile."""
    from lcii_graph.errors import OutputUnwritable

    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 10_000)
    rows = [[f"row {k}", k] for k in range(2000)]
    with pytest.raises(OutputUnwritable, match="the sheet big is too large for an .xlsx; "
                                               "export csv instead"):
        write_workbook(tmp_path / "big.xlsx", "xlsx", [("small", [["a"]]), ("big", rows)])


def test_column_letters():
    letters = column_letters(800)
    assert letters[:3] == ["A", "B", "C"]
    assert letters[25:28] == ["Z", "AA", "AB"]
    assert letters[701:703] == ["ZZ", "AAA"]
    assert len(set(letters)) == 800


def test_nan_is_never_written_as_a_number(tmp_path):
    path = write_workbook(tmp_path / "n.xlsx", "xlsx", [("s", [[math.nan, 1.0]])])
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "nan" not in sheet.lower() and '<c r="B1" t="n"><v>1.0</v></c>' in sheet


@pytest.mark.parametrize(("rows", "noted"), [(3, False), (4, True)])
def test_a_sheet_longer_than_a_spreadsheet_shows_is_noted(tmp_path, monkeypatch, rows,
                                                          noted):
    """Written whole (the importer reads every row), and noted where it has more rows,
    its header counted, than a spreadsheet program shows; exactly as many is no note."""
    monkeypatch.setattr(workbook, "SPREADSHEET_ROWS", 3)
    notes = []
    table = [["id"]] + [[f"o{k}"] for k in range(rows - 1)]
    path = write_workbook(tmp_path / "n.xlsx", "xlsx", [("short", [["id"]]),
                                                         ("organizations", iter(table))],
                          notes=notes)
    assert len(read(path)["organizations"]) == rows
    assert notes == ([f"the sheet organizations has {rows:,} rows; a spreadsheet program "
                      "shows its first 3 (import reads them all; export csv keeps every "
                      "row for other tools)"] if noted else [])
    write_workbook(tmp_path / "n.xlsx", "xlsx", [("organizations", table)])  # no list: fine


def test_export_says_when_a_sheet_is_longer_than_a_spreadsheet_shows(runner, tmp_path,
                                                                     example_dir,
                                                                     monkeypatch):
    """The command line prints the note (not with -q); the file is written either way."""
    from lcii_graph import import_workbook
    from lcii_graph.cli import cli

    import_workbook(example_dir, str(tmp_path / "s.db"))
    monkeypatch.setattr(workbook, "SPREADSHEET_ROWS", 5)
    for fmt in ("xlsx", "kumu", "analysis"):
        out = tmp_path / f"{fmt}.xlsx"
        result = runner.invoke(cli, ["--store", str(tmp_path / "s.db"), "export", fmt,
                                     str(out)])
        assert result.exit_code == 0, result.output
        assert result.stdout == f"Wrote {out} ({fmt}, profile: partner).\n"
        notes = result.stderr.splitlines()
        assert notes and all(n.startswith("Note: the sheet ") and n.endswith(
            "every row for other tools).") for n in notes), notes
        quiet = runner.invoke(cli, ["-q", "--store", str(tmp_path / "s.db"), "export", fmt,
                                    str(out)])
        assert (quiet.exit_code, quiet.stderr) == (0, "")
