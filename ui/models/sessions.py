"""Table model of a community's sessions, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.model import Session, label
from app.handouts.data import local
from app.i18n import N_, _
from ui.models.base import ColumnsModel

WHEN, TITLE, PLACE, STATUS = range(4)
COLUMNS = (N_("When"), N_("Title"), N_("Place"), N_("Status"))
SESSION_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def newest_first(sessions: Iterable[Session]) -> list[Session]:
    """Sessions without a date first (they are still being planned), then latest to earliest."""
    found = list(sessions)
    dated = sorted((s for s in found if s.starts_at), key=lambda s: s.starts_at or "", reverse=True)
    return [s for s in found if not s.starts_at] + dated


def when(session: Session, tz: tzinfo | None = None) -> str:
    """The start in local time, as a facilitator reads it in a list: 2026-03-12 19:30."""
    starts = local(session.starts_at, tz)
    return starts.strftime("%Y-%m-%d %H:%M") if starts else _("no date yet")


class SessionsModel(ColumnsModel):
    """Read-only rows over `Session` values, in the order given. GUI thread."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._sessions: list[Session] = []
        self._tz = tz

    def set_sessions(self, sessions: Iterable[Session]) -> None:
        self.beginResetModel()
        self._sessions = newest_first(sessions)
        self.endResetModel()

    def session(self, row: int) -> Session:
        return self._sessions[row]

    def row_of(self, session_id: str) -> int | None:
        return next((n for n, s in enumerate(self._sessions) if s.id == session_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._sessions):
            return None
        session = self._sessions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == WHEN:
                return when(session, self._tz)
            if column == TITLE:
                return session.title
            if column == PLACE:
                return session.location or ""
            return label(session.status)
        if role == SESSION_ROLE:
            return session
        if role == ID_ROLE:
            return session.id
        return None
