"""Printing a question's dossier from its tab, with a stand-in for the system print dialog."""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from tests.ui.helpers import run_until
from tests.ui.questions_scenario import build

CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def scenario(ws, community):
    return build(ws, community)


def test_the_dossier_is_printed_in_the_background(scenario, window, qloop, qtbot, tmp_path):
    page = window.questions_page
    window.open_item("question", scenario.questions["wijk"])
    page.tabs.setCurrentWidget(page.dossier)
    printed = tmp_path / "printed.pdf"
    asked = []

    def ask_printer(parent, printer: QPrinter, pages: int) -> bool:
        asked.append((printer.docName(), pages))
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    page.ask_printer = ask_printer
    qtbot.mouseClick(page.dossier.print_button, CLICK)
    assert not page.dossier.print_button.isEnabled()  # busy: one print at a time
    run_until(qloop, lambda: page.dossier.status_label.text().startswith("Sent"), timeout=60)
    assert asked == [("Question dossier", 1)]
    assert page.dossier.status_label.text() == "Sent 1 page to the printer."
    assert page.dossier.print_button.isEnabled()
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages: +1$", info.stdout, re.MULTILINE)


def test_a_cancelled_print_says_nothing_was_printed(scenario, window, qloop, qtbot):
    page = window.questions_page
    window.open_item("question", scenario.questions["tuin"])
    page.tabs.setCurrentWidget(page.dossier)
    page.ask_printer = lambda parent, printer, pages: False
    qtbot.mouseClick(page.dossier.print_button, CLICK)
    run_until(qloop, lambda: page.dossier.print_button.isEnabled(), timeout=60)
    assert page.dossier.status_label.text() == "Nothing was printed."
