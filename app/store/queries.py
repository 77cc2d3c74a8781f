"""Read queries that are more than a plain select: totals, joins, search."""

from __future__ import annotations

import re

from app.store.db import Store


def vote_totals_for_session(store: Store, session_id: str) -> dict[str, int]:
    rows = store.query(
        "SELECT v.contribution, SUM(v.count) AS total FROM vote v "
        "JOIN contribution c ON c.id = v.contribution "
        "WHERE c.session = :session AND v.deleted = 0 GROUP BY v.contribution",
        {"session": session_id},
    )
    return {r["contribution"]: r["total"] for r in rows}


def vote_totals_for_community(store: Store, community_id: str) -> dict[str, int]:
    rows = store.query(
        "SELECT contribution, SUM(count) AS total FROM vote "
        "WHERE community = :community AND deleted = 0 GROUP BY contribution",
        {"community": community_id},
    )
    return {r["contribution"]: r["total"] for r in rows}


def vote_total(store: Store, contribution_id: str) -> int:
    rows = store.query(
        "SELECT COALESCE(SUM(count), 0) AS total FROM vote WHERE contribution = :c AND deleted = 0",
        {"c": contribution_id},
    )
    return rows[0]["total"]


def present_count(store: Store, session_id: str) -> int:
    rows = store.query(
        "SELECT count(*) AS n FROM attendance "
        "WHERE session = :s AND status = 'present' AND left_at IS NULL AND deleted = 0",
        {"s": session_id},
    )
    return rows[0]["n"]


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn what a person typed into an FTS5 query: every word must match, the last as a prefix."""
    words = _TOKEN.findall(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


# entity, title column; the FTS tables are named <entity>_fts (see schema.FTS_COLUMNS).
_SEARCHED = (
    ("member", "name"),
    ("question", "title"),
    ("session", "title"),
    ("contribution", "text"),
)


def search(store: Store, community_id: str, text: str, limit: int = 50) -> list[dict]:
    """Members, questions, sessions and contributions matching `text`, best (bm25) first."""
    query = fts_query(text)
    if query is None:
        return []
    parts = [
        f"SELECT '{entity}' AS entity, t.id AS id, t.[{title}] AS title, "
        f"snippet({entity}_fts, -1, '[', ']', '…', 10) AS snippet, "
        f"bm25({entity}_fts) AS rank "
        f"FROM {entity}_fts JOIN [{entity}] t ON t.rowid = {entity}_fts.rowid "
        f"WHERE {entity}_fts MATCH :query AND t.community = :community AND t.deleted = 0"
        for entity, title in _SEARCHED
    ]
    sql = " UNION ALL ".join(parts) + " ORDER BY rank LIMIT :limit"
    return store.query(sql, {"query": query, "community": community_id, "limit": limit})
