"""The welcome page's demo button: built off the GUI thread, awaited on the qasync loop."""

from __future__ import annotations

import sys
import threading
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.errors import StorageError
from app.services import communities, members
from tests.ui.helpers import run_started_tasks, run_until

CLICK = Qt.MouseButton.LeftButton


def use_demo(monkeypatch, create_demo) -> None:
    """Stand in for app.services.demo, whether or not the real one exists yet."""
    module = types.ModuleType("app.services.demo")
    module.create_demo = create_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.services.demo", module)


def small_demo(ws) -> str:
    community_id = communities.create(ws, "Demo: Buurt in beweging").id
    for name in ("Femke de Boer", "Youssef Amrani", "Ingrid Smit"):
        members.add(ws, community_id, name)
    return community_id


def test_demo_is_built_on_a_worker_thread_with_its_own_workspace(
    window, ws, qloop, qtbot, monkeypatch
):
    seen = {}

    def create_demo(demo_ws, **options):
        seen["thread"] = threading.get_ident()
        seen["ws"] = demo_ws
        return small_demo(demo_ws)

    use_demo(monkeypatch, create_demo)
    qtbot.mouseClick(window.welcome.demo_button, CLICK)
    run_started_tasks(qloop)

    assert seen["thread"] != threading.get_ident()
    assert seen["ws"] is not ws
    assert window.pages.currentWidget() is window.members_page
    assert window.switcher.currentText() == "Demo: Buurt in beweging"
    assert window.members_page.shown_names() == ["Femke de Boer", "Ingrid Smit", "Youssef Amrani"]


def test_a_busy_indicator_shows_while_the_demo_is_built(window, qloop, qtbot, monkeypatch):
    release = threading.Event()

    def create_demo(demo_ws, *, progress, **options):
        progress(0.25, "Adding members…")
        if not release.wait(timeout=20):
            raise TimeoutError("the test never let the demo finish")
        return small_demo(demo_ws)

    use_demo(monkeypatch, create_demo)
    qtbot.mouseClick(window.welcome.demo_button, CLICK)
    try:
        run_until(qloop, lambda: window.welcome.busy_bar.value() == 25)
        assert window.welcome.is_busy()
        assert window.welcome.busy_label.text() == "Adding members…"
        assert not window.welcome.demo_button.isEnabled()
        assert not window.welcome.create_button.isEnabled()
        assert not window.demo_action.isEnabled()
        assert window.statusBar().currentMessage() == "Building the demo community…"
    finally:
        release.set()
    run_started_tasks(qloop)

    assert not window.welcome.is_busy()
    assert window.welcome.demo_button.isEnabled()
    assert window.demo_action.isEnabled()
    assert window.statusBar().currentMessage() == ""


def test_a_demo_that_cannot_be_saved_is_explained(window, ws, qloop, qtbot, monkeypatch):
    def create_demo(demo_ws, **options):
        raise StorageError("The disk is full: free some space, then try again.")

    use_demo(monkeypatch, create_demo)
    qtbot.mouseClick(window.welcome.demo_button, CLICK)
    run_started_tasks(qloop)

    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == ["The disk is full: free some space, then try again."]
    assert window.pages.currentWidget() is window.welcome
    assert not window.welcome.is_busy()
    assert communities.list_all(ws) == []


def test_closing_the_window_stops_a_demo_being_built(window, ws, qloop, qtbot, monkeypatch):
    stopped = threading.Event()

    def create_demo(demo_ws, *, abort, **options):
        if abort.wait(timeout=20):
            stopped.set()
        raise StorageError("stopped")  # what a cancelled build raises: a KringError

    use_demo(monkeypatch, create_demo)
    qtbot.mouseClick(window.welcome.demo_button, CLICK)
    run_until(qloop, window.welcome.is_busy)
    window.close()
    run_started_tasks(qloop)

    assert stopped.is_set()
    assert [b for b in window.findChildren(QMessageBox) if b.isVisible()] == []
    assert communities.list_all(ws) == []


def test_the_real_demo_community_opens(window, ws, qloop, qtbot):
    pytest.importorskip(
        "app.services.demo", reason="the demo generator app.services.demo is not written yet"
    )
    qtbot.mouseClick(window.welcome.demo_button, CLICK)
    run_started_tasks(qloop, timeout=90)

    assert window.pages.currentWidget() is window.members_page
    assert len(communities.list_all(ws)) == 1
    assert window.members_page.shown_names()
    assert window.windowTitle() == "Kring — " + window.switcher.currentText()
