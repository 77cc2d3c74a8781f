"""Faults between a device and a `kring-server` process: the server killed mid-push and mid-pull,
nothing listening, a connection dropped after N bytes, a server slower than the client's timeout.

Each time the client reports what a facilitator can act on, keeps its data, and the next sync
completes and converges. The faults come from SIGKILL and from a small TCP proxy on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from app.services import communities, export, member_io, members, server_sync
from app.services.workspace import Workspace
from app.store import replica
from app.sync import changeset, engine
from app.sync.http import HttpTransport, ServerError
from app.sync.transport import TransportError
from server.storage import open_storage
from tests.server.conftest import Admin
from tests.server.pg import free_port
from tests.server.test_mixed import ServerProcess

UNREACHABLE = "Can't reach the server — your changes are safe and will be sent later."
TOO_SLOW = "The server is not answering in time — your changes are safe and will be sent later."
UP, DOWN = "up", "down"  # device to server, server to device


class Proxy:
    """A TCP proxy on 127.0.0.1 in front of the server, misbehaving on request.

    `cut = (direction, n)`: every connection is closed once n bytes passed in that direction.
    `hold = (direction, n)`: after n bytes in that direction (all connections together),
    nothing more is forwarded and `held` is set: the moment to kill the server mid-request.
    `delay`: seconds before each piece of an answer is passed on.
    """

    def __init__(self, upstream_port: int, port: int = 0) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", port))  # SO_REUSEADDR: a port again
        self.listener.settimeout(0.2)  # so that the accept loop notices `close`
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.cut: tuple[str, int] | None = None
        self.hold: tuple[str, int] | None = None
        self.delay = 0.0
        self.held = threading.Event()
        self.closed = threading.Event()
        self._passed = {UP: 0, DOWN: 0}
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    def close(self) -> None:
        """Stop listening and drop every connection (the client sees them reset)."""
        self.closed.set()
        with self._lock:
            sockets = [self.listener, *self._sockets]
        for sock in sockets:
            _drop(sock)
        for thread in self._threads:
            thread.join(10)

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            client.settimeout(None)
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                _drop(client)  # the server is down: the client sees its connection dropped
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
                for src, dst, direction in ((client, upstream, UP), (upstream, client, DOWN)):
                    thread = threading.Thread(
                        target=self._pump, args=(src, dst, direction), daemon=True
                    )
                    self._threads.append(thread)
                    thread.start()

    def _pump(self, src: socket.socket, dst: socket.socket, direction: str) -> None:
        on_this_connection = 0
        # A socket closed by the other side, by the other pump or by `close` ends the pump.
        with contextlib.suppress(OSError):
            while not self.closed.is_set():
                chunk = src.recv(65536)
                if not chunk:
                    break
                if self.delay and direction == DOWN and self.closed.wait(self.delay):
                    break
                if self.cut and self.cut[0] == direction:
                    left = self.cut[1] - on_this_connection
                    if len(chunk) >= left:
                        dst.sendall(chunk[:left])
                        break
                allowed = self._allow(direction, len(chunk))
                dst.sendall(chunk[:allowed])
                on_this_connection += allowed
                if allowed < len(chunk):
                    self.held.set()
                    self.closed.wait(60)  # until the test has killed the server
                    break
        _drop(src)
        _drop(dst)

    def passed(self, direction: str) -> int:
        """Bytes passed so far in a direction, all connections together."""
        with self._lock:
            return self._passed[direction]

    def _allow(self, direction: str, size: int) -> int:
        """How much of the next `size` bytes may pass before the hold point."""
        with self._lock:
            before = self._passed[direction]
            if self.hold and self.hold[0] == direction:
                size = max(0, min(size, self.hold[1] - before))
            self._passed[direction] = before + size
        return size


def _drop(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: fine
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv/accept on it
    sock.close()


def kill_when_held(proxy: Proxy, server: ServerProcess) -> threading.Thread:
    """In the background: once the proxy holds a request, SIGKILL the server, drop the proxy."""

    def run() -> None:
        deadline = time.monotonic() + 60
        while not proxy.closed.is_set() and time.monotonic() < deadline:
            if proxy.held.wait(0.1):
                server.kill()
                break
        proxy.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def replicas(tmp_path):
    opened = []

    def make(name: str) -> Workspace:
        ws = Workspace.open(tmp_path / name, daily_backup=False)
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture
def server(tmp_path):
    """A server of this test's own, to kill."""
    started = ServerProcess(f"sqlite:///{tmp_path / 'server.sqlite'}", tmp_path / "server.log")
    yield started.start()
    started.stop()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for the tests that leave it running (each uses a community of its own)."""
    root = tmp_path_factory.mktemp("server")
    started = ServerProcess(f"sqlite:///{root / 'server.sqlite'}", root / "server.log")
    yield started.start()
    started.stop()


@pytest.fixture
def proxies():
    """Proxies in front of a server; given a port, one that takes over a closed one's address
    (a device syncs with the address it joined: a new one looks like another server)."""
    made: list[Proxy] = []

    def make(server: ServerProcess, port: int = 0) -> Proxy:
        made.append(Proxy(server.port, port))
        return made[-1]

    yield make
    for proxy in made:
        proxy.close()


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The client's backoff waits, recorded instead of slept; its timeout 1 s instead of 30."""
    recorded: list[float] = []
    transport = functools.partial(HttpTransport, sleep=recorded.append, timeout=1.0)
    monkeypatch.setattr(server_sync, "HttpTransport", transport)
    return recorded


def pair(server: ServerProcess, url: str, replicas) -> tuple[Workspace, Workspace, str, str]:
    """Devices a and b of a new community, both joined to it at `url`; and its id there."""
    admin = Admin(open_storage(server.db))
    try:
        on_server = admin.community("Buurtkring")
        invites = [admin.invite(on_server), admin.invite(on_server)]
    finally:
        admin.storage.close()
    a, b = replicas("a"), replicas("b")
    community = communities.create(a, "Buurtkring").id
    members.add(a, community, "Anna", email="anna@example.nl")
    server_sync.join_server(a, url, invites[0], community)
    server_sync.join_server(b, url, invites[1])
    return a, b, community, on_server


def dump(ws: Workspace, community: str) -> str:
    return export.community_json(ws, community)


def import_members(ws: Workspace, community: str, count: int, tmp_path: Path) -> None:
    """`count` new members from a spreadsheet: `count` ops, in count/CHUNK changesets."""
    rows = "".join(f"Lid {i:05d},lid{i}@example.nl,06-{i:08d}\n" for i in range(count))
    csv = tmp_path / f"{ws.store.device_id}.csv"
    csv.write_text("name,email,phone\n" + rows, encoding="utf-8")
    member_io.import_members(ws, community, csv)


def stored_through(server: ServerProcess, on_server: str, device: str) -> int:
    """How far the server's database holds a device's changesets, read straight from it."""
    storage = open_storage(server.db)
    try:
        return storage.stored_through(on_server, device)
    finally:
        storage.close()


BIG = 2 * engine.CHUNK + 1  # three changesets


# --- the server killed ------------------------------------------------------------------


def test_a_server_killed_mid_push_keeps_what_it_stored_and_the_next_sync_resumes(
    server, proxies, replicas, tmp_path
):
    proxy = proxies(server)
    a, b, community, on_server = pair(server, proxy.url, replicas)
    sent_before = replica.last_own_seq(a.store, community)
    import_members(a, community, BIG, tmp_path)
    ops = replica.own_ops(a.store, community, after=sent_before)
    sizes = [
        len(changeset.encode(community, a.store.device_id, ops[i : i + engine.CHUNK]))
        for i in range(0, len(ops), engine.CHUNK)
    ]
    assert len(sizes) == 3
    proxy.hold = (UP, proxy.passed(UP) + sizes[0] + sizes[1] // 2)  # mid second changeset
    before = dump(a, community)
    killer = kill_when_held(proxy, server)
    with pytest.raises(TransportError) as failed:
        server_sync.sync_server(a, community)
    killer.join(60)
    assert proxy.held.is_set() and server.process.returncode == -signal.SIGKILL
    assert str(failed.value) == UNREACHABLE
    assert dump(a, community) == before
    # The first changeset was stored whole before the kill; nothing of the second.
    assert stored_through(server, on_server, a.store.device_id) == sent_before + engine.CHUNK
    server.start()  # on the same database and port
    proxies(server, proxy.port)
    resumed = server_sync.sync_server(a, community)
    assert resumed.sent == BIG - engine.CHUNK
    assert server_sync.sync_server(b, community).received == BIG
    assert dump(a, community) == dump(b, community)


def test_a_server_killed_mid_pull_applies_nothing_and_the_next_sync_converges(
    server, proxies, replicas, tmp_path
):
    proxy = proxies(server)
    a, b, community, _on_server = pair(server, proxy.url, replicas)
    import_members(a, community, BIG, tmp_path)
    assert server_sync.sync_server(a, community).sent == BIG
    members.add(b, community, "Bram", email="bram@example.nl")
    proxy.hold = (DOWN, proxy.passed(DOWN) + 64 * 1024)  # a page of changesets: ~300 kB
    before = dump(b, community)
    killer = kill_when_held(proxy, server)
    with pytest.raises(TransportError) as failed:
        server_sync.sync_server(b, community)
    killer.join(60)
    assert proxy.held.is_set() and server.process.returncode == -signal.SIGKILL
    assert str(failed.value) == UNREACHABLE
    assert dump(b, community) == before
    server.start()
    proxies(server, proxy.port)
    assert server_sync.sync_server(b, community).received == BIG
    assert server_sync.sync_server(a, community).received == 1
    assert dump(a, community) == dump(b, community)


# --- no server, a dropped connection, a slow server -------------------------------------


def test_connection_refused_is_reported_fast_and_the_next_sync_converges(shared_server, replicas):
    a, b, community, _on_server = pair(shared_server, shared_server.url, replicas)
    members.add(a, community, "Offline Olga")
    before = dump(a, community)
    nobody = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(TransportError) as failed:
        server_sync.sync_server(a, community, nobody)
    assert time.monotonic() - started < 3
    assert str(failed.value) == UNREACHABLE
    assert dump(a, community) == before
    server_sync.sync_server(a, community, shared_server.url)
    server_sync.sync_server(b, community)
    assert dump(a, community) == dump(b, community)


@pytest.mark.parametrize("direction", [UP, DOWN])
def test_a_connection_dropped_after_n_bytes_is_retried_then_reported_and_the_next_sync_converges(
    direction, shared_server, proxies, replicas, waits, tmp_path
):
    proxy = proxies(shared_server)
    a, b, community, on_server = pair(shared_server, proxy.url, replicas)
    import_members(a, community, 300, tmp_path)  # a changeset of some 10 kB
    members.add(b, community, "Bram")
    if direction == DOWN:  # b pulls what a sent
        server_sync.sync_server(a, community)
    device, other = (a, b) if direction == UP else (b, a)
    through = stored_through(shared_server, on_server, a.store.device_id)
    proxy.cut = (direction, 2048)  # past the first small request and its answer
    before = dump(device, community)
    with pytest.raises(TransportError) as failed:
        server_sync.sync_server(device, community)
    assert str(failed.value) == UNREACHABLE
    assert waits == [0.5, 1.0, 2.0]  # four attempts, backing off
    assert dump(device, community) == before
    assert stored_through(shared_server, on_server, a.store.device_id) == through  # no half
    proxy.cut = None
    server_sync.sync_server(device, community)
    server_sync.sync_server(other, community)
    server_sync.sync_server(device, community)
    assert dump(a, community) == dump(b, community)
    assert "Lid 00299" in dump(b, community) and "Bram" in dump(a, community)


def test_a_server_slower_than_the_timeout_is_reported_and_the_next_sync_converges(
    shared_server, proxies, replicas, waits
):
    proxy = proxies(shared_server)
    a, b, community, _on_server = pair(shared_server, proxy.url, replicas)
    members.add(a, community, "Geduldige Gerrit")
    proxy.delay = 5.0  # the client gives up after 1 s (30 s in the app)
    before = dump(a, community)
    started = time.monotonic()
    with pytest.raises(ServerError) as failed:
        server_sync.sync_server(a, community)
    assert time.monotonic() - started < 4  # two attempts of 1 s, then it says so
    assert failed.value.code == "timeout"
    assert str(failed.value) == TOO_SLOW
    assert waits == [0.5]
    assert dump(a, community) == before
    proxy.delay = 0.0
    server_sync.sync_server(a, community)
    server_sync.sync_server(b, community)
    assert dump(a, community) == dump(b, community)
    assert "Geduldige Gerrit" in dump(b, community)
