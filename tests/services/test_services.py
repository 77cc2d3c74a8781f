"""Services: validation, what each mutation reports, undo, and the rules of DESIGN §2."""

from __future__ import annotations

import json

import pytest

from app.domain.errors import NotFound, ValidationError
from app.domain.ids import attendance_id
from app.services import (
    actions,
    attendance,
    communities,
    contributions,
    export,
    members,
    questions,
    search,
    sessions,
)
from app.services.workspace import Workspace


def test_member_with_an_invalid_email_is_refused(ws, community):
    with pytest.raises(ValidationError, match="not an email address"):
        members.add(ws, community, "Anna", email="anna.at.example")
    assert members.list_members(ws, community) == []


def test_member_needs_a_name(ws, community):
    with pytest.raises(ValidationError, match="fill in the name"):
        members.add(ws, community, "   ")


def test_member_brought_by_someone_of_another_community_is_refused(ws, community):
    other = communities.create(ws, "Andere kring").id
    stranger = members.add(ws, other, "Vreemde").id
    with pytest.raises(ValidationError, match="another community"):
        members.add(ws, community, "Anna", brought_by=stranger)


def test_member_cannot_bring_themselves(ws, community):
    anna = members.add(ws, community, "Anna").id
    with pytest.raises(ValidationError, match="themselves"):
        members.update(ws, anna, brought_by=anna)


def test_unknown_role_names_the_allowed_ones(ws, community):
    with pytest.raises(ValidationError, match="ambassador"):
        members.add(ws, community, "Anna", role="boss")


def test_session_that_ends_before_it_starts_is_refused(ws, community):
    with pytest.raises(ValidationError, match="end before it starts"):
        sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30",
                     ends_at="2026-03-14T18:00")  # fmt: skip
    sid = sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30").id
    with pytest.raises(ValidationError, match="end before it starts"):
        sessions.update(ws, sid, ends_at="2026-03-14T19:00")


def test_a_date_that_is_not_one_is_refused(ws, community):
    with pytest.raises(ValidationError, match="not a date and time"):
        sessions.add(ws, community, "Avond", starts_at="morgen")


def test_missing_reference_is_not_found(ws, community):
    with pytest.raises(NotFound):
        members.update(ws, "no-such-id", name="x")


def test_mutations_return_what_they_changed(ws, community):
    changes = members.add(ws, community, "Anna")
    assert changes.entities == {"member"} and changes.created == (changes.id,)
    again = members.update(ws, changes.id, department="Zorg")
    assert again.ids == {changes.id} and again.created == ()
    assert not members.update(ws, changes.id, department="Zorg")  # nothing changed


def test_undo_and_redo_member_edit(ws, community):
    anna = members.add(ws, community, "Anna").id
    members.update(ws, anna, email="anna@example.nl")
    assert ws.undo_label == "Edit member"
    undone = ws.undo()
    assert undone.touches("member")
    assert members.get(ws, anna).email is None
    ws.redo()
    assert members.get(ws, anna).email == "anna@example.nl"


def test_undo_of_an_addition_removes_it_from_lists(ws, community):
    questions.add(ws, community, "Hoe bereiken we jongeren?")
    ws.undo()
    assert questions.list_questions(ws, community) == []
    ws.redo()
    assert [q.title for q in questions.list_questions(ws, community)] == [
        "Hoe bereiken we jongeren?"
    ]


def test_undo_contribution_and_attendance(ws, community):
    anna = members.add(ws, community, "Anna").id
    sid = sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30").id
    attendance.check_in(ws, sid, anna)
    contributions.capture(ws, community, "Meer ontmoeten", session=sid)
    ws.undo()
    assert contributions.for_session(ws, sid) == []
    ws.undo()
    assert attendance.present_count(ws, sid) == 0


def test_walk_in_is_one_undo_step(ws, community):
    sid = sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30").id
    host = members.add(ws, community, "Gastvrouw").id
    added = attendance.walk_in(ws, sid, "Noël", brought_by=host)
    assert members.get(ws, added.id).brought_by == host
    assert attendance.present_count(ws, sid) == 1
    ws.undo()
    assert attendance.present_count(ws, sid) == 0
    assert [m.name for m in members.list_members(ws, community)] == ["Gastvrouw"]


def test_two_laptops_checking_in_one_person_make_one_attendance_row(ws, community, tmp_path):
    anna = members.add(ws, community, "Anna").id
    sid = sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30").id
    attendance.check_in(ws, sid, anna)
    attendance.check_in(ws, sid, anna)
    rows = attendance.for_session(ws, sid)
    assert [r.id for r in rows] == [attendance_id(sid, anna)]
    assert rows[0].status == "present" and rows[0].arrived_at


def test_check_out_records_leaving_time(ws, community):
    anna = members.add(ws, community, "Anna").id
    sid = sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30").id
    attendance.check_in(ws, sid, anna)
    attendance.check_out(ws, sid, anna)
    assert attendance.for_session(ws, sid)[0].left_at
    assert attendance.present_count(ws, sid) == 0


def test_votes_are_per_device_counters_that_sum(ws, community, data_dir):
    cid = contributions.capture(ws, community, "Buurtkamer openen").id
    contributions.vote(ws, cid, 2)
    contributions.vote(ws, cid, 1)
    # A second device writes its own counter row; it never overwrites ours.
    ws.store.set_meta("device_id", "other-device")
    other = Workspace(ws.store)
    contributions.vote(other, cid, 4)
    assert contributions.votes(ws, cid) == 7
    assert len(ws.store.select("vote", {"contribution": cid})) == 2
    contributions.vote(other, cid, -10)
    assert contributions.votes(ws, cid) == 3


def test_contribution_kinds_questions_and_authors(ws, community):
    q = questions.add(ws, community, "Eenzaamheid").id
    anna = members.add(ws, community, "Anna").id
    sid = sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30", questions=(q,)).id
    cid = contributions.capture(ws, community, "We besluiten te starten", session=sid,
                                question=q, author=anna, kind="decision").id  # fmt: skip
    saved = contributions.get(ws, cid)
    assert (saved.kind, saved.question, saved.author) == ("decision", q, anna)
    with pytest.raises(ValidationError, match="kind"):
        contributions.capture(ws, community, "x", kind="rant")
    assert [i.question for i in sessions.agenda(ws, sid)] == [q]


def test_agenda_items_keep_order_and_move(ws, community):
    sid = sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30").id
    for title in ("Welkom", "Vraagstuk", "Afsluiting"):
        sessions.add_agenda_item(ws, sid, title, timebox_minutes=10)
    items = sessions.agenda(ws, sid)
    sessions.move_agenda_item(ws, items[2].id, 0)
    assert [i.title for i in sessions.agenda(ws, sid)] == ["Afsluiting", "Welkom", "Vraagstuk"]
    sessions.move_agenda_item(ws, items[2].id, 2)
    assert [i.title for i in sessions.agenda(ws, sid)] == ["Welkom", "Vraagstuk", "Afsluiting"]
    sessions.add_agenda_item(ws, sid, "Pauze", after=items[0].id)
    assert [i.title for i in sessions.agenda(ws, sid)][:2] == ["Welkom", "Pauze"]


def test_deleted_rows_leave_lists_but_stay_as_tombstones(ws, community):
    anna = members.add(ws, community, "Anna").id
    members.delete(ws, anna)
    assert members.list_members(ws, community) == []
    assert ws.store.get("member", anna)["deleted"] == 1
    assert search.search(ws, community, "anna") == []


def test_search_finds_every_kind_ranked(ws, community):
    members.add(ws, community, "Fatima Çelik", department="Wijkteam")
    questions.add(ws, community, "Wijkteam en school", description="Hoe werken zij samen?")
    contributions.capture(ws, community, "Het wijkteam kan vaker langskomen")
    hits = search.search(ws, community, "wijkt")
    assert {h.entity for h in hits} == {"member", "question", "contribution"}
    assert search.search(ws, community, "celik")[0].title == "Fatima Çelik"
    assert search.search(ws, community, '"; DROP') == []  # odd input is just text


def test_search_stays_within_the_community(ws, community):
    other = communities.create(ws, "Andere").id
    members.add(ws, other, "Anna Elders")
    assert search.search(ws, community, "anna") == []


def test_actions_and_agreements(ws, community):
    anna = members.add(ws, community, "Anna").id
    aid = actions.add(ws, community, "Zaal reserveren", owner=anna, due_on="2026-04-01").id
    actions.update(ws, aid, status="done")
    assert actions.list_actions(ws, community, status="done")[0].id == aid
    with pytest.raises(ValidationError, match="not a date"):
        actions.add(ws, community, "x", due_on="1 april")
    actions.add_agreement(ws, community, "We beginnen op tijd")
    assert [a.text for a in actions.list_agreements(ws, community)] == ["We beginnen op tijd"]


def test_export_is_canonical_and_has_no_local_bookkeeping(ws, community):
    anna = members.add(ws, community, "Anna").id
    cid = contributions.capture(ws, community, "Idee", author=anna).id
    contributions.vote(ws, cid, 3)
    first = export.community_json(ws, community)
    members.update(ws, anna, notes="x")
    members.update(ws, anna, notes=None)  # same data, new updated_at
    assert export.community_json(ws, community) == first
    dump = json.loads(first)
    assert "updated_at" not in dump["member"][0] and "vote" not in dump
    assert dump["contribution"][0]["votes"] == 3


def test_search_leaves_out_common_words_but_not_the_word_being_typed(ws, community):
    members.add(ws, community, "Bram de Vries")
    members.add(ws, community, "Anna Derksen")
    assert [h.title for h in search.search(ws, community, "de vr")] == ["Bram de Vries"]
    assert {h.title for h in search.search(ws, community, "de")} == {"Bram de Vries",
                                                                     "Anna Derksen"}  # fmt: skip


def test_an_agenda_item_after_one_that_is_gone_goes_at_the_end(ws, community):
    sid = sessions.add(ws, community, "Avond", starts_at="2026-03-14T19:30").id
    sessions.add_agenda_item(ws, sid, "Welkom", after="deleted-elsewhere")
    sessions.add_agenda_item(ws, sid, "Afsluiting", after="deleted-elsewhere")
    assert [i.title for i in sessions.agenda(ws, sid)] == ["Welkom", "Afsluiting"]
