"""`kring sync` and `kring join` as real processes: data folders meeting through a shared folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.services import communities, members
from app.services import export as export_service
from app.services.workspace import Workspace
from app.sync import changeset
from app.sync.clock import Stamp
from app.sync.ops import Op

ROOT = Path(__file__).resolve().parents[2]
STRANGER = "01a20000-0000-7000-8000-00000000abcd"


@pytest.fixture
def shared(tmp_path) -> Path:
    path = tmp_path / "shared"
    path.mkdir()
    return path


@pytest.fixture
def kring(tmp_path):
    def run(data: str, *args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "kring", "--data-dir", str(tmp_path / data), *map(str, args)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
            env={**os.environ, "KRING_LANG": "en"},
        )
        assert result.returncode == code, result.stderr
        return result

    return run


@pytest.fixture
def local(tmp_path):
    """The same data folders opened in this process, for setting up and reading back."""

    @contextmanager
    def open_ws(data: str) -> Iterator[Workspace]:
        ws = Workspace.open(tmp_path / data, daily_backup=False)
        try:
            yield ws
        finally:
            ws.close()

    return open_ws


@pytest.fixture
def founded(kring, local, shared):
    """Data folder a holds a community with a member, already sent to the shared folder."""
    with local("a") as ws:
        community = communities.create(ws, "Samen Sterker").id
        members.add(ws, community, "Anna")
    first = kring("a", "sync", "--community", community, "--folder", shared)
    assert first.stdout == "Sent 2 changes.\n" and first.stderr == ""
    return community


def export(local, data: str, community: str) -> str:
    with local(data) as ws:
        return export_service.community_json(ws, community)


def add_member(local, data: str, community: str, name: str) -> None:
    with local(data) as ws:
        members.add(ws, community, name)


def snapshot_of(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()
    }


def test_two_data_folders_sync_and_export_the_same_bytes(kring, shared, founded):
    community = founded
    assert (
        kring("b", "join", "--folder", shared, "--community", community).stdout == community + "\n"
    )
    kring("b", "member", "add", "--community", community, "--name", "Bram")
    assert kring("b", "sync", "--community", community).stdout == "Sent 1 change.\n"
    assert kring("a", "sync", "--community", community).stdout == "Received 1 change.\n"
    dumps = [kring(d, "export", "--community", community, "--json").stdout for d in "ab"]
    assert dumps[0] == dumps[1] and "Bram" in dumps[0]


def test_a_second_sync_prints_nothing_new_and_leaves_the_folder_alone(kring, shared, founded):
    before = snapshot_of(shared)
    again = kring("a", "sync", "--community", founded)
    assert (again.stdout, again.stderr) == ("Nothing new.\n", "")
    assert snapshot_of(shared) == before


def test_join_lists_the_communities_in_a_folder(kring, shared, founded):
    listed = kring("b", "join", "--folder", shared)
    assert listed.stdout == f"{founded}\tSamen Sterker\n"
    as_json = json.loads(kring("b", "join", "--folder", shared, "--json").stdout)
    assert as_json == [{"id": founded, "name": "Samen Sterker"}]


def test_joining_a_community_not_in_the_folder_exits_1(kring, shared, founded):
    result = kring("b", "join", "--folder", shared, "--community", "nope", code=1)
    assert "holds no community with id nope" in result.stderr


def test_sync_status_json_says_what_waits(kring, local, shared, founded):
    community = founded
    kring("b", "join", "--folder", shared, "--community", community)
    add_member(local, "a", community, "Bram")
    here = json.loads(kring("a", "sync", "status", "--community", community, "--json").stdout)
    assert (here["to_send"], here["to_receive"], here["open_conflicts"]) == (1, None, 0)
    assert here["folder"] == str(shared) and here["last_sync"]["sent"] == 2
    kring("a", "sync", "--community", community)
    there = json.loads(
        kring("b", "sync", "status", "--community", community, "--folder", shared, "--json").stdout
    )
    assert (there["to_send"], there["to_receive"]) == (0, 1)
    text = kring("b", "sync", "status", "--community", community).stdout
    assert "Changes waiting to be sent: 0" in text and "(this device)" in text


def test_a_missing_folder_exits_1_with_one_clear_line_and_changes_nothing(
    kring, local, tmp_path, founded
):
    community = founded
    add_member(local, "a", community, "Bram")
    before = export(local, "a", community)
    result = kring("a", "sync", "--community", community, "--folder", tmp_path / "usb", code=1)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "cannot be reached" in lines[0] and result.stdout == ""
    assert export(local, "a", community) == before
    status = json.loads(kring("a", "sync", "status", "--community", community, "--json").stdout)
    assert status["to_send"] == 1


def test_sync_without_a_community_is_a_usage_error(kring, shared):
    result = kring("a", "sync", "--folder", shared, code=2)
    assert "--community" in result.stderr


def put_changeset(shared: Path, community: str, op: Op, *, format_version: int = 1) -> None:
    blob = changeset.encode(community, op.device, [op])
    if format_version != changeset.FORMAT:
        blob = blob.replace(b'"format": 1', f'"format": {format_version}'.encode(), 1)
    target = shared / community / "devices" / op.device / "000000000001-000000000001.kcs"
    target.parent.mkdir(parents=True)
    target.write_bytes(blob)


def stranger_op(community: str, ahead_ms: int = 0) -> Op:
    stamp = Stamp(time.time_ns() // 1_000_000 + ahead_ms, 0, STRANGER).encode()
    data = {"community": community, "name": "Zed", "deleted": 0, "created_at": "2026-01-01"}
    return Op(STRANGER, 1, stamp, "member", "01a20000-0000-7000-8000-0000000000ff", data)


def test_changes_from_a_newer_kring_are_named_and_the_sync_still_succeeds(kring, shared, founded):
    put_changeset(shared, founded, stranger_op(founded), format_version=99)
    result = kring("a", "sync", "--community", founded)
    assert result.stdout == "Nothing new.\n"
    assert result.stderr == f"Update Kring to read the changes from device {STRANGER}.\n"


def test_a_device_whose_clock_runs_ahead_waits_with_a_clear_line(kring, local, shared, founded):
    put_changeset(shared, founded, stranger_op(founded, ahead_ms=10 * 60 * 1000))
    result = kring("a", "sync", "--community", founded)
    assert result.stderr.startswith(
        f"Device {STRANGER}'s clock is more than 5 minutes ahead; its changes wait until "
    )
    assert "Zed" not in export(local, "a", founded)


def test_compacting_lets_a_new_data_folder_join_from_the_snapshot(kring, local, shared, founded):
    community = founded
    for name in ("Bram", "Cor"):
        add_member(local, "a", community, name)
        kring("a", "sync", "--community", community)
    done = kring("a", "sync", "--community", community, "--compact")
    assert done.stdout == (
        "Nothing new. Removed 2 old change files of this device; a snapshot holds them.\n"
    )
    devices = shared / community / "devices"
    assert len(list(devices.rglob("*.kcs"))) == 1
    kring("c", "join", "--folder", shared, "--community", community)
    assert export(local, "c", community) == export(local, "a", community)
