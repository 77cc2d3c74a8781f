"""The sessions page: the community's sessions, newest first; one opened shows its Prepare,
Live and Review modes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import NotFound
from app.domain.model import Session, label
from app.i18n import _
from app.services import contributions, sessions
from app.services.workspace import Changes, Workspace
from ui.models.sessions import TITLE, SessionsModel, when
from ui.ops import sessions as ops
from ui.ops.feedback import show_error
from ui.pages.base import Page
from ui.pages.session_live import LivePane
from ui.pages.session_prepare import PreparePane
from ui.pages.session_review import ReviewPane
from ui.pages.session_widgets import People, SessionPane

PREPARE, LIVE, REVIEW = range(3)


class SessionsPage(Page):
    """Lists the sessions of the community it is given; opens one in three modes, and their
    print and reconcile dialogs. GUI thread; `ws` must have been opened on it."""

    entities = ("session",)

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.print_dialog: QDialog | None = None
        self.reconcile_dialog: QDialog | None = None
        self.session: Session | None = None  # the one opened
        self._own: Changes | None = None
        self.setAccessibleName(_("Sessions"))
        self.model = SessionsModel(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._make_list())
        self.stack.addWidget(self._make_session_view())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        QShortcut(
            QKeySequence.StandardKey.Print,
            self,
            self.open_print,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        ).setWhatsThis(_("Sessions: print handouts for the session"))
        self._update_buttons()

    def _make_list(self) -> QWidget:
        self.table = QTableView()
        self.table.setAccessibleName(_("Sessions, newest first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.activated.connect(lambda _index: self.open_selected())  # Enter, double-click

        self.new_button = QPushButton(_("&New session"))
        self.new_button.setAccessibleName(_("New session"))
        self.new_button.clicked.connect(self.new_session)
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setAccessibleName(_("Open the session"))
        self.open_button.setToolTip(_("Prepare, run and review the session (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setAccessibleName(_("Print handouts for the session"))
        self.print_button.setToolTip(_("Handouts, sign-in sheet, minutes, badges (Ctrl+P)"))
        self.print_button.clicked.connect(lambda: self.open_print())
        self.reconcile_button = QPushButton(_("&Reconcile paper…"))
        self.reconcile_button.setAccessibleName(_("Reconcile paper"))
        self.reconcile_button.setToolTip(
            _("After the meeting: type in the signed sheet, walk-ins and handwritten notes")
        )
        self.reconcile_button.clicked.connect(self.open_reconcile)
        self.empty_label = QLabel(_("No sessions yet."))
        self.empty_label.setAccessibleName(_("No sessions yet."))

        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.print_button):
            buttons.addWidget(button)
        buttons.addWidget(self.reconcile_button)
        buttons.addStretch()
        buttons.addWidget(self.empty_label)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        return page

    def _make_session_view(self) -> QWidget:
        self.back_button = QPushButton(_("◀ All &sessions"))
        self.back_button.setAccessibleName(_("Back to all sessions"))
        self.back_button.clicked.connect(self.show_list)
        self.heading = QLabel()
        self.heading.setAccessibleName(_("Session"))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.people = People(self.ws)
        self.prepare = PreparePane(self.ws, self.people)
        self.live = LivePane(self.ws, self.people)
        self.review = ReviewPane(self.ws, self.people)
        self._stale: set[SessionPane] = set()  # to read again when shown
        self._emitting: SessionPane | None = None
        self.prepare.open_print = self.open_print
        self.review.open_minutes = lambda: self.open_print(kind="minutes")
        self.modes = QTabWidget()
        self.modes.setAccessibleName(_("Session modes"))
        self.panes: list[SessionPane] = [self.prepare, self.live, self.review]
        for pane, name in zip(self.panes, (_("&Prepare"), _("&Live"), _("&Review")), strict=True):
            # Scrolled when the window is small, so that it can be made small.
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(pane)
            self.modes.addTab(scroll, name)
            pane.changed.connect(lambda changes, pane=pane: self._pane_changed(pane, changes))
        self.modes.currentChanged.connect(self._mode_shown)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.addLayout(top)
        layout.addWidget(self.modes, 1)
        return view

    # --- the list ---------------------------------------------------------------------

    def set_community(self, community_id: str | None) -> None:
        """Show the sessions of `community_id` (read now if on screen, else when shown)."""
        if community_id != self.community_id:
            self.show_list()
            self.community_id = community_id
        self.refresh()

    def _load_list(self) -> None:
        """Read the sessions again, keeping the selected one where it can."""
        selected = self.selected()
        community_id = self.community_id
        found = sessions.list_sessions(self.ws, community_id) if community_id else []
        self.model.set_sessions(found)
        self.table.resizeColumnsToContents()
        row = self.model.row_of(selected.id) if selected else None
        if self.model.rowCount():
            self.table.selectRow(row or 0)
        self._update_buttons()

    def reload(self) -> None:
        self._load_list()
        if self.session is not None:
            self._reopen()

    def apply_changes(self, changes: Changes) -> None:
        """The pane shown refreshes what `changes` touched now, the others when next shown;
        the pane that made a change shows it already."""
        if changes.touches("member"):
            self.people.forget()
        if changes is self._own:
            if changes.touches("session"):
                self._load_list()
                self._show_heading()
            self._stale.update(p for p in self.panes if p is not self._emitting)
            return
        if changes.touches("session") or not self.isVisible():
            self.refresh()  # the list, and the session open, now or when shown
            return
        if self.session is not None:
            current = self.current_pane()
            self._stale.update(p for p in self.panes if p is not current)
            if current not in self._stale:
                current.refresh(changes)

    def selected(self) -> Session | None:
        index = self.table.currentIndex()
        return self.model.session(index.row()) if index.isValid() else None

    def shown_titles(self) -> list[str]:
        return [self.model.session(r).title for r in range(self.model.rowCount())]

    def _update_buttons(self, *_args: QModelIndex) -> None:
        has = self.selected() is not None
        self.open_button.setEnabled(has)
        self.print_button.setEnabled(has)
        self.reconcile_button.setEnabled(has)
        self.new_button.setEnabled(self.community_id is not None)
        self.empty_label.setVisible(self.model.rowCount() == 0)

    # --- one session --------------------------------------------------------------------

    @Slot()
    def new_session(self) -> None:
        if self.community_id is None:
            return
        outcome = ops.new_session(self.ws, self.community_id, _("New session"))
        if outcome.problem or outcome.changes is None:
            show_error(self, outcome.problem or "")
            return
        self._emit(outcome.changes)
        self.open_session(outcome.changes.id or "", PREPARE)
        self.prepare.title_edit.setFocus()
        self.prepare.title_edit.selectAll()

    @Slot()
    def open_selected(self) -> None:
        session = self.selected()
        if session is not None:
            self.open_session(session.id)

    def open_session(self, session_id: str, mode: int | None = None) -> None:
        """Show one session in the mode its status suggests: a planned one in Prepare, a live
        one (people checked in, things said) in Live, a closed one in Review."""
        self.session = sessions.get(self.ws, session_id)
        row = self.model.row_of(session_id)
        if row is not None:
            self.table.selectRow(row)
        self._show_heading()
        if mode is None:
            mode = {"closed": REVIEW, "live": LIVE}.get(self.session.status, PREPARE)
        self._stale = set(self.panes)
        self.stack.setCurrentIndex(1)
        with QSignalBlocker(self.modes):
            self.modes.setCurrentIndex(mode)
        self._mode_shown(mode)

    def current_pane(self) -> SessionPane:
        return self.panes[self.modes.currentIndex()]

    def show_pane(self, pane: SessionPane) -> None:
        self.modes.setCurrentIndex(self.panes.index(pane))

    def _reopen(self) -> None:
        assert self.session is not None
        found = [s for s in sessions.list_sessions(self.ws, self.session.community)]
        if not any(s.id == self.session.id for s in found):
            self.show_list()  # deleted, or its creation undone
            return
        self.session = sessions.get(self.ws, self.session.id)
        self._show_heading()
        self._stale = set(self.panes)
        self._load_shown()

    def _show_heading(self) -> None:
        if self.session is None:
            return
        self.session = sessions.get(self.ws, self.session.id)
        self.heading.setText(
            f"{self.session.title} — {when(self.session)} — {label(self.session.status)}"
        )

    def show_list(self) -> None:
        if self.live.timer.running():
            self.live.timer.start_pause()  # pauses, and keeps how long the item ran
        self.session = None
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    def _load_shown(self) -> None:
        pane = self.current_pane()
        if pane in self._stale and self.session is not None:
            self._stale.discard(pane)
            pane.load(self.session)

    def _mode_shown(self, mode: int) -> None:
        self._load_shown()
        if mode == LIVE:
            self.live.capture_edit.setFocus()
        elif mode == REVIEW:
            self.review.action_edit.setFocus()

    def focus_main(self) -> None:
        if self.stack.currentIndex() == 0:
            self.table.setFocus()
        else:
            self._mode_shown(self.modes.currentIndex())

    def show_item(self, entity: str, item_id: str) -> bool:
        if entity == "session":
            try:
                found = sessions.get(self.ws, item_id)
            except NotFound:
                return False
            if found.community != self.community_id:
                return False
            self.open_session(item_id)
            return True
        if entity == "contribution":
            try:
                contribution = contributions.get(self.ws, item_id)
            except NotFound:
                return False
            if not contribution.session or contribution.community != self.community_id:
                return False
            self.open_session(contribution.session, REVIEW)
            self.review.select_contribution(item_id)
            self.live.select_when_loaded = item_id  # Live reads its list when shown
            return True
        return False

    def _pane_changed(self, pane: SessionPane, changes: Changes) -> None:
        self._emitting = pane
        try:
            self._emit(changes)
        finally:
            self._emitting = None

    def _emit(self, changes: Changes) -> None:
        self._own = changes
        try:
            self.changed.emit(changes)
        finally:
            self._own = None

    # --- dialogs ------------------------------------------------------------------------

    def _subject(self) -> Session | None:
        return self.session if self.stack.currentIndex() == 1 else self.selected()

    def open_print(self, kind: str = "agenda") -> None:
        from ui.dialogs.print_dialog import PrintDialog  # QtPdf and reportlab: on first use

        session = self._subject()
        if session is None or self.community_id is None:
            return
        dialog = PrintDialog(
            self.data_dir,
            self.community_id,
            session.id,
            subject=session.title,
            kind=kind,
            parent=self,
        )
        self.print_dialog = self._open(dialog)

    @Slot()
    def open_reconcile(self) -> None:
        from ui.dialogs.reconcile import ReconcileDialog

        session = self._subject()
        if session is None:
            return
        dialog = ReconcileDialog(self.ws, session.id, parent=self)
        dialog.changed.connect(self.changed)
        self.reconcile_dialog = self._open(dialog)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
