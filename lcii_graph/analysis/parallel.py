"""Work spread over two processors: sampled betweenness and closeness, and analyses
started ahead.

Both are sums over sources: the paths from each sampled source add to every node's
score. On a state-wide network (100,000 organizations, 1.8 million edges) the 256
sampled sources take 40 s for betweenness and 16 s for closeness on one processor, and
igraph runs one computation on one processor (its C core is not thread-safe). So the
sources are split in two halves; where the machine has a second processor a forked
process sums the second half while this one sums the first, and the two sums are added.

The split never depends on the machine: two halves, added in the same order, whether a
child computed one of them or not, so the numbers are the same everywhere (betweenness
sums fractions, whose rounding would otherwise follow the split). A child that fails —
killed, out of memory — is no error: its half is computed here instead.

:class:`Ahead` starts one analysis (the communities a command will need) in a child while
this process does the rest of its work (the gap rules, another analysis); the command
then waits for it, if it is not done, where it needs it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np

#: Halves every sampled computation is split into (fixed: see the module docstring).
PARTS = 2


def processors() -> int:
    """Processors this process may run on (``$LCII_PROCESSES`` lowers it; 1 turns the
    children off)."""
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    wanted = os.environ.get("LCII_PROCESSES", "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        available = min(available, int(wanted))
    return available


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
    child = _start(part, second) if processors() >= 2 and hasattr(os, "fork") else None
    try:
        mine = np.asarray(part(first), dtype=float)
    except BaseException:  # interrupted here: the child goes too
        if child:
            _stop(child)
        raise
    theirs = _finish(child) if child else None
    if theirs is None or theirs.shape != mine.shape:
        theirs = np.asarray(part(second), dtype=float)
    return mine + theirs


def _start(part: Callable[..., np.ndarray], *args) -> tuple[int, int] | None:
    """Fork a child computing ``part(*args)``; it sends the array back through a pipe
    (``np.save``, read back without pickle)."""
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: compute, send the bytes, leave without any cleanup
        code = 1
        try:
            import io

            os.close(read_end)
            buffer = io.BytesIO()  # np.save straight to a pipe seeks, and fails
            np.save(buffer, np.asarray(part(*args)), allow_pickle=False)
            with os.fdopen(write_end, "wb") as out:
                out.write(buffer.getbuffer())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _stop(child: tuple[int, int]) -> None:
    import signal

    pid, read_end = child
    os.close(read_end)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _finish(child: tuple[int, int]) -> np.ndarray | None:
    """The child's array, or None when it did not deliver one whole."""
    import io

    pid, read_end = child
    with os.fdopen(read_end, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
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
        self._child = _start(function) if processors() >= 2 and hasattr(os, "fork") \
            else None

    def result(self) -> np.ndarray:
        child, self._child = self._child, None
        value = _finish(child) if child else None
        return np.asarray(self._function()) if value is None else value

    def __del__(self):  # never waited for: the child is not left behind
        if getattr(self, "_child", None):
            _stop(self._child)
