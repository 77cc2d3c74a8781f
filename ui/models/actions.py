"""Table model of the actions across sessions, and the proxy that filters them by owner,
status and when they are due."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.model import label
from app.i18n import N_, _
from app.services.dossier import ActionLine
from app.services.overview import OVERDUE, due_bucket
from ui.models.base import ColumnsModel
from ui.models.text import fold

TEXT, OWNER, DUE, STATUS, SESSION, QUESTION = range(6)
COLUMNS = (N_("Action"), N_("Owner"), N_("Due"), N_("Status"), N_("Session"), N_("Question"))

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LINE_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex
NOT_SYNCED = N_("(not yet synced)")


def cell_text(line: ActionLine, column: int) -> str:
    if column == TEXT:
        return line.text
    if column == OWNER:
        return _(NOT_SYNCED) if line.owner and not line.owner_name else line.owner_name or ""
    if column == DUE:
        return line.due_on or ""
    if column == STATUS:
        return label(line.status)
    if column == SESSION:
        return (
            _(NOT_SYNCED) if line.session and not line.session_title else line.session_title or ""
        )
    if line.question and not line.question_title:
        return _(NOT_SYNCED)
    return line.question_title or ""


class ActionsModel(ColumnsModel):
    """Read-only rows over `ActionLine` values; overdue ones are shown in bold. GUI thread."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.today = today or date.today()
        self._lines: list[ActionLine] = []

    def set_lines(self, lines: Iterable[ActionLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> ActionLine:
        return self._lines[row]

    def row_of(self, action_id: str) -> int:
        return next((n for n, x in enumerate(self._lines) if x.id == action_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = cell_text(line, column)
            if column == DUE and due_bucket(line.due_on, line.status, self.today) == OVERDUE:
                return _("{day} (overdue)").format(day=text)
            return text
        if role == Qt.ItemDataRole.CheckStateRole and column == TEXT:
            done = line.status == "done"
            return Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return line.id
        if role == LINE_ROLE:
            return line
        if role == SORT_ROLE:
            if column == DUE:
                return line.due_on or "9999"  # no date: last
            return fold(cell_text(line, column))
        if role == SEARCH_ROLE:
            return fold(" ".join(cell_text(line, c) for c in range(len(COLUMNS))))
        return None


class ActionsProxy(QSortFilterProxyModel):
    """Keeps the actions of one owner ("" : everyone), one status (None: any), due in one
    bucket of `overview.due_bucket` (None: any), matching every word typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._owner: str | None = None
        self._status: str | None = None
        self._due: str | None = None
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_filters(
        self,
        *,
        owner: str | None = None,
        status: str | None = None,
        due: str | None = None,
        text: str = "",
    ) -> None:
        wanted = (owner, status, due, fold(text).split())
        if wanted != (self._owner, self._status, self._due, self._words):
            self.beginFilterChange()
            self._owner, self._status, self._due, self._words = wanted
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        index = source.index(source_row, 0, source_parent)
        line: ActionLine = source.data(index, LINE_ROLE)
        if self._owner and line.owner != self._owner:
            return False
        if self._status and line.status != self._status:
            return False
        if self._due and due_bucket(line.due_on, line.status, source.today) != self._due:
            return False
        haystack = source.data(index, SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)
