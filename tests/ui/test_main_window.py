"""The main window with pytest-qt: welcome page, communities, the members table, quitting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from app.services import communities, members
from ui.models.members import ORGANISATION


def answer_name_dialog(monkeypatch, text: str, ok: bool = True) -> list[str]:
    """Make the "name of the community" dialog answer by itself; returns the titles it got."""
    asked: list[str] = []

    def get_text(parent, title, label, *args, **kwargs):
        asked.append(title)
        return text, ok

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return asked


def add_people(ws, community_id: str, *names: str) -> None:
    for name in names:
        members.add(ws, community_id, name)


def test_welcome_page_is_shown_when_there_is_no_community(window):
    assert window.pages.currentWidget() is window.welcome
    assert window.windowTitle() == "Kring"
    assert not window.toolbar.isVisible()
    assert window.welcome.create_button.isVisible()
    assert window.welcome.demo_button.isVisible()
    assert not window.welcome.is_busy()


def test_creating_a_community_from_the_welcome_page_opens_its_members_page(
    window, ws, qtbot, monkeypatch
):
    asked = answer_name_dialog(monkeypatch, "Wijkteam Noord")
    qtbot.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    assert asked == ["Create a community"]
    assert [c.name for c in communities.list_all(ws)] == ["Wijkteam Noord"]
    assert window.pages.currentWidget() is window.members_page
    assert window.switcher.currentText() == "Wijkteam Noord"
    assert window.toolbar.isVisible()
    assert window.members_page.count_label.text() == "0 members"


def test_cancelling_the_name_dialog_creates_nothing(window, ws, qtbot, monkeypatch):
    answer_name_dialog(monkeypatch, "Wijkteam Noord", ok=False)
    qtbot.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    assert communities.list_all(ws) == []
    assert window.pages.currentWidget() is window.welcome


def test_a_blank_community_name_is_refused_with_a_message(window, ws, qtbot, monkeypatch):
    answer_name_dialog(monkeypatch, "   ")
    qtbot.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert "name" in boxes[0].text().lower()
    assert communities.list_all(ws) == []
    assert window.pages.currentWidget() is window.welcome


def test_the_title_names_the_community(ws, community, make_window):
    window = make_window()
    assert window.windowTitle() == "Kring — Buurtzorg Oost"


def test_members_are_listed_in_the_table_by_name(ws, community, make_window):
    add_people(ws, community, "Sanne de Vries", "Bram Visser", "anouk Jansen")
    window = make_window()
    assert window.pages.currentWidget() is window.members_page
    assert window.members_page.shown_names() == ["anouk Jansen", "Bram Visser", "Sanne de Vries"]
    assert window.members_page.count_label.text() == "3 members"


def test_clicking_a_column_header_sorts_by_it(ws, community, make_window, qtbot):
    members.add(ws, community, "Anna Berg", organisation="Zorgcentrum")
    members.add(ws, community, "Zeynep Kaya", organisation="Bibliotheek")
    window = make_window()
    table = window.members_page.table
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(ORGANISATION) + header.sectionSize(ORGANISATION) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    assert window.members_page.shown_names() == ["Zeynep Kaya", "Anna Berg"]


def test_typing_in_the_filter_narrows_the_rows(ws, community, make_window, qtbot):
    add_people(ws, community, "Sanne de Vries", "Bram Visser", "Fatima Bakker")
    window = make_window()
    qtbot.keyClicks(window.members_page.filter_edit, "bak")
    assert window.members_page.shown_names() == ["Fatima Bakker"]
    assert window.members_page.count_label.text() == "1 of 3 members"


def test_down_arrow_in_the_filter_moves_to_the_first_row(ws, community, make_window, qtbot):
    add_people(ws, community, "Sanne de Vries", "Bram Visser")
    window = make_window()
    page = window.members_page
    page.filter_edit.setFocus()
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Down)
    assert page.table.selectionModel().selectedRows()[0].data() == "Bram Visser"


def test_the_switcher_changes_the_listed_members(ws, community, make_window):
    other = communities.create(ws, "Energiecoöperatie West").id
    add_people(ws, community, "Sanne de Vries")
    add_people(ws, other, "Pieter Hendriks", "Noor el Amrani")
    window = make_window()
    assert window.members_page.shown_names() == ["Sanne de Vries"]

    window.switcher.setCurrentIndex(window.switcher.findData(other))
    assert window.members_page.shown_names() == ["Noor el Amrani", "Pieter Hendriks"]
    assert window.windowTitle() == "Kring — Energiecoöperatie West"


def test_switching_community_clears_the_filter(ws, community, make_window, qtbot):
    other = communities.create(ws, "Energiecoöperatie West").id
    add_people(ws, other, "Pieter Hendriks")
    window = make_window()
    qtbot.keyClicks(window.members_page.filter_edit, "xyz")
    window.switcher.setCurrentIndex(window.switcher.findData(other))
    assert window.members_page.filter_edit.text() == ""
    assert window.members_page.shown_names() == ["Pieter Hendriks"]


def test_a_member_mutation_refreshes_the_table(ws, community, make_window):
    window = make_window()
    changes = members.add(ws, community, "Lotte Mulder")
    assert changes.touches("member")
    window.apply_changes(changes)
    assert window.members_page.shown_names() == ["Lotte Mulder"]


def test_a_renamed_community_is_renamed_in_switcher_and_title(ws, community, make_window):
    window = make_window()
    window.apply_changes(communities.update(ws, community, name="Buurtzorg Oost-Zuid"))
    assert window.switcher.currentText() == "Buurtzorg Oost-Zuid"
    assert window.windowTitle() == "Kring — Buurtzorg Oost-Zuid"


def test_ctrl_q_closes_the_window(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_alt_i_puts_the_cursor_in_the_members_filter(ws, community, make_window, qtbot):
    window = make_window()
    window.members_page.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert window.members_page.filter_edit.hasFocus()


def test_ctrl_f_puts_the_cursor_in_the_search_field(ws, community, make_window, qtbot):
    window = make_window()
    window.members_page.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()


def test_the_window_size_is_remembered(make_window):
    first = make_window()
    first.resize(700, 500)  # the offscreen screen is 800 × 600: stay inside it
    first.close()
    second = make_window()
    assert second.size() == QSize(700, 500)


def test_the_last_community_is_opened_again(ws, community, make_window):
    other = communities.create(ws, "Energiecoöperatie West").id
    first = make_window()
    first.switcher.setCurrentIndex(first.switcher.findData(other))
    first.close()
    second = make_window()
    assert second.community_id == other


@pytest.mark.parametrize("with_community", [False, True])
def test_every_control_has_an_accessible_name(ws, make_window, with_community):
    if with_community:
        communities.create(ws, "Buurtzorg Oost")
    window = make_window()
    controls = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit | QComboBox | QAbstractItemView)
        and not isinstance(w, QHeaderView)
        and w.isVisibleTo(window)
        and not w.objectName().startswith("qt_")
        and not isinstance(w.parent(), QComboBox | QLineEdit | QAbstractItemView)
    ]
    assert controls
    assert [w for w in controls if not w.accessibleName()] == []
