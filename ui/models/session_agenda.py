"""Table model of a session's agenda: title and timebox, editable, reordered by drag and drop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.domain.model import AgendaItem
from app.i18n import N_, _
from ui.models.base import ColumnsModel

TITLE, MINUTES = range(2)
COLUMNS = (N_("Agenda item"), N_("Timebox (min)"))
MIME = "application/x-kring-agenda-item"
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class AgendaModel(ColumnsModel):
    """Rows over `AgendaItem` values in agenda order. Edits and moves are handed to callbacks
    (which call the services); the model shows them after the page reloads it. GUI thread."""

    COLUMNS = COLUMNS

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        edit: Callable[[str, str, object], bool] | None = None,
        move: Callable[[str, int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._items: list[AgendaItem] = []
        self._edit = edit
        self._move = move
        self.questions: dict[str, str] = {}

    def set_items(self, items: list[AgendaItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> AgendaItem:
        return self._items[row]

    def items(self) -> list[AgendaItem]:
        return list(self._items)

    def row_of(self, item_id: str) -> int | None:
        return next((n for n, i in enumerate(self._items) if i.id == item_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == TITLE:
                return item.title
            if role == Qt.ItemDataRole.EditRole:
                return item.timebox_minutes or 0
            return str(item.timebox_minutes) if item.timebox_minutes else ""
        if role == Qt.ItemDataRole.FontRole and item.question:  # a question on the table
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and item.question:
            return _("About the question: {title}").format(
                title=self.questions.get(item.question, "")
            )
        if role == ID_ROLE:
            return item.id
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._edit is None:
            return False
        item = self._items[index.row()]
        field = "title" if index.column() == TITLE else "timebox_minutes"
        return self._edit(item.id, field, value or None if field != "title" else value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled

    # --- drag and drop: the dragged item's id travels; the drop calls `move` --------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME, QByteArray(self._items[rows[0]].id.encode()))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(MIME) or self._move is None:
            return False
        item_id = bytes(data.data(MIME).data()).decode()
        source = self.row_of(item_id)
        if source is None:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._items))
        # `target` counts the dragged item itself when it lies above the drop point.
        to_index = target - 1 if source < target else target
        if to_index != source:
            self._move(item_id, to_index)
        return False  # the move is done by the service: Qt must not remove the source row
