"""The agenda timer of Live mode: the current item's time against its timebox."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.model import AgendaItem
from app.i18n import _
from app.services import sessions
from app.services.workspace import Workspace

SAVE_EVERY = 5  # seconds: at most this much is lost when the battery dies


class AgendaTimer(QGroupBox):
    """Start, pause, next: a QTimer ticks each second (never blocking), and the clock turns to
    a warning when the item runs over its timebox. Which item and how long it ran are kept in
    the store's local meta, so a restart goes on where it was. GUI thread."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(_("Agenda timer"), parent)
        self.setAccessibleName(_("Agenda timer"))
        self.ws = ws
        self.session_id: str | None = None
        self.items: list[AgendaItem] = []
        self.index = 0
        self.elapsed = 0  # seconds on the current item
        self.item_label = QLabel()
        self.item_label.setAccessibleName(_("Current agenda item"))
        self.clock = QLabel()
        self.clock.setAccessibleName(_("Time on the current item"))
        font = self.clock.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.clock.setFont(font)
        self.start_button = QPushButton(_("Start"))
        self.start_button.setAccessibleName(_("Start or pause the timer"))
        self.start_button.setToolTip("F5")
        self.start_button.clicked.connect(self.start_pause)
        self.next_button = QPushButton(_("Next item"))
        self.next_button.setAccessibleName(_("Next agenda item"))
        self.next_button.setToolTip("F6")
        self.next_button.clicked.connect(self.next_item)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        row = QHBoxLayout(self)
        row.addWidget(self.item_label, 1)
        row.addWidget(self.clock)
        row.addWidget(self.start_button)
        row.addWidget(self.next_button)

    def set_session(self, session_id: str, items: list[AgendaItem]) -> None:
        """Time another session's agenda, from where it was left."""
        self.ticker.stop()
        self.session_id = session_id
        self.items = list(items)
        state = sessions.timer_state(self.ws, session_id)
        ids = [i.id for i in self.items]
        known = state["item"] in ids
        self.index = ids.index(state["item"]) if known else 0
        self.elapsed = int(state["elapsed"]) if known else 0
        self._show()

    def set_items(self, items: list[AgendaItem]) -> None:
        """The agenda changed: stay on the current item wherever it moved (from the start
        when it is gone)."""
        current = self.current_item()
        self.items = list(items)
        ids = [i.id for i in self.items]
        if current is not None and current.id in ids:
            self.index = ids.index(current.id)
        elif current is not None:
            self.index, self.elapsed = 0, 0
        self._show()

    def current_item(self) -> AgendaItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def running(self) -> bool:
        return self.ticker.isActive()

    def start_pause(self) -> None:
        if self.ticker.isActive():
            self.ticker.stop()
        elif self.current_item() is not None:
            self.ticker.start()
        self.save()
        self._show()

    def next_item(self) -> None:
        if self.index < len(self.items):
            self.index += 1
            self.elapsed = 0
        if self.current_item() is None:
            self.ticker.stop()
        self.save()
        self._show()

    def stop(self) -> None:
        if self.ticker.isActive():
            self.ticker.stop()
            self.save()
            self._show()

    def tick(self) -> None:
        self.elapsed += 1
        if self.elapsed % SAVE_EVERY == 0:
            self.save()
        self._show()

    def over_time(self) -> bool:
        item = self.current_item()
        return bool(item and item.timebox_minutes and self.elapsed > item.timebox_minutes * 60)

    def save(self) -> None:
        if self.session_id is not None:
            item = self.current_item()
            sessions.save_timer_state(self.ws, self.session_id, item and item.id, self.elapsed)

    def _show(self) -> None:
        item = self.current_item()
        self.start_button.setText(_("Pause") if self.ticker.isActive() else _("Start"))
        self.start_button.setEnabled(item is not None)
        self.next_button.setEnabled(item is not None)
        if item is None:
            self.item_label.setText(_("No agenda item left"))
            self.clock.setText("")
            return
        self.item_label.setText(f"{self.index + 1}. {item.title}")
        minutes, seconds = divmod(self.elapsed, 60)
        text = f"{minutes:02d}:{seconds:02d}"
        if item.timebox_minutes:
            text += f" / {item.timebox_minutes:02d}:00"
        if self.over_time():
            text = _("{time} — over time").format(time=text)
            self.clock.setStyleSheet("color: #c0392b; font-weight: bold;")
        else:
            self.clock.setStyleSheet("")
        self.clock.setText(text)
