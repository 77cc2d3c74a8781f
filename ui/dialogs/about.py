"""About Kring: the version, and where a newer one comes from (Kring never checks online)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app import DOWNLOAD_PAGE, __version__
from app.i18n import _


class AboutDialog(QDialog):
    """Says which Kring this is. GUI thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Kring"))
        self.setAccessibleName(_("About Kring"))
        title = QLabel(_("Kring {version}").format(version=__version__))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.version_label = title
        text = QLabel(
            _(
                "Kring helps facilitators of hybrid communities prepare, run and review their "
                "meetings, offline first.\n\nKring never checks the internet for updates by "
                "itself. A newer version, when there is one, can be downloaded from {page}."
            ).format(page=DOWNLOAD_PAGE)
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setAccessibleName(_("About Kring"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # The application's icon (set by ui/app.py), beside the name and version.
        self.icon_label = QLabel()
        icon = QApplication.windowIcon()
        if not icon.isNull():
            self.icon_label.setPixmap(icon.pixmap(64, 64))
        heading = QHBoxLayout()
        heading.addWidget(self.icon_label)
        heading.addWidget(title, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
