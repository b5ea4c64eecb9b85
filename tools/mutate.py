"""Mutation testing: change one operator or constant at a time and see a test fail.

``make mutate`` runs it. Each target module is parsed; every place where a small
change would give a wrong answer (a comparison turned around or made inclusive, an
operator swapped (``|`` and ``&`` on sets and masks too), ``+=`` made ``=``,
``and``/``or``, ``not`` dropped, a number moved by one, True/False,
``continue``/``break``, one element left out of a literal collection)
becomes one mutant. Each mutant is written into a private copy of the project and the
target's tests run there (``pytest -x``); a failing, erroring or hanging run kills it.
Text constants are left alone, and so is whatever only words a message (f-strings,
``message=``/``suggestion=`` arguments, :data:`WORDING_FUNCTIONS`): a mutant of a
message's wording is not a wrong number. Type annotations are not mutated either.
Decorated functions are mutated like any other (the rules are all ``@rule``).

    python tools/mutate.py                       # every target, two workers
    python tools/mutate.py lcii_graph/ingest/cells.py --jobs 1
    python tools/mutate.py --list lcii_graph/analysis/funding.py   # the mutants only

Prints each survivor (file, line, what changed) and the score per module; exits 1
when a module scores below ``--fail-under`` (default 0: report only).
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Module (or folder of modules) -> the tests that are meant to catch its mistakes.
TARGETS = {
    "lcii_graph/analysis/rules": ["tests/test_rules.py", "tests/test_rule_boundaries.py",
                                  "tests/test_currency.py"],
    "lcii_graph/analysis/funding.py": ["tests/test_rules.py", "tests/test_rule_boundaries.py",
                                       "tests/test_currency.py"],
    "lcii_graph/analysis/cohesion.py": ["tests/test_metrics_units.py",
                                        "tests/test_rule_boundaries.py",
                                        "tests/test_reference_networks.py",
                                        "tests/test_views.py"],
    "lcii_graph/analysis/homophily.py": ["tests/test_metrics_units.py",
                                         "tests/test_rule_boundaries.py",
                                         "tests/test_reference_networks.py",
                                         "tests/test_views.py"],
    "lcii_graph/ingest/cells.py": ["tests/test_cells.py", "tests/test_currency.py"],
    "lcii_graph/analysis/directed.py": ["tests/test_directed.py"],
    "lcii_graph/analysis/survey.py": ["tests/test_survey.py"],
    "lcii_graph/ingest/forms.py": ["tests/test_survey_forms.py"],
    # The local measures: triangles, Burt's two models, brokerage, and the two passes
    # that share them.
    "lcii_graph/analysis/triangles.py": ["tests/test_triangles.py"],
    "lcii_graph/analysis/local.py": ["tests/test_triangles.py", "tests/test_cache.py",
                                     "tests/test_parallel.py"],
    "lcii_graph/analysis/structural_holes.py": ["tests/test_structural_holes.py",
                                                "tests/test_triangles.py",
                                                "tests/test_reference_networks.py"],
    "lcii_graph/analysis/brokerage.py": ["tests/test_metrics_units.py",
                                         "tests/test_triangles.py",
                                         "tests/test_reference_networks.py"],
    # The four levels' rows and figures: each a measure of its own node, sector or
    # community.
    "lcii_graph/analysis/metrics.py": ["tests/test_metric_levels.py",
                                       "tests/test_metrics_units.py",
                                       "tests/test_reference_networks.py",
                                       "tests/test_analysis_cli.py",
                                       "tests/test_directed.py"],
    # Core and periphery, and the edge ends it and closeness read from the arrays.
    "lcii_graph/analysis/core_periphery.py": ["tests/test_metrics_units.py"],
    "lcii_graph/analysis/_igraph.py": ["tests/test_metrics_units.py",
                                       "tests/test_distances.py"],
    # Degree, betweenness, closeness and eigenvector centrality, and Freeman
    # centralization: exact or sampled by the work, summed from two halves.
    "lcii_graph/analysis/centrality.py": ["tests/test_centrality.py",
                                          "tests/test_metrics_units.py",
                                          "tests/test_reference_networks.py",
                                          "tests/test_metric_levels.py",
                                          "tests/test_parallel.py", "tests/test_cache.py",
                                          "tests/test_distances.py"],
    # Seeded communities (igraph's multilevel), their modularity and dominant sector.
    "lcii_graph/analysis/communities.py": ["tests/test_metrics_units.py",
                                           "tests/test_reference_networks.py",
                                           "tests/test_metric_levels.py",
                                           "tests/test_cache.py", "tests/test_parallel.py"],
    # What changed between two states of the network.
    "lcii_graph/analysis/diff.py": ["tests/test_change_over_time.py"],
    # Cut points, bridges, and whom each cut point cuts off.
    "lcii_graph/analysis/cuts.py": ["tests/test_metrics_units.py", "tests/test_rules.py"],
    # What is lost if an organization or a person leaves.
    "lcii_graph/analysis/whatif.py": ["tests/test_whatif.py", "tests/test_analysis_cli.py",
                                      "tests/test_currency.py"],
    # Closeness's searches, 64 sources at a time.
    "lcii_graph/analysis/distances.py": ["tests/test_distances.py"],
    # What is kept from one command to the next, and when.
    "lcii_graph/analysis/cache.py": ["tests/test_cache.py"],
    # Long JSON lists: in two parts, the second half encoded in a forked child.
    "lcii_graph/export/jsontext.py": ["tests/test_jsontext.py", "tests/test_outputs.py"],
    # The streamed .xlsx writer: every cell as openpyxl reads it back.
    "lcii_graph/export/workbook.py": ["tests/test_workbook.py"],
    "lcii_graph/store/staging.py": ["tests/test_staging.py"],
    # The stakeholder register: Mendelow's grid, salience, engagement, contacts.
    "lcii_graph/analysis/stakeholders.py": ["tests/test_stakeholders.py"],
    # What the gap rules read, gathered once; and the rules run and kept.
    "lcii_graph/analysis/context.py": ["tests/test_rules.py", "tests/test_rule_boundaries.py"],
    "lcii_graph/analysis/gaps.py": ["tests/test_rules.py", "tests/test_cache.py",
                                    "tests/test_parallel.py", "tests/test_docs.py"],
    # The rule settings file: every key checked, every refusal named.
    "lcii_graph/analysis/config.py": ["tests/test_rules.py", "tests/test_analysis_cli.py",
                                      "tests/test_adversarial.py", "tests/test_stakeholders.py"],
    # Rows out: formula-safe cells, XML-safe text, CSV, JSON and the aligned tables.
    "lcii_graph/export/tables.py": ["tests/test_tables.py", "tests/test_outputs.py",
                                    "tests/test_rules.py", "tests/test_adversarial.py"],
}

_COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
            ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
            ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BINARY = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
           ast.FloorDiv: ast.Div, ast.Mod: ast.Mult, ast.Pow: ast.Mult,
           ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr}
_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
           ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
           ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
           ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**", ast.And: "and", ast.Or: "or",
           ast.BitOr: "|", ast.BitAnd: "&"}


@dataclass(frozen=True)
class Mutant:
    path: str
    index: int  # the index-th mutation site of the file, in walk order
    line: int
    what: str


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (never mutated, never counted)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value,
                                                                      ast.Constant):
                found.add(id(body[0].value))
    return found


#: Keyword arguments and helper functions that only word a message: a mutant inside them
#: changes what a finding says, not what it finds (the issue counts those apart).
WORDING_KEYWORDS = {"message", "suggestion"}
WORDING_FUNCTIONS = {"_join", "_number", "_plural"}


def _wording(tree: ast.AST) -> set[int]:
    """ids of the nodes inside an f-string, a message or suggestion argument, a wording
    helper, or a type annotation (never evaluated: ``from __future__ import annotations``)."""
    roots = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            roots.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
            roots.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
        if isinstance(node, ast.JoinedStr):
            roots.append(node)
        elif isinstance(node, ast.keyword) and node.arg in WORDING_KEYWORDS:
            roots.append(node.value)
        elif isinstance(node, ast.FunctionDef) and node.name in WORDING_FUNCTIONS:
            roots.append(node)
    return {id(inner) for root in roots for inner in ast.walk(root)}


def _sites(tree: ast.AST) -> list[tuple[ast.AST, str, object]]:
    """Every mutation site: (node, description, how to apply it)."""
    skip = _docstrings(tree) | _wording(tree)
    sites: list[tuple[ast.AST, str, object]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in _COMPARE:
                    new = _COMPARE[type(op)]
                    sites.append((node, f"{_SYMBOL[type(op)]} -> {_SYMBOL[new]}",
                                  ("compare", k, new)))
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            new = _BINARY[type(node.op)]
            sites.append((node, f"{_SYMBOL[type(node.op)]} -> {_SYMBOL[new]}", ("binop", new)))
        elif isinstance(node, ast.AugAssign):
            sites.append((node, f"{_SYMBOL.get(type(node.op), '?')}= -> =", ("assign",)))
        elif isinstance(node, ast.BoolOp):
            new = ast.Or if isinstance(node.op, ast.And) else ast.And
            sites.append((node, f"{_SYMBOL[type(node.op)]} -> {_SYMBOL[new]}", ("boolop", new)))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            sites.append((node, "not x -> x", ("unnot",)))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            sites.append((node, "-x -> x", ("unnot",)))
        elif isinstance(node, ast.Continue):
            sites.append((node, "continue -> break", ("swap", ast.Break)))
        elif isinstance(node, ast.Break):
            sites.append((node, "break -> continue", ("swap", ast.Continue)))
        elif isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                sites.append((node, f"{value} -> {not value}", ("const", not value)))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                new = value + 1 if value != 1 else 0
                sites.append((node, f"{value!r} -> {new!r}", ("const", new)))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2 and \
                not isinstance(getattr(node, "ctx", None), ast.Store) and \
                all(isinstance(e, ast.Constant) and isinstance(e.value, str)
                    for e in node.elts):
            for k, element in enumerate(node.elts):
                sites.append((node, f"{element.value!r} left out", ("drop", k)))
    return sites


def _apply(node: ast.AST, how: tuple) -> ast.AST | None:
    """Mutate ``node`` in place, or return the node that replaces it."""
    kind = how[0]
    if kind == "compare":
        node.ops[how[1]] = how[2]()
    elif kind == "binop":
        node.op = how[1]()
    elif kind == "assign":
        return ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno)
    elif kind == "boolop":
        node.op = how[1]()
    elif kind == "unnot":
        return node.operand
    elif kind == "swap":
        return how[1]()
    elif kind == "const":
        node.value = how[1]
    elif kind == "drop":
        del node.elts[how[1]]
    return None


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST):
        self.target, self.replacement = target, replacement

    def visit(self, node):
        if node is self.target:
            return self.replacement
        return super().visit(node)


def mutants(path: str) -> list[Mutant]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return [Mutant(path, i, getattr(node, "lineno", 0), what)
            for i, (node, what, _) in enumerate(_sites(tree))]


def mutated_source(mutant: Mutant) -> str:
    tree = ast.parse((ROOT / mutant.path).read_text(encoding="utf-8"))
    node, _, how = _sites(tree)[mutant.index]
    replacement = _apply(node, how)
    if replacement is not None:
        tree = _Replace(node, ast.copy_location(replacement, node)).visit(tree)
    return ast.unparse(ast.fix_missing_locations(tree))


def _copy_project(into: Path) -> None:
    """The project's tracked files (what a fresh clone holds), and ``../shared`` linked."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, into / name)
    shared, link = ROOT.parent / "shared", into.parent / "shared"
    if shared.exists() and not link.exists():  # the reference tests read ../shared
        os.symlink(shared, link, target_is_directory=True)


def _run_tests(workdir: Path, tests: list[str], timeout: float) -> str:
    env = {**os.environ, "PYTHONPATH": str(workdir), "PYTHONDONTWRITEBYTECODE": "1",
           "LCII_CACHE": "off"}
    env.pop("LCII_TEST_NEO4J_URI", None)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
             "-p", "no:randomly", *tests], cwd=workdir, env=env, capture_output=True,
            timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if result.returncode == 0 else "killed"


def _worker(batch: list[Mutant], timeout: float) -> list[tuple[Mutant, str]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="lcii-mutate-") as tmp:
        workdir = Path(tmp) / "project"
        workdir.mkdir()
        _copy_project(workdir)
        for mutant in batch:
            target = workdir / mutant.path
            original = target.read_text(encoding="utf-8")
            target.write_text(mutated_source(mutant), encoding="utf-8")
            try:
                results.append((mutant, _run_tests(workdir, _tests_for(mutant.path),
                                                   timeout)))
            finally:
                target.write_text(original, encoding="utf-8")
    return results


def _tests_for(path: str) -> list[str]:
    for target, tests in TARGETS.items():
        if path == target or path.startswith(target + "/"):
            return [t for t in tests if (ROOT / t).exists()]
    raise SystemExit(f"{path}: not a mutation target (see TARGETS in tools/mutate.py)")


def _files(targets: list[str]) -> list[str]:
    files = []
    for target in targets:
        full = ROOT / target
        if full.is_dir():
            files += sorted(str(p.relative_to(ROOT)) for p in full.glob("*.py"))
        else:
            files.append(target)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", default=list(TARGETS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="list the mutants; run nothing")
    parser.add_argument("--fail-under", type=float, default=0.0, metavar="PERCENT")
    args = parser.parse_args(argv)
    every = [m for path in _files(args.targets) for m in mutants(path)]
    if args.list:
        for m in every:
            print(f"{m.path}:{m.line}: {m.what}")
        print(f"{len(every)} mutants")
        return 0
    # A baseline run of each target's tests, unmutated, sets the time limit per mutant.
    with tempfile.TemporaryDirectory(prefix="lcii-mutate-") as tmp:
        workdir = Path(tmp) / "project"
        workdir.mkdir()
        _copy_project(workdir)
        started = time.monotonic()
        for tests in {tuple(_tests_for(p)) for p in _files(args.targets)}:
            if _run_tests(workdir, list(tests), 600) != "survived":
                print(f"the tests {' '.join(tests)} fail without any mutant: fix them first")
                return 2
        timeout = max(60.0, 10 * (time.monotonic() - started))
    batches = [every[k::args.jobs] for k in range(args.jobs)]
    results: list[tuple[Mutant, str]] = []
    with concurrent.futures.ProcessPoolExecutor(args.jobs) as pool:
        for done in pool.map(_worker, batches, [timeout] * len(batches)):
            results += done
    results.sort(key=lambda r: (r[0].path, r[0].line, r[0].index))
    failing = False
    by_file: dict[str, list[str]] = {}
    for mutant, outcome in results:
        by_file.setdefault(mutant.path, []).append(outcome)
        if outcome == "survived":
            print(f"survived  {mutant.path}:{mutant.line}: {mutant.what}")
    print()
    for path, outcomes in by_file.items():
        killed = sum(o != "survived" for o in outcomes)
        score = 100 * killed / len(outcomes)
        failing |= score < args.fail_under
        print(f"{path}: {killed} of {len(outcomes)} mutants killed ({score:.0f}%)")
    total = len(results)
    killed = sum(o != "survived" for _, o in results)
    print(f"all: {killed} of {total} killed ({100 * killed / max(total, 1):.0f}%)")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

