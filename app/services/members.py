"""Use cases for the members of a community."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain import validate as v
from app.domain.errors import ValidationError
from app.domain.ids import attendance_id
from app.domain.model import AttendanceStatus, Member, Role
from app.i18n import N_, _
from app.services.workspace import Changes, Workspace
from app.store import member_queries

TEXT_FIELDS = ("organisation", "department", "strengths", "interests", "notes")
FLAGS = ("consent_directory", "consent_contact", "consent_photo")


def clean(
    ws: Workspace,
    community_id: str,
    fields: dict[str, Any],
    member_id: str | None = None,
    stored: dict[str, Any] | None = None,
):
    """Validated, normalised values for the given fields (others are left out).

    `stored` is the member as it is now, so that a new left date is checked against the
    joined date already saved (and the other way round)."""
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
    joined = out["joined_on"] if "joined_on" in out else (stored or {}).get("joined_on")
    left = out["left_on"] if "left_on" in out else (stored or {}).get("left_on")
    if joined and left and left < joined:
        edited = "left_on" if "left_on" in out else "joined_on"
        raise ValidationError(_("A member cannot leave before joining."), edited)
    return out


def add(ws: Workspace, community_id: str, name: str, **fields: Any) -> Changes:
    ws.row("community", community_id, what=N_("community"))
    values = clean(ws, community_id, {"name": name, **fields})
    with ws.mutation(_("Add member")) as done:
        ws.store.insert("member", {"community": community_id, **values})
    return done.changes


def update(ws: Workspace, member_id: str, **fields: Any) -> Changes:
    row = ws.row("member", member_id, what=N_("member"))
    values = clean(ws, row["community"], fields, member_id, row)
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


# --- the members table ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberFilter:
    """What the members table shows: words typed, role, department ("" = none), status
    ("active", "left" or None for both), and the column it is sorted by."""

    text: str = ""
    role: str | None = None
    department: str | None = None
    status: str | None = None
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class MemberRow:
    """What one row of the members table shows."""

    id: str
    name: str
    email: str | None
    organisation: str | None
    department: str | None
    role: str
    left_on: str | None

    @property
    def active(self) -> bool:
        return not self.left_on


SORTABLE = member_queries.SORTABLE


def filtered_ids(ws: Workspace, community_id: str, flt: MemberFilter) -> list[str]:
    """Ids of the members `flt` keeps, in its order: cheap even for 10,000 members."""
    return member_queries.ordered_ids(
        ws.store,
        community_id,
        text=flt.text,
        role=flt.role,
        department=flt.department,
        status=flt.status,
        sort=flt.sort,
        descending=flt.descending,
    )


def rows(ws: Workspace, ids: list[str]) -> dict[str, MemberRow]:
    """The table rows of the given members, by id (ids no longer found are left out)."""
    return {k: MemberRow(**r) for k, r in member_queries.listed_rows(ws.store, ids).items()}


def count(ws: Workspace, community_id: str) -> int:
    return member_queries.count(ws.store, community_id)


def departments(ws: Workspace, community_id: str) -> list[str]:
    return member_queries.departments(ws.store, community_id)


def pick(ws: Workspace, community_id: str, text: str, limit: int = 20) -> list[tuple[str, str]]:
    """(id, name) of members whose name starts words as typed: a picker's suggestions."""
    return member_queries.names_matching(ws.store, community_id, text, limit)


def name_of(ws: Workspace, member_id: str | None) -> str:
    """A member's name for display; a reference not (yet) here says so."""
    if not member_id:
        return ""
    row = ws.store.get("member", member_id)
    if row is None:
        return _("(not yet synced)")
    return row["name"] or ""


# --- what a member is part of: delete and merge -----------------------------------

# (one, several) per kind of reference.
_FOOTPRINT_LABELS = {
    ("attendance", "member"): (
        N_("1 session attended or invited to"),
        N_("{n} sessions attended or invited to"),
    ),
    ("contribution", "author"): (N_("1 contribution"), N_("{n} contributions")),
    ("action", "owner"): (N_("1 action"), N_("{n} actions")),
    ("question", "owner"): (N_("1 question they own"), N_("{n} questions they own")),
    ("member", "brought_by"): (N_("1 member they brought"), N_("{n} members they brought")),
    ("session", "facilitator"): (
        N_("1 session they facilitate"),
        N_("{n} sessions they facilitate"),
    ),
}


def footprint(ws: Workspace, member_id: str) -> list[str]:
    """What else refers to the member, in words ("12 contributions"); empty when nothing."""
    counts = member_queries.reference_counts(ws.store, member_id)
    said = []
    for key, (one, several) in _FOOTPRINT_LABELS.items():
        n = counts[key]
        if n:
            said.append(_(one) if n == 1 else _(several).format(n=n))
    return said


# Attendance kept when two rows for one person meet: the one saying most happened.
_STATUS_STRENGTH = {
    AttendanceStatus.PRESENT: 3,
    AttendanceStatus.EXCUSED: 2,
    AttendanceStatus.ABSENT: 1,
    AttendanceStatus.INVITED: 0,
}
_FILLED = ("email", "phone", "organisation", "department", "joined_on", "brought_by")
_JOINED_TEXT = ("strengths", "interests", "notes")


def merge(ws: Workspace, keep_id: str, other_id: str) -> Changes:
    """Make `other_id` part of `keep_id`: the same person entered twice. One undo step.

    Everything that points at the other (attendance, contributions, actions, questions,
    people they brought, sessions they facilitate, agenda items they present) then points
    at the kept member; the kept member's empty fields are filled from the other, long
    texts both have are joined; the other is deleted. Attendance ids are deterministic per
    (session, member), so a replica that checked the kept member in meanwhile merges with
    the row written here.
    """
    keep = ws.row("member", keep_id, what=N_("member"))
    other = ws.row("member", other_id, what=N_("member"))
    if keep_id == other_id:
        raise ValidationError(_("Choose two different members to merge."), "member")
    if keep["community"] != other["community"]:
        raise ValidationError(_("These members belong to different communities."), "member")
    with ws.mutation(_("Merge members")) as done:
        for row in ws.store.select("attendance", {"member": other_id}):
            _move_attendance(ws, row, keep_id)
        for table, column in member_queries.REFERENCES:
            if (table, column) == ("attendance", "member"):
                continue
            for row in ws.store.select(table, {column: other_id}):
                if row["id"] != keep_id:
                    ws.store.update(table, row["id"], {column: keep_id})
        keep = ws.store.get("member", keep_id) or keep  # it may have been brought by the other
        ws.store.update("member", keep_id, _merged_fields(keep, other))
        ws.store.update("member", other_id, {"deleted": 1})
    return done.changes


def _merged_fields(keep: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _FILLED:
        if not keep.get(name) and other.get(name):
            values[name] = other[name]
    if keep.get("brought_by") == other["id"]:  # brought by their own double: by whom they were
        values["brought_by"] = other.get("brought_by")
    if values.get("brought_by") == keep["id"]:
        values["brought_by"] = None
    for name in _JOINED_TEXT:
        mine, theirs = (keep.get(name) or "").strip(), (other.get(name) or "").strip()
        if theirs and theirs not in mine:
            values[name] = f"{mine}\n\n{theirs}" if mine else theirs
    ranks = member_queries.ROLE_ORDER
    if other.get("role") in ranks and (
        keep.get("role") not in ranks or ranks.index(other["role"]) < ranks.index(keep["role"])
    ):
        values["role"] = other["role"]
    if keep.get("joined_on") and other.get("joined_on"):
        values["joined_on"] = min(keep["joined_on"], other["joined_on"])
    return values


def _move_attendance(ws: Workspace, row: dict[str, Any], keep_id: str) -> None:
    """Give the kept member the other's attendance at one session, keeping the stronger
    status and the earliest arrival when both have a row there."""
    target_id = attendance_id(row["session"], keep_id)
    mine = ws.store.get("attendance", target_id)
    fields = ("status", "arrived_at", "left_at", "brought_by")
    if mine is None or mine["deleted"]:
        values = {name: row[name] for name in fields}
        if values["brought_by"] == keep_id:
            values["brought_by"] = None
        if mine is None:
            ws.store.insert(
                "attendance",
                {"id": target_id, "community": row["community"], "session": row["session"],
                 "member": keep_id, **values},
            )  # fmt: skip
        else:
            ws.store.update("attendance", target_id, {"deleted": 0, **values})
    else:
        strength = _STATUS_STRENGTH.get
        winner = row if strength(row["status"], 0) > strength(mine["status"], 0) else mine
        arrivals = [a for a in (mine["arrived_at"], row["arrived_at"]) if a]
        values = {
            "status": winner["status"],
            "arrived_at": min(arrivals) if arrivals else None,
            "left_at": winner["left_at"],
            "brought_by": mine["brought_by"] or row["brought_by"],
        }
        if values["brought_by"] == keep_id:
            values["brought_by"] = None
        ws.store.update("attendance", target_id, values)
    ws.store.update("attendance", row["id"], {"deleted": 1})
