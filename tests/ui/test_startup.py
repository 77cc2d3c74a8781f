"""Start-up: the window is shown first, then its data is put in, a short step per turn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import members
from ui.app import WindowKeeper, open_data
from ui.main_window import LAST_COMMUNITY_KEY, LAST_SECTION_KEY, MEMBERS, MainWindow

ROOT = Path(__file__).resolve().parents[2]

# Builds and shows the window's frame exactly as `ui.app.main` does, then reports what the
# process had to load for it.
FRAME = """
import json, sys
from pathlib import Path
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication
from app import i18n
from ui.app import WindowKeeper, set_identity
i18n.set_language(None)  # as `kring` does: the language of KRING_LANG or the system
app = QApplication([])
set_identity(app)
window = WindowKeeper(app, None, Path(sys.argv[1])).open()
app.processEvents()
print(json.dumps({
    "modules": sorted(sys.modules),
    "qt_namespace_made": "Qt" in QtCore.__dict__,
    "visible": window.isVisible(),
    "title": window.windowTitle(),
    "status": window.statusBar().currentMessage(),
}))
"""


def test_the_frame_is_shown_without_reading_data_or_making_qts_namespace(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KRING_LANG": "nl",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", FRAME, str(tmp_path / "data")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["visible"] and seen["title"] == "Kring"
    assert seen["status"] == "Je communities worden geopend…"
    # What comes after the window is up: the store, the domain, the pages, asyncio.
    loaded = set(seen["modules"])
    for later in ("sqlite3", "app.store.db", "app.services.workspace", "app.domain.model",
                  "ui.pages.members", "ui.widgets.sync_status", "asyncio", "qasync"):  # fmt: skip
        assert later not in loaded, later
    assert not (tmp_path / "data").exists()  # not even made yet
    assert not seen["qt_namespace_made"]  # ~20 ms of Python enums, for later


def test_the_data_fills_the_shown_window_one_step_per_turn(
    qapp, qtbot, ws, community, data_dir, settings
):
    members.add(ws, community, "Daniëlle Bakker")
    settings.setValue(LAST_COMMUNITY_KEY, community)
    settings.setValue(LAST_SECTION_KEY, MEMBERS)
    windows = WindowKeeper(qapp, None, data_dir, settings)
    window = windows.open()
    qtbot.addWidget(window)
    assert window.sidebar.isVisible()  # a community will be shown: the frame has its sidebar
    assert not window.new_action.isEnabled() and not window.find_action.isEnabled()
    assert not window.shortcuts_action.isEnabled()  # it lists the keys of pages not yet made

    ran = []
    open_data(qapp, windows, [lambda: ran.append(window.ws is not None)])
    assert windows.ws is not None and window.ws is None  # opened; put in at the next turn
    qtbot.waitUntil(lambda: bool(ran))
    assert ran == [True]  # what follows start-up runs once the data is in
    assert window.windowTitle() == "Kring — Buurtzorg Oost"
    qtbot.waitUntil(lambda: not window.holding_pages)
    assert window.current_page() is window.members_page
    assert window.members_page.model.rowCount() == 1
    assert window.find_action.isEnabled() and window.new_action.isEnabled()
    assert window.shortcuts_action.isEnabled()
    assert window.statusBar().currentMessage() == ""
    window.close()
    windows.ws.close()


def test_the_sections_page_can_wait_for_the_next_turn(qtbot, ws, community, data_dir, settings):
    settings.setValue(LAST_COMMUNITY_KEY, community)
    settings.setValue(LAST_SECTION_KEY, MEMBERS)
    window = MainWindow(None, data_dir, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.attach(ws, page_later=True)
    assert window.windowTitle() == "Kring — Buurtzorg Oost"
    assert window.holding_pages  # the page comes at the turn after
    assert window.built_pages == [window.search_page]
    qtbot.waitUntil(lambda: not window.holding_pages)
    assert window.current_page() is window.members_page


def test_a_data_folder_that_cannot_be_opened_is_explained_and_ends_the_app(
    qapp, qtbot, tmp_path, settings, monkeypatch
):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "kring.sqlite").write_bytes(b"this is not a database, " * 200)
    windows = WindowKeeper(qapp, None, folder, settings)
    window = windows.open()
    qtbot.addWidget(window)
    exits: list[int] = []
    monkeypatch.setattr(qapp, "exit", exits.append)
    said: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        said.append(box.text())
        box.accept()

    QTimer.singleShot(0, answer)
    open_data(qapp, windows, [])
    assert exits == [1]
    assert said == ["The data file is damaged. Kring keeps backups in the folder “backups”."]
    assert window.ws is None and windows.ws is None
    assert (folder / "kring.sqlite").read_bytes() == b"this is not a database, " * 200
