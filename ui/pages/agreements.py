"""The community's working agreements across sessions, edited as typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import AgreementStatus, label
from app.i18n import _
from app.services import overview
from app.services.overview import AgreementLine
from app.services.workspace import Changes, Workspace
from ui.models.agreements import ID_ROLE, SESSION, TEXT, AgreementsModel
from ui.ops import tracking
from ui.pages.base import Page
from ui.widgets.tables import list_look, select_row


class AgreementsPage(Page):
    """Every working agreement, in the order made, with the session that adopted it.
    GUI thread."""

    entities = ("agreement", "session")

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Agreements"))
        self._own: Changes | None = None
        self.model = AgreementsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Working agreements"))
        self.table.setModel(self.model)
        list_look(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(SESSION, 360)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        title = QLabel(_("&Working agreements:"))
        title.setBuddy(self.table)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Number of working agreements"))

        self.new_action = QAction(_("&New agreement"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new)
        self.addAction(self.new_action)
        self.new_button = QPushButton(_("&New agreement"))
        self.new_button.setAccessibleName(_("New agreement"))
        self.new_button.setToolTip(_("Add a working agreement (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(self.new)

        self.text_edit = QLineEdit()
        self.text_edit.setAccessibleName(_("Agreement"))
        self.text_edit.editingFinished.connect(self._text_done)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        for status in AgreementStatus:
            self.status_combo.addItem(label(status), status.value)
        self.status_combo.currentIndexChanged.connect(self._status_chosen)
        form = QFormLayout()
        for text, widget in (
            (_("&Agreement:"), self.text_edit),
            (_("&Status:"), self.status_combo),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)

        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        self._show_current()

    # --- reading ----------------------------------------------------------------

    def reload(self) -> None:
        """Read the agreements again."""
        self._load(refresh=True)

    def apply_changes(self, changes: Changes) -> None:
        if changes is not self._own:
            super().apply_changes(changes)

    def _load(self, *, refresh: bool) -> None:
        selected = self.current_id()
        lines = overview.agreement_lines(self.ws, self.community_id) if self.community_id else []
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_lines(lines)
            if selected and self.model.row_of(selected) >= 0:
                self._select_row(self.model.row_of(selected))
        total = self.model.rowCount()
        self.count_label.setText(
            _("1 working agreement") if total == 1 else _("{n} working agreements").format(n=total)
        )
        if refresh or self.current_id() != selected:
            self._show_current()

    def current_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def current_line(self) -> AgreementLine | None:
        agreement_id = self.current_id()
        row = self.model.row_of(agreement_id) if agreement_id else -1
        return self.model.line(row) if row >= 0 else None

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, TEXT)
        select_row(self.table, index)

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        line = self.current_line()
        with QSignalBlocker(self.text_edit), QSignalBlocker(self.status_combo):
            self.text_edit.setText(line.text if line else "")
            status = line.status if line else AgreementStatus.ADOPTED.value
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        self.text_edit.setEnabled(line is not None)
        self.status_combo.setEnabled(line is not None)

    def show_item(self, entity: str, item_id: str) -> bool:
        if entity != "agreement" or self.community_id is None:
            return False
        if self.stale:  # read now, not again when shown
            self.stale = False
            self._load(refresh=True)
        if self.model.row_of(item_id) < 0:
            self._load(refresh=False)
        row = self.model.row_of(item_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def focus_main(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.current_id() is None and self.model.rowCount():
            self._select_row(0)

    # --- changing -----------------------------------------------------------------

    def _done(self, changes: Changes | None) -> None:
        if not changes:
            return
        self._own = changes
        self._load(refresh=False)
        self.changed.emit(changes)

    def _save(self, **fields: object) -> None:
        line = self.current_line()
        if line is None:
            return
        changes = tracking.save_agreement(self, self.ws, line.id, **fields)
        if changes is None:
            self._show_current()  # refused (and said why): show what is stored
            return
        self._done(changes)

    def _text_done(self) -> None:
        line = self.current_line()
        if line is not None and self.text_edit.text().strip() != line.text:
            self._save(text=self.text_edit.text())

    def _status_chosen(self, _index: int) -> None:
        line = self.current_line()
        if line is not None and self.status_combo.currentData() != line.status:
            self._save(status=self.status_combo.currentData())

    def new(self) -> None:
        if self.community_id is None:
            return
        changes = tracking.new_agreement(self, self.ws, self.community_id)
        if not changes:
            return
        self._done(changes)
        self._select_row(self.model.row_of(changes.id))
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_edit.selectAll()
