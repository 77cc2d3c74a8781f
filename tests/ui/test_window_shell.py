"""The window around the pages: sections, search everything, undo/redo, language, help."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog

from app import __version__, i18n
from app.services import communities, members, questions
from ui.app import WindowKeeper
from ui.main_window import LANGUAGE_KEY


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def test_the_sidebar_has_the_seven_sections_and_ctrl_digits_go_there(
    ws, community, make_window, qtbot
):
    window = make_window()
    names = [window.sidebar.item(r).text() for r in range(window.sidebar.count())]
    assert names == [
        "Overview", "Members", "Questions", "Sessions", "Actions", "Agreements", "Sync",
    ]  # fmt: skip
    for digit, page in [(Qt.Key.Key_3, window.questions_page), (Qt.Key.Key_7, window.sync_page),
                        (Qt.Key.Key_1, window.overview_page)]:  # fmt: skip
        press(qtbot, window, digit, Qt.KeyboardModifier.ControlModifier)
        assert window.pages.currentWidget() is page
        assert (
            window.sidebar.currentItem().text()
            == window.sections[[p for p, _n in window.sections].index(page)][1]
        )


def test_search_finds_members_and_questions_as_you_type_and_escape_goes_back(
    ws, community, make_window, qtbot
):
    members.add(ws, community, "Daniëlle Bakker", organisation="Buurtzorg")
    members.add(ws, community, "Kees Smit")
    questions.add(ws, community, "Bakkerij aan de Kerkstraat sluit")
    window = make_window()
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    qtbot.keyClicks(window.search_field, "bakker")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.search_page)
    qtbot.waitUntil(lambda: len(window.search_page.hits()) == 2)
    assert sorted(window.search_page.hits()) == [
        ("Member", "Daniëlle Bakker"), ("Question", "Bakkerij aan de Kerkstraat sluit"),
    ]  # fmt: skip
    assert window.search_page.summary.text() == "2 results for “bakker”"
    # A sync brings news meanwhile (every table, the community too): the search stays.
    from app.services.workspace import Changes
    from ui.main_window import EVERYTHING

    window.apply_changes(Changes("Sync", EVERYTHING | {"conflict"}, frozenset({community})))
    assert window.search_field.text() == "bakker"
    assert window.pages.currentWidget() is window.search_page
    qtbot.keyClicks(window.search_field, "xyz")
    qtbot.waitUntil(lambda: window.search_page.hits() == [])
    assert window.search_page.summary.text() == "Nothing found for “bakkerxyz”."
    press(qtbot, window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == ""
    assert window.pages.currentWidget() is window.members_page


def test_down_from_the_search_field_moves_into_the_results(ws, community, make_window, qtbot):
    members.add(ws, community, "Daniëlle Bakker")
    window = make_window()
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "bakker")
    press(qtbot, window.search_field, Qt.Key.Key_Down)  # searches at once, without the pause
    assert window.search_page.hits() == [("Member", "Daniëlle Bakker")]
    assert window.search_page.results.hasFocus()


def test_undo_and_redo_creating_a_community_with_the_keyboard(window, ws, qtbot, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Wijkteam", True)))
    assert not window.undo_action.isEnabled()
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.switcher.currentText() == "Wijkteam"
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Create community"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert communities.list_all(ws) == []
    assert window.pages.currentWidget() is window.welcome
    assert window.statusBar().currentMessage() == "Undone: Create community"
    assert window.redo_action.isEnabled()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, window, Qt.Key.Key_Z, ctrl_shift)
    assert [c.name for c in communities.list_all(ws)] == ["Wijkteam"]
    assert window.switcher.currentText() == "Wijkteam"
    assert not window.redo_action.isEnabled()


def test_undo_of_a_change_made_elsewhere_refreshes_the_page(ws, community, make_window, qtbot):
    window = make_window()
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    window.apply_changes(members.add(ws, community, "Kees Smit"))
    assert window.members_page.shown_names() == ["Kees Smit"]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.members_page.shown_names() == []
    assert members.list_members(ws, community) == []


def test_f1_lists_the_keyboard_shortcuts(ws, community, make_window, qtbot):
    window = make_window()
    press(qtbot, window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.table
    pairs = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    assert pairs["Quit"] == "Ctrl+Q"
    assert pairs["Search everything"] == "Ctrl+F"
    assert pairs["Undo the last change"] == "Ctrl+Z"
    assert pairs["Redo what was undone"] == "Ctrl+Shift+Z"
    assert pairs["Full screen"] == "F11"
    assert pairs["Members"] == "Ctrl+2"
    dialog.close()


def test_about_says_the_version_and_that_nothing_is_checked_online(window, qtbot):
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.version_label.text() == f"Kring {__version__}"
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.version_label)))
    assert "never checks the internet" in texts
    dialog.close()


def test_choosing_dutch_in_the_settings_rebuilds_the_window_in_dutch(
    ws, community, data_dir, settings, qtbot
):
    keeper = WindowKeeper(QApplication.instance(), ws, data_dir, settings)
    first = keeper.open()  # the keeper deletes it when it makes the Dutch one
    qtbot.waitExposed(first)
    assert first.menuBar().actions()[0].text() == "&File"
    first.settings_action.trigger()
    dialog = first.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.language_box.setFocus()
    press(qtbot, dialog.language_box, Qt.Key.Key_End)  # the last language: Nederlands
    assert dialog.language() == "nl"
    try:
        press(qtbot, dialog.language_box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: keeper.window is not first)
        second = keeper.window
        qtbot.addWidget(second)
        assert settings.value(LANGUAGE_KEY) == "nl"
        assert i18n.current_language() == "nl"
        assert second.menuBar().actions()[0].text() == "&Bestand"
        assert second.sidebar.item(1).text() == "Leden"
        assert second.switcher.currentText() == "Buurtzorg Oost"  # the same place as before
        qtbot.waitUntil(lambda: not first.isVisible())
        second.settings_action.trigger()  # Qt's own buttons speak Dutch too
        cancel = second.settings_dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text() == "Annuleren"
        second.settings_dialog.reject()
    finally:
        keeper.apply_language("en")


def test_every_section_has_its_icon_in_normal_and_selected_colours(ws, community, make_window):
    window = make_window()
    for row in range(window.sidebar.count()):
        icon = window.sidebar.item(row).icon()
        normal = icon.pixmap(20).toImage()
        selected = icon.pixmap(20, QIcon.Mode.Selected).toImage()
        assert not normal.isNull() and normal != selected  # drawn, and recoloured when selected
