"""Table model of a community's members that reads only the rows on screen.

Filtering and sorting happen in SQL (`members.filtered_ids`): the model holds the ordered
ids of the members shown (a list of strings, cheap for 10,000 members) and reads their
rows a page at a time as the view asks for them, keeping the last pages read.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.domain.model import label
from app.i18n import N_, _
from app.services import members
from app.services.members import MemberFilter, MemberRow
from app.services.workspace import Workspace
from ui.models.base import ColumnsModel

NAME, EMAIL, ORGANISATION, DEPARTMENT, ROLE = range(5)
COLUMNS = (N_("Name"), N_("Email"), N_("Organisation"), N_("Department"), N_("Role"))
SORT_KEYS = members.SORTABLE  # the service's sort key for each column, same order

# Item data roles beyond Qt's own: the row's MemberRow and its id.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ROW, _ID = int(ROW_ROLE), int(ID_ROLE)
_SERVED = frozenset((_DISPLAY, _FONT, _TOOLTIP, _ROW, _ID))

PAGE_SIZE = 100
KEPT_PAGES = 40

Index = QModelIndex | QPersistentModelIndex


def cell_text(row: MemberRow, column: int) -> str:
    """What the table shows for `row` in `column`."""
    if column == ROLE:
        return label(row.role)
    value = (row.name, row.email, row.organisation, row.department)[column]
    return value or ""


class MembersModel(ColumnsModel):
    """Members of one community as filtered and sorted by `flt`. GUI thread."""

    COLUMNS = COLUMNS

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.community_id: str | None = None
        self.flt = MemberFilter()
        self._ids: list[str] = []
        self._rows: dict[str, int] | None = {}  # row of each id, made when first asked
        self._pages: OrderedDict[int, dict[str, MemberRow]] = OrderedDict()
        self._unfiltered: dict[tuple[str, bool], list[str]] = {}
        self._total: int | None = None
        self._italic = QFont()
        self._italic.setItalic(True)

    # --- what is shown ----------------------------------------------------------

    def set_community(self, community_id: str | None, flt: MemberFilter | None = None) -> None:
        """Show `community_id`'s members (through `flt` when given)."""
        self.community_id = community_id
        if flt is not None:
            self.flt = flt
        self._forget()
        self._requery(reset=True)

    def set_filter(self, flt: MemberFilter) -> None:
        if flt != self.flt:
            self.flt = flt
            self._requery(reset=True)

    def refresh(self, changed: Iterable[str] | None = None) -> None:
        """Read again after a change to the records `changed` (None: anything may have).

        Rows stay in place when the order did not change; when only members shown were
        edited, in fields that neither sort nor filter, only their rows are read again."""
        changed = set(changed or ())  # a sync may name the tables it touched but no ids
        if changed and self._refresh_rows(changed):
            return
        self._forget()
        self._requery(reset=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(SORT_KEYS):
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_filter(replace(self.flt, sort=SORT_KEYS[column], descending=descending))

    def _forget(self) -> None:
        self._unfiltered.clear()
        self._total = None

    def _requery(self, *, reset: bool) -> None:
        ids = self._query()
        if not reset and ids == self._ids:
            self._pages.clear()
            if ids:
                last = self.index(len(ids) - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._ids = ids
        self._rows = None
        self._pages.clear()
        self.endResetModel()

    def _query(self) -> list[str]:
        if self.community_id is None:
            return []
        if not _filtering(self.flt):
            # Without filters the list is the whole community in one of a few orders: kept,
            # so that erasing the filter or sorting back costs nothing until data changes.
            key = (self.flt.sort, self.flt.descending)
            if key not in self._unfiltered:
                self._unfiltered[key] = members.filtered_ids(self.ws, self.community_id, self.flt)
            return self._unfiltered[key]
        return members.filtered_ids(self.ws, self.community_id, self.flt)

    def _refresh_rows(self, changed: set[str]) -> bool:
        """Update the rows of edited members in place when their place cannot have changed."""
        fresh = members.rows(self.ws, sorted(changed))
        relevant = _relevant_fields(self.flt)
        moved: list[int] = []
        for member_id in changed:
            row = self.row_of(member_id)
            if row is None:
                if member_id in fresh:
                    return False  # a member not shown (new, or filtered out) may show now
                continue  # another kind of record
            new = fresh.get(member_id)
            old = self._cached(row)
            if new is None or old is None:
                return False  # deleted, or not read yet: no way to compare
            if any(getattr(new, f) != getattr(old, f) for f in relevant):
                return False
            self._pages[row // PAGE_SIZE][member_id] = new
            moved.append(row)
        for row in moved:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True

    def _cached(self, row: int) -> MemberRow | None:
        page = self._pages.get(row // PAGE_SIZE)
        return page.get(self._ids[row]) if page is not None else None

    # --- looking rows up ----------------------------------------------------------

    def member_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, member_id: str) -> int | None:
        """Where `member_id` is in the table, or None when the filter hides it."""
        if self._rows is None:
            self._rows = {member_id: row for row, member_id in enumerate(self._ids)}
        return self._rows.get(member_id)

    def total(self) -> int:
        """How many members the community has, whatever the filter shows."""
        if self._total is None:
            if self.community_id is None:
                self._total = 0
            elif not _filtering(self.flt):
                self._total = len(self._ids)
            else:
                self._total = members.count(self.ws, self.community_id)
        return self._total

    def row_value(self, row: int) -> MemberRow | None:
        if not 0 <= row < len(self._ids):
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            start = number * PAGE_SIZE
            page = members.rows(self.ws, self._ids[start : start + PAGE_SIZE])
            self._pages[number] = page
            if len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    @property
    def pages_read(self) -> int:
        """How many pages of rows are held now (for tests: the model reads lazily)."""
        return len(self._pages)

    # --- Qt's model interface -----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # The view asks ~7 roles per cell per paint, as plain ints: answer the ones not
        # served with one set look-up (comparing ints with Qt's enums costs far more).
        if role not in _SERVED or not index.isValid():
            return None
        if role == _ID:
            return self.member_id(index.row())
        row = self.row_value(index.row())
        if row is None:  # deleted since the ids were read: the next refresh drops it
            return None
        if role == _DISPLAY:
            return cell_text(row, index.column())
        if role == _FONT:
            return None if row.active else self._italic
        if role == _ROW:
            return row
        text = cell_text(row, index.column())
        if not row.active:
            return _("{text} (left on {day})").format(text=text, day=row.left_on)
        return text


def _filtering(flt: MemberFilter) -> bool:
    return bool(flt.text.strip() or flt.role or flt.department is not None or flt.status)


def _relevant_fields(flt: MemberFilter) -> set[str]:
    """The listed fields whose change may move a member in, out of, or within the list."""
    fields = {"name", flt.sort}
    if flt.text.strip():
        fields |= {"email", "organisation", "department"}
    if flt.role:
        fields.add("role")
    if flt.department is not None:
        fields.add("department")
    if flt.status:
        fields.add("left_on")
    return fields
