"""Live mode latency: from an Enter key posted to the capture field (or the check-in field) to
the contribution (or check-in) committed and shown, in the real main window on the big demo."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.store_bench import Result, cached_demo, print_table

TARGET_MS = 16.0  # one frame at 60 Hz
CAPTURES = 300
CHECKINS = 200
WORDS = "fietsen buurthuis jongeren moestuin ouderen energie wijkteam eenzaamheid repair café"


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    source, meta = cached_demo(10_000, 500, 100_000, 2026, False)
    work = Path(tempfile.mkdtemp(prefix="kring-live-bench-"))
    try:
        shutil.copytree(source, work / "data")  # never write into the cache
        results, header = _run_on(work, meta["community"])
        print_table(header, results)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_on(work: Path, community: str) -> tuple[list[Result], str]:
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from app.services import attendance, contributions, sessions
    from app.services.workspace import Workspace
    from ui.main_window import MainWindow
    from ui.pages.sessions import LIVE

    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(work / "data", daily_backup=False)
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ws, work / "data", settings=settings)
    window.resize(1366, 768)
    window.show()
    try:
        window.show_community(community)
        # The session with the most contributions: the longest list to prepend to.
        busiest = max(
            sessions.list_sessions(ws, community), key=lambda s: contributions.count(ws, s.id)
        )
        page = window.sessions_page
        window.show_page(page)
        page.open_session(busiest.id, LIVE)
        live = page.live
        app.processEvents()
        people = attendance.member_names(ws, community)
        before = contributions.count(ws, busiest.id)

        def post_enter(widget) -> None:
            app.postEvent(
                widget,
                QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
            )

        capture_ms = []
        words = WORDS.split()
        live.capture_edit.setFocus()
        for n in range(CAPTURES + 5):
            live.kind_combo.setCurrentIndex(n % live.kind_combo.count())
            live.question_combo.setCurrentIndex(n % min(4, live.question_combo.count()))
            text = f"Bijdrage {n}: {words[n % len(words)]} {words[(n * 7) % len(words)]}"
            live.capture_edit.setText(text)
            started = time.perf_counter()
            post_enter(live.capture_edit)
            while live.contributions_model.rowCount() == 0 or (
                live.contributions_model.contribution(0).text != text
            ):
                app.processEvents()
            app.processEvents()  # the view repaints with the new row
            if n >= 5:  # the first few warm caches up
                capture_ms.append((time.perf_counter() - started) * 1000)
        saved = contributions.count(ws, busiest.id) - before
        assert saved == CAPTURES + 5, saved

        vote_ms = []
        live.contributions_table.setFocus()
        for n in range(CHECKINS):
            live.contributions_table.selectRow(n % 50)
            wanted = live.contributions_model.votes(n % 50) + 1
            started = time.perf_counter()
            plus = QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier, "+"
            )
            app.postEvent(live.contributions_table, plus)
            while live.contributions_model.votes(n % 50) != wanted:
                app.processEvents()
            app.processEvents()
            vote_ms.append((time.perf_counter() - started) * 1000)

        checkin_ms = []
        live.find_edit.setFocus()
        for person in people[100 : 100 + CHECKINS]:
            live.find_edit.setText(person["name"])  # typing narrows the list (not timed)
            app.processEvents()
            member = live.current_member()
            if member is None:
                continue
            started = time.perf_counter()
            post_enter(live.find_edit)
            while not attendance.is_present(live.checkin_model.attendance(member)):
                app.processEvents()
            app.processEvents()
            checkin_ms.append((time.perf_counter() - started) * 1000)

        filter_ms = []
        for person in people[400:450]:
            started = time.perf_counter()
            live.find_edit.setText(person["name"][:3])
            app.processEvents()
            filter_ms.append((time.perf_counter() - started) * 1000)
    finally:
        window.close()
        ws.close()
    header = (
        f"Kring Live mode at 10,000 members · 100,000 contributions, offscreen main window; "
        f"session '{busiest.title}' with {before:,} contributions; "
        f"key event posted → committed and shown"
    )
    results = [
        Result(f"capture: Enter → saved ({len(capture_ms)})", capture_ms, TARGET_MS),
        Result(f"dot vote: + → saved ({len(vote_ms)})", vote_ms, TARGET_MS),
        Result(f"check-in: Enter → saved ({len(checkin_ms)})", checkin_ms, TARGET_MS),
        Result(f"find: 3 letters over 10k ({len(filter_ms)})", filter_ms, 50.0, "not a save"),
    ]
    return results, header


if __name__ == "__main__":
    run()
