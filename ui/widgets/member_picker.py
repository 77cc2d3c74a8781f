"""A member picker: an editable combo box that finds members by any part of their name."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QWidget

from app.i18n import _
from app.services.overview import MemberChoice

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class MemberPicker(QComboBox):
    """Type part of a name, pick from the matches; emits `member_chosen` with the member's id
    (None: nobody) when the choice changes. What matches no one is put back. GUI thread."""

    member_chosen = Signal(object)  # str | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        completer = QCompleter(self._items, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setModelSorting(QCompleter.ModelSorting.UnsortedModel)
        self.setCompleter(completer)
        self._current: str | None = None
        self._names: dict[str, str] = {}
        self.activated.connect(self._activated)
        completer.activated[str].connect(self._text_chosen)
        self.lineEdit().editingFinished.connect(self._editing_finished)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.set_members([])

    def set_members(self, members: Iterable[MemberChoice]) -> None:
        """The members to choose from (active ones; the current choice is kept)."""
        members = list(members)
        seen: dict[str, int] = {}
        for m in members:
            seen[m.name.casefold()] = seen.get(m.name.casefold(), 0) + 1
        blocker = QSignalBlocker(self)
        self._items.clear()
        nobody = QStandardItem(_("(nobody)"))
        nobody.setData(None, ID_ROLE)
        self._items.appendRow(nobody)
        self._names = {}
        for m in members:
            shown = m.name
            if seen[m.name.casefold()] > 1 and (m.organisation or m.email):
                shown = f"{m.name} ({m.organisation or m.email})"
            item = QStandardItem(shown)
            item.setData(m.id, ID_ROLE)
            self._items.appendRow(item)
            self._names[m.id] = shown
        del blocker
        self.set_member(self._current)

    def member_id(self) -> str | None:
        return self._current

    def set_member(self, member_id: str | None, missing_name: str | None = None) -> None:
        """Show `member_id` as the choice, without emitting (a member not in the list is
        shown by `missing_name`, or as not yet synced)."""
        self._current = member_id
        with QSignalBlocker(self):
            row = self._row_of(member_id)
            if row >= 0:
                self.setCurrentIndex(row)
                self.setEditText(self.itemText(row) if member_id else "")
            else:
                self.setCurrentIndex(-1)
                self.setEditText(missing_name or _("(not yet synced)"))

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # Leaving the field while the completer's list is open sends no editingFinished.
        mine = (self, self.lineEdit(), self.completer().popup())
        if old in mine and new is not None and new not in mine:
            self._editing_finished()

    def _row_of(self, member_id: str | None) -> int:
        for row in range(self._items.rowCount()):
            if self._items.item(row).data(ID_ROLE) == member_id:
                return row
        return -1

    def _choose(self, member_id: str | None) -> None:
        changed = member_id != self._current
        self.set_member(member_id)
        if changed:
            self.member_chosen.emit(member_id)

    def _activated(self, row: int) -> None:
        self._choose(self._items.item(row).data(ID_ROLE) if row >= 0 else None)

    def _text_chosen(self, text: str) -> None:
        match = self._match(text)
        if match is not False:
            self._choose(match)

    def _editing_finished(self) -> None:
        text = self.currentText().strip()
        if not text:
            self._choose(None)
            return
        match = self._match(text)
        if match is False:
            self.set_member(self._current)  # matches no one: put back what was chosen
        else:
            self._choose(match)

    def _match(self, text: str) -> str | bool | None:
        """The id whose shown name is `text` (ignoring case), else the only one containing it,
        else False."""
        key = text.strip().casefold()
        if key == _("(nobody)").casefold():
            return None
        exact = [i for i, name in self._names.items() if name.casefold() == key]
        if exact:
            return exact[0]
        partial = [i for i, name in self._names.items() if key in name.casefold()]
        return partial[0] if len(partial) == 1 else False
