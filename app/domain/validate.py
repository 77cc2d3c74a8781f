"""Validation of user input, raising `ValidationError` with a message for the facilitator."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar

from app.domain.errors import ValidationError
from app.i18n import N_, _

_EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]{2,}$")
E = TypeVar("E", bound=StrEnum)

# How a field is named in a message ("Please fill in the name").
FIELD_LABELS = {
    "name": N_("name"),
    "title": N_("title"),
    "text": N_("text"),
    "purpose": N_("purpose"),
    "shared_values": N_("shared values"),
    "online_space": N_("link to the online space"),
    "organisation": N_("organisation"),
    "department": N_("department"),
    "strengths": N_("strengths"),
    "interests": N_("interests"),
    "notes": N_("notes"),
    "description": N_("description"),
    "perspectives": N_("perspectives to involve"),
    "outcome": N_("outcome"),
    "location": N_("location"),
    "starts_at": N_("start"),
    "ends_at": N_("end"),
    "joined_on": N_("date joined"),
    "left_on": N_("date left"),
    "due_on": N_("due date"),
    "urgency": N_("urgency"),
    "timebox_minutes": N_("timebox"),
    "role": N_("role"),
    "status": N_("status"),
    "kind": N_("kind"),
    "mode": N_("mode"),
}


def field_label(field: str) -> str:
    return _(FIELD_LABELS.get(field, field))


_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,24}$")


def text(
    value: str | None, field: str, *, required: bool = False, limit: int = 10_000
) -> str | None:
    """Trimmed text, or None when empty; refuses a missing required value or a huge one."""
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError(
                _("Please fill in the {field}.").format(field=field_label(field)), field
            )
        return None
    if len(value) > limit:
        raise ValidationError(
            _("The {field} is too long (at most {limit} characters).").format(
                field=field_label(field), limit=limit
            ),
            field,
        )
    return value


def email(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _EMAIL.match(value):
        raise ValidationError(_("“{value}” is not an email address.").format(value=value), "email")
    return value


def phone(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _PHONE.match(value):
        raise ValidationError(_("“{value}” is not a phone number.").format(value=value), "phone")
    return value


def choice(value: str | None, enum: type[E], field: str, default: E) -> E:
    if value in (None, ""):
        return default
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ValidationError(
            _("“{value}” is not a valid {field}; choose one of: {allowed}.").format(
                value=value, field=field_label(field), allowed=allowed
            ),
            field,
        ) from None


def timestamp(value: str | None, field: str) -> str | None:
    """An ISO-8601 date-time, stored as UTC ISO text; a naive value is taken as local time."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a date and time (use for example 2026-03-14T19:30).").format(
                value=value
            ),
            field,
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    return parsed.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def day(value: str | None, field: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a date (use for example 2026-03-14).").format(value=value), field
        ) from None


def positive_int(
    value: int | str | None, field: str, *, low: int = 0, high: int = 10_000
) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            _("“{value}” is not a whole number.").format(value=value), field
        ) from None
    if not low <= number <= high:
        raise ValidationError(
            _("The {field} must be between {low} and {high}.").format(
                field=field_label(field), low=low, high=high
            ),
            field,
        )
    return number


def now() -> str:
    """The current time as stored: UTC ISO-8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
