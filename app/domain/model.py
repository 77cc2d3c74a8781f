"""Kring's domain values: communities, members, questions, sessions and what happens in them."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Self

from app.i18n import N_, _


class Role(StrEnum):
    INITIATOR = "initiator"
    CORE = "core"
    AMBASSADOR = "ambassador"
    CONNECTOR = "connector"
    MEMBER = "member"
    GUEST = "guest"


class QuestionStatus(StrEnum):
    PROPOSED = "proposed"
    OPEN = "open"
    EXPLORING = "exploring"
    SOLVED = "solved"
    PARKED = "parked"


class SessionMode(StrEnum):
    OFFLINE = "offline"
    ONLINE = "online"
    HYBRID = "hybrid"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    CLOSED = "closed"


class AttendanceStatus(StrEnum):
    INVITED = "invited"
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class ContributionKind(StrEnum):
    IDEA = "idea"
    INSIGHT = "insight"
    PERSPECTIVE = "perspective"
    QUESTION = "question"
    CONCERN = "concern"
    DECISION = "decision"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class AgreementStatus(StrEnum):
    PROPOSED = "proposed"
    ADOPTED = "adopted"
    RETIRED = "retired"


# Display names of enum values, for lists, pickers and printed handouts.
LABELS: dict[str, str] = {
    "initiator": N_("initiator"),
    "core": N_("core team"),
    "ambassador": N_("ambassador"),
    "connector": N_("connector"),
    "member": N_("member"),
    "guest": N_("guest"),
    "proposed": N_("proposed"),
    "open": N_("open"),
    "exploring": N_("exploring"),
    "solved": N_("solved"),
    "parked": N_("parked"),
    "offline": N_("in person"),
    "online": N_("online"),
    "hybrid": N_("hybrid"),
    "planned": N_("planned"),
    "live": N_("live"),
    "closed": N_("closed"),
    "invited": N_("invited"),
    "present": N_("present"),
    "excused": N_("excused"),
    "absent": N_("absent"),
    "idea": N_("idea"),
    "insight": N_("insight"),
    "perspective": N_("perspective"),
    "question": N_("question"),
    "concern": N_("concern"),
    "decision": N_("decision"),
    "done": N_("done"),
    "dropped": N_("dropped"),
    "adopted": N_("adopted"),
    "retired": N_("retired"),
}


def label(value: str) -> str:
    """The translated display name of an enum value."""
    return _(LABELS.get(value, value))


@functools.cache
def _shape(cls: type) -> tuple[frozenset[str], tuple[str, ...]]:
    """A record class's field names, and which of them are stored as 0/1 flags."""
    fields = dataclasses.fields(cls)
    return (
        frozenset(f.name for f in fields),
        tuple(f.name for f in fields if f.type in ("bool", bool)),
    )


@dataclass(frozen=True, slots=True)
class Record:
    """Columns every stored entity has."""

    TABLE: ClassVar[str] = ""
    id: str
    created_at: str | None = None
    updated_at: str | None = None
    deleted: bool = False

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        names, flags = _shape(cls)
        values = {k: v for k, v in row.items() if k in names}
        for name in flags:
            if name in values:
                values[name] = bool(values[name])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Community(Record):
    TABLE: ClassVar[str] = "community"
    name: str = ""
    purpose: str | None = None
    shared_values: str | None = None
    online_space: str | None = None
    language: str = "nl"


@dataclass(frozen=True, slots=True)
class Member(Record):
    TABLE: ClassVar[str] = "member"
    community: str = ""
    name: str = ""
    email: str | None = None
    phone: str | None = None
    organisation: str | None = None
    department: str | None = None
    role: str = Role.MEMBER
    strengths: str | None = None
    interests: str | None = None
    brought_by: str | None = None
    consent_directory: bool = False
    consent_contact: bool = False
    consent_photo: bool = False
    joined_on: str | None = None
    left_on: str | None = None
    notes: str | None = None

    @property
    def active(self) -> bool:
        return not self.left_on and not self.deleted


@dataclass(frozen=True, slots=True)
class Question(Record):
    TABLE: ClassVar[str] = "question"
    community: str = ""
    title: str = ""
    description: str | None = None
    urgency: int = 2
    status: str = QuestionStatus.OPEN
    owner: str | None = None
    perspectives: str | None = None
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Session(Record):
    TABLE: ClassVar[str] = "session"
    community: str = ""
    title: str = ""
    starts_at: str | None = None
    ends_at: str | None = None
    location: str | None = None
    mode: str = SessionMode.OFFLINE
    facilitator: str | None = None
    purpose: str | None = None
    status: str = SessionStatus.PLANNED
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem(Record):
    TABLE: ClassVar[str] = "agenda_item"
    community: str = ""
    session: str = ""
    position: str = ""
    title: str = ""
    timebox_minutes: int | None = None
    question: str | None = None
    presenter: str | None = None


@dataclass(frozen=True, slots=True)
class Attendance(Record):
    TABLE: ClassVar[str] = "attendance"
    community: str = ""
    session: str = ""
    member: str = ""
    status: str = AttendanceStatus.INVITED
    arrived_at: str | None = None
    left_at: str | None = None
    brought_by: str | None = None


@dataclass(frozen=True, slots=True)
class Contribution(Record):
    TABLE: ClassVar[str] = "contribution"
    community: str = ""
    session: str | None = None
    question: str | None = None
    author: str | None = None
    kind: str = ContributionKind.IDEA
    text: str = ""


@dataclass(frozen=True, slots=True)
class Vote(Record):
    TABLE: ClassVar[str] = "vote"
    community: str = ""
    contribution: str = ""
    device: str = ""
    count: int = 0


@dataclass(frozen=True, slots=True)
class Action(Record):
    TABLE: ClassVar[str] = "action"
    community: str = ""
    text: str = ""
    owner: str | None = None
    due_on: str | None = None
    status: str = ActionStatus.OPEN
    session: str | None = None
    question: str | None = None


@dataclass(frozen=True, slots=True)
class Agreement(Record):
    TABLE: ClassVar[str] = "agreement"
    community: str = ""
    text: str = ""
    session: str | None = None
    status: str = AgreementStatus.ADOPTED


ENTITIES: dict[str, type[Record]] = {
    cls.TABLE: cls
    for cls in (
        Community,
        Member,
        Question,
        Session,
        AgendaItem,
        Attendance,
        Contribution,
        Vote,
        Action,
        Agreement,
    )
}


# How a conflict is settled without editing: keep this device's value or the other's.
CONFLICT_KEEP = ("mine", "theirs")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: which entity, which row, a title and a highlighted snippet."""

    entity: str
    id: str
    title: str
    snippet: str
    rank: float
