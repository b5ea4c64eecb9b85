"""A real Neo4j 5 Community server for the tests, from tools/neo4j/.

``make test`` runs the suite through this module::

    python -m tests.neo4j_server -- python -m pytest

which starts the server (when Java and the jars fetched by ``make neo4j`` are there),
exports ``LCII_TEST_NEO4J_URI``, ``NEO4J_USERNAME`` and ``NEO4J_PASSWORD`` to the
command, and stops the server whether the command passes or fails. Where the server
cannot be had, the command runs without it and ``LCII_NEO4J_SKIP_REASON`` says why, so
the live tests skip with that reason. Tests that must stop and restart a server (the
fault scenarios) start their own with :func:`start`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools" / "neo4j"
CLASSPATH = TOOLS / "classpath.txt"
CLASSES = TOOLS / "classes"
SHELL_CLASSPATH = TOOLS / "shell" / "classpath.txt"
READY_WITHIN = 120  # seconds; a cold JVM on a busy 2-core machine takes 5-15


def unavailable() -> str | None:
    """Why no server can be started here, or None when one can."""
    if shutil.which("java") is None:
        return "java not found: install a JDK 17+ and Maven, then run make test"
    if not CLASSPATH.is_file() or not (CLASSES / "Neo4jLauncher.class").is_file():
        return ("the Neo4j jars are not fetched: run make neo4j (needs java, javac and mvn; "
                "make test runs it)")
    return None


@dataclass
class Server:
    """A running launcher process."""

    process: subprocess.Popen
    uri: str
    password: str
    data: Path
    owns_data: bool
    log: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1])

    def env(self) -> dict[str, str]:
        return {"LCII_TEST_NEO4J_URI": self.uri, "NEO4J_USERNAME": "neo4j",
                "NEO4J_PASSWORD": self.password}

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would; the data stays."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)

    def stop(self, *, keep_data: bool = False) -> None:
        """Shut down cleanly (SIGTERM, then SIGKILL after 60 s); remove the data folder
        if this helper made it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.owns_data and not keep_data:
            shutil.rmtree(self.data, ignore_errors=True)


def start(data: Path | None = None, *, password: str | None = None, port: int | None = None,
          heap: str = "1g", pagecache: str = "256m", tx_memory: str | None = None) -> Server:
    """Start a server on 127.0.0.1 and return once it accepts Bolt connections."""
    reason = unavailable()
    if reason:
        raise RuntimeError(reason)
    owns = data is None
    data = Path(data or tempfile.mkdtemp(prefix="lcii-neo4j-"))
    password = password or "test-" + secrets.token_hex(8)
    command = ["java", f"-Xmx{heap}", "-XX:+UseSerialGC",
               "-cp", f"{CLASSES}{os.pathsep}{CLASSPATH.read_text().strip()}",
               "Neo4jLauncher", "--data", str(data), "--pagecache", pagecache]
    if port:
        command += ["--port", str(port)]
    if tx_memory:
        command += ["--tx-memory", tx_memory]
    env = {**os.environ, "NEO4J_PASSWORD": password}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=env, text=True, start_new_session=True)
    lines: list[str] = []
    ready = threading.Event()
    uri: list[str] = []

    def read():
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("ready "):
                uri.append("neo4j://" + line.split("://", 1)[1].strip())
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + READY_WITHIN
    while not ready.wait(0.2):
        if time.monotonic() > deadline:
            process.kill()
            break
    if not uri:
        process.kill()
        process.wait(30)
        if owns:
            shutil.rmtree(data, ignore_errors=True)
        raise RuntimeError("the Neo4j server did not start:\n" + "\n".join(lines[-20:]))
    return Server(process, uri[0], password, data, owns, lines)


def cypher_shell(uri: str, password: str, script: Path, *, database: str | None = None,
                 timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a Cypher script with Neo4j's own cypher-shell (``-f``), as a user would; the
    password travels in the environment, as cypher-shell reads it."""
    if not SHELL_CLASSPATH.is_file():
        raise RuntimeError("cypher-shell is not fetched: run make neo4j")
    command = ["java", "-Xmx512m", "-cp", SHELL_CLASSPATH.read_text().strip(),
               "org.neo4j.shell.Main", "-a", uri, "-u", "neo4j", "--non-interactive",
               "--fail-fast", "-f", str(script)]
    if database:
        command += ["-d", database]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NEO4J_PASSWORD": password})


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: python -m tests.neo4j_server -- COMMAND...", file=sys.stderr)
        return 2
    if os.environ.get("LCII_TEST_NEO4J_URI"):
        return subprocess.call(argv)  # the user brought a server
    reason = unavailable()
    server = None
    if reason is None:
        try:
            began = time.monotonic()
            server = start()
            print(f"Neo4j 5 test server ready at {server.uri} "
                  f"({time.monotonic() - began:.1f} s)", flush=True)
        except RuntimeError as exc:
            reason = f"the Neo4j test server did not start: {str(exc).splitlines()[-1]}"
    env = dict(os.environ)
    if server:
        env.update(server.env())
    else:
        print(f"No Neo4j for the live tests: {reason}", flush=True)
        env["LCII_NEO4J_SKIP_REASON"] = reason
    try:
        return subprocess.call(argv, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        if server:
            server.stop()
            print("Neo4j 5 test server stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
