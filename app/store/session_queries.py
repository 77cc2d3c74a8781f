"""Read queries of a session's screens: its contributions page by page, open actions, invitees."""

from __future__ import annotations

from typing import Any

from app.store.db import Store

_CONTRIBUTIONS = (
    "SELECT c.*, COALESCE((SELECT SUM(v.count) FROM vote v "
    "WHERE v.contribution = c.id AND v.deleted = 0), 0) AS votes "
    "FROM contribution c WHERE c.session = :session AND c.deleted = 0 "
)


def contributions_page(
    store: Store, session_id: str, limit: int, offset: int = 0
) -> list[dict[str, Any]]:
    """A session's contributions newest first, each with its vote total as `votes`."""
    return store.query(
        _CONTRIBUTIONS + "ORDER BY c.created_at DESC, c.id DESC LIMIT :limit OFFSET :offset",
        {"session": session_id, "limit": limit, "offset": offset},
    )


def contribution_with_votes(store: Store, contribution_id: str) -> dict[str, Any] | None:
    rows = store.query(
        "SELECT c.*, COALESCE((SELECT SUM(v.count) FROM vote v "
        "WHERE v.contribution = c.id AND v.deleted = 0), 0) AS votes "
        "FROM contribution c WHERE c.id = :id AND c.deleted = 0",
        {"id": contribution_id},
    )
    return rows[0] if rows else None


def contribution_count(store: Store, session_id: str) -> int:
    rows = store.query(
        "SELECT count(*) AS n FROM contribution WHERE session = :session AND deleted = 0",
        {"session": session_id},
    )
    return rows[0]["n"]


def open_actions_elsewhere(store: Store, community_id: str, session_id: str) -> list[dict]:
    """Open actions of the community not yet linked to this session, soonest due first."""
    return store.query(
        "SELECT a.*, s.title AS session_title FROM action a "
        "LEFT JOIN session s ON s.id = a.session "
        "WHERE a.community = :community AND a.deleted = 0 AND a.status = 'open' "
        "AND a.session IS NOT :session "
        "ORDER BY a.due_on IS NULL, a.due_on, a.id",
        {"community": community_id, "session": session_id},
    )


def active_member_ids(
    store: Store, community_id: str, *, role: str | None = None, department: str | None = None
) -> list[str]:
    """Members who have not left, optionally only of one role and/or one department."""
    sql = (
        "SELECT id FROM member WHERE community = :community AND deleted = 0 "
        "AND (left_on IS NULL OR left_on = '')"
    )
    params: dict[str, Any] = {"community": community_id}
    if role:
        sql += " AND role = :role"
        params["role"] = role
    if department:
        sql += " AND department = :department"
        params["department"] = department
    return [r["id"] for r in store.query(sql + " ORDER BY name COLLATE NOCASE, id", params)]


def departments(store: Store, community_id: str) -> list[str]:
    rows = store.query(
        "SELECT DISTINCT department FROM member WHERE community = :community AND deleted = 0 "
        "AND department IS NOT NULL AND department != '' ORDER BY department COLLATE NOCASE",
        {"community": community_id},
    )
    return [r["department"] for r in rows]


def member_names(store: Store, community_id: str) -> list[dict[str, Any]]:
    """Id, name, email of every member who has not left, by name."""
    return store.query(
        "SELECT id, name, email FROM member WHERE community = :community AND deleted = 0 "
        "AND (left_on IS NULL OR left_on = '') ORDER BY name COLLATE NOCASE, id",
        {"community": community_id},
    )
