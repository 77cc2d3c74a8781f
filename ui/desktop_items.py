"""What the window does with a link or file the desktop opened Kring with."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from app.i18n import _
from ui.main_window import MEMBERS, SYNC
from ui.ops.feedback import show_error

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def invite_from_link(link: str) -> tuple[str, str] | None:
    """(server address, invite code) from `kring://join?server=URL&invite=CODE`, else None."""
    parts = urlsplit(link)
    if parts.scheme.lower() != "kring" or parts.netloc.lower() != "join":
        return None
    query = parse_qs(parts.query)
    server = (query.get("server") or [""])[0].strip()
    invite = (query.get("invite") or [""])[0].strip()
    return (server, invite) if server and invite else None


def shared_folder_of(changeset: Path) -> Path:
    """The shared folder a changeset or snapshot file lies in:
    <folder>/<community>/devices/<device>/<file> (snapshots one level up from devices)."""
    for parent in changeset.parents:
        if parent.name == "devices":
            return parent.parent.parent
    return changeset.parent.parent


def open_desktop_item(window: MainWindow, item: str) -> None:
    """Open the dialog that fits `item`, filled in; the facilitator confirms. GUI thread."""
    if window.community_id is None:
        show_error(window, _("Create or join a community first, then open this again."))
        return
    if item.lower().startswith("kring:"):
        invite = invite_from_link(item)
        if invite is None:
            show_error(window, _("Kring does not know what to do with this link: {link}").format(
                link=item))  # fmt: skip
            return
        window.go_to_section(SYNC)
        page = window.sync_page
        page.open_join()
        dialog = page.join_dialog
        dialog.server_choice.setChecked(True)
        dialog.url_edit.setText(invite[0])
        dialog.invite_edit.setText(invite[1])
        return
    path = Path(item)
    if path.suffix.lower() == ".csv":
        window.go_to_section(MEMBERS)
        window.members_page.preview_import(str(path))
        return
    window.go_to_section(SYNC)  # a changeset or snapshot: join through its shared folder
    page = window.sync_page
    page.open_join()
    page.join_dialog.folder_choice.setChecked(True)
    page.join_dialog.folder_edit.setText(str(shared_folder_of(path)))
    page.join_dialog.look()
