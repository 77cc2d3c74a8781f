"""Use cases for what is said in a session: contributions and dot votes."""

from __future__ import annotations

import json
from typing import Any

from app.domain import validate as v
from app.domain.errors import ValidationError
from app.domain.ids import vote_id
from app.domain.model import Contribution, ContributionKind
from app.i18n import N_, _
from app.services import sessions
from app.services.workspace import Changes, Workspace
from app.store import queries, session_queries


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
        if session:
            sessions.mark_live(ws, session)
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
    """Add (or with a negative delta, take back) dots on this device's counter row; it never
    goes below 0. Only dots given here can be taken back here: another laptop's are its own."""
    row = ws.row("contribution", contribution_id, what=N_("contribution"))
    counter_id = vote_id(contribution_id, ws.device_id)
    counter = ws.store.get("vote", counter_id)
    with ws.mutation(_("Vote")) as done:
        if counter is None:
            ws.store.insert(
                "vote",
                {"id": counter_id, "community": row["community"], "contribution": contribution_id,
                 "device": ws.device_id, "count": max(0, delta)},
            )  # fmt: skip
        else:
            current = _own_count(counter)
            ws.store.update("vote", counter_id, {"count": max(0, current + delta), "deleted": 0})
    return done.changes


def _own_count(counter: dict[str, Any] | None) -> int:
    """The dots on this device's counter row (an undone row counts 0)."""
    return 0 if counter is None or counter["deleted"] else counter["count"]


def votes(ws: Workspace, contribution_id: str) -> int:
    return queries.vote_total(ws.store, contribution_id)


def page(
    ws: Workspace, session_id: str, limit: int, offset: int = 0
) -> list[tuple[Contribution, int]]:
    """A session's contributions newest first, with their vote totals, one page at a time."""
    rows = session_queries.contributions_page(ws.store, session_id, limit, offset)
    return [(Contribution.from_row(r), r["votes"]) for r in rows]


def with_votes(ws: Workspace, contribution_id: str) -> tuple[Contribution, int] | None:
    row = session_queries.contribution_with_votes(ws.store, contribution_id)
    return (Contribution.from_row(row), row["votes"]) if row else None


def count(ws: Workspace, session_id: str) -> int:
    return session_queries.contribution_count(ws.store, session_id)


def _used_key(session_id: str) -> str:
    return f"session.dots_used.{session_id}"


def dots_used(ws: Workspace, session_id: str) -> dict[str, int]:
    """Dots given per person in this session, as entered on this laptop (local, not synced)."""
    value = ws.store.meta(_used_key(session_id))
    return json.loads(value) if value else {}


def vote_for(
    ws: Workspace,
    contribution_id: str,
    delta: int,
    *,
    voter: str | None = None,
    budget: int | None = None,
) -> Changes:
    """Give (or take back) a dot on someone's behalf, keeping to their budget of dots."""
    row = ws.row("contribution", contribution_id, what=N_("contribution"))
    session_id = row["session"]
    used = dots_used(ws, session_id) if session_id and voter else {}
    mine = used.get(voter or "", 0)
    if delta > 0 and budget and voter and mine + delta > budget:
        raise ValidationError(
            _("This person has used all {n} of their dots.").format(n=budget), "votes"
        )
    counter = ws.store.get("vote", vote_id(contribution_id, ws.device_id))
    if delta < 0 and _own_count(counter) + delta < 0:
        raise ValidationError(_("This contribution has no dots to take back."), "votes")
    # One undo step: undoing the vote gives the voter the dot back too.
    with ws.mutation(_("Vote")) as done:
        vote(ws, contribution_id, delta)
        if session_id and voter:
            used[voter] = max(0, mine + delta)
            ws.set_local(_used_key(session_id), json.dumps(used))
    return done.changes
