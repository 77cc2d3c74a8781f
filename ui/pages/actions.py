"""Actions across sessions: who does what by when, filtered, ticked off, edited as typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import ActionStatus, label
from app.i18n import N_, _
from app.services import overview
from app.services.dossier import ActionLine
from app.services.workspace import Changes, Workspace
from ui.models.actions import DUE, ID_ROLE, TEXT, ActionsModel, ActionsProxy
from ui.ops import tracking
from ui.pages.base import Page
from ui.widgets.member_picker import MemberPicker
from ui.widgets.tables import list_look, select_row

DUE_CHOICES = (
    (None, N_("Any time")),
    (overview.OVERDUE, N_("Overdue")),
    (overview.THIS_WEEK, N_("This week")),
    (overview.LATER, N_("Later")),
    (overview.NO_DATE, N_("No date")),
)


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    return combo


class ActionsPage(Page):
    """Every action of the community. Space ticks the selected one done (or open again).
    GUI thread."""

    entities = ("action", "member", "session", "question")

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Actions"))
        self._own: Changes | None = None
        self._members_for: str | None = None
        self.model = ActionsModel(self)
        self.proxy = ActionsProxy(self)
        self.proxy.setSourceModel(self.model)
        self._make_filters()
        self._make_table()
        self._make_form()

        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(self.form)
        self._filters_changed()  # the filters start at "open": apply them before any row shows

    # --- building -------------------------------------------------------------

    def _make_filters(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName(_("Filter actions"))
        self.filter_edit.setPlaceholderText(_("Type to filter…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.owner_filter = _combo(_("Show the actions of"))
        self.status_filter = _combo(_("Show actions with status"))
        self.status_filter.addItem(_("Any status"), None)
        for status in ActionStatus:
            self.status_filter.addItem(label(status), status.value)
        self.status_filter.setCurrentIndex(self.status_filter.findData(ActionStatus.OPEN.value))
        self.due_filter = _combo(_("Show actions due"))
        for key, name in DUE_CHOICES:
            self.due_filter.addItem(_(name), key)
        self.filters_row = QHBoxLayout()
        for text, widget in (
            (_("F&ind:"), self.filter_edit),
            (_("&Owner:"), self.owner_filter),
            (_("S&tatus:"), self.status_filter),
            (_("D&ue:"), self.due_filter),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            self.filters_row.addWidget(caption)
            self.filters_row.addWidget(widget, 1 if widget is self.filter_edit else 0)
        self.filter_edit.textChanged.connect(self._filters_changed)
        for combo in (self.owner_filter, self.status_filter, self.due_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Number of actions shown"))

    def _make_table(self) -> None:
        self.table = QTableView()
        self.table.setAccessibleName(_("Actions"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
        list_look(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().resizeSection(TEXT, 320)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        toggle = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        toggle.setContext(Qt.ShortcutContext.WidgetShortcut)
        toggle.setWhatsThis(_("Tick the selected action done, or open again"))
        toggle.activated.connect(self.toggle_current)
        self.new_action = QAction(_("New &action"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new)
        self.addAction(self.new_action)
        self.new_button = QPushButton(_("New &action"))
        self.new_button.setAccessibleName(_("New action"))
        self.new_button.setToolTip(_("Add an action (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(self.new)

    def _make_form(self) -> None:
        self.text_edit = QLineEdit()
        self.text_edit.setAccessibleName(_("What is to be done"))
        self.text_edit.editingFinished.connect(
            lambda: self._save_field("text", self.text_edit.text())
        )
        self.owner_picker = MemberPicker()
        self.owner_picker.setAccessibleName(_("Who does it"))
        self.owner_picker.member_chosen.connect(lambda member: self._save_field("owner", member))
        self.due_edit = QLineEdit()
        self.due_edit.setAccessibleName(_("Due date"))
        self.due_edit.setPlaceholderText(_("for example 2026-03-14"))
        self.due_edit.editingFinished.connect(
            lambda: self._save_field("due_on", self.due_edit.text())
        )
        self.status_combo = _combo(_("Status"))
        for status in ActionStatus:
            self.status_combo.addItem(label(status), status.value)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self._save_field("status", self.status_combo.currentData())
        )
        self.form = QFormLayout()
        for text, widget in (
            (_("&What:"), self.text_edit),
            (_("&By whom:"), self.owner_picker),
            (_("Due &date:"), self.due_edit),
            (_("Stat&e:"), self.status_combo),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            self.form.addRow(caption, widget)

    # --- reading ----------------------------------------------------------------

    def set_community(self, community_id: str | None) -> None:
        if community_id != self.community_id:
            self._members_for = None
        super().set_community(community_id)

    def set_today(self, today: date) -> None:
        """The day "overdue" and "this week" are counted from (tests set it)."""
        self.model.today = today
        self._filters_changed()

    def reload(self) -> None:
        """Read the actions again."""
        if self.community_id and self._members_for != self.community_id:
            self.owner_picker.set_members(overview.member_choices(self.ws, self.community_id))
            self._members_for = self.community_id
        self._load(refresh=True)

    def apply_changes(self, changes: Changes) -> None:
        if changes is self._own:
            return
        if changes.touches("member"):
            self._members_for = None
        super().apply_changes(changes)

    def _load(self, *, refresh: bool) -> None:
        selected = self.current_id()
        lines = overview.action_lines(self.ws, self.community_id) if self.community_id else []
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_lines(lines)
            self._fill_owner_filter(lines)
            if self._proxy_row(selected) >= 0:
                self._select_row(self._proxy_row(selected))
        self._update_count()
        if refresh or self.current_id() != selected:
            self._show_current()

    def _fill_owner_filter(self, lines: list[ActionLine]) -> None:
        chosen = self.owner_filter.currentData()
        owners = {x.owner: x.owner_name for x in lines if x.owner and x.owner_name}
        with QSignalBlocker(self.owner_filter):
            self.owner_filter.clear()
            self.owner_filter.addItem(_("Everyone"), "")
            for member_id, name in sorted(owners.items(), key=lambda p: p[1].casefold()):
                self.owner_filter.addItem(name, member_id)
            self.owner_filter.setCurrentIndex(max(0, self.owner_filter.findData(chosen)))
        if (self.owner_filter.currentData() or None) != (chosen or None):  # no actions left
            self._filters_changed()

    def current_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def current_line(self) -> ActionLine | None:
        action_id = self.current_id()
        row = self.model.row_of(action_id) if action_id else -1
        return self.model.line(row) if row >= 0 else None

    def shown_texts(self) -> list[str]:
        return [self.proxy.index(r, TEXT).data() for r in range(self.proxy.rowCount())]

    def _proxy_row(self, action_id: str | None) -> int:
        source = self.model.row_of(action_id) if action_id else -1
        return self.proxy.mapFromSource(self.model.index(source, 0)).row() if source >= 0 else -1

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, TEXT)
        select_row(self.table, index)

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        line = self.current_line()
        blockers = [QSignalBlocker(w) for w in (self.text_edit, self.due_edit, self.status_combo)]
        self.text_edit.setText(line.text if line else "")
        self.due_edit.setText((line.due_on or "") if line else "")
        status = line.status if line else ActionStatus.OPEN.value
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        del blockers
        self.owner_picker.set_member(
            line.owner if line else None, line.owner_name if line else None
        )
        for widget in (self.text_edit, self.owner_picker, self.due_edit, self.status_combo):
            widget.setEnabled(line is not None)

    def show_item(self, entity: str, item_id: str) -> bool:
        if entity != "action" or self.community_id is None:
            return False
        if self.stale:  # read now, not again when shown
            self.stale = False
            self._load(refresh=True)
        if self.model.row_of(item_id) < 0:
            self._load(refresh=False)
            if self.model.row_of(item_id) < 0:
                return False
        if self._proxy_row(item_id) < 0:
            self.clear_filters()
        self._select_row(self._proxy_row(item_id))
        return True

    def clear_filters(self) -> None:
        for combo in (self.owner_filter, self.status_filter, self.due_filter):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        self.filter_edit.clear()
        self._filters_changed()

    def focus_main(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.current_id() is None and self.proxy.rowCount():
            self._select_row(0)

    def _filters_changed(self, *_args: object) -> None:
        self.proxy.set_filters(
            owner=self.owner_filter.currentData() or None,
            status=self.status_filter.currentData(),
            due=self.due_filter.currentData(),
            text=self.filter_edit.text(),
        )
        self._update_count()
        if self.current_id() is None:
            self._show_current()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if shown == total:
            text = _("1 action") if total == 1 else _("{n} actions").format(n=total)
        else:
            text = _("{shown} of {total} actions").format(shown=shown, total=total)
        self.count_label.setText(text)

    # --- changing -----------------------------------------------------------------

    def _done(self, changes: Changes | None) -> None:
        if not changes:
            return
        self._own = changes
        self._load(refresh=False)
        self.changed.emit(changes)

    def _save_field(self, key: str, value: object) -> None:
        line = self.current_line()
        if line is None:
            return
        current = {"text": line.text, "owner": line.owner, "due_on": line.due_on or ""}
        if key in current and current[key] == value:
            return
        if key == "status" and line.status == value:
            return
        changes = tracking.save_action(self, self.ws, line.id, **{key: value})
        if changes is None:
            self._show_current()  # refused (and said why): show what is stored
            return
        self._done(changes)

    def toggle_current(self) -> None:
        line = self.current_line()
        if line is None:
            return
        row = self.table.selectionModel().currentIndex().row()
        self._done(tracking.toggle_done(self, self.ws, line.id, line.status))
        if self._proxy_row(line.id) < 0 and self.proxy.rowCount():
            # Filtered out now (done, under "open"): the next one is ready for Space.
            self._select_row(min(row, self.proxy.rowCount() - 1))
        self._show_current()

    def new(self) -> None:
        if self.community_id is None:
            return
        changes = tracking.new_action(self, self.ws, self.community_id)
        if not changes:
            return
        self._done(changes)
        if self._proxy_row(changes.id) < 0:
            self.clear_filters()
        self._select_row(self._proxy_row(changes.id))
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_edit.selectAll()
