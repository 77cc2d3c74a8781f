"""The actions page, driven by keys and clicks: filters, Space to tick off, edits as typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services import actions
from tests.ui.questions_scenario import TODAY, build, day
from ui.models.actions import DUE, ID_ROLE, OWNER, TEXT

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def scenario(ws, community):
    return build(ws, community)


def show_actions(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    page = window.actions_page
    assert window.pages.currentWidget() is page
    page.set_today(TODAY)
    return page


def choose(qtbot, combo, text: str) -> None:
    """Pick an entry of a combo box with the keyboard: Home, then Down until it shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _step in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().startswith(text), combo.currentText()


def status_of(ws, action_id: str) -> str:
    return next(a.status for a in actions.list_actions(ws, _community(ws)) if a.id == action_id)


def _community(ws) -> str:
    return ws.store.select("community")[0]["id"]


def test_open_actions_are_listed_earliest_due_first(scenario, window, qtbot):
    page = show_actions(window, qtbot)
    assert page.shown_texts() == ["Wijkteam bellen", "Flyer maken", "Website bijwerken"]
    assert page.count_label.text() == "3 of 4 actions"
    model = page.table.model()
    assert model.index(0, DUE).data() == f"{day(-3)} (overdue)"
    assert model.index(0, OWNER).data() == "Anna Jansen"


def test_actions_are_filtered_by_owner_status_and_due(scenario, window, qtbot):
    page = show_actions(window, qtbot)
    choose(qtbot, page.owner_filter, "Bram")
    assert page.shown_texts() == ["Flyer maken"]
    choose(qtbot, page.status_filter, "Any")
    assert page.shown_texts() == ["Zaal reserveren", "Flyer maken"]
    choose(qtbot, page.owner_filter, "Everyone")
    choose(qtbot, page.due_filter, "Overdue")
    assert page.shown_texts() == ["Wijkteam bellen"]  # the done one is not overdue
    choose(qtbot, page.due_filter, "No date")
    assert page.shown_texts() == ["Website bijwerken"]
    choose(qtbot, page.due_filter, "Later")
    assert "Flyer maken" in page.shown_texts()


def test_space_ticks_an_action_done_and_open_again(scenario, ws, window, qtbot):
    page = show_actions(window, qtbot)
    choose(qtbot, page.status_filter, "Any")
    page.table.setFocus()
    page.focus_main()
    row = page.shown_texts().index("Flyer maken")
    page.table.selectRow(row)
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert status_of(ws, scenario.actions["flyer"]) == "done"
    index = page.table.model().index(page.shown_texts().index("Flyer maken"), TEXT)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert page.status_combo.currentText() == "done"
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert status_of(ws, scenario.actions["flyer"]) == "open"
    # Undo from the window puts it back to done.
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert status_of(ws, scenario.actions["flyer"]) == "done"


def test_space_on_the_open_list_moves_on_to_the_next_action(scenario, ws, window, qtbot):
    page = show_actions(window, qtbot)
    page.focus_main()
    assert page.current_id() == scenario.actions["bellen"]
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert status_of(ws, scenario.actions["bellen"]) == "done"
    assert page.shown_texts() == ["Flyer maken", "Website bijwerken"]
    assert page.current_id() == scenario.actions["flyer"]


def test_an_action_is_edited_as_typed(scenario, ws, window, qtbot):
    page = show_actions(window, qtbot)
    page.focus_main()
    qtbot.keyClick(page.table, Qt.Key.Key_End, CTRL)  # "Website bijwerken": no owner, no date
    assert page.text_edit.text() == "Website bijwerken"
    qtbot.keyClick(page, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # &What
    assert page.text_edit.hasFocus()
    page.text_edit.selectAll()
    qtbot.keyClicks(page.text_edit, "Website van de kring bijwerken")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.text_edit, Qt.Key.Key_Tab)
    assert page.owner_picker.lineEdit().hasFocus()
    qtbot.keyClicks(page.owner_picker.lineEdit(), "Chris Bakker")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.owner_picker.lineEdit(), Qt.Key.Key_Tab)
    assert page.due_edit.hasFocus()
    qtbot.keyClicks(page.due_edit, day(2))
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    saved = next(
        a for a in actions.list_actions(ws, scenario.community) if a.text.startswith("Web")
    )
    assert (saved.text, saved.owner, saved.due_on) == (
        "Website van de kring bijwerken",
        scenario.members["Chris"],
        day(2),
    )
    row = page.shown_texts().index("Website van de kring bijwerken")
    assert page.table.model().index(row, OWNER).data() == "Chris Bakker"


def test_a_date_that_is_no_date_is_refused_and_put_back(scenario, window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.ops.tracking.show_error", lambda parent, text: shown.append(text))
    page = show_actions(window, qtbot)
    page.focus_main()
    page.due_edit.setFocus()
    page.due_edit.selectAll()
    qtbot.keyClicks(page.due_edit, "morgen")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert shown == ["“morgen” is not a date (use for example 2026-03-14)."]
    assert page.due_edit.text() == day(-3)


def test_a_new_action_is_made_with_the_keyboard(scenario, ws, window, qtbot):
    page = show_actions(window, qtbot)
    page.focus_main()
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    assert page.text_edit.hasFocus() and page.text_edit.selectedText() == "New action"
    qtbot.keyClicks(page.text_edit, "Koffie regelen")
    qtbot.keyClick(page.text_edit, Qt.Key.Key_Tab)
    assert "Koffie regelen" in [a.text for a in actions.list_actions(ws, scenario.community)]
    assert "Koffie regelen" in page.shown_texts()


def test_a_search_hit_or_overview_line_opens_the_action(scenario, window, qtbot):
    page = show_actions(window, qtbot)
    choose(qtbot, page.owner_filter, "Anna")
    assert page.show_item("action", scenario.actions["zaal"])  # done, Bram's: filtered out
    assert page.current_id() == scenario.actions["zaal"]
    assert page.text_edit.text() == "Zaal reserveren"
    assert not page.show_item("question", scenario.questions["wijk"])


def test_the_page_starts_with_open_actions_only_as_its_filter_says(ws, make_window):
    from app.services import demo

    demo.create_demo(ws, members=40, sessions=12, contributions=80)
    window = make_window()
    window.go_to_section(4)
    page = window.actions_page
    assert page.status_filter.currentText() == "open"
    shown = {page.proxy.index(r, 0).data(ID_ROLE) for r in range(page.proxy.rowCount())}
    open_ids = {a.id for a in actions.list_actions(ws, window.community_id) if a.status == "open"}
    assert shown == open_ids and shown


def test_an_owner_with_no_actions_left_falls_back_to_everyone(scenario, window, qtbot):
    page = show_actions(window, qtbot)
    choose(qtbot, page.owner_filter, "Bram")
    bram = page.owner_filter.currentData()
    for action in actions.list_actions(ws := window.ws, _community(ws)):
        if action.owner == bram:  # deleted elsewhere (another page, a sync)
            window.apply_changes(actions.delete(ws, action.id))
    assert page.owner_filter.currentText() == "Everyone"
    assert page.shown_texts() == ["Wijkteam bellen", "Website bijwerken"]
