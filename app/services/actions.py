"""Use cases for actions (who does what by when) and the community's working agreements."""

from __future__ import annotations

from typing import Any

from app.domain import validate as v
from app.domain.model import Action, ActionStatus, Agreement, AgreementStatus
from app.i18n import N_, _
from app.services.workspace import Changes, Workspace


def _clean_action(ws: Workspace, community_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "text" in fields:
        out["text"] = v.text(fields["text"], N_("text"), required=True, limit=10_000)
    if "due_on" in fields:
        out["due_on"] = v.day(fields["due_on"], "due_on")
    if "status" in fields:
        out["status"] = v.choice(
            fields["status"], ActionStatus, N_("status"), ActionStatus.OPEN
        ).value
    for key, table in (("owner", "member"), ("session", "session"), ("question", "question")):
        if key in fields:
            out[key] = ws.same_community(table, fields[key], community_id, what=table)
    return out


def add(ws: Workspace, community_id: str, text: str, **fields: Any) -> Changes:
    ws.row("community", community_id, what=N_("community"))
    values = _clean_action(ws, community_id, {"text": text, **fields})
    with ws.mutation(_("Add action")) as done:
        ws.store.insert("action", {"community": community_id, **values})
    return done.changes


def update(ws: Workspace, action_id: str, **fields: Any) -> Changes:
    row = ws.row("action", action_id, what=N_("action"))
    values = _clean_action(ws, row["community"], fields)
    with ws.mutation(_("Edit action")) as done:
        ws.store.update("action", action_id, values)
    return done.changes


def delete(ws: Workspace, action_id: str) -> Changes:
    ws.row("action", action_id, what=N_("action"))
    with ws.mutation(_("Delete action")) as done:
        ws.store.update("action", action_id, {"deleted": 1})
    return done.changes


def list_actions(
    ws: Workspace, community_id: str, *, status: str | None = None, owner: str | None = None
) -> list[Action]:
    where: dict[str, Any] = {"community": community_id}
    if status:
        where["status"] = status
    if owner:
        where["owner"] = owner
    rows = ws.store.select("action", where, order_by="due_on, id")
    return [Action.from_row(r) for r in rows]


def add_agreement(
    ws: Workspace,
    community_id: str,
    text: str,
    *,
    session: str | None = None,
    status: str = "adopted",
) -> Changes:
    ws.row("community", community_id, what=N_("community"))
    values = {
        "community": community_id,
        "text": v.text(text, N_("text"), required=True, limit=10_000),
        "session": ws.same_community("session", session, community_id, what=N_("session")),
        "status": v.choice(status, AgreementStatus, N_("status"), AgreementStatus.ADOPTED).value,
    }
    with ws.mutation(_("Add working agreement")) as done:
        ws.store.insert("agreement", values)
    return done.changes


def update_agreement(ws: Workspace, agreement_id: str, **fields: Any) -> Changes:
    ws.row("agreement", agreement_id, what=N_("working agreement"))
    values: dict[str, Any] = {}
    if "text" in fields:
        values["text"] = v.text(fields["text"], N_("text"), required=True, limit=10_000)
    if "status" in fields:
        values["status"] = v.choice(
            fields["status"], AgreementStatus, N_("status"), AgreementStatus.ADOPTED
        ).value
    with ws.mutation(_("Edit working agreement")) as done:
        ws.store.update("agreement", agreement_id, values)
    return done.changes


def list_agreements(ws: Workspace, community_id: str) -> list[Agreement]:
    rows = ws.store.select("agreement", {"community": community_id}, order_by="created_at, id")
    return [Agreement.from_row(r) for r in rows]
