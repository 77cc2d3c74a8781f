"""The Sync page driven as a facilitator would: a shared folder, Sync now, joining, history."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services import communities, export, members, sync, sync_settings
from tests.ui.helpers import run_until

CLICK = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.timeout(60)


def open_sync_page(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sync_page
    return window.sync_page


def type_folder(page, qtbot, folder) -> None:
    page.folder_edit.clear()
    qtbot.keyClicks(page.folder_edit, str(folder))
    qtbot.keyClick(page.folder_edit, Qt.Key.Key_Return)


def sync_and_wait(window, qloop, qtbot, community) -> None:
    runner = window.sync_page.runner
    before = len(sync_settings.history(window.ws, community))
    qtbot.mouseClick(window.sync_page.sync_button, CLICK)
    assert runner.is_running(community)
    run_until(qloop, lambda: not runner.is_running(community)
              and len(sync_settings.history(window.ws, community)) > before)  # fmt: skip


def test_a_folder_set_on_the_page_and_sync_now_make_two_laptops_converge(
    community, make_window, qloop, qtbot, shared, other
):
    window = make_window()
    page = open_sync_page(window, qtbot)
    assert not page.sync_button.isEnabled()
    type_folder(page, qtbot, shared)
    assert sync_settings.targets(window.ws, community).folder == str(shared)
    assert page.sync_button.isEnabled()

    sync_and_wait(window, qloop, qtbot, community)
    sync.join_folder(other, shared, community)
    femke = members.add(other, community, "Femke de Boer").id
    sync.sync_folder(other, community)
    emitted = []
    window.sync_status.changed.connect(
        lambda changes: emitted.append((changes, threading.get_ident()))
    )
    sync_and_wait(window, qloop, qtbot, community)

    [(changes, thread)] = emitted  # once, on the GUI thread, touching everything shown
    assert thread == threading.get_ident()
    assert changes.touches("member") and changes.touches("conflict")

    assert members.get(window.ws, femke).name == "Femke de Boer"
    assert window.members_page.stale  # off screen: it reads what arrived when shown
    window.go_to_section(1)
    assert "Femke de Boer" in window.members_page.shown_names()
    window.go_to_section(6)
    sync.sync_folder(other, community)
    assert export.community_json(window.ws, community) == export.community_json(other, community)
    history = page.history_model
    assert history.rowCount() == 2
    assert history.index(0, 3).data() != "0"  # received
    assert history.index(0, 4).data().startswith("Received")
    assert page.outcome_label.text().startswith("Last sync")


def test_ctrl_shift_s_syncs_from_any_page(ws, community, make_window, qloop, qtbot, shared):
    sync_settings.set_folder(ws, community, shared)
    window = make_window()
    assert window.pages.currentWidget() is not window.sync_page
    runner = window.sync_status.runner
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert runner.is_running(community)
    run_until(qloop, lambda: not runner.is_running(community))
    assert sync_settings.history(window.ws, community)[0].ok


def test_removing_the_folder_leaves_the_community_not_set_up(community, window, qtbot, shared):
    page = open_sync_page(window, qtbot)
    type_folder(page, qtbot, shared)
    qtbot.mouseClick(page.remove_folder_button, CLICK)
    assert not sync_settings.targets(window.ws, community)
    assert page.folder_edit.text() == ""
    assert window.sync_status.text() == "Not set up to sync"


def test_a_folder_gone_is_reported_in_words_and_nothing_changes(
    community, make_window, qloop, qtbot, shared
):
    window = make_window()
    page = open_sync_page(window, qtbot)
    type_folder(page, qtbot, shared)
    shared.rmdir()
    before = export.community_json(window.ws, community)
    sync_and_wait(window, qloop, qtbot, community)
    entry = sync_settings.history(window.ws, community)[0]
    assert not entry.ok
    assert "shared folder" in page.history_model.index(0, 4).data().lower()
    assert window.sync_status.text().startswith("Offline")
    assert export.community_json(window.ws, community) == before


def test_join_a_community_from_a_shared_folder(community, make_window, qloop, qtbot, shared, other):
    theirs = communities.create(other, "Wijkteam Noord").id
    members.add(other, theirs, "Youssef Amrani")
    sync.sync_folder(other, theirs, shared)
    window = make_window()
    page = open_sync_page(window, qtbot)

    qtbot.mouseClick(page.join_button, CLICK)
    dialog = page.join_dialog
    qtbot.keyClicks(dialog.folder_edit, str(shared))
    qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_Return)  # the folder is read
    run_until(qloop, lambda: dialog.community_combo.currentText() == "Wijkteam Noord")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), CLICK)
    run_until(qloop, lambda: window.switcher.findText("Wijkteam Noord") >= 0)

    assert [m.name for m in members.list_members(window.ws, theirs)] == ["Youssef Amrani"]
    assert sync_settings.targets(window.ws, theirs).folder == str(shared)
