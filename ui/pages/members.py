"""The members page: a filter field above a sortable table of the community's members."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Member
from app.i18n import _
from app.services import members
from app.services.workspace import Workspace
from ui.models.members import NAME, MembersFilterProxy, MembersModel
from ui.pages.base import Page


class MembersPage(Page):
    """The community's members in a filterable table. GUI thread."""

    entities = ("member",)

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Members"))
        self.model = MembersModel(self)
        self.proxy = MembersFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Type to filter by name, email, organisation…"))
        self.filter_edit.setAccessibleName(_("Filter members"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        filter_label = QLabel(_("F&ind:"))  # not "&Find": Alt+F opens the File menu
        filter_label.setBuddy(self.filter_edit)

        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Number of members shown"))

        self.table = QTableView()
        self.table.setAccessibleName(_("Members"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Compact rows: a facilitator scans long lists of people during a meeting.
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.filter_edit.installEventFilter(self)
        self._update_count()

    def set_community(self, community_id: str | None) -> None:
        if community_id != self.community_id:
            self.filter_edit.clear()
        super().set_community(community_id)

    def reload(self) -> None:
        found = members.list_members(self.ws, self.community_id) if self.community_id else []
        self.set_members(found)

    def focus_main(self) -> None:
        self.focus_filter()

    def set_members(self, found: Iterable[Member]) -> None:
        self.model.set_members(found)
        self.table.resizeColumnsToContents()
        self._update_count()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def shown_names(self) -> list[str]:
        """The names in the table, in the order shown."""
        return [self.proxy.index(r, NAME).data() for r in range(self.proxy.rowCount())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the filter field moves into the list, so the keyboard never has to Tab.
        if (
            watched is self.filter_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if shown == total:
            text = _("1 member") if total == 1 else _("{n} members").format(n=total)
        else:
            text = _("{shown} of {total} members").format(shown=shown, total=total)
        self.count_label.setText(text)
