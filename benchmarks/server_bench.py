"""Sync server benchmarks: many devices pushing and pulling, and a new device joining a big
community, against a `kring-server serve` process on 127.0.0.1.

    python -m benchmarks.server_bench [--devices 50 200] [--rounds 10]
        [--storage sqlite postgresql] [--join-ops 100000] [--no-join]

1. Devices (asyncio + httpx in this process, one connection each) join with one invite,
   then each pushes `rounds` small changesets (1 kB of random bytes: opaque, like an
   encrypted one), then each pulls `rounds` pages of up to 50 changesets after its own
   cursor. Per storage (a SQLite file; a throwaway PostgreSQL cluster when initdb/pg_ctl are
   installed) and device count: requests per second and p50/p99 latency. The server is one
   process with one uvicorn worker, and the devices share the same 2 cores with it (and with
   PostgreSQL), so the figures are a floor for a real server.
2. A new device joins a community of about `join_ops` ops (a demo community) on a SQLite
   server: by replaying every changeset, and from a snapshot after the server compacted
   (snapshot + a tail of 1,000 ops), through the real client (app.services.server_sync).

No targets: the figures are printed, nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from server.app import new_community_id
from server.auth import digest, expiry, new_invite_code, normalise_invite
from server.storage import Storage, open_storage
from tests.server import pg  # the throwaway PostgreSQL cluster of the tests (no pytest in it)

PAYLOAD = 1024  # bytes per pushed changeset
OPS_PER_CHANGESET = 5
PAGE = 50  # changesets per pull
TAIL = 1_000  # ops written after the snapshot


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


# --- a server process and its storage ----------------------------------------------------


@contextmanager
def serving(db: str, log: Path) -> Iterator[str]:
    """`python -m server serve` on a free port of 127.0.0.1, no rate limit; yields its URL."""
    port = pg.free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "server", "serve", "--db", db, "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*command, "--log-level", "warning", "--per-minute", "0"],
            stdout=subprocess.DEVNULL,
            stderr=out,
            env={**os.environ, "KRING_NO_KEYRING": "1"},
        )
    try:
        deadline = time.monotonic() + 30
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kring-server did not start: {log.read_text()}")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/v1/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def invite(storage: Storage, community: str, uses: int | None = None) -> str:
    code = new_invite_code()
    storage.create_invite(community, digest(normalise_invite(code)), expiry("1d"), uses)
    return code


def _postgres_schema(cluster: pg.Cluster, name: str) -> str:
    import psycopg

    with psycopg.connect(cluster.url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')  # a name made here, not user input
    return f"{cluster.url}?options=-csearch_path%3D{name}"


# --- 1. many devices ---------------------------------------------------------------------


@dataclass
class Device:
    name: str
    client: httpx.AsyncClient
    joined: bool = False
    seq: int = 0
    cursor: int = 0


@dataclass
class Phase:
    storage: str
    devices: int
    name: str
    seconds: float
    latencies_ms: list[float]
    errors: int = 0
    items: int = 0  # changesets received (pulls)
    note: str = ""

    def quantile(self, q: float) -> float:
        cuts = statistics.quantiles(self.latencies_ms, n=100, method="inclusive")
        return cuts[round(q * 100) - 1]


@dataclass
class Load:
    url: str
    community: str
    devices: list[Device] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    items: int = 0

    async def timed(self, request: Awaitable[httpx.Response]) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await request
        except httpx.HTTPError:
            self.errors += 1
            return None
        self.latencies.append((time.perf_counter() - started) * 1000)
        if not response.is_success:
            self.errors += 1
            return None
        return response

    def connect(self, count: int) -> None:
        """A client per device, made before the clock starts (each costs ~10 ms of CPU)."""
        self.devices = [
            Device(
                f"bench-{i:04d}",
                httpx.AsyncClient(
                    base_url=self.url,
                    timeout=60,
                    limits=httpx.Limits(max_connections=1),
                    headers={"User-Agent": "kring-bench"},
                ),
            )
            for i in range(count)
        ]

    async def join(self, code: str, device: Device) -> None:
        response = await self.timed(
            device.client.post(
                "/v1/join", json={"invite": code, "device": device.name, "name": device.name}
            )
        )
        if response is not None:
            device.client.headers["Authorization"] = f"Bearer {response.json()['token']}"
            device.joined = True

    async def push(self, device: Device, rounds: int) -> None:
        for _ in range(rounds):
            first, last = device.seq + 1, device.seq + OPS_PER_CHANGESET
            await self.timed(
                device.client.put(
                    f"/v1/communities/{self.community}/changesets",
                    params={"device": device.name, "first": first, "last": last},
                    content=secrets.token_bytes(PAYLOAD),
                    headers={"Content-Type": "application/octet-stream"},
                )
            )
            device.seq = last

    async def pull(self, device: Device, rounds: int) -> None:
        for _ in range(rounds):
            response = await self.timed(
                device.client.get(
                    f"/v1/communities/{self.community}/changesets",
                    params={"after": device.cursor, "limit": PAGE, "exclude": device.name},
                )
            )
            if response is not None:
                body = response.json()
                self.items += len(body["changesets"])
                device.cursor = body["next_cursor"]


async def _phase(load: Load, run: Callable[[int], Awaitable[None]], count: int) -> float:
    load.latencies, load.errors, load.items = [], 0, 0
    started = time.perf_counter()
    await asyncio.gather(*(run(i) for i in range(count)))
    return time.perf_counter() - started


async def _devices_load(url: str, community: str, code: str, n: int, rounds: int, storage: str):
    load = Load(url, community)
    phases = []

    def phase(name: str, seconds: float, note: str = "") -> Phase:
        result = Phase(storage, n, name, seconds, load.latencies, load.errors, load.items, note)
        phases.append(result)
        return result

    load.connect(n)
    phase("join", await _phase(load, lambda i: load.join(code, load.devices[i]), n))
    devices = [d for d in load.devices if d.joined]
    phase("push", await _phase(load, lambda i: load.push(devices[i], rounds), len(devices)))
    seconds = await _phase(load, lambda i: load.pull(devices[i], rounds), len(devices))
    phase("pull", seconds, f"{load.items / seconds:,.0f} changesets/s received")
    for device in load.devices:
        await device.client.aclose()
    return phases


def many_devices(kind: str, db: str, work: Path, counts: list[int], rounds: int) -> list[Phase]:
    results: list[Phase] = []
    storage = open_storage(db)
    try:
        with serving(db, work / f"server-{kind}.log") as url:
            for n in counts:
                _progress(f"{kind}: {n} devices join, push {rounds} and pull {rounds} each")
                community = storage.create_community(new_community_id(), f"Bench {n}").id
                code = invite(storage, community, uses=n)
                results += asyncio.run(_devices_load(url, community, code, n, rounds, kind))
    finally:
        storage.close()
    return results


# --- 2. a new device joins a big community ------------------------------------------------


@dataclass
class JoinResult:
    ops: int
    rows: str
    steps: list[tuple[str, float, str]]


def join_big(work: Path, target_ops: int) -> JoinResult:
    from app.services import demo, export, member_io, server_sync
    from app.services.workspace import Workspace
    from app.store import replica

    scale = target_ops / 100_000  # this demo's shape gives ~100,000 ops
    members, sessions, contributions = (round(n * scale) for n in (5_000, 70, 70_000))
    _progress(f"a demo community of ~{target_ops:,} ops")
    a = Workspace.open(work / "a", daily_backup=False)
    community = demo.create_demo(a, members=members, sessions=sessions, contributions=contributions)
    ops = replica.last_own_seq(a.store, community)
    db = f"sqlite:///{work / 'join.sqlite'}"
    storage = open_storage(db)
    steps: list[tuple[str, float, str]] = []
    opened = [a]

    def step(name: str, action: Callable[[], object], note: Callable[[object], str]) -> None:
        _progress(name)
        started = time.perf_counter()
        result = action()
        steps.append((name, time.perf_counter() - started, note(result)))

    try:
        with serving(db, work / "server-join.log") as url:
            on_server = storage.create_community(new_community_id(), "Groot").id
            step(
                f"first device joins and sends its {ops:,} ops",
                lambda: server_sync.join_server(a, url, invite(storage, on_server), community),
                lambda r: f"{r.sync.sent:,} ops sent",
            )
            b = Workspace.open(work / "b", daily_backup=False)
            opened.append(b)
            step(
                "new device joins: replays every changeset",
                lambda: server_sync.join_server(b, url, invite(storage, on_server)),
                lambda r: f"{r.sync.received:,} ops applied",
            )
            step(
                "first device uploads a snapshot",
                lambda: server_sync.upload_snapshot(a, community),
                lambda _r: f"{len(storage.latest_snapshot(on_server).data) / 1e6:.1f} MB",
            )
            step(
                "server compacts (kring-server compact)",
                lambda: storage.compact(on_server),
                lambda r: f"{r[1]} changesets dropped",
            )
            csv = work / "tail.csv"
            csv.write_text(
                "name,email\n" + "".join(f"Nieuw {i},nieuw{i}@example.nl\n" for i in range(TAIL))
            )
            member_io.import_members(a, community, csv)
            step(
                f"first device sends a tail of {TAIL:,} ops",
                lambda: server_sync.sync_server(a, community),
                lambda r: f"{r.sent:,} ops sent",
            )
            c = Workspace.open(work / "c", daily_backup=False)
            opened.append(c)
            step(
                "new device joins: snapshot + tail",
                lambda: server_sync.join_server(c, url, invite(storage, on_server)),
                lambda r: (
                    f"snapshot loaded: {'yes' if r.sync.snapshot else 'NO'}, "
                    f"{r.sync.received:,} ops applied"
                ),
            )
            same = export.community_json(a, community) == export.community_json(c, community)
            rows = f"{members:,} members, {sessions} sessions, {contributions:,} contributions"
            rows += f"; joined copy identical to the source: {'yes' if same else 'NO'}"
    finally:
        storage.close()
        for ws in opened:
            ws.close()
    return JoinResult(ops, rows, steps)


# --- the run ------------------------------------------------------------------------------


def run(
    *,
    counts: list[int] | None = None,
    rounds: int = 10,
    kinds: list[str] | None = None,
    join_ops: int = 100_000,
    join: bool = True,
) -> None:
    started = time.perf_counter()
    counts = counts or [50, 200]
    kinds = kinds or ["sqlite", "postgresql"]
    work = Path(tempfile.mkdtemp(prefix="kring-serverbench-"))
    phases: list[Phase] = []
    skipped: list[str] = []
    try:
        for kind in kinds:
            if kind == "sqlite":
                db = f"sqlite:///{work / 'devices.sqlite'}"
                phases += many_devices(kind, db, work, counts, rounds)
            elif pg.find_binaries() is None:
                skipped.append("PostgreSQL: initdb/pg_ctl not installed (Debian: postgresql)")
            else:
                _progress("starting a throwaway PostgreSQL cluster")
                cluster = pg.start()
                try:
                    db = _postgres_schema(cluster, "kring_bench")
                    phases += many_devices(kind, db, work, counts, rounds)
                finally:
                    cluster.stop()
        print_devices(phases, rounds, skipped)
        sys.stdout.flush()
        if join:
            print_join(join_big(work, join_ops))
        print(f"(server benchmarks took {time.perf_counter() - started:.0f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_devices(phases: list[Phase], rounds: int, skipped: list[str]) -> None:
    print()
    print(
        f"Kring sync server: devices on 127.0.0.1, one server process; each device joins, "
        f"pushes {rounds} changesets of {PAYLOAD} B, then pulls {rounds} pages of up to "
        f"{PAGE} (no targets)"
    )
    print(
        f"{'storage':<11} {'devices':>7} {'phase':<5} {'requests':>8} {'seconds':>8} "
        f"{'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}  note"
    )
    for p in phases:
        done = len(p.latencies_ms)
        errors = f"{p.errors} failed; " if p.errors else ""
        print(
            f"{p.storage:<11} {p.devices:>7} {p.name:<5} {done:>8,} {p.seconds:>8.2f} "
            f"{done / p.seconds:>7,.0f} {p.quantile(0.5):>7.1f} {p.quantile(0.99):>7.1f}  "
            f"{errors}{p.note}"
        )
    for line in skipped:
        print(f"skipped: {line}")


def print_join(r: JoinResult) -> None:
    print()
    print(f"A new device joins a community of {r.ops:,} ops (SQLite server; {r.rows})")
    print(f"{'step':<48} {'seconds':>8}  note")
    for name, seconds, note in r.steps:
        print(f"{name:<48} {seconds:>8.2f}  {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.server_bench")
    parser.add_argument("--devices", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--rounds", type=int, default=10, help="pushes and pulls per device")
    parser.add_argument(
        "--storage", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"]
    )
    parser.add_argument("--join-ops", type=int, default=100_000, help="size of the big community")
    parser.add_argument("--no-join", action="store_true", help="skip the big community's join")
    args = parser.parse_args(argv)
    run(
        counts=args.devices,
        rounds=args.rounds,
        kinds=args.storage,
        join_ops=args.join_ops,
        join=not args.no_join,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
