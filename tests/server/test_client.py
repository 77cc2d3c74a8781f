"""Replicas syncing through a live server with the HTTP client, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import time

import keyring
import keyring.backend
import keyring.errors
import pytest

from app.services import communities, export, members, questions, server_sync, sync_settings
from app.services import sync as folder_sync
from app.services.workspace import Workspace
from app.sync import http
from app.sync.http import HttpTransport, Retry, ServerError
from app.sync.transport import TransportError
from server.app import Limits
from tests.server.conftest import LiveServer


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


def dump(ws, community):
    return export.community_json(ws, community)


def test_two_replicas_converge_through_the_server(live, admin, replicas):
    a, b = replicas("a"), replicas("b")
    community = communities.create(a, "Samen Sterker").id
    anna = members.add(a, community, "Anna Müller", email="anna@example.nl").id
    on_server = admin.community("Samen Sterker")
    joined_a = server_sync.join_server(a, live.url, admin.invite(on_server), community)
    assert joined_a.sync.sent > 0
    assert joined_a.token_store == server_sync.DATABASE
    joined_b = server_sync.join_server(b, live.url, admin.invite(on_server))
    assert joined_b.community == community
    assert members.get(b, anna).name == "Anna Müller"
    members.update(a, anna, department="Zorg")
    questions.add(b, community, "Hoe bereiken we jongeren?")
    members.add(b, community, "Bram")
    for _ in range(2):
        for ws in (a, b):
            server_sync.sync_server(ws, community)
    assert dump(a, community) == dump(b, community)
    assert members.get(b, anna).department == "Zorg"


def test_the_token_is_kept_in_the_database_readable_by_its_owner_only(live, admin, replicas):
    a = replicas("a")
    community = communities.create(a, "Kring").id
    server_sync.join_server(a, live.url, admin.invite(admin.community()), community)
    link = server_sync.link(a, community)
    assert link is not None and link.token.startswith("kdt_")
    assert link.token_store == server_sync.DATABASE
    assert a.store.path.stat().st_mode & 0o777 == 0o600


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A system keyring that lives in memory, for the test."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory_keyring(monkeypatch):
    monkeypatch.delenv("KRING_NO_KEYRING", raising=False)
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def test_removing_the_server_forgets_the_token_in_the_keyring_too(
    live, admin, replicas, memory_keyring
):
    a = replicas("a")
    community = communities.create(a, "Kring").id
    server_sync.join_server(a, live.url, admin.invite(admin.community()), community)
    link = server_sync.link(a, community)
    assert link.token_store == server_sync.KEYRING
    assert list(memory_keyring.secrets.values()) == [link.token]
    assert a.store.meta(f"server.{community}.token") is None  # not in the data file
    assert a.store.meta(f"server.{community}.cursor") is not None  # it synced when it joined
    sync_settings.remove_server(a, community)
    assert memory_keyring.secrets == {}
    for what in ("cursor", "last"):  # nothing of that server is kept
        assert a.store.meta(f"server.{community}.{what}") is None
    assert server_sync.link(a, community) is None
    assert sync_settings.targets(a, community).server is None


def test_binding_refuses_a_server_community_that_holds_another_community(live, admin, replicas):
    a, b = replicas("a"), replicas("b")
    on_server = admin.community()
    server_sync.join_server(a, live.url, admin.invite(on_server), communities.create(a, "A").id)
    other = communities.create(b, "B").id
    with pytest.raises(ServerError) as refused:
        server_sync.join_server(b, live.url, admin.invite(on_server), other)
    assert refused.value.code == "community_bound_elsewhere"


def test_three_replicas_converge_through_a_mix_of_server_and_folder(
    live, admin, replicas, tmp_path
):
    a, b, c = replicas("a"), replicas("b"), replicas("c")  # b: server only; c: folder only
    shared = tmp_path / "shared"
    shared.mkdir()
    community = communities.create(a, "Gemengd").id
    on_server = admin.community()
    server_sync.join_server(a, live.url, admin.invite(on_server), community)
    server_sync.join_server(b, live.url, admin.invite(on_server))
    folder_sync.sync_folder(a, community, shared)
    folder_sync.join_folder(c, shared, community)
    members.add(a, community, "Via beide")
    members.add(b, community, "Alleen server")
    members.add(c, community, "Alleen map")
    for _ in range(2):
        folder_sync.sync_folder(a, community, shared)
        server_sync.sync_server(a, community, folder=shared)
        server_sync.sync_server(b, community)
        folder_sync.sync_folder(c, community)
    assert dump(a, community) == dump(b, community) == dump(c, community)
    assert "Alleen map" in dump(b, community) and "Alleen server" in dump(c, community)


def test_a_stopped_server_fails_fast_and_the_next_sync_converges(db_url, admin, replicas):
    first = LiveServer(db_url).start()
    a, b = replicas("a"), replicas("b")
    community = communities.create(a, "Kring").id
    on_server = admin.community()
    server_sync.join_server(a, first.url, admin.invite(on_server), community)
    server_sync.join_server(b, first.url, admin.invite(on_server))
    first.stop()
    members.add(a, community, "Offline Olga")
    before = dump(a, community)
    started = time.monotonic()
    with pytest.raises(TransportError) as failed:
        server_sync.sync_server(a, community)
    assert time.monotonic() - started < 3
    assert (
        str(failed.value)
        == "Can't reach the server — your changes are safe and will be sent later."
    )
    assert dump(a, community) == before
    second = LiveServer(db_url).start()  # back, at another address
    try:
        server_sync.sync_server(a, community, second.url)
        server_sync.sync_server(b, community, second.url)
        assert dump(a, community) == dump(b, community)
    finally:
        second.stop()


def test_429_is_retried_after_the_time_the_server_asks(make_server, admin):
    live = make_server(Limits(per_minute=2))
    on_server = admin.community()
    token = http.join(live.url, admin.invite(on_server), "dev-a").token
    waits: list[float] = []
    transport = HttpTransport(
        live.url, token, on_server, retry=Retry(attempts=3), sleep=waits.append
    )
    with transport:
        assert transport.pushed("", "dev-a") == 0
        assert transport.pushed("", "dev-a") == 0
        with pytest.raises(ServerError) as busy:
            transport.pushed("", "dev-a")
    assert busy.value.code == "rate_limited"
    assert len(waits) == 2 and all(50 <= w <= 60 for w in waits)


def test_a_device_joining_after_compaction_starts_from_the_snapshot(live, admin, replicas):
    a, c = replicas("a"), replicas("c")
    community = communities.create(a, "Kring").id
    for n in range(5):
        members.add(a, community, f"Lid {n}")
    on_server = admin.community()
    server_sync.join_server(a, live.url, admin.invite(on_server), community)
    members.add(a, community, "Na de eerste sync")
    server_sync.upload_snapshot(a, community)
    _horizon, dropped = admin.storage.compact(on_server)
    assert dropped >= 2
    members.add(a, community, "Na de snapshot")
    server_sync.sync_server(a, community)
    joined = server_sync.join_server(c, live.url, admin.invite(on_server))
    assert joined.sync.snapshot is not None
    server_sync.sync_server(c, community)
    assert dump(a, community) == dump(c, community)


def test_the_async_transport_works_on_an_event_loop(live, admin):
    on_server = admin.community()
    token = http.join(live.url, admin.invite(on_server), "dev-a").token

    async def scenario():
        assert await http.reachable(live.url)
        transport = http.AsyncHttpTransport(live.url, token, on_server)
        try:
            await transport.push("", "dev-b", 1, 2, b"two ops")
            assert await transport.pushed("", "dev-b") == 2
            refs = await transport.available("", exclude="dev-a")
            assert [(r.device, r.first, r.last) for r in refs] == [("dev-b", 1, 2)]
            assert transport.fetch(refs[0]) == b"two ops"
        finally:
            await transport.aclose()
        assert not await http.reachable("http://127.0.0.1:9")

    asyncio.run(scenario())
