"""The database's shape as data: tables by migration; indexes and FTS applied at each start."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

# Columns every synced table has. No UNIQUE constraint besides the key and no
# foreign keys: a synced row may arrive before the row it points to.
COMMON = {"id": str, "created_at": str, "updated_at": str, "deleted": int}

TABLES_V1: dict[str, dict[str, type]] = {
    "community": {"name": str, "purpose": str, "shared_values": str, "online_space": str,
                  "language": str},
    "member": {"community": str, "name": str, "email": str, "phone": str, "organisation": str,
               "department": str, "role": str, "brought_by": str, "consent_directory": int,
               "consent_contact": int, "joined_on": str, "left_on": str, "notes": str},
    "question": {"community": str, "title": str, "description": str, "urgency": int,
                 "status": str, "owner": str, "perspectives": str, "outcome": str},
    "session": {"community": str, "title": str, "starts_at": str, "ends_at": str,
                "location": str, "mode": str, "facilitator": str, "purpose": str,
                "status": str, "notes": str},
    "agenda_item": {"community": str, "session": str, "position": str, "title": str,
                    "timebox_minutes": int, "question": str, "presenter": str},
    "attendance": {"community": str, "session": str, "member": str, "status": str,
                   "arrived_at": str, "left_at": str, "brought_by": str},
    "contribution": {"community": str, "session": str, "question": str, "author": str,
                     "kind": str, "text": str},
    "vote": {"community": str, "contribution": str, "device": str, "count": int},
    "action": {"community": str, "text": str, "owner": str, "due_on": str, "status": str,
               "session": str, "question": str},
    "agreement": {"community": str, "text": str, "session": str, "status": str},
}  # fmt: skip

DEFAULTS: dict[str, dict[str, object]] = {
    "community": {"language": "nl"},
    "member": {"role": "member", "consent_directory": 0, "consent_contact": 0},
    "question": {"urgency": 2, "status": "open"},
    "session": {"mode": "offline", "status": "planned"},
    "attendance": {"status": "invited"},
    "contribution": {"kind": "idea", "text": ""},
    "vote": {"count": 0},
    "action": {"status": "open"},
    "agreement": {"status": "adopted"},
}

SYNCED_TABLES = tuple(TABLES_V1)

# Long text that concurrent edits merge (3-way) instead of one overwriting the other.
LONG_TEXT: dict[str, tuple[str, ...]] = {
    "community": ("purpose", "shared_values"),
    "member": ("strengths", "interests", "notes"),
    "question": ("description", "perspectives", "outcome"),
    "session": ("purpose", "notes"),
    "contribution": ("text",),
    "action": ("text",),
    "agreement": ("text",),
}

# Full-text search, kept current by triggers (sqlite-utils' enable_fts).
FTS_COLUMNS: dict[str, list[str]] = {
    "member": ["name", "email", "organisation", "department", "strengths", "interests", "notes"],
    "question": ["title", "description", "perspectives", "outcome"],
    "session": ["title", "location", "purpose", "notes"],
    "contribution": ["text"],
}
FTS_TOKENIZE = "unicode61 remove_diacritics 2"

INDEXES: list[tuple[str, list[str]]] = [
    ("member", ["email"]),
    ("question", ["community"]),
    ("session", ["community", "starts_at"]),
    ("agenda_item", ["session", "position"]),
    ("attendance", ["session"]),
    ("attendance", ["member"]),
    ("contribution", ["session"]),
    ("contribution", ["question"]),
    ("contribution", ["community"]),
    ("vote", ["contribution"]),
    ("action", ["community"]),
    ("agreement", ["community"]),
]

# Indexes sqlite-utils cannot declare: lists sorted by name, ignoring case.
RAW_INDEXES = [
    "CREATE INDEX IF NOT EXISTS idx_member_community_name "
    "ON member (community, name COLLATE NOCASE)",
    # The members list: live members of a community in name order, read page by page.
    "CREATE INDEX IF NOT EXISTS idx_member_list "
    "ON member (community, deleted, name COLLATE NOCASE, id)",
]


def _m001_initial(db: sqlite_utils.Database) -> None:
    for name, columns in TABLES_V1.items():
        db[name].create(
            {**COMMON, **columns},
            pk="id",
            not_null={"id"},
            defaults={"deleted": 0, **DEFAULTS.get(name, {})},
        )


def _m002_member_profile(db: sqlite_utils.Database) -> None:
    """Strengths, interests and photo consent: what ambassadors asked to record."""
    member = db["member"]
    member.add_column("strengths", str)
    member.add_column("interests", str)
    member.add_column("consent_photo", int, not_null_default=0)


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite_utils.Database], None]


# Append only: a migration, once released, never changes.
MIGRATIONS: list[Migration] = [
    Migration("m001_initial", _m001_initial),
    Migration("m002_member_profile", _m002_member_profile),
]
