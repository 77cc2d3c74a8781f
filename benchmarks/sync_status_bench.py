"""What the sync status costs the GUI thread at full demo scale (it refreshes on every change)."""

from __future__ import annotations

import statistics
import time

from app.services import sync_settings
from app.services.workspace import Workspace
from benchmarks.store_bench import scratch_demo

TARGET_MS = 10.0  # a GUI-thread store call (STYLE.md habit 4)


def _times(call, repeat: int = 50) -> tuple[float, float]:
    spent = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return statistics.median(spent), spent[int(len(spent) * 0.95) - 1]


def run() -> None:
    with scratch_demo() as (work, meta):
        ws = Workspace.open(work / "data", daily_backup=False)
        try:
            community = meta["community"]
            sync_settings.set_folder(ws, community, work / "shared")
            waiting = sync_settings.waiting(ws, community)
            for name, call in (
                ("status refresh (state)", lambda: sync_settings.state(ws, community)),
                ("changes waiting (count)", lambda: sync_settings.waiting(ws, community)),
            ):
                median, p95 = _times(call)
                verdict = "ok" if p95 <= TARGET_MS else "OVER"
                print(
                    f"{name:28} median {median:6.2f} ms  p95 {p95:6.2f} ms  "
                    f"(target p95 ≤ {TARGET_MS:.0f} ms, {waiting} changes waiting) {verdict}"
                )
        finally:
            ws.close()


if __name__ == "__main__":
    run()
