"""The sessions page in the main window: listing, the sidebar, and opening its dialogs."""

from __future__ import annotations

from datetime import UTC

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QHeaderView, QWidget

from app.domain.model import Session
from app.services import attendance, members, sessions
from tests.ui.helpers import run_until
from ui.dialogs.print_dialog import PrintDialog
from ui.dialogs.reconcile import ReconcileDialog
from ui.models.sessions import SessionsModel, newest_first, when

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def planned(ws, community) -> dict[str, str]:
    """Three sessions, made out of date order, and one without a date yet."""
    found = {}
    for title, starts in (
        ("Kick-off", "2026-01-15T18:30:00Z"),
        ("Derde kring", "2026-03-12T18:30:00Z"),
        ("Nog te plannen", None),
        ("Tweede kring", "2026-02-10T18:30:00Z"),
    ):
        found[title] = sessions.add(ws, community, title, starts_at=starts, location="Buurthuis").id
    return found


def show_sessions(window, qtbot) -> None:
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.pages.currentWidget() is window.sessions_page


def test_sessions_are_listed_newest_first(planned, make_window, qtbot):
    window = make_window()
    show_sessions(window, qtbot)
    assert window.sessions_page.shown_titles() == [
        "Nog te plannen",
        "Derde kring",
        "Tweede kring",
        "Kick-off",
    ]
    assert window.sessions_page.table.currentIndex().row() == 0
    assert window.sessions_page.print_button.isEnabled()


def test_a_session_shows_its_start_in_local_time():
    session = Session("s1", starts_at="2026-03-12T18:30:00Z")
    assert when(session, UTC) == "2026-03-12 18:30"
    assert when(Session("s2")) == "no date yet"
    assert [s.id for s in newest_first([Session("a", starts_at="2026-01-01T00:00:00Z"),
                                        Session("b"), session])] == ["b", "s1", "a"]  # fmt: skip


def test_the_model_reads_as_a_table(qapp):
    model = SessionsModel(tz=UTC)
    model.set_sessions([Session("s1", title="Kring", starts_at="2026-03-12T18:30:00Z",
                                location="Bieb", status="closed")])  # fmt: skip
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["2026-03-12 18:30", "Kring", "Bieb", "closed"]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["When", "Title", "Place", "Status"]


def test_the_sidebar_switches_between_members_and_sessions(planned, make_window, qtbot):
    window = make_window()
    assert window.sidebar.isVisible()
    assert window.pages.currentWidget() is window.members_page
    show_sessions(window, qtbot)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)
    assert window.pages.currentWidget() is window.questions_page
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)
    assert window.pages.currentWidget() is window.members_page


def test_ctrl_2_goes_back_to_the_members_page_and_its_filter(planned, make_window, qtbot):
    window = make_window()
    show_sessions(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.members_page
    assert window.members_page.filter_edit.hasFocus()


def test_there_is_no_sidebar_without_a_community(window):
    assert not window.sidebar.isVisible()
    assert window.pages.currentWidget() is window.welcome


def test_the_sessions_of_the_chosen_community_only(ws, planned, make_window, qtbot):
    from app.services import communities

    other = communities.create(ws, "Energiecoöperatie West").id
    sessions.add(ws, other, "Zonnepanelen-avond")
    window = make_window()
    show_sessions(window, qtbot)
    window.switcher.setCurrentIndex(window.switcher.findData(other))
    assert window.pages.currentWidget() is window.sessions_page
    assert window.sessions_page.shown_titles() == ["Zonnepanelen-avond"]


def test_a_new_session_appears_when_its_change_is_applied(
    ws, community, planned, make_window, qtbot
):
    window = make_window()
    window.apply_changes(sessions.add(ws, community, "Extra kring", starts_at="2026-04-01T18:00Z"))
    show_sessions(window, qtbot)
    assert window.sessions_page.shown_titles()[:2] == ["Nog te plannen", "Extra kring"]


def test_alt_p_opens_the_print_dialog_for_the_selected_session(planned, make_window, qtbot, qloop):
    window = make_window()
    show_sessions(window, qtbot)
    page = window.sessions_page
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # Derde kring
    qtbot.keyClick(window, Qt.Key.Key_P, ALT)
    run_until(qloop, lambda: page.print_dialog is not None)  # a mnemonic clicks a moment later
    dialog = page.print_dialog
    assert isinstance(dialog, PrintDialog)
    assert dialog.session_id == planned["Derde kring"]
    assert dialog.windowTitle() == "Print — Derde kring"
    run_until(qloop, lambda: dialog.page_count() > 0, timeout=60)
    dialog.reject()
    assert not dialog.isVisible()


def test_reconciling_a_walk_in_refreshes_the_members_page(
    ws, community, planned, make_window, qtbot
):
    anna = members.add(ws, community, "Anna Berg").id
    attendance.invite(ws, planned["Derde kring"], [anna])
    window = make_window()
    show_sessions(window, qtbot)
    page = window.sessions_page
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(window, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: page.reconcile_dialog is not None)  # a mnemonic clicks a moment later
    dialog = page.reconcile_dialog
    assert isinstance(dialog, ReconcileDialog)
    assert dialog.windowTitle() == "Reconcile paper — Derde kring"
    dialog.walk_in_name.setText("Jan Jansen")
    dialog.add_walk_in()
    dialog.close()
    members_row = window.sidebar.visualItemRect(window.sidebar.item(1)).center()
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=members_row)
    assert window.pages.currentWidget() is window.members_page
    assert window.members_page.shown_names() == ["Anna Berg", "Jan Jansen"]


def test_every_control_has_an_accessible_name(planned, make_window, qtbot):
    window = make_window()
    show_sessions(window, qtbot)
    controls = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QAbstractItemView)
        and not isinstance(w, QHeaderView)
        and w.isVisibleTo(window)
        and not w.objectName().startswith("qt_")
        and not isinstance(w.parent(), QAbstractItemView)
    ]
    assert window.sessions_page.print_button in controls
    assert window.sidebar in controls
    assert [w for w in controls if not w.accessibleName()] == []
