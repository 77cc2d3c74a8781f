"""User actions on questions: add, edit as typed, delete (asking only when it removes a lot)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import KringError
from app.i18n import _
from app.services import questions
from app.services.workspace import Changes, Workspace
from ui.ops.feedback import show_error

AskDelete = Callable[[QWidget, str, int], bool]


def new_question(parent: QWidget, ws: Workspace, community_id: str) -> Changes | None:
    """Add a question titled "New question", to be renamed at once. GUI thread."""
    try:
        return questions.add(ws, community_id, _("New question"))
    except KringError as error:
        show_error(parent, str(error))
        return None


def save_question(parent: QWidget, ws: Workspace, question_id: str, **fields: Any):
    """Save some fields of a question as typed; None (and the reason shown) when refused."""
    try:
        return questions.update(ws, question_id, **fields)
    except KringError as error:
        show_error(parent, str(error))
        return None


def ask_delete(parent: QWidget, title: str, contributions: int) -> bool:
    """Whether to delete a question that has contributions (the system's question box)."""
    text = (
        _("“{title}” has 1 contribution. Delete the question anyway?")
        if contributions == 1
        else _("“{title}” has {n} contributions. Delete the question anyway?")
    ).format(title=title, n=contributions)
    answer = QMessageBox.question(
        parent,
        _("Delete question"),
        text + "\n" + _("You can undo this with Ctrl+Z."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def delete_question(
    parent: QWidget, ws: Workspace, question_id: str, ask: AskDelete = ask_delete
) -> Changes | None:
    """Delete a question; asks first only when contributions are about it. GUI thread."""
    try:
        question = questions.get(ws, question_id)
        count = questions.contribution_count(ws, question_id)
        if count and not ask(parent, question.title, count):
            return None
        return questions.delete(ws, question_id)
    except KringError as error:
        show_error(parent, str(error))
        return None
