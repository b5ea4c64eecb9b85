"""The command line: exact output, exit codes, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lcii_graph import __version__
from lcii_graph.store.sqlite import SCHEMA_VERSION

from .conftest import JURISDICTIONS, ORGS, file_digest, write_sheets

BASIC = {"organizations": ORGS, "jurisdictions": JURISDICTIONS}


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"lcii-graph, version {__version__}\n"


def test_python_dash_m():
    result = subprocess.run([sys.executable, "-m", "lcii_graph", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == f"lcii-graph, version {__version__}\n"


def test_init_creates_then_reports(run, store):
    first = run("init")
    assert first.exit_code == 0
    assert first.output == f"Store {store} created (schema version {SCHEMA_VERSION}).\n"
    second = run("init")
    assert second.output == f"Store {store} exists (schema version {SCHEMA_VERSION}).\n"


def test_import_prints_a_summary(run, store, tmp_path):
    folder = write_sheets(tmp_path / "w", BASIC)
    result = run("import", folder)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "sheet          rows  new  changed  unchanged  not in file\n"
        "-------------  ----  ---  -------  ---------  -----------\n"
        "jurisdictions     3    3        0          0            0\n"
        "organizations     6    6        0          0            0\n"
        f"Imported 9 rows into {store} (9 new, 0 changed, 0 unchanged).\n"
    )
    again = run("import", folder, "--dry-run")
    assert again.output.endswith("Dry run: 9 rows are valid (0 new, 0 changed, 9 unchanged); "
                                 "nothing was written.\n")
    assert "organizations     6    0        0          6            0\n" in again.output


def test_import_json(run, tmp_path):
    folder = write_sheets(tmp_path / "w", BASIC)
    data = json.loads(run("import", folder, "--json").output)
    counts = {"changed": 0, "unchanged": 0, "not_in_file": 0, "removed": 0,
              "references_cleared": 0}
    assert data["sheets"] == {"jurisdictions": {"rows": 3, "new": 3, **counts},
                              "organizations": {"rows": 6, "new": 6, **counts}}
    assert data["sync"] is False and data["snapshot"] is None
    assert data["written"] is True and data["warnings"] == []


def test_refused_import_lists_every_problem(run, store, tmp_path):
    run("import", write_sheets(tmp_path / "ok", BASIC))
    before = file_digest(store)
    bad = write_sheets(tmp_path / "bad", {
        "organizations": [["name", "sector"], ["A", "Goverment"], ["B", "business"]],
        "ties": [["from", "to"], ["a", "zzz"]],
    })
    result = run("import", bad)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "Error: organizations.csv, row 2, column 'sector': 'Goverment': expected one of "
        "government, business, philanthropy, nonprofit, community (did you mean "
        "'government'?)\n"
        "Error: ties.csv, row 2, column 'to': 'zzz': expected the id or name of a row of "
        "organizations; no organization has that id or name\n"
        f"Error: {bad}: 2 problems found; nothing was imported\n"
    )
    assert "Traceback" not in result.output
    assert file_digest(store) == before


def test_unreadable_file_exit_code(run, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook")
    result = run("import", path)
    assert result.exit_code == 4
    assert result.stderr == (f"Error: {path}: not an Excel workbook (the file is not an "
                             ".xlsx package)\n")


def test_store_error_exit_code(run, store):
    result = run("stats")
    assert result.exit_code == 5
    assert result.stderr.startswith(f"Error: no store at {store};")


def test_stats_json_keys(run, tmp_path):
    run("import", write_sheets(tmp_path / "w", BASIC))
    data = json.loads(run("stats", "--json").output)
    for key in ("organizations", "people", "partnerships", "ties", "commitments",
                "jurisdictions", "goals", "metrics"):
        assert key in data
    assert data["organizations"] == 6 and data["jurisdictions"] == 3
    assert data["sectors"] == {"government": 2, "business": 1, "philanthropy": 1,
                               "nonprofit": 1, "community": 1}
    assert data["government_levels"] == {"county": 1, "city": 1}


def test_stats_table(run, tmp_path):
    run("import", write_sheets(tmp_path / "w", BASIC))
    lines = run("stats").output.splitlines()
    assert lines[:3] == ["what                       count",
                         "-------------------------  -----",
                         "organizations                  6"]
    assert "sector: government             2" in lines


def test_list_formats(run, tmp_path):
    run("import", write_sheets(tmp_path / "w", BASIC))
    table = run("list", "organizations").output.splitlines()
    assert table[0].split() == ["id", "name", "sector", "type", "jurisdiction"]
    assert table[2].split() == ["bank", "Test", "Bank", "business", "tv"]
    csv_lines = run("list", "orgs", "--csv").output.splitlines()
    assert csv_lines[0] == ("id,name,sector,type,jurisdiction,fields,anchor,intermediary,ein,"
                            "url,notes")
    assert csv_lines[1] == "bank,Test Bank,business,,tv,,,,,,"
    data = json.loads(run("list", "jurisdictions", "--json").output)
    assert data == [{"id": "tc", "name": "Test County", "level": "county", "parent": "ts",
                     "fips": None},
                    {"id": "ts", "name": "Test State", "level": "state", "parent": None,
                     "fips": None},
                    {"id": "tv", "name": "Testville", "level": "city", "parent": "tc",
                     "fips": None}]


def test_newline_delimited_json(run, small_workbook):
    run("import", small_workbook)
    assert run("list", "jurisdictions", "--nl").output == (
        '{"id": "tc", "name": "Test County", "level": "county", "parent": "ts", "fips": null}\n'
        '{"id": "ts", "name": "Test State", "level": "state", "parent": null, "fips": null}\n'
        '{"id": "tv", "name": "Testville", "level": "city", "parent": "tc", "fips": null}\n')
    for command in (["gaps"], ["capital"], ["metrics", "--level", "node"], ["list", "ties"]):
        lines = run(*command, "--nl").output.splitlines()
        assert lines, command
        assert [json.loads(line) for line in lines] == json.loads(
            run(*command, "--json").output), command
    (line,) = run("stats", "--nl").output.splitlines()  # not a list: one line
    assert json.loads(line) == json.loads(run("stats", "--json").output)


def test_list_unknown_kind(run, tmp_path):
    run("import", write_sheets(tmp_path / "w", BASIC))
    result = run("list", "widgets")
    assert result.exit_code == 6
    assert result.stderr.startswith("Error: no kind 'widgets'; expected one of organizations,")


def test_show(run, small_workbook):
    run("import", small_workbook)
    data = json.loads(run("show", "bank", "--json").output)
    assert data["sheet"] == "organizations" and data["record"]["name"] == "Test Bank"
    links = {(link["relationship"], link["direction"], link["id"]) for link in data["links"]}
    assert links == {("BASED_IN", "out", "tv"), ("PARTNERS_WITH", "in", "city"),
                     ("MEMBER_OF", "out", "jobs"), ("WORKS_FOR", "in", "p3")}
    text = run("show", "jobs").output
    assert text.startswith("partnerships: jobs\n")
    assert run("show", "missing").exit_code == 6


def test_template_command(run, tmp_path):
    path = tmp_path / "t.xlsx"
    result = run("template", path)
    assert result.exit_code == 0
    assert result.output == (f"Wrote {path}: fill the sheets, then run: lcii-graph import "
                             f"{path}\n")
    assert run("template", path).exit_code == 8  # it may have been filled in: never replaced
    assert run("template", path, "--force").exit_code == 0
    # Importing it as it is: its own README and lists sheets pass without a note.
    empty = run("import", path)
    assert empty.exit_code == 0
    assert empty.stderr == ("Note: the workbook holds no rows yet; fill its organizations "
                            "sheet (the one required) and import it again\n")


def test_usage_error_exit_code(run):
    assert run("import").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_internal_errors_are_reported_not_dumped(run, monkeypatch, tmp_path):
    import lcii_graph.analysis.summary as summary

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(summary, "summarize", boom)
    run("import", write_sheets(tmp_path / "w", BASIC))
    result = run("stats")
    assert result.exit_code == 1
    assert result.stderr == ("Error: unexpected internal error: RuntimeError: kaboom\n"
                             "This is a bug in lcii-graph; run again with --traceback and "
                             "report it.\n")


def test_traceback_flag_shows_the_traceback(runner, store, tmp_path):
    from lcii_graph.cli import cli

    result = runner.invoke(cli, ["--store", str(store), "--traceback", "stats"])
    assert result.exit_code != 0
    assert type(result.exception).__name__ == "StoreError"


def test_hostile_strings_round_trip_exactly(run, tmp_path):
    hostile = [
        "</script><script>alert(1)</script>",
        "'; DROP TABLE organizations; --",
        '=HYPERLINK("http://evil.example","click")',
        "+1 555 0100", "-negative start", "@SUM(A1)",
        "\u202eevil\u202c name",
        "👩🏽‍🌾 Growers Co-op 🌽",
        "<img src=x onerror=alert(1)>",
        "line\u2028separator",
        'quote " and, comma',
    ]
    rows = [["id", "name", "sector", "notes"]]
    rows += [[f"h{i:02d}", text, "community", text] for i, text in enumerate(hostile)]
    result = run("import", write_sheets(tmp_path / "w", {"organizations": rows}))
    assert result.exit_code == 0, result.output
    data = json.loads(run("list", "organizations", "--json").output)
    assert [(o["name"], o["notes"]) for o in data] == [(t, t) for t in hostile]
    # CSV output neutralizes formulas; the table shows control characters escaped.
    csv_text = run("list", "organizations", "--csv").output
    assert "'=HYPERLINK" in csv_text and "\n'@SUM(A1)" not in csv_text
    assert "h05,'@SUM(A1),community,,,,,,,,'@SUM(A1)\n" in csv_text
    assert "\\u202eevil" in run("list", "organizations").output


def test_terminal_text_escapes_exactly_the_invisible_characters():
    # display_text passes printable text through whole (isprintable, in C); that must be
    # the same as escaping each control, format and separator character: every code point.
    import unicodedata

    from lcii_graph.export.tables import display_text

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        hidden = unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
        expected = char.encode("unicode_escape").decode("ascii") if hidden else char
        assert display_text(f"a{char}b") == f"a{expected}b", hex(code)


def test_broken_pipe_is_quiet(tmp_path, small_workbook):
    store = tmp_path / "pipe.db"
    cmd = [sys.executable, "-m", "lcii_graph", "--store", str(store)]
    subprocess.run([*cmd, "-q", "import", str(small_workbook)], check=True,
                   capture_output=True)
    many = [["id", "name", "sector"]] + [[f"o{i}", f"Org {i}", "nonprofit"]
                                         for i in range(20000)]
    subprocess.run([*cmd, "-q", "import", str(write_sheets(tmp_path / "many",
                                                            {"organizations": many}))],
                   check=True, capture_output=True)
    proc = subprocess.Popen([*cmd, "list", "organizations", "--csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert stderr == ""
    assert proc.returncode == 0


def test_the_group_help_lists_each_commands_own_first_sentence():
    """The group's --help comes from COMMANDS without importing the command modules;
    these sentences are the commands' own, at any width."""
    import click

    from lcii_graph.cli import cli
    from lcii_graph.cli.main import COMMANDS

    ctx = click.Context(cli)
    assert sorted(COMMANDS) == cli.list_commands(ctx)
    for name, (module, sentence) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command.callback.__module__ == f"lcii_graph.cli.{module}", name
        for limit in (30, 45, 70, 200):
            assert click.Command(name, help=sentence).get_short_help_str(limit) == \
                command.get_short_help_str(limit), (name, limit)


@pytest.mark.parametrize("args, loaded", [
    (["--version"], set()),
    (["--help"], set()),
    (["template", "--help"], set()),
    (["stats", "--help"], set()),
])
def test_version_and_help_load_none_of_the_analysis_libraries(args, loaded):
    """Was: every command, --version included, imported networkx, numpy, pandas, igraph
    and openpyxl first (0.75-2 s before anything was done)."""
    code = ("import sys\nfrom lcii_graph.cli import cli\n"
            f"try:\n    cli({args!r}, prog_name='lcii-graph')\nexcept SystemExit:\n    pass\n"
            "heavy = {'networkx', 'numpy', 'pandas', 'igraph', 'openpyxl', 'pyvis', 'neo4j'}\n"
            "print(sorted(heavy & set(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.stderr.strip().splitlines()[-1] == str(sorted(loaded)), result.stderr


@pytest.mark.parametrize("args, shown", [
    (["gaps", "--store", "x.db"], "--store is an option of lcii-graph itself and goes before "
                                  "the command: lcii-graph --store ... gaps ..."),
    (["snapshot", "list", "--traceback"], "--traceback is an option of lcii-graph itself and "
                                          "goes before the command: lcii-graph --traceback "
                                          "... snapshot list ..."),
])
def test_a_global_option_after_the_command_says_where_it_goes(args, shown):
    """Was: "No such option '--store'" (with suggestions of the command's own options)."""
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {shown}"


def test_an_unknown_rule_suggests_the_closest():
    from click.testing import CliRunner

    from lcii_graph.cli import cli

    result = CliRunner().invoke(cli, ["gaps", "--rule", "sector-mising"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for --rule: no rule 'sector-mising' (did you mean "
        "'sector-missing'?); see lcii-graph gaps --list-rules")


def _unparsed(ctx) -> list[str]:
    """A group context's words left for its subcommand (click 8.2 moves them from
    protected_args to args; both are read, its warning about the move silenced)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [*ctx.protected_args, *ctx.args]


def _all_commands():
    import click

    from lcii_graph.cli import cli

    ctx = click.Context(cli)
    found = []
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        found.append(((name,), command))
        if isinstance(command, click.Group):
            found += [((name, sub), command.commands[sub]) for sub in command.commands]
    return found


@pytest.mark.parametrize("path, command", _all_commands(), ids=lambda x: " ".join(x)
                         if isinstance(x, tuple) else "")
def test_every_command_shows_examples_that_it_accepts(path, command):
    """Each command's --help ends with examples, and each example is a command line the
    tool parses (options, arguments and their values), so that none goes out of date."""
    import shlex

    import click

    from lcii_graph.cli import cli

    epilog = command.epilog or ""
    assert epilog.startswith("\b\nExamples:\n"), path
    for line in epilog.splitlines()[2:]:
        words = shlex.split(line.split(" > ")[0])
        while words and words[0] != "lcii-graph" and "=" in words[0]:  # NAME=value env
            words = words[1:]
        assert words[0] == "lcii-graph", line
        ctx = cli.make_context("lcii-graph", words[1:])
        name, sub, rest = cli.resolve_command(ctx, _unparsed(ctx))
        sub_ctx = sub.make_context(name, rest, parent=ctx)
        if isinstance(sub, click.Group) and _unparsed(sub_ctx):
            name, leaf, rest = sub.resolve_command(sub_ctx, _unparsed(sub_ctx))
            leaf.make_context(name, rest, parent=sub_ctx)
        assert [*path] == [w for w in words[1:] if w in ([*path])][:len(path)], line


TABLE_COMMANDS = [["stats"], ["capital"], ["metrics"], ["metrics", "--level", "node"],
                  ["metrics", "--level", "sector"], ["metrics", "--level", "community"],
                  ["gaps", "--list-rules"], ["show", "rb-mayor"], ["show", "riverbend-works"],
                  *[["list", kind] for kind in ("organizations", "people", "jurisdictions",
                                                "partnerships", "memberships", "ties",
                                                "commitments", "goals", "metrics",
                                                "measurements")]]


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=" ".join)
def test_every_table_fits_80_columns_and_cuts_no_id(args, tmp_path, example_dir):
    """Was: 12 columns of node metrics ran to 200 characters, and ids were cut at 40 with
    an ellipsis. Now prose wraps, then the last columns are left out (and said); ids and
    the other key columns stay whole."""
    from click.testing import CliRunner

    from lcii_graph import import_workbook, open_store
    from lcii_graph.cli import cli

    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["-q", "--store", str(store),
                                                          *args])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80, max(lines, key=len)
    assert "…" not in result.stdout
    if args[0] == "list" and args[1] not in ("memberships", "ties", "measurements"):
        with open_store(store) as s:
            ids = [r["id"] for r in s.read(args[1])]
        starts = {line.split("  ")[0].strip() for line in lines}
        assert set(ids) <= starts  # every id whole, at the start of its row


def test_a_choice_in_any_case_and_a_near_miss_gets_a_did_you_mean(run, tmp_path):
    run("import", write_sheets(tmp_path / "w", BASIC))
    wrong = run("map", tmp_path / "m.html", "--profile", "parter")
    assert wrong.exit_code == 2
    assert "Error: Invalid value for '--profile': 'parter' is not one of 'partner', " \
           "'internal' (did you mean 'partner'?).\n" in wrong.stderr
    far = run("gaps", "--severity", "zzz")
    assert far.exit_code == 2 and "did you mean" not in far.stderr
    assert run("metrics", "--level", "NODE", "--json").exit_code == 0
    assert run("export", "GraphML", tmp_path / "g.graphml").exit_code == 0
    assert (tmp_path / "g.graphml").read_text(encoding="utf-8").startswith("<?xml")
