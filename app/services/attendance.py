"""Use cases for who is invited to, present at, or excused from a session."""

from __future__ import annotations

from app.domain import validate as v
from app.domain.ids import attendance_id
from app.domain.model import Attendance, AttendanceStatus
from app.i18n import N_, _
from app.services import sessions
from app.services.workspace import Changes, Workspace
from app.store import queries, session_queries


def _set(ws: Workspace, session_id: str, member_id: str, values: dict) -> None:
    """Write the one attendance row of (session, member), creating it when needed."""
    row_id = attendance_id(session_id, member_id)
    existing = ws.store.get("attendance", row_id)
    if existing is None:
        session = ws.store.get("session", session_id)
        ws.store.insert(
            "attendance",
            {"id": row_id, "community": session["community"], "session": session_id,
             "member": member_id, **values},
        )  # fmt: skip
    else:
        ws.store.update("attendance", row_id, {"deleted": 0, **values})


def _check(ws: Workspace, session_id: str, member_id: str) -> str:
    session = ws.row("session", session_id, what=N_("session"))
    ws.same_community("member", member_id, session["community"], what=N_("member"))
    return session["community"]


def invite(ws: Workspace, session_id: str, member_ids: list[str]) -> Changes:
    """Invite members; someone already present or excused keeps that status."""
    for member_id in member_ids:
        _check(ws, session_id, member_id)
    with ws.mutation(_("Invite members")) as done:
        for member_id in member_ids:
            existing = ws.store.get("attendance", attendance_id(session_id, member_id))
            if existing is None or existing["deleted"]:
                _set(ws, session_id, member_id, {"status": AttendanceStatus.INVITED.value})
    return done.changes


def check_in(
    ws: Workspace, session_id: str, member_id: str, *, brought_by: str | None = None
) -> Changes:
    community = _check(ws, session_id, member_id)
    values = {"status": AttendanceStatus.PRESENT.value, "arrived_at": v.now(), "left_at": None}
    if brought_by:
        values["brought_by"] = ws.same_community("member", brought_by, community, what=N_("member"))
    existing = ws.store.get("attendance", attendance_id(session_id, member_id))
    if existing and existing["status"] == "present" and not existing["left_at"]:
        values.pop("arrived_at")  # checking in twice keeps the first arrival time
    with ws.mutation(_("Check in")) as done:
        _set(ws, session_id, member_id, values)
        sessions.mark_live(ws, session_id)
    return done.changes


def check_out(ws: Workspace, session_id: str, member_id: str) -> Changes:
    _check(ws, session_id, member_id)
    with ws.mutation(_("Check out")) as done:
        _set(ws, session_id, member_id, {"left_at": v.now()})
    return done.changes


def set_status(ws: Workspace, session_id: str, member_id: str, status: str) -> Changes:
    _check(ws, session_id, member_id)
    value = v.choice(status, AttendanceStatus, N_("status"), AttendanceStatus.INVITED).value
    with ws.mutation(_("Change attendance")) as done:
        _set(ws, session_id, member_id, {"status": value})
    return done.changes


def walk_in(
    ws: Workspace,
    session_id: str,
    name: str,
    *,
    brought_by: str | None = None,
    email: str | None = None,
) -> Changes:
    """Add someone who walked in as a new member and check them in, as one undo step."""
    from app.services import members

    session = ws.row("session", session_id, what=N_("session"))
    with ws.mutation(_("Add walk-in")) as done:
        added = members.add(
            ws, session["community"], name, email=email, brought_by=brought_by, role="guest"
        )
        check_in(ws, session_id, added.id, brought_by=brought_by)
    return Changes(done.changes.label, done.changes.entities, done.changes.ids, (added.id,))


def for_session(ws: Workspace, session_id: str) -> list[Attendance]:
    rows = ws.store.select("attendance", {"session": session_id}, order_by="id")
    return [Attendance.from_row(r) for r in rows]


def present_count(ws: Workspace, session_id: str) -> int:
    return queries.present_count(ws.store, session_id)


def invite_group(
    ws: Workspace, session_id: str, *, role: str | None = None, department: str | None = None
) -> Changes:
    """Invite every active member of a role and/or a department at once, as one undo step."""
    session = ws.row("session", session_id, what=N_("session"))
    found = session_queries.active_member_ids(
        ws.store, session["community"], role=role or None, department=department or None
    )
    return invite(ws, session_id, found)


def departments(ws: Workspace, community_id: str) -> list[str]:
    return session_queries.departments(ws.store, community_id)


def roster(ws: Workspace, session_id: str) -> dict[str, Attendance]:
    """Each member's attendance row in this session, by member id."""
    return {a.member: a for a in for_session(ws, session_id)}


def get(ws: Workspace, session_id: str, member_id: str) -> Attendance | None:
    row = ws.store.get("attendance", attendance_id(session_id, member_id))
    return Attendance.from_row(row) if row and not row["deleted"] else None


def is_present(found: Attendance | None) -> bool:
    """In the room now: checked in and not left."""
    return bool(found and found.status == AttendanceStatus.PRESENT and not found.left_at)


def toggle(ws: Workspace, session_id: str, member_id: str) -> Changes:
    """Check someone in, or out when they are in the room: the one key of the check-in list."""
    if is_present(get(ws, session_id, member_id)):
        return check_out(ws, session_id, member_id)
    return check_in(ws, session_id, member_id)


def member_names(ws: Workspace, community_id: str) -> list[dict]:
    """Id, name and email of every member who has not left, by name."""
    return session_queries.member_names(ws.store, community_id)
