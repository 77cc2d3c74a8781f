"""Applying other devices' ops: last writer wins per field, concurrent losers kept as conflicts.

Runs on the thread that owns the store, inside one transaction with capture off.
"""

from __future__ import annotations

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
    with store.transaction():
        with store.capture_off():
            for op in fresh:
                apply_op(store, community, op, report)
            replica.set_applied(store, community, device, fresh[-1].seq, fresh[-1].hlc)
        store.clock.observe(newest)
        store.set_meta("clock_seen", store.clock.last.encode())
        finish_text_merges(store, community, report)
    report.skipped += len(ops) - len(fresh)
    return True


def finish_text_merges(store: Store, community: str, report: ApplyReport) -> None:
    """Merge concurrent text edits that touch different words, as a new local edit.

    The merge itself decided by last writer wins and kept the loser as a conflict, so
    every replica holds the same state whatever order changes arrive in. Here, when
    the two edits do not overlap, this device writes the combined text as an ordinary
    edit that also resolves the conflict. Two devices doing so write the same text;
    if they ever differ, that is one more concurrent edit, merged the same way.
    Capture must be on: the merged text travels like any edit.
    """
    for table, row_id, field, prior, conflict_id in report.text_merges:
        found = replica.conflict(store, conflict_id)
        row = store.get(table, row_id)
        if not found or found["resolved"] or row is None or row["deleted"]:
            continue
        if row.get(field) != found["winner_value"]:
            continue  # a later edit arrived meanwhile
        merged = merge3(prior, found["winner_value"], found["loser_value"])
        if merged is None:
            continue
        replica.write_field(store, table, row_id, field, merged, {RESOLVES: [conflict_id]})
        replica.mark_resolved(store, [conflict_id], community)
        report.merged += 1
    report.text_merges.clear()


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
    if values:
        if row is None and op.base is None and len(values) == len(op.data):
            new_clocks = {"*": op.hlc}  # a whole new row: one stamp for every field
        replica.write_row(store, op.table, op.row, values, new_clocks, exists=row is not None)
        report.applied += 1
    else:
        report.skipped += 1
    if any(not name.startswith("_") for name in op.data):  # not a bare conflict resolution
        replica.note_writer(store, op.table, op.row, op.device, op.hlc)
    if ("deleted" in clocks or "deleted" in new_clocks) and settle_tombstone(
        store, community, op.table, op.row
    ):
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
    clock = [stamp, base]
    if field == "deleted":  # also what the deleter had seen, and the value (see settle_tombstone)
        clock = [stamp, base, (op.base or {}).get("_seen"), value]
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
    winner_is_incoming = stamp > local_stamp
    loser_value, loser_stamp = (local_value, local_stamp) if winner_is_incoming else (value, stamp)
    winner_value, winner_stamp = (
        (value, stamp) if winner_is_incoming else (local_value, local_stamp)
    )
    conflict = _record(store, community, op.table, op.row, field, winner_value, winner_stamp,
                       loser_value, loser_stamp, report)  # fmt: skip
    prior = (op.prior or {}).get(field)
    same_start = base == local_base and base is not None and op.prior and field in op.prior
    if conflict and same_start and field in schema.LONG_TEXT.get(op.table, ()):
        report.text_merges.append((op.table, op.row, field, prior, conflict))
    return (value, clock) if winner_is_incoming else None


def _record(store, community, table, row, field, winner, winner_stamp, loser, loser_stamp,
            report) -> str | None:  # fmt: skip
    """Keep the losing value of a concurrent edit; returns the conflict's id."""
    if winner == loser:
        return None
    found = conflict_id(table, row, field, loser_stamp)
    added = replica.add_conflict(
        store,
        {
            "id": found,
            "community": community, "tbl": table, "row": row, "field": field,
            "winner_value": _text(winner), "winner_stamp": winner_stamp,
            "loser_value": _text(loser), "loser_stamp": loser_stamp,
        },
    )  # fmt: skip
    report.conflicts += int(added)
    return found


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def settle_tombstone(store: Store, community: str, table: str, row_id: str) -> bool:
    """Whether a deleted row stays deleted, from the merged clocks alone (so every replica agrees).

    A delete notes the clock of every field as it saw them (`deleted` clock: [stamp,
    base, seen, value]). The row is deleted when the last write to `deleted` says so
    and no field has since been written without its writer seeing the delete: such an
    edit revives the record, and a notice says so. Returns True when it revived it.
    """
    row, clocks = replica.row_state(store, table, row_id)
    entry = clocks.get("deleted")
    if not row or not isinstance(entry, list):
        return False
    value = entry[3] if len(entry) > 3 else row["deleted"]
    wanted = 1 if value and not _edited_unseen(clocks, entry) else 0
    if row["deleted"] == wanted:
        return False
    replica.set_deleted(store, table, row_id, wanted)
    if wanted == 0:
        notice = str(uuid.uuid5(KRING_NAMESPACE, f"revived:{table}:{row_id}:{entry[0]}"))
        replica.add_notice(store, notice, community, table, row_id, "revived")
        return True
    return False


def _edited_unseen(clocks: dict[str, Any], entry: list) -> bool:
    """Has any device written to the row beyond what the delete had seen of that device?"""
    deleted_stamp = entry[0]
    deleter = Stamp.decode(deleted_stamp).device
    seen = entry[2] if len(entry) > 2 else None
    writers = {k[1:]: v for k, v in clocks.items() if k.startswith("@")}
    if writers and isinstance(seen, dict) and all(isinstance(v, str) for v in seen.values()):
        for device, stamp in writers.items():
            horizon = deleted_stamp if device == deleter else seen.get(device, "")
            if stamp > horizon:
                return True
        return False
    # Rows from before writers were noted: compare the fields' stamps.
    seen_clocks = seen if isinstance(seen, dict) else {"*": seen or deleted_stamp}
    for name, clock in clocks.items():
        if name == "deleted" or name.startswith("@"):
            continue
        stamp = clock if name == "*" else clock[0]
        if stamp == deleted_stamp:
            continue  # written by the deleting write itself
        seen_stamp = seen_clocks.get("*") if name == "*" else field_clock(seen_clocks, name)[0]
        if stamp > (seen_stamp or deleted_stamp):
            return True
    return False


def _only(op: Op, fields: dict[str, Any]) -> Op:
    return Op(op.device, op.seq, op.hlc, op.table, op.row, fields,
              {k: v for k, v in (op.base or {}).items() if k in fields} or None,
              {k: v for k, v in (op.prior or {}).items() if k in fields} or None,
              op.schema_version)  # fmt: skip
