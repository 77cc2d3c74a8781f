"""The reconcile screen: after a meeting, type the paper back in — who signed, who walked in,
and what people wrote down. Everything goes through the services, so it syncs as any capture."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import AttendanceStatus, ContributionKind, label
from app.handouts.values import Person
from app.i18n import N_, _
from app.services import contributions, members, questions, reconcile, sessions
from app.services.workspace import Changes, Workspace
from ui.models.reconcile import (
    FOUND,
    HERE,
    NAME,
    NOTE,
    WALK_IN,
    MemberChoices,
    SavedModel,
    SheetModel,
    could_be,
    longest_notes,
    who,
)
from ui.ops import reconcile as ops

# Each kind with its Alt+letter, as a facilitator reads it; translators choose their own letters.
KIND_BUTTONS = {
    ContributionKind.IDEA: N_("&idea"),
    ContributionKind.INSIGHT: N_("in&sight"),
    ContributionKind.PERSPECTIVE: N_("&perspective"),
    ContributionKind.QUESTION: N_("&question"),
    ContributionKind.CONCERN: N_("&concern"),
    ContributionKind.DECISION: N_("&decision"),
}


class KindButton(QRadioButton):
    """A kind picked with its Alt+letter without leaving the field being typed in."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            self.setChecked(True)
            return True
        return super().event(event)


def member_completer(choices: MemberChoices, parent: QObject) -> QCompleter:
    completer = QCompleter(choices, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


class ReconcileDialog(QDialog):
    """One session's paper, typed back in. GUI thread; `ws` must have been opened on it."""

    changed = Signal(object)  # the Changes of every mutation made here

    def __init__(self, ws: Workspace, session_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.session_id = ws, session_id
        detail = sessions.show(ws, session_id)
        self.community_id = detail.session.community
        self.setWindowTitle(_("Reconcile paper — {session}").format(session=detail.session.title))
        self.setAccessibleName(_("Reconcile paper"))
        self.resize(1120, 720)

        self.sheet = SheetModel(self)
        self.sheet.set_people(reconcile.sheet(ws, session_id))
        self.sheet.tick_requested.connect(self.tick)
        self._others = reconcile.not_on_sheet(ws, session_id, self.sheet.people())
        self.choices = MemberChoices(self)
        self.saved = SavedModel(self)
        self._titles = {q.id: q.title for q in questions.list_questions(ws, self.community_id)}
        on_agenda = dict.fromkeys(i.question for i in detail.agenda if i.question in self._titles)
        self._topics = {q: self._titles[q] for q in on_agenda if q}
        self._names: dict[str, str] = {}
        self._reload_members()
        self.saved.set_contributions(detail.contributions, self._names, self._titles)

        columns = QHBoxLayout()
        columns.addWidget(self._make_sheet(), 5)
        right = QVBoxLayout()
        right.addWidget(self._make_walk_ins())
        right.addWidget(self._make_capture(), 1)
        columns.addLayout(right, 6)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.setAutoDefault(False)  # Enter belongs to the field being typed in
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(_("Everything is saved as you type it.")))
        bottom.addStretch()
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)
        self._update_count()
        self.find_edit.setFocus()

    # --- building -------------------------------------------------------------

    def _make_sheet(self) -> QGroupBox:
        self.find_edit = QLineEdit()
        self.find_edit.setAccessibleName(_("Code or name from the sheet"))
        self.find_edit.setPlaceholderText(_("Code or start of a name, then Enter"))
        self.find_edit.returnPressed.connect(self.tick_typed)
        self.find_edit.installEventFilter(self)
        self.find_message = self._message(_("Result of the search"))
        self.table = QTableView()
        self.table.setAccessibleName(_("Sign-in sheet"))
        self.table.setModel(self.sheet)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Fixed)
        metrics = self.table.fontMetrics()
        header.resizeSection(NOTE, max(map(metrics.horizontalAdvance, longest_notes())) + 16)
        header.setHighlightSections(False)
        self.table.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Number of people ticked"))

        find_label = QLabel(_("&Find:"))
        find_label.setBuddy(self.find_edit)
        row = QHBoxLayout()
        row.addWidget(find_label)
        row.addWidget(self.find_edit, 1)
        box = QGroupBox(_("1. The signed sheet"))
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(self.find_message)
        column.addWidget(self.table, 1)
        column.addWidget(self.count_label)
        return box

    def _make_walk_ins(self) -> QGroupBox:
        self.walk_in_name = self._line(_("Name of the walk-in"), self.add_walk_in)
        self.brought_by_edit = self._line(_("Brought by"), self._brought_by_entered)
        self.brought_by_edit.setCompleter(member_completer(self.choices, self))
        self.email_edit = self._line(_("Email of the walk-in"), self.add_walk_in)
        self.email_edit.setPlaceholderText(_("optional"))
        self.walk_in_button = QPushButton(_("&Add walk-in"))
        self.walk_in_button.setAccessibleName(_("Add walk-in"))
        self.walk_in_button.setAutoDefault(False)
        self.walk_in_button.clicked.connect(self.add_walk_in)
        self.walk_in_message = self._message(_("Result of adding the walk-in"))
        box = QGroupBox(_("2. Walk-ins from the blank rows"))
        form = QFormLayout(box)
        form.addRow(_("&Name:"), self.walk_in_name)
        form.addRow(_("&Brought by:"), self.brought_by_edit)
        form.addRow(_("E&mail:"), self.email_edit)
        button_row = QHBoxLayout()
        button_row.addWidget(self.walk_in_message, 1)
        button_row.addWidget(self.walk_in_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(button_row)
        return box

    def _make_capture(self) -> QGroupBox:
        self.question_combo = QComboBox()
        self.question_combo.setAccessibleName(_("Question"))
        for n, (question_id, title) in enumerate(self._topics.items(), start=1):
            self.question_combo.addItem(f"{n}. {title}" if n < 10 else title, question_id)
            if n < 10:
                QShortcut(QKeySequence(f"Ctrl+{n}"), self, lambda i=n - 1: self.choose_question(i))
        self.question_combo.addItem(_("0. No particular question"), None)
        QShortcut(QKeySequence("Ctrl+0"), self, lambda: self.choose_question(len(self._topics)))
        self.kinds = QButtonGroup(self)
        kind_row = QHBoxLayout()
        for kind, text in KIND_BUTTONS.items():
            button = KindButton(_(text))
            button.setAccessibleName(_("Kind: {kind}").format(kind=_(text).replace("&", "")))
            button.setProperty("kind", kind.value)
            self.kinds.addButton(button)
            kind_row.addWidget(button)
            button.setChecked(kind == ContributionKind.IDEA)
        kind_row.addStretch()
        self.author_edit = self._line(_("Author"), self._author_entered)
        self.author_edit.setCompleter(member_completer(self.choices, self))
        self.author_edit.setPlaceholderText(_("who wrote it (optional)"))
        self.text_edit = self._line(_("What was written"), self.capture)
        self.text_edit.setPlaceholderText(_("Type it in, then Enter: it is saved right away"))
        self.capture_message = self._message(_("Result of saving"))
        self.saved_view = QListView()
        self.saved_view.setAccessibleName(_("Contributions of this session, newest first"))
        self.saved_view.setModel(self.saved)
        self.saved_view.setWordWrap(True)
        self.saved_view.setAlternatingRowColors(True)
        self.saved_view.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap when a scrollbar shows
        self.saved_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hint = QLabel(_("Ctrl+1…9 picks the question, Alt+underlined letter the kind."))
        hint.setWordWrap(True)

        box = QGroupBox(_("3. Handwritten contributions"))
        form = QFormLayout()
        form.addRow(_("Qu&estion:"), self.question_combo)
        form.addRow(_("Kind:"), kind_row)
        form.addRow(_("Au&thor:"), self.author_edit)
        form.addRow(_("&Written:"), self.text_edit)
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addWidget(hint)
        column.addWidget(self.capture_message)
        column.addWidget(self.saved_view, 1)
        return box

    def _line(self, name: str, on_enter) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.returnPressed.connect(on_enter)
        return edit

    def _message(self, name: str) -> QLabel:
        message = QLabel()
        message.setAccessibleName(name)
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return message

    # --- the sheet ------------------------------------------------------------

    def tick_typed(self) -> None:
        """Tick whoever the typed code or name means; say who, or why nobody."""
        text = self.find_edit.text().strip()
        if not text:
            return
        found = reconcile.find(self.sheet.people(), text)
        matches = found or reconcile.find(self._others, text)
        if not matches:
            self.find_message.setText(
                _("Nobody on the sheet has the code or name “{text}”.").format(text=text)
            )
            self.find_edit.selectAll()
            return
        if len(matches) > 1:
            hint = _("Type more, or use ↓ and Space.")
            self.find_message.setText(could_be(text, matches, bool(found)) + " " + hint)
            first = self.sheet.row_of(matches[0].id)
            if first is not None:
                self.table.selectRow(first)
            return
        person = matches[0]
        row = self.sheet.row_of(person.id)
        if row is None:
            self._others.remove(person)
            row = self.sheet.add(person, FOUND)
        self.table.selectRow(row)
        name = who(person, bool(found))  # a code that is not on the paper means nothing
        if self.sheet.row(row).here:
            message = _("{name} was ticked already.").format(name=name)
        elif self.tick(row, True):
            message = _("Ticked {name}.").format(name=name)
        else:
            return
        self.find_message.setText(message)
        self.find_edit.clear()

    def tick(self, row: int, present: bool) -> bool:
        line = self.sheet.row(row)
        done = ops.tick(self.ws, self.session_id, line.person.id, present, line.printed)
        if not done:
            self.find_message.setText(done.problem or "")
            return False
        new = AttendanceStatus.PRESENT if present else reconcile.status_after_untick(line.printed)
        self.sheet.set_status(row, new)
        self._update_count()
        self._report(done.changes)
        return True

    def toggle_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            row = index.row()
            self.tick(row, not self.sheet.row(row).here)

    def _update_count(self) -> None:
        self.count_label.setText(
            _("{n} of {total} ticked as here").format(
                n=self.sheet.present_count(), total=self.sheet.rowCount()
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            # Down from the find field goes to the sheet; Space there ticks or unticks.
            if watched is self.find_edit and event.key() == Qt.Key.Key_Down:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid() and self.sheet.rowCount():
                    self.table.selectRow(0)
                return True
            if watched is self.table and event.key() == Qt.Key.Key_Space:
                self.toggle_selected()
                return True
        return super().eventFilter(watched, event)

    # --- walk-ins -------------------------------------------------------------

    def _member(self, edit: QLineEdit, message: QLabel) -> tuple[bool, str | None]:
        """The member named in `edit` (None when it is empty); False when that is unclear."""
        ok, member_id, problem = self.choices.resolve(edit.text())
        if not ok:
            message.setText(problem)
            edit.setFocus()
        return ok, member_id

    def _brought_by_entered(self) -> None:
        if self._member(self.brought_by_edit, self.walk_in_message)[0]:
            self.email_edit.setFocus()

    def add_walk_in(self) -> None:
        name = self.walk_in_name.text().strip()
        if not name:
            self.walk_in_message.setText(_("Type the walk-in's name first."))
            self.walk_in_name.setFocus()
            return
        ok, brought_by = self._member(self.brought_by_edit, self.walk_in_message)
        if not ok:
            return
        done = ops.add_walk_in(self.ws, self.session_id, name, brought_by, self.email_edit.text())
        if not done:
            self.walk_in_message.setText(done.problem or "")
            return
        added = members.get(self.ws, done.changes.created[0])
        row = self.sheet.add(Person(added.id, added.name), WALK_IN, AttendanceStatus.PRESENT)
        self.table.scrollTo(self.sheet.index(row, HERE))
        self._update_count()
        self._reload_members()
        for edit in (self.walk_in_name, self.brought_by_edit, self.email_edit):
            edit.clear()
        self.walk_in_message.setText(_("Added {name}, ticked as here.").format(name=added.name))
        self.walk_in_name.setFocus()
        self._report(done.changes)

    def _reload_members(self) -> None:
        found = members.list_members(self.ws, self.community_id, include_left=False)
        self.choices.set_members(found)
        self._names = {m.id: m.name for m in found}

    # --- contributions --------------------------------------------------------

    def choose_question(self, index: int) -> None:
        if 0 <= index < self.question_combo.count():
            self.question_combo.setCurrentIndex(index)

    def kind(self) -> str:
        button = self.kinds.checkedButton()
        return button.property("kind") if button else ContributionKind.IDEA.value

    def _author_entered(self) -> None:
        if self._member(self.author_edit, self.capture_message)[0]:
            self.text_edit.setFocus()

    def capture(self) -> None:
        text = self.text_edit.text().strip()
        if not text:
            return
        ok, author = self._member(self.author_edit, self.capture_message)
        if not ok:
            return
        done = ops.capture(
            self.ws, self.community_id, self.session_id, text,
            question=self.question_combo.currentData(), kind=self.kind(), author=author,
        )  # fmt: skip
        if not done:
            self.capture_message.setText(done.problem or "")
            return
        said = contributions.get(self.ws, done.changes.created[0])
        self.saved.prepend(said, self._names, self._titles)
        self.capture_message.setText(_("Saved as {kind}.").format(kind=label(said.kind)))
        self.text_edit.clear()
        self._report(done.changes)

    def _report(self, changes: Changes | None) -> None:
        if changes:
            self.changed.emit(changes)
