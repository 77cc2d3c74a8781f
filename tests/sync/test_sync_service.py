"""The sync services on temporary folders: join, status, snapshots, compaction, quiet re-syncs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.domain.errors import KringError, NotFound
from app.services import communities, export, members, questions
from app.services import sync as sync_service
from app.services.workspace import Workspace
from app.store import replica
from app.sync import crypto
from app.sync.crypto import CommunityKey, KeyRing
from app.sync.transport import TransportError


@pytest.fixture
def open_ws(tmp_path):
    opened: list[Workspace] = []

    def open_one(name: str) -> Workspace:
        ws = Workspace.open(tmp_path / name, daily_backup=False)
        opened.append(ws)
        return ws

    yield open_one
    for ws in opened:
        ws.close()


@pytest.fixture
def founded(open_ws, shared):
    """Device a created a community with a member and sent it to the shared folder."""
    a = open_ws("a")
    community = communities.create(a, "Samen Sterker", purpose="Buren helpen buren").id
    members.add(a, community, "Anna", email="anna@example.nl")
    sync_service.sync_folder(a, community, shared)
    return a, community


def settle(community, *replicas) -> None:
    """Sync every replica until a whole round moves nothing (a merge may write anew)."""
    for _ in range(8):
        reports = [sync_service.sync_folder(ws, community) for ws in replicas]
        if not any(r.sent or r.received for r in reports):
            return
    raise AssertionError("the replicas kept exchanging changes")


def dump(ws, community) -> str:
    return export.community_json(ws, community)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def own_changesets(folder: Path, community: str, ws) -> list[str]:
    return sorted(p.name for p in (folder / community / "devices" / ws.device_id).glob("*.kcs"))


# --- joining -----------------------------------------------------------------------------


def test_joining_from_a_folder_makes_an_identical_replica(founded, open_ws, shared):
    a, community = founded
    b = open_ws("b")
    changes = sync_service.join_folder(b, shared, community)
    assert changes.id == community and changes.created == (community,)
    assert dump(b, community) == dump(a, community)


def test_joining_twice_changes_nothing(founded, open_ws, shared):
    _a, community = founded
    b = open_ws("b")
    sync_service.join_folder(b, shared, community)
    before = dump(b, community)
    again = sync_service.join_folder(b, shared, community)
    assert again.created == () and dump(b, community) == before


def test_joining_a_community_the_folder_does_not_hold_is_refused(founded, open_ws, shared):
    b = open_ws("b")
    with pytest.raises(NotFound, match="holds no community"):
        sync_service.join_folder(b, shared, "01a2-not-here")
    assert communities.list_all(b) == []


def test_a_folder_lists_its_communities_by_their_latest_name(founded, open_ws, shared):
    a, community = founded
    other = communities.create(a, "Anders").id
    sync_service.sync_folder(a, other, shared)
    communities.update(a, community, name="Samen Sterker Oost")
    sync_service.sync_folder(a, community)
    assert sync_service.communities_in_folder(shared) == [
        {"id": other, "name": "Anders"},
        {"id": community, "name": "Samen Sterker Oost"},
    ]


# --- status and the remembered folder ----------------------------------------------------


def test_sync_remembers_the_folder_for_the_next_sync(founded):
    a, community = founded
    members.add(a, community, "Bram")
    report = sync_service.sync_folder(a, community)
    assert report.sent == 1


def test_syncing_without_a_folder_ever_given_asks_for_one(open_ws):
    a = open_ws("a")
    community = communities.create(a, "Samen Sterker").id
    with pytest.raises(KringError, match="--folder"):
        sync_service.sync_folder(a, community)


def test_status_counts_changes_to_send_and_receive_and_open_conflicts(founded, open_ws, shared):
    a, community = founded
    b = open_ws("b")
    sync_service.join_folder(b, shared, community)
    anna = members.list_members(a, community)[0].id
    members.update(a, anna, department="Zorg")
    members.update(b, anna, department="Welzijn")
    members.add(b, community, "Bram")
    assert sync_service.status(b, community)["to_send"] == 2
    sync_service.sync_folder(b, community)
    before = sync_service.status(a, community, shared)
    assert (before["to_send"], before["to_receive"], before["open_conflicts"]) == (1, 2, 0)
    sync_service.sync_folder(a, community)
    after = sync_service.status(a, community)
    assert (after["to_send"], after["open_conflicts"]) == (0, 1)
    assert after["last_sync"]["received"] == 2 and after["folder"] == str(shared)
    devices = {d["device"]: d for d in after["devices"]}
    assert devices[a.device_id]["this_device"] and devices[b.device_id]["applied"] == 2


def test_a_missing_folder_is_a_clear_error_and_changes_nothing(founded, tmp_path):
    a, community = founded
    members.add(a, community, "Bram")
    before = dump(a, community)
    with pytest.raises(TransportError, match="cannot be reached"):
        sync_service.sync_folder(a, community, tmp_path / "usb-stick")
    assert dump(a, community) == before
    assert sync_service.status(a, community)["to_send"] == 1


def test_a_sync_with_nothing_new_writes_no_files(founded, open_ws, shared):
    a, community = founded
    b = open_ws("b")
    sync_service.join_folder(b, shared, community)
    settle(community, a, b)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in shared.rglob("*") if p.is_file()}
    for ws in (a, b):
        report = sync_service.sync_folder(ws, community)
        assert (report.sent, report.received, report.waiting) == (0, 0, 0)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in shared.rglob("*") if p.is_file()}
    assert after == before


# --- snapshots and compaction ------------------------------------------------------------


def test_a_new_device_joins_from_the_snapshot_and_sees_the_same_export(founded, open_ws, shared):
    a, community = founded
    b = open_ws("b")
    sync_service.join_folder(b, shared, community)
    q = questions.add(b, community, "Eenzaamheid", description="Ouderen voelen zich eenzaam.")
    anna = members.list_members(a, community)[0].id
    members.update(a, anna, department="Zorg")
    members.update(b, anna, department="Welzijn")
    members.delete(a, members.add(a, community, "Weg").id)
    settle(community, a, b)
    questions.update(a, q.id, description="Ouderen voelen zich vaak eenzaam.")
    settle(community, a, b)
    sync_service.compact(a, community)
    c = open_ws("c")
    sync_service.join_folder(c, shared, community)
    report = sync_service.sync_folder(c, community)  # already complete: nothing to add
    assert report.received == 0
    assert dump(c, community) == dump(a, community) == dump(b, community)
    assert [x["id"] for x in replica.conflicts(c.store, community)] == [
        x["id"] for x in replica.conflicts(a.store, community)
    ]


def test_joining_loads_the_snapshot_instead_of_every_changeset(founded, open_ws, shared):
    a, community = founded
    for n in range(3):
        members.add(a, community, f"Lid {n}")
        sync_service.sync_folder(a, community)
    sync_service.compact(a, community)
    c = open_ws("c")
    sync_service.join_folder(c, shared, community)
    assert replica.applied(c.store, community) == {
        a.device_id: replica.last_own_seq(a.store, community)
    }
    assert dump(c, community) == dump(a, community)


def test_compaction_keeps_files_a_known_device_has_not_applied(founded, open_ws, shared):
    a, community = founded
    b = open_ws("b")
    sync_service.join_folder(b, shared, community)  # b has applied a's first file only
    for name in ("Bram", "Cor"):
        members.add(a, community, name)
        sync_service.sync_folder(a, community)
    _first, *later = own_changesets(shared, community, a)
    done = sync_service.compact(a, community)
    assert (done.removed, done.waiting_for) == (1, [b.device_id])
    assert own_changesets(shared, community, a) == later and len(later) == 2


def test_compaction_deletes_only_own_files_every_device_has_applied(founded, open_ws, shared):
    a, community = founded
    b = open_ws("b")
    sync_service.join_folder(b, shared, community)
    for name in ("Bram", "Cor"):
        members.add(a, community, name)
        members.add(b, community, f"{name} B")
        settle(community, a, b)
    b_files = files(shared / community / "devices" / b.device_id)
    newest = own_changesets(shared, community, a)[-1]
    done = sync_service.compact(a, community)
    assert done.removed == 2 and done.waiting_for == []
    assert own_changesets(shared, community, a) == [newest]
    assert files(shared / community / "devices" / b.device_id) == b_files
    assert len(list((shared / community / "snapshots").glob("*.kss"))) == 1


def test_a_second_compaction_replaces_the_devices_own_snapshot(founded, shared):
    a, community = founded
    first = sync_service.compact(a, community).snapshot
    assert sync_service.compact(a, community).snapshot == first  # nothing new: same file
    members.add(a, community, "Bram")
    second = sync_service.compact(a, community).snapshot
    assert second != first
    assert [p.name for p in (shared / community / "snapshots").iterdir()] == [Path(second).name]


def test_a_late_device_converges_through_the_snapshot_after_compaction(founded, open_ws, shared):
    a, community = founded
    b, c = open_ws("b"), open_ws("c")
    for ws in (b, c):
        sync_service.join_folder(ws, shared, community)
    anna = members.list_members(a, community)[0].id
    # c goes away for a long time; its laptop's folder is cleared from the shared folder.
    shutil.rmtree(shared / community / "devices" / c.device_id)
    members.update(c, anna, phone="+31 6 1234 5678")
    members.update(c, anna, department="Welzijn")
    for n in range(3):
        members.add(a, community, f"Lid {n}")
        members.update(b, anna, department=f"Zorg {n}")
        settle(community, a, b)
    for ws in (a, b):
        assert sync_service.compact(ws, community).removed >= 2
    report = sync_service.sync_folder(c, community)
    assert report.snapshot is not None
    settle(community, a, b, c)
    assert dump(a, community) == dump(b, community) == dump(c, community)
    anna_now = members.get(c, anna)
    assert (anna_now.phone, anna_now.department) == ("+31 6 1234 5678", "Zorg 2")
    for ws in (a, c):  # c's offline department lost to b's later one: kept as a conflict
        assert [x["loser_value"] for x in replica.conflicts(ws.store, community)] == ["Welzijn"]


def test_a_half_copied_snapshot_is_passed_over(founded, open_ws, shared):
    a, community = founded
    sync_service.compact(a, community)
    good = next((shared / community / "snapshots").glob("*.kss"))
    stranger = "01a20000-0000-7000-8000-000000000000"
    truncated = good.with_name(f"{stranger}-ffffffffffffffff.kss")
    truncated.write_bytes(good.read_bytes()[:-10])
    c = open_ws("c")
    sync_service.join_folder(c, shared, community)
    assert dump(c, community) == dump(a, community)


def test_a_stale_device_takes_later_values_from_the_snapshot_without_false_conflicts(
    founded, open_ws, shared
):
    a, community = founded
    c = open_ws("c")
    sync_service.join_folder(c, shared, community)
    anna = members.list_members(a, community)[0].id
    members.update(a, anna, department="Zorg")
    sync_service.sync_folder(a, community)
    sync_service.sync_folder(c, community)
    shutil.rmtree(shared / community / "devices" / c.device_id)  # c is away, forgotten
    for department in ("Welzijn", "Jeugd"):  # two edits on top of the one c has
        members.update(a, anna, department=department)
        sync_service.sync_folder(a, community)
    assert sync_service.compact(a, community).removed >= 2
    report = sync_service.sync_folder(c, community)
    assert report.snapshot is not None
    assert members.get(c, anna).department == "Jeugd"
    assert replica.conflicts(c.store, community) == []
    assert dump(c, community) == dump(a, community)


def test_the_snapshot_of_an_encrypted_community_is_sealed_with_its_key(founded, open_ws, shared):
    a, community = founded
    key = CommunityKey.generate()
    crypto.save_local_keys(a.store, community, KeyRing([key], key.key_id))
    for name in ("Bram", "Cor"):
        members.add(a, community, name)
        sync_service.sync_folder(a, community)
    done = sync_service.compact(a, community)
    assert done.removed == 2 and b"Anna" not in Path(done.snapshot).read_bytes()
    without_key = open_ws("d")
    with pytest.raises(KringError, match="could be read"):
        sync_service.join_folder(without_key, shared, community)
    c = open_ws("c")
    crypto.save_local_keys(c.store, community, KeyRing([key], key.key_id))
    sync_service.join_folder(c, shared, community)
    assert dump(c, community) == dump(a, community)


def test_a_stale_devices_text_edit_reaches_the_text_or_the_conflicts_after_a_snapshot(
    founded, open_ws, shared
):
    a, community = founded
    text = "Een. Twee. Drie. Vier. Vijf. Zes. Zeven."
    q = questions.add(a, community, "Eenzaamheid", description=text).id
    sync_service.sync_folder(a, community)
    b, c = open_ws("b"), open_ws("c")
    for ws in (b, c):
        sync_service.join_folder(ws, shared, community)
    shutil.rmtree(shared / community / "devices" / c.device_id)
    questions.update(c, q, description=text.replace("Vier.", "Vier!"))
    questions.update(a, q, description=text.replace("Een.", "Een!"))
    questions.update(b, q, description=text.replace("Zeven.", "Zeven!"))
    for n in range(3):
        members.add(a, community, f"Lid {n}")
        settle(community, a, b)
    assert sync_service.compact(a, community).removed >= 2
    assert sync_service.sync_folder(c, community).snapshot is not None
    settle(community, a, b, c)
    final = {questions.get(ws, q).description for ws in (a, b, c)}
    assert len(final) == 1 and dump(c, community) == dump(a, community)
    # Each edit is in the text, or (a third concurrent branch, merged only pairwise)
    # in a conflict that every replica shows.
    (text_now,) = final
    for edit in ("Een!", "Vier!", "Zeven!"):
        for ws in (a, b, c):
            kept = {text_now} | {v for c_ in replica.conflicts(ws.store, community)
                                 for v in (c_["winner_value"], c_["loser_value"])}  # fmt: skip
            assert any(edit in (v or "") for v in kept), (edit, ws.device_id)
