"""The sync state, always visible in the status bar; a click opens the Sync page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QToolButton, QWidget

from app.i18n import _, plural
from app.services import sync_settings
from app.services.workspace import Changes, Workspace
from ui.sync_runner import runner_for

MINUTE_MS = 60_000


class SyncStatus(QToolButton):
    """Shows how the community stands with its sync targets. GUI thread.

    One of: "Not set up to sync", "Offline — 23 changes waiting", "Syncing… 40%",
    "Synced 2 min ago", "2 conflicts need a look". The window tells it which community is
    shown, every change made, and when it closes; it starts background syncs through the
    workspace's SyncRunner and emits what they brought in as `changed`.
    """

    changed = Signal(object)  # Changes a sync brought in: the window refreshes its pages
    open_sync_requested = Signal()  # clicked: the window shows the Sync page

    def __init__(
        self,
        ws: Workspace,
        data_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.data_dir = Path(data_dir)
        self.community_id: str | None = None
        self.runner = runner_for(ws, self.data_dir)
        self.setAutoRaise(True)
        self.setAccessibleName(_("Sync status"))
        self.setToolTip(_("Open the Sync page"))
        self.clicked.connect(self.open_sync_requested)
        self.runner.synced.connect(self.changed)
        for signal in (self.runner.started, self.runner.finished, self.runner.progressed,
                       self.runner.reachability_changed):  # fmt: skip
            signal.connect(self.refresh)
        # Sync now from anywhere in the window (the status bar is always there). Not F5: in
        # a session's Live mode F5 starts and pauses the agenda timer.
        self.shortcuts = []
        for keys in ("Ctrl+Shift+S",):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setWhatsThis(_("Sync now"))
            shortcut.activated.connect(self.sync_now)
            self.shortcuts.append(shortcut)
        self._minutes = QTimer(self)  # "synced N min ago" ages
        self._minutes.timeout.connect(self.refresh)
        self._minutes.start(MINUTE_MS)
        self.refresh()

    def set_community(self, community_id: str | None) -> None:
        self.community_id = community_id
        self.runner.watch(community_id)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """Read the sync state again (a sync target or a conflict changed)."""
        text, detail = self._describe()
        self.setText(text)
        self.setToolTip(detail or _("Open the Sync page"))
        self.setAccessibleDescription(detail)

    def note_changes(self, changes: Changes) -> None:
        """A change was made here: a background sync may follow once changes settle."""
        self.runner.note_changes(changes)
        self.refresh()

    def sync_now(self) -> None:
        """Start a sync of the shown community (one runs at a time; another may follow)."""
        if self.community_id is not None and sync_settings.targets(self.ws, self.community_id):
            self.runner.sync_now(self.community_id)

    def shutdown(self, wait_seconds: float = 3.0) -> None:
        """The window closes: finish a short last sync if one is due, never for long."""
        self._minutes.stop()
        self.runner.shutdown(wait_seconds)

    def _describe(self) -> tuple[str, str]:
        community_id = self.community_id
        if community_id is None or self.ws.store.get("community", community_id) is None:
            return _("Not set up to sync"), ""
        fraction = self.runner.progress(community_id)
        if fraction is not None:
            return _("Syncing… {percent}%").format(percent=round(fraction * 100)), ""
        state = sync_settings.state(self.ws, community_id)
        if not state.targets:
            return _("Not set up to sync"), _("Choose a shared folder or join a server on the "
                                              "Sync page.")  # fmt: skip
        if state.conflicts:
            return plural(state.conflicts, _("1 conflict needs a look"),
                          _("{n} conflicts need a look")), ""  # fmt: skip
        offline = self.runner.reachable(community_id) is False or state.last_error is not None
        if offline:
            waiting = plural(state.waiting, _("Offline — 1 change waiting"),
                             _("Offline — {n} changes waiting"))  # fmt: skip
            if not state.waiting:
                waiting = _("Offline — nothing waiting")
            return waiting, state.last_error or ""
        if state.last_synced is None:
            return plural(state.waiting, _("Not synced yet — 1 change waiting"),
                          _("Not synced yet — {n} changes waiting")), ""  # fmt: skip
        text = synced_ago(state.last_synced)
        if state.waiting:
            text += " · " + plural(state.waiting, _("1 change waiting"), _("{n} changes waiting"))
        return text, ""


def synced_ago(iso: str, now: datetime | None = None) -> str:
    """ "Synced just now", "Synced 2 min ago", "Synced 3 h ago", "Synced on 4 May"."""
    when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    minutes = int(((now or datetime.now(UTC)) - when).total_seconds() // 60)
    if minutes < 1:
        return _("Synced just now")
    if minutes < 60:
        return _("Synced {n} min ago").format(n=minutes)
    if minutes < 24 * 60:
        return _("Synced {n} h ago").format(n=minutes // 60)
    return _("Synced on {date}").format(date=when.astimezone().strftime("%Y-%m-%d"))
