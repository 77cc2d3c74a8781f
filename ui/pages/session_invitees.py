"""Two parts of Prepare mode: who is invited, and open actions from earlier sessions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Role, Session, label
from app.i18n import _
from app.services import attendance, sessions
from app.services.workspace import Workspace
from ui.ops import sessions as ops
from ui.pages.session_widgets import MemberPicker

Report = Callable[[ops.Outcome], bool]


class InviteesBox(QGroupBox):
    """The invitees, with one added by typing a name, or a whole role or department at once.
    `report` shows how each action went. GUI thread."""

    def __init__(self, ws: Workspace, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(_("Invitees"), parent)
        self.ws = ws
        self.report = report
        self.session: Session | None = None
        self.people: list[dict] = []
        self.invitee_list = QListWidget()
        self.invitee_list.setAccessibleName(_("Invited members"))
        self.invite_picker = MemberPicker()
        self.invite_picker.setAccessibleName(_("Member to invite"))
        self.invite_picker.setPlaceholderText(_("Type a name, Enter invites"))
        self.invite_picker.returnPressed.connect(self.invite_one)
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(_("Role to invite"))
        for role in Role:
            self.role_combo.addItem(label(role), role.value)
        self.role_button = QPushButton(_("Invite everyone with this role"))
        self.role_button.setAccessibleName(_("Invite everyone with this role"))
        self.role_button.clicked.connect(
            lambda: self.invite_group(role=self.role_combo.currentData())
        )
        self.department_combo = QComboBox()
        self.department_combo.setAccessibleName(_("Department to invite"))
        self.department_button = QPushButton(_("Invite the whole department"))
        self.department_button.setAccessibleName(_("Invite the whole department"))
        self.department_button.clicked.connect(
            lambda: self.invite_group(department=self.department_combo.currentText())
        )
        self.invited_label = QLabel()
        self.invited_label.setAccessibleName(_("Number invited"))
        name_row = QHBoxLayout()
        name_label = QLabel(_("Invite b&y name:"))
        name_label.setBuddy(self.invite_picker)
        name_row.addWidget(name_label)
        name_row.addWidget(self.invite_picker, 1)
        grid = QGridLayout()
        grid.addWidget(self.role_combo, 0, 0)
        grid.addWidget(self.role_button, 0, 1)
        grid.addWidget(self.department_combo, 1, 0)
        grid.addWidget(self.department_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.invited_label)
        layout.addWidget(self.invitee_list, 1)
        layout.addLayout(name_row)
        layout.addLayout(grid)

    def load(self, session: Session, people: list[dict]) -> None:
        self.session = session
        self.people = people
        self.invite_picker.set_people(people)
        self.reload()

    def reload(self) -> None:
        assert self.session is not None
        names = {p["id"]: p["name"] for p in self.people}
        roster = attendance.for_session(self.ws, self.session.id)
        self.invitee_list.clear()
        for a in sorted(roster, key=lambda a: names.get(a.member, "").casefold()):
            self.invitee_list.addItem(f"{names.get(a.member, '?')} — {label(a.status)}")
        self.invited_label.setText(_("{n} invited or present").format(n=len(roster)))
        current = self.department_combo.currentText()
        self.department_combo.clear()
        self.department_combo.addItems(attendance.departments(self.ws, self.session.community))
        self.department_combo.setCurrentText(current)
        self.department_button.setEnabled(self.department_combo.count() > 0)

    def names(self) -> list[str]:
        """The invitees as listed: "name — status"."""
        return [self.invitee_list.item(n).text() for n in range(self.invitee_list.count())]

    def invite_one(self) -> None:
        if self.session is None:
            return
        member = self.invite_picker.member_id()
        typed = self.invite_picker.text().strip()
        if member is None and not typed:
            return  # Enter in an empty field: nothing asked
        if member is None:
            problem = _("There is no member called “{name}”.").format(name=typed)
            self.report(ops.Outcome(problem=problem))
            return
        if self.report(ops.invite(self.ws, self.session.id, [member])):
            self.invite_picker.clear()
            self.reload()

    def invite_group(self, *, role: str | None = None, department: str | None = None) -> None:
        if self.session is None:
            return
        outcome = ops.invite_group(self.ws, self.session.id, role=role, department=department)
        if self.report(outcome):
            self.reload()


class OpenActionsBox(QGroupBox):
    """Open actions not yet linked to this session (owner, due, where they came from), to
    carry forward or mark done. GUI thread."""

    def __init__(self, ws: Workspace, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(_("Open actions from earlier sessions"), parent)
        self.ws = ws
        self.report = report
        self.session: Session | None = None
        self.people: list[dict] = []
        self.found: list[sessions.OpenAction] = []
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("Open actions from earlier sessions"))
        self.table.setHorizontalHeaderLabels([_("Action"), _("Owner"), _("Due"), _("From")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.carry_button = QPushButton(_("Lin&k to this session"))
        self.carry_button.setAccessibleName(_("Carry the action forward to this session"))
        self.carry_button.clicked.connect(self.carry_forward)
        self.done_button = QPushButton(_("Mark as done"))
        self.done_button.setAccessibleName(_("Mark the action as done"))
        self.done_button.clicked.connect(self.mark_done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.carry_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def load(self, session: Session, people: list[dict]) -> None:
        self.session = session
        self.people = people
        self.reload()

    def reload(self) -> None:
        assert self.session is not None
        names = {p["id"]: p["name"] for p in self.people}
        self.found = sessions.open_actions(self.ws, self.session.id)
        self.table.setRowCount(len(self.found))
        for row, found in enumerate(self.found):
            a = found.action
            owner = names.get(a.owner or "", "")
            values = (a.text, owner, a.due_on or "", found.from_session or "")
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.carry_button.setEnabled(bool(self.found))
        self.done_button.setEnabled(bool(self.found))

    def _selected(self) -> str | None:
        row = self.table.currentRow()
        return self.found[row].action.id if 0 <= row < len(self.found) else None

    def carry_forward(self) -> None:
        action = self._selected()
        if action is None or self.session is None:
            return
        if self.report(ops.carry_forward(self.ws, action, self.session.id)):
            self.reload()

    def mark_done(self) -> None:
        action = self._selected()
        if action is not None and self.report(ops.mark_done(self.ws, action)):
            self.reload()
