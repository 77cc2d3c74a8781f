"""Driving qasync loops from plain (synchronous) pytest-qt tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import qasync


def run_started_tasks(loop: qasync.QEventLoop, timeout: float = 30.0) -> None:
    """Run the loop until every task scheduled so far (by async slots) has finished."""
    tasks = asyncio.all_tasks(loop)
    assert tasks, "nothing was started"
    loop.run_until_complete(asyncio.wait_for(asyncio.gather(*tasks), timeout))


def run_until(loop: qasync.QEventLoop, condition: Callable[[], bool], timeout: float = 10.0):
    """Run the loop (and with it the started tasks) until `condition()` holds."""

    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    loop.run_until_complete(asyncio.wait_for(poll(), timeout))
