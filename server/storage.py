"""The server's storage interface: what it keeps (communities, invites, devices, changesets,
snapshots) and how a database URL picks an implementation.

Two implementations share their SQL (server/storage_sql.py): a SQLite file,
the default, and PostgreSQL, for several server processes behind a load
balancer. The server holds no other state of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class StorageUnavailable(Exception):
    """The database cannot be reached or used right now (the client may retry)."""


class InviteRefused(Exception):
    """An invite that cannot be used; `code` is the error code the API answers."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Community:
    id: str
    name: str
    local_community: str | None
    horizon: int  # changesets at or before this cursor were compacted away
    created_at: str


@dataclass(frozen=True, slots=True)
class Device:
    community: str
    device: str
    name: str | None
    joined_at: str
    revoked_at: str | None


@dataclass(frozen=True, slots=True)
class Stored:
    """One changeset as the server keeps it."""

    cursor: int
    device: str
    first: int
    last: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Snapshot:
    id: int
    device: str
    hlc: str
    cursor: int  # the snapshot reflects every changeset at or before this cursor
    data: bytes


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Storage(Protocol):
    """What the API and the admin commands need; every method is safe to call from any thread."""

    def close(self) -> None: ...
    def create_community(self, community_id: str, name: str) -> Community: ...
    def community(self, community_id: str) -> Community | None: ...
    def communities(self) -> list[Community]: ...
    def bind(self, community_id: str, local_community: str) -> str: ...
    def create_invite(
        self, community_id: str, code_hash: str, expires_at: str | None, max_uses: int | None
    ) -> None: ...
    def redeem_invite(
        self, code_hash: str, device: str, name: str | None, token_hash: str
    ) -> Device: ...
    def device_by_token(self, token_hash: str) -> Device | None: ...
    def devices(self, community_id: str) -> list[Device]: ...
    def revoke(self, device: str, community_id: str | None = None) -> int: ...
    def put_changeset(
        self, community_id: str, device: str, first: int, last: int, data: bytes, pushed_by: str
    ) -> int: ...
    def stored_through(self, community_id: str, device: str) -> int: ...
    def changesets_after(
        self, community_id: str, after: int, limit: int, max_bytes: int, exclude: str | None = None
    ) -> tuple[list[Stored], int, bool]: ...
    def last_cursor(self, community_id: str) -> int: ...
    def put_snapshot(
        self, community_id: str, device: str, hlc: str, cursor: int, data: bytes, keep: int = 2
    ) -> int: ...
    def latest_snapshot(self, community_id: str) -> Snapshot | None: ...
    def compact(self, community_id: str) -> tuple[int, int]: ...


def open_storage(url: str) -> Storage:
    """`sqlite:///relative/file`, `sqlite:////absolute/file`, a bare path, or `postgresql://…`."""
    if url.startswith(("postgresql://", "postgres://")):
        from server.storage_pg import PostgresStorage

        return PostgresStorage(url)
    from server.storage_sqlite import SqliteStorage

    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://")
        path = path[1:] if path.startswith("/") else path
    elif "://" in url:
        raise ValueError(f"unsupported database URL {url!r}: use sqlite:/// or postgresql://")
    else:
        path = url
    return SqliteStorage(path)
