"""The check-in list: every member with where they are in this session, filtered as you type."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.model import Attendance, label
from app.handouts.data import local
from app.i18n import N_, _
from app.services.attendance import is_present
from ui.models.base import ColumnsModel
from ui.models.text import fold

NAME, STATUS = range(2)
COLUMNS = (N_("Name"), N_("Here"))
FIND_ROLE = Qt.ItemDataRole.UserRole + 1  # the name folded for matching (ui/models/text.py)

Index = QModelIndex | QPersistentModelIndex


def status_text(found: Attendance | None, tz: tzinfo | None = None) -> str:
    """What the list says of someone: "in since 19:32", "left at 21:10", "invited"."""
    if found is None:
        return ""
    if is_present(found):
        arrived = local(found.arrived_at, tz)
        return _("in since {time}").format(time=arrived.strftime("%H:%M")) if arrived else ""
    if found.left_at:
        left = local(found.left_at, tz)
        return _("left at {time}").format(time=left.strftime("%H:%M")) if left else ""
    return label(found.status)


class CheckinModel(ColumnsModel):
    """Rows over members (dicts of id, name, email) with their attendance. GUI thread."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._people: list[dict] = []
        self._rows: dict[str, int] = {}
        self._roster: dict[str, Attendance] = {}
        self._present: set[str] = set()
        self._folded: dict[int, str] = {}  # row -> folded name, made as the filter asks
        self._tz = tz

    def set_people(self, people: list[dict], roster: dict[str, Attendance]) -> None:
        self.beginResetModel()
        self._people = list(people)
        self._rows = {p["id"]: n for n, p in enumerate(self._people)}
        self._roster = dict(roster)
        self._present = {m for m, a in self._roster.items() if is_present(a) and m in self._rows}
        self._folded = {}
        self.endResetModel()

    def set_attendance(self, member_id: str, found: Attendance | None) -> None:
        """Show one person's new check-in state without reading the whole list again."""
        if found is None:
            self._roster.pop(member_id, None)
        else:
            self._roster[member_id] = found
        if is_present(found) and member_id in self._rows:
            self._present.add(member_id)
        else:
            self._present.discard(member_id)
        row = self._rows.get(member_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def member_id(self, row: int) -> str:
        return self._people[row]["id"]

    def row_of(self, member_id: str) -> int | None:
        return self._rows.get(member_id)

    def name_of(self, member_id: str) -> str:
        row = self._rows.get(member_id)
        return "" if row is None else self._people[row]["name"]

    def present_ids(self) -> set[str]:
        return set(self._present)

    def present_people(self) -> list[dict]:
        """Who is in the room, by name."""
        return sorted(
            (self._people[self._rows[m]] for m in self._present), key=lambda p: self._rows[p["id"]]
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == NAME:
                return person["name"]
            return status_text(self._roster.get(person["id"]), self._tz)
        if role == FIND_ROLE:
            folded = self._folded.get(index.row())
            if folded is None:
                folded = self._folded[index.row()] = fold(person["name"])
            return folded
        if role == Qt.ItemDataRole.ToolTipRole:
            return person.get("email") or person["name"]
        return None


class CheckinFilter(QSortFilterProxyModel):
    """Keeps the people whose name contains every word typed, in any order, ignoring case and
    accents ("ann be" finds Anna Berg, "jose" José). The match runs in Qt's regular
    expressions, over names folded once each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterKeyColumn(NAME)
        self.setFilterRole(FIND_ROLE)

    def find(self, text: str) -> None:
        words = fold(text).split()
        pattern = "".join(f"(?=.*{QRegularExpression.escape(w)})" for w in words)
        self.setFilterRegularExpression(
            QRegularExpression(
                "^" + pattern if words else "",
                QRegularExpression.PatternOption.CaseInsensitiveOption
                | QRegularExpression.PatternOption.UseUnicodePropertiesOption,
            )
        )
