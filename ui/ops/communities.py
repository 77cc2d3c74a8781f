"""User actions on communities: create one, open the demo."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QWidget

from app.domain.errors import KringError
from app.i18n import _
from app.services import communities
from app.services.workspace import Changes, Workspace
from ui.loop import running
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


Progress = Callable[[float, str], None]


def build_demo(data_dir: Path, progress: Progress | None, abort: threading.Event | None) -> str:
    """Create the demo community and return its id. Worker thread: it opens (and closes) its
    own workspace, because a SQLite connection belongs to the thread that opened it."""
    from app.services.demo import create_demo  # only needed on request

    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        return create_demo(ws, progress=progress, abort=abort)
    finally:
        ws.close()


async def open_demo(
    parent: QWidget, data_dir: Path, progress: Progress, abort: threading.Event
) -> str | None:
    """Build the demo community off the GUI thread; its id, or None if it was not made.

    `progress` is called on the GUI thread; setting `abort` stops the build without a word.
    """
    loop = running()

    def report(fraction: float, message: str) -> None:  # worker thread
        loop.call_soon_threadsafe(progress, fraction, message)

    try:
        return await loop.run_in_executor(None, build_demo, data_dir, report, abort)
    except KringError as error:
        if not abort.is_set():
            show_error(parent, str(error))
        return None
