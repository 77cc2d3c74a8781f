"""Use cases for a community's questions (vraagstukken)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain import validate as v
from app.domain.model import Question, QuestionStatus
from app.i18n import N_, _
from app.services.workspace import Changes, Workspace
from app.store import question_queries


def _clean(ws: Workspace, community_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "title" in fields:
        out["title"] = v.text(fields["title"], N_("title"), required=True, limit=300)
    for key in ("description", "perspectives", "outcome"):
        if key in fields:
            out[key] = v.text(fields[key], key, limit=100_000)
    if "urgency" in fields:
        out["urgency"] = v.positive_int(fields["urgency"], N_("urgency"), low=1, high=3) or 2
    if "status" in fields:
        out["status"] = v.choice(
            fields["status"], QuestionStatus, N_("status"), QuestionStatus.OPEN
        ).value
    if "owner" in fields:
        out["owner"] = ws.same_community("member", fields["owner"], community_id, what=N_("member"))
    return out


def add(ws: Workspace, community_id: str, title: str, **fields: Any) -> Changes:
    ws.row("community", community_id, what=N_("community"))
    values = _clean(ws, community_id, {"title": title, **fields})
    with ws.mutation(_("Add question")) as done:
        ws.store.insert("question", {"community": community_id, **values})
    return done.changes


def update(ws: Workspace, question_id: str, **fields: Any) -> Changes:
    row = ws.row("question", question_id, what=N_("question"))
    values = _clean(ws, row["community"], fields)
    with ws.mutation(_("Edit question")) as done:
        ws.store.update("question", question_id, values)
    return done.changes


def delete(ws: Workspace, question_id: str) -> Changes:
    ws.row("question", question_id, what=N_("question"))
    with ws.mutation(_("Delete question")) as done:
        ws.store.update("question", question_id, {"deleted": 1})
    return done.changes


def get(ws: Workspace, question_id: str) -> Question:
    return Question.from_row(ws.row("question", question_id, what=N_("question")))


def list_questions(ws: Workspace, community_id: str) -> list[Question]:
    rows = ws.store.select(
        "question", {"community": community_id}, order_by="urgency DESC, title COLLATE NOCASE, id"
    )
    return [Question.from_row(r) for r in rows]


@dataclass(frozen=True, slots=True)
class QuestionLine:
    """A question as the list shows it: with its owner's name."""

    question: Question
    owner_name: str | None


def list_with_owners(ws: Workspace, community_id: str) -> list[QuestionLine]:
    """The community's questions, most urgent first, each with its owner's name."""
    return [
        QuestionLine(Question.from_row(r), r["owner_name"])
        for r in question_queries.questions_with_owner(ws.store, community_id)
    ]


def contribution_count(ws: Workspace, question_id: str) -> int:
    """How many contributions are about the question (what deleting it would hide)."""
    return question_queries.contribution_count(ws.store, question_id)
