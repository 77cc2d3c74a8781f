"""The services' context: the store, this device, undo/redo, and the `Changes` of mutations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.errors import NotFound, ValidationError
from app.i18n import _
from app.store.db import Store, Touched, open_store


@dataclass(frozen=True, slots=True)
class Changes:
    """What one mutation changed: views refresh the entities named here."""

    label: str = ""
    entities: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    created: tuple[str, ...] = ()

    @property
    def id(self) -> str | None:
        """The id of the row the mutation created (or else of one it changed)."""
        if self.created:
            return self.created[0]
        return next(iter(sorted(self.ids)), None)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def touches(self, *entities: str) -> bool:
        return bool(self.entities.intersection(entities))

    @classmethod
    def from_touched(cls, label: str, touched: list[Touched]) -> Changes:
        return cls(
            label=label,
            entities=frozenset(t.table for t in touched),
            ids=frozenset(t.id for t in touched),
            created=tuple(t.id for t in touched if t.before is None),
        )


@dataclass
class Mutation:
    label: str
    changes: Changes = field(default_factory=Changes)


# A local setting a mutation changed (store meta, never synced): key, value before, after.
LocalChange = tuple[str, str | None, str | None]


@dataclass(frozen=True)
class UndoStep:
    label: str
    touched: tuple[Touched, ...]
    local: tuple[LocalChange, ...] = ()


class Workspace:
    """Everything a service call needs. Lives on the thread that owns its store."""

    def __init__(self, store: Store, *, undo_limit: int = 200) -> None:
        self.store = store
        self.device_id = store.device_id
        self.undo_limit = undo_limit
        self._undo: list[UndoStep] = []
        self._redo: list[UndoStep] = []
        self._depth = 0
        self._local: list[LocalChange] = []  # of the mutation under way

    @classmethod
    def open(cls, data_dir: Path | str, *, daily_backup: bool = True) -> Workspace:
        return cls(open_store(data_dir, daily_backup=daily_backup))

    def close(self) -> None:
        self.store.close()

    @contextmanager
    def mutation(self, label: str) -> Iterator[Mutation]:
        """Run writes as one transaction and one undo step; sets `.changes` on success."""
        result = Mutation(label)
        outermost = self._depth == 0
        if outermost:
            self._local = []
        self._depth += 1
        try:
            with self.store.transaction() as tx:
                yield result
        finally:
            self._depth -= 1
        result.changes = Changes.from_touched(label, tx.touched)
        # A mutation inside another (a walk-in adds a member) is part of the outer undo step.
        if (tx.touched or self._local) and outermost:
            self._undo.append(UndoStep(label, tuple(tx.touched), tuple(self._local)))
            del self._undo[: -self.undo_limit]
            self._redo.clear()

    def take_undo_step(self) -> UndoStep | None:
        """The last undo step, taken off this workspace's stack: a worker's workspace hands
        it to the GUI's (`adopt_undo_step`), so that what the worker did can be undone there."""
        return self._undo.pop() if self._undo else None

    def adopt_undo_step(self, step: UndoStep) -> Changes:
        """Make `step` (from another workspace on the same data) this one's next undo."""
        self._undo.append(step)
        del self._undo[: -self.undo_limit]
        self._redo.clear()
        return Changes.from_touched(step.label, list(step.touched))

    def set_local(self, key: str, value: str | None) -> None:
        """Set a local setting (not synced); inside a mutation, its undo step puts it back."""
        if self._depth:
            self._local.append((key, self.store.meta(key), value))
        self.store.set_meta(key, value)

    # --- undo -----------------------------------------------------------------

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> Changes:
        """Put back what the last mutation changed; returns what that changed now."""
        if not self._undo:
            return Changes()
        step = self._undo.pop()
        with self.store.transaction():
            for t in reversed(step.touched):
                self.store.restore(t.table, t.id, t.before)
            for key, before, _after in reversed(step.local):
                self.store.set_meta(key, before)
        self._redo.append(step)
        return Changes(step.label, frozenset(t.table for t in step.touched),
                       frozenset(t.id for t in step.touched))  # fmt: skip

    def redo(self) -> Changes:
        if not self._redo:
            return Changes()
        step = self._redo.pop()
        with self.store.transaction():
            for t in step.touched:
                self.store.restore(t.table, t.id, t.after)
            for key, _before, after in step.local:
                self.store.set_meta(key, after)
        self._undo.append(step)
        return Changes(step.label, frozenset(t.table for t in step.touched),
                       frozenset(t.id for t in step.touched))  # fmt: skip

    # --- references -----------------------------------------------------------

    def row(self, table: str, row_id: str, *, what: str) -> dict[str, Any]:
        """A live row, or NotFound with a message naming `what` was asked for."""
        row = self.store.get(table, row_id) if row_id else None
        if row is None or row["deleted"]:
            raise NotFound(_("There is no {what} with id {id}.").format(what=_(what), id=row_id))
        return row

    def same_community(
        self, table: str, row_id: str | None, community_id: str, *, what: str
    ) -> str | None:
        """Check that a referenced row exists and belongs to `community_id`."""
        if not row_id:
            return None
        row = self.row(table, row_id, what=what)
        if row["community"] != community_id:
            raise ValidationError(
                _("That {what} belongs to another community.").format(what=_(what)), table
            )
        return row_id
