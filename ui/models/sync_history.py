"""The last syncs of a community as a table: when, where, sent, received, what happened."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.i18n import N_, _
from app.services import sync_settings
from app.services.sync_settings import FOLDER, HistoryEntry
from app.services.workspace import Workspace

WHEN, TARGET, SENT, RECEIVED, OUTCOME = range(5)
COLUMNS = (N_("When"), N_("Through"), N_("Sent"), N_("Received"), N_("What happened"))
Index = QModelIndex | QPersistentModelIndex


def local_time(iso: str) -> str:
    if not iso:
        return ""
    return (
        datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    )


def target_text(entry: HistoryEntry) -> str:
    if not entry.target:
        return ""
    kind = _("Shared folder") if entry.target == FOLDER else _("Server")
    return f"{kind}: {entry.where}"


class SyncHistoryModel(QAbstractTableModel):
    """The community's last syncs, newest first. GUI thread."""

    def __init__(self, ws: Workspace, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.entries: list[HistoryEntry] = []

    def load(self, community_id: str | None) -> None:
        self.beginResetModel()
        self.entries = sync_settings.history(self.ws, community_id) if community_id else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == WHEN:
                return local_time(entry.at)
            if column == TARGET:
                return target_text(entry)
            if column == SENT:
                return str(entry.sent) if entry.ok else ""
            if column == RECEIVED:
                return str(entry.received) if entry.ok else ""
            return entry.message
        if role == Qt.ItemDataRole.ToolTipRole and column in (TARGET, OUTCOME):
            return entry.message if column == OUTCOME else entry.where
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SENT, RECEIVED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
