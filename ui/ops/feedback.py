"""Telling the facilitator how an action went, without blocking the event loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import KringError
from app.i18n import _
from app.services.workspace import Changes


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an action changed, or why it changed nothing (in the facilitator's words, for a
    screen to show beside the field being typed in: a message box would take the keyboard
    away from the next entry)."""

    changes: Changes | None = None
    problem: str | None = None

    def __bool__(self) -> bool:
        return self.changes is not None


def attempt(call: Callable[..., Changes], *args: Any, **fields: Any) -> Outcome:
    """Run one service call; its changes, or what went wrong."""
    try:
        return Outcome(call(*args, **fields))
    except KringError as error:
        return Outcome(problem=str(error))


def show_error(parent: QWidget, message: str) -> QMessageBox:
    """Show an already translated message in a window-modal box that does not block. GUI thread."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Kring"), message, QMessageBox.StandardButton.Ok)
    box.setParent(parent, box.windowFlags())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(_("Problem"))
    box.open()
    return box
