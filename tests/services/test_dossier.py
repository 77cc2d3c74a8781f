"""A question's dossier read a page at a time, and the lists across sessions."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import NotFound
from app.domain.ids import uuid7
from app.services import dossier, overview, questions
from tests.ui.questions_scenario import build


@pytest.fixture
def scenario(ws, community):
    return build(ws, community)


def test_the_dossier_lists_decisions_first_then_session_by_session(ws, scenario):
    found = dossier.entries(ws, scenario.questions["wijk"])
    assert [e.text for e in found] == [
        "We starten met een proef in maart",  # the decision
        "Spreekuur in de bibliotheek",  # first session
        "Niet iedereen leest mail",
        "Een vast telefoonnummer",  # second session
        "Buren vragen elkaar eerst",  # between sessions: last
    ]
    first = found[1]
    assert (first.session_title, first.author, first.kind) == (
        "Eerste kring",
        "Anna Jansen",
        "idea",
    )
    assert [e.votes for e in found] == [0, 0, 0, 3, 0]
    assert found[-1].session is None


def test_pages_of_the_dossier_join_up_without_gaps_or_repeats(ws, scenario):
    question = scenario.questions["wijk"]
    whole = [e.id for e in dossier.entries(ws, question)]
    paged = [e.id for n in range(0, 6, 2) for e in dossier.entries(ws, question, n, 2)]
    assert paged == whole
    assert dossier.entries(ws, question, 5, 2) == []


def test_the_outline_orders_ids_and_counts_decisions_and_sessions(ws, scenario):
    question = scenario.questions["wijk"]
    outline = dossier.outline(ws, question)
    assert (outline.contributions, outline.decisions, outline.sessions) == (5, 1, 2)
    assert outline.question.title == "Wijkteam beter bereikbaar"
    assert list(outline.ids) == [e.id for e in dossier.entries(ws, question)]
    assert dossier.outline(ws, scenario.questions["tuin"]).contributions == 0


def test_entries_read_by_id_come_in_the_order_asked(ws, scenario):
    ids = list(dossier.outline(ws, scenario.questions["wijk"]).ids)
    wanted = [ids[3], ids[0], uuid7(), ids[4]]  # one that is not there: left out
    assert [e.id for e in dossier.entries_by_id(ws, wanted)] == [ids[3], ids[0], ids[4]]
    assert dossier.entries_by_id(ws, [ids[3]])[0].votes == 3


def test_the_dossier_of_a_missing_question_says_so(ws, scenario):
    with pytest.raises(NotFound):
        dossier.entries(ws, uuid7())


def test_the_actions_of_a_question_come_with_names(ws, scenario):
    (line,) = dossier.actions(ws, scenario.questions["wijk"])
    assert (line.text, line.owner_name, line.session_title, line.question_title) == (
        "Wijkteam bellen",
        "Anna Jansen",
        "Tweede kring",
        "Wijkteam beter bereikbaar",
    )


def test_questions_are_listed_with_their_owners(ws, scenario):
    lines = questions.list_with_owners(ws, scenario.community)
    assert [(x.question.title, x.owner_name) for x in lines] == [
        ("Wijkteam beter bereikbaar", "Anna Jansen"),
        ("Bankjes in het park", None),
        ("Moestuin bij de school", None),
    ]
    assert questions.contribution_count(ws, scenario.questions["wijk"]) == 5


def test_when_an_action_is_due():
    monday = date(2026, 3, 9)
    assert overview.due_bucket("2026-03-08", "open", monday) == overview.OVERDUE
    assert overview.due_bucket("2026-03-08", "done", monday) == overview.PAST
    assert overview.due_bucket("2026-03-09", "open", monday) == overview.THIS_WEEK
    assert overview.due_bucket("2026-03-15", "open", monday) == overview.THIS_WEEK  # Sunday
    assert overview.due_bucket("2026-03-16", "open", monday) == overview.LATER
    assert overview.due_bucket(None, "open", monday) == overview.NO_DATE


def test_the_overview_shows_what_comes_and_what_is_late(ws, scenario):
    seen = overview.overview(ws, scenario.community)
    assert seen.next_session is not None
    assert (seen.next_session.title, seen.next_session.agenda_items) == ("Derde kring", 2)
    assert seen.next_session.location == "Buurthuis De Kring"
    assert [(q.title, q.urgency) for q in seen.open_questions] == [
        ("Wijkteam beter bereikbaar", 3),
        ("Moestuin bij de school", 1),
    ]
    assert [(a.text, a.owner_name) for a in seen.overdue_actions] == [
        ("Wijkteam bellen", "Anna Jansen")
    ]
    assert seen.members == 3
    assert [(m.name, m.brought_by_name) for m in seen.newcomers] == [
        ("Chris Bakker", "Anna Jansen")
    ]
    assert [(s.title, s.present) for s in seen.last_sessions] == [
        ("Tweede kring", 1),
        ("Eerste kring", 2),
    ]


def test_agreements_come_with_the_session_that_adopted_them(ws, scenario):
    lines = overview.agreement_lines(ws, scenario.community)
    assert [(x.text, x.status, x.session_title) for x in lines] == [
        ("Telefoons op stil", "adopted", "Eerste kring"),
        ("Iedereen komt aan het woord", "proposed", None),
    ]
