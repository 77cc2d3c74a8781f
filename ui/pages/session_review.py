"""Review mode of a session: what was said by question, decisions, actions with owners and due
dates, agreements adopted, and closing the session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import ContributionKind, Session, SessionStatus, label
from app.i18n import _
from app.services import actions, questions, sessions
from app.services.workspace import Changes, Workspace
from ui.ops import sessions as ops
from ui.pages.session_widgets import MemberPicker, People, SessionPane, match_member, name_index

ACTION_TEXT, ACTION_OWNER, ACTION_DUE = range(3)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ReviewPane(SessionPane):
    """Looks back on one session and closes it. GUI thread."""

    def __init__(
        self, ws: Workspace, people: People | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ws, people, parent)
        self.setAccessibleName(_("Review"))
        self.open_minutes = lambda: None  # set by the page: the print dialog, for minutes
        self.people: list[dict] = []
        self._filling = False

        self.summary = QTreeWidget()
        self.summary.setAccessibleName(_("Contributions by question"))
        self.summary.setHeaderLabels([_("Question and contributions"), _("Kind"), _("Dots")])
        header = self.summary.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.decisions = QListWidget()
        self.decisions.setAccessibleName(_("Decisions"))
        self.decisions.setWordWrap(True)

        self.actions_table = QTableWidget(0, 3)
        self.actions_table.setAccessibleName(_("Actions of this session"))
        self.actions_table.setHorizontalHeaderLabels([_("Action"), _("Owner"), _("Due")])
        self.actions_table.horizontalHeader().setSectionResizeMode(
            ACTION_TEXT, QHeaderView.ResizeMode.Stretch
        )
        self.actions_table.verticalHeader().setVisible(False)
        chars = self.fontMetrics().averageCharWidth()
        self.actions_table.horizontalHeader().resizeSection(ACTION_OWNER, chars * 26)
        self.actions_table.horizontalHeader().resizeSection(ACTION_DUE, chars * 14)
        self.actions_table.setWordWrap(False)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.itemChanged.connect(self._action_edited)
        self.action_edit = QLineEdit()
        self.action_edit.setAccessibleName(_("New action"))
        self.action_edit.setPlaceholderText(_("Who does what, Enter adds it"))
        self.owner_picker = MemberPicker()
        self.owner_picker.setAccessibleName(_("Owner of the new action"))
        self.due_edit = QLineEdit()
        self.due_edit.setAccessibleName(_("Due date of the new action"))
        self.due_edit.setPlaceholderText("2026-03-14")
        self.add_action_button = QPushButton(_("Add action"))
        self.add_action_button.setAccessibleName(_("Add the action"))
        self.add_action_button.clicked.connect(self.add_action)
        for edit in (self.action_edit, self.owner_picker, self.due_edit):
            edit.returnPressed.connect(self.add_action)

        self.agreements = QListWidget()
        self.agreements.setAccessibleName(_("Agreements adopted in this session"))
        self.agreements.setWordWrap(True)
        self.agreement_edit = QLineEdit()
        self.agreement_edit.setAccessibleName(_("New agreement"))
        self.agreement_edit.setPlaceholderText(_("What we agreed, Enter adopts it"))
        self.agreement_edit.returnPressed.connect(self.adopt_agreement)
        self.adopt_button = QPushButton(_("Adopt"))
        self.adopt_button.setAccessibleName(_("Adopt the agreement"))
        self.adopt_button.clicked.connect(self.adopt_agreement)

        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("Session status"))
        self.close_button = QPushButton(_("Close sess&ion"))
        self.close_button.setAccessibleName(_("Close the session"))
        self.close_button.clicked.connect(self.close_or_reopen)
        self.minutes_button = QPushButton(_("Print &minutes…"))
        self.minutes_button.setAccessibleName(_("Print the minutes"))
        self.minutes_button.clicked.connect(lambda: self.open_minutes())

        summary_box = self._box(_("By question"), self.summary)
        decisions_box = self._box(_("Decisions"), self.decisions)
        actions_box = self._box(_("Actions"), self.actions_table)
        add_row = QHBoxLayout()
        for text, field, stretch in (
            (_("New &action:"), self.action_edit, 3),
            (_("&Owner:"), self.owner_picker, 2),
            (_("&Due:"), self.due_edit, 1),
        ):
            lab = QLabel(text)
            lab.setBuddy(field)
            add_row.addWidget(lab)
            add_row.addWidget(field, stretch)
        add_row.addWidget(self.add_action_button)
        actions_box.layout().addLayout(add_row)
        agreements_box = self._box(_("Agreements"), self.agreements)
        agree_row = QHBoxLayout()
        agree_label = QLabel(_("A&greement:"))
        agree_label.setBuddy(self.agreement_edit)
        agree_row.addWidget(agree_label)
        agree_row.addWidget(self.agreement_edit, 1)
        agree_row.addWidget(self.adopt_button)
        agreements_box.layout().addLayout(agree_row)
        grid = QGridLayout()
        grid.addWidget(summary_box, 0, 0, 2, 1)
        grid.addWidget(decisions_box, 0, 1)
        grid.addWidget(agreements_box, 1, 1)
        grid.addWidget(actions_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label)
        bottom.addStretch()
        bottom.addWidget(self.minutes_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(grid, 1)
        layout.addLayout(bottom)

    @staticmethod
    def _box(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget, 1)
        return box

    # --- loading ------------------------------------------------------------------

    def load(self, session: Session) -> None:
        super().load(session)
        self.session = sessions.get(self.ws, session.id)
        self.people = self.people_source.of(session.community)
        self.owner_picker.set_people(self.people)
        self._load_summary()
        self._load_actions()
        self._load_agreements()
        self._show_status()

    def refresh(self, changes: Changes) -> None:
        if self.session is None:
            return
        if changes.touches("session", "member"):
            self.load(self.session)
            return
        if changes.touches("contribution", "vote", "question"):
            self._load_summary()
        if changes.touches("action"):
            self._load_actions()
        if changes.touches("agreement"):
            self._load_agreements()

    def _load_summary(self) -> None:
        assert self.session is not None
        detail = sessions.show(self.ws, self.session.id)
        titles = {q.id: q.title for q in questions.list_questions(self.ws, self.session.community)}
        groups: dict[str | None, list] = {}
        for c in detail.contributions:
            groups.setdefault(c.question, []).append(c)
        self.summary.clear()
        for question, found in sorted(
            groups.items(), key=lambda g: (g[0] is None, titles.get(g[0] or "", ""))
        ):
            total = sum(detail.votes.get(c.id, 0) for c in found)
            top = QTreeWidgetItem([titles.get(question or "", _("(no question)")), "", str(total)])
            top.setData(0, ID_ROLE, question)
            for c in sorted(found, key=lambda c: -detail.votes.get(c.id, 0)):
                child = QTreeWidgetItem([c.text, label(c.kind), str(detail.votes.get(c.id, 0))])
                child.setData(0, ID_ROLE, c.id)
                top.addChild(child)
            self.summary.addTopLevelItem(top)
        self.summary.expandAll()
        self.decisions.clear()
        for c in detail.contributions:
            if c.kind == ContributionKind.DECISION:
                self.decisions.addItem(c.text)

    def select_contribution(self, contribution_id: str) -> bool:
        for n in range(self.summary.topLevelItemCount()):
            top = self.summary.topLevelItem(n)
            for m in range(top.childCount()):
                if top.child(m).data(0, ID_ROLE) == contribution_id:
                    self.summary.setCurrentItem(top.child(m))
                    return True
        return False

    def summary_rows(self) -> list[tuple[str, int]]:
        """(question title, number of contributions) as shown, top to bottom."""
        return [
            (self.summary.topLevelItem(n).text(0), self.summary.topLevelItem(n).childCount())
            for n in range(self.summary.topLevelItemCount())
        ]

    def _load_actions(self) -> None:
        assert self.session is not None
        names = {p["id"]: p["name"] for p in self.people}
        found = sorted(  # in the order they were agreed
            (
                a
                for a in actions.list_actions(self.ws, self.session.community)
                if a.session == self.session.id
            ),
            key=lambda a: (a.created_at or "", a.id),
        )
        self._filling = True
        self.actions_table.setRowCount(len(found))
        for row, a in enumerate(found):
            for column, value in enumerate((a.text, names.get(a.owner or "", ""), a.due_on or "")):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, a.id)
                self.actions_table.setItem(row, column, item)
        self._filling = False

    def action_rows(self) -> list[tuple[str, str, str]]:
        table = self.actions_table
        return [
            tuple(table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(table.rowCount())
        ]

    def _load_agreements(self) -> None:
        assert self.session is not None
        self.agreements.clear()
        for a in actions.list_agreements(self.ws, self.session.community):
            if a.session == self.session.id:
                self.agreements.addItem(f"{a.text} — {label(a.status)}")

    def _show_status(self) -> None:
        assert self.session is not None
        closed = self.session.status == SessionStatus.CLOSED
        self.status_label.setText(_("Status: {status}").format(status=label(self.session.status)))
        self.close_button.setText(_("Reopen sess&ion") if closed else _("Close sess&ion"))
        self.close_button.setAccessibleName(
            _("Reopen the session") if closed else _("Close the session")
        )

    # --- actions --------------------------------------------------------------------

    def add_action(self) -> None:
        text = self.action_edit.text().strip()
        if self.session is None or not text:
            return
        owner = self.owner_picker.member_id()
        if self.owner_picker.text().strip() and owner is None:
            self.problem.setText(_("There is no member called “{name}”.").format(
                name=self.owner_picker.text().strip()))  # fmt: skip
            self.problem.show()
            return
        outcome = ops.add_action(
            self.ws, self.session.community, self.session.id, text,
            owner=owner, due_on=self.due_edit.text().strip() or None,
        )  # fmt: skip
        if self.done(outcome):
            for edit in (self.action_edit, self.owner_picker, self.due_edit):
                edit.clear()
            self.action_edit.setFocus()
            self._load_actions()

    def _action_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        action_id = item.data(ID_ROLE)
        value = item.text().strip()
        if item.column() == ACTION_TEXT:
            fields = {"text": value}
        elif item.column() == ACTION_DUE:
            fields = {"due_on": value or None}
        else:
            owner = match_member(name_index(self.people), value)
            if value and owner is None:
                self.problem.setText(_("There is no member called “{name}”.").format(name=value))
                self.problem.show()
                self._load_actions()
                return
            fields = {"owner": owner}
        if not self.done(ops.edit_action(self.ws, action_id, **fields)):
            self._load_actions()
            return
        self._load_actions()

    def adopt_agreement(self) -> None:
        text = self.agreement_edit.text().strip()
        if self.session is None or not text:
            return
        outcome = ops.adopt_agreement(self.ws, self.session.community, self.session.id, text)
        if self.done(outcome):
            self.agreement_edit.clear()
            self._load_agreements()

    def close_or_reopen(self) -> None:
        if self.session is None:
            return
        closed = self.session.status == SessionStatus.CLOSED
        call = ops.reopen_session if closed else ops.close_session
        if self.done(call(self.ws, self.session.id)):
            self.session = sessions.get(self.ws, self.session.id)
            self._show_status()
