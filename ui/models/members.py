"""Table model of a community's members, and the proxy that sorts and filters it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.model import Member, label
from app.i18n import N_, _

NAME, EMAIL, ORGANISATION, DEPARTMENT, ROLE = range(5)
COLUMNS = (N_("Name"), N_("Email"), N_("Organisation"), N_("Department"), N_("Role"))

# Item data roles beyond Qt's own: the Member itself, its id, the whole row's text folded for
# search, and the cell's text folded for sorting.
MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex


def fold(text: str) -> str:
    """Text reduced for matching: case and accents ignored, so "jose" finds "José"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def cell_text(member: Member, column: int) -> str:
    """What the table shows for `member` in `column`."""
    if column == ROLE:
        return label(member.role)
    value = (member.name, member.email, member.organisation, member.department)[column]
    return value or ""


class MembersModel(QAbstractTableModel):
    """Read-only rows over `Member` values; `set_members` replaces them all. GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._members: list[Member] = []
        self._sort_keys: list[tuple[str, ...]] = []

    def set_members(self, members: Iterable[Member]) -> None:
        self.beginResetModel()
        self._members = list(members)
        self._sort_keys = [
            tuple(fold(cell_text(m, c)) for c in range(len(COLUMNS))) for m in self._members
        ]
        self.endResetModel()

    def member(self, row: int) -> Member:
        return self._members[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._members):
            return None
        member = self._members[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(member, index.column())
        if role == MEMBER_ROLE:
            return member
        if role == ID_ROLE:
            return member.id
        if role == SORT_ROLE:
            return self._sort_keys[index.row()][index.column()]
        if role == SEARCH_ROLE:
            return " ".join(self._sort_keys[index.row()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section])
        return None


class MembersFilterProxy(QSortFilterProxyModel):
    """Sorts ignoring case and accents ("Émile" among the e's, whatever the system locale)
    and keeps the rows that match every word typed, in any column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_filter_text(self, text: str) -> None:
        words = fold(text).split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        source = self.sourceModel()
        haystack = source.data(source.index(source_row, 0, source_parent), SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)
