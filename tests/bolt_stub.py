"""A scripted Bolt 5.3 server on loopback, for running the real neo4j driver end to end.

It is not a database: it speaks the wire protocol (handshake, HELLO/LOGON, ROUTE,
BEGIN/RUN/PULL/COMMIT) and answers each RUN from a Python ``handler(query, parameters)``
that the test supplies, recording every message with the role of the listener it came
to (``router``, ``reader``, ``writer``). The routing table it hands out sends reads and
writes to different listeners, so a test sees where the driver routed each query.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
from dataclasses import dataclass, field

VERSION = b"\x00\x00\x03\x05"  # Bolt 5.3: LOGON, no TELEMETRY
MAGIC = b"\x60\x60\xb0\x17"
SIGNATURES = {0x01: "HELLO", 0x6A: "LOGON", 0x6B: "LOGOFF", 0x66: "ROUTE", 0x11: "BEGIN",
              0x10: "RUN", 0x3F: "PULL", 0x2F: "DISCARD", 0x12: "COMMIT",
              0x13: "ROLLBACK", 0x0F: "RESET", 0x02: "GOODBYE", 0x54: "TELEMETRY"}


# -- PackStream ----------------------------------------------------------------------------
def pack(value) -> bytes:
    if value is None:
        return b"\xc0"
    if value is True:
        return b"\xc3"
    if value is False:
        return b"\xc2"
    if isinstance(value, int):
        if -16 <= value <= 127:
            return struct.pack(">b", value)
        return b"\xcb" + struct.pack(">q", value)
    if isinstance(value, float):
        return b"\xc1" + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _sized(len(data), 0x80, b"\xd0", b"\xd1", b"\xd2") + data
    if isinstance(value, (list, tuple)):
        return _sized(len(value), 0x90, b"\xd4", b"\xd5", b"\xd6") + b"".join(
            pack(v) for v in value)
    if isinstance(value, dict):
        return _sized(len(value), 0xA0, b"\xd8", b"\xd9", b"\xda") + b"".join(
            pack(k) + pack(v) for k, v in value.items())
    raise TypeError(f"cannot pack {type(value).__name__}")


def _sized(n: int, tiny: int, m8: bytes, m16: bytes, m32: bytes) -> bytes:
    if n < 16:
        return bytes([tiny + n])
    if n < 256:
        return m8 + struct.pack(">B", n)
    if n < 65536:
        return m16 + struct.pack(">H", n)
    return m32 + struct.pack(">I", n)


def unpack(data: bytes, at: int = 0):
    """``(value, next offset)``; a structure comes back as ``(signature, fields)``."""
    marker = data[at]
    at += 1
    if marker < 0x80:
        return marker, at
    if marker >= 0xF0:
        return marker - 0x100, at
    high, low = marker & 0xF0, marker & 0x0F
    if high in (0x80, 0x90, 0xA0, 0xB0):
        return _items(data, at, high, low)
    sizes = {0xD0: (">B", 0x80), 0xD1: (">H", 0x80), 0xD2: (">I", 0x80),
             0xD4: (">B", 0x90), 0xD5: (">H", 0x90), 0xD6: (">I", 0x90),
             0xD8: (">B", 0xA0), 0xD9: (">H", 0xA0), 0xDA: (">I", 0xA0)}
    if marker in sizes:
        fmt, kind = sizes[marker]
        n = struct.unpack_from(fmt, data, at)[0]
        return _items(data, at + struct.calcsize(fmt), kind, n)
    fixed = {0xC0: None, 0xC2: False, 0xC3: True}
    if marker in fixed:
        return fixed[marker], at
    numbers = {0xC1: ">d", 0xC8: ">b", 0xC9: ">h", 0xCA: ">i", 0xCB: ">q"}
    fmt = numbers[marker]
    return struct.unpack_from(fmt, data, at)[0], at + struct.calcsize(fmt)


def _items(data: bytes, at: int, kind: int, n: int):
    if kind == 0x80:
        return data[at:at + n].decode("utf-8"), at + n
    if kind == 0x90:
        out = []
        for _ in range(n):
            value, at = unpack(data, at)
            out.append(value)
        return out, at
    if kind == 0xA0:
        out = {}
        for _ in range(n):
            key, at = unpack(data, at)
            out[key], at = unpack(data, at)
        return out, at
    signature = data[at]
    at += 1
    fields = []
    for _ in range(n):
        value, at = unpack(data, at)
        fields.append(value)
    return (signature, fields), at


def message(signature: int, *fields) -> bytes:
    body = bytes([0xB0 + len(fields), signature]) + b"".join(pack(f) for f in fields)
    chunks = b"".join(struct.pack(">H", len(body[k:k + 65535])) + body[k:k + 65535]
                      for k in range(0, len(body), 65535))
    return chunks + b"\x00\x00"


def success(metadata: dict | None = None) -> bytes:
    return message(0x70, metadata or {})


def record(values: list) -> bytes:
    return message(0x71, values)


class Failure(Exception):  # noqa: N818 - the Bolt message's name
    """Raised by a handler (or on a wrong password): the server answers with FAILURE
    ``code`` and ignores what follows until RESET, as Neo4j does."""

    def __init__(self, code: str, text: str = "refused by the stub"):
        super().__init__(code)
        self.code, self.text = code, text


# -- the server ------------------------------------------------------------------------------
@dataclass
class Seen:
    role: str
    name: str
    fields: list


@dataclass
class BoltStub:
    """Start with ``with BoltStub(handler) as stub:``; ``stub.uri`` is the router's
    ``neo4j://`` address, ``stub.seen`` every message received."""

    handler: object
    seen: list = field(default_factory=list)
    #: When set, LOGON with another password fails as Neo4j's does.
    password: str | None = None

    def __enter__(self):
        self.lock = threading.Lock()
        self._servers = {}
        for role in ("router", "reader", "writer"):
            server = _Server(("127.0.0.1", 0), _Connection)
            server.stub, server.role = self, role
            self._servers[role] = server
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                             daemon=True).start()
        self.ports = {role: s.server_address[1] for role, s in self._servers.items()}
        self.uri = f"neo4j://127.0.0.1:{self.ports['router']}"
        return self

    def __exit__(self, *exc):
        for server in self._servers.values():
            server.shutdown()
            server.server_close()

    def routing_table(self, db: str | None) -> dict:
        def at(role):
            return [f"127.0.0.1:{self.ports[role]}"]

        return {"rt": {"ttl": 300, "db": db or "neo4j", "servers": [
            {"addresses": at("router"), "role": "ROUTE"},
            {"addresses": at("reader"), "role": "READ"},
            {"addresses": at("writer"), "role": "WRITE"}]}}

    def of(self, name: str, role: str | None = None) -> list[Seen]:
        return [s for s in self.seen if s.name == name and role in (None, s.role)]


class _Cursor:
    """The records of a RUN, handed out PULL by PULL."""

    def __init__(self, rows: list):
        self.rows, self.at = rows, 0

    def take(self, n: int) -> list:
        end = len(self.rows) if n < 0 else self.at + n
        batch, self.at = self.rows[self.at:end], min(end, len(self.rows))
        return batch

    def left(self) -> bool:
        return self.at < len(self.rows)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Connection(socketserver.BaseRequestHandler):
    def handle(self):
        sock: socket.socket = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms stalls
        stub: BoltStub = self.server.stub
        role = self.server.role
        if self._read(sock, 20)[:4] != MAGIC:
            return
        sock.sendall(VERSION)
        pending = _Cursor([])  # records of the last RUN not yet pulled
        failed = False  # after a FAILURE, Bolt ignores everything until RESET
        while True:
            data = self._message(sock)
            if data is None:
                return
            (signature, fields), _ = unpack(data)
            name = SIGNATURES.get(signature, hex(signature))
            with stub.lock:
                stub.seen.append(Seen(role, name, fields))
            if name == "GOODBYE":
                return
            if failed and name != "RESET":
                sock.sendall(message(0x7E))  # IGNORED
                continue
            failed = False
            try:
                reply = self._reply(stub, name, fields, pending)
            except Failure as refused:
                failed, pending = True, _Cursor([])
                reply = message(0x7F, {"code": refused.code, "message": refused.text})
            if isinstance(reply, tuple):
                reply, pending = reply
            sock.sendall(reply)

    @staticmethod
    def _reply(stub: BoltStub, name: str, fields: list, pending: _Cursor):
        """The answer to one message (with the records left to pull, after RUN/PULL)."""
        if name == "LOGON" and stub.password is not None and \
                fields[0].get("credentials") != stub.password:
            raise Failure("Neo.ClientError.Security.Unauthorized",
                          "The client is unauthorized due to authentication failure.")
        if name == "HELLO":
            return success({"server": "Neo4j/5.26.0", "connection_id": "bolt-stub"})
        if name == "ROUTE":
            return success(stub.routing_table(fields[2].get("db")))
        if name == "RUN":
            columns, rows = stub.handler(fields[0], fields[1])
            return success({"fields": columns, "t_first": 0}), _Cursor(rows)
        if name == "PULL":
            n = fields[0].get("n", -1)
            batch = pending.take(n)
            # A record may come already encoded (bytes), as the benchmark sends them.
            return b"".join(r if isinstance(r, bytes) else record(r) for r in batch) + \
                success({"has_more": True} if pending.left() else
                        {"t_last": 0, "type": "rw"}), pending
        if name == "COMMIT":
            return success({"bookmark": "stub:1"})
        return success()

    @staticmethod
    def _read(sock, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                return b""
            data += chunk
        return data

    def _message(self, sock) -> bytes | None:
        body = b""
        while True:
            head = self._read(sock, 2)
            if len(head) < 2:
                return None
            size = struct.unpack(">H", head)[0]
            if size == 0:
                if body:
                    return body
                continue  # a NOOP chunk
            body += self._read(sock, size)
