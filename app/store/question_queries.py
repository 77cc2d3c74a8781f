"""Read queries for questions and their dossiers, actions and agreements across sessions,
and the community's overview (the SQL behind the pages that look across sessions)."""

from __future__ import annotations

import json
from typing import Any

from app.store.db import Store

# --- questions ------------------------------------------------------------------------


def questions_with_owner(store: Store, community_id: str) -> list[dict[str, Any]]:
    """The community's questions, each with its owner's name (None: none or not yet synced)."""
    return store.query(
        "SELECT q.*, m.name AS owner_name FROM question q "
        "LEFT JOIN member m ON m.id = q.owner AND m.deleted = 0 "
        "WHERE q.community = :community AND q.deleted = 0 "
        "ORDER BY q.urgency DESC, q.title COLLATE NOCASE, q.id",
        {"community": community_id},
    )


def contribution_count(store: Store, question_id: str) -> int:
    rows = store.query(
        "SELECT count(*) AS n FROM contribution WHERE question = :q AND deleted = 0",
        {"q": question_id},
    )
    return rows[0]["n"]


# Decisions first, then session by session in the order they were held (between-sessions
# last), then in the order said. The key is unique (id last), so OFFSET paging is stable.
_DOSSIER_ORDER = (
    "(c.kind = 'decision') DESC, (s.starts_at IS NULL), s.starts_at, c.session, c.created_at, c.id"
)


def dossier_page(store: Store, question_id: str, offset: int, limit: int) -> list[dict[str, Any]]:
    """One page of the contributions about a question, with session, author and votes.

    Votes and names are looked up for the page's rows only, after sorting.
    """
    return store.query(
        "SELECT p.*, m.name AS author_name, "
        "(SELECT COALESCE(SUM(v.count), 0) FROM vote v "
        " WHERE v.contribution = p.id AND v.deleted = 0) AS votes "
        "FROM ("
        "  SELECT c.id, c.text, c.kind, c.author, c.session, c.created_at, "
        "  s.title AS session_title, s.starts_at AS session_starts "
        "  FROM contribution c LEFT JOIN session s ON s.id = c.session AND s.deleted = 0 "
        "  WHERE c.question = :q AND c.deleted = 0 "
        f" ORDER BY {_DOSSIER_ORDER} LIMIT :limit OFFSET :offset"
        ") p LEFT JOIN member m ON m.id = p.author AND m.deleted = 0",
        {"q": question_id, "limit": limit, "offset": offset},
    )


def dossier_outline(store: Store, question_id: str) -> list[dict[str, Any]]:
    """Every contribution about a question in dossier order: id, kind and session only.

    Sorting once and then reading pages by id keeps each page as cheap as the first,
    however far down the list (OFFSET would sort everything again for every page).
    """
    return store.query(
        "SELECT c.id, c.kind, c.session FROM contribution c "
        "LEFT JOIN session s ON s.id = c.session AND s.deleted = 0 "
        f"WHERE c.question = :q AND c.deleted = 0 ORDER BY {_DOSSIER_ORDER}",
        {"q": question_id},
    )


def dossier_rows(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """The contributions with these ids (in no particular order), as `dossier_page` gives."""
    return store.query(
        "SELECT c.id, c.text, c.kind, c.author, c.session, c.created_at, "
        "s.title AS session_title, s.starts_at AS session_starts, m.name AS author_name, "
        "(SELECT COALESCE(SUM(v.count), 0) FROM vote v "
        " WHERE v.contribution = c.id AND v.deleted = 0) AS votes "
        "FROM contribution c "
        "LEFT JOIN session s ON s.id = c.session AND s.deleted = 0 "
        "LEFT JOIN member m ON m.id = c.author AND m.deleted = 0 "
        "WHERE c.id IN (SELECT value FROM json_each(:ids))",
        {"ids": json.dumps(ids)},
    )


# --- actions and agreements ---------------------------------------------------------


def actions_with_names(
    store: Store, community_id: str, question_id: str | None = None
) -> list[dict[str, Any]]:
    """Actions with their owner's name and the titles of their session and question."""
    where = "a.community = :community AND a.deleted = 0"
    if question_id is not None:
        where += " AND a.question = :question"
    return store.query(
        "SELECT a.*, m.name AS owner_name, s.title AS session_title, "
        "s.starts_at AS session_starts, q.title AS question_title FROM action a "
        "LEFT JOIN member m ON m.id = a.owner AND m.deleted = 0 "
        "LEFT JOIN session s ON s.id = a.session AND s.deleted = 0 "
        "LEFT JOIN question q ON q.id = a.question AND q.deleted = 0 "
        f"WHERE {where} ORDER BY (a.due_on IS NULL), a.due_on, a.id",
        {"community": community_id, "question": question_id},
    )


def agreements_with_sessions(store: Store, community_id: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT g.*, s.title AS session_title, s.starts_at AS session_starts FROM agreement g "
        "LEFT JOIN session s ON s.id = g.session AND s.deleted = 0 "
        "WHERE g.community = :community AND g.deleted = 0 ORDER BY g.created_at, g.id",
        {"community": community_id},
    )


def member_choices(store: Store, community_id: str) -> list[dict[str, Any]]:
    """The community's active members, by name: only what a picker shows."""
    return store.query(
        "SELECT id, name, organisation, email FROM member "
        "WHERE community = :community AND deleted = 0 AND (left_on IS NULL OR left_on = '') "
        "ORDER BY name COLLATE NOCASE, id",
        {"community": community_id},
    )


# --- overview -------------------------------------------------------------------------


def next_session(store: Store, community_id: str, now: str) -> dict[str, Any] | None:
    """The first session not closed that starts (or is still going) at or after `now`."""
    rows = store.query(
        "SELECT s.*, (SELECT count(*) FROM agenda_item i "
        "  WHERE i.session = s.id AND i.deleted = 0) AS agenda_items "
        "FROM session s WHERE s.community = :community AND s.deleted = 0 "
        "AND s.status != 'closed' AND COALESCE(s.ends_at, s.starts_at) >= :now "
        "ORDER BY s.starts_at, s.id LIMIT 1",
        {"community": community_id, "now": now},
    )
    return rows[0] if rows else None


def last_sessions(store: Store, community_id: str, now: str, limit: int) -> list[dict[str, Any]]:
    """The latest sessions that have started, newest first, with how many were present."""
    return store.query(
        "SELECT s.id, s.title, s.starts_at, (SELECT count(*) FROM attendance a "
        "  WHERE a.session = s.id AND a.status = 'present' AND a.deleted = 0) AS present "
        "FROM session s WHERE s.community = :community AND s.deleted = 0 "
        "AND s.starts_at < :now ORDER BY s.starts_at DESC, s.id LIMIT :limit",
        {"community": community_id, "now": now, "limit": limit},
    )


def open_questions(store: Store, community_id: str) -> list[dict[str, Any]]:
    """Questions still being worked on (proposed, open, exploring), most urgent first."""
    return store.query(
        "SELECT id, title, urgency, status FROM question "
        "WHERE community = :community AND deleted = 0 "
        "AND status IN ('proposed', 'open', 'exploring') "
        "ORDER BY urgency DESC, title COLLATE NOCASE, id",
        {"community": community_id},
    )


def overdue_actions(store: Store, community_id: str, today: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT a.id, a.text, a.due_on, m.name AS owner_name FROM action a "
        "LEFT JOIN member m ON m.id = a.owner AND m.deleted = 0 "
        "WHERE a.community = :community AND a.deleted = 0 AND a.status = 'open' "
        "AND a.due_on < :today ORDER BY a.due_on, a.id",
        {"community": community_id, "today": today},
    )


def member_count(store: Store, community_id: str) -> int:
    rows = store.query(
        "SELECT count(*) AS n FROM member WHERE community = :community AND deleted = 0 "
        "AND (left_on IS NULL OR left_on = '')",
        {"community": community_id},
    )
    return rows[0]["n"]


def newcomers(store: Store, community_id: str, since: str) -> list[dict[str, Any]]:
    """Members who joined on or after `since` (added then, when no day was given), newest
    first, with who brought them."""
    return store.query(
        "SELECT * FROM (SELECT m.id, m.name, "
        "  COALESCE(NULLIF(m.joined_on, ''), substr(m.created_at, 1, 10)) AS joined_on, "
        "  b.name AS brought_by_name, m.brought_by "
        "  FROM member m LEFT JOIN member b ON b.id = m.brought_by AND b.deleted = 0 "
        "  WHERE m.community = :community AND m.deleted = 0 "
        "  AND (m.left_on IS NULL OR m.left_on = '')) "
        "WHERE joined_on >= :since ORDER BY joined_on DESC, name COLLATE NOCASE, id",
        {"community": community_id, "since": since},
    )
