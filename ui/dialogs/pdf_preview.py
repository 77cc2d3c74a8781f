"""A PDF preview pane: the pages (QtPdf), page navigation and zoom, or a message instead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
FIT_WIDTH, FIT_PAGE = "width", "page"


class PdfPreview(QWidget):
    """Shows one PDF file, or a message where it cannot. GUI thread.

    Its shortcuts (Alt+Left/Right for pages, Ctrl+-/+ for zoom) work in the whole window.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setAccessibleName(_("Preview"))
        self.view.setAccessibleDescription(_("How the handout will look on paper"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Page Up/Down scroll through it
        self.message_label = QLabel()
        self.message_label.setAccessibleName(_("Problem"))
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setContentsMargins(40, 40, 40, 40)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message_label)

        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._page_shown)
        self.previous_button = self._tool_button(
            QStyle.StandardPixmap.SP_ArrowBack, _("Previous page"), QKeySequence("Alt+Left")
        )
        self.previous_button.clicked.connect(lambda: self.go_to_page(navigator.currentPage() - 1))
        self.next_button = self._tool_button(
            QStyle.StandardPixmap.SP_ArrowForward, _("Next page"), QKeySequence("Alt+Right")
        )
        self.next_button.clicked.connect(lambda: self.go_to_page(navigator.currentPage() + 1))
        self.page_spin = QSpinBox()
        self.page_spin.setAccessibleName(_("Page"))
        self.page_spin.setRange(1, 1)
        self.page_spin.valueChanged.connect(lambda value: self.go_to_page(value - 1))
        self.page_total = QLabel()
        self.page_total.setAccessibleName(_("Number of pages"))
        self.zoom_combo = QComboBox()
        self.zoom_combo.setAccessibleName(_("Zoom"))
        self.zoom_combo.addItem(_("Fit width"), FIT_WIDTH)
        self.zoom_combo.addItem(_("Whole page"), FIT_PAGE)
        for factor in ZOOMS:
            self.zoom_combo.addItem(f"{factor:.0%}", factor)
        self.zoom_combo.currentIndexChanged.connect(self._zoom_chosen)
        self.zoom_out_button = self._tool_button(
            "−", _("Zoom out"), QKeySequence(QKeySequence.StandardKey.ZoomOut)
        )
        self.zoom_out_button.clicked.connect(lambda: self.zoom_step(-1))
        self.zoom_in_button = self._tool_button(
            "+", _("Zoom in"), QKeySequence(QKeySequence.StandardKey.ZoomIn)
        )
        self.zoom_in_button.clicked.connect(lambda: self.zoom_step(+1))
        QShortcut(QKeySequence("Ctrl+="), self, lambda: self.zoom_step(+1))

        page_label = QLabel(_("Pa&ge:"))
        page_label.setBuddy(self.page_spin)
        zoom_label = QLabel(_("&Zoom:"))
        zoom_label.setBuddy(self.zoom_combo)
        self.navigation_row = QHBoxLayout()
        for widget in (page_label, self.previous_button, self.page_spin, self.page_total,
                       self.next_button):  # fmt: skip
            self.navigation_row.addWidget(widget)
        self.navigation_row.addStretch()
        for widget in (zoom_label, self.zoom_out_button, self.zoom_combo, self.zoom_in_button):
            self.navigation_row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.navigation_row)
        layout.addWidget(self.stack, 1)
        self.set_navigable(False)

    def _tool_button(
        self, face: str | QStyle.StandardPixmap, name: str, keys: QKeySequence
    ) -> QToolButton:
        button = QToolButton()
        if isinstance(face, str):
            button.setText(face)
        else:
            button.setIcon(self.style().standardIcon(face))
        button.setAccessibleName(name)
        button.setShortcut(keys)
        button.setToolTip(f"{name} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
        return button

    # --- what is shown --------------------------------------------------------

    def show_file(self, path: Path) -> bool:
        """Show the PDF at `path`, from its first page; False if it cannot be read."""
        if self.document.load(str(path)) != QPdfDocument.Error.None_:
            return False
        count = self.document.pageCount()
        with QSignalBlocker(self.page_spin):
            self.page_spin.setRange(1, max(1, count))
            self.page_spin.setValue(1)
        self.page_total.setText(_("of {n}").format(n=count))
        self.stack.setCurrentWidget(self.view)
        return True

    def show_message(self, message: str) -> None:
        """Say why there is nothing to show, in place of the pages."""
        self.document.close()
        self.message_label.setText(message)
        self.stack.setCurrentWidget(self.message_label)
        self.page_total.setText("")
        self.set_navigable(False)

    def set_navigable(self, on: bool) -> None:
        for widget in (self.page_spin, self.previous_button, self.next_button):
            widget.setEnabled(on)

    def page_count(self) -> int:
        return self.document.pageCount()

    def close_document(self) -> None:
        self.document.close()

    # --- navigation -----------------------------------------------------------

    def go_to_page(self, page: int) -> None:
        if 0 <= page < self.document.pageCount():
            navigator = self.view.pageNavigator()
            navigator.jump(page, QPointF(), navigator.currentZoom())

    def _page_shown(self, page: int) -> None:
        with QSignalBlocker(self.page_spin):
            self.page_spin.setValue(page + 1)

    def _zoom_chosen(self, index: int) -> None:
        choice = self.zoom_combo.itemData(index)
        if choice == FIT_WIDTH:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif choice == FIT_PAGE:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(choice)

    def zoom_step(self, direction: int) -> None:
        """One step bigger (+1) or smaller (-1); from a fitted page, the first step is 100%."""
        current = self.zoom_combo.currentData()
        if not isinstance(current, float):
            target = 1.0
        else:
            steps = [z for z in ZOOMS if (z > current if direction > 0 else z < current)]
            if not steps:
                return
            target = steps[0] if direction > 0 else steps[-1]
        self.zoom_combo.setCurrentIndex(self.zoom_combo.findData(target))
