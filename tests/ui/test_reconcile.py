"""The reconcile screen, driven by the keyboard alone; results read back through the services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QWidget,
)

from app.handouts import data
from app.services import attendance, contributions, members, questions, sessions
from ui.dialogs.reconcile import ReconcileDialog

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
NAMES = (
    "Anna Berg",
    "Anouk Mulder",
    "Bram Visser",
    "Daniëlle Bakker",
    "Femke de Boer",
    "Kees Smit",
)


@dataclass
class Meeting:
    session: str
    ids: dict[str, str]  # name -> member id
    q1: str
    q2: str


@pytest.fixture
def meeting(ws, community) -> Meeting:
    ids = {name: members.add(ws, community, name).id for name in NAMES}
    q1 = questions.add(ws, community, "Eenzaamheid in de flat").id
    q2 = questions.add(ws, community, "Stageplekken voor jongeren").id
    sid = sessions.add(ws, community, "Kring in de bieb", questions=(q1, q2)).id
    attendance.invite(ws, sid, list(ids.values()))
    attendance.set_status(ws, sid, ids["Daniëlle Bakker"], "excused")
    return Meeting(sid, ids, q1, q2)


@pytest.fixture
def dialog(ws, meeting, qtbot):
    screen = ReconcileDialog(ws, meeting.session)
    qtbot.addWidget(screen)
    with qtbot.waitActive(screen):  # shortcuts reach the active window only
        screen.show()
    return screen


def status_of(ws, meeting: Meeting) -> dict[str, str]:
    names = {mid: name for name, mid in meeting.ids.items()}
    found = {}
    for a in attendance.for_session(ws, meeting.session):
        found[names.get(a.member) or members.get(ws, a.member).name] = a.status
    return found


def type_in(qtbot, widget: QWidget, text: str) -> None:
    """Type ASCII text into the widget that has the focus, then press Enter."""
    assert widget.hasFocus(), f"the focus is on {type(widget.window().focusWidget()).__name__}"
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def clear(qtbot, edit: QLineEdit) -> None:
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)


def shown_names(dialog: ReconcileDialog) -> list[str]:
    return [dialog.sheet.row(r).person.name for r in range(dialog.sheet.rowCount())]


def test_the_list_mirrors_the_printed_sheet(dialog, ws, meeting):
    printed = data.attendees(ws, meeting.session).people
    assert shown_names(dialog) == [p.name for p in printed] == list(NAMES)
    assert [dialog.sheet.row(r).person.code for r in range(len(NAMES))] == [p.code for p in printed]
    excused = dialog.sheet.index(NAMES.index("Daniëlle Bakker"), 3).data()
    assert excused == "excused on the sheet"
    assert dialog.count_label.text() == "0 of 6 ticked as here"


def test_the_paper_is_typed_back_in_with_the_keyboard_alone(dialog, ws, community, meeting, qtbot):
    find = dialog.find_edit
    assert find.hasFocus()
    kees = data.attendees(ws, meeting.session).people[NAMES.index("Kees Smit")]

    # Ticks by printed code (typed in lower case) and by the start of a name.
    type_in(qtbot, find, kees.code.lower())
    assert dialog.find_message.text() == f"Ticked Kees Smit ({kees.code})."
    assert find.text() == ""
    type_in(qtbot, find, "bra")
    assert dialog.find_message.text().startswith("Ticked Bram Visser")

    # Ambiguous: the candidates are named and nobody is ticked; typing on settles it.
    type_in(qtbot, find, "an")
    assert "Anna Berg" in dialog.find_message.text()
    assert "Anouk Mulder" in dialog.find_message.text()
    assert find.text() == "an"
    type_in(qtbot, find, "ou")
    assert dialog.find_message.text().startswith("Ticked Anouk Mulder")

    # Unknown input says so and stays, to be corrected.
    type_in(qtbot, find, "zzz")
    assert dialog.find_message.text() == "Nobody on the sheet has the code or name “zzz”."
    clear(qtbot, find)

    # Down goes into the list; Space ticks the selected row and ticks it off again.
    qtbot.keyClick(find, Qt.Key.Key_Down)
    assert dialog.table.hasFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home, CTRL)
    assert dialog.table.currentIndex().row() == 0
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.sheet.row(0).here
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert not dialog.sheet.row(0).here
    assert dialog.count_label.text() == "3 of 6 ticked as here"

    # A walk-in from a blank row, brought by a member picked by the start of her name.
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)
    type_in(qtbot, dialog.walk_in_name, "Jan Jansen")  # Enter in the name adds at once…
    assert dialog.walk_in_message.text() == "Added Jan Jansen, ticked as here."
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)
    qtbot.keyClicks(dialog.walk_in_name, "Sara Ouali")
    qtbot.keyClick(dialog, Qt.Key.Key_B, ALT)
    type_in(qtbot, dialog.brought_by_edit, "fem")  # …Enter in "brought by" goes on to email
    type_in(qtbot, dialog.email_edit, "sara@example.org")
    assert dialog.walk_in_message.text() == "Added Sara Ouali, ticked as here."
    assert shown_names(dialog)[-2:] == ["Jan Jansen", "Sara Ouali"]
    assert dialog.count_label.text() == "5 of 8 ticked as here"

    # Two handwritten contributions: different questions, kinds and authors.
    qtbot.keyClick(dialog, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    type_in(qtbot, dialog.author_edit, "bram")
    type_in(qtbot, dialog.text_edit, "Te weinig stageplekken")
    assert dialog.capture_message.text() == "Saved as concern."
    assert dialog.text_edit.hasFocus() and dialog.text_edit.text() == ""

    qtbot.keyClick(dialog, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    type_in(qtbot, dialog.author_edit, "sara")
    type_in(qtbot, dialog.text_edit, "Ouderen kennen het wijkteam niet")

    # What the services hold now.
    assert status_of(ws, meeting) == {
        "Anna Berg": "invited",
        "Anouk Mulder": "present",
        "Bram Visser": "present",
        "Daniëlle Bakker": "excused",
        "Femke de Boer": "invited",
        "Kees Smit": "present",
        "Jan Jansen": "present",
        "Sara Ouali": "present",
    }
    sara = next(m for m in members.list_members(ws, community) if m.name == "Sara Ouali")
    assert sara.brought_by == meeting.ids["Femke de Boer"]
    assert sara.email == "sara@example.org"
    assert sara.role == "guest"
    said = contributions.for_session(ws, meeting.session)
    assert [(c.text, c.kind, c.author, c.question) for c in said] == [
        (
            "Te weinig stageplekken",
            "concern",
            meeting.ids["Bram Visser"],
            meeting.q2,
        ),
        ("Ouderen kennen het wijkteam niet", "insight", sara.id, meeting.q1),
    ]
    assert dialog.saved.lines() == [
        "insight · Sara Ouali · Eenzaamheid in de flat: Ouderen kennen het wijkteam niet",
        "concern · Bram Visser · Stageplekken voor jongeren: Te weinig stageplekken",
    ]


def test_an_unknown_author_is_not_saved_and_the_text_is_kept(dialog, ws, meeting, qtbot):
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    qtbot.keyClicks(dialog.author_edit, "Nobody Known")
    qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)
    type_in(qtbot, dialog.text_edit, "Een idee")
    assert dialog.capture_message.text().startswith("There is no member called “Nobody Known”")
    assert dialog.author_edit.hasFocus()
    assert contributions.for_session(ws, meeting.session) == []
    clear(qtbot, dialog.author_edit)
    qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return)
    assert [c.author for c in contributions.for_session(ws, meeting.session)] == [None]


def test_a_walk_in_with_a_wrong_email_is_explained(dialog, ws, meeting, qtbot):
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)
    qtbot.keyClicks(dialog.walk_in_name, "Piet Post")
    qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)
    type_in(qtbot, dialog.email_edit, "piet.at.example")
    assert "not an email address" in dialog.walk_in_message.text()
    assert dialog.walk_in_name.text() == "Piet Post"
    assert "Piet Post" not in status_of(ws, meeting)


def test_a_member_not_on_the_sheet_is_found_by_name_and_added_to_it(ws, community, meeting, qtbot):
    members.add(ws, community, "Willem Wever")
    screen = ReconcileDialog(ws, meeting.session)
    qtbot.addWidget(screen)
    with qtbot.waitActive(screen):
        screen.show()
    type_in(qtbot, screen.find_edit, "willem")
    assert screen.find_message.text() == "Ticked Willem Wever."
    assert shown_names(screen)[-1] == "Willem Wever"
    assert screen.sheet.index(screen.sheet.rowCount() - 1, 3).data() == "not on the sheet"
    assert status_of(ws, meeting)["Willem Wever"] == "present"


def test_every_mutation_is_reported_for_the_views_to_refresh(dialog, meeting, qtbot):
    seen = []
    dialog.changed.connect(seen.append)
    type_in(qtbot, dialog.find_edit, "kees")
    assert [c.label for c in seen] == ["Check in"]


def test_every_control_has_an_accessible_name(dialog):
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit | QComboBox | QAbstractItemView)
        and not isinstance(w, QHeaderView)
        and w.isVisibleTo(dialog)
        and not w.objectName().startswith("qt_")
        and not isinstance(w.parent(), QComboBox | QLineEdit | QAbstractItemView)
    ]
    assert len(controls) >= 14
    assert [w for w in controls if not w.accessibleName()] == []
