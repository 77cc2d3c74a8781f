"""Where this community syncs, the history of syncs, and the conflicts to decide."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import _
from app.services.workspace import Workspace
from ui.pages.base import Page


class SyncPage(Page):
    """Placeholder until this page is built. GUI thread."""

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Sync"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Sync")))
        layout.addStretch()
