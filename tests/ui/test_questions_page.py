"""The questions page, driven by keys and clicks: create, edit as typed, dossier, delete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import contributions, questions
from tests.ui.questions_scenario import build, day
from ui.models.dossier import AUTHOR, KIND, SESSION, TEXT, VOTES
from ui.models.questions import TITLE

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def scenario(ws, community):
    return build(ws, community)


def show_questions(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    page = window.questions_page
    assert window.pages.currentWidget() is page
    return page


def select(page, qtbot, title: str) -> None:
    """Click the question's row in the list."""
    row = page.shown_titles().index(title)
    rect = page.table.visualRect(page.proxy.index(row, TITLE))
    qtbot.mouseClick(page.table.viewport(), CLICK, pos=rect.center())
    assert page.form.title_edit.text() == title


def test_questions_are_listed_by_urgency_and_filtered_by_status(scenario, window, qtbot):
    page = show_questions(window, qtbot)
    # Still open (the default): the solved one is left out; most urgent first.
    assert page.shown_titles() == ["Wijkteam beter bereikbaar", "Moestuin bij de school"]
    assert page.count_label.text() == "2 of 3 questions"
    page.status_filter.setFocus()
    qtbot.keyClick(page.status_filter, Qt.Key.Key_Down)  # All
    assert page.shown_titles() == [
        "Wijkteam beter bereikbaar",
        "Bankjes in het park",
        "Moestuin bij de school",
    ]
    qtbot.keyClicks(page.filter_edit, "anna")  # the owner's name finds it too
    assert page.shown_titles() == ["Wijkteam beter bereikbaar"]


def test_a_question_made_with_the_keyboard_is_saved_as_typed(scenario, ws, window, qtbot):
    page = show_questions(window, qtbot)
    page.table.setFocus()
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    title = page.form.title_edit
    assert title.hasFocus() and title.selectedText() == "New question"
    qtbot.keyClicks(title, "Buurtkamer openhouden")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(title, Qt.Key.Key_Tab)  # leaving the field saves it
    saved = {q.title: q for q in questions.list_questions(ws, scenario.community)}
    assert "Buurtkamer openhouden" in saved
    question_id = saved["Buurtkamer openhouden"].id
    assert page.current_id() == question_id
    assert "Buurtkamer openhouden" in page.shown_titles()

    # Urgency: Tab from the title lands there; a key picks "low".
    assert page.form.urgency_combo.hasFocus()
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.form.urgency_combo, Qt.Key.Key_End)
    assert questions.get(ws, question_id).urgency == 1
    qtbot.keyClick(page.form.urgency_combo, Qt.Key.Key_Tab)
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.form.status_combo, Qt.Key.Key_Down)  # open -> exploring
    assert questions.get(ws, question_id).status == "exploring"

    # The owner: typing a name and leaving the field chooses that member.
    qtbot.keyClick(page.form.status_combo, Qt.Key.Key_Tab)
    picker = page.form.owner_picker
    assert picker.lineEdit().hasFocus()
    qtbot.keyClicks(picker.lineEdit(), "Bram de Vries")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Tab)
    assert questions.get(ws, question_id).owner == scenario.members["Bram"]
    assert page.table.model().index(page._proxy_row(question_id), 3).data() == "Bram de Vries"

    # Long text is saved after a pause in typing, without leaving the field.
    description = page.form.texts["description"]
    description.setFocus()
    qtbot.keyClicks(description, "Een plek om binnen te lopen")
    with qtbot.waitSignal(page.changed, timeout=3000):
        pass
    assert questions.get(ws, question_id).description == "Een plek om binnen te lopen"
    # ... and on leaving it at once.
    perspectives = page.form.texts["perspectives"]
    perspectives.setFocus()
    qtbot.keyClicks(perspectives, "ouderen, jongeren")
    qtbot.keyClick(perspectives, Qt.Key.Key_Tab)
    assert questions.get(ws, question_id).perspectives == "ouderen, jongeren"


def test_a_title_left_empty_is_refused_and_put_back(scenario, window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.ops.questions.show_error", lambda parent, text: shown.append(text))
    page = show_questions(window, qtbot)
    select(page, qtbot, "Moestuin bij de school")
    page.form.title_edit.setFocus()
    page.form.title_edit.selectAll()
    qtbot.keyClick(page.form.title_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(page.form.title_edit, Qt.Key.Key_Return)
    assert shown == ["Please fill in the title."]
    assert page.form.title_edit.text() == "Moestuin bij de school"
    assert questions.get(page.ws, scenario.questions["tuin"]).title == "Moestuin bij de school"


def test_an_edit_can_be_undone_from_the_window(scenario, window, qtbot):
    page = show_questions(window, qtbot)
    select(page, qtbot, "Moestuin bij de school")
    page.form.title_edit.setFocus()
    page.form.title_edit.selectAll()
    qtbot.keyClicks(page.form.title_edit, "Schooltuin")
    qtbot.keyClick(page.form.title_edit, Qt.Key.Key_Return)
    assert "Schooltuin" in page.shown_titles()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert questions.get(page.ws, scenario.questions["tuin"]).title == "Moestuin bij de school"
    assert page.form.title_edit.text() == "Moestuin bij de school"


def test_the_dossier_gathers_what_was_said_across_sessions(scenario, window, qtbot):
    page = show_questions(window, qtbot)
    select(page, qtbot, "Wijkteam beter bereikbaar")
    assert page.dossier.model.rowCount() == 0  # not read while the Details tab is shown
    qtbot.keyClick(page.tabs, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # D&ossier
    assert page.tabs.currentWidget() is page.dossier
    view = page.dossier
    assert view.summary_label.text() == "5 contributions in 2 sessions, 1 decision"
    model = view.contributions.model()
    rows = [
        [model.index(r, c).data() for c in (SESSION, AUTHOR, KIND, VOTES, TEXT)]
        for r in range(model.rowCount())
    ]
    assert rows == [
        ["Tweede kring", "Anna Jansen", "decision", "", "We starten met een proef in maart"],
        ["Eerste kring", "Anna Jansen", "idea", "", "Spreekuur in de bibliotheek"],
        ["Eerste kring", "Bram de Vries", "concern", "", "Niet iedereen leest mail"],
        ["Tweede kring", "Chris Bakker", "idea", "3", "Een vast telefoonnummer"],
        ["Between sessions", "Bram de Vries", "insight", "", "Buren vragen elkaar eerst"],
    ]
    actions = view.actions.model()
    assert actions.rowCount() == 1
    assert [actions.index(0, c).data() for c in range(4)] == [
        "Wijkteam bellen",
        "Anna Jansen",
        day(-3),
        "open",
    ]
    # Something said in a session elsewhere shows up here at once.
    changes = contributions.capture(
        page.ws, scenario.community, "Nog een idee", session=scenario.sessions["second"],
        question=scenario.questions["wijk"], kind="idea",
    )  # fmt: skip
    window.apply_changes(changes)
    assert view.summary_label.text() == "6 contributions in 2 sessions, 1 decision"
    assert model.rowCount() == 6


def test_a_question_without_contributions_is_deleted_without_asking(scenario, window, qtbot):
    page = show_questions(window, qtbot)
    asked = []
    page.ask_delete = lambda parent, title, n: asked.append((title, n)) or True
    select(page, qtbot, "Moestuin bij de school")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == []
    assert "Moestuin bij de school" not in page.shown_titles()
    assert scenario.questions["tuin"] not in {
        q.id for q in questions.list_questions(page.ws, scenario.community)
    }


def test_deleting_a_question_with_contributions_asks_and_says_how_many(scenario, window, qtbot):
    page = show_questions(window, qtbot)
    asked = []
    answers = iter([False, True])
    page.ask_delete = lambda parent, title, n: asked.append((title, n)) or next(answers)
    select(page, qtbot, "Wijkteam beter bereikbaar")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # "No"
    assert asked == [("Wijkteam beter bereikbaar", 5)]
    assert "Wijkteam beter bereikbaar" in page.shown_titles()
    qtbot.mouseClick(page.delete_button, CLICK)  # "Yes"
    assert len(asked) == 2
    assert "Wijkteam beter bereikbaar" not in page.shown_titles()


def test_a_search_hit_opens_the_question_even_when_filtered_out(scenario, window, qtbot):
    page = show_questions(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    window.open_item("question", scenario.questions["klaar"])  # solved: not "still open"
    assert window.pages.currentWidget() is page
    assert page.current_id() == scenario.questions["klaar"]
    assert page.form.title_edit.text() == "Bankjes in het park"
    assert page.show_item("member", scenario.members["Anna"]) is False


def test_the_owner_picker_finds_members_by_part_of_their_name(scenario, window, qtbot):
    page = show_questions(window, qtbot)
    select(page, qtbot, "Moestuin bij de school")
    picker = page.form.owner_picker
    picker.lineEdit().setFocus()
    qtbot.keyClicks(picker.lineEdit(), "bakk")
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert picker.completer().completionCount() == 1
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert questions.get(page.ws, scenario.questions["tuin"]).owner == scenario.members["Chris"]
    # A name that matches no one is put back.
    picker.lineEdit().selectAll()
    qtbot.keyClicks(picker.lineEdit(), "Niemand")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Tab)
    assert picker.currentText() == "Chris Bakker"
    QApplication.processEvents()
