"""The SQL behind the sync panel: changes not sent yet."""

from __future__ import annotations

from app.store.capture import OPLOG
from app.store.db import Store


def own_changes_after(store: Store, community: str, after: int) -> int:
    """How many of this device's changes to `community` come after its change number `after`.

    Changes are numbered 1, 2, 3… per community with no gaps, so the newest number says
    it: one index lookup, where counting rows took 15 ms for 170,000 waiting changes."""
    row = store.conn.execute(
        f"SELECT max(0, coalesce(max(cseq), 0) - :after) FROM {OPLOG} WHERE community = :c",
        {"c": community, "after": after},
    ).fetchone()
    return row[0]
