"""A question's dossier on screen: its contributions across sessions (read as they scroll
into view), decisions first, and the actions linked to it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, plural
from app.services import dossier
from app.services.workspace import Workspace
from ui.models.dossier import (
    A_TEXT,
    AUTHOR,
    DATE,
    KIND,
    SESSION,
    VOTES,
    DossierModel,
    LinkedActionsModel,
)
from ui.widgets.tables import list_look


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    list_look(table)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class DossierView(QWidget):
    """Shows the dossier of one question. GUI thread; reads through the services on `ws`."""

    print_requested = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.question_id: str | None = None
        self._stale = False
        self._printing = False
        self.summary_label = QLabel()
        self.summary_label.setAccessibleName(_("Dossier summary"))
        self.summary_label.setWordWrap(True)
        self.print_button = QPushButton(_("P&rint dossier…"))
        self.print_button.setAccessibleName(_("Print dossier"))
        self.print_button.clicked.connect(self.print_requested)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("Printing"))

        self.model = DossierModel(self)
        self.contributions = _table(_("Contributions about this question"))
        self.contributions.setModel(self.model)
        header = self.contributions.horizontalHeader()
        for column, width in ((DATE, 85), (SESSION, 150), (AUTHOR, 130), (KIND, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(VOTES, QHeaderView.ResizeMode.ResizeToContents)
        contributions_label = QLabel(_("Contri&butions (decisions first, then by session):"))
        contributions_label.setBuddy(self.contributions)

        self.actions_model = LinkedActionsModel(self)
        self.actions = _table(_("Actions about this question"))
        self.actions.setModel(self.actions_model)
        self.actions.setMaximumHeight(150)
        self.actions.horizontalHeader().setStretchLastSection(False)
        self.actions.horizontalHeader().setSectionResizeMode(A_TEXT, QHeaderView.ResizeMode.Stretch)
        actions_label = QLabel(_("&Actions:"))
        actions_label.setBuddy(self.actions)

        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.status_label)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(contributions_label)
        layout.addWidget(self.contributions, 3)
        layout.addWidget(actions_label)
        layout.addWidget(self.actions, 1)
        self.show_question(None)

    def show_question(self, question_id: str | None) -> None:
        """Show the dossier of `question_id` (None: nothing), read again now if this view is
        on screen, else when it is shown: reading a big dossier costs tens of milliseconds,
        which flicking through the list on the Details tab should not pay."""
        self.question_id = question_id
        self._stale = True
        self.print_button.setEnabled(question_id is not None and not self._printing)
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._load()

    def _load(self) -> None:
        self._stale = False
        question_id = self.question_id
        if question_id is None:
            self.model.set_source(None, 0)
            self.actions_model.set_lines([])
            self.summary_label.setText("")
            return
        summary = dossier.outline(self.ws, question_id)
        ids = summary.ids
        self.model.set_source(
            lambda offset, limit: dossier.entries_by_id(self.ws, ids[offset : offset + limit]),
            summary.contributions,
        )
        self.actions_model.set_lines(dossier.actions(self.ws, question_id))
        self.summary_label.setText(self._summary_text(summary))

    @staticmethod
    def _summary_text(summary: dossier.Outline) -> str:
        if not summary.contributions:
            return _("Nothing has been captured about this question yet.")
        said = plural(summary.contributions, _("1 contribution"), _("{n} contributions"))
        where = plural(summary.sessions, _("in 1 session"), _("in {n} sessions"))
        decided = plural(summary.decisions, _("1 decision"), _("{n} decisions"))
        # One sentence to translate, so that a language may order its parts otherwise.
        return _("{contributions} {sessions}, {decisions}").format(
            contributions=said, sessions=where, decisions=decided
        )

    def set_status(self, message: str, busy: bool) -> None:
        """How printing goes; the button waits while it is busy."""
        self._printing = busy
        self.status_label.setText(message)
        self.print_button.setEnabled(not busy and self.question_id is not None)
