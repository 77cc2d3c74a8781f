"""Change capture for sync: triggers record every write to a synced table in the op log.

The cr-sqlite model: triggers call functions registered on the connection
(`kring_capture()` says whether capture is on, `kring_hlc()` gives the next
clock stamp), so writes made through the services, the CLI or sqlite-utils
directly are all captured, and applying remote changes can switch it off.

One op per row write, holding the fields it changed (`data`) and, per field,
the stamp of the value it overwrote (`base`), and for long text the text it
overwrote (`prior`, what a 3-way merge starts from): the per-field ops of DESIGN §3,
stored compactly. `_clock` keeps, per row, the stamp each field's value came
from, as JSON: `{"*": stamp}` for fields untouched since the row was created,
`{"field": [stamp, base]}` for fields written later. Each row's clocks also
note, per device, the newest write of that device to the row (`"@<device>"`), and
a delete notes how far it had seen every other device (`base["_seen"]`, kept with
the `deleted` clock as [stamp, base, seen, value]): a write the deleter had not
seen — even one that lost to a concurrent value — revives the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from app.store import schema

# Bookkeeping a device keeps for itself: never shipped.
LOCAL_COLUMNS = {"id", "updated_at"}

OPLOG = "_oplog"
CLOCK = "_clock"


# What merging remembers: how far each device's changesets are applied, values
# that lost to concurrent ones, versions of concurrently edited text, ops with
# fields this Kring does not know yet, and notices (a delete undone by an edit).
SYNC_STATE = """
        CREATE TABLE IF NOT EXISTS _applied (
            community TEXT NOT NULL, device TEXT NOT NULL, cseq INTEGER NOT NULL, stamp TEXT,
            PRIMARY KEY (community, device)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS _conflict (
            id TEXT PRIMARY KEY, community TEXT, tbl TEXT, row TEXT, field TEXT,
            winner_value TEXT, winner_stamp TEXT, loser_value TEXT, loser_stamp TEXT,
            resolved INTEGER NOT NULL DEFAULT 0, created_at TEXT);
        CREATE INDEX IF NOT EXISTS _conflict_open ON _conflict (community, resolved);
        CREATE TABLE IF NOT EXISTS _text_version (
            tbl TEXT, row TEXT, field TEXT, base_stamp TEXT, stamp TEXT, value TEXT,
            PRIMARY KEY (tbl, row, field, base_stamp, stamp)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS _pending (
            community TEXT, device TEXT, cseq INTEGER, op TEXT,
            PRIMARY KEY (community, device, cseq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS _notice (
            id TEXT PRIMARY KEY, community TEXT, tbl TEXT, row TEXT, kind TEXT,
            created_at TEXT, seen INTEGER NOT NULL DEFAULT 0);
        """


def create_tables(db: sqlite_utils.Database) -> None:
    """The op log (this device's own writes, in order), the clock of every row, merge state."""
    db.conn.executescript(SYNC_STATE)
    if "stamp" not in db["_applied"].columns_dict:  # made before deletes noted what they saw
        db.execute("ALTER TABLE _applied ADD COLUMN stamp TEXT")
    db.execute(
        f"""CREATE TABLE IF NOT EXISTS {OPLOG} (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            community TEXT NOT NULL,
            cseq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            tbl TEXT NOT NULL,
            row TEXT NOT NULL,
            data TEXT NOT NULL,
            base TEXT,
            prior TEXT,
            schema_version INTEGER NOT NULL
        )"""
    )
    # This device's ops are numbered per community (cseq): a changeset is a
    # contiguous range of them, whatever else the device edits meanwhile.
    db.execute(f"CREATE INDEX IF NOT EXISTS {OPLOG}_community ON {OPLOG} (community, cseq)")
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
                    SELECT json_group_object(key, CASE WHEN key = 'deleted'
                        THEN json_array(new.hlc, json_extract(new.base, '$.' || key),
                                        json(json_extract(new.base, '$._seen')),
                                        json_extract(new.data, '$.deleted'))
                        ELSE json_array(new.hlc, json_extract(new.base, '$.' || key)) END)
                    FROM json_each(new.data)) END)
            ON CONFLICT (tbl, row) DO UPDATE SET clocks = json_patch(clocks, excluded.clocks);
            UPDATE {CLOCK} SET clocks = json_set(clocks, '$."@' || kring_device() || '"', new.hlc)
            WHERE tbl = new.tbl AND row = new.row
            AND EXISTS (SELECT 1 FROM json_each(new.data) WHERE substr(key, 1, 1) != '_');
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
    community = "new.id" if table == "community" else "coalesce(new.community, '')"
    cseq = f"(SELECT coalesce(max(o.cseq), 0) + 1 FROM {OPLOG} o WHERE o.community = {community})"
    data = ", ".join(f"'{c}', new.[{c}]" for c in fields)
    long_text = schema.LONG_TEXT.get(table, ())
    changed = ", ".join(
        f"('{c}', json_quote(new.[{c}]), old.[{c}] IS NOT new.[{c}], json_quote(old.[{c}]), "
        f"{1 if c in long_text else 0})"
        for c in fields
    )
    return [
        f"DROP TRIGGER IF EXISTS _capture_{table}_insert",
        f"DROP TRIGGER IF EXISTS _capture_{table}_update",
        f"CREATE TRIGGER _capture_{table}_insert AFTER INSERT ON [{table}] "
        f"WHEN kring_capture() BEGIN "
        f"INSERT INTO {OPLOG} (community, cseq, hlc, tbl, row, data, base, schema_version) "
        f"VALUES ({community}, {cseq}, kring_hlc(), '{table}', new.id, json_object({data}), "
        f"NULL, {schema_version}); "
        f"END",
        f"CREATE TRIGGER _capture_{table}_update AFTER UPDATE ON [{table}] "
        f"WHEN kring_capture() BEGIN "
        f"INSERT INTO {OPLOG} (community, cseq, hlc, tbl, row, data, base, prior, "
        f"schema_version) "
        f"SELECT {community}, {cseq}, kring_hlc(), '{table}', new.id, "
        f"json_group_object(x.column1, json(x.column2)), "
        f"CASE WHEN new.deleted = 1 AND old.deleted IS NOT 1 THEN json_set("
        f"json_group_object(x.column1, {field_stamp_sql('c.clocks', 'x.column1')}), "
        f"'$._seen', (SELECT json_group_object(a.device, a.stamp) FROM _applied a "
        f"WHERE a.community = {community} AND a.stamp IS NOT NULL)) ELSE "
        f"json_group_object(x.column1, {field_stamp_sql('c.clocks', 'x.column1')}) END, "
        f"nullif(json_group_object(x.column1, json(x.column4)) FILTER (WHERE x.column5), '{{}}'), "
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
