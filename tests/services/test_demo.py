"""The demo community: deterministic, the size asked for, and shaped like real data."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import date
from typing import Any

import pytest

from app.domain.ids import attendance_id, vote_id
from app.domain.model import (
    ActionStatus,
    AttendanceStatus,
    ContributionKind,
    QuestionStatus,
    Role,
    SessionMode,
)
from app.services import export, members, search, sessions
from app.services.demo import Cancelled, create_demo
from app.services.workspace import Workspace

TODAY = date(2026, 3, 14)
SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
MILLISECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

# Which table each reference column points to.
REFERENCES = {
    "member": {"brought_by": "member"},
    "question": {"owner": "member"},
    "session": {"facilitator": "member"},
    "agenda_item": {"session": "session", "question": "question", "presenter": "member"},
    "attendance": {"session": "session", "member": "member", "brought_by": "member"},
    "contribution": {"session": "session", "question": "question", "author": "member"},
    "action": {"owner": "member", "session": "session", "question": "question"},
    "agreement": {"session": "session"},
}


@pytest.fixture
def demo(ws) -> str:
    return create_demo(ws, seed=7, today=TODAY)


def canonical(ws: Workspace, community_id: str) -> dict[str, Any]:
    """The export with ids replaced by each row's place in creation order, timestamps dropped.

    UUIDv7 ids sort in creation order; attendance ids are derived, so those rows are
    ordered by the (session, member) they join instead.
    """
    dump = export.community_dump(ws, community_id)
    place = {community_id: "community"}
    for table, rows in dump.items():
        if table not in ("community", "attendance"):
            place.update({row["id"]: f"{table}#{n}" for n, row in enumerate(rows)})

    def strip(row: dict[str, Any]) -> dict[str, Any]:
        return {
            key: place.get(value, value) if isinstance(value, str) else value
            for key, value in row.items()
            if key not in ("id", "created_at", "updated_at")
        }

    out = {table: [strip(r) for r in rows] for table, rows in dump.items() if table != "community"}
    out["community"] = strip(dump["community"])
    out["attendance"].sort(key=lambda r: (r["session"], r["member"]))
    return out


def test_same_seed_gives_the_same_community_with_other_ids(tmp_path):
    first = Workspace.open(tmp_path / "a", daily_backup=False)
    second = Workspace.open(tmp_path / "b", daily_backup=False)
    try:
        a = create_demo(first, seed=11, today=TODAY)
        b = create_demo(second, seed=11, today=TODAY)
        other = create_demo(second, seed=12, today=TODAY)
        assert a != b
        assert canonical(first, a) == canonical(second, b)
        assert canonical(second, other) != canonical(second, b)
    finally:
        first.close()
        second.close()


def test_demo_has_the_sizes_asked_for(ws):
    cid = create_demo(ws, members=40, sessions=6, contributions=150, today=TODAY)
    assert len(members.list_members(ws, cid)) == 40
    assert len(sessions.list_sessions(ws, cid)) == 6
    assert ws.store.count("contribution", {"community": cid}) == 150


def test_smallest_demo_works(ws):
    cid = create_demo(ws, members=3, sessions=1, contributions=0, today=TODAY)
    people = members.list_members(ws, cid)
    assert sorted(m.role for m in people) == ["ambassador", "initiator", "member"]
    assert [s.status for s in sessions.list_sessions(ws, cid)] == ["closed"]
    assert ws.store.count("contribution", {"community": cid}) == 0


def test_ambassadors_brought_people_in(ws, demo):
    people = members.list_members(ws, demo)
    role = {m.id: m.role for m in people}
    brought = Counter(m.brought_by for m in people if m.brought_by)
    ambassadors = [m.id for m in people if m.role == Role.AMBASSADOR]
    assert [m.role for m in people if not m.brought_by].count("initiator") == 1
    assert ambassadors and all(brought[a] > 0 for a in ambassadors[:3])
    assert sum(n for who, n in brought.items() if role[who] == "ambassador") > len(people) / 2
    joined = {m.id: m.joined_on for m in people}
    assert all(joined[m.brought_by] <= m.joined_on for m in people if m.brought_by)


def test_every_reference_resolves_within_the_community(ws, demo):
    create_demo(ws, members=30, sessions=4, contributions=50, seed=1, today=TODAY)
    dump = export.community_dump(ws, demo)
    ids = {table: {r["id"] for r in rows} for table, rows in dump.items() if table != "community"}
    for table, columns in REFERENCES.items():
        assert dump[table], table
        for row in dump[table]:
            assert row["community"] == demo
            for column, target in columns.items():
                assert row[column] is None or row[column] in ids[target], (table, column)
    for row in dump["attendance"]:
        assert row["id"] == attendance_id(row["session"], row["member"])
    votes = ws.store.select("vote", {"community": demo})
    assert votes
    for row in votes:
        assert row["contribution"] in ids["contribution"]
        assert row["id"] == vote_id(row["contribution"], ws.device_id)
        assert row["device"] == ws.device_id and row["count"] > 0


def test_rows_are_what_the_services_would_write(ws, demo):
    dump = export.community_dump(ws, demo)
    names = ("name", "email", "phone", "role", "joined_on", "left_on", "brought_by",
             *members.TEXT_FIELDS, *members.FLAGS)  # fmt: skip
    for row in dump["member"]:
        fields = {k: row[k] for k in names}
        assert members.clean(ws, demo, fields, row["id"]) == fields
    assert {r["status"] for r in dump["question"]} <= set(QuestionStatus)
    assert {r["urgency"] for r in dump["question"]} <= {1, 2, 3}
    assert {r["kind"] for r in dump["contribution"]} == set(ContributionKind)
    assert {r["status"] for r in dump["action"]} <= set(ActionStatus)
    assert {r["mode"] for r in dump["session"]} == set(SessionMode)
    for row in dump["session"]:
        assert SECONDS.match(row["starts_at"]) and row["starts_at"] < row["ends_at"]
        past = row["starts_at"] < TODAY.isoformat()
        assert row["status"] == ("closed" if past else "planned")
    for row in dump["attendance"]:
        assert row["status"] in set(AttendanceStatus)
        assert (row["arrived_at"] is not None) == (row["status"] == "present")
        assert row["arrived_at"] is None or MILLISECONDS.match(row["arrived_at"])
    assert all(MILLISECONDS.match(r["created_at"]) for r in dump["contribution"])
    people = dump["member"]
    assert sum(r["consent_directory"] for r in people) > len(people) * 0.7
    assert any(r["left_on"] for r in people)


def test_names_keep_their_diacritics(ws, demo):
    names = " ".join(m.name for m in members.list_members(ws, demo))
    for written in ("Öztürk", "Ødegaard", "Łukasz", "Zoë", "Noël", "Brontë", "Çelik", "Şahin"):
        assert written in names


def test_search_finds_a_demo_member_typed_without_diacritics(ws, demo):
    for typed, name in (("ozturk", "Öztürk"), ("celik", "Çelik"), ("bront", "Brontë")):
        hits = [h for h in search.search(ws, demo, typed) if h.entity == "member"]
        assert any(name in h.title for h in hits), typed


def test_stopping_the_demo_saves_nothing(ws):
    abort = threading.Event()
    seen: list[tuple[float, str]] = []

    def progress(fraction: float, message: str) -> None:
        seen.append((fraction, message))
        if fraction >= 0.4:
            abort.set()

    with pytest.raises(Cancelled):
        create_demo(ws, progress=progress, abort=abort, today=TODAY)
    assert ws.store.count("community") == 0
    assert ws.store.count("member") == 0
    assert [f for f, _m in seen] == sorted(f for f, _m in seen)


def test_progress_runs_to_the_end(ws):
    seen: list[float] = []
    create_demo(ws, members=10, sessions=3, contributions=10, progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
