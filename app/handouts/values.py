"""The plain values handouts are drawn from: people, sessions, agenda rows, contributions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.model import Community


@dataclass(frozen=True, slots=True)
class Person:
    """Someone printed on a sheet, badge or in the directory."""

    id: str
    name: str
    organisation: str | None = None
    department: str | None = None
    code: str = ""
    status: str | None = None  # attendance status, on session sheets
    role: str | None = None
    email: str | None = None  # only filled where the member shares contact details
    phone: str | None = None
    strengths: str | None = None
    interests: str | None = None


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: str
    title: str
    starts: datetime | None
    ends: datetime | None
    location: str | None
    mode: str
    facilitator: str | None
    purpose: str | None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class AgendaRow:
    title: str
    minutes: int | None
    starts: datetime | None  # computed from the session start and the timeboxes before it
    presenter: str | None
    question: str | None


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    id: str
    title: str
    description: str | None
    perspectives: str | None
    owner: str | None
    status: str
    urgency: int
    outcome: str | None


@dataclass(frozen=True, slots=True)
class ActionRow:
    text: str
    owner: str | None
    due: date | None
    status: str
    source: str | None = None  # the title of the session it came from


@dataclass(frozen=True, slots=True)
class ContributionRow:
    id: str
    text: str
    kind: str
    author: str | None
    votes: int
    question: str | None
    session: str | None = None


@dataclass(frozen=True, slots=True)
class AgreementRow:
    text: str
    status: str


@dataclass(frozen=True)
class SessionHandout:
    community: Community
    session: SessionInfo
    agenda: list[AgendaRow]
    questions: list[QuestionInfo]
    open_actions: list[ActionRow]
    agreements: list[AgreementRow]


@dataclass(frozen=True)
class Attendees:
    """Who a sign-in sheet or a badge sheet is for: the invitees, or every active member."""

    community: Community
    session: SessionInfo
    people: list[Person]


@dataclass(frozen=True)
class Minutes:
    community: Community
    session: SessionInfo
    present: list[Person]
    excused: list[Person]
    questions: list[QuestionInfo]  # agenda order first, then any other question spoken about
    contributions: list[ContributionRow]
    actions: list[ActionRow]
    agreements: list[AgreementRow]


@dataclass(frozen=True)
class Directory:
    community: Community
    people: list[Person]


@dataclass(frozen=True)
class Dossier:
    community: Community
    question: QuestionInfo
    sessions: dict[str, SessionInfo] = field(default_factory=dict)
    contributions: list[ContributionRow] = field(default_factory=list)  # session order
    actions: list[ActionRow] = field(default_factory=list)
