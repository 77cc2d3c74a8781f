"""The overview: the community at a glance, each line leading to what it is about."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.questions_scenario import build, day

CTRL = Qt.KeyboardModifier.ControlModifier
CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def scenario(ws, community):
    return build(ws, community)


@pytest.fixture
def routed(window):
    """The window with the overview's lines routed to `open_item` (the wiring the main
    window is asked to make)."""
    window.overview_page.open_requested.connect(window.open_item)
    return window


def show_overview(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    page = window.overview_page
    assert window.pages.currentWidget() is page
    return page


def test_the_overview_lists_what_a_facilitator_wants_first(scenario, window, qtbot):
    page = show_overview(window, qtbot)
    texts = [text for text, _target in page.lines()]
    assert texts[0] == "Next session"
    assert texts[1].startswith("Derde kring · ")
    assert texts[1].endswith(" · Buurthuis De Kring · 2 agenda items")
    assert "Open questions: 2 (1 high, 1 low)" in texts
    assert "high · Wijkteam beter bereikbaar" in texts
    assert "Overdue actions: 1" in texts
    assert f"due {day(-3)}: Wijkteam bellen (Anna Jansen)" in texts
    assert "Members: 3 · new in the last 30 days: 1" in texts
    assert f"Chris Bakker joined {day(-5)}, brought by Anna Jansen" in texts
    last = texts[texts.index("Last sessions") + 1 :]
    assert [t.split(" · ")[0] for t in last] == ["Tweede kring", "Eerste kring"]
    assert [t.split(" · ")[-1] for t in last] == ["1 present", "2 present"]


def test_a_line_clicked_goes_to_its_question(scenario, routed, qtbot):
    page = show_overview(routed, qtbot)
    item = page.item_for("Wijkteam beter bereikbaar")
    rect = page.tree.visualItemRect(item)
    with qtbot.waitSignal(page.open_requested) as signal:
        qtbot.mouseClick(page.tree.viewport(), CLICK, pos=rect.center())
    assert signal.args == ["question", scenario.questions["wijk"]]
    assert routed.pages.currentWidget() is routed.questions_page
    assert routed.questions_page.current_id() == scenario.questions["wijk"]


def test_enter_on_an_overdue_action_goes_to_the_actions(scenario, routed, qtbot):
    page = show_overview(routed, qtbot)
    page.focus_main()
    item = page.item_for("Wijkteam bellen")
    page.tree.setCurrentItem(item)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert routed.pages.currentWidget() is routed.actions_page
    assert routed.actions_page.current_id() == scenario.actions["bellen"]


def test_headings_lead_nowhere_and_the_overview_follows_changes(scenario, ws, window, qtbot):
    page = show_overview(window, qtbot)
    targets = dict(page.lines())
    assert targets["Next session"] is None
    assert targets[f"Chris Bakker joined {day(-5)}, brought by Anna Jansen"] == (
        "member",
        scenario.members["Chris"],
    )
    from app.services import actions

    window.apply_changes(actions.update(ws, scenario.actions["bellen"], status="done"))
    assert "Overdue actions: 0" in [text for text, _target in page.lines()]


def test_a_hidden_overview_catches_up_when_shown(scenario, ws, window, qtbot):
    page = show_overview(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # away, to the questions
    from app.services import questions

    window.apply_changes(questions.update(ws, scenario.questions["tuin"], status="parked"))
    assert "Open questions: 2 (1 high, 1 low)" in [text for text, _target in page.lines()]
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert "Open questions: 1 (1 high)" in [text for text, _target in page.lines()]
