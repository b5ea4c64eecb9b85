"""Faults as a user meets them, on a real Neo4j 5 server that the tests start, kill and
restart themselves (tests/neo4j_server.py): a wrong password, a stopped server, a server
that dies in the middle of a push, two pushes at once and a `gaps` during a push.

Each case asserts the message (one line, no traceback, no password), the exit code and
what the database holds afterwards. The commands run as processes, as a user runs them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lcii_graph import import_workbook

from .conftest import dump
from .neo4j_server import start, unavailable

# These tests kill and restart a server, so they start their own (a server the user
# brought with LCII_TEST_NEO4J_URI is left alone).
pytestmark = pytest.mark.skipif(bool(unavailable()), reason=f"no live Neo4j: these tests "
                                f"start their own server, and {unavailable()}")


def lcii(server, *args, password=None, timeout=300):
    """Run the command line as a process against the server."""
    env = {**os.environ, "NEO4J_USERNAME": "neo4j",
           "NEO4J_PASSWORD": password or server.password}
    env.pop("LCII_STORE", None)
    return subprocess.run([sys.executable, "-m", "lcii_graph", "--store", server.uri, *args],
                          capture_output=True, text=True, env=env, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def lcii_background(server, *args):
    env = {**os.environ, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": server.password}
    return subprocess.Popen([sys.executable, "-m", "lcii_graph", "-q", "--store", server.uri,
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, stdin=subprocess.DEVNULL)


def one_line_error(result, code):
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def count_nodes(server) -> int:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=("neo4j", server.password)) as driver:
        records, _, _ = driver.execute_query("MATCH (n) WHERE NOT n:Snapshot RETURN count(n) "
                                             "AS n", database_="neo4j")
        return records[0]["n"]


def pushing(server) -> bool:
    """Whether a write transaction of a push is running on the server now."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=("neo4j", server.password)) as driver:
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery, status "
            "WHERE currentQuery CONTAINS 'MERGE' AND NOT currentQuery STARTS WITH 'SHOW' "
            "RETURN count(*) AS n",
            database_="neo4j")
        return records[0]["n"] > 0


def wait_for(condition, limit=120.0, step=0.25):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@pytest.fixture(scope="module")
def medium(tmp_path_factory):
    """An SQLite store of the benchmark generator's 1,500 organizations (~17,000 rows):
    large enough that a push takes seconds."""
    from benchmarks.generate import generate

    folder = tmp_path_factory.mktemp("medium")
    generate(1_500, folder / "book")
    db = folder / "medium.db"
    import_workbook(folder / "book", str(db))
    return db


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("faults-data")
    running = start(data, heap="1g")
    yield running
    running.stop()


def restart(server):
    """Start the same database again on the same port, after a kill or a stop."""
    server.kill()
    again = start(server.data, password=server.password, port=server.port, heap="1g")
    server.process, server.log = again.process, again.log
    return server


def empty(server):
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=("neo4j", server.password)) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")


def test_a_wrong_password(server, medium):
    result = lcii(server, "neo4j", "push", "--from", str(medium),
                  password="not-the-password-123")
    message = one_line_error(result, 5)
    assert message == (f"Error: {server.uri}: authentication failed; check NEO4J_USERNAME "
                       "and NEO4J_PASSWORD")
    assert "not-the-password-123" not in result.stderr + result.stdout
    assert count_nodes(server) == 0


def test_a_stopped_server(server):
    server.stop(keep_data=True)
    try:
        result = lcii(server, "stats")
        message = one_line_error(result, 5)
        assert message == (f"Error: {server.uri}: the Neo4j server cannot be reached; is it "
                           "running, and is the address right?")
    finally:
        restart(server)


def killed_during(server, when, *args) -> subprocess.CompletedProcess:
    """Run the command in the background, kill the server once ``when()`` holds, and
    return how the command ended."""
    push = lcii_background(server, *args)
    try:
        assert wait_for(when), "the server was never seen at work"
        server.kill()
        out, err = push.communicate(timeout=300)
    finally:
        push.kill()
    return subprocess.CompletedProcess(push.args, push.returncode, out, err)


def test_a_server_dying_in_a_single_transaction_push_leaves_nothing(server, medium):
    empty(server)

    def writing_for_a_moment() -> bool:
        if not pushing(server):
            return False
        time.sleep(0.5)  # well inside the transaction, which takes seconds
        return True

    result = killed_during(server, writing_for_a_moment, "neo4j", "push", "--from",
                           str(medium))
    message = one_line_error(result, 5)
    assert message == (f"Error: {server.uri}: the connection to the Neo4j server was lost; "
                       "nothing was written"), message
    restart(server)
    assert count_nodes(server) == 0  # the transaction never committed: nothing half-written


def test_a_server_dying_in_a_per_batch_push_is_finished_by_running_it_again(server, medium,
                                                                            tmp_path):
    empty(server)
    result = killed_during(server, lambda: count_nodes(server) >= 1_000, "--batch-size",
                           "500", "neo4j", "push", "--from", str(medium),
                           "--commit-every-batch")
    message = one_line_error(result, 5)
    assert "batches were committed" in message, message
    assert message.endswith("run the same command again to finish (it is idempotent)")
    restart(server)
    partial = count_nodes(server)
    assert partial >= 1_000
    again = lcii(server, "-q", "--batch-size", "500", "neo4j", "push", "--from",
                 str(medium), "--commit-every-batch")
    assert again.returncode == 0, again.stderr
    assert partial < count_nodes(server)  # the first push had stopped part-way
    pulled = tmp_path / "pulled.db"
    assert lcii(server, "-q", "neo4j", "pull", "--into", str(pulled)).returncode == 0
    assert dump(pulled) == dump(medium)


def _renamed(source: Path, target: Path) -> Path:
    """A copy of a store with every organization renamed: a second writer's data."""
    target.write_bytes(source.read_bytes())
    conn = sqlite3.connect(target)
    with conn:
        conn.execute("UPDATE organizations SET name = name || ' (B)'")
    conn.close()
    return target


def test_two_pushes_at_once_and_gaps_during_a_push(server, medium, tmp_path):
    empty(server)
    other = _renamed(medium, tmp_path / "b.db")
    first = lcii(server, "-q", "neo4j", "push", "--from", str(medium))
    assert first.returncode == 0, first.stderr
    before = lcii(server, "-q", "gaps", "--json")
    assert before.returncode == 0, before.stderr
    pushes = [lcii_background(server, "neo4j", "push", "--from", str(db))
              for db in (medium, other)]
    readings = []
    try:
        while any(p.poll() is None for p in pushes):
            readings.append(lcii(server, "-q", "gaps", "--json"))
        results = [p.communicate(timeout=300) + (p.returncode,) for p in pushes]
    finally:
        for p in pushes:
            p.kill()
    for _out, err, code in results:
        assert code == 0 and "Traceback" not in err, err
    assert readings, "gaps never ran during the pushes"
    for reading in readings:
        assert reading.returncode == 0, reading.stderr
        assert "Traceback" not in reading.stderr
        json.loads(reading.stdout)
    pulled = tmp_path / "pulled.db"
    assert lcii(server, "-q", "neo4j", "pull", "--into", str(pulled)).returncode == 0
    assert dump(pulled) in (dump(medium), dump(other))  # one serial order or the other
