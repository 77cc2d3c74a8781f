"""Time from process start to an interactive window: Kring on the big demo vs a bare Qt window.

Both are started the same way (the same Python, offscreen Qt) and print "shown" from the first
turn of their event loop after the window is shown; the time is taken when that line arrives.
Kring shows its window's frame first and puts the data in over the next turns (ui/app.py);
it prints "ready" once the section's page is built and asyncio has joined Qt's loop: that
time is printed too. Target: Kring's "shown" at most 1.5× the bare window.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from benchmarks.store_bench import scratch_demo

TARGET_RATIO = 1.5

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1180, 720)
window.show()
def shown():
    print("shown", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


# For scale: the same bare window run on a qasync event loop, as every Kring window is.
BARE_QASYNC_WINDOW = """
import asyncio
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
window = QMainWindow()
window.resize(1180, 720)
window.show()
def shown():
    print("shown", flush=True)
    loop.stop()
QTimer.singleShot(0, shown)
with loop:
    loop.run_forever()
"""


def time_until_shown(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting `command` until it prints "shown", and until "ready" (the work
    a window leaves for its first turns: Kring's asyncio loop); the same when there is none."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None
    shown = ready = None
    for line in process.stdout:
        if line.strip() == b"shown":
            shown = time.perf_counter() - started
        elif line.strip() == b"ready":
            ready = time.perf_counter() - started
    if shown is None:
        raise RuntimeError(f"{command[:3]} never showed a window: {process.stderr.read()!r}")
    process.wait(timeout=30)
    return shown, ready if ready is not None else shown


def medians_of(
    commands: list[list[str]], env: dict[str, str], runs: int
) -> list[tuple[float, float, list[float]]]:
    """Per command: the median seconds to "shown" and to "ready", and the samples to "shown".

    The commands take turns, run after run, so that a machine that slows down or speeds up
    meanwhile (a shared VM does) weighs on each of them alike.
    """
    for command in commands:
        time_until_shown(command, env)  # warm the file cache
    samples: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, samples, strict=True):
            taken.append(time_until_shown(command, env))
    return [
        (statistics.median(s for s, _ in taken), statistics.median(r for _, r in taken),
         [s for s, _ in taken])
        for taken in samples
    ]  # fmt: skip


def run(runs: int = 15, members: int = 10_000, sessions: int = 500, contributions: int = 100_000):
    with scratch_demo(members, sessions, contributions) as (work, _meta):
        env = os.environ | {
            "QT_QPA_PLATFORM": "offscreen",
            "KRING_QUIT_AFTER_SHOWN": "1",
            "XDG_CONFIG_HOME": str(work / "config"),  # Kring's settings: fresh, not the user's
            "KRING_LANG": "nl",
        }
        env.pop("PYTHONPATH", None)
        # As on a facilitator's machine: the warm-up run leaves compiled bytecode behind (this
        # machine sets PYTHONDONTWRITEBYTECODE, which would compile every module at every start).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        kring_command = [sys.executable, "-m", "kring", "--data-dir", str(work / "data")]
        (bare, _, bare_samples), (floor, _, floor_samples), (kring, kring_ready, kring_samples) = (
            medians_of([[sys.executable, "-c", BARE_WINDOW],
                        [sys.executable, "-c", BARE_QASYNC_WINDOW], kring_command], env, runs)
        )  # fmt: skip
        ratio = kring / bare
        print(
            f"\nStart-up to an interactive window (offscreen, median of {runs}), "
            f"{members:,} members · {contributions:,} contributions"
        )
        print(f"  bare PySide6 QMainWindow   {bare * 1000:7.0f} ms   {_spread(bare_samples)}")
        print(f"  the same on qasync's loop  {floor * 1000:7.0f} ms   {_spread(floor_samples)}"
              f"   ({floor / bare:.2f} ×: the floor for any window on qasync)")  # fmt: skip
        print(f"  kring (big demo)           {kring * 1000:7.0f} ms   {_spread(kring_samples)}")
        print(f"  … its data in, asyncio in  {kring_ready * 1000:7.0f} ms   "
              f"({kring_ready / bare:.2f} ×: after the turns that fill the window)")  # fmt: skip
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"  ratio                      {ratio:7.2f} ×   target ≤ {TARGET_RATIO} ×  {verdict}")
        return ratio


def _spread(samples: list[float]) -> str:
    return f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f} ms)"


if __name__ == "__main__":
    run()
