"""Use cases for communities."""

from __future__ import annotations

from typing import Any

from app.domain import validate as v
from app.domain.model import Community
from app.i18n import N_, _
from app.services.workspace import Changes, Workspace


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in fields:
        out["name"] = v.text(fields["name"], N_("name"), required=True, limit=200)
    for key in ("purpose", "shared_values", "online_space"):
        if key in fields:
            out[key] = v.text(fields[key], key)
    if "language" in fields:
        out["language"] = fields["language"] if fields["language"] in ("nl", "en") else "nl"
    return out


def create(ws: Workspace, name: str, **fields: Any) -> Changes:
    values = _clean({"name": name, **fields})
    with ws.mutation(_("Create community")) as done:
        ws.store.insert("community", values)
    return done.changes


def update(ws: Workspace, community_id: str, **fields: Any) -> Changes:
    ws.row("community", community_id, what=N_("community"))
    with ws.mutation(_("Edit community")) as done:
        ws.store.update("community", community_id, _clean(fields))
    return done.changes


def delete(ws: Workspace, community_id: str) -> Changes:
    ws.row("community", community_id, what=N_("community"))
    with ws.mutation(_("Delete community")) as done:
        ws.store.update("community", community_id, {"deleted": 1})
    return done.changes


def get(ws: Workspace, community_id: str) -> Community:
    return Community.from_row(ws.row("community", community_id, what=N_("community")))


def list_all(ws: Workspace) -> list[Community]:
    rows = ws.store.select("community", order_by="name COLLATE NOCASE, id")
    return [Community.from_row(r) for r in rows]
