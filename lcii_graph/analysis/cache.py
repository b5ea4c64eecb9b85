"""Results reused from one command to the next: betweenness, closeness, communities
and the local measures (structural holes, brokerage) of a graph already analysed.

On a state-wide network (100,000 organizations) betweenness takes half a minute and
Louvain several seconds, and ``gaps``, ``metrics``, ``map`` and ``report`` each needed
them. A result is kept under the graph's fingerprint: a hash of its nodes, edges and
weights (:attr:`OrgGraph.fingerprint`), with the settings that shaped it and the
code that computed it (:func:`code_identity`). Whatever changes the graph — an import, an
``--as-of`` date, a switched-off ingredient — changes the fingerprint, so a result is
never stale and never taken for another graph's.

The gap rules' findings are kept the same way (:func:`reused_data`) under the
network's fingerprint — a hash of every row it holds and its date
(:attr:`~lcii_graph.network.model.Network.fingerprint`) — with the day they were
checked on, the rule settings, the seed and the table: a ``map`` or ``report`` after
``gaps`` reads them instead of checking every rule again. The rows are hashed, not a
count of the store's writes, so a store changed by any program is never taken for the
one the findings came from.

Where: ``$LCII_CACHE`` (a folder; ``off`` switches the cache off), else
``$XDG_CACHE_HOME/lcii-graph`` or ``~/.cache/lcii-graph``. Results are plain ``.npy``
arrays read without pickle, and JSON; a file that cannot be read or does not fit is
ignored and the result computed again; a folder that cannot be written is no error. Only graphs
whose analysis costs something are kept (:data:`WORTH_KEEPING`), and the folder holds at
most :data:`MAX_FILES` results and :data:`MAX_BYTES`, the oldest removed first.

The organization graph's edges are kept too (:func:`kept_organization_graph`), under
the network's fingerprint: every command on a large network builds that graph first.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .. import __version__

#: Graphs with at least this many nodes × edges are kept (about 2,000 organizations).
WORTH_KEEPING = 20_000_000
#: Networks of at least this many rows have their findings and network metrics kept
#: (the rules take seconds from about here; the L benchmark network's take 12 s).
ROWS_WORTH_KEEPING = 50_000
#: Results kept at most, and their bytes together; beyond, the oldest are removed (an
#: organization graph's edges take 50 MB on the L benchmark network).
MAX_FILES = 400
MAX_BYTES = 2 * 1024**3
#: The largest node number or count an organization graph's kept edges hold (they are
#: kept as 32-bit integers; a graph beyond is built each time).
EDGE_VALUE_MAX = np.iinfo(np.int32).max
_SUFFIX = ".lcii-result.npy"
_DATA_SUFFIX = ".lcii-result.json"


def cache_dir() -> Path | None:
    """The folder results are kept in, or ``None`` when the cache is off."""
    given = os.environ.get("LCII_CACHE")
    if given is not None:
        return None if given.strip().lower() in ("", "off", "0", "no") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lcii-graph"


def reused(graph, key: tuple, compute: Callable[[], np.ndarray], *, work: int,
           shape: tuple[int, ...] | None = None) -> np.ndarray:
    """``compute()`` for ``graph`` (an :class:`OrgGraph`), or the array it gave before for
    the same graph and ``key``. ``work`` (nodes × edges) decides whether it is kept;
    a kept array of another ``shape`` (default: one value per node) is not used."""
    path = _path_of(graph, key, work)
    if path is None:
        return compute()
    try:
        value = np.load(path, allow_pickle=False)
        if value.shape == (shape or (graph.n,)):
            return value
    except (OSError, ValueError, EOFError):
        pass  # not kept yet, or unreadable: computed again
    value = np.asarray(compute())
    _keep(path.parent, path, value)
    return value


def holds(graph, key: tuple, *, work: int) -> bool:
    """Whether :func:`reused` would read ``graph``'s ``key`` from a kept file (one is
    there: a command need not start the computation ahead)."""
    path = _path_of(graph, key, work)
    return path is not None and path.is_file()


def _path_of(graph, key: tuple, work: int) -> Path | None:
    """Where ``graph``'s ``key`` is kept, or ``None`` when it is not kept at all."""
    folder = cache_dir() if work >= WORTH_KEEPING else None
    if folder is None or not hasattr(graph, "fingerprint"):
        return None
    return _file(folder, _SUFFIX, graph.fingerprint, key)


def network_key(network) -> str | None:
    """What a network's findings and metrics are kept under — its
    :attr:`~lcii_graph.network.model.Network.fingerprint` — where they are kept at all
    (the cache on, a network of at least :data:`ROWS_WORTH_KEEPING` rows, rows marshal
    can write); else ``None``, and the fingerprint is not computed."""
    rows = sum(map(len, network.records.values()))
    if rows < ROWS_WORTH_KEEPING or cache_dir() is None:
        return None
    return network.fingerprint


def kept_organization_graph(network, *, ties: bool = True, tables: bool = True,
                            people: bool = True, commitments: bool = True,
                            survey: bool = True, partnership: str | None = None):
    """:func:`~lcii_graph.network.views.organization_graph`, its edges kept under the
    network's fingerprint (:func:`network_key`) and the graph's settings: building them
    takes 2.7 s on the L benchmark network (1.8 million edges), reading them back 0.1 s.
    The nodes come from the rows each time (they are cheap); a kept file that does not
    fit them is not used. Held in ``network.cache`` like a graph built there."""
    from ..network import views

    options = {"ties": ties, "tables": tables, "people": people,
               "commitments": commitments, "survey": survey}
    key = views.graph_key(**options, partnership=partnership)
    fingerprint = network_key(network) if key not in network.cache else None
    if fingerprint is None:
        return views.organization_graph(network, **options, partnership=partnership)
    ids, nodes = views.organization_nodes(network, partnership)
    path = _file(cache_dir(), _SUFFIX, "organization graph", fingerprint, key)
    edges = _kept_edges(path, len(ids))
    if edges is None:
        edges = views.organization_edges(network, ids, **options)
        rows = [edges[0], edges[1], *(edges[2][k] for k in views.INGREDIENTS)]
        if all(len(row) == 0 or row.max() <= EDGE_VALUE_MAX for row in rows):
            # Made as 32-bit integers at once (L: 0.3 s with the writing): stacked as
            # they are (the counts are floats), then converted, they took 0.6-0.8 s, most
            # of it in first touching 150 MB of new memory.
            stacked = np.empty((len(rows), len(edges[0])), dtype=np.int32)
            for k, row in enumerate(rows):
                stacked[k] = row
            _keep(path.parent, path, stacked)
    u, v, counts = edges
    network.cache[key] = views.OrgGraph(ids, nodes, u, v, counts, partnership, network.as_of)
    return network.cache[key]


def _kept_edges(path: Path, n: int):
    """The edges kept at ``path`` for a graph of ``n`` nodes, as
    :func:`~lcii_graph.network.views.organization_edges` gives them (the same types, so
    the graph's fingerprint is the same), or ``None`` when none fit."""
    from ..network.views import INGREDIENTS

    try:
        stacked = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None  # not kept yet, or unreadable
    if stacked.ndim != 2 or stacked.shape[0] != 2 + len(INGREDIENTS) or \
            stacked.dtype != np.int32:
        return None
    u, v = stacked[0].astype(np.int64), stacked[1].astype(np.int64)
    if len(u) and (u.min() < 0 or v.max() >= n or np.any(u > v)):  # built u <= v
        return None
    counts = {name: stacked[2 + k].astype(float) for k, name in enumerate(INGREDIENTS)}
    return u, v, counts


def reused_data(key: tuple, compute: Callable[[], object]) -> object:
    """``compute()`` (plain data: lists, dicts, text, numbers), or the value it gave
    before under ``key``, which must name everything the value depends on (a
    :func:`network_key`, the settings).

    Kept as JSON, and only a value JSON gives back equal (no tuple, no NaN, text keys):
    whatever is read back is what ``compute`` gave."""
    folder = cache_dir()
    if folder is None:
        return compute()
    path = _file(folder, _DATA_SUFFIX, key)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass  # not kept yet, or unreadable: computed again
    value = compute()
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        faithful = json.loads(text) == value
    except (TypeError, ValueError):  # not plain data, or NaN
        faithful = False
    if faithful:
        _keep(folder, path, lambda handle: handle.write(text.encode("utf-8")))
    return value


def kept_data(key: tuple) -> bool:
    """Whether :func:`reused_data` would read ``key``'s value from a kept file (one is
    there)."""
    folder = cache_dir()
    return folder is not None and _file(folder, _DATA_SUFFIX, key).is_file()


def _file(folder: Path, suffix: str, *key) -> Path:
    """Where the result named by ``key`` (with the code that computes it) is kept."""
    name = hashlib.blake2b(repr((code_identity(), *key)).encode(),
                           digest_size=20).hexdigest()
    return folder / f"{name}{suffix}"


@functools.cache
def code_identity() -> str:
    """The version of lcii-graph and a hash of its own source files: what a kept result
    was computed by. The version alone stays the same from one change of the code to the
    next (a checkout, an install from the repository), and a result the old code kept
    would be read as the new code's (an eigenvector changed by a fix, read as it was).
    The package's hundred-odd files: 4-7 ms (17 ms from a cold disk), once per process,
    where the cache is used."""
    return f"{__version__}+{source_hash(Path(__file__).resolve().parent.parent)}"


def source_hash(root: Path) -> str:
    """A hash of the ``.py`` files under ``root``, their paths and bytes; ``"unread"``
    where they cannot be read (the version alone then tells results apart)."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    except OSError:
        return "unread"
    return digest.hexdigest()


def _keep(folder: Path, path: Path, value) -> None:
    """Write ``value`` (an array, or a function writing to a binary handle) to ``path``
    whole or not at all, and hold the folder to :data:`MAX_FILES` and :data:`MAX_BYTES`."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            if callable(value):
                value(handle)
            else:
                np.save(handle, value, allow_pickle=False)
        os.replace(temporary, path)
        _trim(folder)
    except OSError:  # a full disk, a read-only home: the result is simply not kept
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _trim(folder: Path) -> None:
    """Remove the oldest results until the folder holds at most :data:`MAX_FILES` of
    them and :data:`MAX_BYTES` together (a file another process removed meanwhile is
    simply gone)."""
    kept = []
    for path in (*folder.glob(f"*{_SUFFIX}"), *folder.glob(f"*{_DATA_SUFFIX}")):
        with contextlib.suppress(OSError):
            status = path.stat()
            kept.append((status.st_mtime, status.st_size, path))
    kept.sort()
    files, total = len(kept), sum(size for _, size, _ in kept)
    for _, size, path in kept:
        if files <= MAX_FILES and total <= MAX_BYTES:
            break
        path.unlink(missing_ok=True)
        files, total = files - 1, total - size
