"""One sync of a community: push this device's new changesets, then pull and apply everyone else's.

Runs on the thread that owns the store (a worker thread in the app).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from app.store import replica
from app.store.db import Store
from app.sync import changeset
from app.sync.merge import apply_changeset
from app.sync.ops import ApplyReport
from app.sync.transport import Transport

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
    if abort is not None and abort.is_set():
        return report
    _pull(store, community, transport, device, report, progress, abort)
    return report


def _push(store: Store, community: str, transport: Transport, device: str, report) -> None:
    done = transport.pushed(community, device)
    if done >= replica.last_own_seq(store, community):
        return
    ops = replica.own_ops(store, community, after=done)
    for start in range(0, len(ops), CHUNK):
        chunk = ops[start : start + CHUNK]
        blob = changeset.encode(community, device, chunk)
        transport.push(community, device, chunk[0].seq, chunk[-1].seq, blob)
        report.sent += len(chunk)


def _pull(store, community, transport, device, report, progress, abort) -> None:
    applied = replica.applied(store, community)
    by_device = defaultdict(list)
    for ref in transport.available(community, exclude=device):
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
        header, ops = changeset.decode(transport.fetch(ref))
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
        report.held.update(result.held)
        report.waiting += 1
    return ok
