"""Live mode of a session: check-in, walk-ins, capture with quick keys, dot votes, agenda timer.

Keyboard first: type a name and Enter (or Space in the list) checks someone in or out; in the
capture field Enter saves at once, Alt+1…9 picks the question (Alt+0: none), Ctrl+1…6 the
kind; + and − on a contribution give or take back a dot for the chosen voter. Everything is
saved as it is typed, the unsaved capture text too (in the store's local meta, on a debounce).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import ContributionKind, Session, label
from app.i18n import _
from app.services import contributions, questions, sessions
from app.services.workspace import Changes, Workspace
from ui.models.session_contributions import (
    AUTHOR,
    DOTS,
    KIND,
    QUESTION,
    TEXT,
    ContributionsModel,
)
from ui.ops import sessions as ops
from ui.pages.session_checkin import CheckinPanel
from ui.pages.session_timer import AgendaTimer
from ui.pages.session_widgets import MemberPicker, People, SessionPane, document_keys
from ui.widgets.tables import list_look

KINDS = list(ContributionKind)
DRAFT_DELAY_MS = 300
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}


class CaptureEdit(QLineEdit):
    """The capture field: takes Alt+digit (question) and Ctrl+digit (kind) before the window's
    own Ctrl+digit section shortcuts can."""

    pick_question = Signal(int)
    pick_kind = Signal(int)

    def _quick(self, event: QKeyEvent) -> tuple[str, int] | None:
        digit = DIGITS.get(Qt.Key(event.key()))
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if digit is None:
            return None
        if mods == Qt.KeyboardModifier.AltModifier:
            return "question", digit
        if mods == Qt.KeyboardModifier.ControlModifier:
            return "kind", digit
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._quick(event):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        quick = self._quick(event)
        if quick is None:
            super().keyPressEvent(event)
        elif quick[0] == "question":
            self.pick_question.emit(quick[1])
        else:
            self.pick_kind.emit(quick[1])


class LivePane(SessionPane):
    """Runs a session as it happens. GUI thread."""

    def __init__(
        self, ws: Workspace, people: People | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ws, people, parent)
        self.setAccessibleName(_("Live"))
        self.select_when_loaded: str | None = None  # a contribution opened from a search
        self.checkin = CheckinPanel(ws, self.people_source, self.done)
        self.checkin.present_changed.connect(self._present_changed)
        self.timer = AgendaTimer(ws)
        for key, slot, what in (
            ("F5", self.timer.start_pause, _("Live: start or pause the agenda timer")),
            ("F6", self.timer.next_item, _("Live: go to the next agenda item")),
        ):
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setWhatsThis(what)
        self._make_capture()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.timer)
        right_layout.addLayout(self._capture_layout, 1)
        splitter = QSplitter()
        splitter.addWidget(self.checkin)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        self.contributions_table.installEventFilter(self)
        for keys, what in (
            ("Alt+1", _("Live capture: Alt+1…9 pick the question (Alt+0 none), Ctrl+1…6 the kind")),
            ("Space", _("Live check-in list: Space or Enter checks in or out")),
            ("+", _("Live contributions: + gives the voter a dot, − takes it back")),
        ):
            document_keys(self, keys, what)

    # --- building ---------------------------------------------------------------

    def _make_capture(self) -> None:
        self.question_combo = QComboBox()
        self.question_combo.setAccessibleName(_("Question of the contribution"))
        self.question_combo.setToolTip(_("Alt+1…9 in the capture field; Alt+0 for none"))
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("Kind of contribution"))
        for n, kind in enumerate(KINDS, 1):
            self.kind_combo.addItem(f"{n} {label(kind)}", kind.value)
        self.kind_combo.setToolTip(_("Ctrl+1…6 in the capture field"))
        self.author_picker = MemberPicker()
        self.author_picker.setAccessibleName(_("Said by"))
        self.author_picker.setPlaceholderText(_("Type part of a name of someone present"))
        self.author_picker.returnPressed.connect(lambda: self.capture_edit.setFocus())
        self.capture_edit = CaptureEdit()
        self.capture_edit.setAccessibleName(_("Capture a contribution"))
        self.capture_edit.setPlaceholderText(_("Type what was said, Enter saves"))
        self.capture_edit.returnPressed.connect(self.capture)
        self.capture_edit.textEdited.connect(self._draft_edited)
        self.capture_edit.pick_question.connect(self.pick_question)
        self.capture_edit.pick_kind.connect(self.pick_kind)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        self.contributions_model = ContributionsModel(self)
        self.contributions_table = QTableView()
        self.contributions_table.setAccessibleName(_("Captured contributions, newest first"))
        self.contributions_table.setModel(self.contributions_model)
        list_look(self.contributions_table)
        header = self.contributions_table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().averageCharWidth()
        # Fixed widths: sizing to contents would read every row again after each capture.
        for column, chars in ((DOTS, 8), (KIND, 14), (AUTHOR, 18), (QUESTION, 22)):
            header.resizeSection(column, width * chars)
        self.voter_picker = MemberPicker()
        self.voter_picker.setAccessibleName(_("Voter"))
        self.voter_picker.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.voter_picker.setPlaceholderText(_("Whose dots + and − give"))
        self.voter_picker.textChanged.connect(lambda _t: self._show_dots())
        self.voter_picker.returnPressed.connect(lambda: self.contributions_table.setFocus())
        self.budget_spin = QSpinBox()
        self.budget_spin.setAccessibleName(_("Dots per person"))
        self.budget_spin.setRange(0, 100)
        self.budget_spin.setSpecialValueText(_("no limit"))
        self.budget_spin.valueChanged.connect(self._budget_changed)
        self.dots_label = QLabel()
        self.dots_label.setAccessibleName(_("Dots used and left"))

        form = QFormLayout()
        for text, field in (
            (_("&Question:"), self.question_combo),
            (_("&Kind:"), self.kind_combo),
            (_("&By:"), self.author_picker),
            (_("Capt&ure:"), self.capture_edit),
        ):
            lab = QLabel(text)
            lab.setBuddy(field)
            form.addRow(lab, field)
        votes = QHBoxLayout()
        for text, field in (
            (_("V&oter:"), self.voter_picker),
            (_("Do&ts each:"), self.budget_spin),
        ):
            lab = QLabel(text)
            lab.setBuddy(field)
            votes.addWidget(lab)
            votes.addWidget(field)
        votes.addWidget(self.dots_label, 1)
        self._capture_layout = QVBoxLayout()
        self._capture_layout.addLayout(form)
        self._capture_layout.addWidget(self.contributions_table, 1)
        self._capture_layout.addLayout(votes)

    # --- loading ----------------------------------------------------------------

    def load(self, session: Session) -> None:
        """Show `session`; read again for the same one, the running timer and the text being
        typed stay as they are."""
        same = self.session is not None and self.session.id == session.id
        super().load(session)
        self.checkin.load(session)
        self._load_questions()
        self._load_contributions()
        if self.select_when_loaded:
            self.select_contribution(self.select_when_loaded)
            self.select_when_loaded = None
        if same:
            return
        self.timer.set_session(session.id, sessions.agenda(self.ws, session.id))
        self._draft_timer.stop()
        self.capture_edit.setText(sessions.capture_draft(self.ws, session.id))
        budget = sessions.vote_budget(self.ws, session.id) or 0
        self.budget_spin.blockSignals(True)
        self.budget_spin.setValue(budget)
        self.budget_spin.blockSignals(False)
        self._show_dots()

    def refresh(self, changes: Changes) -> None:
        if self.session is None:
            return
        if changes.touches("member", "attendance"):
            self.checkin.load(self.session)
        if changes.touches("question", "agenda_item"):
            self._load_questions()
        if changes.touches("contribution", "vote", "member", "question"):
            self._load_contributions()

    def _load_questions(self) -> None:
        """The questions to pick from (those on the agenda first), and the timer's agenda."""
        assert self.session is not None
        agenda = sessions.agenda(self.ws, self.session.id)
        self.timer.set_items(agenda)
        on_table = [i.question for i in agenda if i.question]
        found = {q.id: q for q in questions.list_questions(self.ws, self.session.community)}
        ordered = [found[q] for q in dict.fromkeys(on_table) if q in found]
        ordered += [q for q in found.values() if q.id not in on_table and q.status == "open"]
        current = self.question_combo.currentData()
        self.question_combo.clear()
        self.question_combo.addItem(_("0 (no question)"), None)
        for n, q in enumerate(ordered, 1):
            self.question_combo.addItem(f"{n} {q.title}" if n < 10 else q.title, q.id)
        index = self.question_combo.findData(current)
        self.question_combo.setCurrentIndex(max(0, index))
        self.contributions_model.questions = {q.id: q.title for q in found.values()}

    def _load_contributions(self) -> None:
        assert self.session is not None
        session_id = self.session.id
        people = self.people_source.of(self.session.community)
        self.contributions_model.names = {p["id"]: p["name"] for p in people}
        self.contributions_model.set_source(
            lambda limit, offset: contributions.page(self.ws, session_id, limit, offset)
        )

    def _present_changed(self, here: list[dict]) -> None:
        # A walk-in is someone new: their contributions need their name too.
        self.contributions_model.names.update((p["id"], p["name"]) for p in here)
        self.author_picker.set_people(here)
        self.voter_picker.set_people(here)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.contributions_table and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.vote(+1)
                return True
            if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
                self.vote(-1)
                return True
        return False

    # --- capture ----------------------------------------------------------------

    def pick_question(self, n: int) -> None:
        if n < self.question_combo.count():
            self.question_combo.setCurrentIndex(n)

    def pick_kind(self, n: int) -> None:
        if 1 <= n <= len(KINDS):
            self.kind_combo.setCurrentIndex(n - 1)

    def capture(self) -> None:
        """Save the capture field's text as a contribution, now."""
        text = self.capture_edit.text().strip()
        if not text or self.session is None:
            return
        author = self.author_picker.member_id()
        if self.author_picker.text().strip() and author is None:
            self.problem.setText(_("Nobody present is called “{name}”.").format(
                name=self.author_picker.text().strip()))  # fmt: skip
            self.problem.show()
            return
        outcome = ops.capture(
            self.ws,
            self.session.id,
            text,
            kind=self.kind_combo.currentData(),
            question=self.question_combo.currentData(),
            author=author,
        )
        if outcome.changes is not None:
            found = contributions.with_votes(self.ws, outcome.changes.id or "")
            if found is not None:
                self.contributions_model.prepend(*found)
            self.capture_edit.clear()
            self._draft_timer.stop()
            self.save_draft()
        self.done(outcome)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving Live mode saves the typed text now; closing the window stops the timer."""
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self.save_draft()
        if not self.window().isVisible():
            self.timer.stop()
        super().hideEvent(event)

    def _draft_edited(self, _text: str) -> None:
        self._draft_timer.start()

    def save_draft(self) -> None:
        if self.session is not None:
            sessions.save_capture_draft(self.ws, self.session.id, self.capture_edit.text())

    def select_contribution(self, contribution_id: str) -> bool:
        """Select a contribution in the list, reading further pages until it is found."""
        model = self.contributions_model
        while model.row_of(contribution_id) is None and model.canFetchMore():
            model.fetchMore()
        row = model.row_of(contribution_id)
        if row is not None:
            self.contributions_table.selectRow(row)
        return row is not None

    # --- votes ------------------------------------------------------------------

    def vote(self, delta: int) -> None:
        index = self.contributions_table.currentIndex()
        if not index.isValid() or self.session is None:
            return
        contribution = self.contributions_model.contribution(index.row())
        budget = self.budget_spin.value() or None
        outcome = ops.vote(self.ws, contribution.id, delta, self.voter_picker.member_id(), budget)
        if outcome.changes is not None:
            self.contributions_model.set_votes(
                contribution.id, contributions.votes(self.ws, contribution.id)
            )
        self.done(outcome)
        self._show_dots()

    def _budget_changed(self, value: int) -> None:
        if self.session is not None:
            sessions.set_vote_budget(self.ws, self.session.id, value or None)
        self._show_dots()

    def _show_dots(self) -> None:
        voter = self.voter_picker.member_id()
        budget = self.budget_spin.value()
        if self.session is None or voter is None:
            self.dots_label.setText("")
            return
        used = contributions.dots_used(self.ws, self.session.id).get(voter, 0)
        if budget:
            left = max(0, budget - used)
            self.dots_label.setText(
                "●" * min(used, budget) + "○" * left + "  "
                + _("{used} used, {left} left").format(used=used, left=left)
            )  # fmt: skip
        else:
            self.dots_label.setText(_("{used} dots given").format(used=used))
