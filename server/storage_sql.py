"""The storage logic in SQL that both SQLite and PostgreSQL run (`:name` parameters).

Each backend says how to connect, how to begin a write that serialises the
writers of one community, and its own table definitions. Connections belong to
the thread that opened them: each server worker thread gets its own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from server.storage import (
    Community,
    Device,
    InviteRefused,
    Snapshot,
    StorageUnavailable,
    Stored,
    utc_now,
)

_PARAM = re.compile(r"(?<![:\w]):(\w+)")


class SqlStorage:
    """The storage logic, in SQL both SQLite and PostgreSQL run."""

    SCHEMA: tuple[str, ...] = ()
    paramstyle = "named"  # sqlite3 takes :name; PostgreSQL's subclass rewrites it
    unavailable: tuple[type[Exception], ...] = ()  # the backend's "try again later" errors

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        with self._tx() as cur:
            for statement in self.SCHEMA:
                cur.execute(statement)

    # --- what a backend provides --------------------------------------------------

    def _connect(self) -> Any:
        raise NotImplementedError

    def _usable(self, conn: Any) -> bool:
        return True

    @contextmanager
    def _tx(self, community: str | None = None) -> Iterator[Any]:
        """A write transaction; given a community, its writes are serialised until commit."""
        raise NotImplementedError
        yield

    @contextmanager
    def _read(self) -> Iterator[Any]:
        """A cursor for single-statement reads (each sees the latest committed state)."""
        try:
            cur = self._conn().cursor()
        except self.unavailable as exc:
            raise StorageUnavailable(str(exc)) from exc
        try:
            yield cur
        except self.unavailable as exc:
            raise StorageUnavailable(str(exc)) from exc
        finally:
            cur.close()

    # --- connections ----------------------------------------------------------------

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or not self._usable(conn):
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection (call when no request is running any more)."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def _sql(self, sql: str) -> str:
        return sql if self.paramstyle == "named" else _PARAM.sub(r"%(\1)s", sql)

    def _rows(self, cur: Any, sql: str, **params: Any) -> list[tuple]:
        cur.execute(self._sql(sql), params)
        return cur.fetchall()

    def _one(self, cur: Any, sql: str, **params: Any) -> tuple | None:
        cur.execute(self._sql(sql), params)
        return cur.fetchone() if cur.description is not None else None

    # --- communities ----------------------------------------------------------------

    def create_community(self, community_id: str, name: str) -> Community:
        now = utc_now()
        with self._tx() as cur:
            self._one(
                cur,
                "INSERT INTO communities (id, name, horizon, created_at) "
                "VALUES (:id, :name, 0, :now)",
                id=community_id,
                name=name,
                now=now,
            )
        return Community(community_id, name, None, 0, now)

    def community(self, community_id: str) -> Community | None:
        with self._read() as cur:
            row = self._one(
                cur,
                "SELECT id, name, local_community, horizon, created_at "
                "FROM communities WHERE id = :id",
                id=community_id,
            )
        return Community(*row) if row else None

    def communities(self) -> list[Community]:
        with self._read() as cur:
            rows = self._rows(
                cur,
                "SELECT id, name, local_community, horizon, created_at "
                "FROM communities ORDER BY created_at, id",
            )
        return [Community(*row) for row in rows]

    def bind(self, community_id: str, local_community: str) -> str:
        """Tie a server community to the local community id its changesets carry (once)."""
        with self._tx(community_id) as cur:
            self._one(
                cur,
                "UPDATE communities SET local_community = :local WHERE id = :id "
                "AND local_community IS NULL",
                id=community_id,
                local=local_community,
            )
            row = self._one(
                cur, "SELECT local_community FROM communities WHERE id = :id", id=community_id
            )
        return row[0]

    # --- invites and devices --------------------------------------------------------

    def create_invite(
        self, community_id: str, code_hash: str, expires_at: str | None, max_uses: int | None
    ) -> None:
        with self._tx() as cur:
            self._one(
                cur,
                "INSERT INTO invites (code_hash, community, expires_at, max_uses, used, "
                "created_at) VALUES (:h, :c, :e, :m, 0, :now)",
                h=code_hash,
                c=community_id,
                e=expires_at,
                m=max_uses,
                now=utc_now(),
            )

    def redeem_invite(
        self, code_hash: str, device: str, name: str | None, token_hash: str
    ) -> Device:
        """Count one use of an invite and give `device` a token in its community, atomically."""
        now = utc_now()
        with self._tx() as cur:
            row = self._one(
                cur,
                "SELECT community, expires_at FROM invites WHERE code_hash = :h",
                h=code_hash,
            )
            if row is None:
                raise InviteRefused("invite_unknown")
            community, expires_at = row
            if expires_at is not None and expires_at <= now:
                raise InviteRefused("invite_expired")
            known = self._one(
                cur,
                "SELECT revoked_at FROM devices WHERE community = :c AND device = :d",
                c=community,
                d=device,
            )
            if known is not None and known[0] is not None:
                raise InviteRefused("device_revoked")
            counted = self._one(
                cur,
                "UPDATE invites SET used = used + 1 WHERE code_hash = :h "
                "AND (max_uses IS NULL OR used < max_uses) RETURNING used",
                h=code_hash,
            )
            if counted is None:
                raise InviteRefused("invite_used_up")
            if known is None:
                self._one(
                    cur,
                    "INSERT INTO devices (community, device, name, token_hash, "
                    "joined_at) VALUES (:c, :d, :n, :t, :now)",
                    c=community,
                    d=device,
                    n=name,
                    t=token_hash,
                    now=now,
                )
            else:  # joining again (a lost token): the old token stops working
                self._one(
                    cur,
                    "UPDATE devices SET token_hash = :t, name = :n WHERE community = :c "
                    "AND device = :d",
                    c=community,
                    d=device,
                    n=name,
                    t=token_hash,
                )
        return Device(community, device, name, now, None)

    def device_by_token(self, token_hash: str) -> Device | None:
        with self._read() as cur:
            row = self._one(
                cur,
                "SELECT community, device, name, joined_at, revoked_at "
                "FROM devices WHERE token_hash = :t",
                t=token_hash,
            )
        return Device(*row) if row else None

    def devices(self, community_id: str) -> list[Device]:
        with self._read() as cur:
            rows = self._rows(
                cur,
                "SELECT community, device, name, joined_at, revoked_at "
                "FROM devices WHERE community = :c ORDER BY joined_at, device",
                c=community_id,
            )
        return [Device(*row) for row in rows]

    def revoke(self, device: str, community_id: str | None = None) -> int:
        """Revoke a device's token (in one community, or in all); returns how many."""
        sql = "UPDATE devices SET revoked_at = :now WHERE device = :d AND revoked_at IS NULL"
        if community_id is not None:
            sql += " AND community = :c"
        with self._tx() as cur:
            rows = self._rows(
                cur, sql + " RETURNING community", d=device, c=community_id, now=utc_now()
            )
        return len(rows)

    # --- changesets -----------------------------------------------------------------

    def put_changeset(
        self, community_id: str, device: str, first: int, last: int, data: bytes, pushed_by: str
    ) -> int:
        """Keep a changeset (a retry of one already kept changes nothing); the contiguous seq."""
        with self._tx(community_id) as cur:
            self._one(
                cur,
                "INSERT INTO changesets (community, device, first_seq, last_seq, size, "
                "data, pushed_by, created_at) VALUES (:c, :d, :f, :l, :s, :data, :by, "
                ":now) ON CONFLICT (community, device, first_seq) DO NOTHING",
                c=community_id,
                d=device,
                f=first,
                l=last,
                s=len(data),
                data=data,
                by=pushed_by,
                now=utc_now(),
            )
            through = self._through(cur, community_id, device)
            later = self._rows(
                cur,
                "SELECT first_seq, last_seq FROM changesets WHERE community = :c "
                "AND device = :d AND last_seq > :t ORDER BY first_seq",
                c=community_id,
                d=device,
                t=through,
            )
            start = through
            for seq_first, seq_last in later:
                if seq_first > through + 1:
                    break
                through = max(through, seq_last)
            if through != start:
                self._set_through(cur, community_id, device, through)
        return through

    def _through(self, cur: Any, community_id: str, device: str) -> int:
        row = self._one(
            cur,
            "SELECT through FROM progress WHERE community = :c AND device = :d",
            c=community_id,
            d=device,
        )
        return row[0] if row else 0

    def _set_through(self, cur: Any, community_id: str, device: str, through: int) -> None:
        self._one(
            cur,
            "INSERT INTO progress (community, device, through) VALUES (:c, :d, :t) "
            "ON CONFLICT (community, device) DO UPDATE SET through = excluded.through",
            c=community_id,
            d=device,
            t=through,
        )

    def stored_through(self, community_id: str, device: str) -> int:
        with self._read() as cur:
            return self._through(cur, community_id, device)

    def changesets_after(
        self, community_id: str, after: int, limit: int, max_bytes: int, exclude: str | None = None
    ) -> tuple[list[Stored], int, bool]:
        """A page of changesets after a cursor, oldest first: (page, cursor it reaches, more?).

        `exclude`'s changesets are skipped but still counted as read, so a device
        that pulls without its own changesets still moves its cursor past them.
        """
        with self._read() as cur:
            rows = self._rows(
                cur,
                "SELECT pos, device, first_seq, last_seq, CASE WHEN device = :x THEN NULL "
                "ELSE data END FROM changesets WHERE community = :c AND pos > :after "
                "ORDER BY pos LIMIT :n",
                c=community_id,
                after=after,
                x=exclude or "",
                n=limit + 1,
            )
        page: list[Stored] = []
        size, reached = 0, after
        for row in rows[:limit]:
            if row[4] is None:
                reached = row[0]
                continue
            if page and size + len(row[4]) > max_bytes:
                return page, reached, True
            page.append(Stored(row[0], row[1], row[2], row[3], bytes(row[4])))
            size += len(row[4])
            reached = row[0]
        return page, reached, len(rows) > limit

    def last_cursor(self, community_id: str) -> int:
        """The newest cursor of a community, compacted ones included."""
        with self._read() as cur:
            row = self._one(
                cur, "SELECT MAX(pos) FROM changesets WHERE community = :c", c=community_id
            )
            horizon = self._one(
                cur, "SELECT horizon FROM communities WHERE id = :c", c=community_id
            )
        return max(row[0] or 0 if row else 0, horizon[0] if horizon else 0)

    # --- snapshots and compaction ---------------------------------------------------

    def put_snapshot(
        self, community_id: str, device: str, hlc: str, cursor: int, data: bytes, keep: int = 2
    ) -> int:
        """Keep a snapshot and the newest `keep - 1` before it; returns its id."""
        with self._tx(community_id) as cur:
            row = self._one(
                cur,
                "INSERT INTO snapshots (community, device, hlc, pos, size, data, "
                "created_at) VALUES (:c, :d, :h, :p, :s, :data, :now) RETURNING id",
                c=community_id,
                d=device,
                h=hlc,
                p=cursor,
                s=len(data),
                data=data,
                now=utc_now(),
            )
            self._one(
                cur,
                "DELETE FROM snapshots WHERE community = :c AND id NOT IN (SELECT id "
                "FROM snapshots WHERE community = :c ORDER BY pos DESC, id DESC "
                "LIMIT :k)",
                c=community_id,
                k=keep,
            )
        return row[0]

    def latest_snapshot(self, community_id: str) -> Snapshot | None:
        with self._read() as cur:
            row = self._one(
                cur,
                "SELECT id, device, hlc, pos, data FROM snapshots WHERE "
                "community = :c ORDER BY pos DESC, id DESC LIMIT 1",
                c=community_id,
            )
        return Snapshot(row[0], row[1], row[2], row[3], bytes(row[4])) if row else None

    def compact(self, community_id: str) -> tuple[int, int]:
        """Drop the changesets the newest snapshot covers; (new horizon, changesets dropped)."""
        with self._tx(community_id) as cur:
            row = self._one(cur, "SELECT horizon FROM communities WHERE id = :c", c=community_id)
            horizon = row[0] if row else 0
            newest = self._one(
                cur, "SELECT MAX(pos) FROM snapshots WHERE community = :c", c=community_id
            )
            covered = newest[0] if newest else None
            if covered is None or covered <= horizon:
                return horizon, 0
            gone = self._rows(
                cur,
                "DELETE FROM changesets WHERE community = :c AND pos <= :p RETURNING pos",
                c=community_id,
                p=covered,
            )
            self._one(
                cur, "UPDATE communities SET horizon = :p WHERE id = :c", c=community_id, p=covered
            )
        return covered, len(gone)
