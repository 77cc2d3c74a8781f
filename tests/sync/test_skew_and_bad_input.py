"""Sync survives what a shared folder really holds: other Kring versions, junk, lies, lost disks."""

from __future__ import annotations

import builtins
import errno
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlite_utils

from app.services import communities, export, members
from app.services.workspace import Workspace
from app.store import replica, schema
from app.store.db import DB_NAME
from app.sync import changeset
from app.sync import folder as folder_module
from app.sync.clock import MAX_DRIFT_MS, Stamp
from app.sync.engine import sync
from app.sync.folder import FolderTransport
from app.sync.ops import Op
from app.sync.transport import TransportError

TEN_MINUTES = 10 * 60 * 1000


@pytest.fixture
def shared(tmp_path):
    path = tmp_path / "shared"
    path.mkdir()
    return FolderTransport(path)


@pytest.fixture
def pair(tmp_path, shared):
    a = Workspace.open(tmp_path / "a")
    b = Workspace.open(tmp_path / "b")
    community = communities.create(a, "Samen Sterker").id
    members.add(a, community, "Anna")
    sync(a.store, community, shared)
    sync(b.store, community, shared)
    yield a, b, community
    a.close()
    b.close()


def dump(ws, community) -> str:
    return export.community_json(ws, community)


def device_dir(shared, community, device) -> Path:
    return shared.folder / community / "devices" / device


def put(shared, community, device, first, last, blob: bytes, suffix: str = "") -> Path:
    """A file as a sync tool would deliver it into a device's directory."""
    target = device_dir(shared, community, device) / f"{first:012d}-{last:012d}{suffix}.kcs"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(blob)
    return target


def stamp(ms: int, device: str) -> str:
    return Stamp(ms, 0, device).encode()


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def files(shared, community, device) -> list[Path]:
    return sorted(device_dir(shared, community, device).glob("*.kcs"))


# --- schema skew ------------------------------------------------------------------------


def upgrade(path: Path, change) -> Workspace:
    """Simulate installing a newer Kring: change the schema, then open as the app would."""
    if not (path / DB_NAME).exists():
        Workspace.open(path).close()
    db = sqlite_utils.Database(path / DB_NAME)
    change(db)
    db.close()
    return Workspace.open(path)


def add_pronouns(db: sqlite_utils.Database) -> None:
    db["member"].add_column("pronouns", str)


@pytest.mark.parametrize("loser_first", [True, False])
def test_unknown_fields_wait_for_an_upgrade_then_merge_by_their_stamp(
    tmp_path, shared, loser_first
):
    a = Workspace.open(tmp_path / "a")
    community = communities.create(a, "Samen Sterker").id
    anna = members.add(a, community, "Anna").id
    sync(a.store, community, shared)
    c = upgrade(tmp_path / "c", add_pronouns)  # already runs the newer Kring
    created = replica.row_state(a.store, "member", anna)[1]["*"]
    # Two newer laptops set Anna's pronouns without seeing each other's edit.
    early, late = ("n0", "n1") if loser_first else ("n1", "n0")
    t = now_ms()
    base = {"department": created, "pronouns": created}
    loser = Op(early, 1, stamp(t, early), "member", anna,
               {"department": "Zorg", "pronouns": "zij/haar"}, base, None, 3)  # fmt: skip
    poll = Op(early, 2, stamp(t + 1, early), "poll", "p1",
              {"community": community, "question": "Koffie of thee?"}, None, None, 3)  # fmt: skip
    winner = Op(late, 1, stamp(t + 5, late), "member", anna, {"pronouns": "die/hen"},
                {"pronouns": created}, None, 3)  # fmt: skip
    put(shared, community, early, 1, 2, changeset.encode(community, early, [loser, poll]))
    put(shared, community, late, 1, 1, changeset.encode(community, late, [winner]))

    before = dump(a, community)
    report = sync(a.store, community, shared)
    assert report.waiting == 0 and not report.rejected
    assert members.get(a, anna).department == "Zorg"  # the fields it knows apply now
    kept = {(op.table, op.device): op.data for _c, op in replica.pending(a.store)}
    assert kept == {("member", early): {"pronouns": "zij/haar"},
                    ("member", late): {"pronouns": "die/hen"},
                    ("poll", early): poll.data}  # fmt: skip
    assert dump(a, community) != before
    a.close()

    a = upgrade(tmp_path / "a", add_pronouns)
    sync(c.store, community, shared)
    try:
        assert a.store.get("member", anna)["pronouns"] == "die/hen"
        assert [(op.table, op.row) for _c, op in replica.pending(a.store)] == [("poll", "p1")]
        # The same as a Kring that knew the field all along: value and conflict.
        assert dump(a, community) == dump(c, community)
        for ws in (a, c):
            (conflict,) = replica.conflicts(ws.store, community)
            assert (conflict["field"], conflict["loser_value"]) == ("pronouns", "zij/haar")
        assert a.store.get("member", anna)["pronouns"] == c.store.get("member", anna)["pronouns"]
    finally:
        a.close()
        c.close()


def test_a_record_of_an_unknown_table_appears_after_the_upgrade(tmp_path, shared, monkeypatch):
    a = Workspace.open(tmp_path / "a")
    community = communities.create(a, "Samen Sterker").id
    op = Op("n0", 1, stamp(now_ms(), "n0"), "poll", "p1",
            {"community": community, "question": "Koffie of thee?"}, None, None, 3)  # fmt: skip
    put(shared, community, "n0", 1, 1, changeset.encode(community, "n0", [op]))
    sync(a.store, community, shared)
    a.close()

    monkeypatch.setattr(schema, "SYNCED_TABLES", (*schema.SYNCED_TABLES, "poll"))

    def add_poll(db: sqlite_utils.Database) -> None:
        db["poll"].create({**schema.COMMON, "community": str, "question": str}, pk="id",
                          defaults={"deleted": 0})  # fmt: skip

    a = upgrade(tmp_path / "a", add_poll)
    try:
        assert a.store.get("poll", "p1")["question"] == "Koffie of thee?"
        assert replica.pending(a.store) == []
    finally:
        a.close()


# --- files that are not what they seem ----------------------------------------------------


def future_format(community: str, device: str) -> bytes:
    header = {"community": community, "device": device, "first": 1, "last": 1, "count": 1,
              "format": changeset.FORMAT + 1, "cipher": "a future one"}  # fmt: skip
    return changeset.MAGIC + json.dumps(header).encode() + b"\n" + os.urandom(64)


def test_a_changeset_of_a_newer_format_is_left_in_place_and_reported(pair, shared):
    a, b, community = pair
    newer = put(shared, community, "n0", 1, 1, future_format(community, "n0"))
    members.add(b, community, "Bram")
    sync(b.store, community, shared)
    report = sync(a.store, community, shared)
    assert report.too_new == {"n0"}
    assert newer.exists()
    assert "Bram" in [m.name for m in members.list_members(a, community)]
    members.add(b, community, "Carla")
    sync(b.store, community, shared)
    again = sync(a.store, community, shared)
    assert again.too_new == {"n0"} and again.received == 1
    assert newer.exists()


def test_garbage_and_bad_checksums_count_as_waiting_and_change_nothing(pair, shared):
    a, b, community = pair
    members.add(b, community, "Bram")
    sync(b.store, community, shared)
    (good,) = files(shared, community, b.device_id)
    blob = good.read_bytes()
    good.write_bytes(blob[:-1] + bytes([blob[-1] ^ 0xFF]))  # a bad checksum
    put(shared, community, "junk", 1, 3, os.urandom(300))
    put(shared, community, "junk2", 1, 1, b"")
    put(shared, community, "junk3", 1, 1, changeset.MAGIC + b"{not json\n")
    (device_dir(shared, community, "junk") / "notes.txt").write_text("hallo")
    (device_dir(shared, community, "junk") / ".syncthing.000001-000009.kcs.tmp").write_bytes(b"x")
    before = dump(a, community)
    report = sync(a.store, community, shared)
    assert report.waiting == 4 and report.received == 0
    assert dump(a, community) == before
    good.write_bytes(blob[: len(blob) // 2])  # half-copied by a sync tool
    assert sync(a.store, community, shared).received == 0
    assert dump(a, community) == before
    good.write_bytes(blob)  # the sync tool finishes
    assert sync(a.store, community, shared).received == 1
    assert "Bram" in [m.name for m in members.list_members(a, community)]


def test_a_changeset_claiming_another_device_or_community_is_rejected(pair, shared):
    a, b, community = pair
    members.add(b, community, "Bram")
    sync(b.store, community, shared)
    (real,) = files(shared, community, b.device_id)
    blob = real.read_bytes()
    real.unlink()
    liar = put(shared, community, "someone-else", 1, 1, blob)  # its header says b
    other = communities.create(b, "Ander Wijkteam").id
    sync(b.store, other, shared)
    (foreign,) = files(shared, other, b.device_id)  # b's, but of another community
    impostor = put(shared, community, b.device_id, 1, 1, foreign.read_bytes(),
                   suffix=".sync-conflict-20261122-101010-ABCDEF")  # fmt: skip
    before = dump(a, community)
    report = sync(a.store, community, shared)
    assert sorted(report.rejected) == sorted([str(liar), str(impostor)])
    assert report.received == 0 and dump(a, community) == before
    real.write_bytes(blob)
    assert sync(a.store, community, shared).received == 1
    assert "Bram" in [m.name for m in members.list_members(a, community)]


def test_a_stamp_far_in_the_future_is_held_until_the_clock_catches_up(pair, shared):
    a, b, community = pair
    ahead = TEN_MINUTES
    assert ahead > MAX_DRIFT_MS
    b.store.clock.wall_ms = lambda: now_ms() + ahead  # b's wall clock is ten minutes fast
    members.add(b, community, "Bram")
    sync(b.store, community, shared)
    before = dump(a, community)
    report = sync(a.store, community, shared)
    assert report.held == {b.device_id} and report.received == 0
    assert dump(a, community) == before
    assert sync(a.store, community, shared).held == {b.device_id}  # still held, no crash
    a.store.clock.wall_ms = lambda: now_ms() + ahead  # later: a's clock has caught up
    report = sync(a.store, community, shared)
    assert report.held == set() and report.received == 1
    assert "Bram" in [m.name for m in members.list_members(a, community)]


# --- the folder itself fails --------------------------------------------------------------


def check_failure(a, b, community, shared, message: str) -> None:
    """The sync failed clearly, and nothing was lost; call inside the failure."""
    members.add(a, community, "Dirk")
    before = dump(a, community), replica.last_own_seq(a.store, community)
    with pytest.raises(TransportError) as failed:
        sync(a.store, community, shared)
    text = str(failed.value)
    assert message in text and "Errno" not in text and "safe" in text
    assert (dump(a, community), replica.last_own_seq(a.store, community)) == before


def check_recovered(a, b, community, shared) -> None:
    assert sync(a.store, community, shared).sent >= 1
    sync(b.store, community, shared)
    assert "Dirk" in [m.name for m in members.list_members(b, community)]
    assert dump(a, community) == dump(b, community)


def test_a_folder_removed_between_syncs_raises_a_clear_error(pair, shared):
    a, b, community = pair
    saved = shared.folder.with_name("usb-stick-elsewhere")
    shutil.move(shared.folder, saved)  # the USB stick is pulled
    check_failure(a, b, community, shared, "cannot be reached")
    shutil.move(saved, shared.folder)
    check_recovered(a, b, community, shared)


def test_a_folder_removed_while_writing_raises_a_clear_error(pair, shared, monkeypatch):
    a, b, community = pair
    saved = shared.folder.with_name("usb-stick-elsewhere")

    def pulled(path, *args, **kwargs):
        shutil.move(shared.folder, saved)
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(folder_module, "open", pulled, raising=False)
    check_failure(a, b, community, shared, "cannot be reached")
    monkeypatch.undo()
    shutil.move(saved, shared.folder)
    check_recovered(a, b, community, shared)


def test_a_folder_removed_while_reading_leaves_the_changesets_waiting(pair, shared):
    a, b, community = pair
    members.add(b, community, "Bram")
    sync(b.store, community, shared)
    saved = shared.folder.with_name("usb-stick-elsewhere")
    before = dump(a, community)

    def pull_the_stick(fraction: float, device: str) -> None:
        if shared.folder.exists():
            shutil.move(shared.folder, saved)

    report = sync(a.store, community, shared, progress=pull_the_stick)
    assert report.received == 0 and report.waiting >= 1
    assert dump(a, community) == before
    shutil.move(saved, shared.folder)
    assert sync(a.store, community, shared).received == 1


def make_read_only(directory: Path) -> bool:
    """chmod the folder read-only; False when that does not stop writes (running as root)."""
    dirs = [directory, *(p for p in directory.rglob("*") if p.is_dir())]
    for d in dirs:
        d.chmod(0o555)
    probe = directory / ".kring-probe.tmp"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return True
    probe.unlink()
    for d in dirs:
        d.chmod(0o755)
    return False


def restore_permissions(directory: Path) -> None:
    for d in [directory, *(p for p in directory.rglob("*") if p.is_dir())]:
        d.chmod(0o755)


def test_a_read_only_folder_raises_a_clear_error(pair, shared, monkeypatch):
    a, b, community = pair
    if not make_read_only(shared.folder):

        def refuse(path, *args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

        monkeypatch.setattr(folder_module, "open", refuse, raising=False)
    try:
        check_failure(a, b, community, shared, "check its permissions")
    finally:
        monkeypatch.undo()
        restore_permissions(shared.folder)
    check_recovered(a, b, community, shared)


def test_a_full_disk_raises_a_clear_error_and_leaves_no_changeset(pair, shared, monkeypatch):
    a, b, community = pair

    class HalfFull:
        """A file on a disk with room for half of what is written."""

        def __init__(self, handle) -> None:
            self.handle = handle

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    @contextmanager
    def full_disk(path, mode):
        with builtins.open(path, mode) as handle:
            yield HalfFull(handle)

    monkeypatch.setattr(folder_module, "open", full_disk, raising=False)
    had = files(shared, community, a.device_id)
    check_failure(a, b, community, shared, "disk is full")
    monkeypatch.undo()
    assert files(shared, community, a.device_id) == had
    assert sync(b.store, community, shared).waiting == 0  # the half file is not read
    check_recovered(a, b, community, shared)
