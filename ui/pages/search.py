"""Search results for the window's search field: members, questions, sessions, contributions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KringError
from app.i18n import N_, _
from app.services import search
from app.services.workspace import Workspace
from ui.pages.base import Page

KIND_NAMES = {
    "member": N_("Member"),
    "question": N_("Question"),
    "session": N_("Session"),
    "contribution": N_("Contribution"),
    "action": N_("Action"),
    "agreement": N_("Agreement"),
}
ID_ROLE = Qt.ItemDataRole.UserRole


def plain_snippet(snippet: str) -> str:
    """FTS marks the matched words with [ ]; the list shows them in «guillemets»."""
    return snippet.replace("[", "«").replace("]", "»").replace("\n", " ")


class SearchPage(Page):
    """The hits for the text typed in the search field, best first. GUI thread."""

    open_requested = Signal(str, str)  # entity, id

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Search results"))
        self.text = ""
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Number of search results"))
        self.results = QTreeWidget()
        self.results.setAccessibleName(_("Search results"))
        self.results.setHeaderLabels([_("Kind"), _("Name or title"), _("Found in")])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.header().setStretchLastSection(True)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)

    def search(self, text: str) -> None:
        self.text = text
        self.reload()

    def reload(self) -> None:
        self.results.clear()
        if not self.community_id or not self.text.strip():
            self.summary.clear()
            return
        try:
            hits = search.search(self.ws, self.community_id, self.text)
        except KringError as error:
            self.summary.setText(str(error))
            return
        for hit in hits:
            item = QTreeWidgetItem(
                [
                    _(KIND_NAMES.get(hit.entity, hit.entity)),
                    hit.title or "",
                    plain_snippet(hit.snippet or ""),
                ]
            )
            item.setData(0, ID_ROLE, (hit.entity, hit.id))
            self.results.addTopLevelItem(item)
        self.results.resizeColumnToContents(0)
        self.results.resizeColumnToContents(1)
        # Long contribution texts would push "found in" out of sight: cap the title's width.
        self.results.setColumnWidth(1, min(self.results.columnWidth(1), self.width() * 2 // 5))
        if hits:
            self.results.setCurrentItem(self.results.topLevelItem(0))
            self.summary.setText(
                _("1 result for “{text}”").format(text=self.text)
                if len(hits) == 1
                else _("{n} results for “{text}”").format(n=len(hits), text=self.text)
            )
        else:
            self.summary.setText(_("Nothing found for “{text}”.").format(text=self.text))

    def apply_changes(self, changes) -> None:
        if self.text and self.isVisible():
            self.reload()

    def hits(self) -> list[tuple[str, str]]:
        """(kind, title) of every hit shown, in order."""
        return [
            (self.results.topLevelItem(i).text(0), self.results.topLevelItem(i).text(1))
            for i in range(self.results.topLevelItemCount())
        ]

    def focus_main(self) -> None:
        if self.results.topLevelItemCount():
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            self.results.setCurrentItem(self.results.topLevelItem(0))

    def open_first(self) -> None:
        item = self.results.currentItem() or self.results.topLevelItem(0)
        if item is not None:
            self._activated(item)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        entity, item_id = item.data(0, ID_ROLE)
        self.open_requested.emit(entity, item_id)
