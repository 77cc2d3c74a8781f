"""Settings: the language Kring speaks."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from app.i18n import _


class SettingsDialog(QDialog):
    """Asks for the language; the window applies it. GUI thread."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.setAccessibleName(_("Settings"))
        self.language_box = QComboBox()
        self.language_box.setAccessibleName(_("Language"))
        # Language names are shown in their own language, so anyone can find theirs.
        self.language_box.addItem(_("Follow the system"), "")
        self.language_box.addItem("English", "en")
        self.language_box.addItem("Nederlands", "nl")
        index = self.language_box.findData(language)
        self.language_box.setCurrentIndex(max(index, 0))
        label = QLabel(_("&Language:"))
        label.setBuddy(self.language_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow(label, self.language_box)
        form.addRow(buttons)

    def language(self) -> str:
        return self.language_box.currentData()
