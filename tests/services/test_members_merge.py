"""Merging two members who are the same person: references move, fields fill, undo, sync."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationError
from app.domain.ids import attendance_id
from app.services import (
    actions,
    attendance,
    communities,
    contributions,
    export,
    members,
    questions,
    sessions,
)
from app.services.workspace import Workspace
from app.sync.engine import sync
from app.sync.folder import FolderTransport


def two_annas(ws, community):
    keep = members.add(ws, community, "Anna de Boer", email="anna@wijk.nl", notes="Buurtmoeder").id
    other = members.add(
        ws, community, "Anna d. Boer", phone="06 12345678", department="Zorg",
        role="ambassador", notes="Kent iedereen", joined_on="2025-01-05",
    ).id  # fmt: skip
    return keep, other


def test_merge_moves_contributions_actions_questions_and_people_brought(ws, community):
    keep, other = two_annas(ws, community)
    said = contributions.capture(ws, community, "Meer bankjes", author=other).id
    todo = actions.add(ws, community, "Bel de wethouder", owner=other).id
    asked = questions.add(ws, community, "Eenzaamheid", owner=other).id
    friend = members.add(ws, community, "Kees", brought_by=other).id

    members.merge(ws, keep, other)

    assert contributions.get(ws, said).author == keep
    assert actions.list_actions(ws, community)[0].owner == keep
    assert ws.store.get("action", todo)["owner"] == keep
    assert ws.store.get("question", asked)["owner"] == keep
    assert members.get(ws, friend).brought_by == keep
    assert ws.store.get("member", other)["deleted"] == 1


def test_merge_fills_empty_fields_joins_notes_and_keeps_the_more_central_role(ws, community):
    keep, other = two_annas(ws, community)
    members.merge(ws, keep, other)
    anna = members.get(ws, keep)
    assert anna.name == "Anna de Boer"
    assert anna.email == "anna@wijk.nl"
    assert anna.phone == "06 12345678"
    assert anna.department == "Zorg"
    assert anna.role == "ambassador"
    assert anna.notes == "Buurtmoeder\n\nKent iedereen"
    assert anna.joined_on == "2025-01-05"


def test_merge_gives_attendance_to_the_kept_member_keeping_the_stronger_status(ws, community):
    keep, other = two_annas(ws, community)
    both = sessions.add(ws, community, "Bijeenkomst 1").id
    only_other = sessions.add(ws, community, "Bijeenkomst 2").id
    attendance.invite(ws, both, [keep])
    attendance.check_in(ws, both, other)
    attendance.check_in(ws, only_other, other)

    members.merge(ws, keep, other)

    rows = {a.session: a for a in attendance.for_session(ws, both)}
    assert [a.member for a in attendance.for_session(ws, both)] == [keep]
    assert rows[both].id == attendance_id(both, keep)
    assert rows[both].status == "present"
    assert rows[both].arrived_at is not None
    moved = attendance.for_session(ws, only_other)
    assert [(a.member, a.status) for a in moved] == [(keep, "present")]


def test_merge_keeps_the_earliest_arrival(ws, community):
    keep, other = two_annas(ws, community)
    session = sessions.add(ws, community, "Bijeenkomst").id
    attendance.check_in(ws, session, other)
    attendance.check_in(ws, session, keep)
    first = ws.store.get("attendance", attendance_id(session, other))["arrived_at"]
    ws.store.update("attendance", attendance_id(session, keep), {"arrived_at": "2099-01-01T10:00Z"})
    members.merge(ws, keep, other)
    assert ws.store.get("attendance", attendance_id(session, keep))["arrived_at"] == first


def test_a_member_brought_by_their_double_keeps_who_brought_the_double(ws, community):
    host = members.add(ws, community, "Fatima").id
    other = members.add(ws, community, "Sem B.", brought_by=host).id
    keep = members.add(ws, community, "Sem Bakker", brought_by=other).id
    members.merge(ws, keep, other)
    assert members.get(ws, keep).brought_by == host


def test_merge_is_one_undo_step_that_puts_everything_back(ws, community):
    keep, other = two_annas(ws, community)
    session = sessions.add(ws, community, "Bijeenkomst").id
    attendance.check_in(ws, session, other)
    said = contributions.capture(ws, community, "Idee", author=other).id
    before = export.community_json(ws, community)

    changes = members.merge(ws, keep, other)
    assert changes.touches("member", "attendance", "contribution")
    assert ws.undo_label == "Merge members"
    ws.undo()

    assert export.community_json(ws, community) == before
    assert contributions.get(ws, said).author == other
    assert members.get(ws, other).name == "Anna d. Boer"


def test_merging_a_member_with_themselves_or_across_communities_is_refused(ws, community):
    keep, _other = two_annas(ws, community)
    elsewhere = communities.create(ws, "Elders").id
    stranger = members.add(ws, elsewhere, "Anna").id
    with pytest.raises(ValidationError):
        members.merge(ws, keep, keep)
    with pytest.raises(ValidationError):
        members.merge(ws, keep, stranger)


def test_a_merge_synced_to_another_laptop_gives_the_same_result(tmp_path):
    folder = FolderTransport(tmp_path / "shared")
    (tmp_path / "shared").mkdir()
    a, b = Workspace.open(tmp_path / "a"), Workspace.open(tmp_path / "b")
    try:
        community = communities.create(a, "Samen").id
        keep, other = two_annas(a, community)
        session = sessions.add(a, community, "Bijeenkomst").id
        attendance.check_in(a, session, other)
        contributions.capture(a, community, "Idee", author=other, session=session)
        for ws in (a, b, a):
            sync(ws.store, community, folder)
        members.merge(a, keep, other)
        for _round in range(3):
            for ws in (a, b):
                sync(ws.store, community, folder)
        assert export.community_json(b, community) == export.community_json(a, community)
        assert [x.member for x in attendance.for_session(b, session)] == [keep]
        assert members.get(b, keep).phone == "06 12345678"
    finally:
        a.close()
        b.close()


def test_footprint_says_what_a_delete_would_leave_behind(ws, community):
    keep, _other = two_annas(ws, community)
    assert members.footprint(ws, keep) == []
    contributions.capture(ws, community, "Idee", author=keep)
    contributions.capture(ws, community, "Nog een", author=keep)
    actions.add(ws, community, "Bellen", owner=keep)
    assert members.footprint(ws, keep) == ["2 contributions", "1 action"]


def test_a_merge_and_a_check_in_on_another_laptop_meet_in_one_attendance_row(tmp_path):
    (tmp_path / "shared").mkdir()
    folder = FolderTransport(tmp_path / "shared")
    a, b = Workspace.open(tmp_path / "a"), Workspace.open(tmp_path / "b")
    try:
        community = communities.create(a, "Samen").id
        keep, other = two_annas(a, community)
        session = sessions.add(a, community, "Bijeenkomst").id
        attendance.check_in(a, session, other)
        for ws in (a, b, a):
            sync(ws.store, community, folder)
        members.merge(a, keep, other)  # offline on laptop A…
        attendance.check_in(b, session, keep)  # …while laptop B checks the kept one in
        for _round in range(3):
            for ws in (a, b):
                sync(ws.store, community, folder)
        for ws in (a, b):
            rows = attendance.for_session(ws, session)
            assert [(x.id, x.member, x.status) for x in rows] == [
                (attendance_id(session, keep), keep, "present")
            ]
        assert export.community_json(b, community) == export.community_json(a, community)
    finally:
        a.close()
        b.close()
