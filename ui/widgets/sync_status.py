"""The sync state, always visible in the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.i18n import _
from app.services.workspace import Changes, Workspace


class SyncStatus(QLabel):
    """Shows how the community stands with its sync targets. GUI thread.

    The window tells it which community is shown, every change made, and when it closes.
    """

    changed = Signal(object)  # Changes a sync brought in: the window refreshes its pages

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.data_dir = Path(data_dir)
        self.community_id: str | None = None
        self.setAccessibleName(_("Sync status"))

    def set_community(self, community_id: str | None) -> None:
        self.community_id = community_id

    def refresh(self, *_args: object) -> None:
        """Read the sync state again (a sync target or a conflict changed)."""

    def note_changes(self, changes: Changes) -> None:
        """A change was made here: a background sync may follow once changes settle."""

    def shutdown(self, wait_seconds: float = 3.0) -> None:
        """The window closes: finish a short last sync if one is due, never for long."""
