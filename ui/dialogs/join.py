"""Dialogs that ask where to join: a server (address + invite code), or a shared folder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KringError
from app.i18n import _
from ui.loop import async_slot


def choose_folder(parent: QWidget, start: str = "") -> str:
    """Ask for a folder (Qt's own dialog: the same in every desktop, and translated)."""
    return QFileDialog.getExistingDirectory(
        parent, _("Choose the shared folder"), start,
        QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog,
    )  # fmt: skip


def _labelled(form: QFormLayout, text: str, field: QWidget) -> None:
    label = QLabel(text)
    label.setBuddy(field)
    form.addRow(label, field)


class ServerDialog(QDialog):
    """The server's address and an invite code from its admin. GUI thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sync with a server"))
        self.setAccessibleName(self.windowTitle())
        self.url_edit = QLineEdit()
        self.url_edit.setAccessibleName(_("Server address"))
        self.url_edit.setPlaceholderText("https://kring.example.org")
        self.invite_edit = QLineEdit()
        self.invite_edit.setAccessibleName(_("Invite code"))
        form = QFormLayout()
        _labelled(form, _("Server &address:"), self.url_edit)
        _labelled(form, _("&Invite code:"), self.invite_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Ask the community's server admin for an invite code.")))
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def url(self) -> str:
        return self.url_edit.text().strip()

    def invite(self) -> str:
        return self.invite_edit.text().strip()


class JoinDialog(QDialog):
    """Join a community another laptop shares: from a shared folder, or from a server.

    `list_folder(folder)` reads which communities a folder holds: [(id, name)], awaited
    (reading names may decode a large snapshot: it runs off the GUI thread); a KringError's
    message is shown in the dialog. GUI thread.
    """

    def __init__(
        self,
        list_folder: Callable[[str], Awaitable[list[tuple[str, str]]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.list_folder = list_folder
        self.setWindowTitle(_("Join a community"))
        self.setAccessibleName(self.windowTitle())
        self.folder_choice = QRadioButton(_("From a shared &folder"))
        self.server_choice = QRadioButton(_("From a &server"))
        self.folder_choice.setChecked(True)

        self.folder_edit = QLineEdit()
        self.folder_edit.setAccessibleName(_("Shared folder"))
        self.browse_button = QPushButton(_("&Browse…"))
        self.browse_button.setAccessibleName(_("Browse for the shared folder"))
        self.browse_button.clicked.connect(self._browse)
        self.folder_edit.editingFinished.connect(self.look)
        self.community_combo = QComboBox()
        self.community_combo.setAccessibleName(_("Community in the folder"))
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(_("Passphrase"))
        self.passphrase_edit.setPlaceholderText(_("only for an encrypted community"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Message"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        folder_form = QFormLayout()
        folder_label = QLabel(_("Shared f&older:"))
        folder_label.setBuddy(self.folder_edit)
        folder_form.addRow(folder_label, folder_row)
        _labelled(folder_form, _("C&ommunity:"), self.community_combo)
        _labelled(folder_form, _("&Passphrase:"), self.passphrase_edit)

        self.url_edit = QLineEdit()
        self.url_edit.setAccessibleName(_("Server address"))
        self.url_edit.setPlaceholderText("https://kring.example.org")
        self.invite_edit = QLineEdit()
        self.invite_edit.setAccessibleName(_("Invite code"))
        server_form = QFormLayout()
        _labelled(server_form, _("Server &address:"), self.url_edit)
        _labelled(server_form, _("&Invite code:"), self.invite_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_choice)
        layout.addLayout(folder_form)
        layout.addWidget(self.server_choice)
        layout.addLayout(server_form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.folder_choice.toggled.connect(self._update)
        self._update()

    def from_folder(self) -> bool:
        return self.folder_choice.isChecked()

    def folder(self) -> str:
        return self.folder_edit.text().strip()

    def community(self) -> str | None:
        return self.community_combo.currentData()

    def passphrase(self) -> str | None:
        return self.passphrase_edit.text() or None

    def url(self) -> str:
        return self.url_edit.text().strip()

    def invite(self) -> str:
        return self.invite_edit.text().strip()

    @async_slot()
    async def look(self) -> None:
        """List the communities the folder typed holds."""
        self.community_combo.clear()
        self.message.clear()
        folder = self.folder()
        if not folder:
            self._update()
            return
        self.message.setText(_("Reading the shared folder…"))
        try:
            found = await self.list_folder(folder)
        except KringError as error:
            self.message.setText(str(error))
            found = []
        else:
            self.message.clear()
        if folder != self.folder():
            return  # another folder was typed meanwhile: its own reading fills the list
        for community_id, name in found:
            self.community_combo.addItem(name or _("(name not readable yet)"), community_id)
        if not found and not self.message.text():
            self.message.setText(_("This folder holds no communities yet."))
        self._update()

    def _browse(self) -> None:
        chosen = choose_folder(self, self.folder())
        if chosen:
            self.folder_edit.setText(chosen)
            self.look()

    def _update(self) -> None:
        folder = self.from_folder()
        for widget in (self.folder_edit, self.browse_button, self.community_combo,
                       self.passphrase_edit):  # fmt: skip
            widget.setEnabled(folder)
        for widget in (self.url_edit, self.invite_edit):
            widget.setEnabled(not folder)
