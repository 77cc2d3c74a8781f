"""The asyncio loop joins Qt's running loop after start-up, or sooner when something needs it.

Run in a child process: a loop made this way is the process's running loop until the app ends,
which a test process shared with the other UI tests must not be left with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

APP = """
import json, sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from ui import loop

app = QApplication([])
seen = {"asyncio_at_start": "asyncio" in sys.modules}
import asyncio  # for the slot below

class Button(QPushButton):
    @loop.async_slot()
    async def work(self):
        seen["in_qt_loop"] = app.thread().isCurrentThread()
        await asyncio.sleep(0.01)  # a timer of the asyncio loop, run by Qt's
        seen["worker"] = await asyncio.get_running_loop().run_in_executor(
            None, lambda: threading.current_thread() is not threading.main_thread()
        )
        app.quit()

button = Button()
button.clicked.connect(lambda: seen.setdefault("loop_there", "qasync" in sys.modules))
button.clicked.connect(button.work)
if sys.argv[1] == "early":
    QTimer.singleShot(0, button.click)  # before the loop's own turn: it is made on demand
    loop.install_after_show(app)
else:
    loop.install_after_show(app)
    QTimer.singleShot(50, button.click)
QTimer.singleShot(10_000, lambda: app.exit(3))  # never hang the test
code = app.exec()
seen["loops_made"] = 1 if loop.install() is not None else 0
loop.close()
seen["exit"] = code
print(json.dumps(seen))
"""


def run(when: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", APP, when],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])


def test_an_async_slot_clicked_after_start_up_runs_on_qts_loop():
    seen = run("late")
    assert seen == {"asyncio_at_start": False, "loop_there": True, "in_qt_loop": True,
                    "worker": True, "loops_made": 1, "exit": 0}  # fmt: skip


def test_an_async_slot_clicked_before_the_loop_is_made_makes_it_and_runs():
    seen = run("early")
    assert seen == {"asyncio_at_start": False, "loop_there": False, "in_qt_loop": True,
                    "worker": True, "loops_made": 1, "exit": 0}  # fmt: skip
