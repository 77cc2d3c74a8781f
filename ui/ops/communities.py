"""User actions on communities: create one, open the demo."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QWidget

from app.domain.errors import KringError
from app.i18n import _
from app.services import communities
from app.services.workspace import Changes, Workspace
from ui.ops.feedback import show_error


def create_community(parent: QWidget, ws: Workspace) -> Changes | None:
    """Ask for a name and create the community; None if cancelled or refused. GUI thread."""
    name, ok = QInputDialog.getText(parent, _("Create a community"), _("Name of the community:"))
    if not ok:
        return None
    try:
        return communities.create(ws, name)
    except KringError as error:
        show_error(parent, str(error))
        return None


def build_demo(data_dir: Path) -> str:
    """Create the demo community and return its id. Worker thread: it opens (and closes) its
    own workspace, because a SQLite connection belongs to the thread that opened it."""
    from app.services.demo import create_demo  # only needed on request

    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        return create_demo(ws)
    finally:
        ws.close()


async def open_demo(parent: QWidget, data_dir: Path) -> str | None:
    """Build the demo community off the GUI thread; its id, or None if it could not be made."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(None, build_demo, data_dir)
    except KringError as error:
        show_error(parent, str(error))
        return None
