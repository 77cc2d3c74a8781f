"""Fixtures for the server tests: storage on SQLite and PostgreSQL, a live server on 127.0.0.1."""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from server.app import Limits, create_app, new_community_id
from server.auth import digest, expiry, new_invite_code, normalise_invite
from server.storage import Storage, open_storage
from tests.server import pg

os.environ.setdefault("KRING_NO_KEYRING", "1")
_names = itertools.count()
HTTP = httpx.Client(timeout=30)  # one client: making one per request costs ~0.1 s (TLS set-up)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster | None]:
    """One throwaway PostgreSQL cluster for the whole run, started only when a test asks."""
    if pg.find_binaries() is None:
        pytest.skip("PostgreSQL's initdb/pg_ctl are not installed (Debian: postgresql)")
    cluster = pg.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty server database of each kind (PostgreSQL: a schema of its own)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite'}"
    cluster = request.getfixturevalue("pg_cluster")
    import psycopg

    name = f"kring_test_{os.getpid()}_{next(_names)}"
    with psycopg.connect(cluster.url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')  # much cheaper than a database per test
    return f"{cluster.url}?options=-csearch_path%3D{name}"


class LiveServer:
    """The server app under uvicorn in a thread, on a free port of 127.0.0.1."""

    def __init__(self, db_url: str, limits: Limits | None = None) -> None:
        self.db_url = db_url
        self.port = pg.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(db_url, limits=limits)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@dataclass
class Admin:
    """What `kring-server` does, straight on the storage."""

    storage: Storage

    def community(self, name: str = "Buurtzorg") -> str:
        return self.storage.create_community(new_community_id(), name).id

    def invite(
        self,
        community: str,
        *,
        expires: str | None = "7d",
        uses: int | None = None,
        expires_at: str | None = None,
    ) -> str:
        code = new_invite_code()
        when = expires_at or expiry(expires)
        self.storage.create_invite(community, digest(normalise_invite(code)), when, uses)
        return code


@pytest.fixture
def make_server(db_url):
    started: list[LiveServer] = []

    def make(limits: Limits | None = None) -> LiveServer:
        server = LiveServer(db_url, limits).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def live(make_server) -> LiveServer:
    return make_server()


@pytest.fixture
def admin(db_url) -> Iterator[Admin]:
    storage = open_storage(db_url)
    yield Admin(storage)
    storage.close()


def join(url: str, invite: str, device: str, name: str = "laptop") -> httpx.Response:
    return HTTP.post(f"{url}/v1/join", json={"invite": invite, "device": device, "name": name})


def token_for(url: str, admin: Admin, community: str, device: str) -> str:
    response = join(url, admin.invite(community), device)
    assert response.status_code == 200, response.text
    return response.json()["token"]
