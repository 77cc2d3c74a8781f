"""The community across sessions: the overview at a glance, and its actions and agreements
listed with the names of who and where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.domain.model import ActionStatus
from app.services.dossier import ActionLine, action_line
from app.services.workspace import Workspace
from app.store import question_queries as qq

# When an action is due, as the actions page filters it.
# PAST: a day gone by for an action that is done or dropped (so not overdue).
OVERDUE, THIS_WEEK, LATER, NO_DATE, PAST = "overdue", "this_week", "later", "none", "past"
NEWCOMER_DAYS = 30
LAST_SESSIONS = 5


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the overview and the record it leads to (entity "" for none)."""

    entity: str
    id: str
    text: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class NextSession:
    id: str
    title: str
    starts_at: str | None
    location: str | None
    agenda_items: int


@dataclass(frozen=True, slots=True)
class Newcomer:
    id: str
    name: str
    joined_on: str
    brought_by: str | None  # id
    brought_by_name: str | None


@dataclass(frozen=True, slots=True)
class PastSession:
    id: str
    title: str
    starts_at: str | None
    present: int


@dataclass(frozen=True, slots=True)
class QuestionBrief:
    id: str
    title: str
    urgency: int
    status: str


@dataclass(frozen=True, slots=True)
class OverdueAction:
    id: str
    text: str
    due_on: str
    owner_name: str | None


@dataclass(frozen=True, slots=True)
class Overview:
    next_session: NextSession | None
    open_questions: list[QuestionBrief]
    overdue_actions: list[OverdueAction]
    members: int
    newcomers: list[Newcomer]
    last_sessions: list[PastSession]


def overview(ws: Workspace, community_id: str, now: datetime | None = None) -> Overview:
    """What a facilitator wants to know first. `now` is aware (default: the current time)."""
    now = now or datetime.now(UTC)
    stamp = now.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    today = now.astimezone().date()
    upcoming = qq.next_session(ws.store, community_id, stamp)
    since = (today - timedelta(days=NEWCOMER_DAYS)).isoformat()
    return Overview(
        NextSession(
            upcoming["id"],
            upcoming["title"] or "",
            upcoming["starts_at"],
            upcoming["location"],
            upcoming["agenda_items"],
        )
        if upcoming
        else None,
        [
            QuestionBrief(r["id"], r["title"] or "", r["urgency"] or 2, r["status"])
            for r in qq.open_questions(ws.store, community_id)
        ],
        [
            OverdueAction(r["id"], r["text"] or "", r["due_on"], r["owner_name"])
            for r in qq.overdue_actions(ws.store, community_id, today.isoformat())
        ],
        qq.member_count(ws.store, community_id),
        [
            Newcomer(
                r["id"], r["name"] or "", r["joined_on"], r["brought_by"], r["brought_by_name"]
            )
            for r in qq.newcomers(ws.store, community_id, since)
        ],
        [
            PastSession(r["id"], r["title"] or "", r["starts_at"], r["present"])
            for r in qq.last_sessions(ws.store, community_id, stamp, LAST_SESSIONS)
        ],
    )


@dataclass(frozen=True, slots=True)
class MemberChoice:
    """A member as a picker offers them."""

    id: str
    name: str
    organisation: str | None = None
    email: str | None = None


def member_choices(ws: Workspace, community_id: str) -> list[MemberChoice]:
    """The active members to choose an owner from, by name (lighter than whole members)."""
    return [
        MemberChoice(r["id"], r["name"] or "", r["organisation"], r["email"])
        for r in qq.member_choices(ws.store, community_id)
    ]


# --- actions and agreements across sessions --------------------------------------------


def due_bucket(due_on: str | None, status: str, today: date) -> str:
    """OVERDUE (open and past its day), THIS_WEEK (due by this Sunday), LATER, NO_DATE or
    PAST (done or dropped, its day gone by)."""
    if not due_on:
        return NO_DATE
    try:
        due = date.fromisoformat(due_on)
    except ValueError:
        return NO_DATE
    if due < today:
        return OVERDUE if status == ActionStatus.OPEN else PAST
    if due <= today + timedelta(days=6 - today.weekday()):
        return THIS_WEEK
    return LATER


def action_lines(ws: Workspace, community_id: str) -> list[ActionLine]:
    """Every action of the community, earliest due first (no date last)."""
    return [action_line(r) for r in qq.actions_with_names(ws.store, community_id)]


@dataclass(frozen=True, slots=True)
class AgreementLine:
    id: str
    text: str
    status: str
    session: str | None
    session_title: str | None
    session_starts: str | None


def agreement_lines(ws: Workspace, community_id: str) -> list[AgreementLine]:
    """The working agreements in the order they were made, with the session that adopted them."""
    return [_agreement(r) for r in qq.agreements_with_sessions(ws.store, community_id)]


def _agreement(row: dict[str, Any]) -> AgreementLine:
    return AgreementLine(
        row["id"],
        row["text"] or "",
        row["status"] or "adopted",
        row["session"],
        row["session_title"],
        row["session_starts"],
    )
