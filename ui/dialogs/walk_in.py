"""The inline walk-in form of Live mode: name, brought by, optional email, and a duplicate check."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from ui.models.text import fold
from ui.pages.session_widgets import MemberPicker


def find_existing(people: list[dict], name: str, email: str) -> dict | None:
    """The member a walk-in probably is: same email, else same name (ignoring case, accents
    and spaces)."""
    email = email.strip().casefold()
    if email:
        for p in people:
            if p.get("email") and p["email"].casefold() == email:
                return p
    key = fold(" ".join(name.split()))
    if key:
        for p in people:
            if fold(" ".join(p["name"].split())) == key:
                return p
    return None


class WalkInForm(QWidget):
    """Asks `add` (name, brought-by id, email) or, for someone already known, `check_in` (id).

    Enter in any field adds; when the name or email is a member's already, it says so and
    offers to check that member in instead (or add a new person all the same). GUI thread.
    """

    add = Signal(str, object, str)  # name, brought_by id or None, email
    check_in = Signal(str)  # member id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Walk-in"))
        self.people: list[dict] = []
        self._existing: dict | None = None
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Walk-in's name"))
        self.brought_by = MemberPicker()
        self.brought_by.setAccessibleName(_("Brought by"))
        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName(_("Walk-in's email (optional)"))
        self.add_button = QPushButton(_("&Add walk-in"))
        self.add_button.setAccessibleName(_("Add walk-in"))
        self.add_button.clicked.connect(self.submit)
        for edit in (self.name_edit, self.brought_by, self.email_edit):
            edit.returnPressed.connect(self.submit)
        self.warning = QLabel()
        self.warning.setAccessibleName(_("Walk-in warning"))
        self.warning.setWordWrap(True)
        self.use_existing = QPushButton()
        self.use_existing.setAccessibleName(_("Check in the existing member"))
        self.use_existing.clicked.connect(self._check_in_existing)
        self.add_anyway = QPushButton(_("A&dd a new person anyway"))
        self.add_anyway.setAccessibleName(_("Add as a new person"))
        self.add_anyway.clicked.connect(lambda: self._emit_add())

        form = QFormLayout()
        for text, field in (
            (_("&Name:"), self.name_edit),
            (_("Brou&ght by:"), self.brought_by),
            (_("E&mail:"), self.email_edit),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        choice = QHBoxLayout()
        choice.addWidget(self.use_existing)
        choice.addWidget(self.add_anyway)
        choice.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.add_button)
        layout.addWidget(self.warning)
        layout.addLayout(choice)
        self._show_warning(None)

    def set_people(self, people: list[dict]) -> None:
        self.people = people
        self.brought_by.set_people(people)

    def start(self) -> None:
        """Clear the form and put the cursor in the name field."""
        for edit in (self.name_edit, self.brought_by, self.email_edit):
            edit.clear()
        self._show_warning(None)
        self.name_edit.setFocus()

    def submit(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.warning.setText(_("Type the walk-in's name first."))
            self.warning.show()
            self.name_edit.setFocus()
            return
        existing = find_existing(self.people, name, self.email_edit.text())
        if existing is not None and self._existing is None:
            self._show_warning(existing)
            self.use_existing.setFocus()
            return
        self._emit_add()

    def _emit_add(self) -> None:
        self._show_warning(None)
        self.add.emit(
            self.name_edit.text().strip(), self.brought_by.member_id(), self.email_edit.text()
        )

    def _check_in_existing(self) -> None:
        if self._existing is not None:
            member_id = self._existing["id"]
            self._show_warning(None)
            self.check_in.emit(member_id)

    def _show_warning(self, existing: dict | None) -> None:
        self._existing = existing
        if existing is None:
            self.warning.clear()
        else:
            self.warning.setText(
                _("{name} is already a member. Check them in instead?").format(
                    name=existing["name"]
                )
            )
            self.use_existing.setText(_("&Yes, check in {name}").format(name=existing["name"]))
        self.warning.setVisible(existing is not None)
        self.use_existing.setVisible(existing is not None)
        self.add_anyway.setVisible(existing is not None)
