"""The member form beside the members table: every field, saved as it is typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KringError, ValidationError
from app.domain.model import Role, label
from app.i18n import N_, _
from app.services import members
from app.services.workspace import Workspace
from ui.ops import members as ops
from ui.ops.feedback import show_error

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# One-line fields: name, label (with its mnemonic), placeholder.
LINES = (
    ("name", N_("N&ame:"), ""),
    ("email", N_("E&mail:"), ""),
    ("phone", N_("&Phone:"), ""),
    ("organisation", N_("&Organisation:"), ""),
    ("department", N_("Depar&tment:"), ""),
    ("joined_on", N_("&Joined on:"), N_("for example 2026-03-14")),
    ("left_on", N_("Left o&n:"), N_("empty while they take part")),
)
TEXTS = (
    ("strengths", N_("Stren&gths:")),
    ("interests", N_("Interests:")),
    ("notes", N_("Note&s:")),
)
FLAGS = (
    ("consent_directory", N_("Listed in the printed director&y")),
    ("consent_contact", N_("Contact details may be shared with other members")),
    ("consent_photo", N_("Photos may be taken and shared")),
)
TEXT_SAVE_DELAY_MS = 800


class MemberPicker(QLineEdit):
    """Type part of a name, pick a member from the suggestions (read from the store as you
    type, never a list of every member). Emits `picked` with the id, or None when cleared."""

    picked = Signal(object)
    refused = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.community_id: str | None = None
        self.exclude: str | None = None
        self.member_id: str | None = None
        self.suggestions = QStandardItemModel(self)
        self.completer_ = QCompleter(self.suggestions, self)
        self.completer_.setWidget(self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.activated[QModelIndex].connect(self._activated)
        self.textEdited.connect(self._suggest)
        self.editingFinished.connect(self._finished)
        self.setPlaceholderText(_("Type part of a name"))

    def set_member(self, community_id: str | None, member_id: str | None, exclude: str | None):
        self.community_id, self.member_id, self.exclude = community_id, member_id, exclude
        self.setText(members.name_of(self.ws, member_id))
        self.setModified(False)

    def _matches(self, text: str) -> list[tuple[str, str]]:
        if self.community_id is None:
            return []
        found = members.pick(self.ws, self.community_id, text, limit=21)
        return [(i, n) for i, n in found if i != self.exclude][:20]

    def _suggest(self, text: str) -> None:
        self.suggestions.clear()
        for member_id, name in self._matches(text):
            item = QStandardItem(name)
            item.setData(member_id, ID_ROLE)
            self.suggestions.appendRow(item)
        if self.suggestions.rowCount():
            self.completer_.complete()
        else:
            self.completer_.popup().hide()

    def _activated(self, index: QModelIndex) -> None:
        member_id = index.data(ID_ROLE)
        self.setText(index.data() or "")
        self._choose(member_id)

    def _choose(self, member_id: str | None) -> None:
        self.setModified(False)
        if member_id != self.member_id:
            self.picked.emit(member_id)

    def _finished(self) -> None:
        if self.completer_.popup().isVisible() or not self.isModified():
            return
        text = " ".join(self.text().split())
        if not text:
            self._choose(None)
            return
        same = [i for i, n in self._matches(text) if n.casefold() == text.casefold()]
        if len(same) == 1:
            self._choose(same[0])
        else:
            self.refused.emit(_("Choose someone from the list that appears as you type."))


class MemberEditor(QScrollArea):
    """Edits one member (or a new one) and saves each field when it is done. GUI thread.

    Emits `changed` with every save's Changes and `created` with a new member's id."""

    changed = Signal(object)
    created = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.community_id: str | None = None
        self.member_id: str | None = None
        self._stored: dict[str, Any] = {}
        self.setWidgetResizable(True)
        self.setAccessibleName(_("Member details"))
        body = QWidget()
        self.title = QLabel()
        self.title.setAccessibleName(_("Member shown"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        self.flags: dict[str, QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}

        for field, text, placeholder in LINES:
            edit = QLineEdit()
            edit.setAccessibleName(_(text).replace("&", "").rstrip(":"))
            if placeholder:
                edit.setPlaceholderText(_(placeholder))
            edit.editingFinished.connect(lambda f=field: self._line_finished(f))
            self.edits[field] = edit
            self._add_row(form, field, text, edit)
            if field == "department":
                self.role = QComboBox()
                self.role.setAccessibleName(_("Role"))
                for role in Role:
                    self.role.addItem(label(role), role.value)
                self.role.activated.connect(
                    lambda _i: self._commit("role", self.role.currentData())
                )
                self._add_row(form, "role", N_("&Role:"), self.role)
                self.brought_by = MemberPicker(ws)
                self.brought_by.setAccessibleName(_("Brought by"))
                self.brought_by.picked.connect(lambda m: self._commit("brought_by", m))
                self.brought_by.refused.connect(lambda m: self._show_error("brought_by", m))
                self._add_row(form, "brought_by", N_("&Brought by:"), self.brought_by)
        for field, text in TEXTS:
            edit = QPlainTextEdit()
            edit.setAccessibleName(_(text).replace("&", "").rstrip(":"))
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().height() * 4)
            timer = QTimer(edit)
            timer.setSingleShot(True)
            timer.setInterval(TEXT_SAVE_DELAY_MS)
            timer.timeout.connect(lambda f=field: self._text_done(f))
            edit.textChanged.connect(timer.start)
            edit.installEventFilter(self)
            self.texts[field] = edit
            self._add_row(form, field, text, edit)
        for field, text in FLAGS:
            box = QCheckBox(_(text))
            box.setAccessibleName(_(text).replace("&", ""))
            box.clicked.connect(lambda on, f=field: self._commit(f, on))
            self.flags[field] = box
            form.addRow(box)

        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addStretch(1)
        self.setWidget(body)
        self._show(None)

    def _add_row(self, form: QFormLayout, field: str, text: str, widget: QWidget) -> None:
        caption = QLabel(_(text))
        caption.setBuddy(widget)
        error = QLabel()
        error.setWordWrap(True)
        error.setStyleSheet("color: #c0392b;")
        error.setAccessibleName(_("Problem with this field"))
        error.hide()
        self.errors[field] = error
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        form.addRow(caption, box)

    # --- what is shown ----------------------------------------------------------

    def show_member(self, community_id: str | None, member_id: str | None) -> None:
        """Edit `member_id` (None: nothing), saving what was being typed for the last one."""
        self.flush()
        self.community_id = community_id
        self._show(member_id)

    def start_new(self, community_id: str) -> None:
        """An empty form: the member is added as soon as a name is typed."""
        self.flush()
        self.community_id = community_id
        self._show(None, new=True)
        self.edits["name"].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> None:
        """Read the member again (an undo, a sync), keeping whatever is being typed."""
        if self.member_id is None:
            return
        try:
            self._stored = members.get(self.ws, self.member_id).to_dict()
        except KringError:  # deleted meanwhile
            self._show(None)
            return
        self._fill(keep_typed=True)

    def flush(self) -> None:
        """Save what was typed but not yet saved."""
        if self.member_id is None:
            return
        for field, edit in self.edits.items():
            if edit.isModified():
                self._line_finished(field)
        for field, edit in self.texts.items():
            if edit.document().isModified():
                self._text_done(field)

    def _show(self, member_id: str | None, *, new: bool = False) -> None:
        self.member_id = member_id
        self._stored = members.get(self.ws, member_id).to_dict() if member_id else {}
        for field in self.errors:
            self._clear_error(field)
        self._fill(keep_typed=False)
        enabled = member_id is not None
        for widget in self._widgets():
            widget.setEnabled(enabled)
        self.edits["name"].setEnabled(enabled or new)
        if new:
            self.title.setText(_("New member: type a name to add them"))
        elif member_id is None:
            self.title.setText(_("Choose a member in the list, or add one."))

    def _widgets(self) -> list[QWidget]:
        return [*self.edits.values(), *self.texts.values(), *self.flags.values(),
                self.role, self.brought_by]  # fmt: skip

    def _fill(self, *, keep_typed: bool) -> None:
        stored = self._stored
        if stored:
            self.title.setText(stored.get("name") or "")
        for field, edit in self.edits.items():
            if not (keep_typed and edit.isModified()):
                edit.setText(stored.get(field) or "")
                edit.setModified(False)
        for field, edit in self.texts.items():
            if not (keep_typed and edit.document().isModified()):
                edit.blockSignals(True)
                edit.setPlainText(stored.get(field) or "")
                edit.blockSignals(False)
                edit.document().setModified(False)
        for field, box in self.flags.items():
            box.setChecked(bool(stored.get(field)))
        self.role.setCurrentIndex(max(0, self.role.findData(stored.get("role") or "member")))
        if not (keep_typed and self.brought_by.isModified()):
            self.brought_by.set_member(self.community_id, stored.get("brought_by"), self.member_id)

    # --- saving -------------------------------------------------------------------

    def _line_finished(self, field: str) -> None:
        edit = self.edits[field]
        if self.member_id is None and field != "name":
            return
        if self._commit(field, edit.text()):
            edit.setModified(False)

    def _text_done(self, field: str) -> None:
        edit = self.texts[field]
        if edit.document().isModified() and self._commit(field, edit.toPlainText()):
            edit.document().setModified(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for field, edit in self.texts.items():
                if watched is edit:
                    self._text_done(field)
        return super().eventFilter(watched, event)

    def _commit(self, field: str, value: Any) -> bool:
        """Save one field; False when refused (the problem is shown beside it)."""
        if self.member_id is None:
            if self.community_id is None or field != "name" or not str(value).strip():
                return False
            result = ops.add_member(self, self.ws, self.community_id, {"name": value})
        elif _same(value, self._stored.get(field)):
            self._clear_error(field)
            return True
        else:
            result = ops.save_member(self, self.ws, self.member_id, {field: value})
        if isinstance(result, ValidationError):
            self._show_error(result.field if result.field in self.errors else field, str(result))
            return False
        self._clear_error(field)
        if not result:
            return False
        if self.member_id is None:
            self._show(result.id)
            self.created.emit(result.id)
        else:
            self._stored = members.get(self.ws, self.member_id).to_dict()
            self.title.setText(self._stored.get("name") or "")
        self.changed.emit(result)
        return True

    def _show_error(self, field: str, message: str) -> None:
        if field not in self.errors:  # a check box: no room beside it
            show_error(self, message)
            return
        self.errors[field].setText(message)
        self.errors[field].show()

    def _clear_error(self, field: str) -> None:
        if field in self.errors:
            self.errors[field].clear()
            self.errors[field].hide()

    def error_text(self, field: str) -> str:
        """The problem shown beside `field` ("" when none)."""
        shown = self.errors[field]
        return shown.text() if not shown.isHidden() else ""


def _same(typed: Any, stored: Any) -> bool:
    if isinstance(typed, bool):
        return typed == bool(stored)
    if typed is None or isinstance(typed, str):
        return (typed or "").strip() == (stored or "")
    return typed == stored
