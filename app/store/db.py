"""The local SQLite store: opening, migrating, transactions and row access (the only SQL)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app import __version__
from app.domain.errors import StorageError
from app.domain.ids import uuid7
from app.i18n import _
from app.store import capture, schema
from app.store.backup import list_backups, make_backup
from app.sync.clock import HybridClock, Stamp

DB_NAME = "kring.sqlite"


@dataclass
class Touched:
    """A row a transaction changed: its value before (None: new) and after."""

    table: str
    id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class Transaction:
    touched: list[Touched] = field(default_factory=list)


def _storage_error(exc: sqlite3.Error) -> StorageError:
    text = str(exc).lower()
    if "full" in text:
        return StorageError(_("The disk is full: free some space, then try again."))
    if "readonly" in text or "permission" in text or "unable to open" in text:
        return StorageError(_("Kring cannot write to its data folder; check its permissions."))
    if "locked" in text or "busy" in text:
        return StorageError(_("The data is in use by another Kring; try again in a moment."))
    if "malformed" in text or "not a database" in text:
        return StorageError(
            _("The data file is damaged. Kring keeps backups in the folder “backups”.")
        )
    return StorageError(_("Kring could not save or read its data ({detail}).").format(detail=exc))


class Store:
    """One SQLite file. Belongs to the thread that opened it, like its connection."""

    def __init__(self, path: Path | str, *, daily_backup: bool = True) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=True)
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed write survives a power cut, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = OFF")
        except OSError as exc:
            raise StorageError(
                _("Kring cannot use its data folder {path} ({reason}).").format(
                    path=self.path.parent, reason=exc.strerror or exc
                )
            ) from exc
        except sqlite3.Error as exc:
            raise _storage_error(exc) from exc
        self.conn = conn
        self._db = None  # sqlite-utils, made on first use: importing it costs ~0.2 s at start
        self.thread = threading.get_ident()
        self._tx: Transaction | None = None
        self._columns: dict[str, set[str]] = {}
        # Change capture: the triggers of app/store/capture.py call these two.
        self.capture_enabled = True
        self.clock: HybridClock | None = None
        conn.create_function("kring_capture", 0, self._capturing)
        conn.create_function("kring_hlc", 0, self._next_stamp)
        conn.create_function("kring_device", 0, lambda: self.device_id)
        try:
            self.migrate()
            self.ensure_shape()
            self.clock = HybridClock(self.device_id, self._last_stamp())
            from app.sync.merge import apply_pending  # sync builds on the store: import late

            apply_pending(self)  # fields sent before this Kring knew them: an upgrade may know them
            if daily_backup:
                self.backup_if_due()
        except sqlite3.Error as exc:
            conn.close()
            raise _storage_error(exc) from exc

    # --- lifecycle --------------------------------------------------------------

    @property
    def db(self):
        """The connection through sqlite-utils, for migrations and table helpers."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def has_table(self, name: str) -> bool:
        sql = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n)"
        return self.conn.execute(sql, {"n": name}).fetchone()[0] == 1

    def _rows(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        return [dict(zip(keys, row, strict=True)) for row in cursor]

    def close(self) -> None:
        self.conn.close()

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM _meta WHERE key = :key", {"key": key}).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        """Set a local value; None removes it."""
        if value is None:
            self.conn.execute("DELETE FROM _meta WHERE key = :key", {"key": key})
            return
        self.conn.execute(
            "INSERT INTO _meta (key, value) VALUES (:key, :value) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            {"key": key, "value": value},
        )

    @property
    def device_id(self) -> str:
        device = self.meta("device_id")
        if device is None:
            device = uuid7()
            self.set_meta("device_id", device)
        return device

    def new_device_id(self) -> str:
        """Become a new device: after a restore from backup, this copy's numbering of its
        own changes restarted below what it had already published, so reusing the old
        identity would make others skip the new changes. Stamps go on from the clock."""
        device = uuid7()
        self.set_meta("device_id", device)
        if self.clock is not None:
            self.clock = HybridClock(device, self.clock.last)
        return device

    # --- schema ---------------------------------------------------------------

    def applied_migrations(self) -> list[str]:
        if not self.has_table("_migrations"):
            return []
        return [r[0] for r in self.conn.execute("SELECT name FROM _migrations ORDER BY rowid")]

    def migrate(self, upto: str | None = None) -> list[str]:
        """Apply the migrations this file has not seen, in order, each in its own transaction.

        A backup is made first whenever there is existing data to migrate.
        """
        self.conn.execute("CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT)")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
        done = set(self.applied_migrations())
        pending = [m for m in schema.MIGRATIONS if m.name not in done]
        if upto is not None:
            names = [m.name for m in schema.MIGRATIONS]
            pending = [m for m in pending if names.index(m.name) <= names.index(upto)]
        if pending and done:
            make_backup(self.conn, self.path, "before-" + pending[0].name)
        applied = []
        for migration in pending:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                migration.apply(self.db)
                self.conn.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (:name, :at)",
                    {"name": migration.name, "at": _utc_now()},
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            applied.append(migration.name)
        self._columns.clear()
        if applied:
            self.set_meta(SHAPE_KEY, "")  # a migration may have dropped triggers: check all
        return applied

    def ensure_shape(self) -> None:
        """Indexes, full-text search and capture triggers, declared in `schema`, made current.

        Skipped when they were made current by this very declaration since the last migration
        (a fingerprint in `_meta`): checking them costs a tenth of a second at every start.
        """
        fingerprint = _shape_fingerprint()
        if self.meta(SHAPE_KEY) == fingerprint and self._triggers_present():
            return
        self._ensure_shape()
        self.set_meta(SHAPE_KEY, fingerprint)

    def _triggers_present(self) -> bool:
        """Every search and capture trigger exists (a transform() drops a table's triggers)."""
        wanted = {f"_capture_{t}_update" for t in schema.SYNCED_TABLES}
        wanted |= {f"{t}_{s}" for t in schema.FTS_COLUMNS for s in ("ai", "ad", "au")}
        names = {
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        return wanted <= names

    def _ensure_shape(self) -> None:
        capture.ensure_triggers(self.db, len(schema.MIGRATIONS))
        tables = set(self.db.table_names())
        for table, columns in schema.INDEXES:
            if table in tables and set(columns) <= self.columns(table):
                self.db[table].create_index(columns, if_not_exists=True)
        for statement in schema.RAW_INDEXES:
            self.conn.execute(statement)
        for table, columns in schema.FTS_COLUMNS.items():
            if table not in tables:
                continue
            columns = [c for c in columns if c in self.columns(table)]
            fts = f"{table}_fts"
            triggers = {
                r["name"]
                for r in self.db.query(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t",
                    {"t": table},
                )
            }
            have = set(self.db[fts].columns_dict) if fts in tables else set()
            if have == set(columns) and {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= triggers:
                continue
            # Missing, out of date, or its triggers dropped by a transform(): rebuild.
            self.db[table].enable_fts(
                columns, create_triggers=True, tokenize=schema.FTS_TOKENIZE, replace=True
            )
            self.db[table].rebuild_fts()

    def columns(self, table: str) -> set[str]:
        if table not in self._columns:
            found = self.conn.execute(f"PRAGMA table_info([{table}])").fetchall()
            self._columns[table] = {row[1] for row in found}
        return self._columns[table]

    def backup_if_due(self, every: timedelta = timedelta(days=1)) -> Path | None:
        last = self.meta("last_backup")
        if last and datetime.fromisoformat(last) > datetime.now(UTC) - every:
            return None
        if not last and not list_backups(self.path) and not self._has_data():
            self.set_meta("last_backup", _utc_now())
            return None
        target = make_backup(self.conn, self.path, "daily")
        self.set_meta("last_backup", _utc_now())
        return target

    def _has_data(self) -> bool:
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM community)").fetchone()[0] == 1

    # --- change capture ---------------------------------------------------------

    def _capturing(self) -> int:
        return 1 if self.capture_enabled else 0

    def _next_stamp(self) -> str:
        if self.clock is None:  # writes during a migration, before the clock is read
            self.clock = HybridClock(self.device_id, self._last_stamp())
        return self.clock.now().encode()

    def _last_stamp(self) -> Stamp | None:
        """The latest stamp this device issued or saw, so the clock never goes back."""
        stamps = [self.meta("clock_seen")]
        if self.has_table(capture.OPLOG):
            row = self.conn.execute(
                f"SELECT hlc FROM {capture.OPLOG} ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            stamps.append(row[0] if row else None)
        known = [Stamp.decode(s) for s in stamps if s]
        if not known:
            return None
        latest = max(known)
        return Stamp(latest.ms, latest.counter, self.device_id)

    @contextmanager
    def capture_off(self) -> Iterator[None]:
        """Writes inside are not captured (used while applying other devices' changes)."""
        previous, self.capture_enabled = self.capture_enabled, False
        try:
            yield
        finally:
            self.capture_enabled = previous

    # --- transactions ---------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One atomic unit of work; nested calls join the outer transaction."""
        if self._tx is not None:
            yield self._tx
            return
        tx = Transaction()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _storage_error(exc) from exc
        self._tx = tx
        try:
            yield tx
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise _storage_error(exc) from exc
        except BaseException:
            self._rollback()
            raise
        finally:
            self._tx = None

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # --- rows -----------------------------------------------------------------

    def check_columns(self, table: str, names: Any) -> None:
        """Refuse a table or column name that is not in the schema (names go into SQL)."""
        self._check(table, names)

    def _check(self, table: str, names: Any) -> None:
        if table not in schema.SYNCED_TABLES:
            raise ValueError(f"unknown table {table!r}")
        unknown = set(names) - self.columns(table)
        if unknown:
            raise ValueError(f"unknown columns {sorted(unknown)} for {table}")

    def get(self, table: str, row_id: str) -> dict[str, Any] | None:
        self._check(table, ())
        cursor = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = :id", {"id": row_id})
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cursor.description], row, strict=True))

    def insert(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        """Insert one row (a new id when none is given); returns the stored row."""
        values = {"id": values.get("id") or uuid7(), **values}
        stamp = _utc_now()
        values.setdefault("created_at", stamp)
        values.setdefault("updated_at", stamp)
        self._check(table, values)
        names = list(values)
        sql = (
            f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) "
            f"VALUES ({', '.join(':' + n for n in names)})"
        )
        with self.transaction() as tx:
            self.conn.execute(sql, values)
            after = self.get(table, values["id"])
            tx.touched.append(Touched(table, values["id"], None, after))
        assert after is not None
        return after

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> int:
        """Bulk insert (demo data, imports): one statement per column set, no undo record.

        Every row needs an id; rows are written in the current transaction or a new one.
        """
        stamp = _utc_now()
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:
            row = {"created_at": stamp, "updated_at": stamp, **row}
            groups.setdefault(tuple(row), []).append(row)
        with self.transaction():
            for names, group in groups.items():
                self._check(table, names)
                sql = (
                    f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) "
                    f"VALUES ({', '.join(':' + n for n in names)})"
                )
                self.conn.executemany(sql, group)
        return len(rows)

    def update(self, table: str, row_id: str, values: dict[str, Any]) -> dict[str, Any] | None:
        """Change some fields of one row; returns the stored row, or None when it is missing."""
        values = {k: v for k, v in values.items() if k != "id"}
        with self.transaction() as tx:
            before = self.get(table, row_id)
            if before is None:
                return None
            if before.get("deleted") and "deleted" not in values:
                # A write to a deleted row brings it back, here as on every replica
                # that merges it (app.sync.merge.settle_tombstone): say so in the write.
                values = {**values, "deleted": 0}
            changed = {k: v for k, v in values.items() if before.get(k) != v}
            if not changed:
                return before
            changed["updated_at"] = _utc_now()
            self._check(table, changed)
            assignments = ", ".join(f"[{n}] = :{n}" for n in changed)
            self.conn.execute(
                f"UPDATE [{table}] SET {assignments} WHERE id = :id", {**changed, "id": row_id}
            )
            after = self.get(table, row_id)
            tx.touched.append(Touched(table, row_id, before, after))
        return after

    def restore(self, table: str, row_id: str, row: dict[str, Any] | None) -> None:
        """Put a row back as it was (used by undo); None means it did not exist: delete it."""
        self._check(table, row or ())
        with self.transaction() as tx:
            before = self.get(table, row_id)
            if row is None:
                # Undoing a creation leaves a tombstone: once synced, a row never vanishes.
                if before is not None:
                    self.conn.execute(
                        f"UPDATE [{table}] SET deleted = 1, updated_at = :at WHERE id = :id",
                        {"id": row_id, "at": _utc_now()},
                    )
            elif before is None:
                self.insert(table, dict(row))
                return
            else:
                assignments = ", ".join(f"[{n}] = :{n}" for n in row if n != "id")
                self.conn.execute(
                    f"UPDATE [{table}] SET {assignments} WHERE id = :id", {**row, "id": row_id}
                )
            tx.touched.append(Touched(table, row_id, before, row))

    def select(
        self,
        table: str,
        where: dict[str, Any] | None = None,
        *,
        include_deleted: bool = False,
        order_by: str = "rowid",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Rows where every given column equals its value (None matches NULL)."""
        where = where or {}
        self._check(table, where)
        for part in order_by.split(","):
            words = part.split()
            if (
                not words
                or (words[0] not in self.columns(table) and words[0] != "rowid")
                or any(w.upper() not in ("COLLATE", "NOCASE", "ASC", "DESC") for w in words[1:])
            ):
                raise ValueError(f"bad order {order_by!r}")
        clauses = [f"[{k}] IS :{k}" for k in where]
        if not include_deleted:
            clauses.append("deleted = 0")
        sql = f"SELECT * FROM [{table}]"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += f" ORDER BY {order_by}"
        params = dict(where)
        if limit is not None:
            sql += " LIMIT :_limit OFFSET :_offset"
            params.update(_limit=limit, _offset=offset)
        return self._rows(sql, params)

    def count(self, table: str, where: dict[str, Any] | None = None) -> int:
        where = where or {}
        self._check(table, where)
        clauses = [f"[{k}] IS :{k}" for k in where] + ["deleted = 0"]
        sql = f"SELECT count(*) FROM [{table}] WHERE " + " AND ".join(clauses)
        return self.conn.execute(sql, where).fetchone()[0]

    def query(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query owned by one of the store's query modules."""
        return self._rows(sql, params or {})

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


SHAPE_KEY = "shape"


def _shape_fingerprint() -> str:
    """Changes whenever the code declaring indexes, full-text search or capture triggers does."""
    digest = hashlib.sha256(repr([m.name for m in schema.MIGRATIONS]).encode())
    for module in (schema, capture):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # a bundle without sources: its code changes only with its version
            digest.update(__version__.encode())
    return digest.hexdigest()[:16]


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def open_store(data_dir: Path | str, *, daily_backup: bool = True) -> Store:
    """Open (creating and migrating when needed) the store in a data folder."""
    return Store(Path(data_dir) / DB_NAME, daily_backup=daily_backup)
