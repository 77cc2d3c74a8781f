"""The store benchmarks: single writes, search, a big list, opening, and the demo itself."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.services import attendance, contributions, demo, demo_data, members, search, sessions
from app.services.workspace import Workspace
from app.store import schema

TARGET_MS = 10.0  # single-record writes and search may run on the GUI thread
SEARCHES = ("ozt", "wijkteam", "eenzaam", "jongeren winkel", "de vr")
CACHE = Path(tempfile.gettempdir()) / "kring-benchmarks"


@dataclass
class Result:
    name: str
    samples_ms: list[float]
    target_ms: float
    note: str = ""

    def quantile(self, q: float) -> float:
        ordered = sorted(self.samples_ms)
        if len(ordered) == 1:
            return ordered[0]
        return statistics.quantiles(ordered, n=100, method="inclusive")[round(q * 100) - 1]


def _fingerprint() -> str:
    """Demo data is rebuilt when the code that shapes it changes."""
    digest = hashlib.sha256(sqlite3.sqlite_version.encode())
    for module in (demo, demo_data, schema):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def cached_demo(
    members_n: int, sessions_n: int, contributions_n: int, seed: int, rebuild: bool
) -> tuple[Path, dict]:
    """A demo data folder of this size, built once and kept under the system's temp folder."""
    size = f"m{members_n}-s{sessions_n}-c{contributions_n}-seed{seed}-"
    root = CACHE / (size + _fingerprint())
    meta_path = root / "demo.json"
    if meta_path.exists() and not rebuild:
        return root / "data", json.loads(meta_path.read_text()) | {"cached": True}
    for stale in CACHE.glob(size + "*"):  # built by older code, or interrupted
        # Not one touched in the last hour: another checkout may be using (or building) it.
        if stale != root and time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    print(f"Building demo data in {root} (cached for later runs)…", file=sys.stderr)
    ws = Workspace.open(root / "data", daily_backup=False)
    started = time.perf_counter()
    try:
        community = demo.create_demo(
            ws,
            members=members_n,
            sessions=sessions_n,
            contributions=contributions_n,
            seed=seed,
            progress=lambda f, m: print(f"  {f:4.0%}  {m}", file=sys.stderr),
        )
        seconds = time.perf_counter() - started
    finally:
        ws.close()
    meta = {"community": community, "seconds": seconds, "built": time.strftime("%Y-%m-%d %H:%M")}
    meta_path.write_text(json.dumps(meta))
    return root / "data", meta | {"cached": False}


def measure(action: Callable[[int], object], repeat: int, warmup: int = 3) -> list[float]:
    for i in range(warmup):
        action(-1 - i)
    samples = []
    for i in range(repeat):
        started = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


@contextmanager
def scratch_demo(
    members_n: int = 10_000,
    sessions_n: int = 500,
    contributions_n: int = 100_000,
    seed: int = 2026,
    rebuild: bool = False,
) -> Iterator[tuple[Path, dict]]:
    """A folder holding a fresh copy of the cached demo in `data/` (opening a store may
    write: never into the cache), and the demo's meta; removed afterwards."""
    source, meta = cached_demo(members_n, sessions_n, contributions_n, seed, rebuild)
    work = Path(tempfile.mkdtemp(prefix="kring-bench-"))
    try:
        shutil.copytree(source, work / "data")
        yield work, meta
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(
    *, members: int, sessions: int, contributions: int, seed: int, repeat: int, rebuild: bool
) -> list[Result]:
    with scratch_demo(members, sessions, contributions, seed, rebuild) as (work, meta):
        results = _run_on(work / "data", meta["community"], repeat)
        note = f"cached, built {meta['built']}" if meta["cached"] else "built now"
        results.append(Result("generate the demo (once)", [meta["seconds"] * 1000], 60_000, note))
        size = work / "data" / "kring.sqlite"
        header = (
            f"Kring store benchmarks at {members:,} members · {sessions:,} sessions · "
            f"{contributions:,} contributions (seed {seed}), {repeat} repetitions, "
            f"SQLite {sqlite3.sqlite_version}, file {size.stat().st_size / 1e6:.0f} MB"
        )
        print_table(header, results)
        return results


def _run_on(data_dir: Path, community: str, repeat: int) -> list[Result]:
    rng = random.Random(1)
    results = [
        Result(
            "open the database (+ close)",
            measure(lambda i: Workspace.open(data_dir, daily_backup=False).close(), repeat),
            500.0,
        )
    ]
    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        everyone = members.list_members(ws, community, include_left=False)
        agenda = sessions.list_sessions(ws, community)
        held = [s for s in agenda if s.status == "closed"]
        planned = [s for s in agenda if s.status == "planned"] or held
        questions = [
            i.question for s in held[-20:] for i in sessions.agenda(ws, s.id) if i.question
        ]

        def capture(i: int) -> None:
            contributions.capture(
                ws, community, f"Benchmarkidee {i}: samen de buurtapp starten",
                session=rng.choice(held).id if held else None,
                question=rng.choice(questions) if questions else None,
                author=rng.choice(everyone).id, kind="idea",
            )  # fmt: skip

        rng.shuffle(everyone)
        pairs = itertools.cycle([(rng.choice(planned).id, m.id) for m in everyone])

        def check_in(_i: int) -> None:
            session_id, member_id = next(pairs)
            attendance.check_in(ws, session_id, member_id)

        results.append(Result("capture a contribution", measure(capture, repeat), TARGET_MS))
        results.append(Result("check in a member", measure(check_in, repeat), TARGET_MS))
        for text in SEARCHES:
            hits = len(search.search(ws, community, text))
            samples = measure(lambda _i, t=text: search.search(ws, community, t), repeat)
            results.append(Result(f"search “{text}”", samples, TARGET_MS, f"{hits} hits"))
        listed = len(members.list_members(ws, community))
        results.append(
            Result(
                "list the members",
                measure(lambda _i: members.list_members(ws, community), repeat),
                100.0,
                f"{listed:,} rows",
            )
        )
    finally:
        ws.close()
    return results


def print_table(header: str, results: list[Result]) -> None:
    print(header)
    print("target: p95 < 10 ms for single-record writes and search; others as listed")
    print(
        f"{'operation':<30} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'target':>9} "
        f"{'p95/target':>10}  verdict"
    )
    for r in results:
        p95 = r.quantile(0.95)
        verdict = "PASS" if p95 < r.target_ms else "over target"
        note = f"  ({r.note})" if r.note else ""
        print(
            f"{r.name:<30} {r.quantile(0.5):>9.2f} {p95:>9.2f} {max(r.samples_ms):>9.2f} "
            f"{r.target_ms:>9,.0f} {p95 / r.target_ms:>10.2f}  {verdict}{note}"
        )
