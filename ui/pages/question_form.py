"""The form of one question, saved as it is typed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.model import Question, QuestionStatus, label
from app.i18n import _
from app.services.overview import MemberChoice
from ui.models.questions import urgency_text
from ui.widgets.member_picker import MemberPicker

DEBOUNCE_MS = 600  # long text is saved this long after the last keystroke, or on leaving it
LONG_FIELDS = ("description", "perspectives", "outcome")


class QuestionForm(QWidget):
    """Edits one question. Emits `save_requested(question_id, fields)` for each edit: a line
    or choice when it is done, long text after a pause in typing or on leaving the field.
    GUI thread."""

    save_requested = Signal(str, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: Question | None = None
        self._pending: dict[str, str] = {}
        self._pending_id: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)

        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Title"))
        self.title_edit.editingFinished.connect(self._title_done)
        self.urgency_combo = QComboBox()
        self.urgency_combo.setAccessibleName(_("Urgency"))
        for level in (3, 2, 1):
            self.urgency_combo.addItem(urgency_text(level), level)
        self.urgency_combo.currentIndexChanged.connect(
            lambda _i: self._emit({"urgency": self.urgency_combo.currentData()})
        )
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        for status in QuestionStatus:
            self.status_combo.addItem(label(status), status.value)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self._emit({"status": self.status_combo.currentData()})
        )
        self.owner_picker = MemberPicker()
        self.owner_picker.setAccessibleName(_("Owner"))
        self.owner_picker.member_chosen.connect(lambda member: self._emit({"owner": member}))
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, name in zip(
            LONG_FIELDS, (_("Description"), _("Perspectives to involve"), _("Outcome")), strict=True
        ):
            edit = QPlainTextEdit()
            edit.setAccessibleName(name)
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(lambda key=key: self._text_changed(key))
            edit.installEventFilter(self)
            self.texts[key] = edit
        self.texts["description"].setMinimumHeight(90)

        form = QFormLayout(self)
        for text, widget in (
            (_("&Title:"), self.title_edit),
            (_("&Urgency:"), self.urgency_combo),
            (_("&Status:"), self.status_combo),
            (_("O&wner:"), self.owner_picker),
            (_("&Description:"), self.texts["description"]),
            (_("&Perspectives to involve:"), self.texts["perspectives"]),
            (_("Out&come:"), self.texts["outcome"]),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        self.setEnabled(False)

    def set_members(self, members: list[MemberChoice]) -> None:
        self.owner_picker.set_members(members)

    def show_question(self, question: Question | None, owner_name: str | None = None) -> None:
        """Fill the form (None: empty and disabled), without saving anything."""
        self.flush()
        self.question = question
        widgets = [self.title_edit, self.urgency_combo, self.status_combo, *self.texts.values()]
        blockers = [QSignalBlocker(w) for w in widgets]
        q = question or Question(id="")
        self.title_edit.setText(q.title)
        self.urgency_combo.setCurrentIndex(max(0, self.urgency_combo.findData(q.urgency)))
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(q.status)))
        for key, edit in self.texts.items():
            value = getattr(q, key) or ""
            if edit.toPlainText() != value:
                edit.setPlainText(value)
        del blockers
        self.owner_picker.set_member(q.owner, owner_name)
        self.setEnabled(question is not None)

    def flush(self) -> None:
        """Save the long text typed and not saved yet."""
        self._timer.stop()
        if self._pending and self._pending_id:
            fields, self._pending = self._pending, {}
            self.save_requested.emit(self._pending_id, fields)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self.texts.values():
            self.flush()
        return super().eventFilter(watched, event)

    def _text_changed(self, key: str) -> None:
        if self.question is None:
            return
        if self._pending_id != self.question.id:
            self.flush()
        self._pending_id = self.question.id
        self._pending[key] = self.texts[key].toPlainText()
        self._timer.start()

    def _title_done(self) -> None:
        if self.question is not None and self.title_edit.text().strip() != self.question.title:
            self._emit({"title": self.title_edit.text()})

    def _emit(self, fields: dict) -> None:
        if self.question is not None:
            self.save_requested.emit(self.question.id, fields)
