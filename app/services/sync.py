"""Sync use cases: a community through a shared folder, what is waiting, joining from a folder.

Runs on the thread that owns the workspace's store: in the app, a worker
thread with its own Workspace (syncing reads files and may take seconds).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.errors import KringError, NotFound
from app.i18n import _
from app.services import encryption
from app.services.workspace import Changes, Workspace
from app.store import replica, schema
from app.sync import changeset, crypto, engine, snapshot
from app.sync.engine import CompactReport, SyncReport
from app.sync.folder import FolderTransport, folder_error
from app.sync.merge import field_clock

Progress = Callable[[float, str], None]


def _folder_key(community_id: str) -> str:
    return f"sync.{community_id}.folder"


def _last_key(community_id: str) -> str:
    return f"sync.{community_id}.last"


def sync_folder(
    ws: Workspace,
    community_id: str,
    folder: Path | str | None = None,
    *,
    progress: Progress | None = None,
    abort: threading.Event | None = None,
) -> SyncReport:
    """Send this device's new changes to the shared folder and apply everyone else's.

    Without `folder`, the folder of this community's last sync is used. Each
    changeset is applied in its own transaction, so a failure part way leaves
    the data as it was after the last complete one.
    """
    _require(ws, community_id)
    transport = FolderTransport(_folder_for(ws, community_id, folder))
    return _sync(ws, community_id, transport, progress, abort)


def compact(ws: Workspace, community_id: str, folder: Path | str | None = None) -> CompactReport:
    """Write a snapshot, then delete this device's changesets every device has applied."""
    _require(ws, community_id)
    transport = FolderTransport(_folder_for(ws, community_id, folder))
    try:
        transport.check()
        return engine.compact(ws.store, community_id, transport)
    except OSError as exc:
        raise folder_error(exc, transport.folder) from exc


def status(ws: Workspace, community_id: str, folder: Path | str | None = None) -> dict[str, Any]:
    """What is waiting: changes to send (and, given a folder, to receive), conflicts, devices.

    Without `folder` nothing is read from the shared folder: changes to send are
    those made since the last sync recorded here.
    """
    _require(ws, community_id)
    store, me = ws.store, ws.store.device_id
    own = replica.last_own_seq(store, community_id)
    applied = replica.applied(store, community_id)
    raw = store.meta(_last_key(community_id))
    last = json.loads(raw) if raw else None
    devices = {d: {"device": d, "applied": seq, "this_device": False} for d, seq in applied.items()}
    devices[me] = {"device": me, "applied": own, "this_device": True}
    result: dict[str, Any] = {
        "community": community_id,
        "folder": store.meta(_folder_key(community_id)),
        "last_sync": last,
        "open_conflicts": len(replica.conflicts(store, community_id)),
        "to_receive": None,
    }
    if folder is None:
        result["to_send"] = max(0, own - (last or {}).get("pushed", 0))
    else:
        transport = FolderTransport(folder)
        try:
            transport.check()
            result["to_send"] = max(0, own - transport.pushed(community_id, me))
            newest: dict[str, int] = {}
            for ref in transport.available(community_id, exclude=me):
                newest[ref.device] = max(newest.get(ref.device, 0), ref.last)
        except OSError as exc:
            raise folder_error(exc, transport.folder) from exc
        result["to_receive"] = sum(max(0, n - applied.get(d, 0)) for d, n in newest.items())
        for device, seq in newest.items():
            devices.setdefault(device, {"device": device, "applied": 0, "this_device": False})
            devices[device]["in_folder"] = seq
    result["devices"] = sorted(devices.values(), key=lambda d: (not d["this_device"], d["device"]))
    return result


def communities_in_folder(folder: Path | str) -> list[dict[str, Any]]:
    """The communities a shared folder holds: id and name (None while unreadable)."""
    transport = FolderTransport(folder)
    found = []
    try:
        for community_id in transport.communities():
            name, deleted = _community_name(transport, community_id)
            if not deleted:
                found.append({"id": community_id, "name": name})
    except OSError as exc:
        raise folder_error(exc, transport.folder) from exc
    return sorted(found, key=lambda c: ((c["name"] or "").casefold(), c["id"]))


def join_folder(
    ws: Workspace, folder: Path | str, community_id: str, passphrase: encryption.Passphrase = None
) -> Changes:
    """Make this data folder a replica of a community in the shared folder (again: harmless)."""
    transport = FolderTransport(folder)
    try:
        transport.check()
        held = community_id in transport.communities()
    except OSError as exc:
        raise folder_error(exc, transport.folder) from exc
    if not held:
        raise NotFound(
            _("The shared folder {folder} holds no community with id {id}; "
              "`kring join --folder` lists the ones it does.").format(
                folder=transport.folder, id=community_id)
        )  # fmt: skip
    encryption.prepare_join(ws, transport.folder, community_id, passphrase)
    new = ws.store.get("community", community_id) is None
    report = _sync(ws, community_id, transport, None, None)
    if ws.store.get("community", community_id) is None:
        if report.too_new:
            raise KringError(_("Update Kring to read the changes from device {device}.").format(
                device=sorted(report.too_new)[0]))  # fmt: skip
        raise KringError(
            _(
                "Nothing of this community could be read from the shared folder yet (a sync "
                "tool may still be copying it); try again in a while."
            )
        )
    return Changes(_("Join community"), frozenset(schema.SYNCED_TABLES),
                   frozenset({community_id}), (community_id,) if new else ())  # fmt: skip


# --- helpers ---------------------------------------------------------------------------


def _require(ws: Workspace, community_id: str) -> None:
    # A community deleted here still syncs: its tombstone must reach the others.
    if not community_id or ws.store.get("community", community_id) is None:
        raise NotFound(_("There is no community with id {id}.").format(id=community_id))


def _folder_for(ws: Workspace, community_id: str, folder: Path | str | None) -> Path:
    if folder is not None:
        return Path(folder).expanduser()
    remembered = ws.store.meta(_folder_key(community_id))
    if remembered is None:
        raise KringError(
            _("Which shared folder? Give it once with --folder; later syncs remember it.")
        )
    return Path(remembered)


def _sync(ws, community_id, transport: FolderTransport, progress, abort) -> SyncReport:
    try:
        transport.check()
        encryption.ensure_published(ws, community_id, transport.folder)
        report = engine.sync(ws.store, community_id, transport, progress=progress, abort=abort)
        pushed = transport.pushed(community_id, ws.store.device_id)
    except OSError as exc:
        raise folder_error(exc, transport.folder) from exc
    store = ws.store
    store.set_meta(_folder_key(community_id), str(transport.folder.absolute()))
    summary = {
        "at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "sent": report.sent, "received": report.received, "conflicts": report.conflicts,
        "waiting": report.waiting, "pushed": pushed,
    }  # fmt: skip
    store.set_meta(_last_key(community_id), json.dumps(summary, sort_keys=True))
    return report


def _community_name(transport: FolderTransport, community_id: str) -> tuple[str | None, bool]:
    """The community's name and whether it is deleted, by the newest stamp in the folder."""
    best: dict[str, tuple[str, Any]] = {}

    def note(field: str, stamp: str | None, value: Any) -> None:
        if stamp and stamp > best.get(field, ("", None))[0]:
            best[field] = (stamp, value)

    for ref in sorted(transport.snapshots(community_id), reverse=True):
        try:
            _header, body = snapshot.decode(transport.fetch_snapshot(ref))
        except (changeset.Incomplete, changeset.TooNew, crypto.Tampered):
            continue  # sealed with the community key, still copying, or newer: not named here
        block = body.tables.get("community", {"columns": [], "rows": []})
        for values in block["rows"]:
            row = dict(zip(block["columns"], values[:-1], strict=True))
            if row.get("id") == community_id:
                for field in ("name", "deleted"):
                    note(field, field_clock(values[-1], field)[0], row.get(field))
        break
    for ref in transport.available(community_id, exclude=""):
        try:
            _header, ops = changeset.decode(transport.fetch(ref))
        except (changeset.Incomplete, changeset.TooNew, crypto.Tampered):
            continue
        for op in ops:
            if op.table == "community" and op.row == community_id:
                for field in ("name", "deleted"):
                    if field in op.data:
                        note(field, op.hlc, op.data[field])
    return best.get("name", ("", None))[1], bool(best.get("deleted", ("", 0))[1])
