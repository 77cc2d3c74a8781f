"""The community at a glance: what is coming up, what is open, who is new."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import _
from app.services.workspace import Workspace
from ui.pages.base import Page


class OverviewPage(Page):
    """Placeholder until this page is built. GUI thread."""

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Overview"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Overview")))
        layout.addStretch()
