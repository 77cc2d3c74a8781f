"""The item models of questions, dossiers and actions, without widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.domain.ids import uuid7
from app.domain.model import Question
from app.services import dossier, questions, sessions
from app.services.dossier import ActionLine, Entry
from app.services.questions import QuestionLine
from ui.models.actions import ActionsModel, ActionsProxy
from ui.models.dossier import KIND, SESSION, DossierModel
from ui.models.questions import STATUS, TITLE, URGENCY, QuestionsModel, QuestionsProxy


def line(title: str, urgency: int = 2, status: str = "open") -> QuestionLine:
    return QuestionLine(Question(uuid7(), title=title, urgency=urgency, status=status), None)


def titles(proxy) -> list[str]:
    return [proxy.index(r, TITLE).data() for r in range(proxy.rowCount())]


def test_questions_sort_by_urgency_then_title_and_by_status_in_life_order(qapp):
    model = QuestionsModel()
    model.set_lines([
        line("Émile's vraag", 1, "parked"), line("beta", 3, "solved"),
        line("alfa", 3, "proposed"), line("gamma", 2, "exploring"),
    ])  # fmt: skip
    proxy = QuestionsProxy()
    proxy.setSourceModel(model)
    proxy.sort(URGENCY, Qt.SortOrder.AscendingOrder)
    assert titles(proxy) == ["alfa", "beta", "gamma", "Émile's vraag"]
    assert proxy.index(0, URGENCY).data() == "high"
    proxy.sort(STATUS, Qt.SortOrder.AscendingOrder)
    assert titles(proxy) == ["alfa", "gamma", "beta", "Émile's vraag"]
    proxy.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert titles(proxy) == ["alfa", "beta", "Émile's vraag", "gamma"]  # accents ignored
    proxy.set_statuses(frozenset({"parked", "solved"}))
    proxy.set_filter_text("emile")
    assert titles(proxy) == ["Émile's vraag"]


@pytest.fixture
def busy_question(ws, community):
    """A question with 3,000 contributions over 3 sessions, every 500th a decision."""
    question = questions.add(ws, community, "Veel besproken").id
    held = [
        sessions.add(ws, community, f"Kring {n}", starts_at=f"2026-0{n}-01T18:00:00Z").id
        for n in (3, 1, 2)  # made out of date order
    ]
    rows = [
        {"id": uuid7(), "community": community, "question": question, "session": held[n % 3],
         "kind": "decision" if n % 500 == 0 else "idea", "text": f"bijdrage {n}",
         "created_at": f"2026-05-01T00:00:{n:06d}"}
        for n in range(3000)
    ]  # fmt: skip
    ws.store.insert_many("contribution", rows)
    return question


def test_the_dossier_model_reads_thousands_a_page_at_a_time(qapp, ws, busy_question):
    calls = []

    ids = dossier.outline(ws, busy_question).ids

    def fetch(offset: int, limit: int):
        calls.append(offset)
        return dossier.entries_by_id(ws, ids[offset : offset + limit])

    model = DossierModel(page=200)
    model.set_source(fetch, len(ids))
    assert model.rowCount() == 200 and model.total == 3000
    assert calls == [0]
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 3000
    assert calls == list(range(0, 3000, 200))
    ids = [model.entry(r).id for r in range(3000)]
    assert len(set(ids)) == 3000
    kinds = [model.index(r, KIND).data() for r in range(3000)]
    assert kinds[:6] == ["decision"] * 6 and "decision" not in kinds[6:]
    held = [model.index(r, SESSION).data() for r in range(6, 3000)]
    assert held == sorted(held, key=lambda t: int(t.split()[1]))  # sessions in date order


def test_the_dossier_model_stops_when_rows_went_away(qapp):
    said = [Entry(uuid7(), "x", "idea", None, None, None, None, None, None, 0)] * 2
    model = DossierModel(page=2)
    model.set_source(lambda offset, limit: [] if offset else said, 5)  # 3 deleted meanwhile
    assert model.rowCount() == 2 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2
    assert not model.canFetchMore()


def action(text: str, due: str | None, status: str = "open", owner: str | None = None):
    return ActionLine(uuid7(), text, owner, owner and owner.title(), due, status,
                      None, None, None, None)  # fmt: skip


def test_the_actions_proxy_filters_by_owner_status_and_due(qapp):
    model = ActionsModel(today=date(2026, 3, 11))  # a Wednesday
    model.set_lines([
        action("te laat", "2026-03-10", owner="anna"), action("klaar", "2026-03-01", "done"),
        action("zondag", "2026-03-15", owner="bram"), action("later", "2026-04-01"),
        action("ooit", None),
    ])  # fmt: skip
    proxy = ActionsProxy()
    proxy.setSourceModel(model)

    def shown(**filters):
        proxy.set_filters(**filters)
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    assert shown(due="overdue") == ["te laat"]
    assert shown(due="this_week") == ["zondag"]
    assert shown(due="later") == ["later"]
    assert shown(due="none") == ["ooit"]
    assert shown(status="done") == ["klaar"]
    assert shown(owner="bram") == ["zondag"]
    assert shown(text="ZONDAG") == ["zondag"]
    assert model.index(0, 2).data() == "2026-03-10 (overdue)"
