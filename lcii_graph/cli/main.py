"""The ``lcii-graph`` command: a thin shell over the library.

Each command parses its options, calls one library function and formats the
result. Errors the user can cause become ``Error: ...`` on stderr and the
exit code of :mod:`lcii_graph.errors`; ``--traceback`` shows the Python
traceback for debugging. The commands live by topic: :mod:`.data` (import,
list, show, export, demo), :mod:`.analysis` (gaps, metrics, capital, what-if),
:mod:`.pages` (map, report), :mod:`.history` (snapshots, diff), :mod:`.neo4j`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import sys

import click

from .. import __version__
from ..errors import EXIT_CODES, InputInvalid, LciiError, OutputUnwritable, StoreError
from ..ingest.cells import CellError, parse_date
from ..model.vocabulary import PROFILES
from ..store import open_store, store_location
from .output import echo_err

EXIT_CODE_HELP = "\b\nExit codes:\n" + "\n".join(
    f"  {code}  {meaning}" for code, meaning in sorted(EXIT_CODES.items())
)


def one_line(text: str) -> str:
    """A message as one line, whatever a library put in it, and inert on a terminal: a
    control character from a file or folder name (an escape sequence that would recolour
    or retitle the terminal) is shown as its code, ``\\x1b``."""
    text = " ".join(text.split("\n")).replace("\r", " ").replace("\t", " ")
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 32 or 0x7f <= ord(c) < 0xa0 else c
                   for c in text)


#: A broken workbook can hold millions of problems: the terminal shows the first ones.
MAX_PRINTED_PROBLEMS = 200


#: Each command's module and the first sentence of its help. A module is imported when
#: its command runs or its help is asked for, so that `--version`, `--help` and every
#: command load only what they use (the analyses' networkx, numpy, pandas and igraph
#: took most of a second before anything was done). The group's --help lists the
#: commands from these sentences; a test holds them equal to the commands' own.
COMMANDS = {
    "capital": ("analysis", "The capital stack of each table: totals by type and by "
                            "funding sector, and how concentrated its funders are (top "
                            "share, HHI)."),
    "demo": ("data", "Import the bundled example into a fresh store in OUT, summarize it, "
                     "show the top findings of the gap analysis and write its map and "
                     "report."),
    "delete": ("edit", "Delete one row (by id, or a name one row has), after a snapshot "
                       "that undoes it; refused while other rows refer to it, unless "
                       "--cascade."),
    "diff": ("history", "What changed from BEFORE to AFTER: each a snapshot label, 'live' "
                        "(the default for AFTER) or a date (the store as of that day)."),
    "export": ("data", "Write the store for other tools."),
    "gaps": ("analysis", "Find the gaps: who is missing, silos, single points of failure, "
                         "unmeasured goals, grant-only money."),
    "import": ("data", "Import a workbook (.xlsx, or a folder of .csv files), a Kumu map "
                       "(its JSON, or its Elements/Connections .xlsx) or a graph file "
                       "(GraphML, GEXF, node-link JSON) into the store."),
    "init": ("data", "Create an empty store (nothing happens if it exists)."),
    "list": ("data", "List the rows of one KIND: organizations, people, jurisdictions, "
                     "partnerships, memberships, ties, commitments, goals, metrics, "
                     "measurements, assessments, interactions."),
    "map": ("pages", "Write the network map: one self-contained HTML file that works "
                     "offline."),
    "metrics": ("analysis", "Network metrics: density, components, reciprocity, "
                            "centralization, E-I and assortativity by sector, communities, "
                            "brokers, cut points."),
    "neo4j": ("neo4j", "Work with a Neo4j store (--store neo4j://host:7687; credentials "
                       "from NEO4J_USERNAME and NEO4J_PASSWORD, or a prompt)."),
    "report": ("pages", "Write the steering-committee report: findings, metrics, capital "
                        "stack, sector coverage, metric trends and the map, in one "
                        "printable HTML file."),
    "set": ("edit", "Change fields of one row (by id, or a name one row has), checked as "
                    "an import checks them, after a snapshot that undoes it."),
    "show": ("data", "Show one row by its id (or, for a named kind, its name), with what it "
                     "is linked to."),
    "snapshot": ("history", "Keep dated copies of the whole store to compare later, and "
                            "restore one."),
    "stakeholders": ("stakeholders", "The stakeholder register: each stakeholder's latest "
                                     "judgement (power, interest, quadrant, salience, stance, "
                                     "engagement now and target) and last contact."),
    "stats": ("data", "Counts of each kind, organizations by sector and level, "
                      "decision-makers."),
    "survey": ("survey", "The relational survey: forms to run a round by e-mail, and its "
                         "numbers (ties confirmed or not, response rates, trust and value "
                         "scores per organization, per sector and for the network)."),
    "template": ("data", "Write an empty, documented workbook to start from."),
    "what-if": ("analysis", "What is lost if organization or person ID leaves the network."),
}


#: The options of the group itself, which go before the command.
GROUP_OPTIONS = ("--store", "--database", "--batch-size", "--traceback")
#: Errors of a write to a disk with no room left (or none for this user, or a file too
#: large for it).
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class LciiGroup(click.Group):
    """Turns the tool's errors into messages and exit codes, never tracebacks; loads each
    command's module when the command is used (:data:`COMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str):
        if name not in self.commands and name in COMMANDS:
            import importlib

            importlib.import_module(f".{COMMANDS[name][0]}", __package__)  # registers it
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter) -> None:
        """The commands and their first sentences (:data:`COMMANDS`, which a test holds
        equal to each command's own), without importing their modules."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        with formatter.section("Commands"):
            formatter.write_dl([(name, click.Command(name, help=sentence).get_short_help_str(
                limit)) for name, (_, sentence) in sorted(COMMANDS.items())])

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk under the output shows here, not at exit
            return result
        except LciiError as exc:
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            if isinstance(exc, InputInvalid):
                for problem in exc.problems[:MAX_PRINTED_PROBLEMS]:
                    label = "Error" if problem.level == "error" else "Warning"
                    echo_err(f"{label}: {one_line(str(problem))}")
                hidden = len(exc.problems) - MAX_PRINTED_PROBLEMS
                if hidden > 0:
                    echo_err(f"... and {hidden:,} more problems not shown; fix these and "
                             "check again with --dry-run")
            echo_err(f"Error: {one_line(str(exc))}")
            for line in getattr(exc, "details", ()):
                echo_err(f"  {one_line(line)}")
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `lcii-graph list people | head`: the reader left; stay quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            echo_err("Interrupted.")
            ctx.exit(130)
        except click.NoSuchOption as exc:
            # `lcii-graph gaps --store x.db`: an option of the tool itself, after the command.
            if exc.option_name in GROUP_OPTIONS and exc.ctx is not None:
                command = exc.ctx.command_path.split(" ", 1)[-1]  # "snapshot list"
                raise click.UsageError(
                    f"{exc.option_name} is an option of lcii-graph itself and goes before "
                    f"the command: lcii-graph {exc.option_name} ... {command} ...",
                    ctx=exc.ctx) from None
            raise
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except sqlite3.DatabaseError as exc:
            # Raised while reading a store file whose pages are damaged (the store refuses
            # other SQLite files when it opens them): a store error, not a bug.
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            echo_err(f"Error: {store_of(ctx)}: the store could not be read ({exc}); it may be "
                     "damaged: restore it from a copy, or import the workbook into a new one")
            ctx.exit(StoreError.exit_code)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
                # `lcii-graph metrics --json > out.json` on a full disk: the output, not a
                # bug (the files commands write refuse a full disk themselves).
                echo_err(f"Error: the output could not be written ({exc.strerror}); free "
                         "some space and run the command again")
                devnull = os.open(os.devnull, os.O_WRONLY)  # what is left unwritten goes
                os.dup2(devnull, sys.stdout.fileno())
                ctx.exit(OutputUnwritable.exit_code)
            echo_err(f"Error: unexpected internal error: {type(exc).__name__}: {exc}")
            echo_err("This is a bug in lcii-graph; run again with --traceback and report it.")
            ctx.exit(1)


@click.group(cls=LciiGroup, epilog=EXIT_CODE_HELP)
@click.version_option(__version__, "--version", prog_name="lcii-graph")
@click.option("--store", "store", metavar="PATH|URI", envvar="LCII_STORE",
              help="The store: an SQLite file (default lcii.db here; env LCII_STORE) or a "
                   "Neo4j address (neo4j://host:7687, bolt+s://...; credentials from "
                   "NEO4J_USERNAME and NEO4J_PASSWORD).")
@click.option("--database", envvar="NEO4J_DATABASE", metavar="NAME",
              help="Neo4j database (default: the server's; env NEO4J_DATABASE).")
@click.option("--batch-size", type=click.IntRange(1), default=None, metavar="N",
              help="Rows per Neo4j write (default 5,000).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or notes.")
@click.option("--traceback", is_flag=True, help="Show Python tracebacks (for debugging).")
@click.pass_context
def cli(ctx: click.Context, store: str | None, database: str | None, batch_size: int | None,
        quiet: bool, traceback: bool) -> None:
    """Map cross-sector partnerships and find their gaps."""
    ctx.ensure_object(dict)
    ctx.obj.update(store=store, database=database, batch_size=batch_size, quiet=quiet,
                   traceback=traceback)
    from ..outputs import register_store
    from ..store import is_address

    where = store_of(ctx)
    if not is_address(where):
        register_store(where)  # the store in use: no output of this command may replace it


def store_of(ctx: click.Context) -> str:
    return store_location(ctx.obj.get("store"))


def _password_prompt() -> str | None:
    """Ask for the Neo4j password without echo, when someone is there to answer."""
    if not sys.stdin.isatty():
        return None
    return click.prompt("Neo4j password", hide_input=True, err=True)


def opened_store(ctx: click.Context, create: bool = False, location: str | None = None):
    """The store of --store / LCII_STORE (or ``location``), Neo4j or SQLite."""
    return open_store(location or store_of(ctx), create=create,
                      database=ctx.obj.get("database"), password_prompt=_password_prompt,
                      batch_size=ctx.obj.get("batch_size"))


def load_network(ctx: click.Context, store, as_of: str | None = None):
    """The network a command analyses: as it stands today, or as of a date."""
    from ..network.model import network_of

    with reading(ctx, store):
        network = network_of(store, as_of=as_of)
    return with_rule_settings(ctx, network)


def reading(ctx: click.Context, store):
    """A status line while a network is read from Neo4j (seconds per hundred thousand
    rows); a no-op for a file."""
    from ..store import is_neo4j_address
    from .output import progress_factory

    progress = progress_factory(ctx.obj["quiet"])
    if progress is None or not is_neo4j_address(str(store.location)):
        return contextlib.nullcontext()
    return progress("Loading the network from Neo4j", None)


def with_rule_settings(ctx: click.Context, network):
    """The network with ``lcii-graph.toml`` beside the store as its gap rules' settings,
    read by whatever shows findings from it (gaps, map, report, diff, export analysis)."""
    from ..analysis.config import default_config_path

    network.rule_config = default_config_path(store_of(ctx))
    return network


class Choice(click.Choice):
    """One of a few words, in any case, with a "did you mean" for a near miss
    (``--profile parter``)."""

    def __init__(self, choices, case_sensitive: bool = False):
        super().__init__(choices, case_sensitive=case_sensitive)

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            import difflib

            words = [str(c) for c in self.choices]
            close = difflib.get_close_matches(str(value).casefold(), words, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.fail(f"{value!r} is not one of {', '.join(map(repr, words))}{hint}.",
                      param, ctx)


def examples(*lines: str) -> str:
    """A command's help epilog: its examples, kept as written (``\\b`` stops click from
    re-wrapping them)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def parse_as_of(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_date(value)
    except CellError as exc:
        raise click.BadParameter(f"expected {exc}") from None


force_option = click.option(
    "--force", is_flag=True,
    help="Replace OUT even if it is not an earlier lcii-graph output of this kind (never the "
         "store itself).")

as_of_option = click.option("--as-of", "as_of", metavar="DATE", callback=parse_as_of,
                            help="Analyse the network as it stood on DATE "
                                 "(default: as it stands today).")
seed_option = click.option("--seed", type=int, default=0, show_default=True,
                           help="Seed for community detection and sampling.")


def check_partnership(store, partnership: str | None) -> str | None:
    """The id of the table ``--partnership`` names (by id or by name)."""
    if partnership is None:
        return None
    return store.resolve(partnership, ("partnerships",))[1]


profile_option = click.option("--profile", type=Choice(PROFILES), default="partner",
                              show_default=True,
                              help="partner: people by role only, no contact details; "
                                   "internal: everything.")
names_option = click.option("--names", is_flag=True,
                            help="Show people's names under the partner profile.")


def main() -> None:
    if "--traceback" not in sys.argv[1:]:
        # A writer that failed (a full disk under openpyxl's zip file, say) is reported once,
        # as "Error: ..."; the clean-up errors Python meets collecting its remains afterwards
        # ("Exception ignored in ... Traceback") would only bury that line.
        sys.unraisablehook = lambda unraisable: None
    try:
        cli(prog_name="lcii-graph")
    finally:
        _quick_exit()


def _quick_exit() -> None:
    """Make the interpreter's exit quick: every child ended now (what ends them otherwise
    is their owners being collected), then everything this process holds frozen out of
    the last garbage collection, which would otherwise walk it all to free what the
    operating system frees anyway (after ``report`` on the L benchmark network, from the
    page's last write to the process gone: 0.9-1.2 s, 0.11-0.15 s frozen). Objects still
    die as their references go (a file is flushed and closed as before, where no cycle
    holds it: the commands close theirs); finalizers of cycles still alive at exit are
    not run, which Python never promises."""
    import gc

    from ..processes import stop_all

    stop_all()
    gc.freeze()

