"""The SQL of sync: this device's ops, the clocks and state merges read and write, conflicts."""

from __future__ import annotations

import json
from typing import Any

from app.store import schema
from app.store.capture import CLOCK, OPLOG, field_stamp_sql
from app.store.db import Store, _utc_now
from app.sync.ops import Op

# --- this device's ops -------------------------------------------------------------


def own_ops(store: Store, community: str, after: int, limit: int | None = None) -> list[Op]:
    rows = store.conn.execute(
        f"SELECT cseq, hlc, tbl, row, data, base, prior, schema_version FROM {OPLOG} "
        "WHERE community = :c AND cseq > :after ORDER BY cseq LIMIT :limit",
        {"c": community, "after": after, "limit": -1 if limit is None else limit},
    ).fetchall()
    device = store.device_id
    return [
        Op(device, cseq, hlc, tbl, row, json.loads(data), _loads(base), _loads(prior), version)
        for cseq, hlc, tbl, row, data, base, prior, version in rows
    ]


def write_field(
    store: Store, table: str, row_id: str, field: str | None, value: Any, extra: dict[str, Any]
) -> bool:
    """Set one field as a local edit whose single op also carries `extra` (resolved conflicts).

    The op is written even when the value does not change, so that `extra` travels;
    its base is the field's current stamp, like a captured write. With `field` None the
    op carries only `extra`. True when the value changed.
    """
    with store.transaction():
        row = store.get(table, row_id)
        if row is None:
            raise ValueError(f"no {table} {row_id}")
        old = row.get(field) if field else None
        changed = field is not None and old != value
        if changed:
            with store.capture_off():  # the op below is the one op of this write
                store.update(table, row_id, {field: value})
        data = {field: value, **extra} if field else dict(extra)
        long_text = field in schema.LONG_TEXT.get(table, ())
        store.conn.execute(
            f"INSERT INTO {OPLOG} (community, cseq, hlc, tbl, row, data, base, prior, "
            "schema_version) SELECT :c, "
            f"(SELECT coalesce(max(o.cseq), 0) + 1 FROM {OPLOG} o WHERE o.community = :c), "
            "kring_hlc(), :t, :r, :data, CASE WHEN :f IS NULL THEN '{}' ELSE "
            f"json_object(:f, {field_stamp_sql('k.clocks', ':f')}) END, :prior, :version "
            f"FROM (SELECT 1) LEFT JOIN {CLOCK} k ON k.tbl = :t AND k.row = :r",
            {
                "c": row_id if table == "community" else (row.get("community") or ""),
                "t": table, "r": row_id, "f": field,
                "data": json.dumps(data, ensure_ascii=False),
                "prior": json.dumps({field: old}, ensure_ascii=False) if long_text else None,
                "version": len(schema.MIGRATIONS),
            },
        )  # fmt: skip
        # The op log's clock trigger gives every key of `data` a stamp; only fields have one.
        for key in extra:
            store.conn.execute(
                f"UPDATE {CLOCK} SET clocks = json_remove(clocks, '$.' || :k) "
                "WHERE tbl = :t AND row = :r",
                {"k": key, "t": table, "r": row_id},
            )
    return changed


def field_value(store: Store, table: str, field: str, text: str | None) -> Any:
    """A value kept as text (a conflict's) back in its column's type."""
    if text is None or store.db[table].columns_dict.get(field) is not int:
        return text
    return int(text)


def last_own_seq(store: Store, community: str) -> int:
    row = store.conn.execute(
        f"SELECT max(cseq) FROM {OPLOG} WHERE community = :c", {"c": community}
    ).fetchone()
    return row[0] or 0


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# --- what has been applied ---------------------------------------------------------


def applied(store: Store, community: str) -> dict[str, int]:
    rows = store.conn.execute(
        "SELECT device, cseq FROM _applied WHERE community = :c", {"c": community}
    ).fetchall()
    return dict(rows)


def set_applied(
    store: Store, community: str, device: str, cseq: int, stamp: str | None = None
) -> None:
    """How far this store has a device's ops: their number, and the newest one's stamp."""
    store.conn.execute(
        "INSERT INTO _applied (community, device, cseq, stamp) VALUES (:c, :d, :s, :st) "
        "ON CONFLICT (community, device) DO UPDATE SET cseq = max(cseq, excluded.cseq), "
        "stamp = CASE WHEN excluded.stamp > coalesce(stamp, '') THEN excluded.stamp "
        "ELSE stamp END",
        {"c": community, "d": device, "s": cseq, "st": stamp},
    )


def note_writer(store: Store, table: str, row_id: str, device: str, stamp: str) -> None:
    """Remember the newest write of `device` to a row, even one that lost every field."""
    key = f'$."@{device}"'
    store.conn.execute(
        f"INSERT INTO {CLOCK} (tbl, row, clocks) VALUES (:t, :r, json_object(:k, :s)) "
        "ON CONFLICT (tbl, row) DO UPDATE SET clocks = json_set(clocks, :path, :s) "
        "WHERE coalesce(json_extract(clocks, :path), '') < :s",
        {"t": table, "r": row_id, "k": f"@{device}", "path": key, "s": stamp},
    )


# --- rows and their clocks ---------------------------------------------------------


def row_state(store: Store, table: str, row_id: str) -> tuple[dict | None, dict[str, Any]]:
    row = store.get(table, row_id)
    found = store.conn.execute(
        f"SELECT clocks FROM {CLOCK} WHERE tbl = :t AND row = :r", {"t": table, "r": row_id}
    ).fetchone()
    return row, (json.loads(found[0]) if found else {})


def write_row(
    store: Store, table: str, row_id: str, values: dict[str, Any], clocks: dict, exists: bool
) -> None:
    """Write merged values and their clocks; the caller has switched capture off."""
    if values:
        # Plain statements: no read-back and no undo record, as for any remote change.
        store.check_columns(table, values)
        stamp = _utc_now()
        if exists:
            assignments = ", ".join(f"[{n}] = :{n}" for n in values)
            store.conn.execute(
                f"UPDATE [{table}] SET {assignments}, updated_at = :_at WHERE id = :_id",
                {**values, "_at": stamp, "_id": row_id},
            )
        else:
            row = {"created_at": stamp, **values, "id": row_id, "updated_at": stamp}
            store.conn.execute(
                f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in row)}) "
                f"VALUES ({', '.join(':' + n for n in row)})",
                row,
            )
    if clocks:
        store.conn.execute(
            f"INSERT INTO {CLOCK} (tbl, row, clocks) VALUES (:t, :r, :c) "
            "ON CONFLICT (tbl, row) DO UPDATE SET clocks = json_patch(clocks, excluded.clocks)",
            {"t": table, "r": row_id, "c": json.dumps(clocks, separators=(",", ":"))},
        )


def set_deleted(store: Store, table: str, row_id: str, deleted: int) -> None:
    """Revive or re-bury a row as its merged clocks say; its clocks stay as they are."""
    store.check_columns(table, ())
    store.conn.execute(
        f"UPDATE [{table}] SET deleted = :d, updated_at = :at WHERE id = :id",
        {"d": deleted, "at": _utc_now(), "id": row_id},
    )


# --- 3-way merge versions ----------------------------------------------------------


def text_versions(store: Store, table: str, row: str, field: str, base: str) -> dict[str, str]:
    rows = store.conn.execute(
        "SELECT stamp, value FROM _text_version "
        "WHERE tbl = :t AND row = :r AND field = :f AND base_stamp = :b",
        {"t": table, "r": row, "f": field, "b": base},
    ).fetchall()
    return dict(rows)


def add_text_version(
    store: Store, table: str, row: str, field: str, base: str, stamp: str, value: str | None
) -> None:
    store.conn.execute(
        "INSERT OR IGNORE INTO _text_version (tbl, row, field, base_stamp, stamp, value) "
        "VALUES (:t, :r, :f, :b, :s, :v)",
        {"t": table, "r": row, "f": field, "b": base, "s": stamp, "v": value},
    )


# --- conflicts and notices ---------------------------------------------------------


def add_conflict(store: Store, conflict: dict[str, Any]) -> bool:
    """Record a value that lost to a concurrent one; False when it was already known."""
    cursor = store.conn.execute(
        "INSERT OR IGNORE INTO _conflict (id, community, tbl, row, field, winner_value, "
        "winner_stamp, loser_value, loser_stamp, resolved, created_at) VALUES (:id, "
        ":community, :tbl, :row, :field, :winner_value, :winner_stamp, :loser_value, "
        ":loser_stamp, 0, :at)",
        {**conflict, "at": _utc_now()},
    )
    return cursor.rowcount == 1


def conflicts(store: Store, community: str, *, resolved: bool = False) -> list[dict[str, Any]]:
    return store.query(
        "SELECT * FROM _conflict WHERE community = :c AND resolved = :r ORDER BY created_at, id",
        {"c": community, "r": 1 if resolved else 0},
    )


def conflict(store: Store, conflict_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM _conflict WHERE id = :id", {"id": conflict_id})
    return rows[0] if rows else None


def mark_resolved(store: Store, conflict_ids: list[str], community: str | None = None) -> None:
    """Resolved here or elsewhere; a resolution may arrive before the conflict does."""
    for conflict_id in conflict_ids:
        store.conn.execute(
            "INSERT INTO _conflict (id, community, resolved, created_at) VALUES (:id, :c, 1, :at) "
            "ON CONFLICT (id) DO UPDATE SET resolved = 1",
            {"id": conflict_id, "c": community, "at": _utc_now()},
        )


def add_notice(store: Store, notice_id: str, community: str, table: str, row: str, kind: str):
    store.conn.execute(
        "INSERT OR IGNORE INTO _notice (id, community, tbl, row, kind, created_at) "
        "VALUES (:id, :c, :t, :r, :k, :at)",
        {"id": notice_id, "c": community, "t": table, "r": row, "k": kind, "at": _utc_now()},
    )


def notices(store: Store, community: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT * FROM _notice WHERE community = :c ORDER BY created_at, id", {"c": community}
    )


# --- ops waiting for a newer Kring -------------------------------------------------


def add_pending(store: Store, community: str, op: Op) -> None:
    store.conn.execute(
        "INSERT OR IGNORE INTO _pending (community, device, cseq, op) VALUES (:c, :d, :s, :op)",
        {"c": community, "d": op.device, "s": op.seq, "op": json.dumps(op.to_wire())},
    )


def pending(store: Store) -> list[tuple[str, Op]]:
    rows = store.conn.execute("SELECT community, device, op FROM _pending").fetchall()
    return [(c, Op.from_wire(d, json.loads(op))) for c, d, op in rows]


def drop_pending(store: Store, community: str, op: Op) -> None:
    store.conn.execute(
        "DELETE FROM _pending WHERE community = :c AND device = :d AND cseq = :s",
        {"c": community, "d": op.device, "s": op.seq},
    )


# --- snapshots ---------------------------------------------------------------------


def community_rows(store: Store, table: str, community: str) -> tuple[list[str], list[list]]:
    """Every row of one community in `table` (tombstones too), each ending with its clocks."""
    column = "id" if table == "community" else "community"
    cursor = store.conn.execute(
        f"SELECT t.*, c.clocks FROM [{table}] t "
        f"LEFT JOIN {CLOCK} c ON c.tbl = :t AND c.row = t.id "
        f"WHERE t.[{column}] = :c ORDER BY t.id",
        {"t": table, "c": community},
    )
    names = [d[0] for d in cursor.description][:-1]
    return names, [list(row) for row in cursor.fetchall()]


def community_text_versions(store: Store, table: str, community: str) -> list[list]:
    """The concurrent text versions kept for rows of one community in `table`."""
    column = "id" if table == "community" else "community"
    rows = store.conn.execute(
        f"SELECT v.row, v.field, v.base_stamp, v.stamp, v.value FROM _text_version v "
        f"JOIN [{table}] t ON t.id = v.row WHERE v.tbl = :t AND t.[{column}] = :c "
        "ORDER BY v.row, v.field, v.base_stamp, v.stamp",
        {"t": table, "c": community},
    ).fetchall()
    return [list(row) for row in rows]


def own_prior(store: Store, community: str, table: str, row: str, hlc: str) -> dict[str, Any]:
    """The texts this device's own write stamped `hlc` overwrote (for a 3-way merge)."""
    found = store.conn.execute(
        f"SELECT prior FROM {OPLOG} WHERE community = :c AND hlc = :h AND tbl = :t AND row = :r",
        {"c": community, "h": hlc, "t": table, "r": row},
    ).fetchone()
    return (_loads(found[0]) or {}) if found else {}
