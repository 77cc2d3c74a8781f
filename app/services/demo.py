"""A realistic Dutch demo community, written in bulk and the same for the same seed."""

from __future__ import annotations

import math
import random
import threading
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from app.domain.errors import KringError, ValidationError
from app.domain.ids import attendance_id, uuid7, vote_id
from app.domain.ordering import keys_after
from app.i18n import _
from app.services import demo_data as data
from app.services.workspace import Workspace

Progress = Callable[[float, str], None]
Row = dict[str, Any]

_CHUNK = 20_000  # contributions per bulk insert; abort and progress are checked in between


class Cancelled(KringError):
    """The demo was stopped before it finished; its transaction was rolled back."""


def create_demo(
    ws: Workspace,
    *,
    members: int = 120,
    sessions: int = 24,
    contributions: int = 600,
    seed: int = 2026,
    progress: Progress | None = None,
    abort: threading.Event | None = None,
    today: date | None = None,
) -> str:
    """Write a whole demo community in one transaction and return its id.

    The same seed (and day) gives the same names, texts and structure; ids differ. Runs
    on the thread that owns `ws`; `abort` may be set from another thread, and then
    `Cancelled` is raised and nothing is saved. The rows are what the services would
    write, but inserted in bulk: validating them one by one is too slow at scale.
    """
    if members < 1:
        raise ValidationError(_("A demo community needs at least one member."), "members")
    if sessions < 0 or contributions < 0:
        raise ValidationError(_("The number of sessions and contributions cannot be negative."))
    demo = _Demo(ws, random.Random(seed), today or datetime.now(UTC).date(), progress, abort)
    with ws.store.transaction():
        demo.step(0.0, _("Creating the community…"))
        demo.community_row(sessions)
        demo.step(0.05, _("Adding members…"))
        demo.members(members)
        demo.step(0.15, _("Adding questions…"))
        demo.questions(sessions)
        demo.step(0.2, _("Planning sessions…"))
        demo.sessions(sessions)
        demo.step(0.3, _("Recording attendance…"))
        demo.attendance()
        demo.step(0.4, _("Capturing contributions…"))
        demo.contributions(contributions, 0.4, 0.9)
        demo.step(0.9, _("Adding actions and working agreements…"))
        demo.actions()
        demo.agreements()
        demo.step(0.95, _("Saving…"))
    if progress is not None:  # saved: too late to stop
        progress(1.0, _("The demo community is ready."))
    return demo.community


@dataclass
class _Session:
    id: str
    start: datetime
    end: datetime
    closed: bool
    facilitator: int
    questions: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)


def _stamp(moment: datetime, timespec: str = "milliseconds") -> str:
    """UTC ISO text as the store writes it: milliseconds, or seconds for validated fields."""
    return moment.isoformat(timespec=timespec).replace("+00:00", "Z")


def _picker(rng: random.Random, weights: dict[str, int]) -> Callable[[], str]:
    """A fast weighted choice among the keys of `weights`."""
    names = list(weights)
    cumulative = list(accumulate(weights.values()))
    return lambda: names[bisect_right(cumulative, rng.random() * cumulative[-1])]


def _spacing(sessions: int) -> float:
    """Days between sessions: fortnightly for a small community, daily-ish for a big one."""
    return min(14.0, max(0.5, 365 / max(sessions, 1)))


class _Demo:
    """Builds the rows table by table, remembering what later tables refer to."""

    def __init__(
        self,
        ws: Workspace,
        rng: random.Random,
        today: date,
        progress: Progress | None,
        abort: threading.Event | None,
    ) -> None:
        self.store = ws.store
        self.device = ws.device_id
        self.rng = rng
        self.today = today
        self.now = datetime.combine(today, time(12), UTC)
        self.start = self.now
        self.progress = progress
        self.abort = abort
        self.community = uuid7()
        # Members are made in the order they joined, so `joined` is ascending.
        self.member_ids: list[str] = []
        self.joined: list[date] = []
        self.left: list[date | None] = []
        self.brought_by: list[str | None] = []
        self.leaders: list[int] = []  # initiator, core team and ambassadors
        self.questions_made: list[tuple[datetime, str, str, str | None]] = []
        self.held: list[_Session] = []
        self.planned: list[_Session] = []

    def step(self, fraction: float, message: str) -> None:
        if self.abort is not None and self.abort.is_set():
            raise Cancelled(_("The demo was stopped; nothing was saved."))
        if self.progress is not None:
            self.progress(fraction, message)

    def insert(self, table: str, rows: list[Row]) -> None:
        for row in rows:
            row["community"] = self.community
        self.store.insert_many(table, rows)

    def known_by(self, day: date) -> int:
        """How many members had joined by `day` (at least the initiator)."""
        return max(1, bisect_right(self.joined, day))

    # --- the community and its people -------------------------------------------

    def community_row(self, sessions: int) -> None:
        self.start = self.now - timedelta(days=_spacing(sessions) * sessions * 0.9 + 60)
        row = {"id": self.community, **data.COMMUNITY, "created_at": _stamp(self.start)}
        self.store.insert_many("community", [row])

    def members(self, count: int) -> None:
        rng = self.rng
        n_core = 0 if count < 4 else min(6, max(1, count // 25))
        n_ambassadors = 0 if count < 2 else max(1, count // 20)
        first_regular = 1 + n_core + n_ambassadors
        self.leaders = list(range(min(count, first_regular)))
        span = (self.today - self.start.date()).days
        emails: set[str] = set()
        connectors: list[int] = []
        rows: list[Row] = []
        for i in range(count):
            first, last = data.person(rng, i)
            bringer: int | None = None
            if i == 0:
                role = "initiator"
            elif i <= n_core:
                role, bringer = "core", 0
            elif i < first_regular:
                role, bringer = "ambassador", rng.randrange(0, n_core + 1)
            else:
                roll = rng.random()
                role = "connector" if roll < 0.06 else "guest" if roll < 0.16 else "member"
                roll = rng.random()
                if roll < 0.7 and n_ambassadors:
                    # Early ambassadors have had longer to bring people: a skewed pick.
                    bringer = 1 + n_core + int(n_ambassadors * rng.random() ** 1.6)
                elif roll < 0.8 and connectors:
                    bringer = rng.choice(connectors)
                if role == "connector":
                    connectors.append(i)
            joined = self.start.date() + timedelta(days=int(span * (i / count) ** 0.8))
            left = joined + timedelta(days=rng.randint(30, 300))
            if i < first_regular or rng.random() >= 0.06 or left >= self.today:
                left = None
            org, department, email = data.workplace(rng, first, last, emails)
            guest = role == "guest"
            strengths = ", ".join(rng.sample(data.STRENGTHS, rng.randint(1, 3)))
            interests = ", ".join(rng.sample(data.INTERESTS, rng.randint(1, 3)))
            brought_by = self.member_ids[bringer] if bringer is not None else None
            rows.append({
                "id": uuid7(), "name": f"{first} {last}",
                "email": email if rng.random() < (0.5 if guest else 0.9) else None,
                "phone": f"06-{rng.randrange(10**7, 10**8)}" if rng.random() < 0.6 else None,
                "organisation": org, "department": department,
                "role": role,
                "strengths": strengths if rng.random() < 0.7 else None,
                "interests": interests if rng.random() < 0.8 else None,
                "brought_by": brought_by,
                "consent_directory": int(rng.random() < (0.5 if guest else 0.9)),
                "consent_contact": int(rng.random() < (0.3 if guest else 0.75)),
                "consent_photo": int(rng.random() < (0.4 if guest else 0.65)),
                "joined_on": joined.isoformat(), "left_on": left.isoformat() if left else None,
                "notes": rng.choice(data.MEMBER_NOTES) if rng.random() < 0.08 else None,
                "created_at": _stamp(datetime.combine(joined, time(9), UTC)),
            })  # fmt: skip
            self.member_ids.append(rows[-1]["id"])
            self.joined.append(joined)
            self.left.append(left)
            self.brought_by.append(brought_by)
        self.insert("member", rows)

    def questions(self, sessions: int) -> None:
        rng = self.rng
        count = max(3, min(len(data.QUESTIONS) * 4, round(3 * math.sqrt(sessions))))
        pool = rng.sample(data.QUESTIONS, len(data.QUESTIONS))
        status = _picker(rng, {"proposed": 10, "open": 30, "exploring": 35, "solved": 15,
                               "parked": 10})  # fmt: skip
        span = (self.now - self.start) * 0.8
        rows: list[Row] = []
        for i in range(count):
            title, description, perspectives = pool[i % len(pool)]
            if i >= len(pool):
                title = f"{title} ({rng.choice(data.WIJKEN)})"
            state = status()
            owner = self.member_ids[rng.choice(self.leaders)] if rng.random() < 0.8 else None
            made = self.start + timedelta(days=3) + span * (i / count)
            rows.append({
                "id": uuid7(), "title": title, "description": description,
                "urgency": rng.choices((1, 2, 3), (25, 45, 30))[0], "status": state,
                "owner": owner, "perspectives": perspectives,
                "outcome": rng.choice(data.OUTCOMES) if state == "solved" else None,
                "created_at": _stamp(made),
            })  # fmt: skip
            self.questions_made.append((made, rows[-1]["id"], title, owner))
        self.insert("question", rows)

    # --- sessions and what happens in them ---------------------------------------

    def sessions(self, count: int) -> None:
        rng = self.rng
        spacing = _spacing(count)
        n_past = count - (0 if count < 3 else max(1, round(count * 0.1)))
        mode = _picker(rng, {"offline": 45, "hybrid": 35, "online": 20})
        midnight = datetime.combine(self.today, time(0), UTC)
        made = [q[0] for q in self.questions_made]
        sessions: list[Row] = []
        agenda: list[Row] = []
        for i in range(count):
            offset = (i - n_past) * spacing if i < n_past else (i - n_past + 1) * spacing
            day = (midnight + timedelta(days=offset)).date()
            if day.weekday() >= 5:  # no weekends: back to Thursday, or on to Monday
                day += timedelta(days=3 - day.weekday() if i < n_past else 7 - day.weekday())
            kind, purpose = rng.choice(data.SESSION_KINDS)
            evening = kind in data.EVENING_KINDS
            hour, minute = rng.choice(
                [(17, 30), (18, 0), (18, 30)] + [(8, 30), (12, 0)] * (not evening)
            )
            start = datetime.combine(day, time(hour, minute), UTC)
            end = start + timedelta(minutes=rng.choice((60, 90, 120, 150)))
            known = max(1, bisect_right(made, start))
            picked = rng.sample(self.questions_made[:known], min(known, rng.randint(1, 2)))
            title = kind
            if i == 0:
                title = f"Startbijeenkomst {data.COMMUNITY['name']}"
            elif kind in ("Kringgesprek", "Werksessie"):
                title = f"{kind}: {picked[0][2]}"
            elif kind == "Wijkavond":
                title = f"{kind} {rng.choice(data.WIJKEN)}"
            how = "offline" if i == 0 else "online" if kind.startswith("Online") else mode()
            leader = rng.choice(self.leaders)
            session = _Session(uuid7(), start, end, i < n_past, leader, [q[1] for q in picked])
            (self.held if session.closed else self.planned).append(session)
            sessions.append({
                "id": session.id, "title": title, "starts_at": _stamp(start, "seconds"),
                "ends_at": _stamp(end, "seconds"), "location": data.location(rng, how), "mode": how,
                "facilitator": self.member_ids[leader], "purpose": purpose,
                "status": "closed" if session.closed else "planned",
                "notes": rng.choice(data.SESSION_NOTES)
                if session.closed and rng.random() < 0.4 else None,
                "created_at": _stamp(start - timedelta(days=rng.randint(7, 28))),
            })  # fmt: skip
            items = [(t, m, None, None) for t, m in data.OPENING_ITEMS[: rng.randint(1, 2)]]
            items += [(f"Vraagstuk: {t}", rng.choice((20, 30, 45)), q, owner)
                      for _m, q, t, owner in picked]  # fmt: skip
            items += [(t, m, None, None) for t, m in data.CLOSING_ITEMS]
            stamp = _stamp(start - timedelta(days=5))
            for (item, minutes, q, presenter), position in zip(
                items, keys_after(None, len(items)), strict=True
            ):
                agenda.append({
                    "id": uuid7(), "session": session.id, "position": position, "title": item,
                    "timebox_minutes": minutes, "question": q, "presenter": presenter,
                    "created_at": stamp,
                })  # fmt: skip
        self.insert("session", sessions)
        self.insert("agenda_item", agenda)

    def attendance(self) -> None:
        rng = self.rng
        extra = len(self.member_ids) // 250
        seen: set[int] = set()
        rows: list[Row] = []
        for session in sorted(self.held + self.planned, key=lambda s: s.start):
            day = session.start.date()
            known = self.known_by(day)
            invited = rng.sample(range(known), min(known, rng.randint(8, 30) + extra))
            if session.facilitator not in invited:
                invited.append(session.facilitator)
            for m in invited:
                if self.left[m] is not None and self.left[m] <= day:
                    continue  # had already left the community
                roll = rng.random()
                if m == session.facilitator:
                    status = "present" if session.closed else "invited"
                elif session.closed:
                    status = ("present" if roll < 0.62 else "excused" if roll < 0.77
                              else "absent" if roll < 0.9 else "invited")  # fmt: skip
                else:
                    status = "excused" if roll < 0.15 else "invited"
                member_id = self.member_ids[m]
                arrived = left_at = brought_by = None
                if status == "present":
                    arrived = _stamp(session.start + timedelta(minutes=rng.randint(-20, 25)))
                    if rng.random() < 0.1:
                        left_at = _stamp(session.end - timedelta(minutes=rng.randint(10, 40)))
                    if m not in seen:  # their first time: who brought them along
                        brought_by = self.brought_by[m]
                        seen.add(m)
                    session.present.append(member_id)
                rows.append({
                    "id": attendance_id(session.id, member_id), "session": session.id,
                    "member": member_id, "status": status, "arrived_at": arrived,
                    "left_at": left_at, "brought_by": brought_by,
                    "created_at": _stamp(session.start - timedelta(days=rng.randint(3, 14))),
                })  # fmt: skip
        self.insert("attendance", rows)

    def contributions(self, count: int, low: float, high: float) -> None:
        rng = self.rng
        held = self.held
        weights = list(accumulate(rng.uniform(0.5, 1.5) for _s in held))
        question_ids = [q[1] for q in self.questions_made]
        kind = _picker(rng, data.KIND_WEIGHTS)
        span = (self.now - self.start).total_seconds()
        for chunk in range(0, count, _CHUNK):
            rows: list[Row] = []
            votes: list[Row] = []
            for _n in range(min(_CHUNK, count - chunk)):
                if held and rng.random() < 0.88:
                    session = held[bisect_right(weights, rng.random() * weights[-1])]
                    moment = session.start + (session.end - session.start) * rng.random()
                    roll = rng.random()
                    question = (rng.choice(session.questions) if roll < 0.75
                                else rng.choice(question_ids) if roll < 0.85 else None)  # fmt: skip
                    present = session.present
                    author = rng.choice(present) if present and rng.random() < 0.92 else None
                else:  # written in the online space, between sessions
                    session = None
                    moment = self.start + timedelta(seconds=span * rng.random())
                    question = rng.choice(question_ids) if rng.random() < 0.8 else None
                    author = self.member_ids[rng.randrange(self.known_by(moment.date()))]
                what = kind()
                row_id = uuid7()
                rows.append({
                    "id": row_id, "session": session.id if session else None,
                    "question": question, "author": author, "kind": what,
                    "text": data.sentence(rng, what), "created_at": _stamp(moment),
                })  # fmt: skip
                if rng.random() < (0.5 if what == "idea" else 0.2):
                    votes.append({
                        "id": vote_id(row_id, self.device), "contribution": row_id,
                        "device": self.device, "count": 1 + min(14, int(rng.expovariate(0.4))),
                        "created_at": _stamp(moment),
                    })  # fmt: skip
            self.insert("contribution", rows)
            self.insert("vote", votes)
            done = min(count, chunk + _CHUNK) / count
            self.step(low + (high - low) * done, _("Capturing contributions…"))

    def actions(self) -> None:
        rng = self.rng
        rows: list[Row] = []
        for session in self.held:
            owners = session.present or [self.member_ids[session.facilitator]]
            for _n in range(rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0]):
                due = session.start.date() + timedelta(days=rng.randint(7, 42))
                roll = rng.random()
                status = "open"
                if due < self.today:
                    status = "done" if roll < 0.7 else "dropped" if roll < 0.8 else "open"
                rows.append({
                    "id": uuid7(), "text": data.action_text(rng), "owner": rng.choice(owners),
                    "due_on": due.isoformat(), "status": status, "session": session.id,
                    "question": rng.choice(session.questions) if rng.random() < 0.7 else None,
                    "created_at": _stamp(session.end),
                })  # fmt: skip
        self.insert("action", rows)

    def agreements(self) -> None:
        rng = self.rng
        held = self.held
        count = min(len(data.AGREEMENTS), 5 + (len(held) + len(self.planned)) // 40)
        early = held[: max(1, len(held) // 4)]
        rows: list[Row] = []
        for i, text in enumerate(data.AGREEMENTS[:count]):
            session = rng.choice(early) if early and rng.random() < 0.85 else None
            status = "retired" if i == 4 else "adopted"
            if i == count - 1:  # the newest one is still being discussed
                status, session = "proposed", held[-1] if held else None
            made = session.end if session else self.start + timedelta(days=i)
            rows.append({"id": uuid7(), "text": text, "session": session.id if session else None,
                         "status": status, "created_at": _stamp(made)})  # fmt: skip
        self.insert("agreement", rows)
