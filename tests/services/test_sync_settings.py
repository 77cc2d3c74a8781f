"""Sync settings per community: targets, what waits, one sync through all targets, history."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import ValidationError
from app.services import communities, conflicts, export, members, sync, sync_settings
from app.services.sync_settings import HISTORY_LIMIT, HistoryEntry
from app.services.workspace import Workspace
from app.store import replica
from app.sync.merge import field_clock


def test_a_community_starts_with_no_targets_and_everything_waiting(ws, community):
    assert not sync_settings.targets(ws, community)
    state = sync_settings.state(ws, community)
    assert state.waiting > 0
    assert state.last_synced is None and state.last_error is None and state.conflicts == 0


def test_the_folder_is_kept_absolute_and_can_be_removed(ws, community, shared, monkeypatch):
    monkeypatch.chdir(shared.parent)
    assert sync_settings.set_folder(ws, community, "shared").folder == str(shared)
    assert sync_settings.remove_folder(ws, community).folder is None


def test_a_file_or_the_data_folder_is_refused_as_shared_folder(ws, community, data_dir, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(ValidationError, match="is a file"):
        sync_settings.set_folder(ws, community, a_file)
    with pytest.raises(ValidationError, match="own data folder"):
        sync_settings.set_folder(ws, community, data_dir / "sub")
    with pytest.raises(ValidationError, match="Choose a shared folder"):
        sync_settings.set_folder(ws, community, "  ")


def test_sync_all_makes_two_replicas_converge_and_records_what_it_did(ws, community, other, shared):
    sync_settings.set_folder(ws, community, shared)
    waiting = sync_settings.waiting(ws, community)
    [first] = sync_settings.sync_all(ws, community)
    assert first.ok and first.sent == waiting and first.target == "folder"
    assert sync_settings.waiting(ws, community) == 0

    sync.join_folder(other, shared, community)
    members.add(other, community, "Femke de Boer")
    assert sync_settings.waiting(other, community) > 0
    sync_settings.sync_all(other, community)
    [second] = sync_settings.sync_all(ws, community)

    assert second.received > 0 and second.message.startswith("Received")
    assert export.community_json(ws, community) == export.community_json(other, community)
    assert [e.at for e in sync_settings.history(ws, community)] == [second.at, first.at]
    assert sync_settings.state(ws, community).last_synced == second.at


def test_a_folder_gone_is_recorded_in_words_and_the_data_stays(ws, community, shared):
    sync_settings.set_folder(ws, community, shared)
    shared.rmdir()
    before = export.community_json(ws, community)
    [entry] = sync_settings.sync_all(ws, community)
    assert not entry.ok and "shared folder" in entry.message.lower()
    assert export.community_json(ws, community) == before
    assert sync_settings.state(ws, community).last_error == entry.message


def test_only_the_last_syncs_are_kept(ws, community):
    for n in range(HISTORY_LIMIT + 5):
        sync_settings.record(ws, community, HistoryEntry(f"2026-01-01T00:00:{n:02d}Z", "folder",
                                                         "/x", True, "Nothing new."))  # fmt: skip
    kept = sync_settings.history(ws, community)
    assert len(kept) == HISTORY_LIMIT
    assert kept[0].at == f"2026-01-01T00:00:{HISTORY_LIMIT + 4:02d}Z"


def test_sync_all_refuses_a_community_without_targets(ws, community):
    with pytest.raises(Exception, match="not set up to sync"):
        sync_settings.sync_all(ws, community)


def test_catch_up_moves_the_clock_past_what_another_workspace_received(
    ws, community, data_dir, other, shared
):
    sync_settings.set_folder(ws, community, shared)
    sync_settings.sync_all(ws, community)
    sync.join_folder(other, shared, community)
    other.store.clock.last = other.store.clock.last.__class__(
        other.store.clock.last.ms + 60_000, 0, other.store.device_id
    )  # the other laptop's clock runs a minute ahead
    member = members.add(other, community, "Femke de Boer", email="oud@example.org").id
    sync_settings.sync_all(other, community)
    worker = Workspace.open(data_dir, daily_backup=False)  # as the app's worker thread does
    sync_settings.sync_all(worker, community)
    worker.close()

    arrived = field_clock(replica.row_state(ws.store, "member", member)[1], "email")[0]
    assert ws.store.clock.now().encode() < arrived  # the GUI's clock lags what arrived
    sync_settings.catch_up(ws)
    assert ws.store.clock.now().encode() > arrived


def test_origin_and_merge_start_of_a_conflict(ws, community):
    stamp = ws.store.clock.now().encode()
    found = conflicts.origin(ws, stamp)
    assert found.this_device and found.at.endswith("Z")
    assert conflicts.origin(ws, None).at is None
    c = conflicts.Conflict("c", "question", "q", "description", "Vraag", "Description",
                           "mine", "theirs", None, None, None)  # fmt: skip
    assert conflicts.merge_start(c) == "mine\n\ntheirs"
    short = conflicts.Conflict("c", "member", "m", "email", "Anna", "Email", "a@x.nl", "b@x.nl",
                               None, None, None)  # fmt: skip
    assert conflicts.merge_start(short) == "a@x.nl"
    values = conflicts.Conflict("c", "community", "k", "shared_values", "Kring", "Values",
                                "Samen", "Open", None, None, None)  # fmt: skip
    assert conflicts.merge_start(values) == "Samen\n\nOpen"  # every long text, as the schema says


def test_a_second_community_has_its_own_settings(ws, community, shared):
    second = communities.create(ws, "Wijkteam Noord").id
    sync_settings.set_folder(ws, community, shared)
    assert not sync_settings.targets(ws, second)


def test_a_folder_kring_may_not_look_into_is_not_reachable(tmp_path, monkeypatch):
    def refused(self):
        raise PermissionError(13, "Permission denied", str(self))

    assert sync_settings.folder_reachable(str(tmp_path)) is True
    monkeypatch.setattr(Path, "is_dir", refused)  # as a share whose parent is locked
    assert sync_settings.folder_reachable(str(tmp_path / "shared")) is False


def test_what_a_sync_could_not_read_is_said_without_device_ids():
    from app.sync.engine import SyncReport

    report = SyncReport(received=2, too_new={"01a2b3"}, held={"09ff"}, rejected=["x.kcs"])
    said = sync_settings.describe(report)
    assert "01a2b3" not in said and "09ff" not in said
    assert "Another laptop uses a newer Kring" in said
    assert "clock is more than 5 minutes ahead" in said
    assert "left alone" in said
