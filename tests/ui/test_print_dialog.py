"""The print dialog: a QtPdf preview rendered off the GUI thread, printing, saving as PDF."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSize, Qt
from PySide6.QtGui import QImage, QPageRanges, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from app import i18n
from app.handouts import fonts, render
from tests.handouts.helpers import build_scenario, needs_poppler, pdf_info, pdf_text, squash
from tests.ui.helpers import run_started_tasks, run_until
from ui.dialogs.print_dialog import PrintDialog
from ui.ops import print as print_ops

CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def scenario(ws):
    return build_scenario(ws)


@pytest.fixture
def open_dialog(qtbot, qloop, data_dir, scenario, monkeypatch):
    """A print dialog on the scenario's session, on A4 whatever this machine's locale."""
    monkeypatch.setattr(print_ops, "default_paper", lambda locale=None: "a4")

    def make(kind: str = "agenda", session: bool = True) -> PrintDialog:
        dialog = PrintDialog(
            data_dir,
            scenario.community,
            scenario.session if session else None,
            subject="Kringgesprek in het buurthuis",
            kind=kind,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        # Shortcuts reach the active window only. Wait on the qasync loop, not with
        # qtbot.waitActive: that would step the dialog's first render outside a running loop.
        dialog.activateWindow()
        run_until(qloop, dialog.isActiveWindow)
        return dialog

    return make


def rendered(dialog: PrintDialog, loop) -> None:
    """Wait until the preview shows the latest choice (or says why it cannot)."""
    run_until(loop, lambda: not dialog.is_rendering(), timeout=60)


def page_count(pdf: bytes, folder: Path) -> int:
    path = folder / "expected.pdf"
    path.write_bytes(pdf)
    document = QPdfDocument()
    document.load(str(path))
    return document.pageCount()


def choose(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def page_image(pdf: Path, page: int = 0) -> QImage:
    """A small grey picture of one page on white, blurred enough that a page printed as a
    picture and the same page drawn from its text come out nearly the same."""
    document = QPdfDocument()
    assert document.load(str(pdf)) == QPdfDocument.Error.None_
    points = document.pagePointSize(page)
    size = QSize(600, round(600 * points.height() / points.width()))
    picture = QImage(size, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.white)
    painter = QPainter(picture)
    painter.drawImage(0, 0, document.render(page, size))
    painter.end()
    small = picture.scaledToWidth(100, Qt.TransformationMode.SmoothTransformation)
    return small.convertToFormat(QImage.Format.Format_Grayscale8)


def difference(a: QImage, b: QImage) -> float:
    """Mean difference of two grey pictures of the same size, 0 (same) to 255."""
    assert a.size() == b.size()
    total = sum(
        abs(a.pixelColor(x, y).value() - b.pixelColor(x, y).value())
        for y in range(a.height())
        for x in range(a.width())
    )
    return total / (a.width() * a.height())


def blank_like(picture: QImage) -> QImage:
    white = QImage(picture.size(), QImage.Format.Format_Grayscale8)
    white.fill(255)
    return white


@needs_poppler
def test_preview_then_print_and_save_the_sign_in_sheet(
    open_dialog, ws, scenario, qloop, qtbot, tmp_path, monkeypatch
):
    expected_agenda = page_count(render.session_pdf(ws, scenario.session, "agenda"), tmp_path)
    expected_signin = page_count(render.session_pdf(ws, scenario.session, "signin"), tmp_path)
    dialog = open_dialog()

    run_until(qloop, lambda: dialog.page_count() == expected_agenda, timeout=60)
    assert dialog.preview.page_total.text() == f"of {expected_agenda}"
    assert dialog.print_button.isEnabled()

    choose(dialog.document_combo, "signin")
    rendered(dialog, qloop)
    assert dialog.page_count() == expected_signin
    assert dialog.status_label.text() == (
        "1 page" if expected_signin == 1 else f"{expected_signin} pages"
    )

    # "Print…": the system print dialog is replaced by one that picks a PDF file.
    printed = tmp_path / "printed.pdf"
    asked = []

    def ask_printer(parent, printer: QPrinter, pages: int) -> bool:
        asked.append(pages)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    dialog.ask_printer = ask_printer
    qtbot.mouseClick(dialog.print_button, CLICK)
    run_started_tasks(qloop, timeout=60)

    assert asked == [expected_signin]
    info = pdf_info(printed)
    assert int(info["Pages"]) == expected_signin
    assert "A4" in info["Page size"]
    assert info["Title"] == "Sign-in sheet"
    # Printing paints the pages as pictures, so what is on them is compared, not read as text.
    preview = dialog.shown_file()
    assert preview is not None
    for page in range(expected_signin):
        on_paper = page_image(printed, page)
        ink = difference(on_paper, blank_like(on_paper))
        assert ink > 2  # not a blank page
        assert difference(on_paper, page_image(preview, page)) < ink / 2
    assert dialog.status_label.text().startswith(f"Sent {expected_signin} page")

    # "Save as PDF…" copies the rendered file, text and all.
    saved = tmp_path / "presence"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kw: (str(saved), ""))
    )
    qtbot.mouseClick(dialog.save_button, CLICK)
    saved = saved.with_suffix(".pdf")
    assert int(pdf_info(saved)["Pages"]) == expected_signin
    text = squash(pdf_text(saved))
    assert squash("Sign-in sheet") in text
    for name in scenario.names:
        assert squash(fonts.printable(name)) in text
    assert dialog.status_label.text() == f"Saved as {saved}"


def test_rendering_runs_on_a_worker_thread_with_its_own_workspace(
    open_dialog, ws, qloop, monkeypatch
):
    seen = []
    real = print_ops.render_to_file

    def spy(data_dir, handout, out):
        seen.append((threading.get_ident(), handout.kind, handout.paper, handout.language))
        return real(data_dir, handout, out)

    monkeypatch.setattr(print_ops, "render_to_file", spy)
    dialog = open_dialog("minutes")
    rendered(dialog, qloop)
    assert dialog.page_count() > 0
    assert seen == [(seen[0][0], "minutes", "a4", "en")]
    assert seen[0][0] != threading.get_ident()


def test_the_preview_is_busy_while_it_renders(open_dialog, qloop, monkeypatch):
    release = threading.Event()
    real = print_ops.render_to_file

    def slow(data_dir, handout, out):
        if not release.wait(timeout=20):
            raise TimeoutError("the test never let the render finish")
        return real(data_dir, handout, out)

    monkeypatch.setattr(print_ops, "render_to_file", slow)
    dialog = open_dialog()
    try:
        run_until(qloop, dialog.is_busy)
        assert dialog.status_label.text() == "Preparing the preview…"
        assert not dialog.print_button.isEnabled()
        assert not dialog.save_button.isEnabled()
    finally:
        release.set()
    rendered(dialog, qloop)
    assert not dialog.is_busy()
    assert dialog.print_button.isEnabled()


def test_choices_made_while_rendering_end_with_the_last_one(open_dialog, qloop, monkeypatch):
    release = threading.Event()
    kinds = []
    real = print_ops.render_to_file

    def slow(data_dir, handout, out):
        kinds.append(handout.kind)
        if len(kinds) == 1 and not release.wait(timeout=20):
            raise TimeoutError("the test never let the render finish")
        return real(data_dir, handout, out)

    monkeypatch.setattr(print_ops, "render_to_file", slow)
    dialog = open_dialog()
    run_until(qloop, dialog.is_busy)
    choose(dialog.document_combo, "signin")
    choose(dialog.document_combo, "minutes")
    release.set()
    rendered(dialog, qloop)
    assert kinds == ["agenda", "minutes"]
    assert dialog.page_count() > 0


def test_an_impossible_choice_is_explained_instead_of_a_preview(open_dialog, qloop):
    dialog = open_dialog()
    rendered(dialog, qloop)
    choose(dialog.paper_combo, "letter")
    choose(dialog.document_combo, "badges-2x4")
    rendered(dialog, qloop)
    assert dialog.preview.stack.currentWidget() is dialog.preview.message_label
    assert "There is no 2x4 badge sheet for this paper" in dialog.preview.message_label.text()
    assert dialog.page_count() == 0
    assert not dialog.print_button.isEnabled()
    assert not dialog.save_button.isEnabled()

    choose(dialog.document_combo, "badges-2x5")
    rendered(dialog, qloop)
    assert dialog.preview.stack.currentWidget() is dialog.preview.view
    assert dialog.page_count() == 1


@needs_poppler
def test_a_handout_in_the_other_language_leaves_the_app_in_its_own(
    open_dialog, qloop, qtbot, tmp_path, monkeypatch
):
    dialog = open_dialog("signin")
    choose(dialog.language_combo, "nl")
    rendered(dialog, qloop)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kw: (str(tmp_path / "lijst.pdf"), "")),
    )
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert "Presentielijst" in pdf_text(tmp_path / "lijst.pdf")
    assert i18n.current_language() == "en"
    assert dialog.status_label.text().startswith("Saved as")


def test_the_community_directory_needs_no_session(open_dialog, qloop):
    dialog = open_dialog("directory", session=False)
    assert [dialog.document_combo.itemText(n) for n in range(dialog.document_combo.count())] == [
        "Member directory"
    ]
    rendered(dialog, qloop)
    assert dialog.page_count() >= 1


def test_a_cancelled_print_dialog_prints_nothing(open_dialog, qloop, qtbot):
    dialog = open_dialog()
    rendered(dialog, qloop)
    dialog.ask_printer = lambda parent, printer, pages: False
    qtbot.mouseClick(dialog.print_button, CLICK)
    assert dialog.status_label.text() == "Nothing was printed."
    assert dialog.print_button.isEnabled()


def test_a_printer_that_cannot_start_is_explained(open_dialog, qloop, qtbot, tmp_path):
    dialog = open_dialog()
    rendered(dialog, qloop)

    def unwritable(parent, printer, pages):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "no such folder" / "out.pdf"))
        return True

    dialog.ask_printer = unwritable
    qtbot.mouseClick(dialog.print_button, CLICK)
    run_started_tasks(qloop)
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == [
        "The printer could not be started. Check that it is on, then try again."
    ]
    assert dialog.status_label.text() == "Nothing was printed."


def test_pages_are_navigated_and_zoomed_from_the_keyboard(open_dialog, ws, scenario, qloop, qtbot):
    dialog = open_dialog("signin")
    rendered(dialog, qloop)
    if dialog.page_count() < 2:
        choose(dialog.document_combo, "minutes")
        rendered(dialog, qloop)
    assert dialog.page_count() >= 2
    dialog.preview.view.setFocus()

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier, until) -> None:
        qtbot.keyClick(dialog, key, modifier)
        run_until(qloop, until)  # a button's shortcut clicks it a moment later

    alt, ctrl = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
    press(Qt.Key.Key_Right, alt, lambda: dialog.preview.page_spin.value() == 2)
    press(Qt.Key.Key_Left, alt, lambda: dialog.preview.page_spin.value() == 1)
    assert dialog.preview.zoom_combo.currentText() == "Fit width"
    press(Qt.Key.Key_Equal, ctrl, lambda: dialog.preview.zoom_combo.currentText() == "100%")
    press(Qt.Key.Key_Equal, ctrl, lambda: dialog.preview.zoom_combo.currentText() == "125%")
    press(Qt.Key.Key_Minus, ctrl, lambda: dialog.preview.zoom_combo.currentText() == "100%")
    assert dialog.preview.view.zoomFactor() == 1.0


@pytest.mark.parametrize(
    ("name", "paper"),
    [("en_US", "letter"), ("en_CA", "letter"), ("en_GB", "a4"), ("nl_NL", "a4"), ("C", "a4")],
)
def test_the_paper_follows_the_locale(name, paper):
    assert print_ops.default_paper(QLocale(name)) == paper


def test_the_print_dialog_asks_for_the_pages_chosen(qapp):
    printer = QPrinter()
    assert print_ops.pages_to_print(printer, 3) == [0, 1, 2]
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    printer.setPageRanges(ranges)
    assert print_ops.pages_to_print(printer, 4) == [1, 2]


def test_a_file_name_is_safe_on_every_system():
    assert print_ops.file_name("Sign-in sheet", 'Kring: "oost"/west?') == (
        "Sign-in sheet - Kring- -oost-west.pdf"
    )


def test_every_control_has_an_accessible_name(open_dialog, qloop):
    dialog = open_dialog()
    rendered(dialog, qloop)
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QComboBox | QAbstractSpinBox)
        and w.isVisibleTo(dialog)
        and not w.objectName().startswith("qt_")
    ]
    assert len(controls) >= 10
    assert [w for w in controls if not w.accessibleName()] == []
