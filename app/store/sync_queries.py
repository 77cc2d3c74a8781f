"""The SQL behind the sync panel: changes not sent yet, and forgetting a sync setting."""

from __future__ import annotations

from app.store.capture import OPLOG
from app.store.db import Store


def own_changes_after(store: Store, community: str, after: int) -> int:
    """How many of this device's changes to `community` come after its change number `after`."""
    row = store.conn.execute(
        f"SELECT count(*) FROM {OPLOG} WHERE community = :c AND cseq > :after",
        {"c": community, "after": after},
    ).fetchone()
    return row[0]


def forget_meta(store: Store, key: str) -> None:
    """Remove one local setting (a sync target the facilitator no longer uses)."""
    store.conn.execute("DELETE FROM _meta WHERE key = :key", {"key": key})
