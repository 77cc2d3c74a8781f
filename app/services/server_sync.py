"""Sync use cases through a Kring server: join with an invite, sync, keep the device token safe.

Per local community this data folder remembers the server's address, the
community's id on the server, the pull cursor, and the device token: in the
OS keyring when one is usable, else in the local database (whose files are
then made readable by their owner only).

Runs on the thread that owns the workspace's store: in the app, a worker
thread with its own Workspace (`sync_server_async` does that from the loop).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.errors import KringError, NotFound
from app.i18n import _
from app.services.workspace import Changes, Workspace
from app.store import replica, schema
from app.sync import changeset, engine, http
from app.sync.engine import SyncReport
from app.sync.folder import FolderTransport, folder_error
from app.sync.http import HttpTransport
from app.sync.transport import Ref

Progress = Callable[[float, str], None]
KEYRING_SERVICE = "Kring sync server"
KEYRING = "keyring"
DATABASE = "database"


@dataclass(frozen=True)
class ServerLink:
    url: str
    community_on_server: str
    token: str
    token_store: str  # KEYRING or DATABASE


@dataclass(frozen=True)
class JoinReport:
    community: str
    community_on_server: str
    token_store: str
    sync: SyncReport
    changes: Changes


def _key(community_id: str, what: str) -> str:
    return f"server.{community_id}.{what}"


# --- the link to a server, and where its token is kept -----------------------------------


def link(ws: Workspace, community_id: str) -> ServerLink | None:
    """The server a community syncs with (None when it has not joined one)."""
    raw = ws.store.meta(_key(community_id, "link"))
    if raw is None:
        return None
    saved = json.loads(raw)
    if saved["token_store"] == KEYRING:
        token = _keyring_get(_keyring_user(ws, community_id, saved))
        if token is None:
            raise KringError(
                _(
                    "The device token for this community's server is missing from "
                    "the system keyring; join again with a new invite."
                )
            )
    else:
        token = ws.store.meta(_key(community_id, "token")) or ""
    return ServerLink(saved["url"], saved["community_on_server"], token, saved["token_store"])


def _save_link(ws: Workspace, community_id: str, url: str, on_server: str, token: str) -> str:
    before = ws.store.meta(_key(community_id, "link"))
    if before is None or json.loads(before)["community_on_server"] != on_server:
        ws.store.set_meta(_key(community_id, "cursor"), "0")  # another server: pull it all
    saved = {"url": url.rstrip("/"), "community_on_server": on_server, "token_store": KEYRING}
    if not _keyring_set(_keyring_user(ws, community_id, saved), token):
        saved["token_store"] = DATABASE
        ws.store.set_meta(_key(community_id, "token"), token)
        _owner_only(ws.store.path)
    ws.store.set_meta(_key(community_id, "link"), json.dumps(saved, sort_keys=True))
    return saved["token_store"]


def forget_link(ws: Workspace, community_id: str) -> None:
    """Forget the community's server: its device token (in the keyring too), where its
    changes were read up to, and how its last sync went."""
    raw = ws.store.meta(_key(community_id, "link"))
    if raw is not None:
        saved = json.loads(raw)
        if saved["token_store"] == KEYRING:
            _keyring_delete(_keyring_user(ws, community_id, saved))
    for what in ("link", "token", "last", "cursor"):  # its last sync is no news any more
        ws.store.set_meta(_key(community_id, what), None)


def _keyring_user(ws: Workspace, community_id: str, saved: dict[str, Any]) -> str:
    return f"{ws.store.device_id}/{community_id}@{saved['url']}"


def _keyring():
    """The keyring module when it has a real backend (not on headless machines, not in tests)."""
    if os.environ.get("KRING_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def _keyring_set(user: str, token: str) -> bool:
    module = _keyring()
    if module is None:
        return False
    try:
        module.set_password(KEYRING_SERVICE, user, token)
    except module.errors.KeyringError:
        return False  # locked or refused: the database keeps it
    return True


def _keyring_get(user: str) -> str | None:
    module = _keyring()
    if module is None:
        return None
    try:
        return module.get_password(KEYRING_SERVICE, user)
    except module.errors.KeyringError:
        return None


def _keyring_delete(user: str) -> None:
    module = _keyring()
    if module is None:
        return  # no keyring here now: nothing Kring can reach to remove
    with contextlib.suppress(module.errors.KeyringError):  # gone already, or locked
        module.delete_password(KEYRING_SERVICE, user)


def _owner_only(database: Path) -> None:
    """The data file now holds a secret: only its owner may read it (and its WAL files)."""
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if path.exists():
            os.chmod(path, 0o600)


# --- joining ---------------------------------------------------------------------------


def join_server(
    ws: Workspace,
    url: str,
    invite: str,
    community_id: str | None = None,
    *,
    name: str | None = None,
    progress: Progress | None = None,
) -> JoinReport:
    """Join the server community behind an invite.

    With `community_id`, a local community is bound to that server community
    (which must be empty or already hold this community) and sent there. Without
    it, this data folder becomes a new replica of the community the server holds.
    """
    if community_id is not None:
        _require(ws, community_id)
    me = ws.store.device_id
    joined = http.join(url, invite, me, name or socket.gethostname())
    with HttpTransport(url, joined.token, joined.community_on_server) as transport:
        local = community_id or joined.local_community or _discover(transport, me)
        transport.forget()
        if community_id is not None:
            transport.bind(community_id)  # refuses a server community holding another one
        elif joined.local_community is None:
            transport.bind(local)
        new = ws.store.get("community", local) is None
        store_used = _save_link(ws, local, url, joined.community_on_server, joined.token)
        report = _sync(ws, local, transport, progress, None)
    if ws.store.get("community", local) is None:
        if report.too_new:
            raise KringError(
                _("Update Kring to read the changes from device {device}.").format(
                    device=sorted(report.too_new)[0]
                )
            )
        raise KringError(
            _(
                "Nothing of this community could be read from the server yet; "
                "try `kring sync` again in a while."
            )
        )
    changes = Changes(
        _("Join community"),
        frozenset(schema.SYNCED_TABLES),
        frozenset({local}),
        (local,) if new else (),
    )
    return JoinReport(local, joined.community_on_server, store_used, report, changes)


def _discover(transport: HttpTransport, me: str) -> str:
    """The local community id the server's changesets carry."""
    for ref in transport.available("", exclude=me):
        try:
            header, _payload = changeset.read_header(transport.fetch(ref))
        except (changeset.Incomplete, changeset.TooNew):
            continue
        return header.community
    raise KringError(
        _(
            "The community on the server is still empty: join it first from a "
            "device that has the community, with --community."
        )
    )


# --- syncing ---------------------------------------------------------------------------


def sync_server(
    ws: Workspace,
    community_id: str,
    url: str | None = None,
    *,
    folder: Path | str | None = None,
    progress: Progress | None = None,
    abort: threading.Event | None = None,
    timeout: float | None = None,
) -> SyncReport:
    """Send this device's new changes to the server and apply everyone else's.

    With `folder` (a shared folder this community also syncs through), other
    devices' changesets are copied between the two, so that devices using only
    one of them still get each other's changes. `timeout` (seconds) bounds each wait
    for the server, connecting included (the app's last sync on close keeps it short).
    """
    _require(ws, community_id)
    saved = link(ws, community_id)
    if saved is None:
        raise KringError(
            _(
                "This community does not sync with a server yet: join one with "
                "`kring join --server URL --invite CODE --community {id}`."
            ).format(id=community_id)
        )
    if url is not None and url.rstrip("/") != saved.url:  # the server moved
        _save_link(ws, community_id, url, saved.community_on_server, saved.token)
    options: dict[str, Any] = {}
    if timeout is not None:
        options = {"timeout": timeout, "connect_timeout": min(timeout, http.CONNECT_TIMEOUT)}
    with HttpTransport(
        url or saved.url, saved.token, saved.community_on_server, **options
    ) as transport:
        report = _sync(ws, community_id, transport, progress, abort)
        if folder is not None:
            relay(ws, community_id, transport, FolderTransport(Path(folder).expanduser()))
    return report


def upload_snapshot(ws: Workspace, community_id: str) -> str:
    """Sync, then upload a snapshot of the community, so that the server admin can compact
    (`kring-server compact`) and new devices join from it; returns the snapshot's key."""
    _require(ws, community_id)
    saved = link(ws, community_id)
    if saved is None:
        raise KringError(_("This community does not sync with a server yet."))
    with HttpTransport(saved.url, saved.token, saved.community_on_server) as transport:
        _sync(ws, community_id, transport, None, None)
        transport.cursor = int(ws.store.meta(_key(community_id, "cursor")) or 0)
        return engine.compact(ws.store, community_id, transport).snapshot


def _sync(ws, community_id, transport: HttpTransport, progress, abort) -> SyncReport:
    store = ws.store
    transport.cursor = int(store.meta(_key(community_id, "cursor")) or 0)
    report = engine.sync(store, community_id, transport, progress=progress, abort=abort)
    store.set_meta(_key(community_id, "cursor"), str(_resume_cursor(ws, community_id, transport)))
    summary = {
        "at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "sent": report.sent,
        "received": report.received,
        "conflicts": report.conflicts,
        "waiting": report.waiting,
    }
    store.set_meta(_key(community_id, "last"), json.dumps(summary, sort_keys=True))
    return report


def _resume_cursor(ws: Workspace, community_id: str, transport: HttpTransport) -> int:
    """Where the next pull starts: before the first changeset listed but not applied yet
    (waiting for an earlier one, held back, or from a newer Kring), else after them all."""
    applied = replica.applied(ws.store, community_id)
    stuck = [
        transport.cursors[key]
        for key, ref in transport.refs.items()
        if ref.last > applied.get(ref.device, 0)
    ]
    return min(stuck) - 1 if stuck else transport.listed_through


def relay(ws: Workspace, community_id: str, server: HttpTransport, folder: FolderTransport) -> int:
    """Copy other devices' complete changesets between the server and a shared folder."""
    me, copied = ws.store.device_id, 0
    try:
        folder.check()
        for ref in sorted(server.refs.values()):
            if ref.device != me and folder.pushed(community_id, ref.device) < ref.last:
                blob = server.fetch(ref)
                if _complete(blob, community_id):
                    folder.push(community_id, ref.device, ref.first, ref.last, blob)
                    copied += 1
        by_device: dict[str, list[Ref]] = {}
        for ref in folder.available(community_id, exclude=me):
            by_device.setdefault(ref.device, []).append(ref)
        for device, refs in sorted(by_device.items()):
            through = server.pushed(community_id, device)
            for ref in sorted(refs):
                blob = folder.fetch(ref) if ref.last > through else b""
                if _complete(blob, community_id):
                    server.push(community_id, device, ref.first, ref.last, blob)
                    through = max(through, ref.last)
                    copied += 1
    except OSError as exc:
        raise folder_error(exc, folder.folder) from exc
    return copied


def _complete(blob: bytes, community_id: str) -> bool:
    try:
        header, _payload = changeset.read_header(blob)
    except (changeset.Incomplete, changeset.TooNew):
        return False
    return header.community == community_id


async def sync_server_async(data_dir: Path | str, community_id: str, **kwargs: Any) -> SyncReport:
    """`sync_server` in a worker thread with its own store, awaited from the event loop."""

    def run() -> SyncReport:
        ws = Workspace.open(data_dir, daily_backup=False)
        try:
            return sync_server(ws, community_id, **kwargs)
        finally:
            ws.close()

    return await http.in_worker(run)


def _require(ws: Workspace, community_id: str) -> None:
    if not community_id or ws.store.get("community", community_id) is None:
        raise NotFound(_("There is no community with id {id}.").format(id=community_id))
