"""One sync of a community: push this device's new changesets, then pull and apply everyone else's.

With a transport that keeps snapshots (the folder), a new replica, or one that
finds changesets it misses compacted away, first loads the newest snapshot;
each sync records what this device has applied, so that `compact` knows which
of its own old changesets nobody needs any more.

Runs on the thread that owns the store (a worker thread in the app).
"""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from app.store import replica
from app.store.db import Store
from app.sync import changeset, crypto, snapshot
from app.sync.clock import MAX_DRIFT_MS, Stamp
from app.sync.merge import apply_changeset
from app.sync.ops import ApplyReport
from app.sync.snapshot import SnapshotTransport
from app.sync.transport import Ref, Transport, TransportError

CHUNK = 5_000  # ops per changeset: few, larger files suit folder sync tools


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    merged: int = 0
    revived: int = 0
    waiting: int = 0  # changesets not arrived completely yet, or behind a missing one
    too_new: set[str] = field(default_factory=set)  # devices running a newer Kring
    rejected: list[str] = field(default_factory=list)  # files that lie about their origin
    held: set[str] = field(default_factory=set)  # devices whose clock is too far ahead
    held_until: dict[str, int] = field(default_factory=dict)  # device: ms when it may apply
    snapshot: str | None = None  # the snapshot this sync loaded, if any
    locked: set[str] = field(default_factory=set)  # key ids of encrypted files not unlocked here


@dataclass
class CompactReport:
    snapshot: str  # this device's snapshot that now covers its removed changesets
    removed: int = 0  # this device's changeset files deleted
    waiting_for: list[str] = field(default_factory=list)  # devices that still need some


def sync(
    store: Store,
    community: str,
    transport: Transport,
    *,
    progress: Callable[[float, str], None] | None = None,
    abort: threading.Event | None = None,
) -> SyncReport:
    report = SyncReport()
    device = store.device_id
    _push(store, community, transport, device, report)
    device = store.device_id  # a restored data folder goes on as a new device
    if abort is not None and abort.is_set():
        return report
    refs = transport.available(community, exclude=device)
    if isinstance(transport, SnapshotTransport):
        _catch_up(store, community, transport, refs, report)
    _pull(store, community, transport, refs, report, progress, abort)
    if isinstance(transport, SnapshotTransport) and not (abort is not None and abort.is_set()):
        # Only a hint for compaction (which then keeps more files); the next sync writes it.
        with contextlib.suppress(TransportError):
            transport.write_applied(community, device, vector(store, community))
    return report


def vector(store: Store, community: str) -> dict[str, int]:
    """How far this store has every device's ops of a community, its own included."""
    applied = replica.applied(store, community)
    own = replica.last_own_seq(store, community)
    if own:
        applied[store.device_id] = own
    return applied


def _push(store: Store, community: str, transport: Transport, device: str, report) -> None:
    done = transport.pushed(community, device)
    remembered = f"pushed:{_location(transport)}:{community}"
    if done > int(store.meta(remembered) or 0):
        # The transport holds more of "our" changes than this copy remembers sending:
        # the data folder was restored from a backup, or copied to a second laptop.
        # Go on as a new device and resend the whole log; others skip what they have.
        device = store.new_device_id()
        done = transport.pushed(community, device)
    last = replica.last_own_seq(store, community)
    if done >= last:
        store.set_meta(remembered, str(done))
        return
    ops = replica.own_ops(store, community, after=done)
    for start in range(0, len(ops), CHUNK):
        chunk = ops[start : start + CHUNK]
        blob = changeset.encode(
            community, device, chunk, crypto.local_keys(store, community).current
        )
        transport.push(community, device, chunk[0].seq, chunk[-1].seq, blob)
        store.set_meta(remembered, str(chunk[-1].seq))
        report.sent += len(chunk)


def _location(transport: Transport) -> str:
    """Which folder or server community: a device may sync one community through several.

    A server is known by its community id, not its address, which may change."""
    where = getattr(transport, "community_on_server", None) or getattr(transport, "folder", None)
    return f"{transport.name}:{where}" if where else transport.name


# --- snapshots -------------------------------------------------------------------------


def _catch_up(store, community, transport: SnapshotTransport, refs: list[Ref], report) -> None:
    """Load snapshots, newest first, when this replica is new or misses compacted changesets.

    Usually one does; more are read only while some device's missing changesets are
    still not covered (a snapshot's writer may not have applied them all).
    """
    me = store.device_id
    first: dict[str, int] = {}
    for ref in refs:
        first[ref.device] = min(first.get(ref.device, ref.first), ref.first)

    def gap(applied: dict[str, int]) -> bool:
        return any(applied.get(d, 0) < f - 1 for d, f in first.items())

    applied = replica.applied(store, community)
    if not gap(applied) and (applied or replica.last_own_seq(store, community)):
        return
    keys = crypto.local_keys(store, community)
    for ref in sorted(transport.snapshots(community), reverse=True):
        if ref.device == me:
            continue
        try:
            header, body = snapshot.decode(transport.fetch_snapshot(ref), keys)
        except changeset.KeyMissing as exc:
            report.locked.add(exc.key_id)
            continue
        except changeset.Incomplete:
            continue  # still being copied: an older one may do
        except changeset.TooNew as exc:
            report.too_new.add(exc.device)
            continue
        except crypto.Tampered:
            report.rejected.append(ref.key)
            continue
        if header.device != ref.device or header.community != community:
            report.rejected.append(ref.key)
            continue
        if not any(seq > applied.get(d, 0) for d, seq in header.applied.items() if d != me):
            continue  # nothing this replica lacks
        result = ApplyReport()
        try:
            loaded = snapshot.load(store, community, header, body, result)
        except changeset.TooNew as exc:
            report.too_new.add(exc.device)
            continue
        if not loaded:
            report.held.add(header.device)
            report.held_until[header.device] = _wait_until(body.seen.values())
            continue
        report.snapshot = ref.key
        report.received += result.applied
        report.conflicts += result.conflicts
        report.merged += result.merged
        applied = replica.applied(store, community)
        if not gap(applied):
            return


def compact(store: Store, community: str, transport: SnapshotTransport) -> CompactReport:
    """Snapshot this device's state, then delete its own changesets nobody needs any more.

    A changeset file of this device goes when its ops are covered by the
    snapshot and every other device known in the folder says (in its
    applied.json) it has applied them. The newest file stays: it tells
    `pushed()` how far this device has sent. Other devices' files are never
    touched; this device's older snapshots are replaced by the new one.
    """
    me = store.device_id
    _push(store, community, transport, me, SyncReport())
    current = vector(store, community)
    key = crypto.local_keys(store, community).current
    own = sorted(r for r in transport.snapshots(community) if r.device == me)
    kept = None
    if own:
        try:
            header, _payload = snapshot.read_header(transport.fetch_snapshot(own[-1]))
            if (
                header.applied == current
                and header.community == community
                and header.key_id == (key and key.key_id)
            ):
                kept = own[-1]
        except (changeset.Incomplete, changeset.TooNew):
            pass  # unreadable: write a new one
    if kept is None:
        header, blob = snapshot.build(store, community, key)
        kept = transport.put_snapshot(community, me, header.hlc, blob)
    report = CompactReport(kept.key)
    covered = current.get(me, 0)
    others = {d: a for d, a in transport.applied_by_device(community).items() if d != me}
    report.waiting_for = sorted(d for d, a in others.items() if a.get(me, 0) < covered)
    floor = min([covered, *(a.get(me, 0) for a in others.values())])
    files = sorted(transport.device_refs(community, me), key=lambda r: (r.last, r.key))
    newest = max((r.last for r in files), default=0)
    doomed = [r.key for r in files if r.last <= floor and r.last < newest]
    report.removed = transport.remove(community, me, doomed)
    transport.remove(community, me, [r.key for r in own if r.key != kept.key])
    transport.write_applied(community, me, current)
    return report


# --- changesets ----------------------------------------------------------------------


def _pull(store, community, transport, refs, report, progress, abort) -> None:
    applied = replica.applied(store, community)
    by_device = defaultdict(list)
    for ref in refs:
        if ref.last > applied.get(ref.device, 0):
            by_device[ref.device].append(ref)
    total = sum(len(refs) for refs in by_device.values()) or 1
    seen = 0
    for other in sorted(by_device):
        for ref in sorted(by_device[other]):
            if abort is not None and abort.is_set():
                return
            seen += 1
            if progress:
                progress(seen / total, other)
            if ref.last <= replica.applied(store, community).get(other, 0):
                continue  # a copy of a changeset applied a moment ago
            if not _apply_file(store, community, transport, ref, report):
                report.waiting += sum(1 for r in by_device[other] if r.first > ref.first)
                break


def _apply_file(store, community, transport, ref, report: SyncReport) -> bool:
    """Apply one changeset file; False when later files of its device must wait."""
    try:
        header, ops = changeset.decode(transport.fetch(ref), crypto.local_keys(store, community))
    except changeset.KeyMissing as exc:
        report.locked.add(exc.key_id)
        return True  # the next files need that key too: reported once, not as "waiting"
    except changeset.Tampered:
        report.rejected.append(ref.key)
        return True
    except changeset.Incomplete:
        report.waiting += 1
        return True  # a conflict copy or a later complete file may still fill the gap
    except changeset.TooNew as exc:
        report.too_new.add(exc.device)
        return False
    if header.device != ref.device or header.community != community:
        report.rejected.append(ref.key)
        return True
    result = ApplyReport()
    ok = apply_changeset(store, community, ref.device, ops, result)
    report.received += result.applied
    report.conflicts += result.conflicts
    report.merged += result.merged
    report.revived += len(result.revived)
    if not ok:
        if result.held:
            report.held.update(result.held)
            report.held_until[ref.device] = _wait_until(op.hlc for op in ops)
        report.waiting += 1
    return ok


def _wait_until(stamps) -> int:
    """When (ms since the epoch) the newest of these stamps is no longer too far ahead."""
    return max((Stamp.decode(s).ms for s in stamps), default=0) - MAX_DRIFT_MS
