"""Search everything in a community as you type (SQLite FTS5, ranked by bm25)."""

from __future__ import annotations

from app.domain.model import SearchHit
from app.services.workspace import Workspace
from app.store import queries


def search(ws: Workspace, community_id: str, text: str, limit: int = 50) -> list[SearchHit]:
    return [SearchHit(**row) for row in queries.search(ws.store, community_id, text, limit)]
