"""Work spread over two processors: sampled betweenness, and analyses started ahead.

Betweenness is a sum over sources: the paths from each sampled source add to every
node's score. On a state-wide network (100,000 organizations, 1.8 million edges) the 256
sampled sources take 40 s on one processor, and igraph runs one computation on one
processor (its C core is not thread-safe). So the sources are split in two halves; where
the machine has a second processor a forked process sums the second half while this one
sums the first, and the two sums are added. (Closeness searches its sources 64 at a time
instead, :mod:`.distances`; only searches too deep for that are split this way.)

The split never depends on the machine: two halves, added in the same order, whether a
child computed one of them or not, so the numbers are the same everywhere (betweenness
sums fractions, whose rounding would otherwise follow the split). A child that fails —
killed, out of memory — is no error: its half is computed here instead.

:class:`Ahead` starts analyses a command will need (the communities, the eigenvector
scores) in a child, one after the other, while this process does the rest of its work
(the gap rules, betweenness); the command then waits for each, if it is not done, where it
needs it (:func:`start_ahead` and :func:`taken` keep them under a graph's keys). Several
analyses in one child rather than one each, where the command computes something else
meanwhile: two at once would only share the second processor, each with its own working
memory.

Work started ``apart`` that needs a graph's arrays alone (:class:`Portable`: the
communities, the eigenvector scores) runs in a new interpreter instead of a forked child,
on a large network (:data:`SPAWN_BYTES`; :func:`~lcii_graph.processes.spawn`,
:mod:`.worker`): what the gap rules run beside. A forked child shares this process's
pages, and each one this process writes to while the child lives — every row the rules
read — is then held twice: a Louvain child during the rules on the L benchmark network
held 430 MB of its own forked, 250-290 MB new, and a cold ``map`` (the rules'
communities and the map's) 1.98-2.01 GB for its processes together (two forked children)
against 1.85 GB (one new interpreter). Beside work on arrays (betweenness, the node
level's measures) this process writes to few of its pages, and a forked child, which
shares the igraph graph already built here, holds less: the node level's ``--json`` 1.75
GB forked, 1.88 GB new; ``export graphml`` 1.73-1.87 GB forked, 1.86 GB new, and 1-3 s
slower.
"""

from __future__ import annotations

import errno
import io
import json
import os
import struct
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..processes import finish, processors, received, second_processor, spawn, start, stop

#: Halves every sampled computation is split into (fixed: see the module docstring).
PARTS = 2
#: Portable work whose arrays take at least this many bytes runs in a new interpreter
#: (about 700,000 edges); smaller work in a forked child, which costs nothing to start
#: where a new interpreter takes 0.3 s, and shares little on a network that size.
SPAWN_BYTES = 16 * 2**20

__all__ = ["PARTS", "Ahead", "Portable", "halves", "processors", "start_ahead",
           "summed", "taken"]


def halves(items: Sequence) -> list[list]:
    """``items`` in :data:`PARTS` contiguous parts (the first the larger)."""
    size = -(-len(items) // PARTS)
    return [list(items[k * size:(k + 1) * size]) for k in range(PARTS)]


def summed(part: Callable[[list], np.ndarray], items: Sequence) -> np.ndarray:
    """``part(first half) + part(second half)`` (float arrays of one shape), the second
    half computed in a forked child where there is a processor for it."""
    first, second = halves(items)
    if not second:
        return np.asarray(part(first), dtype=float)
    child = _start(part, second) if second_processor() else None
    try:
        mine = np.asarray(part(first), dtype=float)
    except BaseException:  # interrupted here: the child goes too
        if child:
            stop(child)
        raise
    theirs = _finish(child) if child else None
    if theirs is None or theirs.shape != mine.shape:
        theirs = np.asarray(part(second), dtype=float)
    return mine + theirs


def _start(part: Callable[..., np.ndarray], *args) -> tuple[int, int] | None:
    """Fork a child computing ``part(*args)``; it sends the array back (``np.save``,
    read back without pickle)."""
    def work() -> bytes:
        return _npy(part(*args))

    return start(work)


def _finish(child: tuple[int, int]) -> np.ndarray | None:
    """The child's array, or None when it did not deliver one whole."""
    data = finish(child)
    if data is None:
        return None
    try:
        return _array(data)
    except (OSError, ValueError, EOFError):
        return None


class Ahead:
    """``functions()`` (arrays), computed in order in one forked child while this process
    goes on with other work; :meth:`result` waits for the one asked for — or computes it
    here, where there is no second processor or the child failed before it. The same
    arrays either way.

    The child writes each array to a file of its own (unnamed) as soon as it is done and
    says where through the pipe: a command takes the first (the eigenvector scores) while
    the child goes on with the next (the communities), and the child leaves when the last
    is written, not when this process reads it (an array of 100,000 numbers sent through
    the pipe would fill it, and hold the child and its memory until then). Where the file
    cannot be written, the child fails, and its arrays are computed here."""

    def __init__(self, *functions: Callable[[], np.ndarray], apart: bool = False):
        self._functions = functions
        self._values: dict[int, np.ndarray] = {}
        self._places: list[tuple[int, int]] = []  # offset and length of each array sent
        self._child = self._file = None
        if second_processor():
            try:
                self._file = tempfile.TemporaryFile()
                if apart and _spawned(functions):
                    self._child = spawn(f"{__package__}.worker",
                                        stdin=_written(self._file, functions))
            except OSError:  # no room for the file: everything is computed here
                return
            if self._child is None:
                for function in functions:  # what the child will share, built first
                    if isinstance(function, Portable) and function.shared is not None:
                        function.shared()
                self._child = start(self._work, sends=True)

    def _work(self, send: Callable[[bytes], object]) -> bytes:
        """The child: each array written to the file, then its place sent."""
        offset = 0
        for function in self._functions:
            length = _put(self._file.fileno(), _npy(function()), offset)
            send(_PLACE.pack(offset, length))
            offset += length
        return b""

    def result(self, k: int = 0) -> np.ndarray:
        """The ``k``-th function's array."""
        if k not in self._values:
            self._values[k] = self._received(k)
        return self._values[k]

    def _received(self, k: int) -> np.ndarray:
        while self._child and len(self._places) <= k:
            place = received(self._child, _PLACE.size)
            if place is None:  # the child is done, or failed: it sends no more
                child, self._child = self._child, None
                finish(child)
                break
            self._places.append(_PLACE.unpack(place))
            if len(self._places) == len(self._functions):  # the last: the child leaves
                child, self._child = self._child, None
                finish(child)
        if k < len(self._places):
            offset, length = self._places[k]
            try:
                return _array(os.pread(self._file.fileno(), length, offset))
            except (OSError, ValueError, EOFError):
                pass  # cut short: computed here
        return np.asarray(self._functions[k]())

    def __del__(self):  # never waited for: the child is not left behind
        if getattr(self, "_child", None):
            stop(self._child)
        if getattr(self, "_file", None):
            self._file.close()


#: Where the child wrote an array: its offset and length in the file.
_PLACE = struct.Struct("<qq")


def _npy(array) -> bytes:
    """``array`` as the bytes of an ``.npy`` file (read back by :func:`_array`)."""
    buffer = io.BytesIO()  # np.save straight to a pipe seeks, and fails
    np.save(buffer, np.asarray(array), allow_pickle=False)
    return buffer.getvalue()


def _array(data: bytes) -> np.ndarray:
    """The array :func:`_npy` gave ``data`` for (no pickle)."""
    return np.load(io.BytesIO(data), allow_pickle=False)


def _put(fd: int, data: bytes, offset: int) -> int:
    """Write ``data`` to file ``fd`` at ``offset``, whole (a write may take part of it);
    its length."""
    written = 0
    while written < len(data):
        step = os.pwrite(fd, memoryview(data)[written:], offset + written)
        if step == 0:  # never for a file with room; no loop without end where there is none
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written += step
    return len(data)


@dataclass(frozen=True, eq=False)
class Portable:
    """Work a new interpreter can do from arrays alone: the function named ``work`` in
    :data:`.worker.WORK`, called with ``arrays`` and ``settings`` (plain JSON values) as
    keyword arguments. :class:`Ahead` runs work that is all portable in a new interpreter
    where it is started ``apart`` (see the module docstring).

    Called here (or in a forked child) it runs ``here``, the same computation from what
    this process holds (the igraph graph it built), where given: ``shared`` builds that
    before a child is forked, so that the child shares it rather than building its own
    (200 MB on the L benchmark network)."""

    work: str
    arrays: dict[str, np.ndarray]
    settings: dict = field(default_factory=dict)
    here: Callable[[], np.ndarray] | None = None
    shared: Callable[[], object] | None = None

    def __call__(self) -> np.ndarray:
        if self.here is not None:
            return np.asarray(self.here())
        from .worker import run

        return run(self.work, self.arrays, self.settings)


def _spawned(functions: Sequence[Callable]) -> bool:
    """Whether ``functions`` run in a new interpreter: all :class:`Portable`, their
    arrays at least :data:`SPAWN_BYTES` together."""
    if not all(isinstance(f, Portable) for f in functions):
        return False
    arrays = {id(a): a for f in functions for a in f.arrays.values()}
    return sum(np.asarray(a).nbytes for a in arrays.values()) >= SPAWN_BYTES


def _written(file, jobs: Sequence[Portable]) -> int:
    """Write ``jobs`` to ``file`` for :mod:`.worker` and return its descriptor: the length
    of a JSON header (8 bytes), the header (each job's work, settings and where its arrays
    are, counted from the end of the header), then the arrays (``np.save``, one copy of
    an array two jobs share). The worker writes its answers after them."""
    places: dict[int, tuple[int, int]] = {}
    pieces, end = [], 0
    header = {"jobs": []}
    for job in jobs:
        named = {}
        for name, array in job.arrays.items():
            if id(array) not in places:
                pieces.append(_npy(array))
                places[id(array)] = (end, len(pieces[-1]))
                end += len(pieces[-1])
            named[name] = places[id(array)]
        header["jobs"].append({"work": job.work, "settings": job.settings, "arrays": named})
    header["end"] = end
    text = json.dumps(header).encode()
    file.write(struct.pack("<q", len(text)) + text)
    for piece in pieces:
        file.write(piece)
    file.flush()
    return file.fileno()


def start_ahead(cache: dict,
                jobs: Sequence[tuple[tuple, Callable[[], np.ndarray]] | None], *,
                apart: bool = False) -> None:
    """Start ``jobs`` (``(key, function)``), in order, in one second process (an
    :class:`Ahead`; ``apart``: a new interpreter where they are portable and large, for
    work beside the gap rules, see the module docstring): each is taken by :func:`taken`
    under its ``key`` (a graph's ``_cache``). ``None`` (a job not worth a process, as
    ``louvain_job`` and its like say), jobs already started and jobs already in ``cache``
    are left out."""
    jobs = [(key, function) for key, function in filter(None, jobs)
            if key not in cache and ("ahead", *key) not in cache]
    if not jobs:
        return
    ahead = Ahead(*(function for _, function in jobs), apart=apart)
    for k, (key, _) in enumerate(jobs):
        cache[("ahead", *key)] = (ahead, k)


def taken(cache: dict | None, key: tuple) -> np.ndarray | None:
    """The array :func:`start_ahead` started under ``key`` (waited for), or ``None``
    when none was started."""
    started = cache.pop(("ahead", *key), None) if cache is not None else None
    if started is None:
        return None
    ahead, k = started
    return ahead.result(k)
