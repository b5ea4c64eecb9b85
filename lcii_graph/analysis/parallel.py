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

:class:`Ahead` starts one analysis (the communities a command will need) in a child while
this process does the rest of its work (the gap rules, another analysis); the command
then waits for it, if it is not done, where it needs it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import numpy as np

from ..processes import finish, processors, second_processor, start, stop

#: Halves every sampled computation is split into (fixed: see the module docstring).
PARTS = 2

__all__ = ["PARTS", "Ahead", "halves", "processors", "summed"]


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
    """``function()`` (an array) computed in a forked child while this process goes on
    with other work; :meth:`result` waits for it — or computes it here, where there is
    no second processor or the child failed. The same array either way."""

    def __init__(self, function: Callable[[], np.ndarray]):
        self._function = function
        self._child = _start(function) if second_processor() else None

    def result(self) -> np.ndarray:
        child, self._child = self._child, None
        value = _finish(child) if child else None
        return np.asarray(self._function()) if value is None else value

    def __del__(self):  # never waited for: the child is not left behind
        if getattr(self, "_child", None):
            stop(self._child)
