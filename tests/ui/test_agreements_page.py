"""The working agreements page: listed with their session, edited as typed, added."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services import overview
from tests.ui.questions_scenario import build

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def scenario(ws, community):
    return build(ws, community)


def show_agreements(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    page = window.agreements_page
    assert window.pages.currentWidget() is page
    return page


def rows(page) -> list[list[str]]:
    model = page.table.model()
    return [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]


def saved(ws, community) -> list[tuple[str, str]]:
    return [(x.text, x.status) for x in overview.agreement_lines(ws, community)]


def test_agreements_are_listed_with_session_and_status(scenario, window, qtbot):
    page = show_agreements(window, qtbot)
    listed = rows(page)
    assert [r[:2] for r in listed] == [
        ["Telefoons op stil", "adopted"],
        ["Iedereen komt aan het woord", "proposed"],
    ]
    assert listed[0][2].startswith("Eerste kring (")
    assert listed[1][2] == ""
    assert page.count_label.text() == "2 working agreements"


def test_an_agreement_is_edited_as_typed(scenario, ws, window, qtbot):
    page = show_agreements(window, qtbot)
    page.focus_main()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.text_edit.text() == "Iedereen komt aan het woord"
    qtbot.keyClick(page, Qt.Key.Key_A, ALT)  # &Agreement
    assert page.text_edit.hasFocus()
    qtbot.keyClick(page.text_edit, Qt.Key.Key_End)
    qtbot.keyClicks(page.text_edit, ", om de beurt")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.text_edit, Qt.Key.Key_Tab)
    assert page.status_combo.hasFocus()
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.status_combo, Qt.Key.Key_Down)  # proposed -> adopted
    assert saved(ws, scenario.community)[1] == (
        "Iedereen komt aan het woord, om de beurt",
        "adopted",
    )
    assert rows(page)[1][:2] == ["Iedereen komt aan het woord, om de beurt", "adopted"]


def test_a_new_agreement_is_made_with_the_keyboard(scenario, ws, window, qtbot):
    page = show_agreements(window, qtbot)
    page.focus_main()
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    assert page.text_edit.hasFocus() and page.text_edit.selectedText() == "New agreement"
    qtbot.keyClicks(page.text_edit, "We beginnen op tijd")
    qtbot.keyClick(page.text_edit, Qt.Key.Key_Return)
    assert saved(ws, scenario.community)[-1] == ("We beginnen op tijd", "proposed")
    assert page.show_item("agreement", overview.agreement_lines(ws, scenario.community)[0].id)
    assert page.text_edit.text() == "Telefoons op stil"
