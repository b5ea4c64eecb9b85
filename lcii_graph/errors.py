"""The tool's own errors, each with the exit code the command line returns.

Library code raises these; the command line prints ``Error: <message>`` and
exits with ``exit_code``; nothing a user can cause ends in a traceback.

=====  ===========================================================
code   meaning
=====  ===========================================================
0      success
1      an unexpected internal error (a bug: please report it)
2      wrong usage (unknown option, missing argument)
3      the input was read but is invalid, or a change (set, delete,
       import --sync) would break the store's rules; nothing was written
4      the input file could not be read (missing, not a workbook,
       wrong encoding, empty, too large)
5      the store could not be opened or written (locked, corrupt,
       newer schema, unreachable)
6      not found (an id or kind that does not exist)
7      ``gaps --fail-on``: a finding at or above that severity exists
8      an output file could not be written
=====  ===========================================================
"""

from __future__ import annotations


class LciiError(Exception):
    """Base of every error a user can cause; ``str()`` is the message."""

    exit_code = 1


class InputInvalid(LciiError):
    """The workbook was read but its contents break the rules."""

    exit_code = 3

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class InputUnreadable(LciiError):
    """The file is missing, not a workbook, empty, too large or mis-encoded."""

    exit_code = 4


class StoreError(LciiError):
    """The store could not be opened, read or written."""

    exit_code = 5


class NotFound(LciiError):
    exit_code = 6


class OutputUnwritable(LciiError):
    """A file the tool was asked to write could not be written."""

    exit_code = 8


EXIT_CODES = {
    0: "success",
    1: "unexpected internal error (a bug)",
    2: "wrong usage",
    InputInvalid.exit_code: "input invalid, or a change refused; nothing written",
    InputUnreadable.exit_code: "input file unreadable",
    StoreError.exit_code: "store error",
    NotFound.exit_code: "not found",
    7: "gaps --fail-on: a finding at or above that severity",
    OutputUnwritable.exit_code: "output file could not be written",
}

#: Exit code of ``gaps --fail-on SEVERITY`` when such a finding exists.
FINDINGS_EXIT_CODE = 7
