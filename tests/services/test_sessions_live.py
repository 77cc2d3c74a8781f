"""Services behind a session's Prepare, Live and Review modes."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationError
from app.services import actions, attendance, contributions, members, sessions


@pytest.fixture
def session(ws, community) -> str:
    return sessions.add(
        ws, community, "Wijkavond", starts_at="2026-03-12T19:00:00Z",
        ends_at="2026-03-12T20:30:00Z",
    ).id  # fmt: skip


def test_a_session_knows_its_length_and_the_agenda_its_total(ws, session):
    for title, minutes in (("Welkom", 10), ("Rondje", 45), ("Afsluiting", None)):
        sessions.add_agenda_item(ws, session, title, timebox_minutes=minutes)
    assert sessions.length_minutes(sessions.get(ws, session)) == 90
    assert sessions.agenda_minutes(sessions.agenda(ws, session)) == 55


def test_closing_a_session_is_one_undoable_step(ws, session):
    changes = sessions.close(ws, session)
    assert changes.label == "Close session"
    assert sessions.get(ws, session).status == "closed"
    ws.undo()
    assert sessions.get(ws, session).status == "planned"
    sessions.close(ws, session)
    sessions.reopen(ws, session)
    assert sessions.get(ws, session).status == "planned"


def test_open_actions_from_elsewhere_can_be_carried_forward(ws, community, session):
    earlier = sessions.add(ws, community, "Vorige keer").id
    anna = members.add(ws, community, "Anna Berg").id
    actions.add(ws, community, "Zaal boeken", owner=anna, due_on="2026-03-01", session=earlier)
    actions.add(ws, community, "Al gedaan", status="done", session=earlier)
    actions.add(ws, community, "Hier al", session=session)
    found = sessions.open_actions(ws, session)
    assert [(o.action.text, o.from_session) for o in found] == [("Zaal boeken", "Vorige keer")]
    actions.update(ws, found[0].action.id, session=session)
    assert sessions.open_actions(ws, session) == []


def test_the_capture_draft_budget_and_timer_stay_on_this_laptop(ws, session):
    assert sessions.capture_draft(ws, session) == ""
    sessions.save_capture_draft(ws, session, "Half getypt")
    sessions.set_vote_budget(ws, session, 5)
    sessions.save_timer_state(ws, session, "item-1", 125)
    assert ws.store.count("contribution") == 0  # none of it is a synced row
    assert sessions.capture_draft(ws, session) == "Half getypt"
    assert sessions.vote_budget(ws, session) == 5
    assert sessions.timer_state(ws, session) == {"item": "item-1", "elapsed": 125}
    sessions.set_vote_budget(ws, session, None)
    assert sessions.vote_budget(ws, session) is None
    with pytest.raises(ValidationError):
        sessions.set_vote_budget(ws, session, 1000)


def test_a_whole_department_or_role_is_invited_at_once(ws, community, session):
    for name, department, role in (
        ("Anna", "Zorg", "member"),
        ("Bas", "Zorg", "ambassador"),
        ("Cor", "Welzijn", "member"),
        ("Dirk", "Zorg", "member"),
    ):
        members.add(ws, community, name, department=department, role=role)
    members.update(ws, members.list_members(ws, community)[3].id, left_on="2026-01-01")
    changes = attendance.invite_group(ws, session, department="Zorg")
    assert changes.label == "Invite members"
    names = {m.id: m.name for m in members.list_members(ws, community)}
    assert sorted(names[a.member] for a in attendance.for_session(ws, session)) == ["Anna", "Bas"]
    attendance.invite_group(ws, session, role="member")
    assert len(attendance.for_session(ws, session)) == 3
    assert attendance.departments(ws, community) == ["Welzijn", "Zorg"]


def test_one_key_checks_in_then_out(ws, community, session):
    anna = members.add(ws, community, "Anna").id
    attendance.toggle(ws, session, anna)
    assert attendance.is_present(attendance.get(ws, session, anna))
    assert attendance.get(ws, session, anna).arrived_at
    attendance.toggle(ws, session, anna)
    found = attendance.get(ws, session, anna)
    assert not attendance.is_present(found) and found.left_at
    attendance.toggle(ws, session, anna)  # back in the room
    assert attendance.is_present(attendance.get(ws, session, anna))
    assert attendance.present_count(ws, session) == 1


def test_contributions_come_newest_first_a_page_at_a_time_with_votes(ws, session):
    ids = [contributions.capture(ws, "", f"Idee {n}", session=session).id for n in range(5)]
    contributions.vote(ws, ids[1], 2)
    first = contributions.page(ws, session, 3)
    assert [c.text for c, _v in first] == ["Idee 4", "Idee 3", "Idee 2"]
    rest = contributions.page(ws, session, 3, 3)
    assert [(c.text, v) for c, v in rest] == [("Idee 1", 2), ("Idee 0", 0)]
    assert contributions.with_votes(ws, ids[1])[1] == 2
    assert contributions.count(ws, session) == 5


def test_dots_are_given_on_someones_behalf_within_their_budget(ws, community, session):
    anna = members.add(ws, community, "Anna").id
    idea = contributions.capture(ws, "", "Buurtmoestuin", session=session).id
    contributions.vote_for(ws, idea, 1, voter=anna, budget=2)
    contributions.vote_for(ws, idea, 1, voter=anna, budget=2)
    with pytest.raises(ValidationError, match="used all 2"):
        contributions.vote_for(ws, idea, 1, voter=anna, budget=2)
    assert contributions.dots_used(ws, session) == {anna: 2}
    contributions.vote_for(ws, idea, -1, voter=anna, budget=2)
    assert contributions.dots_used(ws, session) == {anna: 1}
    assert contributions.votes(ws, idea) == 1
    contributions.vote_for(ws, idea, 3)  # nobody named: no budget to keep
    assert contributions.votes(ws, idea) == 4
    with pytest.raises(ValidationError):
        contributions.vote_for(ws, idea, -5)


def test_undoing_a_dot_gives_it_back_to_the_voter_and_redo_takes_it_again(ws, community, session):
    anna = members.add(ws, community, "Anna").id
    idea = contributions.capture(ws, "", "Buurtmoestuin", session=session).id
    contributions.vote_for(ws, idea, 1, voter=anna, budget=1)
    assert ws.undo_label == "Vote"
    ws.undo()
    assert contributions.votes(ws, idea) == 0
    assert contributions.dots_used(ws, session) == {}
    contributions.vote_for(ws, idea, 1, voter=anna, budget=1)  # her one dot is hers again
    ws.undo()
    ws.redo()
    assert contributions.votes(ws, idea) == 1
    assert contributions.dots_used(ws, session) == {anna: 1}
    with pytest.raises(ValidationError, match="used all 1"):
        contributions.vote_for(ws, idea, 1, voter=anna, budget=1)


def test_dots_given_on_another_laptop_are_not_taken_back_here(
    ws, community, session, shared, other
):
    from app.services import sync

    anna = members.add(ws, community, "Anna").id
    idea = contributions.capture(ws, "", "Buurtmoestuin", session=session).id
    sync.sync_folder(ws, community, shared)
    sync.join_folder(other, shared, community)
    contributions.vote(other, idea, 2)
    sync.sync_folder(other, community, shared)
    sync.sync_folder(ws, community, shared)
    assert contributions.votes(ws, idea) == 2
    with pytest.raises(ValidationError, match="no dots to take back"):
        contributions.vote_for(ws, idea, -1, voter=anna, budget=2)
    assert contributions.votes(ws, idea) == 2
    assert contributions.dots_used(ws, session) == {}
    contributions.vote_for(ws, idea, 1, voter=anna, budget=2)
    contributions.vote_for(ws, idea, -1, voter=anna, budget=2)  # her own dot: back it goes
    assert contributions.votes(ws, idea) == 2
