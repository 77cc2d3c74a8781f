"""A question's dossier: everything captured about it across sessions, read a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.model import Question
from app.i18n import N_
from app.services.questions import get
from app.services.workspace import Workspace
from app.store import question_queries as qq


@dataclass(frozen=True, slots=True)
class Entry:
    """One contribution as the dossier lists it: where, by whom, and the dots it got."""

    id: str
    text: str
    kind: str
    author: str | None  # the member's name; None when not said or not yet synced
    author_id: str | None
    session: str | None
    session_title: str | None
    session_starts: str | None  # UTC ISO text
    created_at: str | None
    votes: int


@dataclass(frozen=True, slots=True)
class ActionLine:
    """An action as lists across sessions show it: with names instead of ids."""

    id: str
    text: str
    owner: str | None
    owner_name: str | None
    due_on: str | None
    status: str
    session: str | None
    session_title: str | None
    question: str | None
    question_title: str | None


@dataclass(frozen=True, slots=True)
class Outline:
    """A question's dossier in order, as ids: read the entries a page at a time with
    `entries_by_id`. Also how much it holds."""

    question: Question
    ids: tuple[str, ...]
    decisions: int
    sessions: int

    @property
    def contributions(self) -> int:
        return len(self.ids)


def outline(ws: Workspace, question_id: str) -> Outline:
    """The question and the ids of its contributions in dossier order (one sorted query)."""
    question = get(ws, question_id)
    rows = qq.dossier_outline(ws.store, question_id)
    return Outline(
        question,
        tuple(r["id"] for r in rows),
        sum(1 for r in rows if r["kind"] == "decision"),
        len({r["session"] for r in rows if r["session"]}),
    )


def entries_by_id(ws: Workspace, ids: Sequence[str]) -> list[Entry]:
    """The entries of these contributions, in the order given (gone ones left out)."""
    found = {r["id"]: _entry(r) for r in qq.dossier_rows(ws.store, list(ids))}
    return [found[i] for i in ids if i in found]


def entries(ws: Workspace, question_id: str, offset: int = 0, limit: int = 200) -> list[Entry]:
    """Contributions about the question: decisions first, then session by session (in the
    order the sessions were held, those said between sessions last), oldest first within."""
    ws.row("question", question_id, what=N_("question"))
    return [_entry(r) for r in qq.dossier_page(ws.store, question_id, offset, limit)]


def _entry(row: dict[str, Any]) -> Entry:
    return Entry(
        row["id"],
        row["text"] or "",
        row["kind"] or "idea",
        row["author_name"],
        row["author"],
        row["session"],
        row["session_title"],
        row["session_starts"],
        row["created_at"],
        row["votes"] or 0,
    )


def action_line(row: dict[str, Any]) -> ActionLine:
    return ActionLine(
        row["id"],
        row["text"] or "",
        row["owner"],
        row["owner_name"],
        row["due_on"],
        row["status"] or "open",
        row["session"],
        row["session_title"],
        row["question"],
        row["question_title"],
    )


def actions(ws: Workspace, question_id: str) -> list[ActionLine]:
    """The actions linked to the question, earliest due first (no date last)."""
    row = ws.row("question", question_id, what=N_("question"))
    return [action_line(r) for r in qq.actions_with_names(ws.store, row["community"], question_id)]
