"""The question dossier at demo scale: opening the busiest question's dossier, and scrolling
its contribution list to the bottom in a real (offscreen) table view, one fetch at a time."""

from __future__ import annotations

import os
import statistics
import time

from app.services.workspace import Workspace
from benchmarks.store_bench import scratch_demo

OPEN_TARGET_MS = 50.0  # selecting a question must feel instant
FETCH_TARGET_MS = 16.0  # one frame: scrolling stays smooth while pages are read


def _quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(q * 100) - 1]


def _line(name: str, samples: list[float], target: float, note: str = "") -> None:
    p50, p95 = _quantile(samples, 0.5), _quantile(samples, 0.95)
    verdict = "ok" if p95 <= target else "SLOW"
    print(
        f"  {name:<44} n={len(samples):>4}  p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  "
        f"max {max(samples):7.2f} ms  target p95 < {target:g} ms  {verdict}  {note}"
    )


def run(
    members: int = 10_000,
    sessions: int = 500,
    contributions: int = 100_000,
    seed: int = 2026,
    repeat: int = 30,
    rebuild: bool = False,
) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from app.services import dossier
    from ui.pages.question_dossier import DossierView

    app = QApplication.instance() or QApplication([])
    with scratch_demo(members, sessions, contributions, seed, rebuild) as (work, _meta):
        data_dir = work / "data"
        ws = Workspace.open(data_dir, daily_backup=False)
        try:
            busiest = ws.store.query(
                "SELECT question, count(*) AS n FROM contribution "
                "WHERE question IS NOT NULL AND deleted = 0 "
                "GROUP BY question ORDER BY n DESC LIMIT 1"
            )[0]
            question, count = busiest["question"], busiest["n"]
            print(
                f"Dossier ({members:,} members, {contributions:,} contributions): "
                f"the busiest question has {count:,} contributions"
            )

            view = DossierView(ws)
            view.resize(1000, 700)
            view.show()
            app.processEvents()
            opening = []
            for _n in range(repeat):
                view.show_question(None)
                started = time.perf_counter()
                view.show_question(question)  # counts, first page, linked actions
                opening.append((time.perf_counter() - started) * 1000)
            _line("open the dossier (summary + first page)", opening, OPEN_TARGET_MS)
            sorting, first_page = [], []
            for _n in range(repeat):
                started = time.perf_counter()
                outline = dossier.outline(ws, question)
                sorting.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                dossier.entries_by_id(ws, outline.ids[: view.model.page])
                first_page.append((time.perf_counter() - started) * 1000)
            _line("  of which: the ids in order (one sort)", sorting, OPEN_TARGET_MS)
            _line("  of which: the first page by id", first_page, FETCH_TARGET_MS)

            # Scroll to the bottom as a person holding End would: every time the view
            # reaches the end it asks the model for more.
            model = view.model
            fetches: list[float] = []
            plain_fetch = model.fetchMore

            def timed_fetch(*args: object) -> None:
                started = time.perf_counter()
                plain_fetch(*args)
                fetches.append((time.perf_counter() - started) * 1000)

            view.show_question(question)
            model.fetchMore = timed_fetch  # type: ignore[method-assign]
            table: QTableView = view.contributions
            started = time.perf_counter()
            while model.canFetchMore():
                table.scrollToBottom()
                app.processEvents()
            total = time.perf_counter() - started
            _line(
                "scroll to the bottom: one fetch (200 rows)",
                fetches,
                FETCH_TARGET_MS,
                f"({len(fetches)} fetches, {model.rowCount():,} rows, {total:.2f} s in all)",
            )
            view.close()
        finally:
            ws.close()


if __name__ == "__main__":
    run()
