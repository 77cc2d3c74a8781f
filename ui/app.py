"""Starts the desktop app: Qt application, qasync event loop, workspace and main window."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QSize, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_ID, __version__, i18n
from app.i18n import _
from app.resources import resource_dir
from ui import loop
from ui.main_window import LANGUAGE_KEY, MainWindow

if TYPE_CHECKING:
    from app.services.workspace import Workspace

# Set to 1 by smoke tests and packaging checks: print "shown" once the window is up, then quit;
# "all": first build every section's page too (a bundle must hold every page's code).
QUIT_AFTER_SHOWN = "KRING_QUIT_AFTER_SHOWN"
# Rendered from kring.svg by tools/icons.py; found the same way inside a PyInstaller bundle,
# which keeps resources/ beside the ui/ package.
ICON_DIR = resource_dir() / "icons"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Kring's icon at every size it was rendered in (PNGs: no SVG plugin needed)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = ICON_DIR / f"kring-{size}.png"
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


def install_qt_translator(app: QApplication, language: str) -> QTranslator | None:
    """Translate Qt's own standard dialogs and buttons; Kring's text goes through gettext.

    Dates and numbers follow the language too: the system's own region when it speaks that
    language (nl_BE stays Belgian), else the language's home region.

    Returns the installed translator, which must be kept alive as long as it is used.
    """
    system = QLocale.system()
    if QLocale.languageToCode(system.language()) == language:
        QLocale.setDefault(system)
    else:
        QLocale.setDefault(QLocale("en_GB" if language == "en" else language))
    if language == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(language), "qtbase", "_", folder):
        return None
    app.installTranslator(translator)
    return translator


class WindowKeeper:
    """Holds the one main window, and rebuilds it in another language when asked. GUI thread.

    `ws` may come later (`attach`): the window is shown first, its data put in after.
    """

    def __init__(
        self,
        app: QApplication,
        ws: Workspace | None,
        folder: Path,
        settings: QSettings | None = None,
    ) -> None:
        self.app = app
        self.ws = ws
        self.folder = folder
        self.settings = settings if settings is not None else QSettings()
        self.window: MainWindow | None = None
        self.qt_translator: QTranslator | None = None
        # A language chosen in the settings wins over the system's (or `kring --lang`'s).
        chosen = self.settings.value(LANGUAGE_KEY, "", str)
        self.apply_language(chosen or i18n.current_language())

    def apply_language(self, language: str) -> None:
        """Speak `language` ("" = the system's) in Kring's text and in Qt's own dialogs."""
        i18n.set_language(language or None)
        if self.qt_translator is not None:
            self.app.removeTranslator(self.qt_translator)
        self.qt_translator = install_qt_translator(self.app, i18n.current_language())

    def open(self) -> MainWindow:
        window = MainWindow(self.ws, self.folder, settings=self.settings)
        window.language_chosen.connect(self.switch_language)
        window.show()
        self.window = window
        return window

    def attach(self, ws: Workspace, *, page_later: bool = False) -> None:
        """The data is open: into the window with it."""
        self.ws = ws
        if self.window is not None:
            self.window.attach(ws, page_later=page_later)

    def switch_language(self, language: str) -> None:
        old = self.window
        if old is not None:
            old.save_settings()
        self.apply_language(language)
        # The new window restores the old one's geometry, community and section.
        self.open()
        if old is not None:
            from PySide6.QtCore import Qt  # not at import: see ui/main_window.py

            old.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            old.language_chosen.disconnect(self.switch_language)
            old.hide()
            old.deleteLater()


# The daily backup copies the whole data file: not while the window is coming up.
BACKUP_DELAY_MS = 5000


def start_daily_backup(folder: Path) -> threading.Thread:
    """Make today's backup, if due, on a thread of its own (with its own connection).

    Not a daemon: quitting waits for a backup under way rather than leave half a file.
    """
    from app.domain.errors import KringError
    from app.services.workspace import Workspace

    def run() -> None:
        try:
            Workspace.open(folder, daily_backup=True).close()
        except KringError as error:  # the next start tries again; the data itself is fine
            print(f"kring: {error}", file=sys.stderr)

    thread = threading.Thread(target=run, name="kring-daily-backup")
    thread.start()
    return thread


def set_identity(app: QApplication) -> None:
    """Name, version, icon and desktop entry: how the desktop shows and groups Kring's windows."""
    app.setApplicationName("Kring")
    app.setOrganizationName("Kring")
    app.setApplicationVersion(__version__)
    # Lets the desktop match the window to nl.kring.Kring.desktop (its name and icon).
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())


def open_data(app: QApplication, windows: WindowKeeper, then: list[Callable[[], None]]) -> None:
    """Open the data folder, and at the next turns put it in the shown window and run `then`.

    When the folder cannot be opened, say why and end the app (exit code 1)."""
    from app.domain.errors import KringError
    from app.services.workspace import Workspace

    try:
        ws = Workspace.open(windows.folder, daily_backup=False)  # made in the background
    except KringError as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(windows.window, _("Kring cannot start"), str(error))
        app.exit(1)
        return
    windows.ws = ws

    def fill() -> None:
        windows.attach(ws, page_later=True)
        for step in then:
            QTimer.singleShot(0, step)

    QTimer.singleShot(0, fill)


def _report_shown(app: QApplication, windows: WindowKeeper, every_page: bool) -> None:
    print("shown", flush=True)

    def when_ready() -> None:
        # Ready: the data is in the window and the asyncio loop runs in Qt's.
        window = windows.window
        if window is None or window.ws is None or window.holding_pages or loop.install() is None:
            QTimer.singleShot(0, when_ready)
            return
        if every_page:
            for row in range(window.sidebar.count()):
                window.go_to_section(row)
                app.processEvents()
        print("ready", flush=True)
        app.quit()

    QTimer.singleShot(0, when_ready)


def main(
    data_dir: Path | None = None, argv: Sequence[str] | None = None, item: str | None = None
) -> int:
    """Run the desktop app on `data_dir` (default: the user's data folder); the exit code.

    `item`: a `kring://` link or a Kring file the desktop opened Kring with.

    The window is shown first, then filled: the data folder is opened at the first turn of
    Qt's loop, the asyncio loop joins at the next (each a short turn: input is not held up).
    """
    args = list(argv) if argv is not None else sys.argv
    app = QApplication.instance() or QApplication(args or ["kring"])
    assert isinstance(app, QApplication)
    set_identity(app)
    if data_dir is None:
        from app.cli import default_data_dir

        data_dir = default_data_dir()
    windows = WindowKeeper(app, None, Path(data_dir))
    loop.allow(app)  # made after the window is filled, or sooner if something needs it
    try:
        window = windows.open()
        quit_after = os.environ.get(QUIT_AFTER_SHOWN)
        if quit_after in ("1", "all"):
            QTimer.singleShot(
                0, lambda: _report_shown(app, windows, every_page=quit_after == "all")
            )
        then = [lambda: loop.install_after_show(app)]
        if item:
            then.append(lambda: window.open_desktop_item(item))
        QTimer.singleShot(0, lambda: open_data(app, windows, then))
        QTimer.singleShot(BACKUP_DELAY_MS, lambda: start_daily_backup(windows.folder))
        return app.exec()
    finally:
        loop.close()
        if windows.ws is not None:
            windows.ws.close()
