"""The conflicts view: both values side by side, kept with one click or merged by hand."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import conflicts
from app.services.conflicts import Conflict
from app.services.workspace import Workspace
from ui.models.conflicts import CONFLICT_ROLE, ConflictsModel, title
from ui.ops import sync as sync_ops


def origin_text(ws: Workspace, stamp: str | None) -> str:
    """ "Written on this laptop, 2026-11-23 10:02" (or another laptop; or nothing known)."""
    found = conflicts.origin(ws, stamp)
    if found.at is None:
        return ""
    when = datetime.fromisoformat(found.at.replace("Z", "+00:00")).astimezone()
    where = _("on this laptop") if found.this_device else _("on another laptop")
    return _("Written {where}, {time}").format(where=where, time=when.strftime("%Y-%m-%d %H:%M"))


class ConflictsView(QWidget):
    """Lists a community's open conflicts and notices; resolves the selected conflict.
    GUI thread. Emits `resolved(Changes)` after each resolution."""

    resolved = Signal(object)  # Changes

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = ConflictsModel(ws, self)
        self.list_view = QListView()
        self.list_view.setAccessibleName(_("Conflicts"))
        self.list_view.setModel(self.model)
        self.list_view.selectionModel().currentChanged.connect(self._show_current)

        self.record_label = QLabel()
        self.record_label.setAccessibleName(_("Record"))
        self.record_label.setWordWrap(True)
        self.record_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.record_label.font()
        font.setBold(True)
        self.record_label.setFont(font)
        self.mine_view = self._value_view(_("Mine: the value in the record now"))
        self.theirs_view = self._value_view(_("Theirs: the value the other edit wrote"))
        self.mine_origin = QLabel()
        self.mine_origin.setAccessibleName(_("Where mine was written"))
        self.theirs_origin = QLabel()
        self.theirs_origin.setAccessibleName(_("Where theirs was written"))
        self.keep_mine_button = QPushButton(_("Keep &mine"))
        self.keep_mine_button.setAccessibleName(_("Keep mine"))
        self.keep_mine_button.clicked.connect(lambda: self._resolve(keep="mine"))
        self.keep_theirs_button = QPushButton(_("Keep &theirs"))
        self.keep_theirs_button.setAccessibleName(_("Keep theirs"))
        self.keep_theirs_button.clicked.connect(lambda: self._resolve(keep="theirs"))
        self.merged_edit = QPlainTextEdit()
        self.merged_edit.setAccessibleName(_("Merged text"))
        self.merged_edit.setTabChangesFocus(True)
        self.keep_merged_button = QPushButton(_("Keep the merged te&xt"))
        self.keep_merged_button.setAccessibleName(_("Keep the merged text"))
        self.keep_merged_button.clicked.connect(self._keep_merged)
        self.notices_list = QListWidget()
        self.notices_list.setAccessibleName(_("What sync did on its own"))
        self.empty_label = QLabel(_("No conflicts: every edit from the other laptops fitted."))
        self.empty_label.setWordWrap(True)

        sides = QGridLayout()
        mine_title = QLabel(_("Mine (in the record now)"))
        mine_title.setBuddy(self.mine_view)
        theirs_title = QLabel(_("Theirs (overwritten)"))
        theirs_title.setBuddy(self.theirs_view)
        sides.addWidget(mine_title, 0, 0)
        sides.addWidget(theirs_title, 0, 1)
        sides.addWidget(self.mine_view, 1, 0)
        sides.addWidget(self.theirs_view, 1, 1)
        sides.addWidget(self.mine_origin, 2, 0)
        sides.addWidget(self.theirs_origin, 2, 1)
        sides.addWidget(self.keep_mine_button, 3, 0)
        sides.addWidget(self.keep_theirs_button, 3, 1)
        merged_label = QLabel(_("Or &write the merged text:"))
        merged_label.setBuddy(self.merged_edit)
        merged_row = QHBoxLayout()
        merged_row.addStretch()
        merged_row.addWidget(self.keep_merged_button)
        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addWidget(self.record_label)
        detail_layout.addLayout(sides)
        detail_layout.addWidget(merged_label)
        detail_layout.addWidget(self.merged_edit)
        detail_layout.addLayout(merged_row)
        detail_layout.addStretch()
        lines = self.fontMetrics().lineSpacing()
        for view in (self.mine_view, self.theirs_view, self.merged_edit):
            view.setMaximumHeight(lines * 9)

        notices_box = self.notices_box = QGroupBox(_("What sync did on its own"))
        QVBoxLayout(notices_box).addWidget(self.notices_list)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list_view, 2)
        left_layout.addWidget(notices_box, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.empty_label)
        right_layout.addWidget(self.detail, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.community_id: str | None = None
        self._show(None)

    def _value_view(self, name: str) -> QPlainTextEdit:
        view = QPlainTextEdit()
        view.setReadOnly(True)
        view.setAccessibleName(name)
        view.setTabChangesFocus(True)
        return view

    def load(self, community_id: str | None) -> None:
        """Read the community's conflicts and notices again, keeping the selection if it stays."""
        current = self.current()
        self.community_id = community_id
        self.model.load(community_id)
        self.notices_list.clear()
        if community_id is not None:
            for notice in conflicts.list_notices(self.ws, community_id):
                self.notices_list.addItem(notice.message)
        self.notices_box.setVisible(self.notices_list.count() > 0)
        row = self.model.row_of(current.id) if current else -1
        self.select_row(max(row, 0) if self.model.items else -1)

    def current(self) -> Conflict | None:
        index = self.list_view.currentIndex()
        return index.data(CONFLICT_ROLE) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < len(self.model.items):
            self.list_view.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self._show(self.model.items[row])
        else:
            self._show(None)

    def _show_current(self, *_args: object) -> None:
        self._show(self.current())

    def _show(self, conflict: Conflict | None) -> None:
        self.detail.setVisible(conflict is not None)
        self.empty_label.setVisible(conflict is None)
        if conflict is None:
            return
        self.record_label.setText(title(conflict))
        self.mine_view.setPlainText(conflict.current_value or "")
        self.mine_view.setPlaceholderText(_("(empty)"))
        self.theirs_view.setPlainText(conflict.other_value or "")
        self.theirs_view.setPlaceholderText(_("(empty)"))
        self.mine_origin.setText(origin_text(self.ws, conflict.current_stamp))
        self.theirs_origin.setText(origin_text(self.ws, conflict.other_stamp))
        self.merged_edit.setPlainText(conflicts.merge_start(conflict))

    def _resolve(self, *, keep: str | None = None, text: str | None = None) -> None:
        conflict = self.current()
        if conflict is None:
            return
        row = self.list_view.currentIndex().row()
        changes = sync_ops.resolve(self, self.ws, conflict.id, keep=keep, text=text)
        if changes is None:
            return
        self.model.load(self.community_id)
        self.select_row(min(row, len(self.model.items) - 1))
        self.resolved.emit(changes)

    @Slot()
    def _keep_merged(self) -> None:
        self._resolve(text=self.merged_edit.toPlainText())
