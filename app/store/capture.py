"""Change capture for sync: triggers record every write to a synced table in the op log.

The cr-sqlite model: triggers call functions registered on the connection
(`kring_capture()` says whether capture is on, `kring_hlc()` gives the next
clock stamp), so writes made through the services, the CLI or sqlite-utils
directly are all captured, and applying remote changes can switch it off.

One op per row write, holding the fields it changed (`data`) and, per field,
the stamp of the value it overwrote (`base`): the per-field ops of DESIGN §3,
stored compactly. `_clock` keeps, per row, the stamp each field's value came
from, as JSON: `{"*": stamp}` for fields untouched since the row was created,
`{"field": [stamp, base]}` for fields written later.
"""

from __future__ import annotations

import sqlite_utils

from app.store import schema

# Bookkeeping a device keeps for itself: never shipped.
LOCAL_COLUMNS = {"id", "updated_at"}

OPLOG = "_oplog"
CLOCK = "_clock"


def create_tables(db: sqlite_utils.Database) -> None:
    """The op log (this device's own writes, in order) and the clock of every row."""
    db.execute(
        f"""CREATE TABLE IF NOT EXISTS {OPLOG} (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            hlc TEXT NOT NULL,
            tbl TEXT NOT NULL,
            row TEXT NOT NULL,
            data TEXT NOT NULL,
            base TEXT,
            schema_version INTEGER NOT NULL
        )"""
    )
    db.execute(
        f"""CREATE TABLE IF NOT EXISTS {CLOCK} (
            tbl TEXT NOT NULL,
            row TEXT NOT NULL,
            clocks TEXT NOT NULL,
            PRIMARY KEY (tbl, row)
        ) WITHOUT ROWID"""
    )
    db.execute(
        f"""CREATE TRIGGER IF NOT EXISTS {OPLOG}_clock AFTER INSERT ON {OPLOG} BEGIN
            INSERT INTO {CLOCK} (tbl, row, clocks) VALUES (
                new.tbl, new.row,
                CASE WHEN new.base IS NULL THEN json_object('*', new.hlc) ELSE (
                    SELECT json_group_object(key, json_array(new.hlc,
                                             json_extract(new.base, '$.' || key)))
                    FROM json_each(new.data)) END)
            ON CONFLICT (tbl, row) DO UPDATE SET clocks = json_patch(clocks, excluded.clocks);
        END"""
    )


def field_stamp_sql(clocks: str, field: str) -> str:
    """SQL for the stamp of one field's current value, from a `_clock.clocks` expression."""
    return (
        f"coalesce(json_extract({clocks}, '$.' || {field} || '[0]'), "
        f"json_extract({clocks}, '$.\"*\"'))"
    )


def trigger_sql(table: str, columns: list[str], schema_version: int) -> list[str]:
    """The statements that (re)create the capture triggers of one table for its columns."""
    fields = [c for c in columns if c not in LOCAL_COLUMNS]
    data = ", ".join(f"'{c}', new.[{c}]" for c in fields)
    changed = ", ".join(
        f"('{c}', json_quote(new.[{c}]), old.[{c}] IS NOT new.[{c}])" for c in fields
    )
    return [
        f"DROP TRIGGER IF EXISTS _capture_{table}_insert",
        f"DROP TRIGGER IF EXISTS _capture_{table}_update",
        f"CREATE TRIGGER _capture_{table}_insert AFTER INSERT ON [{table}] "
        f"WHEN kring_capture() BEGIN "
        f"INSERT INTO {OPLOG} (hlc, tbl, row, data, base, schema_version) "
        f"VALUES (kring_hlc(), '{table}', new.id, json_object({data}), NULL, {schema_version}); "
        f"END",
        f"CREATE TRIGGER _capture_{table}_update AFTER UPDATE ON [{table}] "
        f"WHEN kring_capture() BEGIN "
        f"INSERT INTO {OPLOG} (hlc, tbl, row, data, base, schema_version) "
        f"SELECT kring_hlc(), '{table}', new.id, "
        f"json_group_object(x.column1, json(x.column2)), "
        f"json_group_object(x.column1, {field_stamp_sql('c.clocks', 'x.column1')}), "
        f"{schema_version} "
        f"FROM (VALUES {changed}) x "
        f"LEFT JOIN {CLOCK} c ON c.tbl = '{table}' AND c.row = new.id "
        f"WHERE x.column3 HAVING count(*) > 0; "
        f"END",
    ]


def _installed(db: sqlite_utils.Database, table: str) -> str | None:
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
        statements = trigger_sql(table, list(db[table].columns_dict), schema_version)
        if _installed(db, table) == statements[-1]:
            continue
        for statement in statements:
            db.execute(statement)
