"""Syncing with a server from the Sync page; nothing blocks while a server never answers."""

from __future__ import annotations

import itertools
import socket
import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from app.services import communities, export, members, server_sync, sync_settings
from app.services.workspace import Workspace
from server.storage import open_storage
from tests.server.conftest import Admin, LiveServer
from tests.ui.helpers import run_until

CLICK = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.timeout(90)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    monkeypatch.setenv("KRING_NO_KEYRING", "1")  # tokens stay in the test's data folder


@pytest.fixture
def server(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    live = LiveServer(db_url).start()
    storage = open_storage(db_url)
    yield live, Admin(storage)
    storage.close()
    live.stop()


def hanging_listener(port: int) -> socket.socket:
    """A socket on `port` that lets clients connect and send, and never answers them."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    deadline = time.monotonic() + 10
    while True:
        try:
            listener.bind(("127.0.0.1", port))
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    listener.listen(16)  # never accepted: the kernel completes the handshake, nobody replies
    return listener


def connect_through_page(window, qtbot, qloop, url: str, invite: str, community: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = window.sync_page
    qtbot.mouseClick(page.server_button, CLICK)
    dialog = page.server_dialog
    qtbot.keyClicks(dialog.url_edit, url)
    qtbot.keyClicks(dialog.invite_edit, invite)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), CLICK)
    run_until(qloop, lambda: page.server_label.text() == url, timeout=30)
    assert sync_settings.targets(window.ws, community).server == url


def test_connect_to_a_server_with_an_invite_and_sync_now(
    ws, community, window, qloop, qtbot, server
):
    live, admin = server
    members.add(ws, community, "Anna de Vries")
    invite = admin.invite(admin.community())
    connect_through_page(window, qtbot, qloop, live.url, invite, community)
    assert sync_settings.waiting(ws, community) == 0  # joining sent everything

    members.add(ws, community, "Femke de Boer")
    qtbot.mouseClick(window.sync_page.sync_button, CLICK)
    run_until(qloop, lambda: not window.sync_page.runner.is_running(community))
    entry = sync_settings.history(ws, community)[0]
    assert entry.ok and entry.target == "server" and entry.sent > 0
    assert window.sync_status.text() == "Synced just now"


def test_join_a_community_from_a_server_with_an_invite(
    tmp_path, community, window, qloop, qtbot, server
):
    live, admin = server
    on_server = admin.community()
    laptop = Workspace.open(tmp_path / "laptop")
    try:
        theirs = communities.create(laptop, "Wijkteam Noord").id
        members.add(laptop, theirs, "Youssef Amrani")
        server_sync.join_server(laptop, live.url, admin.invite(on_server), theirs)
    finally:
        laptop.close()
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = window.sync_page
    qtbot.mouseClick(page.join_button, CLICK)
    dialog = page.join_dialog
    choice = dialog.server_choice
    qtbot.mouseClick(choice, CLICK, pos=QPoint(8, choice.height() // 2))  # on its round button
    assert not dialog.folder_edit.isEnabled()
    qtbot.keyClicks(dialog.url_edit, live.url)
    qtbot.keyClicks(dialog.invite_edit, admin.invite(on_server))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), CLICK)
    run_until(qloop, lambda: window.switcher.findText("Wijkteam Noord") >= 0, timeout=30)

    assert [m.name for m in members.list_members(window.ws, theirs)] == ["Youssef Amrani"]
    assert sync_settings.targets(window.ws, theirs).server == live.url


def test_nothing_blocks_while_the_server_never_answers(ws, community, window, qloop, qtbot, server):
    live, admin = server
    connect_through_page(window, qtbot, qloop, live.url, admin.invite(admin.community()),
                         community)  # fmt: skip
    live.stop()
    listener = hanging_listener(live.port)
    try:
        members.add(ws, community, "Anna de Vries")
        before = export.community_json(ws, community)
        runner = window.sync_page.runner
        runner.server_timeout = 1.5  # per wait; the transport tries twice

        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(10)
        typed = QLineEdit()
        qtbot.addWidget(typed)
        qtbot.mouseClick(window.sync_page.sync_button, CLICK)
        started = time.monotonic()
        assert runner.is_running(community)
        for ch in "kring":  # posted, not sent: only a running event loop delivers them
            QCoreApplication.postEvent(
                typed, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
            )

        run_until(qloop, lambda: len(ticks) >= 50 and typed.text() == "kring", timeout=20)
        assert runner.is_running(community)  # still waiting for the server meanwhile
        assert window.sync_status.text().startswith("Syncing…")
        run_until(qloop, lambda: not runner.is_running(community), timeout=30)
        timer.stop()
    finally:
        listener.close()

    waited = time.monotonic() - started
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert waited > 1.5 and max(gaps) < 1.0  # the loop never stalled while the sync waited
    entry = sync_settings.history(ws, community)[0]
    assert not entry.ok and "server" in entry.message and "changes are safe" in entry.message
    assert window.sync_status.text().startswith("Offline — ")
    assert export.community_json(ws, community) == before
