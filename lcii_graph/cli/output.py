"""Output options shared by commands, and the progress bars."""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import textwrap

import click

from ..export.tables import json_chunks, to_csv, to_table


def output_options(*, csv: bool = True):
    """Add ``--json`` / ``--csv`` / ``--nl`` / ``-t, --table`` (the default) to a command
    (``csv=False``: a command whose output is not rows has no ``--csv`` nor ``--nl``)."""

    def decorator(command):
        options = [
            click.option("--json", "fmt", flag_value="json", help="Print JSON for programs."),
            click.option("-t", "--table", "fmt", flag_value="table", default=True,
                         help="Print an aligned table for people (default)."),
        ]
        if csv:
            options.insert(1, click.option("--csv", "fmt", flag_value="csv",
                                           help="Print CSV (formula-safe)."))
            options.insert(2, click.option("--nl", "fmt", flag_value="nl",
                                           help="Print newline-delimited JSON: one object "
                                                "a line."))
        for option in reversed(options):
            command = option(command)
        return command

    return decorator


def terminal_width() -> int:
    """The width output fits: COLUMNS when set, the terminal's, else 100."""
    return shutil.get_terminal_size((100, 24)).columns


def echo_wrapped(text: str, indent: str = "", subsequent: str = "  ") -> None:
    """``text`` wrapped to the terminal between words, never inside a word nor at its
    hyphens: an id stays whole."""
    click.echo(textwrap.fill(text, terminal_width(), initial_indent=indent,
                             subsequent_indent=subsequent, break_long_words=False,
                             break_on_hyphens=False))


#: Names a terminal line gives before it says how many more there are (``--json``: all).
NAMES_LISTED = 6


def some_of(names: list[str], *, sep: str = ", ", limit: int = NAMES_LISTED) -> str:
    """The first ``limit`` of ``names`` joined, and how many more there are (a hub's
    what-if cut off 50,000 organizations: one line of 500,000 characters)."""
    listed = sep.join(names[:limit])
    return listed + (f" and {len(names) - limit:,} more" if len(names) > limit else "")


def emit_rows(rows: list[dict], columns: list[str], fmt: str, *, json_data=None) -> None:
    """Print ``rows`` as a table, CSV, JSON or newline-delimited JSON (``json_data`` if
    given, else the rows; ``nl`` prints each item of a list on a line of its own)."""
    if fmt == "json":
        for piece in json_chunks(rows if json_data is None else json_data):
            click.echo(piece, nl=False)
        click.echo()
    elif fmt == "nl":
        data = rows if json_data is None else json_data
        for item in data if isinstance(data, list) else [data]:
            click.echo(json.dumps(item, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(to_csv(rows, columns), nl=False)
    elif rows:
        click.echo(to_table(rows, columns, width=terminal_width()))
    else:
        click.echo("(none)")


def progress_factory(quiet: bool):
    """A factory the library calls as ``progress(label, total)``; silent with ``-q``."""
    if quiet:
        return None

    @contextlib.contextmanager
    def progress(label: str, total: int | None):
        if not sys.stderr.isatty():
            yield None
            return
        if total is None:
            click.echo(f"{label}...", err=True)
            yield None
            return
        with click.progressbar(length=total, label=label, file=sys.stderr,
                               show_pos=True) as bar:
            yield bar.update

    return progress


def quiet_option(command):
    """``-q`` after the command name too: ``lcii-graph import -q book.xlsx``."""

    def set_quiet(ctx: click.Context, _param, value: bool) -> None:
        if value:
            ctx.ensure_object(dict)["quiet"] = True

    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=set_quiet,
                        help="No progress bars or notes.")(command)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


#: From this many organizations on, an analysis takes seconds: the terminal says what it
#: is doing (on a terminal, without -q); below, it stays quiet.
SLOW_ABOVE = 5_000


def large(network) -> bool:
    """Whether ``network`` (or a number of organizations) is large enough to say so."""
    return _organizations(network) >= SLOW_ABOVE


def working(ctx: click.Context, network, what: str):
    """A status line for a long step on a large network, or a number of organizations
    (a no-op otherwise)."""
    progress = progress_factory(ctx.obj["quiet"])
    if progress is None or not large(network):
        return contextlib.nullcontext()
    return progress(f"{what} ({_organizations(network):,} organizations)", None)


def _organizations(network) -> int:
    return network if isinstance(network, int) else len(network.records["organizations"])

