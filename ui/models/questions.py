"""Table model of a community's questions, and the proxy that sorts and filters them."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.model import QuestionStatus, label
from app.i18n import N_, _
from app.services.questions import QuestionLine
from ui.models.base import ColumnsModel
from ui.models.text import fold

URGENCY, TITLE, STATUS, OWNER = range(4)
COLUMNS = (N_("Urgency"), N_("Title"), N_("Status"), N_("Owner"))
URGENCY_NAMES = {1: N_("low"), 2: N_("medium"), 3: N_("high")}
STATUS_ORDER = {s.value: n for n, s in enumerate(QuestionStatus)}
# The statuses of questions still being worked on (the list's default filter).
ACTIVE = frozenset({"proposed", "open", "exploring"})

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
STATUS_ROLE = Qt.ItemDataRole.UserRole + 4
LINE_ROLE = Qt.ItemDataRole.UserRole + 5

Index = QModelIndex | QPersistentModelIndex


def urgency_text(urgency: int) -> str:
    return _(URGENCY_NAMES.get(urgency, URGENCY_NAMES[2]))


def cell_text(line: QuestionLine, column: int) -> str:
    q = line.question
    if column == URGENCY:
        return urgency_text(q.urgency)
    if column == TITLE:
        return q.title
    if column == STATUS:
        return label(q.status)
    if q.owner and not line.owner_name:
        return _("(not yet synced)")
    return line.owner_name or ""


def sort_key(line: QuestionLine, column: int) -> object:
    q = line.question
    if column == URGENCY:
        return -q.urgency  # most urgent first when ascending
    if column == STATUS:
        return STATUS_ORDER.get(q.status, len(STATUS_ORDER))
    return fold(cell_text(line, column))


class QuestionsModel(ColumnsModel):
    """Read-only rows over `QuestionLine` values. GUI thread."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[QuestionLine] = []
        self._search: list[str] = []

    def set_lines(self, lines: Iterable[QuestionLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._search = [
            fold(" ".join(cell_text(x, c) for c in range(len(COLUMNS)))) for x in self._lines
        ]
        self.endResetModel()

    def line(self, row: int) -> QuestionLine:
        return self._lines[row]

    def row_of(self, question_id: str) -> int:
        return next((n for n, x in enumerate(self._lines) if x.question.id == question_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(line, index.column())
        if role == ID_ROLE:
            return line.question.id
        if role == SORT_ROLE:
            return sort_key(line, index.column())
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        if role == STATUS_ROLE:
            return line.question.status
        if role == LINE_ROLE:
            return line
        return None


class QuestionsProxy(QSortFilterProxyModel):
    """Keeps the questions of the chosen statuses (None: all) that match every word typed;
    sorts by the column's own order (urgency high to low, status in its life cycle order),
    then by title."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._statuses: frozenset[str] | None = None
        self.setSortRole(SORT_ROLE)

    def set_filter_text(self, text: str) -> None:
        words = fold(text).split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_statuses(self, statuses: frozenset[str] | None) -> None:
        if statuses != self._statuses:
            self.beginFilterChange()
            self._statuses = statuses
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        index = source.index(source_row, 0, source_parent)
        if self._statuses is not None and source.data(index, STATUS_ROLE) not in self._statuses:
            return False
        haystack = source.data(index, SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a != b:
            return a < b
        source = self.sourceModel()
        title_a = source.index(left.row(), TITLE).data(SORT_ROLE)
        title_b = source.index(right.row(), TITLE).data(SORT_ROLE)
        return title_a < title_b
