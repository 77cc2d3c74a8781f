"""Change capture for sync: triggers write every field change of a synced table to the op log.

The cr-sqlite model: triggers call functions registered on the connection
(`kring_capture()` says whether capture is on, `kring_hlc()` gives the next
clock stamp), so writes made through the services, the CLI or sqlite-utils
directly are all captured, and applying remote changes can switch it off.
"""

from __future__ import annotations

import sqlite_utils

from app.store import schema

# Bookkeeping a device keeps for itself: never shipped.
LOCAL_COLUMNS = {"id", "updated_at"}

OPLOG = "_oplog"
CLOCK = "_clock"


def create_tables(db: sqlite_utils.Database) -> None:
    """The op log (this device's own writes, in order) and the clock of every field."""
    db.execute(
        f"""CREATE TABLE IF NOT EXISTS {OPLOG} (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            hlc TEXT NOT NULL,
            tbl TEXT NOT NULL,
            row TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            base_hlc TEXT,
            schema_version INTEGER NOT NULL
        )"""
    )
    # The stamp of the write each field's current value came from, and that
    # write's own base: what the merge compares.
    db.execute(
        f"""CREATE TABLE IF NOT EXISTS {CLOCK} (
            tbl TEXT NOT NULL,
            row TEXT NOT NULL,
            field TEXT NOT NULL,
            hlc TEXT NOT NULL,
            base_hlc TEXT,
            PRIMARY KEY (tbl, row, field)
        ) WITHOUT ROWID"""
    )
    db.execute(
        f"""CREATE TRIGGER IF NOT EXISTS {OPLOG}_clock AFTER INSERT ON {OPLOG} BEGIN
            INSERT INTO {CLOCK} (tbl, row, field, hlc, base_hlc)
            VALUES (new.tbl, new.row, new.field, new.hlc, new.base_hlc)
            ON CONFLICT (tbl, row, field) DO UPDATE
            SET hlc = excluded.hlc, base_hlc = excluded.base_hlc;
        END"""
    )


def trigger_sql(table: str, columns: list[str], schema_version: int) -> list[str]:
    """The statements that (re)create the capture triggers of one table for its columns."""
    fields = [c for c in columns if c not in LOCAL_COLUMNS]
    base = (
        f"(SELECT c.hlc FROM {CLOCK} c WHERE c.tbl = '{table}' AND c.row = new.id "
        f"AND c.field = x.column1)"
    )
    insert = (
        f"INSERT INTO {OPLOG} (hlc, tbl, row, field, value, base_hlc, schema_version) "
        f"SELECT kring_hlc(), '{table}', new.id, x.column1, x.column2, {base}, {schema_version} "
    )
    on_insert = ", ".join(f"('{c}', json_quote(new.[{c}]), new.[{c}] IS NOT NULL)" for c in fields)
    on_update = ", ".join(
        f"('{c}', json_quote(new.[{c}]), old.[{c}] IS NOT new.[{c}])" for c in fields
    )
    return [
        f"DROP TRIGGER IF EXISTS _capture_{table}_insert",
        f"DROP TRIGGER IF EXISTS _capture_{table}_update",
        f"CREATE TRIGGER _capture_{table}_insert AFTER INSERT ON [{table}] "
        f"WHEN kring_capture() BEGIN {insert}FROM (VALUES {on_insert}) x WHERE x.column3; END",
        f"CREATE TRIGGER _capture_{table}_update AFTER UPDATE ON [{table}] "
        f"WHEN kring_capture() BEGIN {insert}FROM (VALUES {on_update}) x WHERE x.column3; END",
    ]


def installed_columns(db: sqlite_utils.Database, table: str) -> str | None:
    """The SQL of the table's update trigger, to tell whether it matches the columns."""
    rows = list(
        db.query(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name",
            {"name": f"_capture_{table}_update"},
        )
    )
    return rows[0]["sql"] if rows else None


def ensure_triggers(db: sqlite_utils.Database, schema_version: int) -> None:
    """Create or refresh the capture triggers (a migration may have added columns)."""
    create_tables(db)
    for table in schema.SYNCED_TABLES:
        columns = list(db[table].columns_dict)
        statements = trigger_sql(table, columns, schema_version)
        if installed_columns(db, table) == statements[-1]:
            continue
        for statement in statements:
            db.execute(statement)
