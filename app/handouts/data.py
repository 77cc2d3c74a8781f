"""What each handout prints, gathered from the services into plain values (no SQL, no PDF)."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date, datetime, timedelta, tzinfo

from app.domain.errors import NotFound
from app.domain.model import (
    Action,
    ActionStatus,
    AgreementStatus,
    AttendanceStatus,
    Member,
    Question,
    Session,
)
from app.handouts.values import (
    ActionRow,
    AgendaRow,
    AgreementRow,
    Attendees,
    ContributionRow,
    Directory,
    Dossier,
    Minutes,
    Person,
    QuestionInfo,
    SessionHandout,
    SessionInfo,
)
from app.i18n import _
from app.services import actions, communities, contributions, members, questions, sessions
from app.services.workspace import Workspace

# Crockford's base 32: no I, L, O or U, so a handwritten code is not misread.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Letters Unicode does not decompose into a base letter and a mark.
_BASE_LETTERS = str.maketrans(
    dict(zip("ŁłØøĐđı", "LlOoDdi", strict=True))
    | {"Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss"}
)
SIGNING_IN = {AttendanceStatus.INVITED, AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED}


# --- helpers ----------------------------------------------------------------------


def sort_key(name: str) -> tuple[str, str]:
    """Alphabetical order as people expect it: Élise by Elise, Łukasz by Lukas, case ignored."""
    bare = unicodedata.normalize("NFKD", name.translate(_BASE_LETTERS))
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold().strip(), name


def member_codes(member_ids: list[str], length: int = 4) -> dict[str, str]:
    """Short codes for handwriting: the first `length` characters of a hash of the id.

    A code is stable for a member; it grows by a character only where two people on the
    same sheet would otherwise share one. The reconcile screen computes them the same way.
    """
    digests = {m: _base32(hashlib.sha256(m.encode()).digest()) for m in dict.fromkeys(member_ids)}
    codes: dict[str, str] = {}
    pending = list(digests)
    size = length
    while pending:
        counts: dict[str, int] = {}
        for m in pending:
            counts[digests[m][:size]] = counts.get(digests[m][:size], 0) + 1
        clash = [m for m in pending if counts[digests[m][:size]] > 1]
        for m in pending:
            if counts[digests[m][:size]] == 1:
                codes[m] = digests[m][:size]
        pending, size = clash, size + 1
    return codes


def _base32(digest: bytes) -> str:
    number = int.from_bytes(digest, "big")
    return "".join(_CODE_ALPHABET[(number >> (5 * i)) & 31] for i in range(51))


def local(value: str | None, tz: tzinfo | None = None) -> datetime | None:
    """A stored UTC timestamp in local time (the computer's, unless `tz` is given)."""
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.astimezone(tz)


class _Names:
    """Member names by id for one community; a dangling reference reads "(not yet synced)"."""

    def __init__(self, ws: Workspace, community_id: str) -> None:
        self.members = {m.id: m for m in members.list_members(ws, community_id)}

    def __call__(self, member_id: str | None) -> str | None:
        if not member_id:
            return None
        member = self.members.get(member_id)
        return member.name if member else _("(not yet synced)")


def _person(member: Member, code: str = "", status: str | None = None) -> Person:
    return Person(
        member.id, member.name, member.organisation, member.department, code, status, member.role
    )


def _session_info(s: Session, names: _Names, tz: tzinfo | None) -> SessionInfo:
    starts, ends = local(s.starts_at, tz), local(s.ends_at, tz)
    facilitator = names(s.facilitator)
    return SessionInfo(
        s.id, s.title, starts, ends, s.location, s.mode, facilitator, s.purpose, s.notes
    )


def _question_info(q: Question, names: _Names) -> QuestionInfo:
    return QuestionInfo(
        q.id, q.title, q.description, q.perspectives, names(q.owner), q.status, q.urgency, q.outcome
    )


def _questions(ws: Workspace, ids: list[str], names: _Names) -> list[QuestionInfo]:
    found = []
    for qid in dict.fromkeys(ids):
        try:
            found.append(_question_info(questions.get(ws, qid), names))
        except NotFound:
            continue  # deleted, or not yet synced: nothing to print about it
    return found


def _action_row(a: Action, names: _Names, titles: dict[str, str] | None = None) -> ActionRow:
    due = date.fromisoformat(a.due_on) if a.due_on else None
    return ActionRow(a.text, names(a.owner), due, a.status, (titles or {}).get(a.session or ""))


# --- builders ---------------------------------------------------------------------


def session_handout(ws: Workspace, session_id: str, tz: tzinfo | None = None) -> SessionHandout:
    """The agenda handout: the session, its questions, open actions and working agreements."""
    detail = sessions.show(ws, session_id)
    cid = detail.session.community
    names = _Names(ws, cid)
    info = _session_info(detail.session, names, tz)
    rows, clock = [], info.starts
    for item in detail.agenda:
        presenter = names(item.presenter)
        rows.append(AgendaRow(item.title, item.timebox_minutes, clock, presenter, item.question))
        timebox = item.timebox_minutes
        clock = clock + timedelta(minutes=timebox) if clock and timebox else None
    this_start = detail.session.starts_at
    earlier = {
        s.id: s.title
        for s in sessions.list_sessions(ws, cid)
        if s.id != session_id and (not this_start or (s.starts_at or "") < this_start)
    }
    open_actions = [
        _action_row(a, names, earlier)
        for a in actions.list_actions(ws, cid, status=ActionStatus.OPEN)
        if a.session is None or a.session in earlier
    ]
    agreements = [
        AgreementRow(a.text, a.status)
        for a in actions.list_agreements(ws, cid)
        if a.status == AgreementStatus.ADOPTED
    ]
    question_ids = [i.question for i in detail.agenda if i.question]
    return SessionHandout(
        communities.get(ws, cid),
        info,
        rows,
        _questions(ws, question_ids, names),
        open_actions,
        agreements,
    )


def attendees(ws: Workspace, session_id: str, tz: tzinfo | None = None) -> Attendees:
    """Everyone invited to, present at or excused from the session, alphabetically, with codes.

    Before anyone is invited, that is every active member of the community.
    """
    detail = sessions.show(ws, session_id)
    cid = detail.session.community
    names = _Names(ws, cid)
    status = {a.member: a.status for a in detail.attendance if a.status in SIGNING_IN}
    if status:
        people = [names.members[m] for m in status if m in names.members]
    else:
        people = [m for m in names.members.values() if m.active]
    codes = member_codes([m.id for m in people])
    listed = [_person(m, codes[m.id], status.get(m.id)) for m in people]
    listed.sort(key=lambda p: sort_key(p.name))
    return Attendees(communities.get(ws, cid), _session_info(detail.session, names, tz), listed)


def minutes(ws: Workspace, session_id: str, tz: tzinfo | None = None) -> Minutes:
    """What happened: who came, what was said (with votes), decided, agreed and taken on."""
    detail = sessions.show(ws, session_id)
    cid = detail.session.community
    names = _Names(ws, cid)

    def people(wanted: str) -> list[Person]:
        found = [
            names.members[a.member]
            for a in detail.attendance
            if a.status == wanted and a.member in names.members
        ]
        return sorted((_person(m) for m in found), key=lambda p: sort_key(p.name))

    said = [
        ContributionRow(
            c.id, c.text, c.kind, names(c.author), detail.votes.get(c.id, 0), c.question
        )
        for c in detail.contributions
    ]
    agenda_ids = [i.question for i in detail.agenda if i.question]
    topics = _questions(ws, agenda_ids + [c.question for c in said if c.question], names)
    taken = [
        _action_row(a, names) for a in actions.list_actions(ws, cid) if a.session == session_id
    ]
    agreed = [
        AgreementRow(a.text, a.status)
        for a in actions.list_agreements(ws, cid)
        if a.session == session_id
    ]
    return Minutes(
        communities.get(ws, cid),
        _session_info(detail.session, names, tz),
        people(AttendanceStatus.PRESENT),
        people(AttendanceStatus.EXCUSED),
        topics,
        said,
        taken,
        agreed,
    )


def directory(ws: Workspace, community_id: str) -> Directory:
    """Active members who agreed to be listed; contact details only where they agreed to share."""
    community = communities.get(ws, community_id)
    listed = []
    for m in members.list_members(ws, community_id, include_left=False):
        if not m.consent_directory:
            continue
        shared = m.consent_contact
        listed.append(
            Person(
                m.id,
                m.name,
                m.organisation,
                m.department,
                role=m.role,
                email=m.email if shared else None,
                phone=m.phone if shared else None,
                strengths=m.strengths,
                interests=m.interests,
            )
        )
    listed.sort(key=lambda p: sort_key(p.name))
    return Directory(community, listed)


def dossier(ws: Workspace, question_id: str, tz: tzinfo | None = None) -> Dossier:
    """A question with everything captured about it, session by session, and its actions."""
    q = questions.get(ws, question_id)
    names = _Names(ws, q.community)
    held = {s.id: s for s in sessions.list_sessions(ws, q.community)}
    infos = {sid: _session_info(s, names, tz) for sid, s in held.items()}
    said = [
        ContributionRow(
            c.id,
            c.text,
            c.kind,
            names(c.author),
            contributions.votes(ws, c.id),
            c.question,
            c.session if c.session in held else None,
        )
        for c in contributions.for_question(ws, question_id)
    ]
    order = {sid: n for n, sid in enumerate(held)}  # sessions come ordered by start
    said.sort(key=lambda c: order.get(c.session or "", len(order)))
    titles = {sid: s.title for sid, s in held.items()}
    todo = [
        _action_row(a, names, titles)
        for a in actions.list_actions(ws, q.community)
        if a.question == question_id
    ]
    return Dossier(communities.get(ws, q.community), _question_info(q, names), infos, said, todo)
