"""Sync benchmarks: capture overhead, applying 100,000 ops, a sync with nothing new, 10,000 edits.

    python -m benchmarks.sync_bench [--ops 100000] [--edits 10000] [--profile]

Runs on copies of the demo data folders store_bench caches (the big demo and one a
tenth of its size), with the real store (WAL, synchronous=FULL), the real folder
transport and the sync engine. Targets (issue 3): capture at most 2x the same write
without it (cr-sqlite reports 2.5x); a sync with nothing new under 50 ms whatever the
size. Applying ops and the end-to-end sync have no target: their figures are printed
with the ratio to a plain `executemany` of the same rows.

`--profile` runs only the apply of the incoming ops, under cProfile, and prints the top costs.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services import contributions
from app.services.workspace import Workspace
from app.store import capture, replica, schema
from app.store.db import DB_NAME, Store, open_store
from app.sync import changeset, clock, engine
from app.sync.folder import FolderTransport
from app.sync.ops import Op
from benchmarks.store_bench import Result, cached_demo

RATIO_TARGET = 2.0  # capture on / capture off, same write
NOOP_TARGET_MS = 50.0  # a sync with nothing new, at any size
TX_WRITES = 1_000  # writes per transaction in the batched variant


@dataclass
class Pair:
    """The same write timed with capture on and off (µs per write)."""

    name: str
    size: str
    on: Result
    off: Result

    def ratio(self, q: float) -> float:
        return self.on.quantile(q) / self.off.quantile(q)


# --- data ---------------------------------------------------------------------------


def _sync_fingerprint() -> str:
    """store_bench's cache key does not cover capture: the op log's shape comes from these."""
    digest = hashlib.sha256()
    for module in (capture, clock):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def _demo(members: int, sessions: int, contributions_n: int, seed: int, rebuild: bool):
    """store_bench's cached demo, rebuilt when its op log was made by other capture code."""
    data, meta = cached_demo(members, sessions, contributions_n, seed, rebuild)
    mark = data.parent / "sync-fingerprint.txt"
    stale = mark.exists() and mark.read_text() != _sync_fingerprint()
    if meta["cached"] and (stale or not _has_ops(data, meta["community"])):
        data, meta = cached_demo(members, sessions, contributions_n, seed, True)
    mark.write_text(_sync_fingerprint())
    return data, meta


def _has_ops(data: Path, community: str) -> bool:
    conn = sqlite3.connect(data / DB_NAME)
    try:
        found = conn.execute(
            f"SELECT count(*) FROM {capture.OPLOG} WHERE community = ?", (community,)
        ).fetchone()[0]
    except sqlite3.Error:
        found = 0
    finally:
        conn.close()
    return found > 0


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def _ids(store: Store, sql: str, params: dict[str, Any]) -> list[str]:
    return [r[0] for r in store.conn.execute(sql, params).fetchall()]


def _rows(store: Store, table: str | None = None) -> int:
    tables = [table] if table else schema.SYNCED_TABLES
    return sum(store.conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables)


def _folder_size(path: Path) -> tuple[int, int]:
    files = _files(path)
    return len(files), sum(size for _mtime, size in files.values())


def _files(path: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in path.rglob("*") if p.is_file()}


def _written(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> str:
    """The files a sync created or replaced in the folder, and their size."""
    new = [p for p in after if p not in before]
    replaced = [p for p in after if p in before and after[p] != before[p]]
    size = sum(after[p][1] for p in new + replaced) / 1e3
    names = ", ".join(sorted({p.name for p in replaced}))
    return f"{len(new)} new files, {len(replaced)} replaced ({names or '-'}); {size:,.1f} kB"


@contextmanager
def _stopwatch() -> Iterator[list[float]]:
    """`with _stopwatch() as t:` … then t[0] is the elapsed seconds."""
    box: list[float] = []
    started = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - started)


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


# --- 1. capture overhead ---------------------------------------------------------------


def _paired(store: Store, action: Callable[[int], object], repeat: int, warmup: int = 3):
    """Time action(i) alternately with capture on and off (µs); warm-up runs not counted."""
    on: list[float] = []
    off: list[float] = []
    for i in range(-2 * warmup, 2 * repeat):
        capturing = i % 2 == 0
        with nullcontext() if capturing else store.capture_off():
            started = time.perf_counter()
            action(i)
            elapsed = (time.perf_counter() - started) * 1e6
        if i >= 0:
            (on if capturing else off).append(elapsed)
    return on, off


def capture_overhead(data_dir: Path, community: str, repeat: int, tx_repeat: int) -> list[Pair]:
    ws = Workspace.open(data_dir, daily_backup=False)
    store = ws.store
    try:
        rows = _rows(store)
        size = f"{rows:,} rows"
        rng = random.Random(3)
        params = {"c": community}
        sessions = _ids(
            store, "SELECT id FROM session WHERE community = :c AND deleted = 0", params
        )
        authors = _ids(store, "SELECT id FROM member WHERE community = :c LIMIT 2000", params)
        people = authors[:]
        rng.shuffle(people)
        presence = _ids(store, "SELECT id FROM attendance WHERE community = :c", params)
        rng.shuffle(presence)
        pairs: list[Pair] = []

        def service_capture(i: int) -> None:
            contributions.capture(
                ws, community, f"Benchmarkidee {i}: samen de buurtapp starten",
                session=rng.choice(sessions), author=rng.choice(authors), kind="idea",
            )  # fmt: skip

        def update_phone(i: int) -> None:
            store.update("member", people[i % len(people)], {"phone": f"06-{i + 10**7:08d}"})

        _progress(f"capture overhead: single-write transactions ({repeat} each)")
        for name, action in (
            ("capture a contribution (service)", service_capture),
            ("store.update one field (member phone)", update_phone),
        ):
            on, off = _paired(store, action, repeat)
            pairs.append(Pair(f"{name}, own tx", size, Result(name, on, 0), Result(name, off, 0)))

        counter = iter(range(10**9))

        def batch(write: Callable[[int], object]) -> Callable[[int], None]:
            def run(_i: int) -> None:
                with store.transaction():
                    for _ in range(TX_WRITES):
                        write(next(counter))

            return run

        def insert(i: int) -> None:
            store.insert(
                "contribution",
                {"community": community, "session": sessions[i % len(sessions)],
                 "author": authors[i % len(authors)], "kind": "idea",
                 "text": f"Benchmarkidee {i}: een moestuin op het plein"},
            )  # fmt: skip

        def raw_update(i: int) -> None:
            store.conn.execute(
                "UPDATE attendance SET arrived_at = :at WHERE id = :id",
                {"at": f"2026-01-01T00:00:{i:012d}Z", "id": presence[i % len(presence)]},
            )

        _progress(f"capture overhead: {TX_WRITES:,} writes per transaction ({tx_repeat} each)")
        for name, write in (
            ("store.insert a contribution", insert),
            ("store.update one field (member phone)", update_phone),
            ("raw SQL UPDATE attendance (no FTS)", raw_update),
        ):
            on, off = _paired(store, batch(write), tx_repeat, warmup=1)
            per_write = [[s / TX_WRITES for s in samples] for samples in (on, off)]
            pairs.append(
                Pair(f"{name}, {TX_WRITES:,}/tx", size, Result(name, per_write[0], 0),
                     Result(name, per_write[1], 0))
            )  # fmt: skip
    finally:
        ws.close()
    return pairs


# --- 2. applying incoming ops ------------------------------------------------------------


def push_ops(store: Store, community: str, transport: FolderTransport, ops: list[Op]) -> None:
    """Encode ops into changesets in the folder, in the chunks the engine writes."""
    device = store.device_id
    for start in range(0, len(ops), engine.CHUNK):
        chunk = ops[start : start + engine.CHUNK]
        blob = changeset.encode(community, device, chunk)
        transport.push(community, device, chunk[0].seq, chunk[-1].seq, blob)


def bulk_insert(path: Path, ops: list[Op], capturing: bool) -> float:
    """Seconds to insert the rows the ops create with executemany, in one transaction."""
    store = open_store(path, daily_backup=False)
    try:
        by_table: dict[str, list[dict[str, Any]]] = {}
        for op in ops:
            by_table.setdefault(op.table, []).append({"id": op.row, **op.data})
        mode = nullcontext() if capturing else store.capture_off()
        with mode, _stopwatch() as took, store.transaction():
            for table, rows in by_table.items():
                store.insert_many(table, rows)
    finally:
        store.close()
    return took[0]


def apply_ops(work: Path, source: Path, community: str, count: int) -> dict[str, Any]:
    """Push the source's first `count` ops to a folder, then time a new replica applying them."""
    a = open_store(_copy(source, work / "a"), daily_backup=False)
    folder = work / "folder"
    folder.mkdir()
    transport = FolderTransport(folder)
    with _stopwatch() as read:
        ops = replica.own_ops(a, community, after=0, limit=count)
    with _stopwatch() as pushed:
        push_ops(a, community, transport, ops)
    files, size = _folder_size(folder)
    n = len(ops)
    tables = len({op.table for op in ops})
    _progress(f"decoding {files} changesets")
    with _stopwatch() as decoded:
        for ref in transport.available(community, exclude=""):
            changeset.decode(transport.fetch(ref))
    _progress(f"applying {n:,} ops on a new replica")
    b = open_store(work / "b", daily_backup=False)
    with _stopwatch() as applied:
        report = engine.sync(b, community, transport)
    _progress("the same rows with executemany")
    plain = bulk_insert(work / "plain" / DB_NAME, ops, capturing=False)
    captured = bulk_insert(work / "captured" / DB_NAME, ops, capturing=True)
    return {
        "a": a, "b": b, "transport": transport, "ops": n, "tables": tables, "files": files,
        "bytes": size, "read": read[0], "push": pushed[0], "decode": decoded[0],
        "apply": applied[0], "report": report, "plain": plain, "captured": captured,
        "total": replica.last_own_seq(a, community),
    }  # fmt: skip


def profile_apply(source: Path, community: str, count: int, top: int = 25) -> None:
    work = Path(tempfile.mkdtemp(prefix="kring-syncbench-"))
    try:
        a = open_store(_copy(source, work / "a"), daily_backup=False)
        transport = FolderTransport(work / "folder")
        (work / "folder").mkdir()
        push_ops(a, community, transport, replica.own_ops(a, community, after=0, limit=count))
        b = open_store(work / "b", daily_backup=False)
        profiler = cProfile.Profile()
        profiler.enable()
        report = engine.sync(b, community, transport)
        profiler.disable()
        print(f"Profile of a new replica applying {report.received:,} ops (engine.sync)")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("tottime").print_callers("execute")
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- 3. a sync with nothing new ------------------------------------------------------------


def noop_sync(store: Store, community: str, transport: FolderTransport, repeat: int) -> Result:
    """The second and later syncs of an already synced replica (the first may still push)."""
    engine.sync(store, community, transport)
    samples = []
    busy = 0
    for _ in range(repeat):
        started = time.perf_counter()
        report = engine.sync(store, community, transport)
        samples.append((time.perf_counter() - started) * 1000)
        busy += bool(report.sent or report.received)
    return Result("", samples, NOOP_TARGET_MS, f"{busy} of them sent or received" if busy else "")


# --- 4. end-to-end ----------------------------------------------------------------------


def edit(store: Store, community: str, edits: int) -> dict[str, int]:
    """`edits` single-field edits, 1,000 per transaction: mostly texts, some members, check-ins."""
    params = {"c": community}
    texts = _ids(store, "SELECT id FROM contribution WHERE community = :c ORDER BY id", params)
    people = _ids(store, "SELECT id FROM member WHERE community = :c ORDER BY id", params)
    presence = _ids(store, "SELECT id FROM attendance WHERE community = :c ORDER BY id", params)
    plan = ["text"] * (edits * 8 // 10) + ["phone"] * (edits // 10)
    plan += ["status"] * (edits - len(plan))
    done = {"text": 0, "phone": 0, "status": 0}
    for start in range(0, edits, TX_WRITES):
        with store.transaction():
            for kind in plan[start : start + TX_WRITES]:
                i = done[kind]
                if kind == "text":
                    row = store.get("contribution", texts[i % len(texts)]) or {}
                    store.update("contribution", row["id"],
                                 {"text": f"{row['text']} (aangevuld {i})"})  # fmt: skip
                elif kind == "phone":
                    store.update("member", people[i % len(people)], {"phone": f"06-{i:08d}"})
                else:
                    row = store.get("attendance", presence[i % len(presence)]) or {}
                    status = "excused" if row.get("status") == "present" else "present"
                    store.update("attendance", presence[i % len(presence)], {"status": status})
                done[kind] += 1
    return done


def end_to_end(small: Path, community: str, edits: int, work: Path, repeat: int):
    """Replicas A and B of the small demo, synced; A edits, pushes; B pulls and applies."""
    a = open_store(_copy(small, work / "a"), daily_backup=False)
    folder = work / "folder"
    folder.mkdir()
    transport = FolderTransport(folder)
    _progress("small demo: A pushes everything, new replica B applies it")
    with _stopwatch() as first_push:
        engine.sync(a, community, transport)
    b = open_store(work / "b", daily_backup=False)
    with _stopwatch() as first_pull:
        first = engine.sync(b, community, transport)
    noop_b = noop_sync(b, community, transport, repeat)
    noop_a = noop_sync(a, community, transport, repeat)
    _progress(f"A makes {edits:,} edits, syncs; B syncs")
    before = _files(folder)
    with _stopwatch() as edited:
        mix = edit(a, community, edits)
    with _stopwatch() as pushed:
        sent = engine.sync(a, community, transport)
    middle = _files(folder)
    with _stopwatch() as pulled:
        received = engine.sync(b, community, transport)
    after = _files(folder)
    marked = b.conn.execute(
        "SELECT count(*) FROM contribution WHERE text LIKE '%(aangevuld %'"
    ).fetchone()[0]
    a.close()
    b.close()
    return {
        "rows": first.received, "first_push": first_push[0], "first_pull": first_pull[0],
        "noop_a": noop_a, "noop_b": noop_b, "edit": edited[0], "mix": mix, "push": pushed[0],
        "sent": sent, "pull": pulled[0], "received": received, "before": before,
        "middle": middle, "after": after, "marked": marked,
    }  # fmt: skip


# --- the run ------------------------------------------------------------------------------


def run(
    *,
    members: int,
    sessions: int,
    contributions: int,
    seed: int,
    repeat: int,
    rebuild: bool,
    ops: int = 100_000,
    edits: int = 10_000,
    big_rebuilt: bool = False,
) -> None:
    """All four groups; `big_rebuilt`: the big demo was rebuilt just now, do not again."""
    started = time.perf_counter()
    big, big_meta = _demo(members, sessions, contributions, seed, rebuild and not big_rebuilt)
    small_sizes = (max(1, members // 10), sessions // 10, contributions // 10)
    small, small_meta = _demo(*small_sizes, seed, rebuild)
    community = big_meta["community"]
    work = Path(tempfile.mkdtemp(prefix="kring-syncbench-"))
    try:
        pairs = capture_overhead(_copy(big, work / "capture"), community, repeat, tx_repeat=10)
        shutil.rmtree(work / "capture")
        print_capture(pairs)
        sys.stdout.flush()

        apply = apply_ops(work / "apply", big, community, ops)
        print_apply(apply, (members, sessions, contributions))
        sys.stdout.flush()

        _progress("syncs with nothing new")
        a, b, transport = apply["a"], apply["b"], apply["transport"]
        noop = [
            (f"new replica B, {apply['ops']:,} ops applied", _rows(b), noop_sync(b, community,
             transport, 20)),
        ]  # fmt: skip
        shutil.rmtree(work / "apply" / "plain", ignore_errors=True)
        shutil.rmtree(work / "apply" / "captured", ignore_errors=True)
        b.close()
        # The source's first sync pushes its remaining ops; the ones after it have nothing new.
        noop.append(("source A, all its ops pushed", _rows(a), noop_sync(a, community, transport,
                     20)))  # fmt: skip
        a.close()
        shutil.rmtree(work / "apply", ignore_errors=True)

        e2e = end_to_end(small, small_meta["community"], edits, work / "e2e", 20)
        noop += [
            ("replica B of the small demo", e2e["rows"], e2e["noop_b"]),
            ("source A of the small demo", e2e["rows"], e2e["noop_a"]),
        ]
        print_noop(noop)
        print_e2e(e2e, small_sizes, edits)
        print(f"(sync benchmarks took {time.perf_counter() - started:.0f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- printing ---------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "over target"


def print_capture(pairs: list[Pair]) -> None:
    print()
    print(
        f"Kring sync benchmarks, SQLite {sqlite3.sqlite_version}, WAL, synchronous=FULL "
        f"(an fsync per commit)"
    )
    print(
        f"1. Change capture overhead per write: the same write with capture on / off, µs per "
        f"write, alternating (target: ratio of p50s <= {RATIO_TARGET:.0f}x; cr-sqlite 2.5x)"
    )
    print(
        f"{'operation':<48} {'size':>13} {'on p50':>8} {'on p95':>8} {'off p50':>8} "
        f"{'off p95':>8} {'x p50':>6} {'x p95':>6}  verdict"
    )
    for p in pairs:
        print(
            f"{p.name:<48} {p.size:>13} {p.on.quantile(0.5):>8.0f} {p.on.quantile(0.95):>8.0f} "
            f"{p.off.quantile(0.5):>8.0f} {p.off.quantile(0.95):>8.0f} {p.ratio(0.5):>6.2f} "
            f"{p.ratio(0.95):>6.2f}  {_verdict(p.ratio(0.5) <= RATIO_TARGET)}"
        )


def print_apply(r: dict[str, Any], sizes: tuple[int, int, int]) -> None:
    n, report = r["ops"], r["report"]
    print()
    print(
        f"2. Applying {n:,} incoming ops: the first of the {r['total']:,} in the op log of the "
        f"{sizes[0]:,}-member, {sizes[2]:,}-contribution demo ({r['tables']} tables); "
        f"{r['files']} changesets of {engine.CHUNK:,} ops, {r['bytes'] / 1e6:.1f} MB"
    )
    print(f"{'step':<58} {'seconds':>8} {'µs/op':>7} {'ops/s':>9}  note")
    rows = [
        ("read the source's op log (own_ops)", r["read"], ""),
        ("encode + write the changesets (fsync each)", r["push"], ""),
        ("read + verify + decode the changesets (no apply)", r["decode"], ""),
        (
            "new replica: engine.sync pulls and applies them",
            r["apply"],
            f"received {report.received:,}, conflicts {report.conflicts}, waiting {report.waiting}",
        ),
        ("same rows, plain executemany, capture off, 1 tx", r["plain"], "baseline"),
        (
            "same rows, executemany, capture on, 1 tx",
            r["captured"],
            f"bulk capture overhead {r['captured'] / r['plain']:.2f}x",
        ),
    ]
    for name, seconds, note in rows:
        print(f"{name:<58} {seconds:>8.2f} {seconds / n * 1e6:>7.0f} {n / seconds:>9,.0f}  {note}")
    print(
        f"apply / plain executemany: {r['apply'] / r['plain']:.1f}x "
        f"(no target; {r['apply'] / n * 100_000:.1f} s per 100,000 ops)"
    )


def print_noop(rows: list[tuple[str, int, Result]]) -> None:
    print()
    print(
        f"3. A sync with nothing new (push + list + pull, folder transport), 20 runs after a "
        f"first one (target: p95 < {NOOP_TARGET_MS:.0f} ms at any size)"
    )
    print(f"{'replica':<40} {'rows':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  verdict")
    for name, size, result in rows:
        p95 = result.quantile(0.95)
        print(
            f"{name:<40} {size:>9,} {result.quantile(0.5):>8.2f} {p95:>8.2f} "
            f"{max(result.samples_ms):>8.2f}  {_verdict(p95 < NOOP_TARGET_MS)}"
            + (f"  ({result.note})" if result.note else "")
        )


def print_e2e(r: dict[str, Any], sizes: tuple[int, int, int], edits: int) -> None:
    members, _sessions, contributions_n = sizes
    sent, received = r["sent"], r["received"]
    mix = ", ".join(f"{n:,} {k}" for k, n in r["mix"].items())
    print()
    print(
        f"4. End-to-end folder sync of {edits:,} changes between two replicas of a "
        f"{members:,}-member, {contributions_n:,}-contribution demo ({r['rows']:,} rows; "
        f"first join: push {r['first_push']:.2f} s, apply {r['first_pull']:.2f} s)"
    )
    print(f"{'step':<52} {'seconds':>8} {'µs/chg':>7}  note")
    rows = [
        (f"A edits ({TX_WRITES:,} per transaction, capture on)", r["edit"], mix),
        (
            "A syncs: pushes its changesets",
            r["push"],
            f"sent {sent.sent:,}; {_written(r['before'], r['middle'])}",
        ),
        (
            "B syncs: pulls and applies",
            r["pull"],
            f"received {received.received:,}, conflicts {received.conflicts}; "
            f"{_written(r['middle'], r['after'])}; B shows {r['marked']:,} edited texts",
        ),
        ("A push + B pull", r["push"] + r["pull"], ""),
    ]
    for name, seconds, note in rows:
        print(f"{name:<52} {seconds:>8.2f} {seconds / edits * 1e6:>7.0f}  {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync_bench")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--contributions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=200, help="single writes per mode")
    parser.add_argument("--ops", type=int, default=100_000, help="incoming ops to apply")
    parser.add_argument("--edits", type=int, default=10_000, help="end-to-end changes")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached demo data")
    parser.add_argument("--profile", action="store_true", help="profile applying the ops only")
    args = parser.parse_args(argv)
    if args.profile:
        data, meta = _demo(args.members, args.sessions, args.contributions, args.seed, False)
        profile_apply(data, meta["community"], args.ops)
        return 0
    run(
        members=args.members,
        sessions=args.sessions,
        contributions=args.contributions,
        seed=args.seed,
        repeat=args.repeat,
        rebuild=args.rebuild,
        ops=args.ops,
        edits=args.edits,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
