"""User actions on actions and working agreements: add and edit as typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.errors import KringError
from app.domain.model import ActionStatus
from app.i18n import _
from app.services import actions
from app.services.workspace import Changes, Workspace
from ui.ops.feedback import show_error


def new_action(parent: QWidget, ws: Workspace, community_id: str, **fields: Any):
    """Add an action titled "New action", to be described at once. GUI thread."""
    try:
        return actions.add(ws, community_id, _("New action"), **fields)
    except KringError as error:
        show_error(parent, str(error))
        return None


def save_action(parent: QWidget, ws: Workspace, action_id: str, **fields: Any) -> Changes | None:
    try:
        return actions.update(ws, action_id, **fields)
    except KringError as error:
        show_error(parent, str(error))
        return None


def toggle_done(parent: QWidget, ws: Workspace, action_id: str, status: str) -> Changes | None:
    """Done becomes open again; anything else becomes done."""
    done = status == ActionStatus.DONE
    new = ActionStatus.OPEN if done else ActionStatus.DONE
    return save_action(parent, ws, action_id, status=new.value)


def new_agreement(parent: QWidget, ws: Workspace, community_id: str) -> Changes | None:
    """Add a proposed working agreement, to be worded at once. GUI thread."""
    try:
        return actions.add_agreement(ws, community_id, _("New agreement"), status="proposed")
    except KringError as error:
        show_error(parent, str(error))
        return None


def save_agreement(parent: QWidget, ws: Workspace, agreement_id: str, **fields: Any):
    try:
        return actions.update_agreement(ws, agreement_id, **fields)
    except KringError as error:
        show_error(parent, str(error))
        return None
