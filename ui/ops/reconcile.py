"""User actions of the paper round-trip: tick someone, add a walk-in, type in a contribution.

Each calls one service on the GUI thread (short store calls) and says what went wrong in the
facilitator's words, for the reconcile screen to show next to the field being typed in: a
message box would take the keyboard away from the next entry.
"""

from __future__ import annotations

from app.domain.errors import KringError
from app.services import attendance, contributions, reconcile
from app.services.workspace import Workspace
from ui.ops.feedback import Outcome


def tick(
    ws: Workspace, session_id: str, member_id: str, present: bool, printed: str | None
) -> Outcome:
    """Mark someone present from the sheet, or undo a tick made by mistake."""
    try:
        if present:
            return Outcome(attendance.check_in(ws, session_id, member_id))
        status = reconcile.status_after_untick(printed)
        return Outcome(attendance.set_status(ws, session_id, member_id, status))
    except KringError as error:
        return Outcome(problem=str(error))


def add_walk_in(
    ws: Workspace, session_id: str, name: str, brought_by: str | None, email: str | None
) -> Outcome:
    """Add someone from a blank row as a new member, checked in."""
    try:
        return Outcome(
            attendance.walk_in(
                ws, session_id, name, brought_by=brought_by, email=(email or "").strip() or None
            )
        )
    except KringError as error:
        return Outcome(problem=str(error))


def capture(
    ws: Workspace,
    community_id: str,
    session_id: str,
    text: str,
    *,
    question: str | None,
    kind: str,
    author: str | None,
) -> Outcome:
    """Save one handwritten contribution in the session, as typed."""
    try:
        return Outcome(
            contributions.capture(
                ws,
                community_id,
                text,
                session=session_id,
                question=question,
                kind=kind,
                author=author,
            )
        )
    except KringError as error:
        return Outcome(problem=str(error))
