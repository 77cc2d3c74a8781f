"""A session's captured contributions, newest first, fetched a page at a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.model import Contribution, label
from app.i18n import N_
from ui.models.base import ColumnsModel

DOTS, KIND, TEXT, AUTHOR, QUESTION = range(5)
COLUMNS = (N_("Dots"), N_("Kind"), N_("Contribution"), N_("By"), N_("Question"))
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset((_DISPLAY, _TOOLTIP, ID_ROLE))

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[int, int], list[tuple[Contribution, int]]]  # (limit, offset)


class ContributionsModel(ColumnsModel):
    """Rows of (contribution, vote total), newest first; `fetch` reads the next page. GUI thread."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list] = []  # [Contribution, votes]
        self._fetch: Fetch | None = None
        self._more = False
        self.names: dict[str, str] = {}
        self.questions: dict[str, str] = {}

    def set_source(self, fetch: Fetch | None) -> None:
        """Start again from the newest with a new reader (None: show nothing)."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = []
        self._more = fetch is not None
        self.endResetModel()
        if self._more:
            self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetch is None:
            return
        found = self._fetch(PAGE, len(self._rows))
        self._more = len(found) == PAGE
        if found:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(found) - 1)
            self._rows.extend([c, n] for c, n in found)
            self.endInsertRows()

    def prepend(self, contribution: Contribution, votes: int = 0) -> None:
        """Show a contribution just captured at the top."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, [contribution, votes])
        self.endInsertRows()

    def set_votes(self, contribution_id: str, votes: int) -> None:
        row = self.row_of(contribution_id)
        if row is not None:
            self._rows[row][1] = votes
            self.dataChanged.emit(self.index(row, DOTS), self.index(row, DOTS))

    def contribution(self, row: int) -> Contribution:
        return self._rows[row][0]

    def votes(self, row: int) -> int:
        return self._rows[row][1]

    def row_of(self, contribution_id: str) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r[0].id == contribution_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # The view asks for many roles of every visible cell on each repaint: answer the
        # ones not shown first and cheaply (Live mode repaints after every capture).
        if role not in _ROLES:
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        contribution, votes = self._rows[row]
        if role == ID_ROLE:
            return contribution.id
        column = index.column()
        if role == _TOOLTIP:
            return contribution.text if column == TEXT else None
        if column == TEXT:
            return contribution.text
        if column == DOTS:
            return str(votes) if votes else ""
        if column == KIND:
            return label(contribution.kind)
        if column == AUTHOR:
            return self.names.get(contribution.author or "", "")
        return self.questions.get(contribution.question or "", "")
