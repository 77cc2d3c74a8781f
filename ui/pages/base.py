"""What every page of the main window offers, so the window can treat them alike."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from app.services.workspace import Changes, Workspace


class Page(QWidget):
    """One section of the sidebar. GUI thread; `ws` must have been opened on it.

    A page shows one community at a time. It emits `changed` with the `Changes` of every
    mutation made from it, and the window hands every mutation (its own, undo, redo, a sync
    that brought news) back to every page through `apply_changes`.

    A page that is not on screen does not read anything: it notes that it is out of date and
    reads when it is shown (the window starts with one page's worth of queries, not seven).
    """

    changed = Signal(object)  # Changes
    # The entities whose changes make this page reload; apply_changes may do finer work.
    entities: tuple[str, ...] = ()

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.data_dir = Path(data_dir)
        self.community_id: str | None = None
        self.stale = False

    def set_community(self, community_id: str | None) -> None:
        """Show `community_id` (None: nothing)."""
        self.community_id = community_id
        self.refresh()

    def refresh(self) -> None:
        """Reload now if on screen, else when next shown."""
        if self.isVisible():
            self.stale = False
            self.reload()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.stale = False
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Read everything shown again."""

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what `changes` touched; by default reload when it touched `entities`."""
        if self.entities and changes.touches(*self.entities):
            self.refresh()

    def show_item(self, entity: str, item_id: str) -> bool:
        """Bring the record `item_id` of `entity` into view (a search hit); False if not ours."""
        return False

    def focus_main(self) -> None:
        """Put the keyboard focus where work on this page starts."""
        self.setFocus()
