"""Server storage in PostgreSQL (psycopg 3): for several server processes on one database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from server.storage import StorageUnavailable
from server.storage_sql import SqlStorage


class PostgresStorage(SqlStorage):
    SCHEMA = (
        # Several processes may start at once: one creates the tables, the others wait.
        "SELECT pg_advisory_xact_lock(727274)",
        "CREATE TABLE IF NOT EXISTS communities (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "local_community TEXT, horizon BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS invites (code_hash TEXT PRIMARY KEY, community TEXT NOT NULL, "
        "expires_at TEXT, max_uses INTEGER, used INTEGER NOT NULL DEFAULT 0, "
        "created_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS devices (community TEXT NOT NULL, device TEXT NOT NULL, "
        "name TEXT, token_hash TEXT NOT NULL UNIQUE, joined_at TEXT NOT NULL, revoked_at TEXT, "
        "PRIMARY KEY (community, device))",
        "CREATE TABLE IF NOT EXISTS changesets (pos BIGINT GENERATED ALWAYS AS IDENTITY "
        "PRIMARY KEY, community TEXT NOT NULL, device TEXT NOT NULL, first_seq BIGINT NOT NULL, "
        "last_seq BIGINT NOT NULL, size BIGINT NOT NULL, data BYTEA NOT NULL, pushed_by TEXT, "
        "created_at TEXT NOT NULL, UNIQUE (community, device, first_seq))",
        "CREATE INDEX IF NOT EXISTS changesets_page ON changesets (community, pos)",
        "CREATE TABLE IF NOT EXISTS progress (community TEXT NOT NULL, device TEXT NOT NULL, "
        "through BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (community, device))",
        "CREATE TABLE IF NOT EXISTS snapshots (id BIGINT GENERATED ALWAYS AS IDENTITY "
        "PRIMARY KEY, community TEXT NOT NULL, device TEXT NOT NULL, hlc TEXT NOT NULL, "
        "pos BIGINT NOT NULL, size BIGINT NOT NULL, data BYTEA NOT NULL, "
        "created_at TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS snapshots_newest ON snapshots (community, pos)",
    )
    paramstyle = "pyformat"
    unavailable = (psycopg.OperationalError,)

    def __init__(self, url: str, *, connect_timeout: int = 5) -> None:
        self.url = url
        self.connect_timeout = connect_timeout
        super().__init__()

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout)
        except psycopg.OperationalError as exc:
            raise StorageUnavailable(str(exc)) from exc

    def _usable(self, conn: Any) -> bool:
        return not (conn.closed or conn.broken)

    @contextmanager
    def _tx(self, community: str | None = None) -> Iterator[Any]:
        conn = self._conn()
        try:
            with conn.transaction(), conn.cursor() as cur:
                if community is not None:
                    # Writers of one community take turns: a changeset's cursor (an
                    # identity value) is then committed before any later one, so a
                    # reader paging by cursor never skips one committed late.
                    cur.execute(
                        "SELECT id FROM communities WHERE id = %(c)s FOR UPDATE", {"c": community}
                    )
                yield cur
        except psycopg.OperationalError as exc:
            raise StorageUnavailable(str(exc)) from exc
