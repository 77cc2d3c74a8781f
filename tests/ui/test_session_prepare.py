"""Prepare mode in the main window: a new session, its details, agenda, invitees and actions."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QModelIndex, Qt

from app.services import actions, attendance, members, questions, sessions
from tests.ui.helpers import run_until
from tests.ui.session_helpers import (
    ALT,
    CTRL,
    open_session,
    open_sessions,
    type_into,
    wait_for_print_dialog,
)


def test_a_session_is_prepared_with_keys(ws, community, make_window, qtbot):
    for name, department in (("Anna Berg", "Zorg"), ("Bas Vries", "Zorg"), ("Cor Kok", "Welzijn")):
        members.add(ws, community, name, department=department)
    moestuin = questions.add(ws, community, "Hoe houden we de moestuin bij?").id
    window = make_window()
    open_sessions(window, qtbot)
    page = window.sessions_page
    qtbot.keyClick(window, Qt.Key.Key_N, ALT)  # &New session
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1)
    prepare = page.prepare
    assert page.current_pane() is prepare
    assert prepare.title_edit.hasFocus() and prepare.title_edit.selectedText() == "New session"

    qtbot.keyClicks(prepare.title_edit, "Wijkavond maart")
    qtbot.keyClick(prepare.title_edit, Qt.Key.Key_Tab)  # leaving the field saves it
    session_id = page.session.id
    assert sessions.get(ws, session_id).title == "Wijkavond maart"
    assert "Wijkavond maart" in page.shown_titles()
    for edit, when in (
        (prepare.starts_edit, "2026-03-12T19:00"),
        (prepare.ends_edit, "2026-03-12T20:30"),
    ):
        edit.setFocus()
        edit.setDateTime(QDateTime.fromString(when, Qt.DateFormat.ISODate))
        qtbot.keyClick(edit, Qt.Key.Key_Return)  # editingFinished
    type_into(qtbot, prepare.place_edit, "Buurthuis De Linde")
    prepare.mode_combo.setFocus()
    qtbot.keyClick(prepare.mode_combo, Qt.Key.Key_Down)  # in person -> online
    qtbot.keyClick(window, Qt.Key.Key_O, ALT)  # Facilitat&or
    assert prepare.facilitator.hasFocus()
    qtbot.keyClicks(prepare.facilitator, "anna berg")
    qtbot.keyClick(prepare.facilitator, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_U, ALT)  # P&urpose
    qtbot.keyClicks(prepare.purpose_edit, "Plannen voor het voorjaar")
    qtbot.keyClick(prepare.purpose_edit, Qt.Key.Key_Tab)
    saved = sessions.get(ws, session_id)
    assert (saved.location, saved.mode, saved.purpose) == (
        "Buurthuis De Linde", "online", "Plannen voor het voorjaar")  # fmt: skip
    assert saved.facilitator == members.list_members(ws, community)[0].id
    assert sessions.length_minutes(saved) == 90

    # Three agenda items: 30 + 40 + 30 minutes is more than the 90 the session lasts.
    for title, minutes in (("Welkom", 30), ("Rondje", 40), ("Afspraken", 30)):
        type_into(qtbot, prepare.minutes_spin, str(minutes), enter=False)
        type_into(qtbot, prepare.item_edit, title)
    assert [i.title for i in sessions.agenda(ws, session_id)] == ["Welkom", "Rondje", "Afspraken"]
    assert prepare.total_label.text() == "Total: 100 min of 90 min"
    assert prepare.agenda_warning() == "The agenda is 10 min longer than the session."
    # Reorder with the keyboard: Afspraken to the top.
    prepare.agenda_table.setFocus()
    prepare.agenda_table.selectRow(2)
    qtbot.keyClick(prepare.agenda_table, Qt.Key.Key_Up, CTRL)
    qtbot.keyClick(prepare.agenda_table, Qt.Key.Key_Up, CTRL)
    assert [i.title for i in sessions.agenda(ws, session_id)] == ["Afspraken", "Welkom", "Rondje"]
    assert [prepare.agenda_model.index(r, 0).data() for r in range(3)] == [
        "Afspraken", "Welkom", "Rondje"]  # fmt: skip
    assert prepare.agenda_table.currentIndex().row() == 0
    qtbot.keyClick(prepare.agenda_table, Qt.Key.Key_Down, CTRL)
    assert [i.title for i in sessions.agenda(ws, session_id)] == ["Welkom", "Afspraken", "Rondje"]
    # Delete removes; the total and the warning follow.
    prepare.agenda_table.selectRow(2)
    qtbot.keyClick(prepare.agenda_table, Qt.Key.Key_Delete)
    assert prepare.total_label.text() == "Total: 60 min of 90 min"
    assert prepare.agenda_warning() is None
    # A question put on the table becomes an agenda item about it.
    prepare.question_combo.setCurrentIndex(prepare.question_combo.findData(moestuin))
    qtbot.mouseClick(prepare.table_button, Qt.MouseButton.LeftButton)
    assert sessions.agenda(ws, session_id)[-1].question == moestuin
    assert prepare.question_combo.findData(moestuin) == -1

    # Invite a whole department, then one more by name.
    prepare.invitees.department_combo.setCurrentText("Zorg")
    qtbot.mouseClick(prepare.invitees.department_button, Qt.MouseButton.LeftButton)
    assert prepare.invitees.names() == ["Anna Berg — invited", "Bas Vries — invited"]
    qtbot.keyClick(window, Qt.Key.Key_Y, ALT)  # Invite b&y name
    qtbot.keyClick(prepare.invitees.invite_picker, Qt.Key.Key_Return)  # nothing typed yet
    assert not prepare.problem.isVisible()
    qtbot.keyClicks(prepare.invitees.invite_picker, "cor")
    qtbot.keyClick(prepare.invitees.invite_picker, Qt.Key.Key_Return)
    assert len(attendance.for_session(ws, session_id)) == 3
    assert prepare.invitees.invited_label.text() == "3 invited or present"


def test_open_actions_from_earlier_sessions_are_carried_forward_or_done(
    ws, community, make_window, qtbot
):
    anna = members.add(ws, community, "Anna Berg").id
    earlier = sessions.add(ws, community, "Kick-off", starts_at="2026-01-15T18:30:00Z").id
    sessions.add(ws, community, "Tweede kring", starts_at="2026-02-10T18:30:00Z")
    actions.add(ws, community, "Zaal boeken", owner=anna, due_on="2026-02-01", session=earlier)
    actions.add(ws, community, "Flyers drukken", due_on="2026-02-05", session=earlier)
    window = make_window()
    open_session(window, qtbot, "Tweede kring")
    prepare = window.sessions_page.prepare
    table = prepare.open_actions.table
    assert [(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text(),
             table.item(r, 3).text()) for r in range(table.rowCount())] == [
        ("Zaal boeken", "Anna Berg", "2026-02-01", "Kick-off"),
        ("Flyers drukken", "", "2026-02-05", "Kick-off"),
    ]  # fmt: skip
    table.setCurrentCell(0, 0)
    qtbot.keyClick(window, Qt.Key.Key_K, ALT)  # Lin&k to this session
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    tweede = window.sessions_page.session.id
    linked = [a for a in actions.list_actions(ws, community) if a.session == tweede]
    assert [a.text for a in linked] == ["Zaal boeken"]
    table.setCurrentCell(0, 0)
    qtbot.mouseClick(prepare.open_actions.done_button, Qt.MouseButton.LeftButton)
    assert table.rowCount() == 0
    assert actions.list_actions(ws, community, status="done")[0].text == "Flyers drukken"
    # Ctrl+Z puts it back among the open ones.
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert table.rowCount() == 1


def test_print_opens_the_print_dialog_for_the_open_session(
    ws, community, make_window, qtbot, qloop
):
    sessions.add(ws, community, "Wijkavond")
    window = make_window()
    open_session(window, qtbot, "Wijkavond")
    page = window.sessions_page
    qtbot.keyClick(window, Qt.Key.Key_I, ALT)  # Pr&int…
    dialog = wait_for_print_dialog(qloop, page)
    assert dialog.session_id == page.session.id
    assert dialog.document_combo.currentData() == "agenda"
    run_until(qloop, lambda: dialog.page_count() > 0, timeout=60)
    dialog.reject()


def test_dropping_an_agenda_item_moves_it_through_the_service(ws, community, make_window, qtbot):
    session = sessions.add(ws, community, "Wijkavond").id
    for title in ("Welkom", "Rondje", "Afspraken"):
        sessions.add_agenda_item(ws, session, title, timebox_minutes=10)
    window = make_window()
    open_session(window, qtbot, "Wijkavond")
    model = window.sessions_page.prepare.agenda_model
    # What the view hands the model when "Welkom" is dropped below "Afspraken".
    data = model.mimeData([model.index(0, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert [i.title for i in sessions.agenda(ws, session)] == ["Rondje", "Afspraken", "Welkom"]
    assert [model.index(r, 0).data() for r in range(3)] == ["Rondje", "Afspraken", "Welkom"]
    assert window.undo_action.text() == "&Undo Move agenda item"
