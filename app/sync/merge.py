"""Applying other devices' ops: last writer wins per field, concurrent losers kept as conflicts.

Runs on the thread that owns the store, inside one transaction with capture off.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from app.domain.ids import KRING_NAMESPACE
from app.store import replica, schema
from app.store.db import Store
from app.sync.clock import ClockDrift, Stamp
from app.sync.ops import ApplyReport, Op
from app.sync.text_merge import merge3

RESOLVES = "_resolves"  # an op's list of conflict ids its write resolves


def conflict_id(table: str, row: str, field: str, loser_stamp: str) -> str:
    return str(uuid.uuid5(KRING_NAMESPACE, f"conflict:{table}:{row}:{field}:{loser_stamp}"))


def field_clock(clocks: dict[str, Any], field: str) -> tuple[str | None, str | None]:
    """(stamp, base) of a field's current value; fields untouched since creation share '*'."""
    entry = clocks.get(field)
    if entry is not None:
        return entry[0], entry[1]
    return clocks.get("*"), None


def apply_changeset(
    store: Store, community: str, device: str, ops: list[Op], report: ApplyReport
) -> bool:
    """Apply one device's contiguous ops in one transaction; False when held back."""
    done = replica.applied(store, community).get(device, 0)
    fresh = [op for op in ops if op.seq > done]
    if not fresh:
        report.skipped += len(ops)
        return True
    if fresh[0].seq != done + 1:
        return False  # an earlier changeset has not arrived yet
    assert store.clock is not None
    newest = max(Stamp.decode(op.hlc) for op in fresh)
    try:
        store.clock.check(newest)
    except ClockDrift:
        report.held.append(device)
        return False
    with store.transaction(), store.capture_off():
        for op in fresh:
            apply_op(store, community, op, report)
        replica.set_applied(store, community, device, fresh[-1].seq)
        store.clock.observe(newest)
        store.set_meta("clock_seen", store.clock.last.encode())
    report.skipped += len(ops) - len(fresh)
    return True


def apply_op(store: Store, community: str, op: Op, report: ApplyReport) -> None:
    if op.table not in schema.SYNCED_TABLES:
        replica.add_pending(store, community, op)
        report.pending_fields += len(op.data)
        return
    known = store.columns(op.table)
    unknown = {k: v for k, v in op.data.items() if k not in known and k != RESOLVES}
    if unknown:
        replica.add_pending(store, community, _only(op, unknown))
        report.pending_fields += len(unknown)
    if op.data.get(RESOLVES):
        replica.mark_resolved(store, list(op.data[RESOLVES]), community)
    row, clocks = replica.row_state(store, op.table, op.row)
    values: dict[str, Any] = {}
    new_clocks: dict[str, Any] = {}
    for field, value in op.data.items():
        if field not in known or field == RESOLVES:
            continue
        taken = _merge_field(store, community, op, field, value, row, clocks, report)
        if taken is not None:
            values[field], new_clocks[field] = taken
    if not values:
        report.skipped += 1
        return
    if row is None and op.base is None and len(values) == len(op.data):
        new_clocks = {"*": op.hlc}  # a whole new row: one stamp for every field
    replica.write_row(store, op.table, op.row, values, new_clocks, exists=row is not None)
    report.applied += 1
    maybe_deleted = values.get("deleted") or (row is not None and row.get("deleted"))
    if maybe_deleted and revive_if_edited(store, community, op.table, op.row):
        report.revived.append((op.table, op.row))


def apply_pending(store: Store) -> int:
    """Apply kept ops whose table and fields this Kring now knows (after an upgrade).

    Called when the store opens; each op merges by its own stamp, as it would have on arrival.
    """
    ready = [
        (community, op)
        for community, op in replica.pending(store)
        if op.table in schema.SYNCED_TABLES and set(op.data) & store.columns(op.table)
    ]
    if not ready:
        return 0
    report = ApplyReport()
    with store.transaction(), store.capture_off():
        for community, op in ready:
            replica.drop_pending(store, community, op)
            apply_op(store, community, op, report)  # keeps what is still unknown pending
    return len(ready)


def _merge_field(
    store: Store,
    community: str,
    op: Op,
    field: str,
    value: Any,
    row: dict | None,
    clocks: dict,
    report: ApplyReport,
) -> tuple[Any, list] | None:
    """The (value, clock) to write for one incoming field, or None to keep the local one."""
    stamp, base = op.hlc, (op.base or {}).get(field)
    clock = [stamp, base, (op.base or {}).get("_seen")] if field == "deleted" else [stamp, base]
    local_stamp, local_base = field_clock(clocks, field)
    if local_stamp is None or row is None:
        return value, clock
    if stamp == local_stamp or local_base == stamp:
        return None  # already have it, or the local value was written on top of it
    local_value = row.get(field)
    if base == local_stamp:
        return value, clock  # written on top of what we have
    if local_value == value:  # the same value either way: keep the later stamp, no conflict
        return (value, clock) if stamp > local_stamp else None
    # Concurrent: neither write saw the other.
    prior = (op.prior or {}).get(field)
    if field in schema.LONG_TEXT.get(op.table, ()) and base == local_base and base is not None:
        return _merge_text(store, community, op, field, value, prior, local_stamp,
                           local_value, report)  # fmt: skip
    winner_is_incoming = stamp > local_stamp
    loser_value, loser_stamp = (local_value, local_stamp) if winner_is_incoming else (value, stamp)
    winner_value, winner_stamp = (
        (value, stamp) if winner_is_incoming else (local_value, local_stamp)
    )
    _record(store, community, op.table, op.row, field, winner_value, winner_stamp,
            loser_value, loser_stamp, report)  # fmt: skip
    return (value, clock) if winner_is_incoming else None


def _merge_text(
    store: Store,
    community: str,
    op: Op,
    field: str,
    value: Any,
    prior: Any,
    local_stamp: str,
    local_value: Any,
    report: ApplyReport,
) -> tuple[Any, list] | None:
    """Fold every concurrent version of a text (same base) in stamp order: order-independent."""
    base = (op.base or {})[field]
    assert base is not None
    versions = replica.text_versions(store, op.table, op.row, field, base)
    if not versions:
        replica.add_text_version(store, op.table, op.row, field, base, local_stamp, local_value)
        versions[local_stamp] = local_value
    replica.add_text_version(store, op.table, op.row, field, base, op.hlc, value)
    versions[op.hlc] = value
    ordered = sorted(versions.items())
    merged_stamp, merged = ordered[0]
    for stamp, text in ordered[1:]:
        combined = merge3(prior, merged, text)
        if combined is None:
            _record(store, community, op.table, op.row, field, text, stamp, merged,
                    merged_stamp, report)  # fmt: skip
            merged = text
        else:
            merged = combined
            report.merged += 1
        merged_stamp = stamp
    stamp = merged_version_stamp(ordered, merged)
    if merged == local_value and stamp == local_stamp:
        return None
    return merged, [stamp, base]


def merged_version_stamp(versions: list[tuple[str, Any]], merged: Any) -> str:
    """The stamp of a fold's result: the newest version's own, unless the text is a new one.

    A merged text gets a stamp of its own (the newest stamp plus a digest of every
    version folded), the same on every replica: sharing the newest version's stamp
    would make an edit based on that version look based on the merge. It still
    sorts right after that version and before any later write.
    """
    newest_stamp, newest_text = versions[-1]
    if merged == newest_text:
        return newest_stamp
    digest = hashlib.sha256("|".join(s for s, _t in versions).encode()).hexdigest()[:12]
    return f"{newest_stamp}+{digest}"


def _record(store, community, table, row, field, winner, winner_stamp, loser, loser_stamp,
            report) -> None:  # fmt: skip
    if winner == loser:
        return
    added = replica.add_conflict(
        store,
        {
            "id": conflict_id(table, row, field, loser_stamp),
            "community": community, "tbl": table, "row": row, "field": field,
            "winner_value": _text(winner), "winner_stamp": winner_stamp,
            "loser_value": _text(loser), "loser_stamp": loser_stamp,
        },
    )  # fmt: skip
    report.conflicts += int(added)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def revive_if_edited(store: Store, community: str, table: str, row_id: str) -> bool:
    """A delete loses to an edit stamped after it (made without seeing it): keep the record."""
    row, clocks = replica.row_state(store, table, row_id)
    if not row or not row.get("deleted") or not isinstance(clocks.get("deleted"), list):
        return False
    entry = clocks["deleted"]
    seen = (entry[2] if len(entry) > 2 else None) or entry[0]
    edits = [v if k == "*" else v[0] for k, v in clocks.items() if k != "deleted"]
    if max(edits, default="") > seen:
        store.update(table, row_id, {"deleted": 0})
        notice = str(uuid.uuid5(KRING_NAMESPACE, f"revived:{table}:{row_id}:{entry[0]}"))
        replica.add_notice(store, notice, community, table, row_id, "revived")
        return True
    return False


def _only(op: Op, fields: dict[str, Any]) -> Op:
    return Op(op.device, op.seq, op.hlc, op.table, op.row, fields,
              {k: v for k, v in (op.base or {}).items() if k in fields} or None,
              {k: v for k, v in (op.prior or {}).items() if k in fields} or None,
              op.schema_version)  # fmt: skip
