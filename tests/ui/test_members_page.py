"""The members page driven as a facilitator would: filter, sort, edit, add, delete, undo."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox

from app.domain.ids import uuid7
from app.services import actions, contributions, members
from ui.dialogs.shortcuts import shortcuts_of
from ui.models.members import NAME, ROLE


def add(ws, community, name, **fields):
    return members.add(ws, community, name, **fields).id


def click_row(qtbot, page, name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    row = page.shown_names().index(name)
    index = page.model.index(row, NAME)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def retype(qtbot, edit, text: str) -> None:
    """Click into a field, replace its text and press Enter (as a person would)."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_the_role_department_and_status_filters_narrow_the_list(ws, community, make_window, qtbot):
    add(ws, community, "Sanne de Vries", role="ambassador", department="Zorg")
    add(ws, community, "Bram Visser", department="Wonen")
    add(ws, community, "Fatima Bakker", role="ambassador", left_on="2026-01-10")
    page = make_window().members_page
    page.role_filter.setFocus()
    qtbot.keyClicks(page.role_filter, "amb")
    assert page.role_filter.currentText() == "ambassador"
    assert page.shown_names() == ["Fatima Bakker", "Sanne de Vries"]
    assert page.count_label.text() == "2 of 3 members"
    page.status_filter.setFocus()
    qtbot.keyClicks(page.status_filter, "Tak")
    assert page.shown_names() == ["Sanne de Vries"]
    page.role_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(0)
    page.department_filter.setFocus()
    qtbot.keyClicks(page.department_filter, "Won")
    assert page.shown_names() == ["Bram Visser"]


def test_clicking_the_role_header_sorts_from_initiator_down(ws, community, make_window, qtbot):
    add(ws, community, "Anna Berg")
    add(ws, community, "Zeynep Kaya", role="initiator")
    page = make_window().members_page
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(ROLE) + header.sectionSize(ROLE) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    assert page.shown_names() == ["Zeynep Kaya", "Anna Berg"]


def test_choosing_a_member_and_editing_a_field_saves_it(ws, community, make_window, qtbot):
    anna = add(ws, community, "Anna Berg", email="anna@wijk.nl")
    add(ws, community, "Bram Visser")
    page = make_window().members_page
    click_row(qtbot, page, "Anna Berg")
    editor = page.editor
    assert editor.member_id == anna
    assert editor.edits["email"].text() == "anna@wijk.nl"
    retype(qtbot, editor.edits["organisation"], "Buurthuis De Linde")
    assert members.get(ws, anna).organisation == "Buurthuis De Linde"
    assert page.model.index(0, 2).data() == "Buurthuis De Linde"
    assert ws.undo_label == "Edit member"


def test_long_text_and_consent_are_saved_as_typed(ws, community, make_window, qtbot):
    anna = add(ws, community, "Anna Berg")
    page = make_window().members_page
    click_row(qtbot, page, "Anna Berg")
    notes = page.editor.texts["notes"]
    qtbot.mouseClick(notes.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(notes, "Kent de buurt goed")
    qtbot.waitUntil(lambda: members.get(ws, anna).notes == "Kent de buurt goed")
    box = page.editor.flags["consent_photo"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert members.get(ws, anna).consent_photo is True
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert members.get(ws, anna).consent_photo is False


def test_a_refused_value_is_explained_beside_the_field_and_kept(ws, community, make_window, qtbot):
    anna = add(ws, community, "Anna Berg", email="anna@wijk.nl")
    page = make_window().members_page
    click_row(qtbot, page, "Anna Berg")
    email = page.editor.edits["email"]
    retype(qtbot, email, "anna at wijk")
    assert page.editor.error_text("email") == "“anna at wijk” is not an email address."
    assert email.text() == "anna at wijk"
    assert members.get(ws, anna).email == "anna@wijk.nl"
    retype(qtbot, email, "anna@buurt.nl")
    assert page.editor.error_text("email") == ""
    assert members.get(ws, anna).email == "anna@buurt.nl"


def test_a_left_date_before_the_joined_date_is_refused(ws, community, make_window, qtbot):
    anna = add(ws, community, "Anna Berg", joined_on="2025-06-01")
    page = make_window().members_page
    click_row(qtbot, page, "Anna Berg")
    retype(qtbot, page.editor.edits["left_on"], "2025-01-01")
    assert page.editor.error_text("left_on") == "A member cannot leave before joining."
    assert members.get(ws, anna).left_on is None


def test_brought_by_is_picked_from_suggestions_as_you_type(ws, community, make_window, qtbot):
    fatima = add(ws, community, "Fatima Bakker")
    sem = add(ws, community, "Sem de Boer")
    page = make_window().members_page
    click_row(qtbot, page, "Sem de Boer")
    picker = page.editor.brought_by
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(picker, "fat")
    popup = picker.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "Fatima Bakker"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert members.get(ws, sem).brought_by == fatima
    assert picker.text() == "Fatima Bakker"


def test_brought_by_accepts_a_full_name_typed_and_refuses_an_unknown_one(
    ws, community, make_window, qtbot
):
    fatima = add(ws, community, "Fatima Bakker")
    sem = add(ws, community, "Sem de Boer")
    page = make_window().members_page
    click_row(qtbot, page, "Sem de Boer")
    picker = page.editor.brought_by
    picker.setFocus()
    qtbot.keyClicks(picker, "Nobody Here")
    picker.completer_.popup().hide()
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert "Choose someone" in page.editor.error_text("brought_by")
    picker.selectAll()
    qtbot.keyClicks(picker, "fatima bakker")
    picker.completer_.popup().hide()
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert members.get(ws, sem).brought_by == fatima
    assert page.editor.error_text("brought_by") == ""


def test_new_member_with_the_shortcut_then_typing_a_name(ws, community, make_window, qtbot):
    add(ws, community, "Bram Visser")
    page = make_window().members_page
    page.table.setFocus()
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    name = page.editor.edits["name"]
    assert name.hasFocus()
    qtbot.keyClicks(name, "Noor el Amrani")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    found = [m for m in members.list_members(ws, community) if m.name == "Noor el Amrani"]
    assert len(found) == 1
    assert page.editor.member_id == found[0].id
    assert page.shown_names() == ["Bram Visser", "Noor el Amrani"]
    assert page.selected_ids() == [found[0].id]
    assert page.count_label.text() == "2 members"
    retype(qtbot, page.editor.edits["phone"], "06 11122233")
    assert members.get(ws, found[0].id).phone == "06 11122233"


def test_undo_with_ctrl_z_puts_an_edit_back(ws, community, make_window, qtbot):
    anna = add(ws, community, "Anna Berg", organisation="Gemeente")
    window = make_window()
    page = window.members_page
    click_row(qtbot, page, "Anna Berg")
    retype(qtbot, page.editor.edits["organisation"], "Bibliotheek")
    assert members.get(ws, anna).organisation == "Bibliotheek"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert members.get(ws, anna).organisation == "Gemeente"
    assert page.editor.edits["organisation"].text() == "Gemeente"
    assert page.model.index(0, 2).data() == "Gemeente"


def test_deleting_a_member_nobody_refers_to_asks_nothing(ws, community, make_window, qtbot):
    add(ws, community, "Anna Berg")
    bram = add(ws, community, "Bram Visser")
    window = make_window()
    page = window.members_page
    click_row(qtbot, page, "Bram Visser")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert page.shown_names() == ["Anna Berg"]
    assert ws.store.get("member", bram)["deleted"] == 1


def test_deleting_a_member_with_contributions_says_how_much_first(
    ws, community, make_window, qtbot
):
    anna = add(ws, community, "Anna Berg")
    for text in ("Meer bankjes", "Een buurtfeest", "Een moestuin"):
        contributions.capture(ws, community, text, author=anna)
    actions.add(ws, community, "Bel de wethouder", owner=anna)
    window = make_window()
    page = window.members_page
    click_row(qtbot, page, "Anna Berg")
    qtbot.mouseClick(page.buttons["delete"], Qt.MouseButton.LeftButton)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert "3 contributions, 1 action" in boxes[0].text()
    assert members.get(ws, anna).name == "Anna Berg"  # not yet
    qtbot.mouseClick(boxes[0].button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert page.shown_names() == []
    assert ws.store.get("member", anna)["deleted"] == 1


def test_a_search_hit_selects_and_reveals_the_member(ws, community, make_window, qtbot):
    ids = [add(ws, community, f"Lid {n:03d}") for n in range(300)]
    window = make_window()
    page = window.members_page
    qtbot.keyClicks(page.filter_edit, "Lid 001")
    window.go_to_section(0)
    window.open_item("member", ids[250])
    assert window.pages.currentWidget() is page
    assert page.filter_edit.text() == ""
    assert page.selected_ids() == [ids[250]]
    assert page.editor.edits["name"].text() == "Lid 250"
    index = page.model.index(250, NAME)
    assert page.table.viewport().rect().intersects(page.table.visualRect(index))
    assert not page.show_item("question", ids[0])


def test_the_table_selects_whole_rows_and_several_at_once(ws, community, make_window):
    page = make_window().members_page
    assert page.table.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    assert page.table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows


def test_the_members_shortcuts_are_listed_in_the_help(ws, community, make_window):
    listed = set(shortcuts_of(make_window()))
    assert ("Ctrl+Shift+N", "New member") in listed
    assert ("Ctrl+Shift+N", "New question") in listed  # the same keys on another page
    assert ("Ctrl+Shift+M", "Merge two members") in listed
    assert ("Del", "Delete the selected member (in the members list)") in listed


def test_the_role_is_chosen_from_a_list_and_saved(ws, community, make_window, qtbot):
    anna = add(ws, community, "Anna Berg")
    page = make_window().members_page
    click_row(qtbot, page, "Anna Berg")
    role = page.editor.role
    role.setFocus()
    qtbot.keyClicks(role, "amb")
    assert role.currentText() == "ambassador"
    qtbot.keyClick(role, Qt.Key.Key_Down)
    qtbot.keyClick(role, Qt.Key.Key_Up)
    assert members.get(ws, anna).role == "ambassador"
    assert page.model.index(0, ROLE).data() == "ambassador"


def test_moving_through_the_list_with_the_keyboard_shows_each_member(
    ws, community, make_window, qtbot
):
    add(ws, community, "Anna Berg", phone="06 11111111")
    add(ws, community, "Bram Visser", phone="06 22222222")
    page = make_window().members_page
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Down)
    assert page.editor.edits["phone"].text() == "06 11111111"
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.editor.edits["name"].text() == "Bram Visser"
    assert page.editor.edits["phone"].text() == "06 22222222"


def test_ten_thousand_members_open_without_reading_them_all(ws, community, make_window, qtbot):
    rows = [{"id": uuid7(), "community": community, "name": f"Lid {n:05d}"} for n in range(10_000)]
    ws.store.insert_many("member", rows)
    page = make_window().members_page
    assert page.count_label.text() == "10000 members"
    assert page.model.rowCount() == 10_000
    assert page.model.pages_read <= 2  # the rows on screen, not 10,000
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.table.indexAt(page.table.viewport().rect().center()).row() > 9_900)
    assert page.model.pages_read <= 4
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(NAME) + header.sectionSize(NAME) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    assert page.model.index(0, NAME).data() == "Lid 09999"
