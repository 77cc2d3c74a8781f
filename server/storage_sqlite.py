"""Server storage in one SQLite file (WAL): the default, for one server process."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from server.storage import StorageUnavailable
from server.storage_sql import SqlStorage


class SqliteStorage(SqlStorage):
    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS communities (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "local_community TEXT, horizon INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS invites (code_hash TEXT PRIMARY KEY, community TEXT NOT NULL, "
        "expires_at TEXT, max_uses INTEGER, used INTEGER NOT NULL DEFAULT 0, "
        "created_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS devices (community TEXT NOT NULL, device TEXT NOT NULL, "
        "name TEXT, token_hash TEXT NOT NULL UNIQUE, joined_at TEXT NOT NULL, revoked_at TEXT, "
        "PRIMARY KEY (community, device))",
        "CREATE TABLE IF NOT EXISTS changesets (pos INTEGER PRIMARY KEY AUTOINCREMENT, "
        "community TEXT NOT NULL, device TEXT NOT NULL, first_seq INTEGER NOT NULL, "
        "last_seq INTEGER NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL, pushed_by TEXT, "
        "created_at TEXT NOT NULL, UNIQUE (community, device, first_seq))",
        "CREATE INDEX IF NOT EXISTS changesets_page ON changesets (community, pos)",
        "CREATE TABLE IF NOT EXISTS progress (community TEXT NOT NULL, device TEXT NOT NULL, "
        "through INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (community, device))",
        "CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "community TEXT NOT NULL, device TEXT NOT NULL, hlc TEXT NOT NULL, pos INTEGER NOT NULL, "
        "size INTEGER NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS snapshots_newest ON snapshots (community, pos)",
    )
    unavailable = (sqlite3.OperationalError,)

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__()

    def _connect(self) -> sqlite3.Connection:
        # Never shared: each thread opens its own (check_same_thread is off only so
        # that close() can close them all at shutdown).
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn

    @contextmanager
    def _tx(self, community: str | None = None) -> Iterator[Any]:
        # IMMEDIATE: one writer at a time, so cursors are committed in the order they grow.
        conn = self._conn()
        cur = conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")
            yield cur
            cur.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise StorageUnavailable(str(exc)) from exc
            raise
        finally:
            cur.close()
