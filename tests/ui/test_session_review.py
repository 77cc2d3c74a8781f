"""Review mode in the main window: by question, decisions, actions, agreements, closing; and
opening a session or a contribution from elsewhere (a search hit)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.services import actions, attendance, contributions, members, questions, sessions
from tests.ui.helpers import run_until
from tests.ui.session_helpers import ALT, CTRL, open_session, type_into, wait_for_print_dialog


def edit_cell(qtbot, table, text: str) -> None:
    """F2 opens the current cell's editor; type over what is there; Enter saves."""
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table and table.isAncestorOf(editor)
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # queued


@pytest.fixture
def held(ws, community) -> dict:
    """A session that happened: two questions, contributions with votes, a decision."""
    anna = members.add(ws, community, "Anna Berg").id
    bas = members.add(ws, community, "Bas Vries").id
    tuin = questions.add(ws, community, "Moestuin").id
    geld = questions.add(ws, community, "Subsidie").id
    session = sessions.add(ws, community, "Wijkavond", questions=(tuin, geld)).id
    for who in (anna, bas):
        attendance.check_in(ws, session, who)
    said = {}
    for text, question, kind, dots in (
        ("Rooster voor water geven", tuin, "idea", 3),
        ("Wie heeft de sleutel?", tuin, "question", 0),
        ("We vragen de subsidie aan", geld, "decision", 5),
        ("Koffie was op", None, "concern", 1),
    ):
        said[text] = contributions.capture(
            ws, "", text, session=session, question=question, kind=kind, author=anna
        ).id
        if dots:
            contributions.vote(ws, said[text], dots)
    return {"session": session, "anna": anna, "bas": bas, "said": said, "community": community}


def test_a_session_is_reviewed_and_closed(ws, held, make_window, qtbot):
    window = make_window()
    open_session(window, qtbot, "Wijkavond")
    page = window.sessions_page
    qtbot.keyClick(window, Qt.Key.Key_R, ALT)
    review = page.review
    assert page.current_pane() is review
    assert review.summary_rows() == [("Moestuin", 2), ("Subsidie", 1), ("(no question)", 1)]
    top = review.summary.topLevelItem(0)
    assert [top.child(n).text(0) for n in range(2)] == [
        "Rooster voor water geven", "Wie heeft de sleutel?"]  # fmt: skip
    assert top.text(2) == "3"
    assert [review.decisions.item(n).text() for n in range(review.decisions.count())] == [
        "We vragen de subsidie aan"
    ]

    # Two actions, typed with owner and due date; Enter adds each.
    assert review.action_edit.hasFocus()
    for text, owner, due in (("Subsidie aanvragen", "anna", "2026-04-01"),
                             ("Sleutel regelen", "bas v", "")):  # fmt: skip
        qtbot.keyClicks(review.action_edit, text)
        qtbot.keyClick(window, Qt.Key.Key_O, ALT)
        qtbot.keyClicks(review.owner_picker, owner)
        if due:
            qtbot.keyClick(window, Qt.Key.Key_D, ALT)
            qtbot.keyClicks(review.due_edit, due)
            qtbot.keyClick(review.due_edit, Qt.Key.Key_Return)
        else:
            qtbot.keyClick(review.owner_picker, Qt.Key.Key_Return)
        assert review.action_edit.hasFocus() and review.action_edit.text() == ""
    assert review.action_rows() == [
        ("Subsidie aanvragen", "Anna Berg", "2026-04-01"),
        ("Sleutel regelen", "Bas Vries", ""),
    ]
    saved = actions.list_actions(ws, held["community"])
    assert {(a.text, a.owner, a.due_on, a.session) for a in saved} == {
        ("Subsidie aanvragen", held["anna"], "2026-04-01", held["session"]),
        ("Sleutel regelen", held["bas"], None, held["session"]),
    }
    # Editing a due date in the table: type over the cell, Enter.
    table = review.actions_table
    table.setFocus()
    table.setCurrentCell(1, 2)
    edit_cell(qtbot, table, "2026-04-15")
    assert review.action_rows()[1] == ("Sleutel regelen", "Bas Vries", "2026-04-15")
    assert {a.due_on for a in actions.list_actions(ws, held["community"])} == {
        "2026-04-01", "2026-04-15"}  # fmt: skip
    # A wrong date is refused and said so; the table shows what is saved.
    table.setCurrentCell(1, 2)
    edit_cell(qtbot, table, "volgende week")
    assert review.problem.isVisible() and "is not a date" in review.problem.text()
    assert review.action_rows()[1][2] == "2026-04-15"

    # An agreement adopted.
    qtbot.keyClick(window, Qt.Key.Key_G, ALT)
    type_into(qtbot, review.agreement_edit, "We beginnen op tijd")
    assert review.agreements.item(0).text() == "We beginnen op tijd — adopted"
    assert actions.list_agreements(ws, held["community"])[0].session == held["session"]

    # Close the session; Ctrl+Z opens it again.
    qtbot.keyClick(window, Qt.Key.Key_I, ALT)
    qtbot.waitUntil(lambda: sessions.get(ws, held["session"]).status == "closed")
    assert review.status_label.text() == "Status: closed"
    assert review.close_button.text() == "Reopen sess&ion"
    assert page.heading.text().endswith("closed")
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    # Back to what it was before: live, since things were said in it.
    assert sessions.get(ws, held["session"]).status == "live"
    assert review.status_label.text() == "Status: live"
    assert page.current_pane() is review  # undo kept the place


def test_print_minutes_opens_the_print_dialog_on_the_minutes(held, make_window, qtbot, qloop):
    window = make_window()
    open_session(window, qtbot, "Wijkavond")
    page = window.sessions_page
    page.show_pane(page.review)
    qtbot.keyClick(window, Qt.Key.Key_M, ALT)
    dialog = wait_for_print_dialog(qloop, page)
    assert dialog.document_combo.currentData() == "minutes"
    run_until(qloop, lambda: dialog.page_count() > 0, timeout=60)
    dialog.reject()


def test_a_search_hit_opens_the_session_or_the_contribution(held, make_window):
    window = make_window()
    page = window.sessions_page
    window.open_item("session", held["session"])
    assert window.pages.currentWidget() is page
    assert page.stack.currentIndex() == 1 and page.session.id == held["session"]
    page.show_list()
    said = held["said"]["Wie heeft de sleutel?"]
    window.open_item("contribution", said)
    assert page.current_pane() is page.review
    assert page.review.summary.currentItem().text(0) == "Wie heeft de sleutel?"
    live = page.live
    page.show_pane(live)
    assert (
        live.contributions_model.contribution(live.contributions_table.currentIndex().row()).id
        == said
    )
    assert not page.show_item("contribution", "no-such-id")
    assert not page.show_item("member", held["anna"])


def test_every_control_of_the_three_modes_has_an_accessible_name(held, make_window, qtbot):
    window = make_window()
    open_session(window, qtbot, "Wijkavond")
    page = window.sessions_page
    page.live.checkin.walk_in_button.setChecked(True)
    page.live.checkin.walk_in._show_warning({"id": held["anna"], "name": "Anna Berg"})
    for pane in page.panes:
        page.show_pane(pane)
        controls = [
            w
            for w in pane.findChildren(QWidget)
            if isinstance(w, QAbstractButton | QAbstractItemView | QLineEdit | QComboBox
                          | QAbstractSpinBox | QPlainTextEdit)
            and not isinstance(w, QHeaderView)
            and w.isVisibleTo(window)
            and not w.objectName().startswith("qt_")
            and not isinstance(w.parent(), QAbstractItemView | QAbstractSpinBox | QComboBox)
        ]  # fmt: skip
        assert len(controls) > 5
        assert [w for w in controls if not w.accessibleName()] == []
