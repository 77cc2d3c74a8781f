"""Live mode in the main window: check-in, walk-ins, capture with quick keys, votes, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services import attendance, contributions, members, questions, sessions
from tests.ui.session_helpers import ALT, CTRL, open_session

FIRST = "Anna Bas Cor Dirk Eva Fleur Gijs Hanna Ilse Joost Kees Lotte Mila Noor Otto Pim Quinten"
LAST = "Berg Vries Kok Bakker Smit Meijer Mulder Bos Dekker Visser Jansen Peters Hendriks Dijkstra"
NAMES = [
    f"{first} {last}"
    for first, last in zip(
        (FIRST + " Rosa Sem Tess Umut Vera").split(),
        (LAST + " Brouwer Wit Graaf Vos Post Kuipers Yilmaz Zwart").split(),
        strict=True,
    )
]


@pytest.fixture
def room(ws, community) -> dict:
    people = {name: members.add(ws, community, name, email=f"{name.split()[0].lower()}@buurt.nl").id
              for name in NAMES}  # fmt: skip
    q1 = questions.add(ws, community, "Hoe houden we de moestuin bij?").id
    q2 = questions.add(ws, community, "Wat doen we met de subsidie?").id
    session = sessions.add(
        ws,
        community,
        "Wijkavond",
        questions=(q1, q2),
        starts_at="2026-03-12T19:00:00Z",
        ends_at="2026-03-12T21:00:00Z",
    ).id
    return {"people": people, "q1": q1, "q2": q2, "session": session, "community": community}


def go_live(window, qtbot):
    open_session(window, qtbot, "Wijkavond")
    page = window.sessions_page
    qtbot.keyClick(window, Qt.Key.Key_L, ALT)
    assert page.current_pane() is page.live
    return page.live


def test_twenty_people_check_in_by_typing_and_a_walk_in_is_added(ws, room, make_window, qtbot):
    window = make_window()
    live = go_live(window, qtbot)
    session = room["session"]
    qtbot.keyClick(window, Qt.Key.Key_I, ALT)  # F&ind person
    assert live.checkin.find_edit.hasFocus()
    for name in NAMES[:20]:
        qtbot.keyClicks(
            live.checkin.find_edit, name.split()[0][:3].lower() + " " + name.split()[1][:2]
        )
        assert live.checkin.proxy.index(0, 0).data() == name
        qtbot.keyClick(live.checkin.find_edit, Qt.Key.Key_Return)  # checks in; the text is selected
    assert live.checkin.present_label.text() == "Present: 20"
    assert attendance.present_count(ws, session) == 20
    anna = room["people"]["Anna Berg"]
    assert attendance.get(ws, session, anna).arrived_at

    # Space in the list checks the selected person out, and in again.
    qtbot.keyClicks(live.checkin.find_edit, "anna")
    live.checkin.table.setFocus()
    qtbot.keyClick(live.checkin.table, Qt.Key.Key_Space)
    assert live.checkin.present_label.text() == "Present: 19"
    assert attendance.get(ws, session, anna).left_at
    assert "left at" in live.checkin.proxy.index(0, 1).data()
    qtbot.keyClick(live.checkin.table, Qt.Key.Key_Space)
    assert live.checkin.present_label.text() == "Present: 20"

    # A walk-in, in seconds: Alt+W, name, Enter.
    qtbot.keyClick(window, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(live.checkin.walk_in.isVisible)  # a mnemonic clicks a moment later
    assert live.checkin.walk_in.name_edit.hasFocus()
    qtbot.keyClicks(live.checkin.walk_in.name_edit, "Jan de Wandelaar")
    live.checkin.walk_in.brought_by.setFocus()
    qtbot.keyClicks(live.checkin.walk_in.brought_by, "Anna Berg")
    qtbot.keyClick(live.checkin.walk_in.brought_by, Qt.Key.Key_Return)
    assert live.checkin.present_label.text() == "Present: 21"
    jan = next(
        m for m in members.list_members(ws, room["community"]) if m.name == "Jan de Wandelaar"
    )
    assert jan.role == "guest" and jan.brought_by == anna
    assert attendance.is_present(attendance.get(ws, session, jan.id))
    assert live.checkin.current_member() == jan.id

    # Someone who is a member already: the form says so and checks them in instead.
    assert live.checkin.walk_in.name_edit.hasFocus() and live.checkin.walk_in.name_edit.text() == ""
    qtbot.keyClicks(live.checkin.walk_in.name_edit, "umut  YILMAZ")
    qtbot.keyClick(live.checkin.walk_in.name_edit, Qt.Key.Key_Return)
    assert live.checkin.walk_in.warning.isVisible()
    assert (
        live.checkin.walk_in.warning.text()
        == "Umut Yilmaz is already a member. Check them in instead?"
    )
    count = len(members.list_members(ws, room["community"]))
    qtbot.keyClick(window, Qt.Key.Key_Y, ALT)
    qtbot.waitUntil(lambda: live.checkin.present_label.text() == "Present: 22")
    assert len(members.list_members(ws, room["community"])) == count
    assert attendance.is_present(attendance.get(ws, session, room["people"]["Umut Yilmaz"]))
    assert live.checkin.find_edit.text() == "Umut Yilmaz"  # as the list has the name
    assert live.checkin.current_member() == room["people"]["Umut Yilmaz"]
    # The same by email, added as a new person all the same.
    qtbot.keyClicks(live.checkin.walk_in.name_edit, "V. Zwart")
    qtbot.keyClicks(live.checkin.walk_in.email_edit, "VERA@buurt.nl")
    qtbot.keyClick(live.checkin.walk_in.email_edit, Qt.Key.Key_Return)
    assert "Vera Zwart is already a member" in live.checkin.walk_in.warning.text()
    qtbot.mouseClick(live.checkin.walk_in.add_anyway, Qt.MouseButton.LeftButton)
    assert len(members.list_members(ws, room["community"])) == count + 1
    assert live.checkin.present_label.text() == "Present: 23"
    # Prepare, shown next, reads what Live changed.
    page = window.sessions_page
    qtbot.keyClick(window, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: page.current_pane() is page.prepare)
    assert "Jan de Wandelaar — present" in page.prepare.invitees.names()
    assert page.prepare.invitees.invited_label.text() == "23 invited or present"


def test_thirty_contributions_are_captured_with_quick_keys_and_voted_on(
    ws, room, make_window, qtbot
):
    session, people = room["session"], room["people"]
    for name in NAMES[:6]:
        attendance.check_in(ws, session, people[name])
    window = make_window()
    live = go_live(window, qtbot)
    assert live.capture_edit.hasFocus()
    kinds = ["idea", "insight", "perspective", "question", "concern", "decision"]
    expected = []
    for n in range(30):
        question_key, kind_key, author = n % 3, n % 6 + 1, NAMES[n % 6]
        qtbot.keyClick(live.capture_edit, getattr(Qt.Key, f"Key_{question_key}"), ALT)
        qtbot.keyClick(live.capture_edit, getattr(Qt.Key, f"Key_{kind_key}"), CTRL)
        qtbot.keyClick(window, Qt.Key.Key_B, ALT)  # &By: who said it
        assert live.author_picker.hasFocus()
        qtbot.keyClick(live.author_picker, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(live.author_picker, author.split()[1].lower())  # part of a name
        qtbot.keyClick(live.author_picker, Qt.Key.Key_Return)  # back to the capture field
        assert live.capture_edit.hasFocus()
        qtbot.keyClicks(live.capture_edit, f"Bijdrage {n}")
        qtbot.keyClick(live.capture_edit, Qt.Key.Key_Return)
        assert live.capture_edit.text() == ""
        expected.append((f"Bijdrage {n}", [None, room["q1"], room["q2"]][question_key],
                         kinds[kind_key - 1], people[author]))  # fmt: skip
    assert window.pages.currentWidget() is window.sessions_page  # Ctrl+digit stayed here
    model = live.contributions_model
    assert model.rowCount() == 30
    assert model.index(0, 2).data() == "Bijdrage 29"  # newest first
    assert model.index(0, 3).data() == NAMES[29 % 6]
    saved = contributions.for_session(ws, session)
    assert [(c.text, c.question, c.kind, c.author) for c in saved] == expected

    # Dots on behalf of Anna, with two dots each.
    qtbot.keyClick(window, Qt.Key.Key_T, ALT)
    assert live.budget_spin.hasFocus()
    qtbot.keyClick(live.budget_spin, Qt.Key.Key_Up)
    qtbot.keyClick(live.budget_spin, Qt.Key.Key_Up)
    assert sessions.vote_budget(ws, session) == 2
    qtbot.keyClick(window, Qt.Key.Key_O, ALT)
    qtbot.keyClicks(live.voter_picker, "anna")
    qtbot.keyClick(live.voter_picker, Qt.Key.Key_Return)
    assert live.contributions_table.hasFocus()
    qtbot.keyClick(live.contributions_table, Qt.Key.Key_Down)
    assert live.contributions_table.currentIndex().row() == 1
    qtbot.keyClick(live.contributions_table, Qt.Key.Key_Plus)
    qtbot.keyClick(live.contributions_table, Qt.Key.Key_Plus)
    assert live.dots_label.text() == "●●  2 used, 0 left"
    qtbot.keyClick(live.contributions_table, Qt.Key.Key_Plus)  # over the budget
    assert live.problem.isVisible() and "used all 2" in live.problem.text()
    idea = model.contribution(1).id
    assert contributions.votes(ws, idea) == 2
    assert model.index(1, 0).data() == "2"
    qtbot.keyClick(live.contributions_table, Qt.Key.Key_Minus)
    assert contributions.votes(ws, idea) == 1
    assert live.dots_label.text() == "●○  1 used, 1 left"


def test_ctrl_z_takes_back_a_capture(ws, room, make_window, qtbot):
    window = make_window()
    live = go_live(window, qtbot)
    qtbot.keyClicks(live.capture_edit, "Iets verkeerd getypt")
    qtbot.keyClick(live.capture_edit, Qt.Key.Key_Return)
    assert live.contributions_model.rowCount() == 1
    assert window.undo_action.text() == "&Undo Capture contribution"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert contributions.for_session(ws, room["session"]) == []
    assert live.contributions_model.rowCount() == 0


def test_the_unsaved_capture_text_survives_a_restart(ws, room, make_window, qtbot):
    window = make_window()
    live = go_live(window, qtbot)
    qtbot.keyClicks(live.capture_edit, "Half af toen de accu")
    qtbot.waitUntil(lambda: sessions.capture_draft(ws, room["session"]) == "Half af toen de accu")
    window.close()
    again = make_window()
    assert go_live(again, qtbot).capture_edit.text() == "Half af toen de accu"


def test_the_agenda_timer_counts_the_current_item_and_warns_when_over(ws, room, make_window, qtbot):
    agenda = sessions.agenda(ws, room["session"])
    sessions.update_agenda_item(ws, agenda[0].id, timebox_minutes=1)
    window = make_window()
    live = go_live(window, qtbot)
    assert live.timer.item_label.text() == "1. Hoe houden we de moestuin bij?"
    qtbot.keyClick(live.capture_edit, Qt.Key.Key_F5)
    assert live.timer.running() and live.timer.start_button.text() == "Pause"
    qtbot.waitUntil(lambda: live.timer.elapsed >= 1, timeout=3000)  # the QTimer drives it
    for _n in range(60):
        live.timer.tick()
    assert live.timer.over_time()
    assert live.timer.clock.text().endswith("over time")
    qtbot.keyClick(live.capture_edit, Qt.Key.Key_F6)
    assert live.timer.item_label.text() == "2. Wat doen we met de subsidie?"
    assert live.timer.elapsed == 0 and not live.timer.over_time()
    assert sessions.timer_state(ws, room["session"])["item"] == agenda[1].id
    qtbot.keyClick(live.capture_edit, Qt.Key.Key_F5)
    assert not live.timer.running()


def test_a_change_made_elsewhere_keeps_the_timer_running_and_the_text_typed(
    ws, room, make_window, qtbot
):
    window = make_window()
    live = go_live(window, qtbot)
    qtbot.keyClick(live.capture_edit, Qt.Key.Key_F5)
    for _n in range(7):
        live.timer.tick()
    qtbot.keyClicks(live.capture_edit, "Nog niet af")
    agenda = sessions.agenda(ws, room["session"])
    # Another laptop renames the session and moves the current item down (a sync, say).
    window.apply_changes(sessions.update(ws, room["session"], title="Wijkavond maart"))
    window.apply_changes(sessions.move_agenda_item(ws, agenda[0].id, 1))
    assert window.sessions_page.heading.text().startswith("Wijkavond maart")
    assert live.timer.running() and live.timer.elapsed == 7
    assert live.timer.item_label.text() == "2. Hoe houden we de moestuin bij?"
    assert live.capture_edit.text() == "Nog niet af"


def test_the_keys_of_live_mode_are_listed_in_the_shortcuts_dialog(room, make_window, qtbot):
    from ui.dialogs.shortcuts import shortcuts_of

    window = make_window()
    live = go_live(window, qtbot)
    listed = set(shortcuts_of(window))
    assert ("F5", "Live: start or pause the agenda timer") in listed
    assert ("Space", "Live check-in list: Space or Enter checks in or out") in listed
    assert any(k == "Ctrl+Up" and w.startswith("Prepare agenda") for k, w in listed)
    # Listing a key does not take it: Space still checks in from the list.
    live.checkin.table.setFocus()
    live.checkin.table.selectRow(0)
    qtbot.keyClick(live.checkin.table, Qt.Key.Key_Space)
    assert live.checkin.present_label.text() == "Present: 1"


def test_the_first_check_in_makes_the_session_live_and_it_then_opens_in_live_mode(
    ws, room, make_window, qtbot
):
    window = make_window()
    live = go_live(window, qtbot)
    assert sessions.get(ws, room["session"]).status == "planned"  # looking is not starting
    qtbot.keyClicks(live.capture_edit, "Half getypt")
    qtbot.keyClicks(live.checkin.find_edit, "ann")
    qtbot.keyClick(live.checkin.find_edit, Qt.Key.Key_Return)
    assert live.checkin.present_label.text() == "Present: 1"
    assert sessions.get(ws, room["session"]).status == "live"
    assert live.capture_edit.text() == "Half getypt"  # the page kept what was typed
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # the check-in, and with it the status
    assert sessions.get(ws, room["session"]).status == "planned"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert sessions.get(ws, room["session"]).status == "live"
    window.close()
    again = make_window()
    open_session(again, qtbot, "Wijkavond")
    page = again.sessions_page
    assert page.current_pane() is page.live
