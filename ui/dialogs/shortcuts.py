"""The keyboard shortcuts of the window and its pages, in one list (F1)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _


def shortcuts_of(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every action and shortcut in `window`, as shown to the user."""
    getattr(window, "sections", None)  # the main window builds pages when first needed: all now
    found: set[tuple[str, str]] = set()  # a key may do different things on different pages
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        what = action.whatsThis() or (
            action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        )
        what = what.rstrip("…")
        if keys and what:
            found.add((keys, what))
    for shortcut in window.findChildren(QShortcut):
        keys = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        what = shortcut.whatsThis()
        if keys and what:
            found.add((keys, what))
    return sorted(found, key=lambda pair: (pair[1].casefold(), pair[0]))


class ShortcutsDialog(QDialog):
    """Lists what the keyboard can do here. GUI thread."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setAccessibleName(_("Keyboard shortcuts"))
        pairs = shortcuts_of(window)
        self.table = QTableWidget(len(pairs), 2)
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Keys"), _("What they do")])
        self.table.verticalHeader().setVisible(False)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(pairs):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 460)
