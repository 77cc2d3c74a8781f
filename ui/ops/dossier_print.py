"""Printing a question's dossier: render it off the GUI thread, ask for a printer, print in
the background. Imported on first use (QtPdf, QtPrintSupport and reportlab are heavy)."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget

from app import i18n
from app.domain.errors import KringError
from app.i18n import _
from app.services.workspace import Workspace
from ui.loop import start as start_task
from ui.ops import print as print_ops
from ui.ops.feedback import show_error


def render_dossier_file(data_dir: Path, question_id: str, out: Path, language: str, paper: str):
    """Draw the question's dossier into `out`. Worker thread: opens its own workspace."""
    from app.handouts import render  # reportlab: loaded when the first handout is asked for

    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        with i18n.in_language(language):
            pdf = render.dossier_pdf(ws, question_id, paper=paper)
        render.write_pdf(out, pdf)
    finally:
        ws.close()
    return out


def pdf_pages(path: Path) -> int:
    """The number of pages of a rendered PDF (the print dialog's page range)."""
    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_:
            return 1
        return max(1, document.pageCount())
    finally:
        document.close()


class DossierPrinter(QObject):
    """Prints one dossier at a time for `parent`; `status` tells how it goes (with whether
    it is still busy). GUI thread; needs a running qasync loop."""

    status = Signal(str, bool)

    def __init__(self, parent: QWidget, data_dir: Path) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.data_dir = Path(data_dir)
        self.ask_printer: print_ops.AskPrinter = print_ops.ask_printer
        self.task: asyncio.Future | None = None
        self._folder: Path | None = None

    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self, question_id: str) -> None:
        if not self.busy():
            self.status.emit(_("Preparing the dossier…"), True)
            self.task = start_task(self._render(question_id))

    async def _render(self, question_id: str) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="kring-dossier-"))
        out = self._folder / "dossier.pdf"
        paper = print_ops.default_paper()
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(
                None,
                render_dossier_file,
                self.data_dir,
                question_id,
                out,
                i18n.current_language(),
                paper,
            )
        except KringError as error:
            self._finish(_("Nothing was printed."))
            show_error(self.parent_widget, str(error))
            return
        # The print dialog runs an event loop of its own: ask outside this coroutine.
        QTimer.singleShot(0, lambda: self._ask(out, paper))

    def _ask(self, out: Path, paper: str) -> None:
        printer = print_ops.choose_printer(
            self.parent_widget, paper, _("Question dossier"), pdf_pages(out), self.ask_printer
        )
        if printer is None:
            self._finish(_("Nothing was printed."))
            return
        self.task = start_task(self._print(out, printer))

    async def _print(self, out: Path, printer: object) -> None:
        self.status.emit(_("Printing…"), True)
        sent = await print_ops.print_handout(
            self.parent_widget, out, printer, lambda _f, message: self.status.emit(message, True)
        )
        self._finish(
            _("Sent 1 page to the printer.")
            if sent == 1
            else _("Sent {n} pages to the printer.").format(n=sent)
            if sent
            else _("Nothing was printed.")
        )

    def _finish(self, message: str) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self.status.emit(message, False)
