"""The new interpreter's side of portable work (:class:`.parallel.Portable`).

:func:`~lcii_graph.processes.spawn` starts ``main()`` here with the file
:func:`.parallel._written` wrote as its standard input: a header naming each job's work
and settings, then its arrays. Each answer is written to the same file after them, as
soon as it is done, and its place (offset and length, :data:`.parallel._PLACE`) sent
on the standard output — as a forked child of :class:`.parallel.Ahead` does.

Only the functions of :data:`WORK` can be named: the header comes from this program, but
nothing in it is imported by a name it gives.
"""

from __future__ import annotations

import importlib
import json
import os
import struct

import numpy as np

#: Work a header may name: module (of this package) and function.
WORK = {
    "louvain": ("communities", "louvain_membership"),
    "eigenvector": ("centrality", "eigenvector_scores"),
    "local": ("local", "local_measures_of_codes"),
}


def run(work: str, arrays: dict[str, np.ndarray], settings: dict) -> np.ndarray:
    """``WORK[work]`` called with ``arrays`` and ``settings``: the answer, an array."""
    module, name = WORK[work]
    function = getattr(importlib.import_module(f".{module}", __package__), name)
    return np.asarray(function(**arrays, **settings))


def main() -> None:
    """Do the jobs the file on standard input holds, in order (see the module docstring)."""
    from .parallel import _PLACE, _array, _npy, _put

    os.environ["LCII_PROCESSES"] = "1"  # no children of its own: it is the second processor
    (size,) = struct.unpack("<q", _read(0, 8))
    header = json.loads(_read(8, size))
    base = 8 + size
    offset = base + header["end"]
    with os.fdopen(1, "wb") as out:
        for job in header["jobs"]:
            arrays = {name: _array(_read(base + at, length))
                      for name, (at, length) in job["arrays"].items()}
            length = _put(0, _npy(run(job["work"], arrays, job["settings"])), offset)
            out.write(_PLACE.pack(offset, length))
            out.flush()  # now: the other process may be waiting for it
            offset += length


def _read(offset: int, length: int) -> bytes:
    """``length`` bytes of standard input from ``offset`` (a file: read in place)."""
    chunks = []
    while length:
        chunk = os.pread(0, length, offset)
        if not chunk:
            raise EOFError("the work file ends early")
        chunks.append(chunk)
        offset, length = offset + len(chunk), length - len(chunk)
    return b"".join(chunks)
