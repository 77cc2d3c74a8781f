"""The page shown while there is no community yet: create one, or open the demo."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _


class WelcomePage(QWidget):
    """Two ways in; the owner decides what they do. GUI thread."""

    create_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Welcome"))

        title = QLabel(_("Welcome to Kring"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName(_("Welcome to Kring"))

        intro = QLabel(
            _(
                "Kring keeps your community's members, questions and meetings on this "
                "computer, so it works without a network. Start by creating your community, "
                "or look around in a demo community first."
            )
        )
        intro.setWordWrap(True)
        intro.setAccessibleName(_("About Kring"))

        self.create_button = QPushButton(_("Create a community…"))
        self.create_button.setAccessibleName(_("Create a community"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_requested)

        self.demo_button = QPushButton(_("Open the demo community"))
        self.demo_button.setAccessibleName(_("Open the demo community"))
        self.demo_button.setAccessibleDescription(
            _("Adds a made-up community with members and meetings, to try Kring out.")
        )
        self.demo_button.clicked.connect(self.demo_requested)

        self.busy_label = QLabel(_("Building the demo community…"))
        self.busy_bar = QProgressBar()
        self.busy_bar.setAccessibleName(_("Building the demo community"))
        self.busy_bar.setTextVisible(False)
        for widget in (self.busy_label, self.busy_bar):  # appearing, they must not move the page
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)

        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch()

        column = QVBoxLayout()
        column.addWidget(title)
        column.addSpacing(8)
        column.addWidget(intro)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(8)
        column.addWidget(self.busy_label)
        column.addWidget(self.busy_bar)

        box = QWidget()
        box.setLayout(column)
        # A fixed width (not an alignment) lets the wrapped intro get the height it needs.
        box.setFixedWidth(560)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(box)
        row.addStretch()

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        """Show the working indicator and keep the buttons from being pressed twice."""
        self.busy_bar.setRange(0, 0)  # no known length until the first progress report
        self.busy_label.setText(_("Building the demo community…"))
        self.create_button.setEnabled(not busy)
        self.demo_button.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def set_progress(self, fraction: float, message: str) -> None:
        self.busy_bar.setRange(0, 100)
        self.busy_bar.setValue(round(fraction * 100))
        self.busy_label.setText(message)

    def is_busy(self) -> bool:
        return self.busy_bar.isVisibleTo(self)
