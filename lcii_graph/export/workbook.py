"""A streamed .xlsx writer: the workbooks of ``export xlsx``, ``kumu`` and ``analysis``.

An .xlsx is a zip of a few XML parts; the sheets' rows are written into it as they come,
a few megabytes of XML at a time, each text as an inline string (no shared-strings table
to hold), compressed in a second thread. openpyxl's write-only mode wrote the same cells
through an element tree, cell by cell: ~90% of ``export xlsx``'s time (py-spy), 104 s of
it on a state-wide network where this module's writing takes ~12 s (see
``benchmarks/README.md``).

What a reader gets back is what openpyxl's write-only mode gave, cell for cell: text as
text, ``int`` and ``float`` as numbers, ``bool`` as a boolean, ``None`` as no cell, an
empty text as an empty cell. Beyond it, a number keeps every digit (``repr``, where
openpyxl wrote 16 significant digits: 0.1 + 0.2 came back 0.3, 10**20 a float); a
carriage return stays one (``&#13;``: an XML parser reads a raw one as a newline); a
character XML cannot hold at all becomes U+FFFD (as :func:`~lcii_graph.export.tables.
xml_safe` writes it); NaN and infinities, which a cell cannot hold, are left empty as
openpyxl left them. Any other value is written as its text (a numpy number as the
number it holds). Formula safety is the caller's (:func:`~lcii_graph.export.tables.
formula_safe`): a text is never written as a formula here either.

The document properties name lcii-graph as the creator and the workbook's kind as its
subject, created and modified at the same second, so that a later run knows the file for
its own earlier output (:func:`~lcii_graph.outputs.is_previous_output`).
"""

from __future__ import annotations

import datetime
import math
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ..errors import OutputUnwritable
from ..outputs import CREATOR, WORKBOOK_KINDS
from .tables import NOT_XML_CHARACTERS

#: Characters of a sheet's XML joined into one piece before it is compressed: pieces of
#: ~300 KB kept the compressing thread waiting for its turn at the interpreter more often
#: than not (a state-wide network's workbook: 14.4 s against 11.7 s with ~8 MB pieces).
PIECE_CHARS = 8 << 20
#: The rows a spreadsheet program shows of a sheet (Excel's limit, LibreOffice's too): a
#: longer sheet is written whole (the importer reads every row), and a note says so.
SPREADSHEET_ROWS = 1_048_576
#: zlib's level, openpyxl's: the compression runs beside the making of the XML. Level 1
#: (as quick on one thread) made the files 40% larger.
COMPRESSION_LEVEL = 6
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTROL = bytes(range(0x20)).translate(None, b"\t\n\r")
#: What a text cannot start or end with unless the XML says to keep it.
_SPACE = " \t\n\r"


def column_letters(count: int) -> list[str]:
    """The first ``count`` column names: A, B, ..., Z, AA, AB, ..."""
    names = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        names.append(name)
    return names


def _text(value: str) -> str:
    """A text's inside of ``<t>``, escaped (the carriage returns and the characters XML
    cannot hold are mended on the whole piece: :func:`_encoded`)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _row(number: int, values: Sequence, columns: list[str]) -> str:
    """A ``<row>``: the common types written here at once, any other by :func:`_cell`."""
    parts = [f'<row r="{number}">']
    add = parts.append
    for column, value in zip(columns, values, strict=False):  # columns: the longest row's
        kind = type(value)
        if kind is str and value and value[0] not in _SPACE and value[-1] not in _SPACE:
            add(f'<c r="{column}{number}" t="inlineStr"><is><t>{_text(value)}</t></is></c>')
        elif value is None:
            continue
        elif kind is int:
            add(f'<c r="{column}{number}" t="n"><v>{value}</v></c>')
        else:
            add(_cell(f"{column}{number}", value))
    parts.append("</row>")
    return "".join(parts)


def _cell(where: str, value: object) -> str:
    """The cell at ``where`` holding ``value`` (not None): see the module's text."""
    if isinstance(value, str):
        if not value:
            return f'<c r="{where}" t="inlineStr"/>'
        space = ' xml:space="preserve"' if value[0] in _SPACE or value[-1] in _SPACE else ""
        return f'<c r="{where}" t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{where}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{where}" t="n"><v>{int(value)}</v></c>'
    if isinstance(value, float):
        value = float(value)
        return f'<c r="{where}" t="n"><v>{value!r}</v></c>' if math.isfinite(value) else ""
    if hasattr(value, "item"):  # a numpy number: as the Python number it holds
        return _cell(where, value.item())
    return _cell(where, str(value))


def _encoded(piece: str) -> bytes:
    """``piece`` as UTF-8, each carriage return written ``&#13;`` and each character XML
    cannot hold replaced by U+FFFD. The markup holds neither, so mending the whole piece
    mends each text in it; a piece that needs none (nearly all) is checked in C only."""
    try:
        data = piece.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        data = None
    if (data is None or len(data.translate(None, _CONTROL)) != len(data)
            or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data):  # U+FFFE, U+FFFF
        import re

        piece = re.sub(f"[{NOT_XML_CHARACTERS}]", "\ufffd", piece)
        data = piece.encode("utf-8")
    if b"\r" in data:
        data = data.replace(b"\r", b"&#13;")
    return data


def _sheet_xml(rows: Iterable[Sequence], counted: list[int]) -> Iterable[bytes]:
    """The sheet's XML in pieces; ``counted`` gets the number of rows written."""
    yield (f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>').encode()
    columns: list[str] = []
    batch: list[str] = []
    size = 0
    number = 0
    for number, values in enumerate(rows, 1):
        if len(values) > len(columns):
            columns = column_letters(len(values))
        batch.append(row := _row(number, values, columns))
        size += len(row)
        if size >= PIECE_CHARS:
            yield _encoded("".join(batch))
            batch, size = [], 0
    if batch:
        yield _encoded("".join(batch))
    counted.append(number)
    yield b"</sheetData></worksheet>"


def _write_pieces(handle, pieces: Iterable[bytes]) -> None:
    """Write ``pieces`` to ``handle`` (a zip member), compressed in a second thread while
    the next pieces are made: zlib lets other threads run while it compresses."""
    import queue
    import threading

    waiting: queue.Queue = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def compress() -> None:
        while (piece := waiting.get()) is not None:
            if not failed:
                try:
                    handle.write(piece)
                except BaseException as exc:  # handed to the writing thread
                    failed.append(exc)

    worker = threading.Thread(target=compress, name="xlsx-compress", daemon=True)
    worker.start()
    try:
        for piece in pieces:
            if failed:
                break
            waiting.put(piece)
    finally:
        waiting.put(None)
        worker.join()
    if failed:
        raise failed[0]


def _parts(titles: list[str], kind: str) -> dict[str, str]:
    """Every part of the package but the sheets."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sheets = range(1, len(titles) + 1)
    worksheet = f"{_OFFICE}.spreadsheetml.worksheet+xml"
    return {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="{_TYPES}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.spreadsheetml.'
            'sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE}.spreadsheetml.'
            'styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.'
            'openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_OFFICE}.extended-'
            'properties+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                      f'ContentType="{worksheet}"/>' for n in sheets)
            + "</Types>"),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" '
            'Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_RELS}/metadata/core-properties" '
            'Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>'),
        "docProps/app.xml": (
            f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            '2006/extended-properties">'
            f"<Application>{CREATOR}</Application></Properties>"),
        "docProps/core.xml": (
            f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{CREATOR}</dc:creator>"
            f"<dc:subject>{WORKBOOK_KINDS[kind]}</dc:subject>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>"),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
            "<bookViews><workbookView/></bookViews><sheets>"
            + "".join(f"<sheet name={quoteattr(title)} sheetId=\"{n}\" r:id=\"rId{n}\"/>"
                      for n, title in enumerate(titles, 1))
            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_RELS}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{_DOC_RELS}/worksheet" '
                      f'Target="worksheets/sheet{n}.xml"/>' for n in sheets)
            + f'<Relationship Id="rId{len(titles) + 1}" Type="{_DOC_RELS}/styles" '
              'Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": (
            f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
            '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" '
            'fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1">'
            '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
    }


def write_workbook(path: str | Path, kind: str,
                   sheets: Iterable[tuple[str, Iterable[Sequence]]], *,
                   notes: list | None = None) -> Path:
    """Write ``sheets`` (title, rows; each row a sequence of cell values, the first row
    the header) as an .xlsx workbook of ``kind`` (a key of
    :data:`~lcii_graph.outputs.WORKBOOK_KINDS`) at ``path``.

    Each sheet's rows are read once, as they come, and written at once: a generator of
    rows is never held whole. The sheets are numbered in the order given. ``notes``, a
    list, receives a line for each sheet longer than a spreadsheet program shows
    (:data:`SPREADSHEET_ROWS`).
    """
    path = Path(path)
    titles: list[str] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=COMPRESSION_LEVEL) as book:
        for title, rows in sheets:
            titles.append(title)
            counted: list[int] = []
            try:
                with book.open(f"xl/worksheets/sheet{len(titles)}.xml", "w") as handle:
                    _write_pieces(handle, _sheet_xml(rows, counted))
            except RuntimeError as exc:
                if "force_zip64" not in str(exc):
                    raise
                # A sheet of over 2 GiB of XML: millions of rows more than a spreadsheet
                # program shows (EXCEL_ROWS), where Zip64 would make some refuse the file.
                raise OutputUnwritable(
                    f"{path}: the sheet {title} is too large for an .xlsx; export csv "
                    "instead") from None
            if notes is not None and counted and counted[0] > SPREADSHEET_ROWS:
                notes.append(f"the sheet {title} has {counted[0]:,} rows; a spreadsheet "
                             f"program shows its first {SPREADSHEET_ROWS:,} (import reads "
                             "them all; export csv keeps every row for other tools)")
        for name, text in _parts(titles, kind).items():
            book.writestr(name, text)
    return path
