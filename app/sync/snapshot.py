"""Snapshots: a community's whole state with its clocks, for joining and for compacting old files.

A snapshot holds every row of the community (tombstones too) with its `_clock`
entry, what merging remembers about it (conflicts, concurrent text versions,
notices, ops with fields the writer did not know), and the `_applied` vector it
reflects, the writer's own ops included. It is checksummed and versioned like a
changeset, and sealed with the community key like one when the community is
encrypted (only community, device, time, the applied vector and key id stay
readable). Loading one is a merge, field by field, so it is safe on a store
that already holds part of the community (a device back after a long absence).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, runtime_checkable

from app.store import replica, schema
from app.store.db import Store
from app.sync import crypto, merge
from app.sync.changeset import Incomplete, KeyMissing, TooNew, split_framed
from app.sync.clock import ClockDrift, Stamp
from app.sync.crypto import CommunityKey, KeyRing
from app.sync.ops import ApplyReport, Op
from app.sync.transport import Ref, Transport

MAGIC = b"KRING-SNAPSHOT\n"
FORMAT = 1  # the newest snapshot format this Kring reads and writes
SUFFIX = ".kss"
_LOCAL = {"updated_at"}  # bookkeeping of the device that wrote the snapshot


@dataclass(frozen=True)
class SnapshotHeader:
    community: str
    device: str
    hlc: str  # when it was taken, on the writer's clock
    applied: dict[str, int]  # per device, the last seq the state reflects (writer's own too)
    rows: int
    format: int = FORMAT
    key_id: str | None = None
    sha256: str = ""
    size: int = 0


@dataclass(frozen=True, order=True)
class SnapshotRef:
    """One snapshot file; refs sort oldest first (by the time part of their stamp)."""

    hlc: str
    device: str
    key: str


@runtime_checkable
class SnapshotTransport(Transport, Protocol):
    """A transport that also keeps snapshots, so that old changesets can be compacted."""

    def snapshots(self, community: str) -> list[SnapshotRef]: ...

    def put_snapshot(self, community: str, device: str, hlc: str, blob: bytes) -> SnapshotRef: ...

    def fetch_snapshot(self, ref: SnapshotRef) -> bytes: ...

    def device_refs(self, community: str, device: str) -> list[Ref]: ...

    def remove(self, community: str, device: str, keys: list[str]) -> int: ...

    def applied_by_device(self, community: str) -> dict[str, dict[str, int]]: ...

    def write_applied(self, community: str, device: str, applied: dict[str, int]) -> bool: ...


_AAD_KIND = "kring-snapshot"
_AAD_FIELDS = ("community", "device", "hlc", "applied", "rows", "format", "key_id")


@dataclass
class Body:
    seen: dict[str, str] = field(default_factory=dict)  # per device, its newest stamp here
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    text_versions: dict[str, list[list]] = field(default_factory=dict)
    notices: list[list] = field(default_factory=list)
    pending: list[list] = field(default_factory=list)


# --- writing -------------------------------------------------------------------------


def build(
    store: Store, community: str, key: CommunityKey | None = None
) -> tuple[SnapshotHeader, bytes]:
    """The snapshot of `community` as it is in `store` now (read in one transaction)."""
    me = store.device_id
    body = Body()
    seen = body.seen
    count = 0
    with store.transaction():
        for table in schema.SYNCED_TABLES:
            names, rows = replica.community_rows(store, table, community)
            keep = [i for i, name in enumerate(names) if name not in _LOCAL]
            block = []
            for row in rows:
                if not row[-1]:
                    continue  # written before change capture existed: never synced
                clocks = json.loads(row[-1])
                _note_stamps(seen, clocks)
                block.append([row[i] for i in keep] + [clocks])
            if block:
                body.tables[table] = {"columns": [names[i] for i in keep], "rows": block}
                count += len(block)
            versions = replica.community_text_versions(store, table, community)
            if versions:
                body.text_versions[table] = versions
        body.conflicts = [
            {k: v for k, v in c.items() if k != "created_at"}
            for resolved in (False, True)
            for c in replica.conflicts(store, community, resolved=resolved)
        ]
        body.notices = [[n["id"], n["tbl"], n["row"], n["kind"]]
                        for n in replica.notices(store, community)]  # fmt: skip
        body.pending = [[op.device, op.to_wire()] for c, op in replica.pending(store)
                        if c == community]  # fmt: skip
        applied = replica.applied(store, community)
        own = replica.last_own_seq(store, community)
        if own:
            applied[me] = own
            last = replica.own_ops(store, community, after=own - 1, limit=1)
            _note(seen, last[0].hlc)
        assert store.clock is not None
        stamp = store.clock.now().encode()
        store.set_meta("clock_seen", stamp)
    payload = zlib.compress(
        json.dumps(body.__dict__, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), 6
    )
    header = SnapshotHeader(community, me, stamp, applied, count, FORMAT,
                            key.key_id if key is not None else None)  # fmt: skip
    if key is not None:
        payload = crypto.seal(key, _aad(header), payload)
    header = replace(header, sha256=hashlib.sha256(payload).hexdigest(), size=len(payload))
    return header, MAGIC + json.dumps(header.__dict__, sort_keys=True).encode() + b"\n" + payload


def _aad(header: SnapshotHeader) -> bytes:
    return crypto.associated_data(_AAD_KIND, {f: getattr(header, f) for f in _AAD_FIELDS})


def file_stamp(hlc: str) -> str:
    """The time part of a stamp, as in snapshot file names: `<device>-<this>.kss`."""
    return hlc[:16]


def _note_stamps(seen: dict[str, str], clocks: dict[str, Any]) -> None:
    for key, entry in clocks.items():
        _note(seen, entry if key == "*" or key.startswith("@") else entry[0])


def _note(seen: dict[str, str], stamp: str | None) -> None:
    if stamp:
        device = Stamp.decode(stamp).device
        if stamp > seen.get(device, ""):
            seen[device] = stamp


# --- reading -------------------------------------------------------------------------


def read_header(blob: bytes) -> tuple[SnapshotHeader, bytes]:
    """The header and the payload; raises Incomplete (not all there yet) or TooNew."""
    header, payload, intact = split_framed(blob, MAGIC, FORMAT, SnapshotHeader)
    if not intact:
        raise Incomplete("checksum")
    return header, payload


def decode(blob: bytes, keys: KeyRing | None = None) -> tuple[SnapshotHeader, Body]:
    """Header and body; raises Incomplete, TooNew, KeyMissing (no key to open it) or Tampered."""
    header, payload = read_header(blob)
    if header.key_id is not None:
        key = keys.get(header.key_id) if keys is not None else None
        if key is None:
            raise KeyMissing(header.device, str(header.key_id))
        payload = crypto.open_sealed(key, _aad(header), payload)
    try:
        raw = json.loads(zlib.decompress(payload).decode("utf-8"))
        body = Body(**{k: v for k, v in raw.items() if k in Body.__dataclass_fields__})
    except (ValueError, TypeError, zlib.error) as exc:
        raise Incomplete("unreadable payload") from exc
    return header, body


# --- loading -------------------------------------------------------------------------


def load(
    store: Store, community: str, header: SnapshotHeader, body: Body, report: ApplyReport
) -> bool:
    """Merge a snapshot into `store` in one transaction; False when held back (clock drift).

    Raises TooNew when the snapshot holds tables or fields this Kring does not know.

    A field whose local value the snapshot's writer had already applied (its stamp
    is within the writer's horizon for that stamp's device) takes the snapshot's
    value and clock as they are: a later state of the same history, not a
    concurrent edit. Any other field goes through the ordinary per-field merge,
    as an op stamped with the field's clock.
    """
    if _unknown(store, body):
        # Its rows have no seqs to keep unknown fields by until an upgrade: use changesets.
        raise TooNew(header.device, header.format)
    me = store.device_id
    assert store.clock is not None
    newest = max((Stamp.decode(s) for s in body.seen.values()), default=None)
    if newest is not None:
        try:
            store.clock.check(newest)
        except ClockDrift:
            report.held.append(header.device)
            return False
    horizon = dict(body.seen)
    if header.applied.get(me):
        covered = replica.own_ops(store, community, after=header.applied[me] - 1, limit=1)
        if covered:
            _note(horizon, covered[0].hlc)
    with store.transaction(), store.capture_off():
        merged_rows = []
        for table, block in body.tables.items():
            for values in block["rows"]:
                row = dict(zip(block["columns"], values[:-1], strict=True))
                if _load_row(store, community, table, row, values[-1], horizon, report):
                    merged_rows.append((table, row["id"]))
        for device, wire in body.pending:
            merge.apply_op(store, community, Op.from_wire(device, wire), report)
        for table, row_id in merged_rows:
            merge.settle_tombstone(store, community, table, row_id)
        _load_merge_state(store, community, body, report)
        for device, seq in header.applied.items():
            if device != me:
                replica.set_applied(store, community, device, seq, body.seen.get(device))
        if newest is not None:
            store.clock.observe(newest)
            store.set_meta("clock_seen", store.clock.last.encode())
    with store.transaction():
        merge.finish_text_merges(store, community, report)
    return True


def _load_row(store, community, table, row, clocks, horizon, report: ApplyReport) -> bool:
    """Load one row; True when it merged into a row this store already had."""
    row_id = row["id"]
    local, local_clocks = replica.row_state(store, table, row_id)
    direct: dict[str, Any] = {}
    direct_clocks: dict[str, Any] = {}
    groups: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    for name, value in row.items():
        stamp, base = merge.field_clock(clocks, name)
        if name == "id" or stamp is None:
            continue
        entry = clocks.get(name) or [stamp, None]
        if local is None or _covered(store, table, row_id, name, local_clocks, horizon):
            direct[name], direct_clocks[name] = value, entry
        else:
            seen = entry[2] if name == "deleted" and len(entry) > 2 else None
            seen_key = None if seen is None else json.dumps(seen, sort_keys=True)
            groups.setdefault((stamp, base, seen_key), {})[name] = value
    if direct:
        exact = local is None and len(direct) == len(row) - 1
        replica.write_row(store, table, row_id, direct, clocks if exact else direct_clocks,
                          exists=local is not None)  # fmt: skip
        report.applied += 1
    for (stamp, base, seen), fields in sorted(groups.items(), key=lambda g: g[0][0]):
        bases: dict[str, str | None] = dict.fromkeys(fields, base)
        if seen is not None:
            bases["_seen"] = json.loads(seen)
        prior = _own_priors(store, community, table, row_id, fields, local_clocks)
        op = Op(Stamp.decode(stamp).device, 0, stamp, table, row_id, fields, bases, prior or None)
        merge.apply_op(store, community, op, report)
    for key, stamp in clocks.items():
        if key.startswith("@"):  # writes that lost everywhere still count for deletes
            replica.note_writer(store, table, row_id, key[1:], stamp)
    return local is not None


def _unknown(store: Store, body: Body) -> bool:
    """Does the snapshot hold tables or fields this Kring does not know yet?"""
    for table, block in body.tables.items():
        if table not in schema.SYNCED_TABLES or not set(block["columns"]) <= store.columns(table):
            return True
    return False


def _covered(store, table, row_id, name, local_clocks, horizon) -> bool:
    """Did the snapshot's writer already apply the write behind this local field value?"""
    stamp, base = merge.field_clock(local_clocks, name)
    if stamp is None:
        return True
    if stamp > horizon.get(Stamp.decode(stamp).device, ""):
        return False  # a write the snapshot has not seen: merge it
    # A 3-way merged text carries the newest stamp of the versions it combines, not
    # the value of that write: merge it with the snapshot's version again.
    long_text = name in schema.LONG_TEXT.get(table, ())
    return not (long_text and base and replica.text_versions(store, table, row_id, name, base))


def _own_priors(store, community, table, row_id, fields, local_clocks) -> dict[str, Any]:
    """For long texts last written here, the text they overwrote: what a 3-way merge needs."""
    me = store.device_id
    priors: dict[str, Any] = {}
    for name in fields:
        if name not in schema.LONG_TEXT.get(table, ()):
            continue
        stamp, _base = merge.field_clock(local_clocks, name)
        if stamp and Stamp.decode(stamp).device == me:
            own = replica.own_prior(store, community, table, row_id, stamp)
            if name in own:
                priors[name] = own[name]
    return priors


def _load_merge_state(store: Store, community: str, body: Body, report: ApplyReport) -> None:
    """Conflicts, notices and text versions the snapshot's writer knew of (all idempotent)."""
    for conflict in body.conflicts:
        fields = {k: conflict.get(k) for k in ("id", "tbl", "row", "field", "winner_value",
                  "winner_stamp", "loser_value", "loser_stamp")}  # fmt: skip
        added = replica.add_conflict(store, {**fields, "community": community})
        if conflict.get("resolved"):
            replica.mark_resolved(store, [conflict["id"]], community)
        else:
            report.conflicts += int(added)
    for notice_id, table, row_id, kind in body.notices:
        replica.add_notice(store, notice_id, community, table, row_id, kind)
    for table, versions in body.text_versions.items():
        for row_id, name, base, stamp, value in versions:
            replica.add_text_version(store, table, row_id, name, base, stamp, value)
