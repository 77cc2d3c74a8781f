"""Use cases for sync conflicts: list the values concurrent edits overwrote, and resolve them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from app.domain import validate as v
from app.domain.errors import NotFound, ValidationError
from app.i18n import N_, _
from app.services.workspace import Changes, Workspace
from app.store import replica, schema
from app.sync.clock import Stamp
from app.sync.merge import RESOLVES, field_clock

# The column that names a record for a person reading a list of conflicts.
_NAMED_BY = {
    "community": "name",
    "member": "name",
    "question": "title",
    "session": "title",
    "agenda_item": "title",
    "contribution": "text",
    "action": "text",
    "agreement": "text",
}
_REQUIRED = {("community", "name"), ("member", "name"), ("question", "title"),
             ("session", "title"), ("agenda_item", "title")}  # fmt: skip
_LABEL_LENGTH = 60


@dataclass(frozen=True, slots=True)
class Conflict:
    """A value a concurrent edit overwrote, next to the value the record holds now."""

    id: str
    table: str
    row: str
    field: str
    record: str  # the record, as a person names it ("Anna de Vries")
    field_label: str
    current_value: str | None  # in the record now: what "keep mine" keeps
    other_value: str | None  # the overwritten value: what "keep theirs" brings back
    current_stamp: str | None
    other_stamp: str | None
    created_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something sync did that a facilitator should know (a deleted record kept)."""

    id: str
    table: str
    row: str
    kind: str
    record: str
    message: str
    created_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_conflicts(ws: Workspace, community_id: str) -> list[Conflict]:
    """The open conflicts of a community, oldest first."""
    ws.row("community", community_id, what=N_("community"))
    found = []
    for c in replica.conflicts(ws.store, community_id):
        row, clocks = replica.row_state(ws.store, c["tbl"], c["row"])
        if row is not None and row["deleted"]:
            continue  # moot while the record is deleted; back if an edit revives it
        found.append(
            Conflict(
                id=c["id"], table=c["tbl"], row=c["row"], field=c["field"],
                record=record_label(ws, c["tbl"], row), field_label=v.field_label(c["field"]),
                current_value=_text(row.get(c["field"])) if row else c["winner_value"],
                other_value=c["loser_value"],
                current_stamp=field_clock(clocks, c["field"])[0] if row else c["winner_stamp"],
                other_stamp=c["loser_stamp"], created_at=c["created_at"],
            )
        )  # fmt: skip
    return found


def list_notices(ws: Workspace, community_id: str) -> list[Notice]:
    """What sync did on its own that a facilitator should hear about, oldest first."""
    ws.row("community", community_id, what=N_("community"))
    notices = []
    for n in replica.notices(ws.store, community_id):
        record = record_label(ws, n["tbl"], ws.store.get(n["tbl"], n["row"]))
        if n["kind"] == "revived":
            message = _("“{record}” was deleted on one laptop while it was being edited on "
                        "another; Kring kept it.").format(record=record)  # fmt: skip
        else:
            message = n["kind"]
        notices.append(Notice(n["id"], n["tbl"], n["row"], n["kind"], record, message,
                              n["created_at"]))  # fmt: skip
    return notices


def resolve(
    ws: Workspace, conflict_id: str, *, keep: str | None = None, text: str | None = None
) -> Changes:
    """Settle a conflict by keeping the current value ('mine'), the other ('theirs'), or `text`.

    The choice is written as an ordinary edit that also names the conflict, so every
    other replica takes the value and marks the same conflict resolved when it syncs.
    On a deleted record the conflict is only closed: its value stays as it is.
    """
    found = replica.conflict(ws.store, conflict_id)
    if found is None:
        raise NotFound(_("There is no conflict with id {id}.").format(id=conflict_id))
    if found["resolved"]:
        raise ValidationError(_("This conflict has already been resolved."))
    if (keep is None) == (text is None):
        raise ValidationError(_("Choose one: keep your value, keep the other value, or give "
                                "a merged text."))  # fmt: skip
    table, row_id, field = found["tbl"], found["row"], found["field"]
    row = ws.store.get(table, row_id)
    if row is None:
        raise NotFound(_("The record of this conflict has not arrived yet; sync, then try "
                         "again."))  # fmt: skip
    if text is not None:
        value = _typed_text(ws, table, field, text)
    elif keep == "mine":
        value = row[field]
    elif keep == "theirs":
        value = replica.field_value(ws.store, table, field, found["loser_value"])
    else:
        raise ValidationError(_("Keep “mine” or “theirs”."))
    # A deleted record keeps its value: an edit would bring it back on the other laptops.
    target = None if row["deleted"] else field
    with ws.store.transaction():
        replica.write_field(ws.store, table, row_id, target, value, {RESOLVES: [conflict_id]})
        replica.mark_resolved(ws.store, [conflict_id], found["community"])
    return Changes(_("Resolve conflict"), frozenset({table, "conflict"}),
                   frozenset({row_id, conflict_id}))  # fmt: skip


def record_label(ws: Workspace, table: str, row: dict[str, Any] | None) -> str:
    """How a person names a record: a member's name, a question's title, the start of a text."""
    if row is None:
        return _("(not yet synced)")
    if table == "attendance":
        member = ws.store.get("member", row["member"]) if row.get("member") else None
        name = member["name"] if member else _("(not yet synced)")
        return _("{member} at a session").format(member=name)
    if table == "vote":
        contribution = ws.store.get("contribution", row.get("contribution") or "")
        text = contribution["text"] if contribution else _("(not yet synced)")
        return _("votes for “{text}”").format(text=_shorten(text))
    name = row.get(_NAMED_BY.get(table, ""))
    return _shorten(str(name)) if name else _("(no name)")


@dataclass(frozen=True, slots=True)
class Origin:
    """Who wrote a value, and when, as far as this device knows."""

    at: str | None  # UTC ISO-8601
    this_device: bool


def origin(ws: Workspace, stamp: str | None) -> Origin:
    """When and where (this laptop or another) a value in a conflict was written."""
    if not stamp:
        return Origin(None, False)
    try:
        decoded = Stamp.decode(stamp)
    except (ValueError, IndexError):
        return Origin(None, False)
    at = datetime.fromtimestamp(decoded.ms / 1000, UTC).isoformat(timespec="seconds")
    return Origin(at.replace("+00:00", "Z"), decoded.device == ws.store.device_id)


def merge_start(conflict: Conflict) -> str:
    """The text a hand-made merge starts from: both values for running text, else the current."""
    mine, theirs = conflict.current_value or "", conflict.other_value or ""
    long_text = conflict.field in schema.LONG_TEXT.get(conflict.table, ())
    if long_text and mine and theirs and mine != theirs:
        return f"{mine}\n\n{theirs}"
    return mine or theirs


def _typed_text(ws: Workspace, table: str, field: str, text: str) -> Any:
    if (table, field) in _REQUIRED and not text.strip():
        raise ValidationError(
            _("Please fill in the {field}.").format(field=v.field_label(field)), field
        )
    if field == "email":
        return v.email(text)
    if field == "phone":
        return v.phone(text)
    try:
        return replica.field_value(ws.store, table, field, text)
    except ValueError:
        raise ValidationError(
            _("The {field} must be a whole number.").format(field=v.field_label(field)), field
        ) from None


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1] + "…"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
