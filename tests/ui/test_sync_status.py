"""The status bar's sync state through its states, background starts, and closing."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from app.services import members, sync_settings
from tests.ui.helpers import run_until
from ui import sync_runner
from ui.widgets.sync_status import synced_ago

CLICK = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.timeout(60)

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_synced_ago_speaks_in_minutes_then_hours():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    ago = lambda **kw: synced_ago((now - timedelta(**kw)).isoformat(), now)  # noqa: E731
    assert ago(seconds=20) == "Synced just now"
    assert ago(minutes=2) == "Synced 2 min ago"
    assert ago(hours=3) == "Synced 3 h ago"
    assert ago(days=3).startswith("Synced on 2026-11-20")


def test_the_status_goes_through_its_states(ws, community, window, qloop, qtbot, shared,
                                            monkeypatch):  # fmt: skip
    status = window.sync_status
    assert status.text() == "Not set up to sync"

    for name in ("Femke de Boer", "Youssef Amrani"):
        members.add(ws, community, name)
    sync_settings.set_folder(ws, community, shared)
    status.refresh()
    waiting = sync_settings.waiting(ws, community)
    assert waiting == 3
    assert status.text() == f"Not synced yet — {waiting} changes waiting"

    # While a sync runs, its progress; the worker is held at 40 %.
    release = threading.Event()
    real = sync_runner.sync_in_worker

    def held(data_dir, community_id, progress, abort, timeout):
        if progress is None:  # the last sync when the window closes
            return real(data_dir, community_id, progress, abort, timeout)
        progress(0.4, "")
        if not release.wait(20):
            raise TimeoutError("the test never let the sync go on")
        return real(data_dir, community_id, progress, abort, timeout)

    monkeypatch.setattr(sync_runner, "sync_in_worker", held)
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_SHIFT)
    try:
        run_until(qloop, lambda: status.text() == "Syncing… 40%")
        window.go_to_section(6)  # the Sync page, opened mid-sync, shows how far it is
        assert window.sync_page.progress_bar.value() == 40
    finally:
        release.set()
    run_until(qloop, lambda: not status.runner.is_running(community))
    assert status.text() == "Synced just now"

    members.add(ws, community, "Anna de Vries")
    status.refresh()
    assert status.text() == "Synced just now · 1 change waiting"

    members.add(ws, community, "Ingrid Smit")
    shared.rename(shared.with_name("elsewhere"))  # the USB stick is pulled out
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_SHIFT)
    run_until(qloop, lambda: not status.runner.is_running(community))
    waiting = sync_settings.waiting(ws, community)
    assert status.text() == f"Offline — {waiting} changes waiting"
    assert "shared folder" in status.toolTip().lower()


def test_a_click_asks_for_the_sync_page(window, qtbot):
    with qtbot.waitSignal(window.sync_status.open_sync_requested):
        qtbot.mouseClick(window.sync_status, CLICK)


def test_changes_that_settle_start_a_sync(ws, community, window, qloop, shared):
    runner = window.sync_status.runner
    runner.settle_ms = 50
    sync_settings.set_folder(ws, community, shared)
    window.apply_changes(members.add(ws, community, "Anna de Vries"))  # as a page does
    run_until(qloop, lambda: sync_settings.history(ws, community))
    run_until(qloop, lambda: not runner.is_running(community))
    assert sync_settings.waiting(ws, community) == 0


def test_a_folder_that_appears_is_synced_by_itself(ws, community, window, qloop, tmp_path):
    runner = window.sync_status.runner
    runner.poll_ms = runner.first_probe_ms = 50
    stick = tmp_path / "stick"
    sync_settings.set_folder(ws, community, stick)  # not plugged in yet
    runner.watch(community)
    run_until(qloop, lambda: runner.reachable(community) is False)
    assert not sync_settings.history(ws, community)
    assert window.sync_status.text().startswith("Offline")
    runner.poll_ms = 50
    runner._poll.start(50)  # skip the back-off: the stick goes in now
    stick.mkdir()
    run_until(qloop, lambda: sync_settings.history(ws, community))
    run_until(qloop, lambda: not runner.is_running(community))
    assert sync_settings.history(ws, community)[0].ok
    assert sync_settings.waiting(ws, community) == 0


def test_closing_makes_a_short_last_sync_of_what_waits(ws, community, window, shared):
    sync_settings.set_folder(ws, community, shared)
    members.add(ws, community, "Anna de Vries")
    assert sync_settings.waiting(ws, community) > 0
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 3.5
    assert sync_settings.waiting(ws, community) == 0
    assert sync_settings.history(ws, community)[0].ok


def test_closing_never_waits_longer_than_asked(ws, community, window, shared, monkeypatch):
    sync_settings.set_folder(ws, community, shared)
    members.add(ws, community, "Anna de Vries")
    stuck = threading.Event()

    def hanging(*args):
        stuck.wait(10)
        return []

    monkeypatch.setattr(sync_runner, "sync_in_worker", hanging)
    started = time.monotonic()
    window.sync_status.shutdown(wait_seconds=0.5)
    assert time.monotonic() - started < 1.5
    stuck.set()


def test_one_sync_at_a_time_and_a_request_meanwhile_runs_after(
    ws, community, window, qloop, qtbot, shared, monkeypatch
):
    sync_settings.set_folder(ws, community, shared)
    running, most, calls = [0], [0], []
    release = threading.Event()
    real = sync_runner.sync_in_worker

    def counted(*args):
        running[0] += 1
        most[0] = max(most[0], running[0])
        calls.append(args[1])
        try:
            if len(calls) == 1 and not release.wait(20):
                raise TimeoutError("the test never let the sync go on")
            return real(*args)
        finally:
            running[0] -= 1

    monkeypatch.setattr(sync_runner, "sync_in_worker", counted)
    runner = window.sync_status.runner
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_S, CTRL_SHIFT)
    run_until(qloop, lambda: len(calls) == 1)
    release.set()
    run_until(qloop, lambda: len(calls) == 2 and not runner.is_running(community))
    assert most[0] == 1
    assert len(sync_settings.history(ws, community)) == 2
