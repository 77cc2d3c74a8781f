"""Use cases for the members of a community."""

from __future__ import annotations

from typing import Any

from app.domain import validate as v
from app.domain.errors import ValidationError
from app.domain.model import Member, Role
from app.i18n import N_, _
from app.services.workspace import Changes, Workspace

TEXT_FIELDS = ("organisation", "department", "strengths", "interests", "notes")
FLAGS = ("consent_directory", "consent_contact", "consent_photo")


def clean(ws: Workspace, community_id: str, fields: dict[str, Any], member_id: str | None = None):
    """Validated, normalised values for the given fields (others are left out)."""
    out: dict[str, Any] = {}
    if "name" in fields:
        out["name"] = v.text(fields["name"], N_("name"), required=True, limit=200)
    if "email" in fields:
        out["email"] = v.email(fields["email"])
    if "phone" in fields:
        out["phone"] = v.phone(fields["phone"])
    for key in TEXT_FIELDS:
        if key in fields:
            out[key] = v.text(fields[key], key)
    if "role" in fields:
        out["role"] = v.choice(fields["role"], Role, N_("role"), Role.MEMBER).value
    for key in FLAGS:
        if key in fields:
            out[key] = 1 if fields[key] else 0
    for key in ("joined_on", "left_on"):
        if key in fields:
            out[key] = v.day(fields[key], key)
    if "brought_by" in fields:
        brought_by = fields["brought_by"] or None
        if brought_by and brought_by == member_id:
            raise ValidationError(_("A member cannot have brought themselves."), "brought_by")
        out["brought_by"] = ws.same_community("member", brought_by, community_id, what=N_("member"))
    if out.get("joined_on") and out.get("left_on") and out["left_on"] < out["joined_on"]:
        raise ValidationError(_("A member cannot leave before joining."), "left_on")
    return out


def add(ws: Workspace, community_id: str, name: str, **fields: Any) -> Changes:
    ws.row("community", community_id, what=N_("community"))
    values = clean(ws, community_id, {"name": name, **fields})
    with ws.mutation(_("Add member")) as done:
        ws.store.insert("member", {"community": community_id, **values})
    return done.changes


def update(ws: Workspace, member_id: str, **fields: Any) -> Changes:
    row = ws.row("member", member_id, what=N_("member"))
    values = clean(ws, row["community"], fields, member_id)
    with ws.mutation(_("Edit member")) as done:
        ws.store.update("member", member_id, values)
    return done.changes


def delete(ws: Workspace, member_id: str) -> Changes:
    ws.row("member", member_id, what=N_("member"))
    with ws.mutation(_("Delete member")) as done:
        ws.store.update("member", member_id, {"deleted": 1})
    return done.changes


def get(ws: Workspace, member_id: str) -> Member:
    return Member.from_row(ws.row("member", member_id, what=N_("member")))


def list_members(ws: Workspace, community_id: str, *, include_left: bool = True) -> list[Member]:
    rows = ws.store.select(
        "member", {"community": community_id}, order_by="name COLLATE NOCASE, id"
    )
    members = [Member.from_row(r) for r in rows]
    return members if include_left else [m for m in members if m.active]


def find_match(members: list[Member], name: str | None, email: str | None) -> Member | None:
    """The existing member an imported person is: same email, else same name (case-blind)."""
    if email:
        for m in members:
            if m.email and m.email.casefold() == email.casefold():
                return m
    if name:
        key = " ".join(name.split()).casefold()
        for m in members:
            if " ".join(m.name.split()).casefold() == key:
                return m
    return None
