"""Use cases for sessions (meetings) and their agendas."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain import validate as v
from app.domain.errors import ValidationError
from app.domain.model import (
    Action,
    AgendaItem,
    Attendance,
    Contribution,
    Session,
    SessionMode,
    SessionStatus,
)
from app.domain.ordering import key_between
from app.i18n import N_, _
from app.services.workspace import Changes, Workspace
from app.store import queries, session_queries


def _clean(ws: Workspace, community_id: str, fields: dict[str, Any], current: dict | None = None):
    out: dict[str, Any] = {}
    if "title" in fields:
        out["title"] = v.text(fields["title"], N_("title"), required=True, limit=300)
    for key in ("location", "purpose", "notes"):
        if key in fields:
            out[key] = v.text(fields[key], key, limit=100_000)
    for key in ("starts_at", "ends_at"):
        if key in fields:
            out[key] = v.timestamp(fields[key], key)
    if "mode" in fields:
        out["mode"] = v.choice(fields["mode"], SessionMode, N_("mode"), SessionMode.OFFLINE).value
    if "status" in fields:
        out["status"] = v.choice(
            fields["status"], SessionStatus, N_("status"), SessionStatus.PLANNED
        ).value
    if "facilitator" in fields:
        out["facilitator"] = ws.same_community(
            "member", fields["facilitator"], community_id, what=N_("member")
        )
    starts = out.get("starts_at", (current or {}).get("starts_at"))
    ends = out.get("ends_at", (current or {}).get("ends_at"))
    if starts and ends and ends <= starts:
        raise ValidationError(_("A session cannot end before it starts."), "ends_at")
    return out


def add(
    ws: Workspace, community_id: str, title: str, *, questions: tuple[str, ...] = (), **fields: Any
) -> Changes:
    """Plan a session; each question given is put on its agenda."""
    ws.row("community", community_id, what=N_("community"))
    values = _clean(ws, community_id, {"title": title, **fields})
    question_rows = [ws.row("question", q, what=N_("question")) for q in dict.fromkeys(questions)]
    for q in question_rows:
        ws.same_community("question", q["id"], community_id, what=N_("question"))
    with ws.mutation(_("Plan session")) as done:
        session = ws.store.insert("session", {"community": community_id, **values})
        for q in question_rows:
            add_agenda_item(ws, session["id"], q["title"], question=q["id"])
    return done.changes


def update(ws: Workspace, session_id: str, **fields: Any) -> Changes:
    row = ws.row("session", session_id, what=N_("session"))
    values = _clean(ws, row["community"], fields, row)
    with ws.mutation(_("Edit session")) as done:
        ws.store.update("session", session_id, values)
    return done.changes


def delete(ws: Workspace, session_id: str) -> Changes:
    ws.row("session", session_id, what=N_("session"))
    with ws.mutation(_("Delete session")) as done:
        ws.store.update("session", session_id, {"deleted": 1})
    return done.changes


def get(ws: Workspace, session_id: str) -> Session:
    return Session.from_row(ws.row("session", session_id, what=N_("session")))


def list_sessions(ws: Workspace, community_id: str) -> list[Session]:
    rows = ws.store.select("session", {"community": community_id}, order_by="starts_at, id")
    return [Session.from_row(r) for r in rows]


# --- agenda -------------------------------------------------------------------


def agenda(ws: Workspace, session_id: str) -> list[AgendaItem]:
    rows = ws.store.select("agenda_item", {"session": session_id}, order_by="position, id")
    return [AgendaItem.from_row(r) for r in rows]


def add_agenda_item(
    ws: Workspace,
    session_id: str,
    title: str,
    *,
    timebox_minutes: int | None = None,
    question: str | None = None,
    presenter: str | None = None,
    after: str | None = None,
) -> Changes:
    """Add an item at the end of the agenda, or right after the item `after`."""
    session = ws.row("session", session_id, what=N_("session"))
    community = session["community"]
    items = agenda(ws, session_id)
    keys = [i.position for i in items]
    index = next((n for n, i in enumerate(items) if i.id == after), None)
    if index is None:  # at the end; also when `after` is gone (deleted on another laptop)
        position = key_between(keys[-1] if keys else None, None)
    else:
        nxt = keys[index + 1] if index + 1 < len(keys) else None
        position = key_between(keys[index], nxt if nxt != keys[index] else None)
    values = {
        "community": community,
        "session": session_id,
        "position": position,
        "title": v.text(title, N_("title"), required=True, limit=300),
        "timebox_minutes": v.positive_int(timebox_minutes, N_("timebox"), high=24 * 60),
        "question": ws.same_community("question", question, community, what=N_("question")),
        "presenter": ws.same_community("member", presenter, community, what=N_("member")),
    }
    with ws.mutation(_("Add agenda item")) as done:
        ws.store.insert("agenda_item", values)
    return done.changes


def move_agenda_item(ws: Workspace, item_id: str, to_index: int) -> Changes:
    """Move an item to a new place; only its own order key changes."""
    row = ws.row("agenda_item", item_id, what=N_("agenda item"))
    others = [i for i in agenda(ws, row["session"]) if i.id != item_id]
    to_index = max(0, min(to_index, len(others)))
    before = others[to_index - 1].position if to_index > 0 else None
    after = others[to_index].position if to_index < len(others) else None
    if before is not None and after is not None and before >= after:
        after = None  # equal keys from a concurrent edit: place just after `before`
        if to_index + 1 <= len(others):
            later = [o.position for o in others[to_index:] if o.position > before]
            after = later[0] if later else None
    with ws.mutation(_("Move agenda item")) as done:
        ws.store.update("agenda_item", item_id, {"position": key_between(before, after)})
    return done.changes


def update_agenda_item(ws: Workspace, item_id: str, **fields: Any) -> Changes:
    row = ws.row("agenda_item", item_id, what=N_("agenda item"))
    values: dict[str, Any] = {}
    if "title" in fields:
        values["title"] = v.text(fields["title"], N_("title"), required=True, limit=300)
    if "timebox_minutes" in fields:
        values["timebox_minutes"] = v.positive_int(
            fields["timebox_minutes"], N_("timebox"), high=24 * 60
        )
    for key, table in (("question", "question"), ("presenter", "member")):
        if key in fields:
            values[key] = ws.same_community(table, fields[key], row["community"], what=table)
    with ws.mutation(_("Edit agenda item")) as done:
        ws.store.update("agenda_item", item_id, values)
    return done.changes


def delete_agenda_item(ws: Workspace, item_id: str) -> Changes:
    ws.row("agenda_item", item_id, what=N_("agenda item"))
    with ws.mutation(_("Remove agenda item")) as done:
        ws.store.update("agenda_item", item_id, {"deleted": 1})
    return done.changes


# --- the whole session --------------------------------------------------------


@dataclass(frozen=True)
class SessionDetail:
    session: Session
    agenda: list[AgendaItem]
    attendance: list[Attendance]
    contributions: list[Contribution]
    votes: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.session.to_dict(),
            "agenda": [i.to_dict() for i in self.agenda],
            "attendance": [a.to_dict() for a in self.attendance],
            "contributions": [
                {**c.to_dict(), "votes": self.votes.get(c.id, 0)} for c in self.contributions
            ],
        }


def show(ws: Workspace, session_id: str) -> SessionDetail:
    session = get(ws, session_id)
    attendance = [
        Attendance.from_row(r)
        for r in ws.store.select("attendance", {"session": session_id}, order_by="arrived_at, id")
    ]
    contributions = [
        Contribution.from_row(r)
        for r in ws.store.select("contribution", {"session": session_id}, order_by="created_at, id")
    ]
    return SessionDetail(
        session,
        agenda(ws, session_id),
        attendance,
        contributions,
        queries.vote_totals_for_session(ws.store, session_id),
    )


# --- prepare and review -------------------------------------------------------


def mark_live(ws: Workspace, session_id: str) -> None:
    """A planned session becomes live with the first check-in or contribution in it; part of
    that mutation (its undo puts the session back to planned too). Closed stays closed."""
    row = ws.store.get("session", session_id)
    if row is not None and row["status"] == SessionStatus.PLANNED.value:
        ws.store.update("session", session_id, {"status": SessionStatus.LIVE.value})


def close(ws: Workspace, session_id: str) -> Changes:
    """Close a session after its review (undoable like every edit)."""
    ws.row("session", session_id, what=N_("session"))
    with ws.mutation(_("Close session")) as done:
        ws.store.update("session", session_id, {"status": SessionStatus.CLOSED.value})
    return done.changes


def reopen(ws: Workspace, session_id: str) -> Changes:
    ws.row("session", session_id, what=N_("session"))
    with ws.mutation(_("Reopen session")) as done:
        ws.store.update("session", session_id, {"status": SessionStatus.PLANNED.value})
    return done.changes


def length_minutes(session: Session) -> int | None:
    """How long the session is planned to last, when both its start and end are known."""
    if not session.starts_at or not session.ends_at:
        return None
    starts = datetime.fromisoformat(session.starts_at.replace("Z", "+00:00"))
    ends = datetime.fromisoformat(session.ends_at.replace("Z", "+00:00"))
    return int((ends - starts).total_seconds() // 60)


def agenda_minutes(items: list[AgendaItem]) -> int:
    return sum(i.timebox_minutes or 0 for i in items)


@dataclass(frozen=True)
class OpenAction:
    """An open action from elsewhere, with the title of the session it came from."""

    action: Action
    from_session: str | None


def open_actions(ws: Workspace, session_id: str) -> list[OpenAction]:
    """The community's open actions not yet linked to this session, to carry forward."""
    session = get(ws, session_id)
    rows = session_queries.open_actions_elsewhere(ws.store, session.community, session_id)
    return [OpenAction(Action.from_row(r), r["session_title"]) for r in rows]


# --- what this laptop keeps while a session runs (local, never synced) -----------


def _meta_key(what: str, session_id: str) -> str:
    return f"session.{what}.{session_id}"


def capture_draft(ws: Workspace, session_id: str) -> str:
    """The text typed in the capture field and not yet saved (kept through a crash)."""
    return ws.store.meta(_meta_key("draft", session_id)) or ""


def save_capture_draft(ws: Workspace, session_id: str, text: str) -> None:
    ws.store.set_meta(_meta_key("draft", session_id), text)


def vote_budget(ws: Workspace, session_id: str) -> int | None:
    """How many dots each person may give in this session, or None for no limit."""
    value = ws.store.meta(_meta_key("vote_budget", session_id))
    return int(value) if value else None


def set_vote_budget(ws: Workspace, session_id: str, budget: int | None) -> None:
    budget = v.positive_int(budget, N_("dots per person"), high=100) or None
    ws.store.set_meta(_meta_key("vote_budget", session_id), str(budget or ""))


def timer_state(ws: Workspace, session_id: str) -> dict[str, Any]:
    """The agenda timer: which item is current and how many seconds it has run."""
    value = ws.store.meta(_meta_key("timer", session_id))
    return json.loads(value) if value else {"item": None, "elapsed": 0}


def save_timer_state(ws: Workspace, session_id: str, item_id: str | None, elapsed: int) -> None:
    ws.store.set_meta(
        _meta_key("timer", session_id), json.dumps({"item": item_id, "elapsed": int(elapsed)})
    )
