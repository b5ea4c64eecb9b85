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
memory. (Not where the child would outlive the gap rules: each page they write to while
a child shares it is copied, see :func:`~lcii_graph.export.mapdata.communities_ahead`.)
"""

from __future__ import annotations

import io
import os
import struct
import tempfile
from collections.abc import Callable, Sequence

import numpy as np

from ..processes import finish, processors, received, second_processor, start, stop

#: Halves every sampled computation is split into (fixed: see the module docstring).
PARTS = 2

__all__ = ["PARTS", "Ahead", "halves", "processors", "start_ahead", "summed", "taken"]


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
        buffer = io.BytesIO()  # np.save straight to a pipe seeks, and fails
        np.save(buffer, np.asarray(part(*args)), allow_pickle=False)
        return buffer.getvalue()

    return start(work)


def _finish(child: tuple[int, int]) -> np.ndarray | None:
    """The child's array, or None when it did not deliver one whole."""
    data = finish(child)
    if data is None:
        return None
    try:
        return np.load(io.BytesIO(data), allow_pickle=False)
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

    def __init__(self, *functions: Callable[[], np.ndarray]):
        self._functions = functions
        self._values: dict[int, np.ndarray] = {}
        self._places: list[tuple[int, int]] = []  # offset and length of each array sent
        self._child = self._file = None
        if second_processor():
            try:
                self._file = tempfile.TemporaryFile()
            except OSError:  # no room for the file: everything is computed here
                return
            self._child = start(self._work, sends=True)

    def _work(self, send: Callable[[bytes], object]) -> bytes:
        """The child: each array written to the file, then its place sent."""
        offset = 0
        for function in self._functions:
            buffer = io.BytesIO()  # np.save straight to a pipe seeks, and fails
            np.save(buffer, np.asarray(function()), allow_pickle=False)
            data = buffer.getvalue()
            os.pwrite(self._file.fileno(), data, offset)
            send(_PLACE.pack(offset, len(data)))
            offset += len(data)
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
        if k < len(self._places):
            offset, length = self._places[k]
            try:
                data = os.pread(self._file.fileno(), length, offset)
                return np.load(io.BytesIO(data), allow_pickle=False)
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


def start_ahead(cache: dict,
                jobs: Sequence[tuple[tuple, Callable[[], np.ndarray]] | None]) -> None:
    """Start ``jobs`` (``(key, function)``), in order, in one second process (an
    :class:`Ahead`): each is taken by :func:`taken` under its ``key`` (a graph's
    ``_cache``). ``None`` (a job not worth a process, as ``louvain_job`` and its like
    say), jobs already started and jobs already in ``cache`` are left out."""
    jobs = [(key, function) for key, function in filter(None, jobs)
            if key not in cache and ("ahead", *key) not in cache]
    if not jobs:
        return
    ahead = Ahead(*(function for _, function in jobs))
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
