"""Two laptops edit one community offline, then meet through a shared folder."""

from __future__ import annotations

import pytest

from app.services import attendance, communities, contributions, export, members, questions
from app.services import sessions as sessions_service
from app.services.workspace import Workspace
from app.store import replica
from app.sync.engine import sync
from app.sync.folder import FolderTransport


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "shared"
    path.mkdir()
    return FolderTransport(path)


@pytest.fixture
def pair(tmp_path, folder):
    a = Workspace.open(tmp_path / "a")
    b = Workspace.open(tmp_path / "b")
    community = communities.create(a, "Samen Sterker").id
    sync(a.store, community, folder)
    sync(b.store, community, folder)
    yield a, b, community
    a.close()
    b.close()


def settle(folder, community, *replicas):
    """Sync every replica until a whole round moves nothing (a merge may write anew)."""
    for _ in range(8):
        reports = [sync(ws.store, community, folder) for ws in replicas]
        if not any(r.sent or r.received for r in reports):
            return
    raise AssertionError("the replicas kept exchanging changes")


def dumps(community, *replicas):
    return [export.community_json(ws, community) for ws in replicas]


def test_a_new_replica_receives_everything(pair, folder):
    a, b, community = pair
    anna = members.add(a, community, "Anna Müller", email="anna@example.nl").id
    settle(folder, community, a, b)
    assert members.get(b, anna).name == "Anna Müller"
    first, second = dumps(community, a, b)
    assert first == second


def test_concurrent_edits_of_one_field_keep_the_loser_as_a_conflict(pair, folder):
    a, b, community = pair
    anna = members.add(a, community, "Anna").id
    settle(folder, community, a, b)
    members.update(a, anna, department="Zorg")
    members.update(b, anna, department="Welzijn")
    settle(folder, community, a, b)
    first, second = dumps(community, a, b)
    assert first == second
    winner = members.get(a, anna).department
    for ws in (a, b):
        found = replica.conflicts(ws.store, community)
        assert [(c["field"], c["winner_value"]) for c in found] == [("department", winner)]
        assert {found[0]["loser_value"], winner} == {"Zorg", "Welzijn"}


def test_edits_of_different_fields_both_survive(pair, folder):
    a, b, community = pair
    anna = members.add(a, community, "Anna").id
    settle(folder, community, a, b)
    members.update(a, anna, department="Zorg")
    members.update(b, anna, phone="+31 6 1234 5678")
    settle(folder, community, a, b)
    for ws in (a, b):
        assert (members.get(ws, anna).department, members.get(ws, anna).phone) == (
            "Zorg", "+31 6 1234 5678")  # fmt: skip
        assert replica.conflicts(ws.store, community) == []


def test_concurrent_text_edits_in_different_sentences_merge(pair, folder):
    a, b, community = pair
    text = "Ouderen voelen zich eenzaam. Jongeren vinden geen plek. De buurt wil helpen."
    q = questions.add(a, community, "Eenzaamheid", description=text).id
    settle(folder, community, a, b)
    questions.update(a, q, description=text.replace("eenzaam.", "vaak eenzaam."))
    questions.update(b, q, description=text.replace("helpen.", "graag helpen."))
    settle(folder, community, a, b)
    expected = ("Ouderen voelen zich vaak eenzaam. Jongeren vinden geen plek. "
                "De buurt wil graag helpen.")  # fmt: skip
    assert questions.get(a, q).description == expected
    assert questions.get(b, q).description == expected
    assert replica.conflicts(a.store, community) == []


def test_an_edit_concurrent_with_a_delete_revives_the_record(pair, folder):
    a, b, community = pair
    anna = members.add(a, community, "Anna").id
    settle(folder, community, a, b)
    members.delete(a, anna)
    members.update(b, anna, notes="Komt volgende keer ook")
    settle(folder, community, a, b)
    for ws in (a, b):
        assert [m.id for m in members.list_members(ws, community)] == [anna]
    assert [n["kind"] for n in replica.notices(a.store, community)] == ["revived"]


def test_a_delete_after_seeing_the_edit_stays_deleted(pair, folder):
    a, b, community = pair
    anna = members.add(a, community, "Anna").id
    settle(folder, community, a, b)
    members.update(b, anna, notes="x")
    settle(folder, community, a, b)
    members.delete(a, anna)
    settle(folder, community, a, b)
    for ws in (a, b):
        assert members.list_members(ws, community) == []


def test_checking_one_person_in_on_two_laptops_makes_one_row_and_votes_add_up(pair, folder):
    a, b, community = pair
    anna = members.add(a, community, "Anna").id
    sid = sessions_service.add(a, community, "Avond", starts_at="2026-03-14T19:30").id
    idea = contributions.capture(a, community, "Buurtkamer", session=sid).id
    settle(folder, community, a, b)
    attendance.check_in(a, sid, anna)
    attendance.check_in(b, sid, anna)
    contributions.vote(a, idea, 2)
    contributions.vote(b, idea, 3)
    settle(folder, community, a, b)
    for ws in (a, b):
        assert len(attendance.for_session(ws, sid)) == 1
        assert attendance.present_count(ws, sid) == 1
        assert contributions.votes(ws, idea) == 5
    first, second = dumps(community, a, b)
    assert first == second


def test_a_second_sync_with_nothing_new_sends_and_receives_nothing(pair, folder):
    a, b, community = pair
    members.add(a, community, "Anna")
    settle(folder, community, a, b)
    files = sorted(p.name for p in folder.folder.rglob("*.kcs"))
    again = sync(a.store, community, folder)
    assert (again.sent, again.received, again.waiting) == (0, 0, 0)
    assert sorted(p.name for p in folder.folder.rglob("*.kcs")) == files


def test_a_data_folder_restored_from_backup_still_sends_its_new_changes(pair, folder, tmp_path):
    import shutil

    a, b, community = pair
    members.add(a, community, "Anna")
    settle(folder, community, a, b)
    backup = tmp_path / "a-backup"
    a.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(tmp_path / "a", backup)
    members.add(a, community, "Bram")  # published, then lost with the restore
    settle(folder, community, a, b)
    a.close()
    restored = Workspace.open(backup)
    old_device = restored.device_id
    cas = members.add(restored, community, "Cas").id
    settle(folder, community, restored, b)
    assert restored.store.device_id != old_device
    assert members.get(b, cas).name == "Cas"
    names = {m.name for m in members.list_members(restored, community)}
    assert names == {"Anna", "Bram", "Cas"}
    first, second = dumps(community, restored, b)
    assert first == second
    restored.close()


class _ServerLike(FolderTransport):
    """A folder posing as a server community reached at some address."""

    name = "server"

    def __init__(self, folder, base_url):
        super().__init__(folder)
        self.base_url = base_url
        self.community_on_server = "server-community-1"


def test_a_server_at_a_new_address_is_the_same_server_not_a_restore(tmp_path):
    shared = tmp_path / "server"
    shared.mkdir()
    ws = Workspace.open(tmp_path / "a")
    community = communities.create(ws, "Kring").id
    sync(ws.store, community, _ServerLike(shared, "https://old.example"))
    device = ws.store.device_id
    members.add(ws, community, "Anna")
    report = sync(ws.store, community, _ServerLike(shared, "https://new.example"))
    assert ws.store.device_id == device
    assert report.sent == 1
    ws.close()
