"""The print dialog: choose a handout, its paper and language, preview it, print or save it."""

from __future__ import annotations

import asyncio
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.i18n import N_, _
from ui.dialogs.pdf_preview import PdfPreview
from ui.loop import start as start_task
from ui.ops import print as print_ops

# The documents offered for a session, by key: the handout kind, then a badge sheet's layout.
SESSION_DOCUMENTS = (
    ("agenda", N_("Session handout (agenda)")),
    ("signin", N_("Sign-in sheet")),
    ("minutes", N_("Minutes")),
    ("badges-2x4", N_("Name badges, 2 × 4 on a sheet")),
    ("badges-2x5", N_("Name badges, 2 × 5 on a sheet")),
)
DIRECTORY = ("directory", N_("Member directory"))
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}  # each in its own language


class PrintDialog(QDialog):
    """Previews one handout at a time, rendered off the GUI thread. GUI thread.

    `ask_printer` is the system print dialog; tests put a stand-in there.
    """

    def __init__(
        self,
        data_dir: Path,
        community_id: str,
        session_id: str | None = None,
        *,
        subject: str = "",
        kind: str = "agenda",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.community_id = community_id
        self.session_id = session_id
        self.subject = subject
        self.ask_printer = print_ops.ask_printer
        self._temp = tempfile.TemporaryDirectory(prefix="kring-print-", ignore_cleanup_errors=True)
        self._serial = 0
        self._shown: Path | None = None
        self._wanted: print_ops.Handout | None = None
        self._task: asyncio.Future | None = None  # the render, then the renders that follow
        self._print_task: asyncio.Future | None = None
        self._abort = threading.Event()
        self._closed = False

        self.setWindowTitle(
            _("Print — {subject}").format(subject=subject) if subject else _("Print")
        )
        self.setAccessibleName(_("Print handouts"))
        self.resize(860, 760)
        self._make_options(kind)
        self.preview = PdfPreview()
        self._make_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(self.options_row)
        layout.addWidget(self.preview, 1)
        layout.addLayout(self.bottom_row)
        self.request_render()

    # --- building -------------------------------------------------------------

    def _make_options(self, kind: str) -> None:
        self.document_combo = QComboBox()
        self.document_combo.setAccessibleName(_("Document"))
        documents = [*SESSION_DOCUMENTS, DIRECTORY] if self.session_id else [DIRECTORY]
        for key, name in documents:
            self.document_combo.addItem(_(name), key)
        self.document_combo.setCurrentIndex(max(0, self.document_combo.findData(kind)))
        self.paper_combo = QComboBox()
        self.paper_combo.setAccessibleName(_("Paper"))
        self.paper_combo.addItem("A4", "a4")
        self.paper_combo.addItem(_("Letter"), "letter")
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(print_ops.default_paper()))
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language of the handout"))
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(i18n.current_language()))
        )
        self.options_row = QHBoxLayout()
        for text, combo in (
            (_("&Document:"), self.document_combo),
            (_("P&aper:"), self.paper_combo),
            (_("&Language:"), self.language_combo),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            self.options_row.addWidget(label)
            self.options_row.addWidget(combo)
            self.options_row.addSpacing(12)
            combo.currentIndexChanged.connect(self.request_render)
        self.options_row.addStretch()

    def _make_buttons(self) -> None:
        self.busy_bar = QProgressBar()
        self.busy_bar.setAccessibleName(_("Working"))
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(120)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("Status"))
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.save_button.setAccessibleName(_("Save as PDF"))
        self.save_button.clicked.connect(self.save_as_pdf)
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setAccessibleName(_("Print"))
        self.print_button.clicked.connect(self.print_document)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.reject)
        self.bottom_row = QHBoxLayout()
        self.bottom_row.addWidget(self.busy_bar)
        self.bottom_row.addWidget(self.status_label, 1)
        for button in (self.save_button, self.print_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the page field must not start printing
            self.bottom_row.addWidget(button)

    # --- rendering ------------------------------------------------------------

    def options(self) -> print_ops.Handout:
        kind, _dash, layout = self.document_combo.currentData().partition("-")
        return print_ops.Handout(
            kind,
            self.community_id,
            self.session_id,
            paper=self.paper_combo.currentData(),
            language=self.language_combo.currentData(),
            badges=layout or "2x4",
        )

    @Slot()
    def request_render(self) -> None:
        """Render the chosen handout; while one renders, the latest choice follows it."""
        self._wanted = self.options()
        if self._task is None or self._task.done():
            self._task = start_task(self._render_latest())

    async def _render_latest(self) -> None:
        self.set_busy(_("Preparing the preview…"))
        try:
            while True:
                wanted = self._wanted
                self._serial += 1
                out = Path(self._temp.name) / f"handout-{self._serial}.pdf"
                problem = await print_ops.render(self.data_dir, wanted, out)
                if self._closed or wanted == self._wanted:
                    break
        except Exception:
            if not self._closed:  # told in words here; the details go on to the log
                self._show_problem(_("Kring could not make this handout. Please try again."))
            raise
        finally:
            if self._closed and not self.is_printing():
                self._temp.cleanup()
            elif not self._closed:
                self.set_busy(None)
        if self._closed:
            return
        if problem is None:
            self._show_pdf(out)
        else:
            self._show_problem(problem)

    def _show_pdf(self, path: Path) -> None:
        before = self._shown
        if not self.preview.show_file(path):
            self._show_problem(_("The preview could not be shown. Please try again."))
            return
        self._shown = path
        if before is not None and before != path:
            before.unlink(missing_ok=True)
        count = self.preview.page_count()
        self.status_label.setText(_("1 page") if count == 1 else _("{n} pages").format(n=count))
        self._enable(True)

    def _show_problem(self, message: str) -> None:
        self._shown = None
        self.preview.show_message(message)
        self.status_label.setText(_("No preview"))
        self._enable(False)

    def set_busy(self, message: str | None) -> None:
        """Show what is being done (None: nothing) and keep Print and Save from racing it."""
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setVisible(message is not None)
        if message is not None:
            self.status_label.setText(message)
            self._enable(False)
        else:
            self._enable(self._shown is not None)

    def is_busy(self) -> bool:
        return self.busy_bar.isVisibleTo(self)

    def is_printing(self) -> bool:
        return self._print_task is not None and not self._print_task.done()

    def is_rendering(self) -> bool:
        """Whether a render is under way or about to start (for the last choice made)."""
        return self._task is not None and not self._task.done()

    def _enable(self, ready: bool) -> None:
        on = ready and not self.is_busy()
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)
        self.preview.set_navigable(on)

    def page_count(self) -> int:
        """Pages in the preview shown (0 while there is none)."""
        return self.preview.page_count() if self._shown else 0

    def shown_file(self) -> Path | None:
        return self._shown

    # --- printing and saving --------------------------------------------------

    def _title(self) -> str:
        return self.document_combo.currentText()

    @Slot()
    def print_document(self) -> None:
        """Ask for a printer here, then print in the background."""
        if self._shown is None or self.is_busy():
            return
        printer = print_ops.choose_printer(
            self, self.options().paper, self._title(), self.page_count(), self.ask_printer
        )
        if printer is None:
            self.status_label.setText(_("Nothing was printed."))
            return
        self._print_task = start_task(self._print(self._shown, printer))

    async def _print(self, pdf: Path, printer: QPrinter) -> None:
        self.set_busy(_("Printing…"))
        options = (self.document_combo, self.paper_combo, self.language_combo)
        for combo in options:  # a new render would replace the file being printed
            combo.setEnabled(False)
        self._abort.clear()
        sent = 0
        try:
            sent = await print_ops.print_handout(self, pdf, printer, self._progress, self._abort)
        finally:
            if self._closed:
                self._temp.cleanup()
            else:
                self.set_busy(None)
                for combo in options:
                    combo.setEnabled(True)
        if not self._closed:
            self.status_label.setText(
                _("Sent 1 page to the printer.")
                if sent == 1
                else _("Sent {n} pages to the printer.").format(n=sent)
                if sent
                else _("Nothing was printed.")
            )

    def _progress(self, fraction: float, message: str) -> None:
        if not self._closed:
            self.busy_bar.setRange(0, 100)
            self.busy_bar.setValue(round(fraction * 100))
            self.status_label.setText(message)

    @Slot()
    def save_as_pdf(self) -> None:
        if self._shown is None:
            return
        name = print_ops.file_name(self._title(), self.subject)
        saved = print_ops.save_as_pdf(self, self._shown, name)
        if saved is not None:
            self.status_label.setText(_("Saved as {path}").format(path=saved))

    def done(self, result: int) -> None:
        """Closing stops a print between pages; files are cleaned up once no render needs them."""
        self._closed = True
        self._abort.set()
        self.preview.close_document()
        if not any(t is not None and not t.done() for t in (self._task, self._print_task)):
            self._temp.cleanup()
        super().done(result)
