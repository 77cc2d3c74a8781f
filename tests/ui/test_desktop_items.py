"""Kring opened by the desktop with an invite link or a file: the window offers what fits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from kring.__main__ import main as launcher_main
from tests.ui.helpers import run_started_tasks
from ui.desktop_items import invite_from_link, shared_folder_of

LINK = "kring://join?server=https%3A%2F%2Fkring.example.org&invite=K7-QX2P"


def test_an_invite_link_opens_the_join_dialog_filled_in(ws, community, make_window):
    window = make_window()
    window.open_desktop_item(LINK)
    assert window.pages.currentWidget() is window.sync_page
    dialog = window.sync_page.join_dialog
    assert dialog.isVisible() and dialog.server_choice.isChecked()
    assert (dialog.url(), dialog.invite()) == ("https://kring.example.org", "K7-QX2P")
    dialog.reject()  # nothing happens without the facilitator's OK


def test_a_link_kring_does_not_know_is_explained(ws, community, make_window):
    window = make_window()
    window.open_desktop_item("kring://something-else")
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "does not know what to do with this link" in boxes[0].text()


def test_a_csv_file_opens_the_members_import_preview(ws, community, make_window, qloop, tmp_path):
    path = tmp_path / "leden.csv"
    path.write_text("naam;e-mail\nNoor el Amrani;noor@buurt.nl\n", encoding="utf-8")
    window = make_window()
    window.open_desktop_item(str(path))
    assert window.pages.currentWidget() is window.members_page
    run_started_tasks(qloop)
    preview = window.members_page.import_dialog
    assert preview is not None and preview.isVisible()
    assert preview.summary_label.text().startswith("1 new")
    preview.reject()


def test_a_changeset_file_opens_joining_through_its_shared_folder(
    ws, community, make_window, qloop, tmp_path
):
    changeset = tmp_path / "Gedeeld" / "c1" / "devices" / "d1" / "0000000001.kcs"
    changeset.parent.mkdir(parents=True)
    changeset.write_bytes(b"")
    window = make_window()
    window.open_desktop_item(str(changeset))
    run_started_tasks(qloop)  # the dialog reads which communities the folder holds
    dialog = window.sync_page.join_dialog
    assert dialog.isVisible() and dialog.from_folder()
    assert dialog.folder() == str(tmp_path / "Gedeeld")
    dialog.reject()


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (LINK, ("https://kring.example.org", "K7-QX2P")),
        ("KRING://JOIN?server=http://127.0.0.1:8766&invite=abc", ("http://127.0.0.1:8766", "abc")),
        ("kring://join?server=https://x.org", None),
        ("https://kring.example.org/join?invite=abc", None),
    ],
)
def test_invite_links_are_read(link, expected):
    assert invite_from_link(link) == expected


def test_a_snapshot_beside_the_devices_folder_finds_its_folder():
    assert shared_folder_of(Path("/s/c1/snapshot-1.kss")) == Path("/s")
    assert shared_folder_of(Path("/s/c1/devices/d1/0001.kcs")) == Path("/s")


def test_the_launcher_hands_the_link_to_the_window(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(
        "kring.__main__.open_desktop_app", lambda d, item=None: opened.append(item) or 0
    )
    assert launcher_main(["--data-dir", str(tmp_path), LINK]) == 0
    assert opened == [LINK]
