"""A community's sync targets (a shared folder, a server), one sync through both, its history.

Kept in this data folder's local settings (never synced): which folder and which
server a community syncs with, and the last syncs with their outcome in the
facilitator's words. `sync_all` runs on the thread that owns the workspace's store
(a worker thread in the app); the rest are quick reads and writes for any thread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.errors import KringError, NotFound, ValidationError
from app.i18n import _, plural
from app.services.workspace import Workspace
from app.store import replica
from app.sync.clock import Stamp

if TYPE_CHECKING:
    from app.sync.engine import SyncReport

# The sync machinery (transports, crypto, httpx) is imported by the functions that sync:
# the status bar reads the state at start-up and should not pay for loading it.

HISTORY_LIMIT = 50
FOLDER, SERVER = "folder", "server"
Progress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class Targets:
    """Where a community syncs: a shared folder, a server (its address), both, or neither."""

    folder: str | None = None
    server: str | None = None

    def __bool__(self) -> bool:
        return bool(self.folder or self.server)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One sync with one target, as the facilitator reads it afterwards."""

    at: str  # UTC ISO-8601
    target: str  # FOLDER or SERVER
    where: str  # the folder's path or the server's address
    ok: bool
    message: str
    sent: int = 0
    received: int = 0
    conflicts: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SyncState:
    """What the status bar shows about a community."""

    targets: Targets
    waiting: int  # this device's changes not sent to every target yet
    conflicts: int
    last_synced: str | None  # UTC ISO-8601 of the last sync that worked
    last_error: str | None  # the message of the last sync, when it failed


def _folder_key(community_id: str) -> str:
    return f"sync.{community_id}.folder"  # as app.services.sync remembers it


def _history_key(community_id: str) -> str:
    return f"sync.{community_id}.history"


def _link_key(community_id: str) -> str:
    return f"server.{community_id}.link"  # as app.services.server_sync remembers it


# --- targets ---------------------------------------------------------------------------


def targets(ws: Workspace, community_id: str) -> Targets:
    raw = ws.store.meta(_link_key(community_id))
    server = json.loads(raw)["url"] if raw else None
    return Targets(ws.store.meta(_folder_key(community_id)), server)


def set_folder(ws: Workspace, community_id: str, folder: Path | str) -> Targets:
    """Sync `community_id` through this shared folder from now on (it may be missing now:
    a USB stick not plugged in yet); the folder of the live database is refused."""
    _require(ws, community_id)
    text = str(folder).strip()
    if not text:
        raise ValidationError(_("Choose a shared folder first."), "folder")
    path = Path(text).expanduser().absolute()
    if path.exists() and not path.is_dir():
        raise ValidationError(_("{folder} is a file, not a folder.").format(folder=path), "folder")
    data = Path(ws.store.path).parent.absolute()
    if path == data or data in path.parents:
        raise ValidationError(
            _("Kring's own data folder cannot be the shared folder; choose another one."),
            "folder",
        )
    ws.store.set_meta(_folder_key(community_id), str(path))
    return targets(ws, community_id)


def remove_folder(ws: Workspace, community_id: str) -> Targets:
    """Stop syncing through the shared folder (the folder itself is left as it is)."""
    ws.store.set_meta(_folder_key(community_id), None)
    return targets(ws, community_id)


def remove_server(ws: Workspace, community_id: str) -> Targets:
    """Stop syncing with the server, forgetting this device's token (in the system keyring
    too); joining again needs a new invite."""
    from app.services import server_sync

    server_sync.forget_link(ws, community_id)
    return targets(ws, community_id)


def folder_reachable(folder: str) -> bool:
    """Whether the shared folder is there right now (a USB stick plugged in, a share mounted).
    Never raises: a folder Kring may not look into is not there for it."""
    try:
        return Path(folder).is_dir()
    except OSError:
        return False


async def server_reachable(url: str) -> bool:
    """Whether the server answers its health check; for the event loop, never raises."""
    from app.sync import http

    return await http.reachable(url)


# --- state -----------------------------------------------------------------------------


def waiting(ws: Workspace, community_id: str) -> int:
    """This device's changes that some target of the community has not received yet."""
    where = targets(ws, community_id)
    sent: list[int] = []
    if where.folder:
        sent.append(_pushed(ws, f"folder:{where.folder}", community_id))
    if where.server:
        on_server = json.loads(ws.store.meta(_link_key(community_id)) or "{}")
        sent.append(_pushed(ws, f"server:{on_server.get('community_on_server')}", community_id))
    # This device's changes are numbered 1, 2, 3… per community with no gaps: the newest
    # number says how many came after the least any target has (one index lookup).
    return max(0, replica.last_own_seq(ws.store, community_id) - min(sent, default=0))


def _pushed(ws: Workspace, location: str, community_id: str) -> int:
    # What the sync engine remembers having sent to that location (engine._push).
    return int(ws.store.meta(f"pushed:{location}:{community_id}") or 0)


def state(ws: Workspace, community_id: str) -> SyncState:
    """Where the community syncs, what waits, open conflicts, and how the last sync went."""
    entries = history(ws, community_id)
    last_ok = [e.at for e in entries if e.ok]
    # Syncs from the command line are remembered too (without a history entry).
    for key in (f"sync.{community_id}.last", f"server.{community_id}.last"):
        raw = ws.store.meta(key)
        if raw:
            last_ok.append(json.loads(raw)["at"])
    return SyncState(
        targets=targets(ws, community_id),
        waiting=waiting(ws, community_id),
        conflicts=len(replica.conflicts(ws.store, community_id)),
        last_synced=max(last_ok, default=None),
        last_error=entries[0].message if entries and not entries[0].ok else None,
    )


# --- history ---------------------------------------------------------------------------


def history(ws: Workspace, community_id: str) -> list[HistoryEntry]:
    """The last syncs of a community, newest first."""
    raw = ws.store.meta(_history_key(community_id))
    return [HistoryEntry(**entry) for entry in json.loads(raw)] if raw else []


def record(ws: Workspace, community_id: str, entry: HistoryEntry) -> None:
    """Remember one sync; only the last HISTORY_LIMIT are kept."""
    kept = [entry, *history(ws, community_id)][:HISTORY_LIMIT]
    ws.store.set_meta(_history_key(community_id), json.dumps([e.to_dict() for e in kept]))


# --- syncing ---------------------------------------------------------------------------


def sync_all(
    ws: Workspace,
    community_id: str,
    *,
    progress: Progress | None = None,
    abort: threading.Event | None = None,
    server_timeout: float | None = None,
) -> list[HistoryEntry]:
    """Sync the community through its folder, then its server; each outcome is recorded.

    A target that fails (a folder gone, a server not answering) is reported in its
    entry and leaves the data as it was; the other target is still tried. With both,
    other devices' changes are passed between the folder and the server.
    """
    from app.services import server_sync, sync

    _require(ws, community_id)
    where = targets(ws, community_id)
    if not where:
        raise KringError(_("This community is not set up to sync yet: choose a shared folder "
                           "or join a server on the Sync page."))  # fmt: skip
    steps = [t for t in (FOLDER, SERVER) if getattr(where, t)]
    entries = []
    folder_ok = False
    for index, target in enumerate(steps):
        if abort is not None and abort.is_set():
            break

        def part(fraction: float, message: str, index: int = index) -> None:
            if progress is not None:
                progress((index + fraction) / len(steps), message)

        part(0.0, "")
        try:
            if target == FOLDER:
                report = sync.sync_folder(ws, community_id, where.folder, progress=part,
                                          abort=abort)  # fmt: skip
                folder_ok = True
            else:
                report = server_sync.sync_server(
                    ws, community_id, folder=where.folder if folder_ok else None,
                    progress=part, abort=abort, timeout=server_timeout,
                )  # fmt: skip
        except KringError as error:
            entry = HistoryEntry(_now(), target, getattr(where, target), False, str(error))
        else:
            entry = HistoryEntry(_now(), target, getattr(where, target), True, describe(report),
                                 report.sent, report.received, report.conflicts)  # fmt: skip
        record(ws, community_id, entry)
        entries.append(entry)
    if progress is not None:
        progress(1.0, "")
    return entries


def summary(report: SyncReport) -> str:
    """What was sent and received, in one line (`kring sync` prints it as it is)."""
    if not (report.sent or report.received or report.conflicts):
        return _("Nothing new.")
    sent = plural(report.sent, _("Sent 1 change"), _("Sent {n} changes"))
    if not report.received:
        text = sent + "."
    elif not report.sent:
        text = plural(report.received, _("Received 1 change."), _("Received {n} changes."))
    else:
        text = _("{sent}, received {received}.").format(sent=sent, received=report.received)
    if report.conflicts == 1:
        text += " " + _("1 conflict needs a look.")
    elif report.conflicts:
        text += " " + _("{n} conflicts need a look.").format(n=report.conflicts)
    return text


def describe(report: SyncReport) -> str:
    """What one sync did, in the facilitator's words: the summary, and what could not be read."""
    text = summary(report)
    # No device ids here: they mean nothing to a facilitator (`kring sync` names them).
    if report.too_new:
        text += " " + _("Another laptop uses a newer Kring: update Kring here to read its "
                        "changes.")  # fmt: skip
    if report.held:
        text += " " + _("Another laptop's clock is more than 5 minutes ahead: its changes "
                        "wait until its clock is right.")  # fmt: skip
    if report.rejected:
        text += " " + _("Some files in the shared folder claim to come from another laptop or "
                        "community and were left alone.")  # fmt: skip
    if report.locked:
        text += " " + _("This device cannot read the community's encrypted changes yet: unlock "
                        "it with the community's passphrase.")  # fmt: skip
    if report.waiting and not (report.too_new or report.held):
        text += " " + _("Some changes have not arrived completely yet; a later sync reads them.")
    return text


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _require(ws: Workspace, community_id: str) -> None:
    if not community_id or ws.store.get("community", community_id) is None:
        raise NotFound(_("There is no community with id {id}.").format(id=community_id))


def catch_up(ws: Workspace) -> None:
    """After a sync made by another workspace on the same data folder (a worker thread's):
    this workspace's clock moves past every stamp that sync saw, so that edits made here
    from now on win over the older ones that arrived."""
    seen = ws.store.meta("clock_seen")
    clock = ws.store.clock
    if not seen or clock is None:
        return
    stamp = Stamp.decode(seen)
    if (stamp.ms, stamp.counter) > (clock.last.ms, clock.last.counter):
        clock.last = Stamp(stamp.ms, stamp.counter, clock.last.device)
