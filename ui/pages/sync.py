"""Where this community syncs, the history of syncs, and the conflicts to decide."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import sync_settings
from app.services.workspace import Changes, Workspace
from ui.dialogs.join import JoinDialog, ServerDialog, choose_folder
from ui.loop import async_slot
from ui.models.sync_history import OUTCOME, SyncHistoryModel, local_time
from ui.ops import sync as sync_ops
from ui.ops.feedback import show_error
from ui.pages.base import Page
from ui.sync_runner import runner_for
from ui.widgets.conflicts_view import ConflictsView


class SyncPage(Page):
    """Sets the community's shared folder and server, syncs now, shows the history of syncs
    and the conflicts view. GUI thread; `ws` must have been opened on it."""

    entities = ("community", "conflict")

    def __init__(
        self,
        ws: Workspace,
        data_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, data_dir, parent)
        self.runner = runner_for(ws, self.data_dir)
        self.join_dialog: JoinDialog | None = None
        self.server_dialog: ServerDialog | None = None
        self.setAccessibleName(_("Sync"))

        self.folder_edit = QLineEdit()
        self.folder_edit.setAccessibleName(_("Shared folder"))
        self.folder_edit.setPlaceholderText(
            _("a folder Syncthing, Nextcloud or a USB stick shares")
        )
        self.folder_edit.editingFinished.connect(self._folder_typed)
        self.browse_button = QPushButton(_("&Browse…"))
        self.browse_button.setAccessibleName(_("Browse for the shared folder"))
        self.browse_button.clicked.connect(self.browse)
        self.remove_folder_button = QPushButton(_("Stop using this folder"))
        self.remove_folder_button.setAccessibleName(_("Stop using this folder"))
        self.remove_folder_button.clicked.connect(self.remove_folder)
        self.server_label = QLabel()
        self.server_label.setAccessibleName(_("Server"))
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.server_button = QPushButton(_("Connect to a &server…"))
        self.server_button.setAccessibleName(_("Connect to a server"))
        self.server_button.clicked.connect(self.connect_server)
        self.remove_server_button = QPushButton(_("Stop using the server"))
        self.remove_server_button.setAccessibleName(_("Stop using the server"))
        self.remove_server_button.clicked.connect(self.remove_server)

        self.sync_button = QPushButton(_("Sync &now"))
        self.sync_button.setAccessibleName(_("Sync now"))
        self.sync_button.setToolTip(_("Sync now (Ctrl+Shift+S)"))
        self.sync_button.clicked.connect(self.sync_now)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(_("Sync progress"))
        self.progress_bar.setRange(0, 100)
        self.progress_bar.hide()
        self.outcome_label = QLabel()
        self.outcome_label.setAccessibleName(_("Last sync"))
        self.outcome_label.setWordWrap(True)
        self.join_button = QPushButton(_("&Join another community…"))
        self.join_button.setAccessibleName(_("Join another community"))
        self.join_button.clicked.connect(self.open_join)

        form = QFormLayout()
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        folder_row.addWidget(self.remove_folder_button)
        folder_label = QLabel(_("Shared &folder:"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        server_row = QHBoxLayout()
        server_row.addWidget(self.server_label, 1)
        server_row.addWidget(self.server_button)
        server_row.addWidget(self.remove_server_button)
        form.addRow(_("Server:"), server_row)
        sync_row = QHBoxLayout()
        sync_row.addWidget(self.sync_button)
        sync_row.addWidget(self.progress_bar)
        sync_row.addWidget(self.outcome_label, 1)
        sync_row.addWidget(self.join_button)

        self.conflicts_view = ConflictsView(ws)
        self.conflicts_view.resolved.connect(self.changed)
        self.history_model = SyncHistoryModel(ws, self)
        self.history_view = QTableView()
        self.history_view.setAccessibleName(_("History of syncs"))
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.verticalHeader().hide()
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OUTCOME, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Conflicts and history"))
        self.tabs.addTab(self.conflicts_view, _("Conflicts"))
        self.tabs.addTab(self.history_view, _("History"))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(sync_row)
        layout.addWidget(self.tabs, 1)

        self.runner.started.connect(self._sync_started)
        self.runner.progressed.connect(self._sync_progressed)
        self.runner.finished.connect(self._sync_finished)

    # --- showing ----------------------------------------------------------------

    def reload(self) -> None:
        community_id = self.community_id
        where = sync_settings.targets(self.ws, community_id) if community_id else None
        self.folder_edit.setText(where.folder or "" if where else "")
        self.remove_folder_button.setEnabled(bool(where and where.folder))
        server = where.server if where else None
        self.server_label.setText(server or _("Not connected to a server"))
        self.server_button.setText(_("Connect to another &server…") if server
                                   else _("Connect to a &server…"))  # fmt: skip
        self.remove_server_button.setEnabled(bool(server))
        self.sync_button.setEnabled(bool(where) and not self.runner.is_running(community_id))
        self.history_model.load(community_id)
        entries = self.history_model.entries
        self.outcome_label.setText(
            _("Last sync {time}: {message}").format(time=local_time(entries[0].at),
                                                    message=entries[0].message)
            if entries else ""
        )  # fmt: skip
        self.conflicts_view.load(community_id)
        count = len(self.conflicts_view.model.items)
        self.tabs.setTabText(0, _("Conflicts ({n})").format(n=count) if count else _("Conflicts"))
        fraction = self.runner.progress(community_id)
        self.progress_bar.setVisible(fraction is not None)
        self.progress_bar.setValue(round((fraction or 0) * 100))

    def focus_main(self) -> None:
        if self.conflicts_view.model.items:
            self.tabs.setCurrentIndex(0)
            self.conflicts_view.list_view.setFocus()
        else:
            self.folder_edit.setFocus()

    # --- sync targets -------------------------------------------------------------

    def _folder_typed(self) -> None:
        if self.community_id is None:
            return
        text = self.folder_edit.text().strip()
        if text == (sync_settings.targets(self.ws, self.community_id).folder or ""):
            return
        if not text:
            self.remove_folder()
        elif sync_ops.set_folder(self, self.ws, self.community_id, text):
            self._targets_changed()

    @Slot()
    def browse(self) -> None:
        chosen = choose_folder(self, self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)
            self._folder_typed()

    @Slot()
    def remove_folder(self) -> None:
        if self.community_id is not None:
            sync_settings.remove_folder(self.ws, self.community_id)
            self._targets_changed()

    @Slot()
    def remove_server(self) -> None:
        if self.community_id is not None:
            sync_settings.remove_server(self.ws, self.community_id)
            self._targets_changed()

    def _targets_changed(self) -> None:
        self.reload()
        self.runner.watch(self.community_id)  # probe the new target soon
        self.changed.emit(Changes(_("Sync settings")))  # no data changed: the status re-reads

    @Slot()
    def connect_server(self) -> None:
        dialog = ServerDialog(self)
        dialog.accepted.connect(self._server_chosen)
        dialog.open()
        self.server_dialog = dialog

    @async_slot()
    async def _server_chosen(self) -> None:
        dialog, community_id = self.server_dialog, self.community_id
        if dialog is None or community_id is None:
            return
        self.server_button.setEnabled(False)
        try:
            changes = await sync_ops.join_server(self, self.data_dir, dialog.url(),
                                                 dialog.invite(), community_id)  # fmt: skip
        finally:
            self.server_button.setEnabled(True)
        if changes is not None:
            self.reload()
            self.changed.emit(changes)

    @Slot()
    def open_join(self) -> None:
        dialog = JoinDialog(sync_ops.communities_in_folder, self)
        dialog.accepted.connect(self._join_chosen)
        dialog.open()
        self.join_dialog = dialog

    @async_slot()
    async def _join_chosen(self) -> None:
        dialog = self.join_dialog
        if dialog is None:
            return
        self.join_button.setEnabled(False)
        try:
            if dialog.from_folder():
                community_id = dialog.community()
                if community_id is None:
                    show_error(self, _("Choose a community in the shared folder."))
                    return
                changes = await sync_ops.join_folder(
                    self, self.data_dir, dialog.folder(), community_id, dialog.passphrase()
                )
            else:
                changes = await sync_ops.join_server(
                    self, self.data_dir, dialog.url(), dialog.invite(), None
                )
        finally:
            self.join_button.setEnabled(True)
        if changes is not None:
            self.changed.emit(changes)

    # --- syncing ------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        if self.community_id is not None:
            self.runner.sync_now(self.community_id)

    def _sync_started(self, community_id: str) -> None:
        if community_id == self.community_id:
            self.sync_button.setEnabled(False)
            self.progress_bar.setValue(0)
            self.progress_bar.show()
            self.outcome_label.setText(_("Syncing…"))

    def _sync_progressed(self, community_id: str, fraction: float) -> None:
        if community_id == self.community_id:
            self.progress_bar.setValue(round(fraction * 100))

    def _sync_finished(self, community_id: str, _entries: object) -> None:
        if community_id == self.community_id:
            self.reload()
