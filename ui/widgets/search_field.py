"""The one search field of the window: searches everything as the facilitator types."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from app.i18n import _

# Search after a short pause in typing, not on every key: fast typists see one search.
TYPING_PAUSE_MS = 120


class SearchField(QLineEdit):
    """Emits the text once typing pauses; Down, Escape and Enter are passed on. GUI thread."""

    text_changed = Signal(str)
    down_pressed = Signal()
    escape_pressed = Signal()
    return_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("Search members, questions, sessions, contributions… (Ctrl+F)"))
        self.setAccessibleName(_("Search everything"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(lambda: self.text_changed.emit(self.text()))
        self.textEdited.connect(lambda _text: self._timer.start())
        self.installEventFilter(self)

    def clear(self) -> None:
        self._timer.stop()
        super().clear()

    def flush(self) -> None:
        """Search now for what has been typed (no waiting for the pause)."""
        if self._timer.isActive():
            self._timer.stop()
            self.text_changed.emit(self.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            from PySide6.QtCore import Qt  # not at import: see ui/main_window.py

            key = event.key()
            if key == Qt.Key.Key_Down:
                self.flush()
                self.down_pressed.emit()
                return True
            if key == Qt.Key.Key_Escape:
                super().clear()
                self._timer.stop()
                self.escape_pressed.emit()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.flush()
                self.return_pressed.emit()
                return True
        return super().eventFilter(watched, event)
