"""What travels between replicas: ops (one row write each, merged per field)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Op:
    """One row write made on `device`: the fields it set, and what each overwrote.

    `base[f]` is the stamp of the value the writer saw in field f (None for a new
    row); `prior[f]` the text it overwrote, for long text fields only.
    """

    device: str
    seq: int
    hlc: str
    table: str
    row: str
    data: dict[str, Any]
    base: dict[str, str | None] | None = None
    prior: dict[str, Any] | None = None
    schema_version: int = 1

    def to_wire(self) -> list[Any]:
        return [self.seq, self.hlc, self.table, self.row, self.data, self.base, self.prior,
                self.schema_version]  # fmt: skip

    @classmethod
    def from_wire(cls, device: str, item: list[Any]) -> Op:
        seq, hlc, table, row, data, base, prior, version = item
        return cls(device, int(seq), str(hlc), str(table), str(row), dict(data), base, prior,
                   int(version))  # fmt: skip


@dataclass
class ApplyReport:
    """What applying remote ops did, for the one-line summary and the UI."""

    applied: int = 0
    skipped: int = 0
    conflicts: int = 0
    merged: int = 0
    revived: list[tuple[str, str]] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    pending_fields: int = 0
    # Concurrent edits of a long text, to try a 3-way merge of once the changes are in:
    # (table, row, field, the text both started from, conflict id).
    text_merges: list[tuple[str, str, str, object, str]] = field(default_factory=list)
