"""Background sync for the window: one sync at a time per community, never on the GUI thread.

A sync starts on "Sync now", after changes settle, when a target becomes reachable
(polled, backing off while it is not), and for a moment when the window closes. The
work runs in a daemon thread with its own Workspace (a SQLite connection belongs to
its thread); a daemon thread because a server that never answers must not keep the
process from exiting. Everything this object emits, it emits on the GUI thread.
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.errors import KringError
from app.i18n import _
from app.services import sync_settings
from app.services.sync_settings import HistoryEntry
from app.services.workspace import Changes, Workspace
from ui.loop import current, in_daemon_thread, running

if TYPE_CHECKING:
    import asyncio

_RUNNERS: weakref.WeakKeyDictionary[Workspace, SyncRunner] = weakref.WeakKeyDictionary()


def runner_for(ws: Workspace, data_dir: Path) -> SyncRunner:
    """The one runner of a workspace, shared by the Sync page and the status bar. GUI thread.

    It outlives a window rebuilt in another language, which keeps the same workspace.
    """
    runner = _RUNNERS.get(ws)
    if runner is None:
        runner = _RUNNERS[ws] = SyncRunner(ws, data_dir)
    return runner


def sync_in_worker(
    data_dir: Path,
    community_id: str,
    progress: sync_settings.Progress | None,
    abort: threading.Event,
    server_timeout: float | None,
) -> list[HistoryEntry]:
    """One sync of a community through all its targets. Worker thread: opens its own store."""
    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        return sync_settings.sync_all(
            ws, community_id, progress=progress, abort=abort, server_timeout=server_timeout
        )
    finally:
        ws.close()


class SyncRunner(QObject):
    """Starts, tracks and reports the syncs of one workspace. GUI thread."""

    started = Signal(str)  # community id
    progressed = Signal(str, float)  # community id, fraction done
    finished = Signal(str, object)  # community id, list[HistoryEntry]
    synced = Signal(object)  # Changes: what a sync brought in, for the window to refresh
    reachability_changed = Signal(str)  # community id

    settle_ms = 10_000  # after the last change, before a background sync
    poll_ms = 30_000  # between reachability probes while the target answers
    max_poll_ms = 300_000  # the slowest probing, after failures
    first_probe_ms = 3_000  # after a community is shown
    resync_after_s = 300  # a reachable target is synced again after this long
    server_timeout: float | None = None  # seconds per wait for the server (None: the default)

    def __init__(self, ws: Workspace, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Weakly: the registry of runners is keyed on the workspace and must not keep it alive.
        self._ws = weakref.ref(ws)
        self.data_dir = Path(data_dir)
        self.watched: str | None = None
        self.closed = False
        self._threads: dict[str, threading.Thread] = {}
        self._aborts: dict[str, threading.Event] = {}
        self._progress: dict[str, float] = {}
        self._again: set[str] = set()
        self._reachable: dict[str, bool] = {}
        self._tasks: set[asyncio.Task] = set()
        self._own: Changes | None = None  # the last Changes this runner emitted
        self._probing = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self._changes_settled)
        self._poll = QTimer(self)
        self._poll.setSingleShot(True)
        self._poll.timeout.connect(self._start_probe)

    @property
    def ws(self) -> Workspace | None:
        """The GUI thread's workspace; None once it is gone (then nothing more starts)."""
        ws = self._ws()
        if ws is None:
            self._settle.stop()
            self._poll.stop()
        return ws

    # --- what the widgets ask ---------------------------------------------------

    def is_running(self, community_id: str | None) -> bool:
        return community_id in self._threads

    def progress(self, community_id: str | None) -> float | None:
        """How far the running sync of the community is (0…1), None when none runs."""
        return self._progress.get(community_id) if community_id in self._threads else None

    def reachable(self, community_id: str | None) -> bool | None:
        """Whether the community's targets answered the last probe or sync (None: not known)."""
        return self._reachable.get(community_id) if community_id else None

    # --- what starts a sync -------------------------------------------------------

    def watch(self, community_id: str | None) -> None:
        """Sync `community_id` in the background from now on (None: nothing)."""
        self.closed = False
        if community_id != self.watched:
            self._settle.stop()
        self.watched = community_id
        if community_id is None:
            self._poll.stop()
        else:
            self._poll.start(self.first_probe_ms)

    def note_changes(self, changes: Changes) -> None:
        """Something was changed here: sync once changes have settled (not for a sync's own)."""
        ws = self.ws
        if changes is self._own or self.closed or self.watched is None or ws is None:
            return
        if sync_settings.targets(ws, self.watched):
            self._settle.start(self.settle_ms)

    def sync_now(self, community_id: str) -> bool:
        """Start a sync of the community; if one is running, another follows it. False when
        no event loop runs to await it (the sync is not started)."""
        if self.closed:
            return False
        if community_id in self._threads:
            self._again.add(community_id)
            return True
        loop = current()
        if loop is None:
            return False
        self._threads[community_id] = threading.Thread()  # taken: the next caller waits
        self._progress[community_id] = 0.0
        task = loop.create_task(self._run(community_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    def _changes_settled(self) -> None:
        if self.watched is not None:
            self.sync_now(self.watched)

    # --- one sync -----------------------------------------------------------------

    async def _run(self, community_id: str) -> None:
        abort = self._aborts[community_id] = threading.Event()
        self.started.emit(community_id)
        loop = running()

        def report(fraction: float, _message: str) -> None:  # worker thread
            _call_soon(loop, self._note_progress, community_id, fraction)

        work = (self.data_dir, community_id, report, abort, self.server_timeout)
        try:
            entries = await in_daemon_thread(
                sync_in_worker, *work, name=f"kring-sync-{community_id}",
                started=lambda thread: self._threads.__setitem__(community_id, thread),
            )  # fmt: skip
        except KringError as error:  # the data folder itself could not be opened
            entries = [HistoryEntry(_now(), "", "", False, str(error))]
        finally:
            self._threads.pop(community_id, None)
            self._aborts.pop(community_id, None)
            self._progress.pop(community_id, None)
        if self.closed:
            return
        self._reachable[community_id] = any(e.ok for e in entries)
        self.reachability_changed.emit(community_id)
        ws = self.ws
        if ws is None:
            return
        if any(e.received or e.conflicts for e in entries):
            sync_settings.catch_up(ws)  # the GUI's clock moves past what the worker received
            from ui.main_window import EVERYTHING  # the window imports this module

            self._own = Changes(_("Sync"), EVERYTHING | {"conflict"}, frozenset({community_id}))
            self.synced.emit(self._own)
        self.finished.emit(community_id, entries)
        if community_id in self._again:
            self._again.discard(community_id)
            self.sync_now(community_id)

    def _note_progress(self, community_id: str, fraction: float) -> None:
        if community_id in self._threads and not self.closed:
            self._progress[community_id] = fraction
            self.progressed.emit(community_id, fraction)

    # --- reachability -------------------------------------------------------------

    def _start_probe(self) -> None:
        loop = current()
        if loop is None or self.closed or self.watched is None or self._probing:
            return
        task = loop.create_task(self._probe(self.watched))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _probe(self, community_id: str) -> None:
        """Is a target there? Sync when one appeared, when changes wait, or after a while."""
        ws = self.ws
        if ws is None:
            return
        self._probing = True
        try:
            where = sync_settings.targets(ws, community_id)
            if not where or community_id in self._threads:
                self._poll.start(self.poll_ms)
                return
            found = False
            if where.folder:
                # A stat of a dead network share can hang: a daemon thread, never the GUI's.
                found = await in_daemon_thread(
                    sync_settings.folder_reachable, where.folder, name="kring-probe"
                )
            if not found and where.server:
                found = await sync_settings.server_reachable(where.server)
        finally:
            self._probing = False
        if self.closed or community_id != self.watched:
            return
        before = self._reachable.get(community_id)
        self._reachable[community_id] = found
        if before is not found:
            self.reachability_changed.emit(community_id)
        if not found:
            self._poll.start(min(self.max_poll_ms, max(self.poll_ms, self._poll.interval() * 2)))
            return
        self._poll.start(self.poll_ms)
        state = sync_settings.state(ws, community_id)
        if before is not True or state.waiting or _older_than(state.last_synced,
                                                               self.resync_after_s):  # fmt: skip
            self.sync_now(community_id)

    # --- closing ------------------------------------------------------------------

    def shutdown(self, wait_seconds: float = 3.0) -> None:
        """The window closes: a running sync gets `wait_seconds` to end, and changes still
        waiting get a last sync within the same time. Never blocks longer than that."""
        if self.closed:
            return
        self.closed = True
        self._settle.stop()
        self._poll.stop()
        deadline = time.monotonic() + wait_seconds
        for thread in list(self._threads.values()):
            if thread.is_alive():
                thread.join(max(0.0, deadline - time.monotonic()))
        for abort in self._aborts.values():
            abort.set()
        community_id = self.watched
        left = deadline - time.monotonic()
        if community_id is None or left <= 0.1 or community_id in self._threads:
            return
        ws = self.ws
        if ws is None or not sync_settings.targets(ws, community_id):
            return
        if not sync_settings.state(ws, community_id).waiting:
            return
        abort = threading.Event()
        thread = threading.Thread(
            target=_last_sync,
            args=(self.data_dir, community_id, abort, left),
            name="kring-last-sync",
            daemon=True,
        )
        thread.start()
        thread.join(left)
        abort.set()


def _last_sync(data_dir: Path, community_id: str, abort: threading.Event, timeout: float) -> None:
    """The sync on close (worker thread); its outcome is in the history, for the next start."""
    # A failure is in the history already; the process is ending, the next start syncs again.
    with contextlib.suppress(KringError):
        sync_in_worker(data_dir, community_id, None, abort, timeout)


def _call_soon(loop: asyncio.AbstractEventLoop, func: Callable[..., Any], *args: Any) -> None:
    """From a worker thread: run `func` on the loop's thread."""
    # A closed loop: the app has ended and nobody waits for this any more.
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(func, *args)


def _older_than(iso: str | None, seconds: float) -> bool:
    if not iso:
        return True
    when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return (datetime.now(UTC) - when).total_seconds() > seconds


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
