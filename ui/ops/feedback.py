"""Telling the facilitator how an action went, without blocking the event loop."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _


def show_error(parent: QWidget, message: str) -> QMessageBox:
    """Show an already translated message in a window-modal box that does not block. GUI thread."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Kring"), message, QMessageBox.StandardButton.Ok)
    box.setParent(parent, box.windowFlags())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(_("Problem"))
    box.open()
    return box
