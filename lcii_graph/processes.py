"""A second process beside this one: forked (or a new interpreter, :func:`spawn`), its
answer sent back through a pipe.

What the analyses spread over two processors (:mod:`lcii_graph.analysis.parallel`) and
what the store reads in a second process (:mod:`lcii_graph.store.sqlite`) both start one
this way. A forked child leaves without any cleanup (``os._exit``): nothing it inherited
— an open store, a temporary file — is closed or removed by it. A child that fails, is
killed or runs out of memory is no error: :func:`finish` says so with ``None`` and the
caller does the work itself.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable

#: Children started and not yet finished or stopped (``(pid, read end)``): what
#: :func:`stop_all` ends when the command does.
_running: set[tuple[int, int]] = set()


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


def second_processor() -> bool:
    """Whether a child may be started: a second processor, and ``fork``."""
    return processors() >= 2 and hasattr(os, "fork")


def start(work: Callable[..., bytes], *, sends: bool = False) -> tuple[int, int] | None:
    """Fork a child that sends back the bytes ``work()`` gives; ``None`` where no child
    could be started. With ``sends``, ``work(send)`` may also send bytes as it goes
    (``send(data)``, read here with :func:`received`) before those it returns."""
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: work, send the bytes, leave without any cleanup
        # No garbage collection in the child: a full collection writes to every object
        # the parent made (the network's million rows), and each page it writes to is
        # copied — memory the two processes then hold twice.
        gc.disable()
        code = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:

                def send(data: bytes) -> None:
                    out.write(data)
                    out.flush()  # now: the parent may be waiting for it

                data = work(send) if sends else work()
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    _running.add((pid, read_end))
    return pid, read_end


def spawn(module: str, *, stdin: int) -> tuple[int, int] | None:
    """Start a new interpreter running ``module``'s ``main()``, as :func:`start` forks a
    child: ``(pid, read end)`` of what it writes to its standard output, or ``None``
    where none could be started. Its standard input is the file ``stdin``; what it
    writes to its standard error is dropped (a failing child is no error: the caller
    computes its work itself).

    It shares no memory with this process: a forked child holds every page this
    process writes to while it lives (the network's rows, each time a command reads
    one: a Louvain child beside the gap rules on a state-wide network held 430 MB of
    its own, a new interpreter 250-290 MB), a new one only what it computes from. It
    finds its modules where this process found them (the same ``sys.path``,
    in isolated mode: no ``PYTHON*`` variables, no user site, not the working folder;
    writing bytecode or not as this process does)."""
    import json
    import sys

    if not all(part.isidentifier() for part in module.split(".")):
        raise ValueError(f"not a module name: {module!r}")
    executable = sys.executable
    if not executable or not os.access(executable, os.X_OK) or not hasattr(os, "posix_spawn"):
        return None
    path = [entry for entry in sys.path if entry]  # never the working folder
    code = (f"import sys, json; sys.path[:] = json.loads(sys.argv[1]); "
            f"import {module}; {module}.main()")
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    # -I leaves out PYTHONDONTWRITEBYTECODE too: -B where this process writes no bytecode.
    flags = ["-I", "-B"] if sys.dont_write_bytecode else ["-I"]
    try:
        pid = os.posix_spawn(executable, [executable, *flags, "-c", code, json.dumps(path)],
                             os.environ, file_actions=[
                                 (os.POSIX_SPAWN_DUP2, stdin, 0),
                                 (os.POSIX_SPAWN_DUP2, write_end, 1),
                                 (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    except OSError:
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    _running.add((pid, read_end))
    return pid, read_end


def received(child: tuple[int, int], size: int) -> bytes | None:
    """The next ``size`` bytes a child sent as it went (``start(..., sends=True)``);
    ``None`` when it ended before sending them all."""
    chunks, left = [], size
    while left:
        chunk = os.read(child[1], left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def finish(child: tuple[int, int]) -> bytes | None:
    """The child's bytes, or ``None`` when it did not end well (they may be cut short)."""
    _running.discard(child)
    pid, read_end = child
    with os.fdopen(read_end, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    return data if status == 0 else None


def stop(child: tuple[int, int]) -> None:
    """End a child whose answer is no longer wanted (nothing where it was finished or
    ended already: its pipe's number may be another file's by now)."""
    if child not in _running:
        return
    _running.discard(child)
    pid, read_end = child
    os.close(read_end)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def stop_all() -> None:
    """End every child still running: the command is over, so nobody wants their answers
    (work started ahead that an error left unread, say). Their owners would end them
    when collected; a command ends them itself (:func:`~lcii_graph.cli.main.main`), as
    it leaves what it holds to the exit uncollected."""
    for child in list(_running):
        stop(child)
