"""The sessions page: the community's sessions, newest first, to print for or reconcile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Session
from app.i18n import _
from app.services import sessions
from app.services.workspace import Workspace
from ui.models.sessions import TITLE, SessionsModel
from ui.pages.base import Page


class SessionsPage(Page):
    """Lists the sessions of the community it is given and opens their print and reconcile
    dialogs. GUI thread; `ws` must have been opened on it."""

    entities = ("session",)

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.print_dialog: QDialog | None = None
        self.reconcile_dialog: QDialog | None = None
        self.setAccessibleName(_("Sessions"))
        self.model = SessionsModel(self)

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
        self.table.activated.connect(lambda _index: self.open_print())  # Enter or double-click

        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setAccessibleName(_("Print handouts for the session"))
        self.print_button.setToolTip(_("Handouts, sign-in sheet, minutes, badges (Ctrl+P)"))
        self.print_button.clicked.connect(self.open_print)
        self.reconcile_button = QPushButton(_("&Reconcile paper…"))
        self.reconcile_button.setAccessibleName(_("Reconcile paper"))
        self.reconcile_button.setToolTip(
            _("After the meeting: type in the signed sheet, walk-ins and handwritten notes")
        )
        self.reconcile_button.clicked.connect(self.open_reconcile)
        QShortcut(
            QKeySequence.StandardKey.Print,
            self,
            self.open_print,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.empty_label = QLabel(_("No sessions yet."))
        self.empty_label.setAccessibleName(_("No sessions yet."))

        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.reconcile_button)
        buttons.addStretch()
        buttons.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_community(self, community_id: str | None) -> None:
        """Show the sessions of `community_id`, keeping the selected one where it can."""
        selected = self.selected()
        self.community_id = community_id
        found = sessions.list_sessions(self.ws, community_id) if community_id else []
        self.model.set_sessions(found)
        self.table.resizeColumnsToContents()
        row = self.model.row_of(selected.id) if selected else None
        if self.model.rowCount():
            self.table.selectRow(row or 0)
        self._update_buttons()

    def reload(self) -> None:
        self.set_community(self.community_id)

    def selected(self) -> Session | None:
        index = self.table.currentIndex()
        return self.model.session(index.row()) if index.isValid() else None

    def shown_titles(self) -> list[str]:
        return [self.model.session(r).title for r in range(self.model.rowCount())]

    def _update_buttons(self, *_args: QModelIndex) -> None:
        has = self.selected() is not None
        self.print_button.setEnabled(has)
        self.reconcile_button.setEnabled(has)
        self.empty_label.setVisible(self.model.rowCount() == 0)

    @Slot()
    def open_print(self) -> None:
        from ui.dialogs.print_dialog import PrintDialog  # QtPdf and reportlab: on first use

        session = self.selected()
        if session is None or self.community_id is None:
            return
        dialog = PrintDialog(
            self.data_dir, self.community_id, session.id, subject=session.title, parent=self
        )
        self.print_dialog = self._open(dialog)

    @Slot()
    def open_reconcile(self) -> None:
        from ui.dialogs.reconcile import ReconcileDialog

        session = self.selected()
        if session is None:
            return
        dialog = ReconcileDialog(self.ws, session.id, parent=self)
        dialog.changed.connect(self.changed)
        self.reconcile_dialog = self._open(dialog)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
