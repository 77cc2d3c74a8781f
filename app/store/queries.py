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


# Words so common that ranking them costs more than they narrow (bm25 reads each
# word's whole list of rows); left out when the search has other words too.
STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "op",
        "te",
        "met",
        "voor",
        "aan",
        "is",
        "bij",
        "of",
        "om",
        "als",
        "dat",
        "die",
        "the",
        "a",
        "an",
        "and",
        "of",
        "to",
        "for",
        "on",
        "at",
        "by",
        "with",
        "is",
    ]
)


def fts_query(text: str) -> str | None:
    """Turn what a person typed into an FTS5 query: every word must match, the last as a prefix."""
    words = _TOKEN.findall(text)
    if not words:
        return None
    last = words[-1]
    words = [w for w in words[:-1] if w.casefold() not in STOPWORDS] + [last]
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

# bm25 scores every match before sorting, which costs ~10 ms per 5,000 matches; a
# word like "wijkteam" can match far more. So each kind ranks its most recent
# matches only: enough for a search field that narrows as you type.
RANK_WINDOW = 400


def search(store: Store, community_id: str, text: str, limit: int = 50) -> list[dict]:
    """Members, questions, sessions and contributions matching `text`, best (bm25) first."""
    query = fts_query(text)
    if query is None:
        return []
    params = {"query": query, "community": community_id, "limit": limit}
    hits: list[dict] = []
    for entity, title in _SEARCHED:
        match = (
            f"FROM {entity}_fts f JOIN [{entity}] t ON t.rowid = f.rowid "
            f"WHERE {entity}_fts MATCH :query AND t.community = :community AND t.deleted = 0"
        )
        floor = store.query(
            f"SELECT f.rowid AS floor {match} ORDER BY f.rowid DESC LIMIT 1 OFFSET :skip",
            {**params, "skip": RANK_WINDOW - 1},
        )
        hits += store.query(
            f"SELECT '{entity}' AS entity, t.id AS id, t.[{title}] AS title, "
            f"snippet({entity}_fts, -1, '[', ']', '…', 10) AS snippet, f.rank AS rank "
            f"{match} AND f.rowid >= :floor ORDER BY f.rank LIMIT :limit",
            {**params, "floor": floor[0]["floor"] if floor else 0},
        )
    hits.sort(key=lambda hit: hit["rank"])
    return hits[:limit]
