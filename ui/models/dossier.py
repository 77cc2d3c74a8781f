"""Models of a question's dossier: its contributions, fetched a page at a time as the list
scrolls, and the actions linked to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.model import label
from app.i18n import N_, _
from app.services.dossier import ActionLine, Entry
from ui.models.base import ColumnsModel

DATE, SESSION, AUTHOR, KIND, VOTES, TEXT = range(6)
COLUMNS = (N_("Date"), N_("Session"), N_("Author"), N_("Kind"), N_("Votes"), N_("Contribution"))
PAGE = 200

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[int, int], list[Entry]]  # (offset, limit) -> that page


def local_day(stamp: str | None) -> str:
    """A stored UTC time (or a plain day) as the local day, in ISO form (sorts as it reads)."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.date().isoformat()


def entry_text(entry: Entry, column: int) -> str:
    if column == DATE:
        return local_day(entry.session_starts if entry.session else entry.created_at)
    if column == SESSION:
        if entry.session and not entry.session_title:
            return _("(not yet synced)")
        return entry.session_title or _("Between sessions")
    if column == AUTHOR:
        if entry.author_id and not entry.author:
            return _("(not yet synced)")
        return entry.author or ""
    if column == KIND:
        return label(entry.kind)
    if column == VOTES:
        return str(entry.votes) if entry.votes else ""
    return entry.text


class DossierModel(ColumnsModel):
    """The contributions about one question, read through `fetch` a page at a time when a view
    asks for more (canFetchMore/fetchMore). GUI thread; `fetch` runs on it and is quick (one
    indexed page of SQL)."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None, page: int = PAGE) -> None:
        super().__init__(parent)
        self.page = page
        self._fetch: Fetch | None = None
        self._total = 0
        self._entries: list[Entry] = []

    def set_source(self, fetch: Fetch | None, total: int) -> None:
        """Start over on a new question (`fetch` None: show nothing); reads the first page."""
        self.beginResetModel()
        self._fetch = fetch
        self._total = total if fetch is not None else 0
        self._entries = []
        self.endResetModel()
        if self.canFetchMore():
            self.fetchMore()

    @property
    def total(self) -> int:
        return self._total

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._entries) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetch is None:
            return
        got = self._fetch(len(self._entries), self.page)
        if not got:  # fewer than counted (deleted meanwhile): stop asking
            self._total = len(self._entries)
            return
        start = len(self._entries)
        self.beginInsertRows(QModelIndex(), start, start + len(got) - 1)
        self._entries.extend(got)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return entry_text(entry, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == VOTES:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == ID_ROLE:
            return entry.id
        if role == ENTRY_ROLE:
            return entry
        return None


# --- the actions linked to a question ---------------------------------------------------

A_TEXT, A_OWNER, A_DUE, A_STATUS = range(4)
ACTION_COLUMNS = (N_("Action"), N_("Owner"), N_("Due"), N_("Status"))


class LinkedActionsModel(ColumnsModel):
    """The actions of one question (a handful: read all at once). GUI thread."""

    COLUMNS = ACTION_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[ActionLine] = []

    def set_lines(self, lines: Iterable[ActionLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == A_TEXT:
                return line.text
            if column == A_OWNER:
                if line.owner and not line.owner_name:
                    return _("(not yet synced)")
                return line.owner_name or ""
            if column == A_DUE:
                return line.due_on or ""
            return label(line.status)
        if role == ID_ROLE:
            return line.id
        return None
