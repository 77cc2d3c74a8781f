"""Merging two members: both side by side, the facilitator picks the one to keep."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Member, label
from app.i18n import N_, _

# Shown side by side: field and its label.
SHOWN = (
    ("name", N_("Name")),
    ("email", N_("Email")),
    ("phone", N_("Phone")),
    ("organisation", N_("Organisation")),
    ("department", N_("Department")),
    ("role", N_("Role")),
    ("joined_on", N_("Joined on")),
    ("left_on", N_("Left on")),
    ("notes", N_("Notes")),
)


def shown_value(member: Member, field: str) -> str:
    value = getattr(member, field)
    if field == "role":
        return label(value)
    return str(value) if value else "—"


class MergeDialog(QDialog):
    """Two members compared; accepted means "merge into the one chosen". GUI thread.

    `footprints` says, per member, what points at them (sessions, contributions…)."""

    def __init__(
        self,
        first: Member,
        second: Member,
        footprints: tuple[list[str], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.members = (first, second)
        self.setWindowTitle(_("Merge two members"))
        self.setAccessibleName(_("Merge two members"))
        intro = QLabel(
            _(
                "Are these one person? The member you keep stays; the other's sessions, "
                "contributions, actions and questions move to them, and the details they "
                "lack are filled in. Undo puts everything back."
            )
        )
        intro.setWordWrap(True)

        grid = QGridLayout()
        self.choice = QButtonGroup(self)
        self.keep_buttons: list[QRadioButton] = []
        for column, (member, lost) in enumerate(zip(self.members, footprints, strict=True), 1):
            button = QRadioButton(_("Keep {name}").format(name=member.name))
            button.setAccessibleName(_("Keep {name}").format(name=member.name))
            self.choice.addButton(button, column - 1)
            self.keep_buttons.append(button)
            grid.addWidget(button, 0, column)
            for row, (field, text) in enumerate(SHOWN, 1):
                if column == 1:
                    grid.addWidget(QLabel(_(text)), row, 0)
                value = QLabel(shown_value(member, field))
                value.setWordWrap(True)
                value.setAccessibleName(f"{_(text)}: {value.text()}")
                grid.addWidget(value, row, column)
            found = QLabel(", ".join(lost) if lost else _("nothing else yet"))
            found.setWordWrap(True)
            grid.addWidget(found, len(SHOWN) + 1, column)
        grid.addWidget(QLabel(_("Part of")), len(SHOWN) + 1, 0)
        self.keep_buttons[0].setChecked(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(_("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setAccessibleName(_("Merge"))
        self.merge_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def keep_and_other(self) -> tuple[str, str]:
        """(id kept, id merged into it), as chosen."""
        first, second = self.members
        if self.choice.checkedId() == 1:
            return second.id, first.id
        return first.id, second.id
