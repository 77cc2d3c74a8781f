"""The community's questions by status and urgency, each with its form and its dossier."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import QuestionStatus, label
from app.i18n import _
from app.services import overview, questions
from app.services.workspace import Changes, Workspace
from ui.models.questions import (
    ACTIVE,
    ID_ROLE,
    OWNER,
    TITLE,
    URGENCY,
    QuestionsModel,
    QuestionsProxy,
)
from ui.ops import questions as ops
from ui.pages.base import Page
from ui.pages.question_dossier import DossierView
from ui.pages.question_form import QuestionForm
from ui.widgets.tables import list_look, select_row

if TYPE_CHECKING:
    from ui.ops.dossier_print import DossierPrinter
    from ui.ops.print import AskPrinter

ALL = "all"


class QuestionsPage(Page):
    """A filterable list of questions; the one selected is edited on the right, where its
    dossier is one tab away. GUI thread."""

    entities = ("question", "member", "contribution", "vote", "action", "session")

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Questions"))
        self.ask_delete = ops.ask_delete  # tests put a stand-in here
        self.printer: DossierPrinter | None = None  # made on first use
        self.ask_printer: AskPrinter | None = None  # None: the system print dialog
        self._own: Changes | None = None
        self._members_for: str | None = None
        self.model = QuestionsModel(self)
        self.proxy = QuestionsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_statuses(ACTIVE)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Type to filter by title or owner…"))
        self.filter_edit.setAccessibleName(_("Filter questions"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        filter_label = QLabel(_("F&ind:"))
        filter_label.setBuddy(self.filter_edit)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(_("Show questions with status"))
        self.status_filter.addItem(_("Still open"), "active")
        self.status_filter.addItem(_("All"), ALL)
        for status in QuestionStatus:
            self.status_filter.addItem(label(status), status.value)
        self.status_filter.currentIndexChanged.connect(self._status_filter_changed)
        status_label = QLabel(_("S&how:"))
        status_label.setBuddy(self.status_filter)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Number of questions shown"))

        self.table = QTableView()
        self.table.setAccessibleName(_("Questions"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(URGENCY, Qt.SortOrder.AscendingOrder)
        list_look(self.table)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(OWNER, 150)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.new_action = QAction(_("&New question"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_question)
        self.addAction(self.new_action)
        self.new_button = QPushButton(_("&New question"))
        self.new_button.setAccessibleName(_("New question"))
        self.new_button.setToolTip(_("Add a question (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(self.new_question)
        self.delete_button = QPushButton(_("De&lete"))
        self.delete_button.setAccessibleName(_("Delete question"))
        self.delete_button.clicked.connect(self.delete_current)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.setWhatsThis(_("Delete the selected question"))
        delete_key.activated.connect(self.delete_current)

        self.form = QuestionForm()
        self.form.save_requested.connect(self.save)
        self.dossier = DossierView(ws)
        self.dossier.print_requested.connect(self.print_dossier)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Question"))
        self.tabs.addTab(self.form, _("D&etails"))
        self.tabs.addTab(self.dossier, _("D&ossier"))

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(status_label)
        top.addWidget(self.status_filter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        # Half and half: the list needs room for the titles, the form for the long texts.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_count()

    # --- reading ----------------------------------------------------------------

    def set_community(self, community_id: str | None) -> None:
        if community_id != self.community_id:
            self.filter_edit.clear()
            self._members_for = None
        super().set_community(community_id)

    def reload(self) -> None:
        """Read the list, the form and the dossier of the selected question again."""
        self._load_members()
        self._load_list(refresh_selected=True)

    def apply_changes(self, changes: Changes) -> None:
        if changes is self._own:
            return  # made here, and shown already
        if changes.touches("member"):
            self._members_for = None
        if changes.touches("question", "member"):
            self.refresh()
        elif changes.touches("contribution", "vote", "action", "session"):
            self.dossier.show_question(self.current_id())

    def _load_members(self) -> None:
        if self.community_id and self._members_for != self.community_id:
            self.form.set_members(overview.member_choices(self.ws, self.community_id))
            self._members_for = self.community_id

    def _load_list(self, *, refresh_selected: bool) -> None:
        selected = self.current_id()
        lines = questions.list_with_owners(self.ws, self.community_id) if self.community_id else []
        model = self.table.selectionModel()
        model.blockSignals(True)
        try:
            self.model.set_lines(lines)
            row = self._proxy_row(selected)
            if row >= 0:
                self._select_row(row)
        finally:
            model.blockSignals(False)
        self.table.resizeColumnToContents(URGENCY)
        self._update_count()
        if self.current_id() != selected or refresh_selected:
            self._show_current()

    def current_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def shown_titles(self) -> list[str]:
        """The titles in the list, in the order shown."""
        return [self.proxy.index(r, TITLE).data() for r in range(self.proxy.rowCount())]

    def _proxy_row(self, question_id: str | None) -> int:
        if question_id is None:
            return -1
        source = self.model.row_of(question_id)
        if source < 0:
            return -1
        return self.proxy.mapFromSource(self.model.index(source, 0)).row()

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, TITLE)
        select_row(self.table, index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        question_id = self.current_id()
        line = None
        if question_id is not None:
            row = self.model.row_of(question_id)
            line = self.model.line(row) if row >= 0 else None
        self.form.show_question(line.question if line else None, line.owner_name if line else None)
        self.dossier.show_question(question_id)
        self.delete_button.setEnabled(question_id is not None)

    def show_item(self, entity: str, item_id: str) -> bool:
        if entity != "question" or self.community_id is None:
            return False
        if self.stale:  # read now, not again when shown
            self.stale = False
            self._load_members()
            self._load_list(refresh_selected=True)
        if self.model.row_of(item_id) < 0:
            self._load_list(refresh_selected=False)
            if self.model.row_of(item_id) < 0:
                return False
        if self._proxy_row(item_id) < 0:  # hidden by the filters: show everything
            self.filter_edit.clear()
            self.status_filter.setCurrentIndex(self.status_filter.findData(ALL))
        self._select_row(self._proxy_row(item_id))
        return True

    def focus_main(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.current_id() is None and self.proxy.rowCount():
            self._select_row(0)

    # --- changing -----------------------------------------------------------------

    def _done(self, changes: Changes | None) -> None:
        """Show what a mutation made here changed, then tell the window."""
        if not changes:
            return
        self._own = changes
        self._load_list(refresh_selected=False)
        self.changed.emit(changes)

    def save(self, question_id: str, fields: dict) -> None:
        changes = ops.save_question(self, self.ws, question_id, **fields)
        if changes is None and self.form.question is not None:
            # Refused (the reason is shown): put back what is stored.
            if self.form.question.id == question_id:
                self._show_current()
            return
        if self.form.question is not None and self.form.question.id == question_id:
            self.form.question = questions.get(self.ws, question_id)
        self._done(changes)

    def new_question(self) -> None:
        if self.community_id is None:
            return
        self.form.flush()
        changes = ops.new_question(self, self.ws, self.community_id)
        if not changes:
            return
        self._done(changes)
        if self._proxy_row(changes.id) < 0:  # hidden by the filters
            self.filter_edit.clear()
            self.status_filter.setCurrentIndex(self.status_filter.findData(ALL))
        self._select_row(self._proxy_row(changes.id))
        self.tabs.setCurrentWidget(self.form)
        self.form.title_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.form.title_edit.selectAll()

    def delete_current(self) -> None:
        question_id = self.current_id()
        if question_id is None:
            return
        self.form.flush()
        row = self.table.selectionModel().currentIndex().row()
        changes = ops.delete_question(self, self.ws, question_id, self.ask_delete)
        if not changes:
            return
        self._done(changes)
        if self.proxy.rowCount():
            self._select_row(min(row, self.proxy.rowCount() - 1))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def print_dossier(self) -> None:
        """Print the selected question's dossier (rendered and printed in the background)."""
        question_id = self.current_id()
        if question_id is None:
            return
        if self.printer is None:
            from ui.ops.dossier_print import DossierPrinter  # QtPdf, reportlab: on first use

            self.printer = DossierPrinter(self, self.data_dir)
            self.printer.status.connect(self.dossier.set_status)
        if self.ask_printer is not None:
            self.printer.ask_printer = self.ask_printer
        self.printer.start(question_id)

    # --- filters ------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._after_filter()

    def _status_filter_changed(self, _index: int) -> None:
        key = self.status_filter.currentData()
        statuses = None if key == ALL else ACTIVE if key == "active" else frozenset({key})
        self.proxy.set_statuses(statuses)
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        if self.current_id() is None:
            self._show_current()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if shown == total:
            text = _("1 question") if total == 1 else _("{n} questions").format(n=total)
        else:
            text = _("{shown} of {total} questions").format(shown=shown, total=total)
        self.count_label.setText(text)
