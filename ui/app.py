"""Starts the desktop app: Qt application, qasync event loop, workspace and main window."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import qasync
from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from app import i18n
from app.cli import default_data_dir
from app.domain.errors import KringError
from app.i18n import _
from app.services.workspace import Workspace
from ui.main_window import MainWindow

# Set to 1 by smoke tests and packaging checks: print "shown" once the window is up, then quit.
QUIT_AFTER_SHOWN = "KRING_QUIT_AFTER_SHOWN"


def install_qt_translator(app: QApplication, language: str) -> QTranslator | None:
    """Translate Qt's own standard dialogs and buttons; Kring's text goes through gettext.

    Returns the installed translator, which must be kept alive as long as it is used.
    """
    if language == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(language), "qtbase", "_", folder):
        return None
    app.installTranslator(translator)
    return translator


def _report_shown(app: QApplication) -> None:
    print("shown", flush=True)
    app.quit()


def main(data_dir: Path | None = None, argv: Sequence[str] | None = None) -> int:
    """Run the desktop app on `data_dir` (default: the user's data folder); the exit code."""
    args = list(argv) if argv is not None else sys.argv
    app = QApplication.instance() or QApplication(args or ["kring"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Kring")
    app.setOrganizationName("Kring")
    # The caller (the `kring` command) has chosen the language already.
    _qt_translator = install_qt_translator(app, i18n.current_language())

    folder = Path(data_dir) if data_dir is not None else default_data_dir()

    try:
        ws = Workspace.open(folder)
    except KringError as error:
        QMessageBox.critical(None, _("Kring cannot start"), str(error))
        return 1

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        window = MainWindow(ws, folder)
        window.show()
        if os.environ.get(QUIT_AFTER_SHOWN) == "1":
            QTimer.singleShot(0, lambda: _report_shown(app))
        with loop:
            return loop.run_forever()
    finally:
        asyncio.set_event_loop(None)
        ws.close()
