"""Kring's main window: wires the community switcher, the sidebar, the pages and the actions."""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QSettings,
    QSignalBlocker,
    QSize,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from app.i18n import N_, _
from ui.loop import async_slot
from ui.widgets.icons import themed_icon

# What the window's frame needs is imported above; what shows data, once it is put in
# (`attach`): the frame is on screen sooner. Nor is Qt's namespace class (`Qt`) touched
# before the frame is shown: making its hundred-odd Python enums takes ~20 ms.
if TYPE_CHECKING:
    from app.services.workspace import Changes, Workspace
    from ui.pages.base import Page
    from ui.pages.search import SearchPage
    from ui.pages.welcome import WelcomePage
    from ui.widgets.sync_status import SyncStatus

GEOMETRY_KEY = "window/geometry"
LAST_COMMUNITY_KEY = "window/community"
LAST_SECTION_KEY = "window/section"
LANGUAGE_KEY = "language"  # "" follows the system


class Section(NamedTuple):
    """A row of the sidebar: its page (made when first needed), name and icon."""

    module: str
    page_class: str
    name: str  # marked for translation with N_, translated when shown
    icon: str


# The page of a section is built (and its module imported) the first time it is needed: the
# window comes up with one page, not seven.
SECTIONS = (
    Section("ui.pages.overview", "OverviewPage", N_("Overview"), "overview"),
    Section("ui.pages.members", "MembersPage", N_("Members"), "members"),
    Section("ui.pages.questions", "QuestionsPage", N_("Questions"), "questions"),
    Section("ui.pages.sessions", "SessionsPage", N_("Sessions"), "sessions"),
    Section("ui.pages.actions", "ActionsPage", N_("Actions"), "actions"),
    Section("ui.pages.agreements", "AgreementsPage", N_("Agreements"), "agreements"),
    Section("ui.pages.sync", "SyncPage", N_("Sync"), "sync"),
)
OVERVIEW, MEMBERS, QUESTIONS, SESSIONS, ACTIONS, AGREEMENTS, SYNC = range(len(SECTIONS))
# The section whose page shows a record of this kind (a search hit, a line of the overview).
SHOWN_BY = {"member": MEMBERS, "question": QUESTIONS, "session": SESSIONS,
            "contribution": SESSIONS, "action": ACTIONS, "agreement": AGREEMENTS}  # fmt: skip

# Every table a sync may have brought news for: pages reload what they show.
EVERYTHING = frozenset(
    (
        "community",
        "member",
        "question",
        "session",
        "agenda_item",
        "attendance",
        "contribution",
        "vote",
        "action",
        "agreement",
    )
)


def _qt() -> type:
    """Qt's namespace class, made when first needed (see the imports above)."""
    from PySide6.QtCore import Qt

    return Qt


class MainWindow(QMainWindow):
    """One window per workspace. GUI thread; `ws` must have been opened on it."""

    # The facilitator chose another language ("" = the system's): the app rebuilds the window.
    language_chosen = Signal(str)

    def __init__(
        self,
        ws: Workspace | None,
        data_dir: Path,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """The window, with `ws`'s data; or, with None, its frame alone, to be shown while
        the data is opened and then put in with `attach`: the app comes up sooner."""
        super().__init__(parent)
        self.ws: Workspace | None = None
        self.data_dir = Path(data_dir)
        self.settings = settings if settings is not None else QSettings()
        self.community_id: str | None = None
        self._abort_demo = threading.Event()
        self.setAccessibleName(_("Kring"))
        self.setWindowTitle(_("Kring"))

        self.welcome: WelcomePage | None = None
        self.search_page: SearchPage | None = None
        self.sync_status: SyncStatus | None = None
        self._section_pages: dict[int, Page] = {}
        self.pages = QStackedWidget()
        self.pages.setAccessibleName(_("Pages"))
        self.pages.addWidget(QWidget())  # blank, until there is a page to show
        self._hold_pages = False
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
        self._restore_settings()
        # Until the data is in, the window looks as it will: the sidebar when it will show a
        # community; nothing to act on yet.
        self.sidebar.setVisible(self.settings.contains(LAST_COMMUNITY_KEY))
        for action in (self.new_action, self.demo_action, self.find_action,
                       self.shortcuts_action, *self.section_actions):  # fmt: skip
            action.setEnabled(False)
        if ws is not None:
            self.attach(ws)
        else:
            self.statusBar().showMessage(_("Opening your communities…"))

    def attach(self, ws: Workspace, *, page_later: bool = False) -> None:
        """Put the data in the window: pages, sync status, communities. Once.

        `page_later`: the section's page is built at the next turn of the event loop, not
        in this one (at start-up: input is not held up for both at once)."""
        from ui.pages.search import SearchPage
        from ui.pages.welcome import WelcomePage
        from ui.widgets.sync_status import SyncStatus

        assert self.ws is None, "a window shows one workspace"
        self.ws = ws
        self.welcome = WelcomePage()
        self.search_page = SearchPage(ws, self.data_dir)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.search_page)
        self.search_page.changed.connect(self.apply_changes)
        self.search_page.open_requested.connect(self.open_item)
        self.search_field.down_pressed.connect(self.search_page.focus_main)
        self.search_field.return_pressed.connect(self.search_page.open_first)
        self.sync_status = SyncStatus(ws, self.data_dir)
        self.sync_status.changed.connect(self.apply_changes)
        self.statusBar().clearMessage()
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync_status.open_sync_requested.connect(lambda: self.go_to_section(SYNC))
        self.welcome.create_requested.connect(self.create_community)
        self.welcome.demo_requested.connect(self.open_demo)
        for action in (self.new_action, self.demo_action, self.shortcuts_action):
            action.setEnabled(True)  # the shortcuts dialog lists every page's keys
        self._update_undo_actions()
        self._hold_pages = page_later
        self.reload_communities(select=self.settings.value(LAST_COMMUNITY_KEY, None, str))
        if page_later:
            QTimer.singleShot(0, self._release_pages)

    @property
    def holding_pages(self) -> bool:
        """Whether the page of the section is still to be built (`attach(page_later=True)`)."""
        return self._hold_pages

    def _release_pages(self) -> None:
        self._hold_pages = False
        if self.pages.currentWidget() is not self.welcome:
            self._show_section(self.sidebar.currentRow())

    # --- the pages of the sections ------------------------------------------------

    def section_page(self, row: int) -> Page:
        """The page of section `row`, built (and told the community) when first asked for."""
        page = self._section_pages.get(row)
        if page is None:
            section = SECTIONS[row]
            page_class = getattr(importlib.import_module(section.module), section.page_class)
            page = page_class(self.ws, self.data_dir)
            self._section_pages[row] = page
            self.pages.addWidget(page)
            page.changed.connect(self.apply_changes)
            if hasattr(page, "open_requested"):  # the overview's lines open what they name
                page.open_requested.connect(self.open_item)
            if row == SYNC:
                page.changed.connect(self.sync_status.refresh)
            page.set_community(self.community_id)
        return page

    @property
    def built_pages(self) -> list[Page]:
        """The pages made so far (others read everything when they are made)."""
        built = list(self._section_pages.values())
        return built if self.search_page is None else [*built, self.search_page]

    @property
    def sections(self) -> list[tuple[Page, str]]:
        """Every section's page and name, in sidebar order (builds every page)."""
        return [(self.section_page(r), _(s.name)) for r, s in enumerate(SECTIONS)]

    overview_page = property(lambda self: self.section_page(OVERVIEW))
    members_page = property(lambda self: self.section_page(MEMBERS))
    questions_page = property(lambda self: self.section_page(QUESTIONS))
    sessions_page = property(lambda self: self.section_page(SESSIONS))
    actions_page = property(lambda self: self.section_page(ACTIONS))
    agreements_page = property(lambda self: self.section_page(AGREEMENTS))
    sync_page = property(lambda self: self.section_page(SYNC))

    # --- building -------------------------------------------------------------

    def _make_actions(self) -> None:
        # Keys set as lists from strings: QKeySequence("…") would make Qt's namespace class
        # before the frame is shown (see the imports).
        self.new_action = QAction(_("&New community…"), self)
        self.new_action.setShortcuts(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.create_community)

        self.demo_action = QAction(_("Open the &demo community"), self)
        self.demo_action.triggered.connect(self.open_demo)

        self.find_action = QAction(_("&Search everything"), self)
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)

        self.undo_action = QAction(_("&Undo"), self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.setWhatsThis(_("Undo the last change"))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(_("&Redo"), self)
        self.redo_action.setShortcuts(QKeySequence.listFromString("Ctrl+Shift+Z; Ctrl+Y"))
        self.redo_action.setWhatsThis(_("Redo what was undone"))
        self.redo_action.triggered.connect(self.redo)

        self.full_screen_action = QAction(_("&Full screen"), self)
        self.full_screen_action.setShortcuts(QKeySequence.listFromString("F11"))
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.toggled.connect(self.set_full_screen)

        self.settings_action = QAction(_("&Settings…"), self)
        self.settings_action.setShortcuts(QKeySequence.listFromString("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)

        self.shortcuts_action = QAction(_("&Keyboard shortcuts"), self)
        self.shortcuts_action.setShortcuts(QKeySequence.listFromString("F1"))
        self.shortcuts_action.triggered.connect(self.open_shortcuts)
        self.about_action = QAction(_("&About Kring"), self)
        self.about_action.triggered.connect(self.open_about)

        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcuts(QKeySequence.listFromString("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)

        # Ctrl+1 … Ctrl+7 go to the sections of the sidebar.
        self.section_actions: list[QAction] = []
        for number, section in enumerate(SECTIONS, start=1):
            action = QAction(_(section.name), self)
            action.setShortcuts(QKeySequence.listFromString(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, r=number - 1: self.go_to_section(r))
            self.addAction(action)
            self.section_actions.append(action)
        self._update_undo_actions()

    def _make_toolbar(self) -> None:
        from ui.widgets.search_field import SearchField

        self.switcher = QComboBox()
        self.switcher.setAccessibleName(_("Community"))
        self.switcher.setToolTip(_("The community you are working on"))
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.switcher.setMinimumContentsLength(20)
        self.switcher.currentIndexChanged.connect(self._switcher_changed)
        label = QLabel(_("&Community:"))
        label.setBuddy(self.switcher)
        label.setContentsMargins(4, 0, 4, 0)

        self.search_field = SearchField()
        self.search_field.text_changed.connect(self._search_changed)
        self.search_field.escape_pressed.connect(self._leave_search)

        self.toolbar = self.addToolBar(_("Community"))
        self.toolbar.setObjectName("community-toolbar")
        self.toolbar.setAccessibleName(_("Community"))
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(label)
        self.toolbar.addWidget(self.switcher)
        self.toolbar.addAction(self.new_action)
        self.toolbar.widgetForAction(self.new_action).setAccessibleName(_("New community"))
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.search_field)

    def _make_sidebar(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setSpacing(2)
        for section in SECTIONS:
            name = _(section.name)
            # Its text is its accessible name too.
            self.sidebar.addItem(QListWidgetItem(themed_icon(section.icon, self.palette()), name))
        self.sidebar.setCurrentRow(0)
        self.sidebar.setFixedWidth(self.sidebar.sizeHintForColumn(0) + 24)
        self.sidebar.currentRowChanged.connect(self._show_section)

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        view_menu = self.menuBar().addMenu(_("&View"))
        for action in self.section_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.full_screen_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    # --- showing --------------------------------------------------------------

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def go_to_section(self, row: int) -> None:
        if self.community_id is not None and 0 <= row < len(SECTIONS):
            self.sidebar.setCurrentRow(row)
            self._show_section(row)
            self.section_page(row).focus_main()

    def show_page(self, page: Page) -> None:
        for row, built in self._section_pages.items():
            if built is page:
                self.sidebar.setCurrentRow(row)
        self.pages.setCurrentWidget(page)

    def _show_section(self, row: int) -> None:
        if self._hold_pages:
            return
        if self.community_id is not None and 0 <= row < len(SECTIONS):
            if self.pages.currentWidget() is self.search_page:
                self.search_field.clear()  # leaving the results: the search is done
            self.pages.setCurrentWidget(self.section_page(row))

    def reload_communities(self, select: str | None = None) -> None:
        """Refill the switcher and show `select`, else the current community, else the first."""
        from app.services import communities

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
        index = self.switcher.findData(community_id) if community_id else -1
        if index < 0:
            community_id = None
        # Shown again (the communities were read anew: a sync, an undo): the pages keep
        # their place, the search its text; only the name may have changed.
        again = community_id is not None and community_id == self.community_id
        self.community_id = community_id
        for action in (self.find_action, *self.section_actions):
            action.setEnabled(community_id is not None)
        self.sidebar.setVisible(community_id is not None)
        if not again:
            self.search_field.clear()
            for page in self.built_pages:
                page.set_community(community_id)
            self.sync_status.set_community(community_id)
        if community_id is None:
            self.setWindowTitle(_("Kring"))
            self.pages.setCurrentWidget(self.welcome)
            return
        with QSignalBlocker(self.switcher):
            self.switcher.setCurrentIndex(index)
        self.setWindowTitle(
            _("Kring — {community}").format(community=self.switcher.itemText(index))
        )
        if not again:
            self._show_section(self.sidebar.currentRow())

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what a mutation (here, an undo, or a sync) touched."""
        if not changes.entities:
            return
        shown = self.community_id
        if changes.touches("community"):
            self.reload_communities()
        if self.community_id == shown:  # else every page has read the other community
            for page in self.built_pages:
                page.apply_changes(changes)
        if self.sync_status is not None:
            self.sync_status.note_changes(changes)
        self._update_undo_actions()

    def open_desktop_item(self, item: str) -> None:
        """Offer what fits a link or file the desktop opened Kring with: an invite link
        (`kring://join?server=URL&invite=CODE`) or a shared folder's file opens the join
        dialog, filled in; a CSV file opens the members import preview. Nothing is done
        without the facilitator confirming it."""
        from ui.desktop_items import open_desktop_item

        open_desktop_item(self, item)

    def open_item(self, entity: str, item_id: str) -> None:
        """Show a search hit on the page that owns it (built, if need be: only that one)."""
        row = SHOWN_BY.get(entity)
        if row is not None and (page := self.section_page(row)).show_item(entity, item_id):
            self.show_page(page)

    # --- search -----------------------------------------------------------------

    def focus_search(self) -> None:
        if self.community_id is not None:
            self.search_field.setFocus(_qt().FocusReason.ShortcutFocusReason)
            self.search_field.selectAll()

    def _search_changed(self, text: str) -> None:
        if self.community_id is None:
            return
        if text.strip():
            self.search_page.search(text)
            self.pages.setCurrentWidget(self.search_page)
        else:
            self._leave_search()

    def _leave_search(self) -> None:
        if self.pages.currentWidget() is self.search_page:
            self._show_section(self.sidebar.currentRow())

    # --- user actions ---------------------------------------------------------

    @Slot()
    def create_community(self) -> None:
        from ui.ops import communities as community_ops

        changes = community_ops.create_community(self, self.ws)
        if changes:
            self.apply_changes(changes)
            self.show_community(changes.id)

    @async_slot()
    async def open_demo(self) -> None:
        from ui.ops import communities as community_ops

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

    @Slot()
    def undo(self) -> None:
        self._undo_redo(self.ws.undo, _("Undone: {what}"))

    @Slot()
    def redo(self) -> None:
        self._undo_redo(self.ws.redo, _("Redone: {what}"))

    def _undo_redo(self, step, message: str) -> None:
        from app.domain.errors import KringError
        from ui.ops.feedback import show_error

        try:
            changes = step()
        except KringError as error:
            show_error(self, str(error))
            return
        if changes.label:
            self.statusBar().showMessage(message.format(what=changes.label), 4000)
        self.apply_changes(changes)
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        if self.ws is None:
            undo = redo = None
        else:
            undo, redo = self.ws.undo_label, self.ws.redo_label
        self.undo_action.setEnabled(undo is not None)
        self.undo_action.setText(_("&Undo {what}").format(what=undo) if undo else _("&Undo"))
        self.redo_action.setEnabled(redo is not None)
        self.redo_action.setText(_("&Redo {what}").format(what=redo) if redo else _("&Redo"))

    @Slot(bool)
    def set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    @Slot()
    def open_settings(self) -> None:
        from ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.settings.value(LANGUAGE_KEY, "", str), self)
        dialog.setAttribute(_qt().WidgetAttribute.WA_DeleteOnClose)

        def chosen() -> None:
            language = dialog.language()
            if language != self.settings.value(LANGUAGE_KEY, "", str):
                self.settings.setValue(LANGUAGE_KEY, language)
                self.settings.sync()
                # Rebuild after this dialog has gone: the window is replaced.
                QTimer.singleShot(0, lambda: self.language_chosen.emit(language))

        dialog.accepted.connect(chosen)
        dialog.open()
        self.settings_dialog = dialog

    @Slot()
    def open_shortcuts(self) -> None:
        from ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(_qt().WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.shortcuts_dialog = dialog

    @Slot()
    def open_about(self) -> None:
        from ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(_qt().WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.about_dialog = dialog

    def _switcher_changed(self, index: int) -> None:
        self.show_community(self.switcher.itemData(index) if index >= 0 else None)

    # --- settings -------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1180, 720)
        row = self.settings.value(LAST_SECTION_KEY, 1, int)
        self.sidebar.setCurrentRow(row if 0 <= row < len(SECTIONS) else MEMBERS)

    def save_settings(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(LAST_SECTION_KEY, self.sidebar.currentRow())
        if self.community_id:
            self.settings.setValue(LAST_COMMUNITY_KEY, self.community_id)
        self.settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        # The system switched between light and dark: redraw the icons in the new colours.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "sidebar"):
            for row, section in enumerate(SECTIONS):
                self.sidebar.item(row).setIcon(themed_icon(section.icon, self.palette()))
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._abort_demo.set()  # a demo still being built is not worth waiting for
        self.save_settings()
        if self.sync_status is not None:
            self.sync_status.shutdown()
        super().closeEvent(event)
