"""A canonical dump of a community: two replicas that hold the same data print the same bytes."""

from __future__ import annotations

import json
from typing import Any

from app.domain.model import ENTITIES
from app.i18n import N_
from app.services.workspace import Workspace
from app.store import queries

# Device-local bookkeeping, not part of what a user sees: when this copy last
# wrote a row, tombstones, and the per-device vote counters (their sum is shown).
_LOCAL = {"updated_at", "deleted"}


def community_dump(ws: Workspace, community_id: str) -> dict[str, Any]:
    community = ws.row("community", community_id, what=N_("community"))
    totals = queries.vote_totals_for_community(ws.store, community_id)
    dump: dict[str, Any] = {"community": _public(community)}
    for table in ENTITIES:
        if table in ("community", "vote"):
            continue
        rows = [_public(r) for r in ws.store.select(table, {"community": community_id})]
        if table == "contribution":
            for row in rows:
                row["votes"] = totals.get(row["id"], 0)
        dump[table] = sorted(rows, key=lambda r: r["id"])
    return dump


def community_json(ws: Workspace, community_id: str) -> str:
    return json.dumps(community_dump(ws, community_id), ensure_ascii=False, indent=2,
                      sort_keys=True) + "\n"  # fmt: skip


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in _LOCAL}
