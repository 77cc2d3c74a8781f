"""Kring's main window: wires the community switcher, the pages and the actions together."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSignalBlocker, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)
from qasync import asyncSlot

from app.i18n import _
from app.services import communities, members
from app.services.workspace import Changes, Workspace
from ui.ops import communities as community_ops
from ui.pages.members import MembersPage
from ui.pages.sessions import SessionsPage
from ui.pages.welcome import WelcomePage

GEOMETRY_KEY = "window/geometry"
LAST_COMMUNITY_KEY = "window/community"


class MainWindow(QMainWindow):
    """One window per workspace. GUI thread; `ws` must have been opened on it."""

    def __init__(
        self,
        ws: Workspace,
        data_dir: Path,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.data_dir = Path(data_dir)
        self.settings = settings if settings is not None else QSettings()
        self.community_id: str | None = None
        self._abort_demo = threading.Event()
        self.setAccessibleName(_("Kring"))

        self.welcome = WelcomePage()
        self.members_page = MembersPage()
        self.sessions_page = SessionsPage(ws, self.data_dir)
        self.sessions_page.changed.connect(self.apply_changes)
        self.pages = QStackedWidget()
        self.pages.setAccessibleName(_("Pages"))
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.members_page)
        self.pages.addWidget(self.sessions_page)
        self._make_sidebar()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._make_actions()
        self._make_toolbar()
        self._make_menus()
        self.statusBar().setAccessibleName(_("Status"))
        self.welcome.create_requested.connect(self.create_community)
        self.welcome.demo_requested.connect(self.open_demo)

        self._restore_settings()
        self.reload_communities(select=self.settings.value(LAST_COMMUNITY_KEY, None, str))

    # --- building -------------------------------------------------------------

    def _make_actions(self) -> None:
        self.new_action = QAction(_("&New community…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.create_community)

        self.demo_action = QAction(_("Open the &demo community"), self)
        self.demo_action.triggered.connect(self.open_demo)

        self.find_action = QAction(_("&Find member"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._find_member)

        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)

    def _make_toolbar(self) -> None:
        self.switcher = QComboBox()
        self.switcher.setAccessibleName(_("Community"))
        self.switcher.setToolTip(_("The community you are working on"))
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.switcher.setMinimumContentsLength(20)
        self.switcher.currentIndexChanged.connect(self._switcher_changed)
        label = QLabel(_("&Community:"))
        label.setBuddy(self.switcher)
        label.setContentsMargins(4, 0, 4, 0)

        self.toolbar = self.addToolBar(_("Community"))
        self.toolbar.setObjectName("community-toolbar")
        self.toolbar.setAccessibleName(_("Community"))
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(label)
        self.toolbar.addWidget(self.switcher)
        self.toolbar.addAction(self.new_action)
        self.toolbar.widgetForAction(self.new_action).setAccessibleName(_("New community"))

    def _make_sidebar(self) -> None:
        # A stand-in until the full sidebar of DESIGN §4: one row per page a community has.
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar_pages: list[QWidget] = [self.members_page, self.sessions_page]
        self.sidebar.addItems([_("Members"), _("Sessions")])
        self.sidebar.setCurrentRow(0)
        self.sidebar.setFixedWidth(self.sidebar.sizeHintForColumn(0) + 32)
        self.sidebar.currentRowChanged.connect(self._show_section)

    def _show_section(self, row: int) -> None:
        if self.community_id is not None and 0 <= row < len(self.sidebar_pages):
            self.pages.setCurrentWidget(self.sidebar_pages[row])

    def _find_member(self) -> None:
        self.sidebar.setCurrentRow(self.sidebar_pages.index(self.members_page))
        self.members_page.focus_filter()

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        edit_menu.addAction(self.find_action)

    # --- showing --------------------------------------------------------------

    def reload_communities(self, select: str | None = None) -> None:
        """Refill the switcher and show `select`, else the current community, else the first."""
        found = communities.list_all(self.ws)
        with QSignalBlocker(self.switcher):
            self.switcher.clear()
            for community in found:
                self.switcher.addItem(community.name, community.id)
        self.toolbar.setVisible(bool(found))
        ids = [c.id for c in found]
        for candidate in (select, self.community_id):
            if candidate in ids:
                self.show_community(candidate)
                return
        self.show_community(ids[0] if ids else None)

    def show_community(self, community_id: str | None) -> None:
        self.community_id = community_id
        index = self.switcher.findData(community_id) if community_id else -1
        if index < 0:
            self.community_id = None
            self.setWindowTitle(_("Kring"))
            self.find_action.setEnabled(False)
            self.sidebar.setVisible(False)
            self.pages.setCurrentWidget(self.welcome)
            return
        with QSignalBlocker(self.switcher):
            self.switcher.setCurrentIndex(index)
        self.setWindowTitle(
            _("Kring — {community}").format(community=self.switcher.itemText(index))
        )
        self.members_page.filter_edit.clear()
        self.reload_members()
        self.sessions_page.set_community(community_id)
        self.find_action.setEnabled(True)
        self.sidebar.setVisible(True)
        self._show_section(self.sidebar.currentRow())

    def reload_members(self) -> None:
        if self.community_id is not None:
            self.members_page.set_members(members.list_members(self.ws, self.community_id))

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what a mutation touched."""
        if changes.touches("community"):
            self.reload_communities()
        else:
            if changes.touches("member"):
                self.reload_members()
            if changes.touches("session"):
                self.sessions_page.reload()

    # --- user actions ---------------------------------------------------------

    @Slot()
    def create_community(self) -> None:
        changes = community_ops.create_community(self, self.ws)
        if changes:
            self.apply_changes(changes)
            self.show_community(changes.id)

    @asyncSlot()
    async def open_demo(self) -> None:
        self.welcome.set_busy(True)
        self.demo_action.setEnabled(False)
        self.statusBar().showMessage(_("Building the demo community…"))
        self._abort_demo.clear()
        try:
            community_id = await community_ops.open_demo(
                self, self.data_dir, self.welcome.set_progress, self._abort_demo
            )
        finally:
            self.welcome.set_busy(False)
            self.demo_action.setEnabled(True)
            self.statusBar().clearMessage()
        if community_id:
            self.reload_communities(select=community_id)

    def _switcher_changed(self, index: int) -> None:
        self.show_community(self.switcher.itemData(index) if index >= 0 else None)

    # --- settings -------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1000, 640)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._abort_demo.set()  # a demo still being built is not worth waiting for
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        if self.community_id:
            self.settings.setValue(LAST_COMMUNITY_KEY, self.community_id)
        self.settings.sync()
        super().closeEvent(event)
