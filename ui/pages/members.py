"""The members page: filters above a sortable table, the member's details beside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KringError
from app.i18n import _
from app.services import members
from app.services.members import MemberFilter
from app.services.workspace import Changes, Workspace
from ui.dialogs.member_editor import MemberEditor
from ui.dialogs.member_filters import MemberFilterBar
from ui.dialogs.member_import import ImportPreviewDialog, summary
from ui.dialogs.member_merge import MergeDialog
from ui.loop import async_slot
from ui.models.members import NAME, ORGANISATION, MembersModel
from ui.ops import members as ops
from ui.pages.base import Page

_NOT_OPENED = object()


class MembersPage(Page):
    """The community's members in a filterable table, with a form to edit one. GUI thread."""

    entities = ("member",)

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self._opened: object = _NOT_OPENED  # the community the model was last opened on
        self.setAccessibleName(_("Members"))
        self.model = MembersModel(ws, self)
        self.file_dialog: QFileDialog | None = None
        self.import_dialog: ImportPreviewDialog | None = None
        self._import_path: Path | None = None
        self.merge_dialog: MergeDialog | None = None

        self.filters = MemberFilterBar(self._departments)
        self.filters.changed.connect(self._filters_changed)
        # Names the tests and the window use.
        self.filter_edit = self.filters.text_edit
        self.role_filter = self.filters.role
        self.department_filter = self.filters.department
        self.status_filter = self.filters.status

        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Number of members shown"))

        self.table = QTableView()
        self.table.setAccessibleName(_("Members"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Compact rows: a facilitator scans long lists of people during a meeting.
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # Widths from the font, not from the contents: measuring would read every row.
        width = self.table.fontMetrics().averageCharWidth()
        for column, chars in enumerate((24, 24, 20, 18, 15)):
            self.table.setColumnWidth(column, chars * width)
        header.setSectionResizeMode(ORGANISATION, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.editor = MemberEditor(ws)
        self.editor.changed.connect(self.changed.emit)
        self.editor.created.connect(self._created)

        self.new_action = self._action(_("New member"), "Ctrl+Shift+N", self.new_member)
        self.delete_action = self._action(_("Delete member"), None, self.delete_selected)
        self.merge_action = self._action(_("Merge two members…"), "Ctrl+Shift+M", self.merge)
        self.import_action = self._action(_("Import members…"), None, self.choose_import)
        self.export_action = self._action(_("Export members…"), None, self.choose_export)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.setWhatsThis(_("Delete the selected member (in the members list)"))
        delete_key.activated.connect(self.delete_selected)

        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("What happened"))
        self.status_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.filters, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, action in (("new", self.new_action), ("delete", self.delete_action),
                             ("merge", self.merge_action), ("import", self.import_action),
                             ("export", self.export_action)):  # fmt: skip
            button = QPushButton(action.text())
            button.setAccessibleName(action.text())
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            self.buttons[name] = button
            buttons.addWidget(button)
        buttons.addWidget(self.status_label, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([680, 420])  # the list gets the room; the form needs ~420 px
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        self.filter_edit.installEventFilter(self)
        self._update_count()
        self._update_buttons()

    def _action(self, text: str, keys: str | None, slot) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text} ({QKeySequence(keys).toString()})")
        action.setWhatsThis(text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- the page ---------------------------------------------------------------

    def set_community(self, community_id: str | None) -> None:
        if community_id != self.community_id:
            self.community_id = community_id
            self.status_label.clear()
            self._clear_filters(requery=False)
        self.refresh()  # now if on screen, else when shown

    def _ensure_open(self) -> bool:
        """Open the model on the current community if it is not yet; True if it was opened."""
        if self._opened == self.community_id:
            return False
        self._opened = self.community_id
        self.model.set_community(self.community_id, self.current_filter())
        self.filters.fill_departments([])  # read when the filter is first used
        self.editor.show_member(self.community_id, None)
        self._update_count()
        self._update_buttons()
        return True

    def reload(self, changed: frozenset[str] | None = None) -> None:
        """Read again what is shown; `changed` names the records a mutation touched."""
        if self._ensure_open():
            return
        current = self.editor.member_id
        selected = self.selected_ids()
        self.model.refresh(changed)
        self._reselect(selected, current)
        self.editor.refresh()
        self._update_count()
        self._update_buttons()

    def apply_changes(self, changes: Changes) -> None:
        if not changes.touches("member"):
            return
        if self.isVisible():
            self.reload(changes.ids)
        else:
            self.stale = True

    def show_item(self, entity: str, item_id: str) -> bool:
        if entity != "member" or self.community_id is None:
            return False
        try:
            member = members.get(self.ws, item_id)
        except KringError:
            return False
        if member.community != self.community_id:
            return False
        self._ensure_open()
        self.select_member(item_id)
        return True

    def focus_main(self) -> None:
        self.focus_filter()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # --- selection ----------------------------------------------------------------

    def select_member(self, member_id: str) -> None:
        """Select and reveal `member_id`, clearing the filters if they hide them."""
        if self.model.row_of(member_id) is None:
            self._clear_filters()
        row = self.model.row_of(member_id)
        if row is None:
            return
        index = self.model.index(row, NAME)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [m for m in (self.model.member_id(r) for r in rows) if m]

    def shown_names(self) -> list[str]:
        """The names in the table, in the order shown (reads every row: for tests)."""
        return [self.model.index(r, NAME).data() for r in range(self.model.rowCount())]

    def _reselect(self, selected: list[str], current: str | None) -> None:
        selection = self.table.selectionModel()
        at = selection.currentIndex()
        if current and at.isValid() and self.model.member_id(at.row()) == current:
            return  # the rows did not move
        rows = [r for r in (self.model.row_of(m) for m in selected) if r is not None]
        for row in rows:
            selection.select(
                self.model.index(row, NAME),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        row = self.model.row_of(current) if current else None
        if row is not None:
            selection.setCurrentIndex(
                self.model.index(row, NAME), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        member_id = self.model.member_id(current.row()) if current.isValid() else None
        if member_id is None:
            return  # a reset cleared it: the form keeps what it shows until another is chosen
        if member_id != self.editor.member_id:
            self.editor.show_member(self.community_id, member_id)

    def _created(self, member_id: str) -> None:
        self.model.refresh()
        self.select_member(member_id)
        self._update_count()

    # --- filters ------------------------------------------------------------------

    def current_filter(self) -> MemberFilter:
        return self.filters.current(self.model.flt.sort, self.model.flt.descending)

    def _filters_changed(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_count()
        self._update_buttons()

    def _clear_filters(self, *, requery: bool = True) -> None:
        self.filters.clear()
        if requery:
            self._filters_changed()

    def _departments(self) -> list[str]:
        return members.departments(self.ws, self.community_id) if self.community_id else []

    def _update_count(self) -> None:
        total, shown = self.model.total(), self.model.rowCount()
        if shown == total:
            text = _("1 member") if total == 1 else _("{n} members").format(n=total)
        else:
            text = _("{shown} of {total} members").format(shown=shown, total=total)
        self.count_label.setText(text)

    def _update_buttons(self, *_args: object) -> None:
        count = len(self.selected_ids())
        has_community = self.community_id is not None
        self.new_action.setEnabled(has_community)
        self.delete_action.setEnabled(count == 1)
        self.merge_action.setEnabled(count == 2)
        self.import_action.setEnabled(has_community)
        self.export_action.setEnabled(has_community)
        for name, action in (("new", self.new_action), ("delete", self.delete_action),
                             ("merge", self.merge_action), ("import", self.import_action),
                             ("export", self.export_action)):  # fmt: skip
            self.buttons[name].setEnabled(action.isEnabled())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the filter field moves into the list, so the keyboard never has to Tab.
        if (
            watched is self.filter_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # --- actions ------------------------------------------------------------------

    def new_member(self) -> None:
        if self.community_id is None:
            return
        self.table.clearSelection()
        self.editor.start_new(self.community_id)

    def delete_selected(self) -> None:
        chosen = self.selected_ids()
        if len(chosen) != 1:
            return
        ops.delete_member(self, self.ws, chosen[0], self._deleted)

    def _deleted(self, changes: Changes) -> None:
        self.status_label.setText(_("Deleted. Undo (Ctrl+Z) brings them back."))
        self.changed.emit(changes)

    def merge(self) -> None:
        chosen = self.selected_ids()
        if len(chosen) != 2:
            return
        first, second = (members.get(self.ws, m) for m in chosen)
        footprints = (members.footprint(self.ws, first.id), members.footprint(self.ws, second.id))
        if self.merge_dialog is not None:
            self.merge_dialog.deleteLater()
        self.merge_dialog = MergeDialog(first, second, footprints, self)
        self.merge_dialog.accepted.connect(self._merge_chosen)
        self.merge_dialog.open()

    def _merge_chosen(self) -> None:
        assert self.merge_dialog is not None
        keep, other = self.merge_dialog.keep_and_other()
        changes = ops.merge_members(self, self.ws, keep, other)
        if changes:
            self.status_label.setText(_("Merged. Undo (Ctrl+Z) separates them again."))
            self.changed.emit(changes)
            self.select_member(keep)

    def choose_import(self) -> None:
        dialog = self._file_dialog(_("Import members from a CSV file"), save=False)
        dialog.setNameFilters([_("CSV files (*.csv *.txt)"), _("All files (*)")])
        dialog.fileSelected.connect(self.preview_import)
        dialog.open()

    @async_slot(str)
    async def preview_import(self, file_name: str) -> None:
        """Show what importing the file would do; the facilitator then imports or not."""
        if self.community_id is None:
            return
        path = Path(file_name)
        self.status_label.setText(_("Reading {name}…").format(name=path.name))
        self.import_action.setEnabled(False)
        self.buttons["import"].setEnabled(False)
        try:
            report = await ops.preview_import(self, self.data_dir, self.community_id, path)
        finally:
            self.status_label.clear()
            self._update_buttons()
        if report is None:
            return
        if self.import_dialog is not None:
            self.import_dialog.deleteLater()
        self.import_dialog = ImportPreviewDialog(report, path.name, self)
        self._import_path = path
        self.import_dialog.accepted.connect(self.import_previewed)
        self.import_dialog.open()

    @async_slot()
    async def import_previewed(self) -> None:
        """Import the file whose preview was accepted (off the GUI thread)."""
        path, community_id = self._import_path, self.community_id
        if path is None or community_id is None:
            return
        self.status_label.setText(_("Importing {name}…").format(name=path.name))
        self.import_action.setEnabled(False)
        self.buttons["import"].setEnabled(False)
        try:
            report = await ops.run_import(self, self.ws, self.data_dir, community_id, path)
        finally:
            self.status_label.clear()
            self._update_buttons()
        if report is None:
            return
        self.status_label.setText(_("Imported: {what}").format(what=summary(report)))
        if report.changes:
            self.changed.emit(report.changes)

    def choose_export(self) -> None:
        dialog = self._file_dialog(_("Export members"), save=True)
        dialog.setNameFilters(list(ops.EXPORT_FILTERS.values()))
        dialog.setDefaultSuffix("csv")
        dialog.filterSelected.connect(
            lambda chosen: dialog.setDefaultSuffix(
                next(k for k, v in ops.EXPORT_FILTERS.items() if v == chosen)
            )
        )
        dialog.fileSelected.connect(self.export_to)
        dialog.open()

    @async_slot(str)
    async def export_to(self, file_name: str) -> None:
        """Write the members to the file named (its extension says the format)."""
        if self.community_id is None:
            return
        self.status_label.setText(_("Exporting the members…"))
        written = await ops.export_members(self, self.data_dir, self.community_id, Path(file_name))
        self.status_label.setText(_("Exported to {path}.").format(path=written) if written else "")

    def _file_dialog(self, title: str, *, save: bool) -> QFileDialog:
        # Qt's own dialog, not the system's: it is translated with Kring and tests can drive it.
        dialog = QFileDialog(self, title, str(Path.home()))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_dialog = dialog
        return dialog
