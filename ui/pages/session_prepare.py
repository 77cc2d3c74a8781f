"""Prepare mode of a session: its details, agenda with timeboxes, questions, invitees, and
open actions from earlier sessions to carry forward. Every field is saved as it is left."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Session, SessionMode, label
from app.handouts.data import local
from app.i18n import _
from app.services import questions, sessions
from app.services.workspace import Changes, Workspace
from ui.models.session_agenda import TITLE, AgendaModel
from ui.ops import sessions as ops
from ui.pages.session_invitees import InviteesBox, OpenActionsBox
from ui.pages.session_widgets import MemberPicker, People, SessionPane, document_keys

NO_DATE = QDateTime.fromString("2000-01-01T00:00:00", Qt.DateFormat.ISODate)
DEBOUNCE_MS = 600


def to_edit(value: str | None) -> QDateTime:
    moment = local(value)
    if moment is None:
        return NO_DATE
    return QDateTime.fromString(moment.strftime("%Y-%m-%dT%H:%M:%S"), Qt.DateFormat.ISODate)


def from_edit(edit: QDateTimeEdit) -> str | None:
    """The edited time as local ISO text (the service stores it as UTC), or None for no date."""
    value = edit.dateTime()
    if value <= NO_DATE:
        return None
    return datetime.fromisoformat(value.toString(Qt.DateFormat.ISODate)).isoformat()


class PreparePane(SessionPane):
    """Plans one session. GUI thread."""

    def __init__(
        self, ws: Workspace, people: People | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ws, people, parent)
        self.setAccessibleName(_("Prepare"))
        self.open_print = lambda: None  # set by the page: opens the print dialog
        self._make_details()
        self._make_agenda()
        self.invitees = InviteesBox(ws, self.done)
        self.open_actions = OpenActionsBox(ws, self.done)
        grid = QGridLayout()
        grid.addWidget(self.details_box, 0, 0)
        grid.addWidget(self.agenda_box, 0, 1)
        grid.addWidget(self.invitees, 1, 0)
        grid.addWidget(self.open_actions, 1, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(grid, 1)
        self.purpose_edit.installEventFilter(self)
        self.agenda_table.installEventFilter(self)
        document_keys(
            self,
            "Ctrl+Up",
            _("Prepare agenda: Ctrl+Up or Ctrl+Down moves the item, Delete removes it"),
        )

    # --- building -----------------------------------------------------------------

    def _make_details(self) -> None:
        self.details_box = QGroupBox(_("Session"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Title"))
        self.title_edit.editingFinished.connect(lambda: self._save_text("title", self.title_edit))
        self.starts_edit = self._date_edit(_("Starts"), "starts_at")
        self.ends_edit = self._date_edit(_("Ends"), "ends_at")
        self.place_edit = QLineEdit()
        self.place_edit.setAccessibleName(_("Place"))
        self.place_edit.editingFinished.connect(
            lambda: self._save_text("location", self.place_edit)
        )
        self.mode_combo = QComboBox()
        self.mode_combo.setAccessibleName(_("Mode"))
        for mode in SessionMode:
            self.mode_combo.addItem(label(mode), mode.value)
        self.mode_combo.activated.connect(
            lambda _i: self._save({"mode": self.mode_combo.currentData()})
        )
        self.facilitator = MemberPicker()
        self.facilitator.setAccessibleName(_("Facilitator"))
        self.facilitator.editingFinished.connect(self._save_facilitator)
        self.purpose_edit = QPlainTextEdit()
        self.purpose_edit.setAccessibleName(_("Purpose"))
        self.purpose_edit.setTabChangesFocus(True)
        self.purpose_edit.setMaximumHeight(self.fontMetrics().height() * 5)
        self._purpose_timer = QTimer(self)
        self._purpose_timer.setSingleShot(True)
        self._purpose_timer.setInterval(DEBOUNCE_MS)
        self._purpose_timer.timeout.connect(self._save_purpose)
        self.purpose_edit.textChanged.connect(self._purpose_typed)
        self.print_button = QPushButton(_("Pr&int…"))
        self.print_button.setAccessibleName(_("Print handouts for the session"))
        self.print_button.clicked.connect(lambda: self.open_print())
        form = QFormLayout(self.details_box)
        for text, field in (
            (_("&Title:"), self.title_edit),
            (_("&Begins:"), self.starts_edit),
            (_("E&nds:"), self.ends_edit),
            (_("Pl&ace:"), self.place_edit),
            (_("&Mode:"), self.mode_combo),
            (_("Facilitat&or:"), self.facilitator),
            (_("P&urpose:"), self.purpose_edit),
        ):
            lab = QLabel(text)
            lab.setBuddy(field)
            form.addRow(lab, field)
        form.addRow(self.print_button)

    def _date_edit(self, name: str, field: str) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setMinimumDateTime(NO_DATE)
        edit.setSpecialValueText(_("no date yet"))
        edit.editingFinished.connect(lambda: self._save({field: from_edit(edit)}))
        return edit

    def _make_agenda(self) -> None:
        self.agenda_box = QGroupBox(_("Agenda"))
        self.agenda_model = AgendaModel(self, edit=self._edit_item, move=self.move_item)
        self.agenda_table = QTableView()
        self.agenda_table.setAccessibleName(_("Agenda items, in order"))
        self.agenda_table.setToolTip(_("Ctrl+Up and Ctrl+Down move an item; Delete removes it"))
        self.agenda_table.setModel(self.agenda_model)
        self.agenda_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda_table.setDragEnabled(True)
        self.agenda_table.setAcceptDrops(True)
        self.agenda_table.setDropIndicatorShown(True)
        self.agenda_table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.agenda_table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.agenda_table.verticalHeader().setVisible(False)
        self.agenda_table.horizontalHeader().setSectionResizeMode(
            TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.item_edit = QLineEdit()
        self.item_edit.setAccessibleName(_("New agenda item"))
        self.item_edit.setPlaceholderText(_("Title, Enter adds it"))
        self.item_edit.returnPressed.connect(self.add_item)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setAccessibleName(_("Minutes for the new item"))
        self.minutes_spin.setRange(0, 24 * 60)
        self.minutes_spin.setValue(15)
        self.minutes_spin.setSuffix(_(" min"))
        self.add_item_button = QPushButton(_("Add to agenda"))
        self.add_item_button.setAccessibleName(_("Add the item to the agenda"))
        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button = QPushButton(_("Remove item"))
        self.remove_item_button.setAccessibleName(_("Remove the selected agenda item"))
        self.remove_item_button.clicked.connect(self.remove_item)
        self.total_label = QLabel()
        self.total_label.setAccessibleName(_("Agenda total"))
        self.over_label = QLabel()
        self.over_label.setAccessibleName(_("Agenda warning"))
        self.over_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.over_label.hide()
        self.question_combo = QComboBox()
        self.question_combo.setAccessibleName(_("Open question to put on the table"))
        self.table_button = QPushButton(_("Put on the table"))
        self.table_button.setAccessibleName(_("Put the question on the table"))
        self.table_button.clicked.connect(self.put_question)
        add_row = QHBoxLayout()
        new_label = QLabel(_("Ne&w item:"))
        new_label.setBuddy(self.item_edit)
        add_row.addWidget(new_label)
        add_row.addWidget(self.item_edit, 1)
        add_row.addWidget(self.minutes_spin)
        add_row.addWidget(self.add_item_button)
        question_row = QHBoxLayout()
        question_label = QLabel(_("&Question:"))
        question_label.setBuddy(self.question_combo)
        question_row.addWidget(question_label)
        question_row.addWidget(self.question_combo, 1)
        question_row.addWidget(self.table_button)
        totals = QHBoxLayout()
        totals.addWidget(self.total_label)
        totals.addStretch()
        totals.addWidget(self.remove_item_button)
        layout = QVBoxLayout(self.agenda_box)
        layout.addWidget(self.agenda_table, 1)
        layout.addLayout(totals)
        layout.addWidget(self.over_label)
        layout.addLayout(add_row)
        layout.addLayout(question_row)

    # --- loading ------------------------------------------------------------------

    def load(self, session: Session) -> None:
        super().load(session)
        self.session = sessions.get(self.ws, session.id)
        self.people = self.people_source.of(session.community)
        self.facilitator.set_people(self.people)
        self._show_details()
        self._load_agenda()
        self.invitees.load(self.session, self.people)
        self.open_actions.load(self.session, self.people)

    def refresh(self, changes: Changes) -> None:
        if self.session is None:
            return
        if changes.touches("session", "member"):
            self.load(self.session)
            return
        if changes.touches("agenda_item", "question"):
            self._load_agenda()
        if changes.touches("attendance"):
            self.invitees.reload()
        if changes.touches("action"):
            self.open_actions.reload()

    def _show_details(self) -> None:
        s = self.session
        assert s is not None
        for edit, value in ((self.title_edit, s.title), (self.place_edit, s.location or "")):
            if not edit.hasFocus():
                edit.setText(value)
        self.starts_edit.setDateTime(to_edit(s.starts_at))
        self.ends_edit.setDateTime(to_edit(s.ends_at))
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(s.mode)))
        if not self.facilitator.hasFocus():
            self.facilitator.set_member(s.facilitator)
        if not self.purpose_edit.hasFocus():
            self.purpose_edit.blockSignals(True)
            self.purpose_edit.setPlainText(s.purpose or "")
            self.purpose_edit.blockSignals(False)

    def _load_agenda(self) -> None:
        assert self.session is not None
        current = self.current_item_id()
        items = sessions.agenda(self.ws, self.session.id)
        found = questions.list_questions(self.ws, self.session.community)
        self.agenda_model.questions = {q.id: q.title for q in found}
        self.agenda_model.set_items(items)
        row = self.agenda_model.row_of(current) if current else None
        if row is not None:
            self.agenda_table.selectRow(row)
        on_table = {i.question for i in items}
        self.question_combo.clear()
        for q in found:
            if q.status in ("open", "exploring", "proposed") and q.id not in on_table:
                self.question_combo.addItem(q.title, q.id)
        self.table_button.setEnabled(self.question_combo.count() > 0)
        self._show_total()

    def _show_total(self) -> None:
        assert self.session is not None
        total = sessions.agenda_minutes(self.agenda_model.items())
        length = sessions.length_minutes(self.session)
        if length is None:
            self.total_label.setText(_("Total: {total} min").format(total=total))
        else:
            self.total_label.setText(
                _("Total: {total} min of {length} min").format(total=total, length=length)
            )
        over = length is not None and total > length
        self.over_label.setVisible(over)
        if over:
            self.over_label.setText(
                _("The agenda is {n} min longer than the session.").format(n=total - length)
            )

    def agenda_warning(self) -> str | None:
        """The over-length warning as shown, or None when there is none."""
        return self.over_label.text() if not self.over_label.isHidden() else None

    # --- details ------------------------------------------------------------------

    def _save(self, fields: dict) -> None:
        if self.session is None:
            return
        if self.done(ops.edit_session(self.ws, self.session.id, **fields)):
            self.session = sessions.get(self.ws, self.session.id)
            self._show_total()

    def _save_text(self, field: str, edit: QLineEdit) -> None:
        if self.session is not None and edit.text() != (getattr(self.session, field) or ""):
            self._save({field: edit.text()})

    def _save_facilitator(self) -> None:
        if self.session is None:
            return
        member = self.facilitator.member_id()
        if self.facilitator.text().strip() and member is None:
            self.problem.setText(_("There is no member called “{name}”.").format(
                name=self.facilitator.text().strip()))  # fmt: skip
            self.problem.show()
        elif member != self.session.facilitator:
            self._save({"facilitator": member})

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving Prepare mode (or closing the window) saves the purpose being typed now."""
        if self._purpose_timer.isActive():
            self._save_purpose()
        super().hideEvent(event)

    def _purpose_typed(self) -> None:
        self._purpose_timer.start()

    def _save_purpose(self) -> None:
        self._purpose_timer.stop()
        if self.session is not None and self.purpose_edit.toPlainText() != (
            self.session.purpose or ""
        ):
            self._save({"purpose": self.purpose_edit.toPlainText()})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.purpose_edit and event.type() == QEvent.Type.FocusOut:
            self._save_purpose()
        if watched is self.agenda_table and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()  # type: ignore[attr-defined]
            if mods == Qt.KeyboardModifier.ControlModifier and key in (
                Qt.Key.Key_Up, Qt.Key.Key_Down
            ):  # fmt: skip
                self.move_current(-1 if key == Qt.Key.Key_Up else 1)
                return True
            if key == Qt.Key.Key_Delete and self.agenda_table.state() != (
                QAbstractItemView.State.EditingState
            ):
                self.remove_item()
                return True
        return False

    # --- agenda -------------------------------------------------------------------

    def current_item_id(self) -> str | None:
        index = self.agenda_table.currentIndex()
        return self.agenda_model.item(index.row()).id if index.isValid() else None

    def add_item(self) -> None:
        title = self.item_edit.text().strip()
        if self.session is None or not title:
            return
        minutes = self.minutes_spin.value() or None
        outcome = ops.add_agenda_item(self.ws, self.session.id, title, timebox_minutes=minutes)
        if self.done(outcome):
            self.item_edit.clear()
            self._load_agenda()

    def _edit_item(self, item_id: str, field: str, value: object) -> bool:
        if self.done(ops.edit_agenda_item(self.ws, item_id, **{field: value})):
            QTimer.singleShot(0, self._load_agenda)  # not inside the view's commit
            return True
        return False

    def move_item(self, item_id: str, to_index: int) -> None:
        if self.done(ops.move_agenda_item(self.ws, item_id, to_index)):
            self._load_agenda()
            row = self.agenda_model.row_of(item_id)
            if row is not None:
                self.agenda_table.selectRow(row)

    def move_current(self, by: int) -> None:
        item_id = self.current_item_id()
        row = self.agenda_table.currentIndex().row()
        if item_id is not None and 0 <= row + by < self.agenda_model.rowCount():
            self.move_item(item_id, row + by)

    def remove_item(self) -> None:
        item_id = self.current_item_id()
        if item_id is not None and self.done(ops.remove_agenda_item(self.ws, item_id)):
            self._load_agenda()

    def put_question(self) -> None:
        question = self.question_combo.currentData()
        if self.session is None or question is None:
            return
        outcome = ops.add_agenda_item(
            self.ws, self.session.id, self.question_combo.currentText(), question=question
        )
        if self.done(outcome):
            self._load_agenda()
