"""User actions on handouts: render one off the GUI thread, print it, save it as PDF."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QRect, QRectF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app import i18n
from app.domain.errors import KringError
from app.i18n import _
from app.services.workspace import Workspace
from ui.ops.feedback import show_error

Progress = Callable[[float, str], None]
AskPrinter = Callable[[QWidget, QPrinter, int], bool]

# Pages are painted in bands this many pixels high: a whole A4 page at 600 dpi would take
# 140 MB at once. Above MAX_DPI a printer gets the page scaled up: no paper shows more.
BAND = 512
MAX_DPI = 600


@dataclass(frozen=True, slots=True)
class Handout:
    """Which PDF to make: a session handout (render.SESSION_KINDS) or "directory"."""

    kind: str
    community_id: str
    session_id: str | None = None
    paper: str = "a4"
    language: str = "en"
    badges: str = "2x4"


def default_paper(locale: QLocale | None = None) -> str:
    """Letter where people print on it (the US and Canada), A4 everywhere else."""
    return "letter" if (locale or QLocale()).name() in ("en_US", "en_CA") else "a4"


def render_to_file(data_dir: Path, handout: Handout, out: Path) -> Path:
    """Draw the handout into `out`. Worker thread: opens (and closes) its own workspace."""
    from app.handouts import render  # reportlab: loaded when the first handout is asked for

    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        with i18n.in_language(handout.language):
            if handout.kind == "directory":
                pdf = render.directory_pdf(ws, handout.community_id, paper=handout.paper)
            else:
                pdf = render.session_pdf(
                    ws,
                    handout.session_id or "",
                    handout.kind,
                    paper=handout.paper,
                    badges=handout.badges,
                )
        render.write_pdf(out, pdf)
    finally:
        ws.close()
    return out


async def render(data_dir: Path, handout: Handout, out: Path) -> str | None:
    """Render off the GUI thread into `out`; None when done, else what went wrong, in words
    for the facilitator (the dialog shows it in place of the preview)."""
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(None, render_to_file, data_dir, handout, out)
    except KringError as error:
        return str(error)
    return None


# --- printing -------------------------------------------------------------------------


def new_printer(paper: str, title: str) -> QPrinter:
    """A printer set up for the handout's paper; the print dialog may change any of it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    size = QPageSize.PageSizeId.Letter if paper == "letter" else QPageSize.PageSizeId.A4
    printer.setPageSize(QPageSize(size))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF has its own margins
    printer.setDocName(title)
    return printer


def ask_printer(parent: QWidget, printer: QPrinter, pages: int) -> bool:
    """The system print dialog; False if the facilitator cancels. GUI thread."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    dialog.setMinMax(1, pages)
    return dialog.exec() == QDialog.DialogCode.Accepted


def pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """The page numbers (from 0) the print dialog asked for, in printing order, all copies
    the printer does not make by itself included."""
    ranges = printer.pageRanges()
    wanted = [p for p in range(count) if ranges.isEmpty() or ranges.contains(p + 1)]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        wanted.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        return wanted * copies
    return [p for p in wanted for _n in range(copies)]


def print_file(
    pdf: Path, printer: QPrinter, progress: Progress, abort: threading.Event | None = None
) -> int:
    """Paint the PDF's pages onto `printer` at its resolution; the number of pages sent.

    Worker thread: QPainter may paint on a QPrinter off the GUI thread, and the document is
    its own. Raises KringError when the printer cannot be started.
    """
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise KringError(_("The handout could not be read back for printing. Please try again."))
    pages = pages_to_print(printer, document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        message = _("The printer could not be started. Check that it is on, then try again.")
        raise KringError(message)
    try:
        for n, page in enumerate(pages):
            if abort is not None and abort.is_set():
                printer.abort()
                break
            if n:
                printer.newPage()
            progress(
                n / len(pages), _("Printing page {n} of {total}…").format(n=n + 1, total=len(pages))
            )
            _paint_page(painter, document, page, printer)
    finally:
        painter.end()
        document.close()
    return len(pages)


def _paint_page(painter: QPainter, document: QPdfDocument, page: int, printer: QPrinter) -> None:
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    points = document.pagePointSize(page)
    dpi = printer.resolution()
    width, height = points.width() * dpi / 72, points.height() * dpi / 72
    fit = min(paper.width() / width, paper.height() / height)
    target = QRectF(0, 0, width * fit, height * fit)
    target.moveCenter(QRectF(0, 0, paper.width(), paper.height()).center())
    scale = min(1.0, MAX_DPI / dpi)
    full = QSize(round(target.width() * scale), round(target.height() * scale))
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(full)
    for top in range(0, full.height(), BAND):
        rows = min(BAND, full.height() - top)
        options.setScaledClipRect(QRect(0, top, full.width(), rows))
        band = QImage(full.width(), rows, QImage.Format.Format_RGB32)
        band.fill(Qt.GlobalColor.white)  # pages render onto transparency
        on_white = QPainter(band)
        on_white.drawImage(0, 0, document.render(page, QSize(full.width(), rows), options))
        on_white.end()
        y = target.y() + top / scale
        painter.drawImage(QRectF(target.x(), y, target.width(), rows / scale), band)


def choose_printer(
    parent: QWidget, paper: str, title: str, pages: int, ask: AskPrinter = ask_printer
) -> QPrinter | None:
    """The printer the facilitator chose in the print dialog, or None if they cancelled.

    GUI thread, and outside any coroutine: the dialog runs a nested event loop, which must
    not step other tasks from inside one.
    """
    printer = new_printer(paper, title)
    return printer if ask(parent, printer, pages) else None


async def print_handout(
    parent: QWidget,
    pdf: Path,
    printer: QPrinter,
    progress: Progress,
    abort: threading.Event | None = None,
) -> int:
    """Print off the GUI thread; the pages sent (0 if the printer refused, said in a box).

    `progress` is called on the GUI thread; nothing else may use `printer` meanwhile.
    """
    loop = asyncio.get_running_loop()

    def report(fraction: float, message: str) -> None:  # worker thread
        loop.call_soon_threadsafe(progress, fraction, message)

    try:
        return await loop.run_in_executor(None, print_file, pdf, printer, report, abort)
    except KringError as error:
        show_error(parent, str(error))
        return 0


# --- saving ---------------------------------------------------------------------------


def file_name(*parts: str) -> str:
    """A file name from a document's title and subject, safe on every system."""
    name = " - ".join(p for p in parts if p)
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name).strip(" .-")[:120] + ".pdf"


def save_as_pdf(parent: QWidget, pdf: Path, suggested: str) -> Path | None:
    """Ask where, then copy the rendered handout there; the path, or None. GUI thread."""
    from app.handouts import render

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Save as PDF"), str(Path(folder) / suggested), _("PDF documents (*.pdf)")
    )
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    try:
        render.write_pdf(target, pdf.read_bytes())
    except KringError as error:
        show_error(parent, str(error))
        return None
    return target
