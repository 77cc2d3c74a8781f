"""Importing with a preview, exporting, and merging two members, through the members page."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.services import attendance, contributions, members, sessions
from tests.ui.helpers import run_started_tasks
from tests.ui.test_members_page import click_row


def choose_file(qtbot, page, path) -> None:
    """Paste a path into Kring's (non-native) file dialog and press Enter. (Typed key by
    key, the dialog's folder completion takes over the field as soon as a "/" is typed.)"""
    dialog = page.file_dialog
    assert dialog is not None and dialog.isVisible()
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    name.setFocus()
    name.setText(str(path))
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert not dialog.isVisible()


CSV = (
    "Naam,E-mail,Organisatie\r\n"
    "Anna Berg,anna@buurt.nl,Bibliotheek\r\n"
    "Noor el Amrani,noor@wijk.nl,Gemeente\r\n"
    "Kees Smit,kees bij wijk,Zorgcentrum\r\n"
    "Sem de Boer,sem@wijk.nl,\r\n"
)


def test_import_shows_a_preview_with_the_bad_line_then_imports(
    ws, community, make_window, qtbot, qloop, tmp_path
):
    members.add(ws, community, "Anna Berg", email="anna@buurt.nl")
    members.add(ws, community, "Sem de Boer", email="sem@wijk.nl")
    path = tmp_path / "leden.csv"
    path.write_text(CSV, encoding="utf-8")
    page = make_window().members_page

    qtbot.mouseClick(page.buttons["import"], Qt.MouseButton.LeftButton)
    choose_file(qtbot, page, path)
    assert page.import_dialog is None  # the file is read off the GUI thread
    run_started_tasks(qloop)
    preview = page.import_dialog
    assert preview is not None and preview.isVisible()
    assert preview.summary_label.text() == (
        "1 new, 1 updated, 1 unchanged or duplicate, skipped, 1 bad line left out."
    )
    assert "Line 4:" in preview.bad_label.text()
    assert "kees bij wijk" in preview.bad_label.text()
    assert [m.name for m in members.list_members(ws, community)] == ["Anna Berg", "Sem de Boer"]

    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    # Not yet: the import is written off the GUI thread.
    assert [m.name for m in members.list_members(ws, community)] == ["Anna Berg", "Sem de Boer"]
    run_started_tasks(qloop)
    assert [m.name for m in members.list_members(ws, community)] == [
        "Anna Berg", "Noor el Amrani", "Sem de Boer"
    ]  # fmt: skip
    anna = next(m for m in members.list_members(ws, community) if m.name == "Anna Berg")
    assert anna.organisation == "Bibliotheek"
    assert page.shown_names() == ["Anna Berg", "Noor el Amrani", "Sem de Boer"]
    assert page.status_label.text().startswith("Imported: 1 new, 1 updated")
    assert page.buttons["import"].isEnabled()

    # The import, made by a worker, is one step the window's Undo takes back.
    window = page.window()
    assert window.undo_action.text() == "&Undo Import members"
    with qtbot.waitActive(window):  # back from the dialog (offscreen Qt does not do it)
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [m.name for m in members.list_members(ws, community)] == ["Anna Berg", "Sem de Boer"]
    anna = next(m for m in members.list_members(ws, community) if m.name == "Anna Berg")
    assert anna.organisation != "Bibliotheek"
    assert page.shown_names() == ["Anna Berg", "Sem de Boer"]


def test_cancelling_the_import_preview_changes_nothing(
    ws, community, make_window, qtbot, qloop, tmp_path
):
    path = tmp_path / "leden.csv"
    path.write_text(CSV, encoding="utf-8")
    page = make_window().members_page
    page.preview_import(str(path))
    run_started_tasks(qloop)
    qtbot.keyClick(page.import_dialog, Qt.Key.Key_Escape)
    assert not page.import_dialog.isVisible()
    assert members.list_members(ws, community) == []


def test_a_file_that_is_not_a_csv_is_explained(ws, community, make_window, qtbot, qloop, tmp_path):
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x89PNG\x00\x00\x00")
    window = make_window()
    page = window.members_page
    page.preview_import(str(path))
    run_started_tasks(qloop)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert "CSV UTF-8" in boxes[0].text()
    assert page.import_dialog is None


def test_export_writes_the_format_the_chosen_name_says(
    ws, community, make_window, qtbot, qloop, tmp_path
):
    members.add(ws, community, "Anna Berg", email="anna@buurt.nl")
    page = make_window().members_page
    qtbot.mouseClick(page.buttons["export"], Qt.MouseButton.LeftButton)
    choose_file(qtbot, page, tmp_path / "leden.json")
    run_started_tasks(qloop)
    records = json.loads((tmp_path / "leden.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in records] == ["Anna Berg"]
    assert page.status_label.text() == f"Exported to {tmp_path / 'leden.json'}."
    page.export_to(str(tmp_path / "leden.vcf"))
    run_started_tasks(qloop)
    assert "FN:Anna Berg" in (tmp_path / "leden.vcf").read_text(encoding="utf-8")
    qtbot.mouseClick(page.buttons["export"], Qt.MouseButton.LeftButton)
    choose_file(qtbot, page, tmp_path / "leden")  # the dialog adds the format's extension
    run_started_tasks(qloop)
    assert (tmp_path / "leden.csv").read_text(encoding="utf-8-sig").startswith("id,name,email")


def test_an_export_that_cannot_be_written_is_explained(
    ws, community, make_window, qtbot, qloop, tmp_path
):
    window = make_window()
    page = window.members_page
    page.export_to(str(tmp_path / "no such folder" / "leden.csv"))
    run_started_tasks(qloop)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert "could not write" in boxes[0].text()
    assert page.status_label.text() == ""


def test_merging_two_rows_after_choosing_which_to_keep(ws, community, make_window, qtbot):
    keep = members.add(ws, community, "Anna de Boer", email="anna@wijk.nl").id
    other = members.add(ws, community, "Anna d. Boer", phone="06 12345678").id
    members.add(ws, community, "Bram Visser")
    session = sessions.add(ws, community, "Bijeenkomst").id
    attendance.check_in(ws, session, keep)
    said = contributions.capture(ws, community, "Meer bankjes", author=keep).id
    window = make_window()
    page = window.members_page
    assert not page.buttons["merge"].isEnabled()
    click_row(qtbot, page, "Anna d. Boer")
    click_row(qtbot, page, "Anna de Boer", Qt.KeyboardModifier.ControlModifier)
    assert page.buttons["merge"].isEnabled()
    qtbot.mouseClick(page.buttons["merge"], Qt.MouseButton.LeftButton)
    dialog = page.merge_dialog
    assert dialog is not None and dialog.isVisible()
    assert [b.text() for b in dialog.keep_buttons] == ["Keep Anna d. Boer", "Keep Anna de Boer"]
    qtbot.mouseClick(dialog.keep_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    assert page.shown_names() == ["Anna de Boer", "Bram Visser"]
    assert members.get(ws, keep).phone == "06 12345678"
    assert ws.store.get("member", other)["deleted"] == 1
    assert contributions.get(ws, said).author == keep
    assert page.selected_ids() == [keep]

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.shown_names() == ["Anna d. Boer", "Anna de Boer", "Bram Visser"]
    assert members.get(ws, keep).phone is None
