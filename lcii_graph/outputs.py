"""One way to write an output file, for every command that writes one (every layer
that writes a file uses it, as every layer raises the errors of :mod:`.errors`).

A file is written beside its target under a temporary name and renamed into place only
when it is complete, so a failure (a full disk, a killed process, a file-size limit)
leaves the previous file as it was. And the target is checked first:

- never the store in use, nor its ``-wal``, ``-shm`` or ``-journal`` files (not even with
  ``force``): every SQLite store opened by this process counts as in use;
- never something that is not a regular file (a folder, a device, a FIFO);
- an existing file only when it is a previous output of the same kind (an lcii-graph page,
  an lcii-graph workbook of that kind that no other program has saved since, ...), unless
  ``force``: a user's own workbook, another program's database or a document of another
  kind is refused, and nothing is touched.

A folder of CSV files (``export csv``) is written into a new or empty folder, or into a
folder an earlier ``export csv`` wrote (it leaves a ``.lcii-graph-export`` list of its
files there); only the files of the export are ever replaced, and a folder holding a file
of the same name that no earlier export wrote (the user's own workbook folder, say) is
refused, even with ``force``.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputUnwritable

#: Kinds of output, and how to recognise a previous one (see :func:`is_previous_output`).
PAGE, CYPHER, JSON, GRAPHML, GEXF, CONFIG = "page", "cypher", "json", "graphml", "gexf", \
    "config"
#: Workbooks: the value of their document subject.
WORKBOOK_KINDS = {"xlsx": "lcii-graph workbook", "kumu": "lcii-graph Kumu workbook",
                  "analysis": "lcii-graph analysis", "template": "lcii-graph template",
                  "form": "lcii-graph survey form"}
CREATOR = "lcii-graph"
#: What the first bytes of a text output of each kind hold.
_HEADS = {PAGE: b'<meta name="generator" content="lcii-graph',
          CYPHER: b"// lcii-graph:",
          JSON: b'"generator": "lcii-graph"',
          GEXF: b"<creator>lcii-graph",
          CONFIG: b"# lcii-graph"}
_GRAPHML_TAIL = b'>lcii-graph</data>'
FOLDER_MARKER = ".lcii-graph-export"


class OutputRefused(OutputUnwritable):
    """The target exists and is not ours to replace (exit 8)."""


def save_workbook(book, path) -> None:
    """Save an openpyxl workbook made with :func:`mark_workbook`, its ``created`` time set
    just before the save stamps ``modified``: a book built across the turn of a second
    had two different times, and the next run took its own output for another program's
    file (:func:`_workbook_subject`)."""
    import datetime

    book.properties.created = datetime.datetime.now(datetime.UTC).replace(
        tzinfo=None, microsecond=0)
    book.save(path)


def mark_workbook(book, kind: str):
    """Name lcii-graph as an openpyxl workbook's creator and ``kind`` as its subject, so
    that a later run knows the file for its own earlier output; return the book."""
    book.properties.creator = CREATOR
    book.properties.subject = WORKBOOK_KINDS[kind]
    return book


#: Every store file this process has opened (resolved): outputs never replace them.
_STORES: set[Path] = set()


def register_store(path: str | Path) -> None:
    """Called by the SQLite store when it opens a file."""
    _STORES.add(Path(path).resolve())


def _opened_stores() -> set[Path]:
    return set(_STORES)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _is_store_file(path: Path) -> bool:
    for store in _opened_stores():
        for suffix in ("", "-wal", "-shm", "-journal"):
            if _same_file(path, Path(f"{store}{suffix}")):
                return True
    return False


def _head(path: Path, size: int = 4096) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def _tail(path: Path, size: int = 4096) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - size))
        return handle.read()


def _workbook_subject(path: Path) -> str | None:
    """The subject of an lcii-graph workbook that no other program has saved since it was
    written (a spreadsheet program that saves it updates its modified time), else None."""
    try:
        with zipfile.ZipFile(path) as book:
            core = book.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None

    def tag(name: str) -> str | None:
        found = re.search(rf"<{name}[^>]*>([^<]*)</{name}>", core)
        return found.group(1) if found else None

    if tag("dc:creator") != CREATOR or tag("dcterms:created") != tag("dcterms:modified"):
        return None
    return tag("dc:subject")


def is_previous_output(path: Path, kind: str) -> bool:
    """Whether the file at ``path`` is an earlier lcii-graph output of ``kind``. A
    template never is: it is there to be filled in, and may have been."""
    if kind in ("template", CONFIG):
        return False
    try:
        if kind in WORKBOOK_KINDS:
            return _workbook_subject(path) == WORKBOOK_KINDS[kind]
        if kind == GRAPHML:
            return b'<graphml' in _head(path) and _GRAPHML_TAIL in _tail(path)
        return _HEADS[kind] in _head(path)
    except OSError:
        return False


def check_target(path: str | Path, kind: str, *, force: bool = False) -> Path:
    """Refuse a target that must not be written (see the module's text); return it."""
    path = Path(path)
    if _is_store_file(path):
        raise OutputRefused(f"{path} is the store in use: an output never replaces it; "
                            "choose another name")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputUnwritable(f"{path}: cannot write ({exc.strerror})") from None
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise OutputRefused(f"{path} is {what}; give the name of a file to write")
    if not force and not is_previous_output(path, kind):
        raise OutputRefused(f"{path} exists and is not an earlier lcii-graph output of this "
                            "kind; nothing was changed. Choose another name, or add --force "
                            "to replace it")
    return path


@contextlib.contextmanager
def replacing(path: str | Path, kind: str, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write the output to; when the block ends
    without an error, the file is synced and renamed onto ``path``; otherwise it is
    removed and ``path`` is left as it was."""
    path = check_target(path, kind, force=force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnwritable(f"{path}: cannot create its folder ({exc.strerror})") from None
    temporary = path.parent / f".{path.name}.{os.getpid()}.part"
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputUnwritable(f"{path}: cannot write ({exc.strerror or exc}); the "
                               "previous file, if any, is unchanged") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def write_text(path: str | Path, kind: str, text: str, *, force: bool = False) -> Path:
    with replacing(path, kind, force=force) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(path)


def write_with(path: str | Path, kind: str, writer: Callable[[Path], object], *,
               force: bool = False) -> Path:
    """Write an output by ``writer(temporary_path)``, then put it in place."""
    with replacing(path, kind, force=force) as temporary:
        writer(temporary)
    return Path(path)


def write_folder(folder: str | Path, files: dict[str, Callable[[Path], object]]) -> list[Path]:
    """Write ``files`` (name -> writer) into ``folder``, each replacing atomically; see
    the module's text for which folders are refused."""
    folder = Path(folder)
    if _is_store_file(folder):
        raise OutputRefused(f"{folder} is the store in use; give a folder name")
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(f"{folder} exists and is not a folder; give a folder name")
    marker = folder / FOLDER_MARKER
    ours: set[str] = set()
    if folder.is_dir():
        if marker.is_file():
            ours = set(marker.read_text(encoding="utf-8").split())
        present = {p.name for p in folder.iterdir() if p.name != FOLDER_MARKER}
        foreign = sorted(n for n in present & set(files) if n not in ours)
        if foreign:
            raise OutputRefused(f"{folder} holds {', '.join(foreign)}, which an earlier "
                                "export did not write (a workbook of your own?); nothing was "
                                "changed. Export into a new or empty folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        marker.write_text("\n".join(sorted(ours | set(files))) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OutputUnwritable(f"{folder}: cannot write ({exc.strerror})") from None
    written = []
    for name, writer in files.items():
        path = folder / name
        with replacing(path, "folder", force=True) as temporary:
            writer(temporary)
        written.append(path)
    return written


__all__ = ["OutputRefused", "check_target", "is_previous_output", "mark_workbook",
           "register_store", "replacing", "write_folder", "write_text", "write_with"]
