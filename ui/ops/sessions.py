"""User actions of a session's Prepare, Live and Review modes.

Each runs one service call on the GUI thread (short store calls) and says what went wrong in
the facilitator's words, for the pane to show beside the field being typed in: a message box
would take the keyboard away from the next entry in a live session.
"""

from __future__ import annotations

from typing import Any

from app.services import actions, attendance, contributions, sessions
from app.services.workspace import Workspace
from ui.ops.feedback import Outcome, attempt


def new_session(ws: Workspace, community_id: str, title: str) -> Outcome:
    return attempt(sessions.add, ws, community_id, title)


def edit_session(ws: Workspace, session_id: str, **fields: Any) -> Outcome:
    return attempt(sessions.update, ws, session_id, **fields)


def add_agenda_item(ws: Workspace, session_id: str, title: str, **fields: Any) -> Outcome:
    return attempt(sessions.add_agenda_item, ws, session_id, title, **fields)


def edit_agenda_item(ws: Workspace, item_id: str, **fields: Any) -> Outcome:
    return attempt(sessions.update_agenda_item, ws, item_id, **fields)


def move_agenda_item(ws: Workspace, item_id: str, to_index: int) -> Outcome:
    return attempt(sessions.move_agenda_item, ws, item_id, to_index)


def remove_agenda_item(ws: Workspace, item_id: str) -> Outcome:
    return attempt(sessions.delete_agenda_item, ws, item_id)


def invite(ws: Workspace, session_id: str, member_ids: list[str]) -> Outcome:
    return attempt(attendance.invite, ws, session_id, member_ids)


def invite_group(
    ws: Workspace, session_id: str, *, role: str | None = None, department: str | None = None
) -> Outcome:
    return attempt(attendance.invite_group, ws, session_id, role=role, department=department)


def carry_forward(ws: Workspace, action_id: str, session_id: str) -> Outcome:
    """Link an open action from an earlier session to this one."""
    return attempt(actions.update, ws, action_id, session=session_id)


def mark_done(ws: Workspace, action_id: str) -> Outcome:
    return attempt(actions.update, ws, action_id, status="done")


def toggle_presence(ws: Workspace, session_id: str, member_id: str) -> Outcome:
    return attempt(attendance.toggle, ws, session_id, member_id)


def check_in(ws: Workspace, session_id: str, member_id: str) -> Outcome:
    return attempt(attendance.check_in, ws, session_id, member_id)


def walk_in(
    ws: Workspace, session_id: str, name: str, brought_by: str | None, email: str | None
) -> Outcome:
    email = (email or "").strip() or None
    return attempt(attendance.walk_in, ws, session_id, name, brought_by=brought_by, email=email)


def capture(ws: Workspace, session_id: str, text: str, **fields: Any) -> Outcome:
    """Save what was said; the community is the session's."""
    return attempt(contributions.capture, ws, "", text, session=session_id, **fields)


def vote(
    ws: Workspace, contribution_id: str, delta: int, voter: str | None, budget: int | None
) -> Outcome:
    return attempt(contributions.vote_for, ws, contribution_id, delta, voter=voter, budget=budget)


def add_action(ws: Workspace, community_id: str, session_id: str, text: str, **fields) -> Outcome:
    return attempt(actions.add, ws, community_id, text, session=session_id, **fields)


def edit_action(ws: Workspace, action_id: str, **fields: Any) -> Outcome:
    return attempt(actions.update, ws, action_id, **fields)


def adopt_agreement(ws: Workspace, community_id: str, session_id: str, text: str) -> Outcome:
    return attempt(actions.add_agreement, ws, community_id, text, session=session_id)


def close_session(ws: Workspace, session_id: str) -> Outcome:
    return attempt(sessions.close, ws, session_id)


def reopen_session(ws: Workspace, session_id: str) -> Outcome:
    return attempt(sessions.reopen, ws, session_id)
