"""The conflicts a sync left for the facilitator, as a list: "Anna de Vries — Email"."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.i18n import _
from app.services import conflicts
from app.services.conflicts import Conflict
from app.services.workspace import Workspace

CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def title(conflict: Conflict) -> str:
    """ "Anna de Vries — Email": the record and the field (capitalised, as a heading)."""
    field = conflict.field_label[:1].upper() + conflict.field_label[1:]
    return _("{record} — {field}").format(record=conflict.record, field=field)


class ConflictsModel(QAbstractListModel):
    """Open conflicts of one community, oldest first. GUI thread."""

    def __init__(self, ws: Workspace, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.items: list[Conflict] = []

    def load(self, community_id: str | None) -> None:
        self.beginResetModel()
        self.items = conflicts.list_conflicts(self.ws, community_id) if community_id else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return title(item)
        if role == CONFLICT_ROLE:
            return item
        return None

    def row_of(self, conflict_id: str) -> int:
        return next((i for i, c in enumerate(self.items) if c.id == conflict_id), -1)
