"""Driving a session's modes in the main window, as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def open_sessions(window, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert window.pages.currentWidget() is window.sessions_page


def open_session(window, qtbot, title: str) -> None:
    """Ctrl+4, then Down to the session and Enter."""
    open_sessions(window, qtbot)
    page = window.sessions_page
    page.table.setFocus()
    while page.selected().title != title:
        row = page.table.currentIndex().row()
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
        assert page.table.currentIndex().row() != row, f"no session {title!r}"
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.stack.currentIndex() == 1
    assert page.session is not None and page.session.title == title


def type_into(qtbot, widget, text: str, enter: bool = True) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def wait_for_print_dialog(qloop, page):
    """The print dialog a mnemonic opened (it clicks a moment later; QtPdf runs on the loop)."""
    from tests.ui.helpers import run_until

    run_until(qloop, lambda: page.print_dialog is not None)
    return page.print_dialog
