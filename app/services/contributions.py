"""Use cases for what is said in a session: contributions and dot votes."""

from __future__ import annotations

from typing import Any

from app.domain import validate as v
from app.domain.ids import vote_id
from app.domain.model import Contribution, ContributionKind
from app.i18n import N_, _
from app.services.workspace import Changes, Workspace
from app.store import queries


def _clean(ws: Workspace, community_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "text" in fields:
        out["text"] = v.text(fields["text"], N_("text"), required=True, limit=100_000)
    if "kind" in fields:
        out["kind"] = v.choice(
            fields["kind"], ContributionKind, N_("kind"), ContributionKind.IDEA
        ).value
    if "question" in fields:
        out["question"] = ws.same_community(
            "question", fields["question"], community_id, what=N_("question")
        )
    if "author" in fields:
        out["author"] = ws.same_community(
            "member", fields["author"], community_id, what=N_("member")
        )
    return out


def capture(
    ws: Workspace, community_id: str, text: str, *, session: str | None = None, **fields: Any
) -> Changes:
    """Save one contribution, optionally in a session, about a question, on someone's behalf."""
    if session:
        community_id = ws.row("session", session, what=N_("session"))["community"]
    ws.row("community", community_id, what=N_("community"))
    values = _clean(ws, community_id, {"text": text, **fields})
    with ws.mutation(_("Capture contribution")) as done:
        ws.store.insert("contribution", {"community": community_id, "session": session, **values})
    return done.changes


def update(ws: Workspace, contribution_id: str, **fields: Any) -> Changes:
    row = ws.row("contribution", contribution_id, what=N_("contribution"))
    values = _clean(ws, row["community"], fields)
    with ws.mutation(_("Edit contribution")) as done:
        ws.store.update("contribution", contribution_id, values)
    return done.changes


def delete(ws: Workspace, contribution_id: str) -> Changes:
    ws.row("contribution", contribution_id, what=N_("contribution"))
    with ws.mutation(_("Delete contribution")) as done:
        ws.store.update("contribution", contribution_id, {"deleted": 1})
    return done.changes


def get(ws: Workspace, contribution_id: str) -> Contribution:
    return Contribution.from_row(ws.row("contribution", contribution_id, what=N_("contribution")))


def for_session(ws: Workspace, session_id: str) -> list[Contribution]:
    rows = ws.store.select("contribution", {"session": session_id}, order_by="created_at, id")
    return [Contribution.from_row(r) for r in rows]


def for_question(ws: Workspace, question_id: str) -> list[Contribution]:
    rows = ws.store.select("contribution", {"question": question_id}, order_by="created_at, id")
    return [Contribution.from_row(r) for r in rows]


def vote(ws: Workspace, contribution_id: str, delta: int = 1) -> Changes:
    """Add (or with a negative delta, take back) dots on this device's counter row."""
    row = ws.row("contribution", contribution_id, what=N_("contribution"))
    counter_id = vote_id(contribution_id, ws.device_id)
    with ws.mutation(_("Vote")) as done:
        counter = ws.store.get("vote", counter_id)
        if counter is None:
            ws.store.insert(
                "vote",
                {"id": counter_id, "community": row["community"], "contribution": contribution_id,
                 "device": ws.device_id, "count": max(0, delta)},
            )  # fmt: skip
        else:
            current = 0 if counter["deleted"] else counter["count"]  # undone: starts again
            ws.store.update("vote", counter_id, {"count": max(0, current + delta), "deleted": 0})
    return done.changes


def votes(ws: Workspace, contribution_id: str) -> int:
    return queries.vote_total(ws.store, contribution_id)
