"""The asyncio loop that slow work in the window awaits on: qasync's, run by Qt's own loop.

Importing asyncio and qasync takes about 60 ms on a small laptop (asyncio pulls in ssl,
sockets, concurrent.futures and logging). So the window does not wait for them: the app
runs Qt's loop from the start and puts the asyncio loop into it once the window is up
(`install_after_show`), or sooner if an async slot fires first. Tests set a qasync loop
of their own (tests/ui/conftest.py), which `async_slot` then uses. GUI thread only.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    import asyncio

_app: QApplication | None = None  # set by install_after_show; the loop is made from it
_loop: asyncio.AbstractEventLoop | None = None


def allow(app: QApplication) -> None:
    """Let the asyncio loop be made for `app` as soon as something needs it."""
    global _app
    if _loop is None:
        _app = app


def install_after_show(app: QApplication) -> None:
    """Make the asyncio loop at the next turn of Qt's loop (called once the window is up)."""
    allow(app)
    if _loop is None:
        QTimer.singleShot(0, install)


def install() -> asyncio.AbstractEventLoop | None:
    """The app's asyncio loop, made now if the app asked for one and it is not there yet."""
    global _app, _loop
    if _app is not None and _loop is None:
        import asyncio

        import qasync

        app, _app = _app, None
        # already_running: Qt's loop (app.exec) is the one that runs; qasync hooks into it.
        _loop = qasync.QEventLoop(app, already_running=True)
        asyncio.set_event_loop(_loop)
    return _loop


def start(coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task:
    """Run `coroutine` as a task on the app's loop (made now if it is not there yet)."""
    install()
    import asyncio

    return asyncio.ensure_future(coroutine)


def current() -> asyncio.AbstractEventLoop | None:
    """The qasync loop to schedule on: the app's (made now if due) or the one a test set.

    None when there is none, or it is closed: then there is nothing to schedule on.
    """
    install()
    import asyncio

    import qasync

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            return None
    if not isinstance(loop, qasync.QEventLoop) or loop.is_closed():
        return None
    return loop


def running() -> asyncio.AbstractEventLoop:
    """The loop running the coroutine that asks (asyncio imported only by then)."""
    import asyncio

    return asyncio.get_running_loop()


async def in_daemon_thread(
    func: Callable[..., Any],
    *args: Any,
    name: str = "kring-worker",
    started: Callable[[threading.Thread], None] | None = None,
) -> Any:
    """Await a blocking call made in a daemon thread (one that opens its own workspace, if
    it needs one: a SQLite connection belongs to its thread); its exception is raised here.

    A daemon thread, not the loop's executor: a server or a network share that never answers
    must not keep the app from exiting. `started` is told the thread before it starts.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()

    def settle(ok: bool, value: Any) -> None:
        if not future.done():
            future.set_result(value) if ok else future.set_exception(value)

    def run() -> None:
        try:
            outcome = (True, func(*args))
        except BaseException as exc:  # raised again in the awaiting coroutine
            outcome = (False, exc)
        # A closed loop: the app has ended, nobody waits for this.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, *outcome)

    thread = threading.Thread(target=run, name=name, daemon=True)
    if started is not None:
        started(thread)
    thread.start()
    return await future


def close() -> None:
    """After Qt's loop has ended: close the asyncio loop, if one was made."""
    global _app, _loop
    _app = None
    if _loop is not None:
        import asyncio

        loop, _loop = _loop, None
        asyncio.set_event_loop(None)
        if loop.is_running():
            loop.stop()
        asyncio.events._set_running_loop(None)  # qasync set it when the loop joined Qt's
        loop.close()


def async_slot(
    *types: type,
) -> Callable[[Callable[..., Coroutine[Any, Any, None]]], Callable[..., Any]]:
    """Decorate a coroutine method to use it as a Qt slot taking `types`: each call
    schedules it as a task.

    Like qasync's asyncSlot, but neither asyncio nor qasync is imported until a call.
    Arguments a signal passes beyond the method's own are dropped (Qt does the same).
    An exception in the task goes to sys.excepthook, as one in a plain slot would.
    """

    def decorate(method: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., Any]:
        takes = method.__code__.co_argcount

        @Slot(*types)
        @functools.wraps(method)
        def slot(*args: Any) -> asyncio.Task:
            task = start(method(*args[:takes]))
            task.add_done_callback(_report_failure)
            return task

        return slot

    return decorate


def _report_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        error = task.exception()
        sys.excepthook(type(error), error, error.__traceback__)
