"""Killing Kring mid-write, dozens of times, loses no reported write and leaves a sound file."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services import communities, search, sessions
from app.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
KILLS = 30

# One process, many writes: each id is printed only after capture() has returned,
# i.e. after its transaction committed.
DRIVER = """
import sys
from app.services import contributions
from app.services.workspace import Workspace

data_dir, community, session, run = sys.argv[1:5]
ws = Workspace.open(data_dir, daily_backup=False)
n = 0
while True:
    token = f"noodstop{int(run):02d}x{n:06d}"
    changes = contributions.capture(ws, community, f"Idee {token} voor de wijk", session=session)
    print(f"{changes.id}\\t{token}", flush=True)
    n += 1
"""


def start_writer(data: Path, community: str, session: str, run: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(data), community, session, str(run)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "KRING_LANG": "en", "PYTHONPATH": str(ROOT)},
    )


def read_first_line(proc: subprocess.Popen, timeout: float = 30.0) -> bytes:
    """What the writer printed up to and including its first full line."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + timeout
    buffer = b""
    while b"\n" not in buffer:
        left = deadline - time.monotonic()
        ready, _w, _x = select.select([fd], [], [], max(0.0, left))
        if not ready:
            pytest.fail("the writer printed nothing in time")
        chunk = os.read(fd, 65536)
        if not chunk:
            pytest.fail(f"the writer stopped by itself: {proc.communicate()[1].decode()}")
        buffer += chunk
    return buffer


def reported(output: bytes) -> list[tuple[str, str]]:
    """(id, token) of every complete line; a line cut off by the kill is not a report."""
    lines = output.decode().split("\n")[:-1]
    pairs = [tuple(line.split("\t")) for line in lines]
    assert all(len(p) == 2 and len(p[0]) == 36 for p in pairs), lines
    return pairs  # type: ignore[return-value]


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_killing_the_writer_loses_no_reported_write(tmp_path):
    data = tmp_path / "data"
    ws = Workspace.open(data, daily_backup=False)
    community = communities.create(ws, "Noodstop").id
    session = sessions.add(ws, community, "Avond").id
    ws.close()

    rng = random.Random(2026)
    written: list[tuple[str, str]] = []
    for run in range(KILLS):
        proc = start_writer(data, community, session, run)
        try:
            output = read_first_line(proc)
            time.sleep(rng.uniform(0.05, 0.4))
            proc.send_signal(signal.SIGKILL)
            rest, errors = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert proc.returncode == -signal.SIGKILL, errors.decode()
        written += reported(output + rest)

    assert len(written) > KILLS
    ws = Workspace.open(data, daily_backup=False)
    try:
        assert ws.store.integrity_check() == "ok"
        # With rank 1, FTS5 also checks its index against the contribution table itself.
        ws.store.conn.execute(
            "INSERT INTO contribution_fts(contribution_fts, rank) VALUES ('integrity-check', 1)"
        )
        for row_id, token in written:
            row = ws.store.get("contribution", row_id)
            assert row is not None, f"{token} was reported but is gone"
            assert token in row["text"]
        last_id, last_token = written[-1]
        assert [h.id for h in search.search(ws, community, last_token)] == [last_id]
        for row_id, token in rng.sample(written, min(200, len(written))):
            assert [h.id for h in search.search(ws, community, token)] == [row_id], token
    finally:
        ws.close()
