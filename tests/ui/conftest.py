"""Qt fixtures for the UI tests: isolated settings, main windows, and qasync event loops."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
import qasync
from PySide6.QtCore import QSettings

from ui.main_window import MainWindow

# Every qasync loop made in this session stays referenced until the process ends: dropping
# closed loops crashed pytest-qt's teardown on this machine (see NOTES.md).
_LOOPS: list[qasync.QEventLoop] = []


@pytest.fixture
def settings(tmp_path):
    """Settings in a temporary file, never the user's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, ws, data_dir, settings) -> Callable[[], MainWindow]:
    """Build and show a main window on the test workspace (data made before it is listed)."""

    def make() -> MainWindow:
        window = MainWindow(ws, data_dir, settings=settings)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # shortcuts reach the active window only
            window.show()
        return window

    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


@pytest.fixture
def qloop(qapp):
    """A qasync loop set as the current one, so that clicking an async slot schedules on it."""
    loop = qasync.QEventLoop(qapp)
    _LOOPS.append(loop)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)
    loop.close()
