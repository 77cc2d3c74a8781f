"""Conflicts as a service: concurrent edits show up on every laptop, and their resolution syncs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.domain.errors import NotFound, ValidationError
from app.services import communities, export, members, questions
from app.services.conflicts import list_conflicts, list_notices, resolve
from app.services.workspace import Workspace
from app.store import replica
from app.sync.engine import sync
from app.sync.folder import FolderTransport


class Hiding(FolderTransport):
    """The shared folder as seen by a laptop whose sync tool has not fetched some devices yet."""

    def __init__(self, folder, hidden: set[str]) -> None:
        super().__init__(folder)
        self.hidden = hidden

    def available(self, community, exclude):
        return [r for r in super().available(community, exclude) if r.device not in self.hidden]


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "shared"
    path.mkdir()
    return FolderTransport(path)


@pytest.fixture
def trio(tmp_path, folder):
    replicas = [Workspace.open(tmp_path / name) for name in ("a", "b", "c")]
    community = communities.create(replicas[0], "Samen Sterker").id
    for ws in replicas:
        sync(ws.store, community, folder)
    yield (*replicas, community)
    for ws in replicas:
        ws.close()


def settle(folder, community, *replicas):
    """Sync every replica until a whole round moves nothing (a merge may write anew)."""
    for _ in range(8):
        reports = [sync(ws.store, community, folder) for ws in replicas]
        if not any(r.sent or r.received for r in reports):
            return
    raise AssertionError("the replicas kept exchanging changes")


def open_ids(ws, community):
    return [c.id for c in list_conflicts(ws, community)]


def concurrent_department(folder, community, a, b):
    """Anna's department set to different values on two laptops that had not synced."""
    anna = members.add(a, community, "Anna de Vries").id
    settle(folder, community, a, b)
    members.update(a, anna, department="Zorg")
    members.update(b, anna, department="Welzijn")
    return anna


def test_a_concurrent_edit_is_listed_on_both_laptops_with_labels(trio, folder):
    a, b, _c, community = trio
    anna = concurrent_department(folder, community, a, b)
    settle(folder, community, a, b)
    listed = [list_conflicts(ws, community) for ws in (a, b)]
    assert [c.id for c in listed[0]] == [c.id for c in listed[1]]
    (conflict,) = listed[0]
    winner = members.get(a, anna).department
    assert (conflict.table, conflict.row, conflict.field) == ("member", anna, "department")
    assert (conflict.record, conflict.field_label) == ("Anna de Vries", "department")
    assert conflict.current_value == winner
    assert {conflict.current_value, conflict.other_value} == {"Zorg", "Welzijn"}
    assert conflict.current_stamp > conflict.other_stamp


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_a_resolution_syncs_value_and_clears_the_conflict_everywhere(trio, folder, keep):
    a, b, _c, community = trio
    anna = concurrent_department(folder, community, a, b)
    settle(folder, community, a, b)
    (conflict,) = list_conflicts(a, community)
    chosen = conflict.current_value if keep == "mine" else conflict.other_value
    changes = resolve(a, conflict.id, keep=keep)
    assert changes.touches("member", "conflict") and anna in changes.ids
    assert members.get(a, anna).department == chosen
    assert open_ids(a, community) == []
    settle(folder, community, a, b)
    for ws in (a, b):
        assert members.get(ws, anna).department == chosen
        assert open_ids(ws, community) == []
    assert export.community_json(a, community) == export.community_json(b, community)


def test_keeping_mine_writes_one_op_that_travels_though_the_value_stays(trio, folder):
    a, b, _c, community = trio
    concurrent_department(folder, community, a, b)
    settle(folder, community, a, b)
    (conflict,) = list_conflicts(b, community)
    before = replica.last_own_seq(b.store, community)
    resolve(b, conflict.id, keep="mine")
    (op,) = replica.own_ops(b.store, community, after=before)
    assert op.data == {"department": conflict.current_value, "_resolves": [conflict.id]}
    assert op.base == {"department": conflict.current_stamp}
    assert sync(b.store, community, folder).sent == 1


def test_a_merged_text_is_kept_on_every_laptop(trio, folder):
    a, b, c, community = trio
    q = questions.add(a, community, "Eenzaamheid", description="Ouderen zijn eenzaam.").id
    settle(folder, community, a, b, c)
    # Both rewrite the same sentence: a 3-way merge cannot combine them.
    questions.update(a, q, description="Ouderen voelen zich eenzaam.")
    questions.update(b, q, description="Veel ouderen zijn alleen.")
    settle(folder, community, a, b, c)
    (conflict,) = list_conflicts(c, community)
    assert conflict.field_label == "description" and conflict.record == "Eenzaamheid"
    merged = "Veel ouderen voelen zich eenzaam en alleen."
    resolve(c, conflict.id, text=merged)
    settle(folder, community, a, b, c)
    for ws in (a, b, c):
        assert questions.get(ws, q).description == merged
        assert open_ids(ws, community) == []


def test_a_resolution_that_arrives_with_the_edit_it_resolves_leaves_nothing_open(trio, folder):
    a, b, _c, community = trio
    anna = concurrent_department(folder, community, a, b)
    sync(b.store, community, folder)  # b's edit reaches the folder ...
    sync(a.store, community, folder)  # ... a sees the conflict, a's edit is not sent yet
    assert open_ids(b, community) == []
    (conflict,) = list_conflicts(a, community)
    resolve(a, conflict.id, keep="theirs")
    # b receives a's edit and the resolution in one changeset.
    sync(a.store, community, folder)
    sync(b.store, community, folder)
    assert open_ids(b, community) == []
    assert replica.conflict(b.store, conflict.id)["resolved"] == 1
    assert members.get(b, anna).department == members.get(a, anna).department


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_a_resolution_that_arrives_before_the_conflict_leaves_nothing_open(trio, folder, keep):
    a, b, c, community = trio
    anna = members.add(a, community, "Anna").id
    settle(folder, community, a, b, c)
    members.update(a, anna, department="Zorg")
    members.update(b, anna, department="Welzijn")
    sync(a.store, community, folder)
    sync(b.store, community, folder)
    sync(c.store, community, folder)
    (conflict,) = list_conflicts(c, community)
    chosen = conflict.current_value if keep == "mine" else conflict.other_value
    resolve(c, conflict.id, keep=keep)
    sync(c.store, community, folder)
    # The laptop whose value lost gets c's resolution before the edit that beat it.
    loser, winner = (a, b) if members.get(a, anna).department == conflict.other_value else (b, a)
    sync(loser.store, community, Hiding(folder.folder, {winner.device_id}))
    assert replica.conflict(loser.store, conflict.id)["resolved"] == 1
    assert members.get(loser, anna).department == chosen
    assert open_ids(loser, community) == []
    settle(folder, community, a, b, c)
    for ws in (a, b, c):
        assert members.get(ws, anna).department == chosen
        assert open_ids(ws, community) == []
    dumps = {export.community_json(ws, community) for ws in (a, b, c)}
    assert len(dumps) == 1


def test_three_laptops_two_conflicts_on_one_field_resolve_one_at_a_time(trio, folder):
    a, b, c, community = trio
    anna = members.add(a, community, "Anna").id
    settle(folder, community, a, b, c)
    for ws, value in ((a, "Zorg"), (b, "Welzijn"), (c, "Wonen")):
        members.update(ws, anna, department=value)
    settle(folder, community, a, b, c)
    listed = [sorted(open_ids(ws, community)) for ws in (a, b, c)]
    assert len(listed[0]) == 2 and listed[0] == listed[1] == listed[2]
    first, second = list_conflicts(b, community)
    resolve(b, first.id, keep="theirs")
    settle(folder, community, a, b, c)
    for ws in (a, b, c):
        assert members.get(ws, anna).department == first.other_value
        assert open_ids(ws, community) == [second.id]
    resolve(a, second.id, keep="mine")
    settle(folder, community, a, b, c)
    for ws in (a, b, c):
        assert members.get(ws, anna).department == first.other_value
        assert open_ids(ws, community) == []


def test_resolving_an_unknown_or_settled_conflict_says_so(trio, folder):
    a, b, _c, community = trio
    concurrent_department(folder, community, a, b)
    settle(folder, community, a, b)
    with pytest.raises(NotFound):
        resolve(a, "no-such-conflict", keep="mine")
    (conflict,) = list_conflicts(a, community)
    with pytest.raises(ValidationError):
        resolve(a, conflict.id)
    with pytest.raises(ValidationError):
        resolve(a, conflict.id, keep="both")
    resolve(a, conflict.id, keep="mine")
    with pytest.raises(ValidationError, match="already been resolved"):
        resolve(a, conflict.id, keep="theirs")
    settle(folder, community, a, b)
    with pytest.raises(ValidationError, match="already been resolved"):
        resolve(b, conflict.id, keep="theirs")


def test_a_conflict_on_a_number_keeps_its_type(trio, folder):
    a, b, _c, community = trio
    q = questions.add(a, community, "Parkeren").id
    settle(folder, community, a, b)
    questions.update(a, q, urgency=3)
    questions.update(b, q, urgency=1)
    settle(folder, community, a, b)
    (conflict,) = list_conflicts(a, community)
    resolve(a, conflict.id, keep="theirs")
    settle(folder, community, a, b)
    assert questions.get(b, q).urgency == int(conflict.other_value)
    (again,) = _new_urgency_conflict(a, b, folder, community, q)
    with pytest.raises(ValidationError, match="whole number"):
        resolve(a, again.id, text="heel dringend")


def _new_urgency_conflict(a, b, folder, community, q):
    questions.update(a, q, urgency=2)
    questions.update(b, q, urgency=4 - questions.get(b, q).urgency)  # 1 or 3, not 2
    settle(folder, community, a, b)
    return list_conflicts(a, community)


def test_a_conflict_on_a_deleted_record_is_hidden_and_closing_it_keeps_it_deleted(trio, folder):
    a, b, _c, community = trio
    anna = concurrent_department(folder, community, a, b)
    settle(folder, community, a, b)
    (conflict,) = list_conflicts(a, community)
    members.delete(a, anna)
    settle(folder, community, a, b)
    assert list_conflicts(a, community) == list_conflicts(b, community) == []
    resolve(b, conflict.id, keep="theirs")
    settle(folder, community, a, b)
    for ws in (a, b):
        assert members.list_members(ws, community) == []
        assert replica.conflicts(ws.store, community) == []
    assert export.community_json(a, community) == export.community_json(b, community)


def test_an_edit_concurrent_with_a_delete_is_listed_as_a_notice(trio, folder):
    a, b, _c, community = trio
    anna = members.add(a, community, "Anna").id
    settle(folder, community, a, b)
    members.delete(a, anna)
    members.update(b, anna, notes="Komt terug")
    settle(folder, community, a, b)
    (notice,) = list_notices(a, community)
    assert (notice.kind, notice.row, notice.record) == ("revived", anna, "Anna")
    assert "Anna" in notice.message and "kept" in notice.message


# --- the command line, as real processes ---------------------------------------------


def kring(data, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kring", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, "KRING_LANG": "en"},
    )  # fmt: skip


def sync_dirs(folder, community, *data_dirs):
    """The sync itself runs in this process, on each laptop's data folder in turn."""
    for _ in range(2):
        for data in data_dirs:
            ws = Workspace.open(data)
            try:
                sync(ws.store, community, folder)
            finally:
                ws.close()


def test_the_cli_lists_and_resolves_conflicts(tmp_path, folder):
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    community = kring(a_dir, "community", "create", "--name", "Wijkteam").stdout.strip()
    anna = kring(a_dir, "member", "add", "--community", community, "--name", "Anna").stdout.strip()
    sync_dirs(folder, community, a_dir, b_dir)
    assert kring(a_dir, "member", "update", anna, "--department", "Zorg").returncode == 0
    assert kring(b_dir, "member", "update", anna, "--department", "Welzijn").returncode == 0
    sync_dirs(folder, community, a_dir, b_dir)

    listed = kring(a_dir, "conflicts", "list", "--community", community, "--json")
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert {"id", "table", "row", "field", "current_value", "other_value", "record",
            "field_label"} <= set(row)  # fmt: skip
    assert (row["table"], row["row"], row["field"], row["record"]) == (
        "member", anna, "department", "Anna")  # fmt: skip
    assert {row["current_value"], row["other_value"]} == {"Zorg", "Welzijn"}
    plain = kring(b_dir, "conflicts", "list", "--community", community)
    assert plain.stdout.split("\t")[0] == row["id"]

    done = kring(a_dir, "conflicts", "resolve", row["id"], "--keep", "theirs")
    assert done.returncode == 0, done.stderr
    again = kring(a_dir, "conflicts", "resolve", row["id"], "--keep", "mine")
    assert again.returncode == 1 and "already been resolved" in again.stderr
    sync_dirs(folder, community, a_dir, b_dir)
    for data in (a_dir, b_dir):
        listed = kring(data, "conflicts", "list", "--community", community, "--json")
        assert json.loads(listed.stdout) == []
        members_now = json.loads(
            kring(data, "member", "list", "--community", community, "--json").stdout
        )
        assert members_now[0]["department"] == row["other_value"]


def test_the_cli_resolves_with_a_merged_text_and_refuses_bad_requests(tmp_path, folder):
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    community = kring(a_dir, "community", "create", "--name", "Wijkteam").stdout.strip()
    anna = kring(a_dir, "member", "add", "--community", community, "--name", "Anna").stdout.strip()
    sync_dirs(folder, community, a_dir, b_dir)
    kring(a_dir, "member", "update", anna, "--organisation", "Buurthuis")
    kring(b_dir, "member", "update", anna, "--organisation", "Wijkcentrum")
    sync_dirs(folder, community, a_dir, b_dir)
    (row,) = json.loads(kring(b_dir, "conflicts", "list", "--community", community,
                              "--json").stdout)  # fmt: skip
    missing = kring(b_dir, "conflicts", "resolve", "nope", "--keep", "mine")
    assert missing.returncode == 1 and "no conflict" in missing.stderr
    both = kring(b_dir, "conflicts", "resolve", row["id"], "--keep", "mine", "--text", "x")
    assert both.returncode == 2
    done = kring(b_dir, "conflicts", "resolve", row["id"], "--text", "Buurthuis Wijkcentrum")
    assert done.returncode == 0, done.stderr
    sync_dirs(folder, community, a_dir, b_dir)
    for data in (a_dir, b_dir):
        shown = json.loads(kring(data, "member", "list", "--community", community,
                                 "--json").stdout)  # fmt: skip
        assert shown[0]["organisation"] == "Buurthuis Wijkcentrum"
        assert kring(data, "conflicts", "list", "--community", community).stdout == ""
