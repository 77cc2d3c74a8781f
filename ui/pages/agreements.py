"""Agreements adopted across all sessions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import _
from app.services.workspace import Workspace
from ui.pages.base import Page


class AgreementsPage(Page):
    """Placeholder until this page is built. GUI thread."""

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Agreements"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Agreements")))
        layout.addStretch()
