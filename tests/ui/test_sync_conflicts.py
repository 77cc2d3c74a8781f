"""The conflicts view: a conflict made on two laptops shows both values and is resolved by a click
or a merged text; the conflicts model is tested without widgets too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services import conflicts, members, questions, sync
from ui.models.conflicts import CONFLICT_ROLE, ConflictsModel

CLICK = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def conflicted(ws, community, other, shared):
    """Two laptops edited Anna's email and the question's description at the same time."""
    anna = members.add(ws, community, "Anna de Vries", email="anna@oud.nl").id
    question = questions.add(ws, community, "Eenzaamheid in de wijk",
                             description="Wie kent wie?").id  # fmt: skip
    sync.sync_folder(ws, community, shared)
    sync.join_folder(other, shared, community)
    members.update(ws, anna, email="anna@hier.nl")
    members.update(other, anna, email="anna@daar.nl")
    questions.update(ws, question, description="Buren kennen elkaar niet.")
    questions.update(other, question, description="Ouderen zitten alleen thuis.")
    sync.sync_folder(other, community)
    sync.sync_folder(ws, community)
    found = conflicts.list_conflicts(ws, community)
    assert {c.field for c in found} == {"email", "description"}
    return anna, question


def test_the_conflicts_model_lists_record_and_field(qapp, ws, community, conflicted):
    model = ConflictsModel(ws)
    model.load(community)
    shown = {model.index(r).data() for r in range(model.rowCount())}
    assert shown == {"Anna de Vries — Email", "Eenzaamheid in de wijk — Description"}
    assert model.index(0).data(CONFLICT_ROLE).id == model.items[0].id
    model.load(None)
    assert model.rowCount() == 0


def open_conflicts(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = window.sync_page
    assert page.tabs.tabText(0) == "Conflicts (2)"
    return page.conflicts_view


def select(view, field_label: str) -> None:
    row = next(i for i, c in enumerate(view.model.items) if c.field_label == field_label.lower())
    view.select_row(row)


def test_both_values_are_shown_side_by_side_and_keep_theirs_takes_one_click(
    ws, community, conflicted, make_window, qtbot
):
    anna, _question = conflicted
    window = make_window()
    assert window.sync_status.text() == "2 conflicts need a look"
    view = open_conflicts(window, qtbot)
    select(view, "Email")
    current = members.get(ws, anna).email
    other = ({"anna@hier.nl", "anna@daar.nl"} - {current}).pop()
    assert view.record_label.text() == "Anna de Vries — Email"
    assert view.mine_view.toPlainText() == current
    assert view.theirs_view.toPlainText() == other
    assert "laptop" in view.mine_origin.text() and "laptop" in view.theirs_origin.text()

    with qtbot.waitSignal(window.sync_page.changed):
        qtbot.mouseClick(view.keep_theirs_button, CLICK)

    assert members.get(ws, anna).email == other
    assert [c.field for c in conflicts.list_conflicts(ws, community)] == ["description"]
    assert view.model.rowCount() == 1
    assert window.sync_page.tabs.tabText(0) == "Conflicts (1)"
    assert window.sync_status.text() == "1 conflict needs a look"


def test_a_long_text_is_resolved_with_an_edited_merged_text(
    ws, community, conflicted, make_window, qtbot
):
    _anna, question = conflicted
    window = make_window()
    view = open_conflicts(window, qtbot)
    select(view, "Description")
    start = view.merged_edit.toPlainText()
    assert "Buren kennen elkaar niet." in start and "Ouderen zitten alleen thuis." in start

    view.merged_edit.selectAll()
    qtbot.keyClicks(view.merged_edit, "Buren kennen elkaar niet; ouderen zitten alleen thuis.")
    qtbot.mouseClick(view.keep_merged_button, CLICK)

    merged = "Buren kennen elkaar niet; ouderen zitten alleen thuis."
    assert questions.get(ws, question).description == merged
    assert [c.field for c in conflicts.list_conflicts(ws, community)] == ["email"]


def test_keep_mine_by_keyboard_and_the_view_empties(ws, community, conflicted, make_window, qtbot):
    anna, _question = conflicted
    window = make_window()
    view = open_conflicts(window, qtbot)
    select(view, "Email")
    kept = members.get(ws, anna).email
    qtbot.keyClick(view.keep_mine_button, Qt.Key.Key_Space)
    select(view, "Description")
    qtbot.mouseClick(view.keep_mine_button, CLICK)

    assert members.get(ws, anna).email == kept
    assert conflicts.list_conflicts(ws, community) == []
    assert view.model.rowCount() == 0
    assert view.empty_label.isVisibleTo(view) and not view.detail.isVisibleTo(view)
    assert window.sync_status.text() != "1 conflict needs a look"


def test_a_record_deleted_while_edited_is_listed_as_a_notice(
    ws, community, other, shared, make_window, qtbot
):
    anna = members.add(ws, community, "Anna de Vries").id
    sync.sync_folder(ws, community, shared)
    sync.join_folder(other, shared, community)
    members.delete(other, anna)
    members.update(ws, anna, email="anna@hier.nl")
    sync.sync_folder(other, community)
    sync.sync_folder(ws, community)
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    notices = window.sync_page.conflicts_view.notices_list
    assert notices.count() == 1
    assert "Anna de Vries" in notices.item(0).text()
