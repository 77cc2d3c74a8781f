"""The filters above the members table: words typed, role, department, taking part or left."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.domain.model import Role, label
from app.i18n import _
from app.services.members import MemberFilter

ALL = "*"  # the "all" entry of a filter (None is a meaningful value for department)


class DepartmentCombo(QComboBox):
    """A combo box that reads its choices again when it is opened or focused (departments
    come and go as members are edited; reading them on every edit would cost each edit)."""

    def __init__(self, before_use: Callable[[], None]) -> None:
        super().__init__()
        self.before_use = before_use

    def showPopup(self) -> None:
        self.before_use()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.before_use()
        super().focusInEvent(event)


class MemberFilterBar(QWidget):
    """Emits `changed` whenever a filter changes; `departments()` gives the departments to
    offer, read only when the department filter is used. GUI thread."""

    changed = Signal()

    def __init__(self, departments: Callable[[], list[str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.departments = departments
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(_("Type to filter by name, email, organisation…"))
        self.text_edit.setAccessibleName(_("Filter members"))
        self.text_edit.setClearButtonEnabled(True)
        text_label = QLabel(_("F&ind:"))  # not "&Find": Alt+F opens the File menu
        text_label.setBuddy(self.text_edit)

        self.role = QComboBox()
        self.role.setAccessibleName(_("Filter by role"))
        self.role.addItem(_("All roles"), ALL)
        for role in Role:
            self.role.addItem(label(role), role.value)
        self.department = DepartmentCombo(self.read_departments)
        self.department.setAccessibleName(_("Filter by department"))
        self.status = QComboBox()
        self.status.setAccessibleName(_("Filter by taking part or left"))
        for text, value in ((_("Everyone"), ALL), (_("Taking part"), "active"),
                            (_("Left"), "left")):  # fmt: skip
            self.status.addItem(text, value)
        self.fill_departments([])

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(text_label)
        row.addWidget(self.text_edit, 2)
        for text, combo in ((_("Ro&le:"), self.role), (_("&Department:"), self.department),
                            (_("Sho&w:"), self.status)):  # fmt: skip
            caption = QLabel(text)
            caption.setBuddy(combo)
            row.addWidget(caption)
            row.addWidget(combo)
        self.text_edit.textChanged.connect(lambda _text: self.changed.emit())
        for combo in (self.role, self.department, self.status):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())

    def current(self, sort: str, descending: bool) -> MemberFilter:
        """The filter chosen, sorted as asked."""

        def value(combo: QComboBox) -> str | None:
            data = combo.currentData()
            return None if data in (ALL, None) else data

        return MemberFilter(
            text=self.text_edit.text(),
            role=value(self.role),
            department=value(self.department),
            status=value(self.status),
            sort=sort,
            descending=descending,
        )

    def clear(self) -> None:
        """Show everyone again, without emitting `changed`."""
        widgets = (self.text_edit, self.role, self.department, self.status)
        for widget in widgets:
            widget.blockSignals(True)
        self.text_edit.clear()
        for combo in (self.role, self.department, self.status):
            combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)

    def read_departments(self) -> None:
        self.fill_departments(self.departments())

    def fill_departments(self, found: list[str]) -> None:
        """Offer `found`, keeping the department chosen while it is still there."""
        combo = self.department
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All departments"), ALL)
        combo.addItem(_("No department"), "")
        for name in found:
            combo.addItem(name, name)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        if index < 0:  # that department is gone: everyone again
            self.changed.emit()
