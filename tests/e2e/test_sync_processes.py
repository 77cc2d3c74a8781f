"""Real `kring` processes syncing through one folder: sync-tool leftovers, and SIGKILL mid-sync."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def kring(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "kring", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, "KRING_LANG": "en"},
    )  # fmt: skip
    if check:
        assert result.returncode == 0, result.stderr
    return result


def converge(folder: Path, community: str, *datas: Path) -> list[str]:
    """Sync every copy until a whole round moves nothing; the exports of every copy."""
    for _round in range(8):
        outputs = [kring(d, "sync", "--community", community, "--folder", str(folder)).stdout
                   for d in datas]  # fmt: skip
        if all("Nothing new" in out for out in outputs):
            break
    return [kring(d, "export", "--community", community, "--json").stdout for d in datas]


def test_three_processes_converge_through_a_folder_with_conflict_copies_and_a_half_copied_file(
    tmp_path,
):
    folder = tmp_path / "shared"
    folder.mkdir()
    a, b, c = (tmp_path / name for name in "abc")
    community = kring(a, "community", "create", "--name", "Wijkteam").stdout.strip()
    anna = kring(a, "member", "add", "--community", community, "--name", "Anna").stdout.strip()
    kring(a, "sync", "--community", community, "--folder", str(folder))
    for data in (b, c):
        kring(data, "join", "--folder", str(folder), "--community", community)
    kring(a, "member", "update", anna, "--department", "Zorg")
    kring(b, "member", "update", anna, "--department", "Welzijn")
    kring(c, "member", "add", "--community", community, "--name", "Céline")
    for data in (a, b, c):
        kring(data, "sync", "--community", community, "--folder", str(folder))
    # Syncthing's conflict copy of one of a's changesets, and one of c's half copied.
    a_files = sorted((folder / community / "devices").glob("*/0*.kcs"))
    copy = a_files[0].with_name(a_files[0].stem + ".sync-conflict-20261122-101010-ABCDEF.kcs")
    shutil.copy(a_files[0], copy)
    with sqlite3.connect(c / "kring.sqlite") as db:
        (c_device,) = db.execute("SELECT value FROM _meta WHERE key = 'device_id'").fetchone()
    c_file = sorted((folder / community / "devices" / c_device).glob("0*.kcs"))[-1]
    whole = c_file.read_bytes()
    c_file.write_bytes(whole[: len(whole) // 2])
    waiting = kring(b, "sync", "--community", community, "--folder", str(folder))
    assert waiting.returncode == 0
    c_file.write_bytes(whole)  # the sync tool finishes copying
    exports = converge(folder, community, a, b, c)
    assert exports[0] == exports[1] == exports[2]
    dump = json.loads(exports[0])
    assert {m["name"] for m in dump["member"]} == {"Anna", "Céline"}
    conflicts = json.loads(kring(b, "conflicts", "list", "--community", community,
                                 "--json").stdout)  # fmt: skip
    assert [c_["field"] for c_ in conflicts] == ["department"]


def _seconds(args: list[str]) -> float:
    """How long `args` takes when left alone."""
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env={**os.environ, "KRING_LANG": "en"})
    return time.perf_counter() - started


def _kill_at_random(args: list[str], rng: random.Random, kills: int, whole: float) -> int:
    """Start the same sync again and again, SIGKILLed at a random moment of the `whole`
    seconds an uninterrupted run takes on this machine; how many died."""
    died = 0
    for _ in range(kills):
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env={**os.environ, "KRING_LANG": "en"})  # fmt: skip
        try:
            process.wait(timeout=rng.uniform(0.2, 0.9) * whole)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            died += 1
        process.wait(timeout=30)
    return died


def test_syncs_killed_while_writing_and_applying_still_converge(tmp_path):
    rng = random.Random(2026)
    folder = tmp_path / "shared"
    folder.mkdir()
    a, b = tmp_path / "a", tmp_path / "b"
    community = kring(a, "demo", "--members", "1500", "--sessions", "30",
                      "--contributions", "6000").stdout.strip()  # fmt: skip

    def sync(data: Path, into: Path) -> list[str]:
        return [sys.executable, "-m", "kring", "--data-dir", str(data), "sync", "--community",
                community, "--folder", str(into)]  # fmt: skip

    def join(data: Path, into: Path) -> list[str]:
        return [sys.executable, "-m", "kring", "--data-dir", str(data), "join", "--folder",
                str(into), "--community", community]  # fmt: skip

    # How long writing and applying take here, measured on copies, so that every kill below
    # lands inside the work however fast or slow this machine is.
    shutil.copytree(a, tmp_path / "a-probe")
    (tmp_path / "probe").mkdir()
    writing = _seconds(sync(tmp_path / "a-probe", tmp_path / "probe"))
    applying = _seconds(join(tmp_path / "b-probe", tmp_path / "probe"))

    died_writing = _kill_at_random(sync(a, folder), rng, 6, writing)
    kring(a, "sync", "--community", community, "--folder", str(folder))
    died_applying = _kill_at_random(join(b, folder), rng, 6, applying)
    assert died_writing > 0 and died_applying > 0, "make the work bigger: nothing was cut"
    kring(b, "join", "--folder", str(folder), "--community", community)
    exports = converge(folder, community, a, b)
    assert exports[0] == exports[1]
    assert len(json.loads(exports[0])["member"]) == 1500
    for data in (a, b):
        with sqlite3.connect(data / "kring.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    leftovers = [p for p in folder.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    # A killed writer may leave its temporary file: ignored by readers, never a changeset.
    assert all(p.name.startswith(".kring-") for p in leftovers)
