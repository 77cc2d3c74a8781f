"""Table model of the community's working agreements, with the session that adopted each."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.model import label
from app.i18n import N_, _
from app.services.overview import AgreementLine
from ui.models.base import ColumnsModel
from ui.models.dossier import local_day

TEXT, STATUS, SESSION = range(3)
COLUMNS = (N_("Agreement"), N_("Status"), N_("Session"))
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def cell_text(line: AgreementLine, column: int) -> str:
    if column == TEXT:
        return line.text
    if column == STATUS:
        return label(line.status)
    if line.session and not line.session_title:
        return _("(not yet synced)")
    if not line.session_title:
        return ""
    day = local_day(line.session_starts)
    return f"{line.session_title} ({day})" if day else line.session_title


class AgreementsModel(ColumnsModel):
    """Read-only rows over `AgreementLine` values. GUI thread."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[AgreementLine] = []

    def set_lines(self, lines: Iterable[AgreementLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> AgreementLine:
        return self._lines[row]

    def row_of(self, agreement_id: str) -> int:
        return next((n for n, x in enumerate(self._lines) if x.id == agreement_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(line, index.column())
        if role == ID_ROLE:
            return line.id
        return None
