"""The check-in side of Live mode: type to find, one key in or out, walk-ins."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Session
from app.i18n import _
from app.services import attendance
from app.services.workspace import Workspace
from ui.dialogs.walk_in import WalkInForm
from ui.models.session_checkin import NAME, STATUS, CheckinFilter, CheckinModel
from ui.ops import sessions as ops
from ui.pages.session_widgets import People
from ui.widgets.tables import list_look


class CheckinPanel(QWidget):
    """Every member with their check-in state. Typing in the find field narrows the list;
    Enter there (or Space or Enter in the list) checks the selected person in or out.

    `report` shows how an action went (the pane's problem line, and its `changed` signal);
    `present_changed` says who is in the room after every change. GUI thread.
    """

    present_changed = Signal(list)  # of dicts: id, name, email

    def __init__(
        self, ws: Workspace, people: People, report: Callable[[ops.Outcome], bool],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ws = ws
        self.people_source = people
        self.report = report
        self.session: Session | None = None
        self.find_edit = QLineEdit()
        self.find_edit.setAccessibleName(_("Find a person to check in or out"))
        self.find_edit.setPlaceholderText(_("Type a name, Enter checks in or out"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self._find_changed)
        find_label = QLabel(_("F&ind person:"))
        find_label.setBuddy(self.find_edit)
        self.present_label = QLabel()
        self.present_label.setAccessibleName(_("Number present"))
        self.model = CheckinModel(self)
        self.proxy = CheckinFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName(_("Check-in list"))
        self.table.setModel(self.proxy)
        list_look(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(STATUS, self.fontMetrics().averageCharWidth() * 18)
        self.table.doubleClicked.connect(lambda _i: self.toggle_current())
        self.walk_in_button = QPushButton(_("Add &walk-in…"))
        self.walk_in_button.setAccessibleName(_("Add a walk-in"))
        self.walk_in_button.setCheckable(True)
        self.walk_in_button.toggled.connect(self._show_walk_in)
        self.walk_in = WalkInForm()
        self.walk_in.add.connect(self.add_walk_in)
        self.walk_in.check_in.connect(self.check_in_existing)
        self.walk_in.hide()
        top = QHBoxLayout()
        top.addWidget(find_label)
        top.addWidget(self.find_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.present_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.walk_in_button)
        layout.addWidget(self.walk_in)
        self.find_edit.installEventFilter(self)
        self.table.installEventFilter(self)

    def load(self, session: Session) -> None:
        """Read the members and who is where again, keeping the selected person."""
        self.session = session
        people = self.people_source.of(session.community)
        self.walk_in.set_people(people)
        current = self.current_member()
        self.model.set_people(people, attendance.roster(self.ws, session.id))
        self._present_changed()
        self._select_member(current)

    def present_people(self) -> list[dict]:
        return self.model.present_people()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        mods = event.modifiers()  # type: ignore[attr-defined]
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if watched is self.find_edit and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step(-1 if key == Qt.Key.Key_Up else 1)
            return True
        if watched is self.find_edit and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.toggle_current()
            self.find_edit.selectAll()  # the next name typed replaces this one
            return True
        if watched is self.table and plain and key in (
            Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter
        ):  # fmt: skip
            self.toggle_current()
            return True
        return False

    def _find_changed(self, text: str) -> None:
        self.proxy.find(text)
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def _step(self, by: int) -> None:
        rows = self.proxy.rowCount()
        if rows:
            row = self.table.currentIndex().row()
            self.table.selectRow(max(0, min(rows - 1, row + by)))

    def current_member(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.member_id(self.proxy.mapToSource(index).row())

    def _select_member(self, member_id: str | None) -> None:
        row = self.model.row_of(member_id) if member_id else None
        if row is not None:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.table.selectRow(index.row())

    def toggle_current(self) -> None:
        member_id = self.current_member()
        if member_id is not None and self.session is not None:
            self._after(member_id, ops.toggle_presence(self.ws, self.session.id, member_id))

    def check_in_existing(self, member_id: str) -> None:
        """The walk-in was a member already: check them in."""
        assert self.session is not None
        if self._after(member_id, ops.check_in(self.ws, self.session.id, member_id)):
            # Their name as the list has it (the walk-in may have been typed otherwise).
            self.find_edit.setText(self.model.name_of(member_id))
            self._select_member(member_id)
            self.walk_in.start()

    def add_walk_in(self, name: str, brought_by: str | None, email: str) -> None:
        assert self.session is not None
        outcome = ops.walk_in(self.ws, self.session.id, name, brought_by, email)
        if self.report(outcome):
            self.people_source.forget()
            self.load(self.session)
            assert outcome.changes is not None
            self.find_edit.setText(name)  # the list shows the new person, selected
            self._select_member(outcome.changes.created[-1])
            self.walk_in.start()

    def _after(self, member_id: str, outcome: ops.Outcome) -> bool:
        assert self.session is not None
        if not self.report(outcome):
            return False
        self.model.set_attendance(member_id, attendance.get(self.ws, self.session.id, member_id))
        self._present_changed()
        return True

    def _present_changed(self) -> None:
        here = self.model.present_people()
        self.present_label.setText(_("Present: {n}").format(n=len(here)))
        self.present_changed.emit(here)

    def _show_walk_in(self, on: bool) -> None:
        self.walk_in.setVisible(on)
        if on:
            self.walk_in.start()
