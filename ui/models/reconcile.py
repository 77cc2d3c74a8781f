"""Models of the reconcile screen: the signed sheet's rows, members to pick, what was typed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)

from app.domain.model import AttendanceStatus, Contribution, Member, label
from app.handouts.values import Person
from app.i18n import N_, _
from app.services import reconcile
from ui.models.base import ColumnsModel

CODE, NAME, HERE, NOTE = range(4)
COLUMNS = (N_("Code"), N_("Name"), N_("Here"), N_("Note"))
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1

# Where a row of the sheet comes from: printed on it, a member found who was not, a walk-in.
PRINTED, FOUND, WALK_IN = "printed", "found", "walk-in"

Index = QModelIndex | QPersistentModelIndex
MAX_CANDIDATES = 5  # people named when typed text could mean several


@dataclass(frozen=True, slots=True)
class SheetRow:
    person: Person
    status: str | None  # the attendance status now
    printed: str | None  # the status the sheet was printed with
    source: str = PRINTED

    @property
    def here(self) -> bool:
        return self.status == AttendanceStatus.PRESENT


def note(row: SheetRow) -> str:
    if row.source == WALK_IN:
        return _("walk-in")
    if row.source == FOUND:
        return _("not on the sheet")
    if row.printed in (AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT):
        return _("{status} on the sheet").format(status=label(row.printed))
    return ""


def longest_notes() -> list[str]:
    """Every note a row can have, to size the column once: rows added later must fit."""
    statuses = (AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)
    return [_("walk-in"), _("not on the sheet")] + [
        _("{status} on the sheet").format(status=label(s)) for s in statuses
    ]


class SheetModel(ColumnsModel):
    """The sign-in sheet as printed, then the people added to it. GUI thread.

    Ticking a box does not change the row: it asks (`tick_requested(row, present)`), and the
    owner calls `set_status` once the service has recorded it.
    """

    COLUMNS = COLUMNS

    tick_requested = Signal(int, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SheetRow] = []

    def set_people(self, people: Iterable[Person]) -> None:
        self.beginResetModel()
        self._rows = [SheetRow(p, p.status, p.status) for p in people]
        self.endResetModel()

    def add(self, person: Person, source: str, status: str | None = None) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(SheetRow(person, status, None, source))
        self.endInsertRows()
        return row

    def set_status(self, row: int, status: str) -> None:
        self._rows[row] = replace(self._rows[row], status=status)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row(self, row: int) -> SheetRow:
        return self._rows[row]

    def people(self) -> list[Person]:
        return [r.person for r in self._rows]

    def row_of(self, member_id: str) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.person.id == member_id), None)

    def present_count(self) -> int:
        return sum(r.here for r in self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == PERSON_ROLE:
            return row.person
        if role == Qt.ItemDataRole.CheckStateRole and column == HERE:
            return Qt.CheckState.Checked if row.here else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CODE:
                return row.person.code if row.source == PRINTED else ""
            if column == NAME:
                return row.person.name
            if column == NOTE:
                return note(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            where = (row.person.organisation, row.person.department)
            return " · ".join(x for x in where if x) or None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == HERE:
            return _("here") if row.here else _("not ticked")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == HERE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == HERE and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked  # type: ignore[call-overload]
            self.tick_requested.emit(index.row(), checked)
        return False


class MemberChoices(QStringListModel):
    """Members' names for a completer; two people with one name are told apart by
    organisation. `member_for` reads back what was typed. GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: dict[str, str] = {}
        self._people: list[Person] = []

    def set_members(self, members: Iterable[Member]) -> None:
        found = list(members)
        counts: dict[str, int] = {}
        for m in found:
            counts[m.name.casefold()] = counts.get(m.name.casefold(), 0) + 1
        labels = {
            m.id: f"{m.name} ({m.organisation or m.id[-4:]})"
            if counts[m.name.casefold()] > 1
            else m.name
            for m in found
        }
        self._ids = {text.casefold(): member_id for member_id, text in labels.items()}
        self._people = [Person(m.id, m.name, m.organisation) for m in found]
        self.setStringList(sorted(labels.values(), key=str.casefold))

    def member_for(self, text: str) -> tuple[str | None, list[Person]]:
        """The member `text` names (a label as offered, or the unique start of a name), else
        None and the people it could mean (none when nobody matches)."""
        typed = " ".join(text.split())
        if typed.casefold() in self._ids:
            return self._ids[typed.casefold()], []
        found = reconcile.find(self._people, typed)
        return (found[0].id, []) if len(found) == 1 else (None, found)

    def resolve(self, text: str) -> tuple[bool, str | None, str]:
        """Whether `text` names one member (or is empty), that member, and else what to say."""
        typed = " ".join(text.split())
        if not typed:
            return True, None, ""
        member_id, candidates = self.member_for(typed)
        if member_id is not None:
            return True, member_id, ""
        if candidates:
            return False, None, could_be(typed, candidates, codes=False)
        message = _(
            "There is no member called “{text}”. Pick a name from the list, or leave it empty."
        )
        return False, None, message.format(text=typed)


class SavedModel(QAbstractListModel):
    """Contributions typed in, newest first, each with its kind, author and question."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[str] = []

    def set_contributions(
        self, said: Iterable[Contribution], names: dict[str, str], topics: dict[str, str]
    ) -> None:
        self.beginResetModel()
        self._lines = [self.line(c, names, topics) for c in reversed(list(said))]
        self.endResetModel()

    def prepend(self, contribution: Contribution, names: dict[str, str], topics: dict[str, str]):
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._lines.insert(0, self.line(contribution, names, topics))
        self.endInsertRows()

    @staticmethod
    def line(c: Contribution, names: dict[str, str], topics: dict[str, str]) -> str:
        about = [label(c.kind), names.get(c.author or "", _("nobody in particular"))]
        if c.question and c.question in topics:
            about.append(topics[c.question])
        return f"{' · '.join(about)}: {c.text}"

    def lines(self) -> list[str]:
        return list(self._lines)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._lines[index.row()]
        return None


def who(person: Person, code: bool = True) -> str:
    return f"{person.name} ({person.code})" if code and person.code else person.name


def could_be(text: str, people: list[Person], codes: bool = True) -> str:
    """“an” could be: Anna Berg (K7QD), Anouk Mulder (4M2X) — at most a few of them."""
    names = ", ".join(who(p, codes) for p in people[:MAX_CANDIDATES])
    if len(people) > MAX_CANDIDATES:
        names += " " + _("and {n} more").format(n=len(people) - MAX_CANDIDATES)
    return _("“{text}” could be: {names}.").format(text=text, names=names)
