"""User actions of the Sync page that talk to a folder or a server: joining, resolving."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.domain.errors import KringError
from app.i18n import _
from app.services import conflicts, sync_settings
from app.services.workspace import Changes, Workspace
from ui.loop import in_daemon_thread
from ui.ops.feedback import show_error

# Joining loads the sync machinery (transports, crypto, httpx): only when asked to join.


def _join_folder(data_dir: Path, folder: str, community_id: str, passphrase: str | None):
    from app.services import sync

    ws = Workspace.open(data_dir, daily_backup=False)  # worker thread: its own store
    try:
        return sync.join_folder(ws, folder, community_id, passphrase)
    finally:
        ws.close()


def _join_server(data_dir: Path, url: str, invite: str, community_id: str | None) -> Changes:
    from app.services import server_sync

    ws = Workspace.open(data_dir, daily_backup=False)  # worker thread: its own store
    try:
        return server_sync.join_server(ws, url, invite, community_id).changes
    finally:
        ws.close()


async def join_folder(
    parent: QWidget, data_dir: Path, folder: str, community_id: str, passphrase: str | None
) -> Changes | None:
    """Make this data folder a replica of a community in a shared folder; None on failure."""
    from app.services import encryption

    try:
        return await in_daemon_thread(_join_folder, data_dir, folder, community_id, passphrase)
    except encryption.PassphraseNeeded:
        show_error(parent, _("This community's changes are encrypted: type its passphrase."))
    except KringError as error:
        show_error(parent, str(error))
    return None


async def join_server(
    parent: QWidget, data_dir: Path, url: str, invite: str, community_id: str | None
) -> Changes | None:
    """Trade an invite for access to a server community and sync it (with `community_id`,
    this community goes there; without, the server's community comes here); None on failure."""
    if not url or not invite:
        show_error(parent, _("Give the server's address and the invite code."))
        return None
    try:
        return await in_daemon_thread(_join_server, data_dir, url, invite, community_id)
    except KringError as error:
        show_error(parent, str(error))
    return None


async def communities_in_folder(folder: str) -> list[tuple[str, str]]:
    from app.services import sync

    """The communities a shared folder holds, for the join dialog: [(id, name)]. Read in a
    worker thread: naming them may decode a large snapshot, or wait on a network share."""
    found = await in_daemon_thread(sync.communities_in_folder, folder)
    return [(c["id"], c["name"] or "") for c in found]


def resolve(
    parent: QWidget, ws: Workspace, conflict_id: str, *, keep: str | None = None,
    text: str | None = None,
) -> Changes | None:  # fmt: skip
    """Settle one conflict; None (and the facilitator told why) when refused. GUI thread."""
    try:
        return conflicts.resolve(ws, conflict_id, keep=keep, text=text)
    except KringError as error:
        show_error(parent, str(error))
        return None


def set_folder(parent: QWidget, ws: Workspace, community_id: str, folder: str) -> bool:
    try:
        sync_settings.set_folder(ws, community_id, folder)
    except KringError as error:
        show_error(parent, str(error))
        return False
    return True
