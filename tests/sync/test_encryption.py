"""End-to-end encryption: what reaches the shared folder is unreadable, and refused when altered."""

from __future__ import annotations

import base64
import hashlib
import inspect
import io
import json
import os
import stat
import sys
import zlib
from pathlib import Path

import pytest

from app import cli, cli_encrypt, cli_sync
from app.domain.errors import KringError, ValidationError
from app.services import communities, encryption, export, members
from app.services import sync as sync_service
from app.services.workspace import Workspace
from app.store import replica
from app.sync import changeset, crypto, engine, snapshot
from app.sync.changeset import Incomplete, KeyMissing, Tampered
from app.sync.crypto import (
    BadKeyBlob,
    CommunityKey,
    KeyRing,
    ScryptParams,
    WrongPassphrase,
)
from app.sync.folder import FolderTransport

FAST = ScryptParams(n=2**10, r=8, p=1)  # tests only: real wraps use crypto.DEFAULT_PARAMS
PASSPHRASE = "correct horse battery"
PEOPLE = [("Anna Müller", "anna.mueller@example.nl"), ("Joost de Vries", "joost@devries.example"),
          ("Fatima El Amrani", "fatima.elamrani@example.org")]  # fmt: skip
SECRETS = [text for person in PEOPLE for text in person] + ["Samen Sterker", "Buurtkamer"]

JOIN_HOOK = "passphrase" in inspect.signature(sync_service.join_folder).parameters
SNAPSHOT_HOOK = "key" in inspect.signature(snapshot.build).parameters


@pytest.fixture(scope="module")
def engine_hook(tmp_path_factory):
    """Skip unless engine.sync seals and opens changesets with the replicas' keys.

    Probed by behaviour: one replica pushes with a key, another holding it pulls.
    """
    root = tmp_path_factory.mktemp("probe")
    (root / "shared").mkdir()
    a, b = Workspace.open(root / "a"), Workspace.open(root / "b")
    try:
        community = communities.create(a, "probe").id
        for ws in (a, b):
            crypto.save_local_keys(ws.store, community, KeyRing([PROBE_KEY]))
        engine.sync(a.store, community, FolderTransport(root / "shared"))
        engine.sync(b.store, community, FolderTransport(root / "shared"))
        blob = next((root / "shared").rglob("*.kcs")).read_bytes()
        sealed = changeset.read_header(blob)[0].key_id == PROBE_KEY.key_id
        opened = b.store.get("community", community) is not None
    finally:
        a.close()
        b.close()
    assert sealed and opened, "the sync engine must seal and open changesets with the key"


@pytest.fixture
def join_hook(engine_hook):
    assert JOIN_HOOK, "join_folder must take a passphrase"


@pytest.fixture
def snapshot_hook(engine_hook):
    assert SNAPSHOT_HOOK, "snapshots must be sealed with the community key"


PROBE_KEY = CommunityKey.generate()


# --- helpers ---------------------------------------------------------------------------


class EncryptingFolder:
    """A FolderTransport that seals on push and opens on fetch with one replica's keys.

    Stands in for the engine hook (engine.py passing `crypto.local_keys` to
    changeset.encode/decode) so that replicas converge through real encrypted
    files either way; with the hook in, blobs arrive already sealed and pass
    through unchanged.
    """

    name = "folder"

    def __init__(self, folder: FolderTransport, ws: Workspace, community: str) -> None:
        self.inner, self.ws, self.community = folder, ws, community
        self.refused: list[str] = []

    def _keys(self) -> KeyRing:
        return crypto.local_keys(self.ws.store, self.community)

    def push(self, community, device, first, last, blob):
        header, ops = changeset.decode(blob, self._keys())
        if header.key_id is None and self._keys().current is not None:
            blob = changeset.encode(community, device, ops, key=self._keys().current)
        self.inner.push(community, device, first, last, blob)

    def pushed(self, community, device):
        return self.inner.pushed(community, device)

    def available(self, community, exclude):
        return self.inner.available(community, exclude)

    def fetch(self, ref):
        blob = self.inner.fetch(ref)
        try:
            header, ops = changeset.decode(blob, self._keys())
        except Tampered:
            self.refused.append(ref.key)
            return b""
        except (Incomplete, changeset.TooNew):
            return blob
        return changeset.encode(header.community, header.device, ops) if header.key_id else blob


def make_people(ws: Workspace, community: str) -> list[str]:
    return [members.add(ws, community, name, email=email, organisation="Buurtkamer").id
            for name, email in PEOPLE]  # fmt: skip


def folder_bytes(root: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()]


def readable_in(root: Path, needles: list[str]) -> list[tuple[str, str]]:
    """Which needles occur in any file under root, in any of several encodings."""
    found = []
    for path, data in folder_bytes(root):
        for needle in needles:
            forms = {needle.encode("utf-8"), needle.encode("utf-16-le"),
                     json.dumps(needle).encode("ascii")[1:-1]}  # fmt: skip
            if any(form in data for form in forms):
                found.append((str(path.relative_to(root)), needle))
    return found


def key_forms(key: CommunityKey) -> list[bytes]:
    return [key.secret, key.secret.hex().encode(), base64.b64encode(key.secret),
            base64.urlsafe_b64encode(key.secret).rstrip(b"=")]  # fmt: skip


def split(blob: bytes) -> tuple[dict, bytes]:
    end = blob.index(b"\n", len(changeset.MAGIC))
    return json.loads(blob[len(changeset.MAGIC) : end]), blob[end + 1 :]


def join(header: dict, payload: bytes) -> bytes:
    return changeset.MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + payload


@pytest.fixture
def pair(tmp_path, shared):
    """Two replicas of an encrypted community that met once through the folder."""
    a, b = Workspace.open(tmp_path / "a"), Workspace.open(tmp_path / "b")
    community = communities.create(a, "Samen Sterker").id
    encryption.encrypt_community(a, community, PASSPHRASE, folder=shared, params=FAST)
    encryption.unlock_from_folder(b, community, shared, PASSPHRASE)
    yield a, b, community
    a.close()
    b.close()


def settle(shared: Path, community: str, *replicas: Workspace, wrap: bool = True) -> None:
    folder = FolderTransport(shared)
    for _ in range(2):
        for ws in replicas:
            transport = EncryptingFolder(folder, ws, community) if wrap else folder
            engine.sync(ws.store, community, transport)


# --- the key and its passphrase --------------------------------------------------------


def test_a_wrapped_key_opens_with_its_passphrase_only():
    key = CommunityKey.generate()
    blob = crypto.wrap(key, PASSPHRASE, FAST)
    raw = json.loads(blob)
    assert {"key_id", "salt", "params", "nonce", "ciphertext"} <= set(raw)
    assert raw["key_id"] == key.key_id and len(key.key_id) == 16
    assert not any(form in blob for form in key_forms(key))
    assert crypto.unwrap(blob, PASSPHRASE) == key
    with pytest.raises(WrongPassphrase) as wrong:
        crypto.unwrap(blob, PASSPHRASE + "!")
    assert str(wrong.value) == "That passphrase does not open this community's changes."
    # The same passphrase typed as decomposed Unicode (macOS) opens it too.
    accented = crypto.wrap(key, "Café société", FAST)
    assert crypto.unwrap(accented, "Cafe\u0301 socie\u0301te\u0301") == key


def test_scrypt_parameters_are_recorded_and_honoured(monkeypatch):
    assert ScryptParams(n=2**16, r=8, p=1) == crypto.DEFAULT_PARAMS
    key = CommunityKey.generate()
    params = ScryptParams(n=2**11, r=4, p=2)
    blob = crypto.wrap(key, PASSPHRASE, params)
    assert json.loads(blob)["params"] == {"n": 2**11, "r": 4, "p": 2}
    used = []
    real = crypto.Scrypt

    def spy(**kwargs):
        used.append((kwargs["n"], kwargs["r"], kwargs["p"]))
        return real(**kwargs)

    monkeypatch.setattr(crypto, "Scrypt", spy)
    assert crypto.unwrap(blob, PASSPHRASE) == key
    assert used == [(2**11, 4, 2)]
    # Settings raised later: old blobs still open with the ones they record.
    stronger = crypto.rewrap(blob, PASSPHRASE, PASSPHRASE, ScryptParams(n=2**12, r=8, p=1))
    assert crypto.unwrap(stronger, PASSPHRASE) == key and used[-1] == (2**12, 8, 1)
    # Edited settings do not open it; absurd ones are refused before any work is done.
    edited = json.loads(blob)
    edited["params"]["n"] = 2**12
    with pytest.raises(WrongPassphrase):
        crypto.unwrap(json.dumps(edited), PASSPHRASE)
    edited["params"] = {"n": 2**30, "r": 8, "p": 1}
    count = len(used)
    with pytest.raises(BadKeyBlob):
        crypto.unwrap(json.dumps(edited), PASSPHRASE)
    assert len(used) == count
    with pytest.raises(BadKeyBlob):
        crypto.unwrap(blob[: len(blob) // 2], PASSPHRASE)


def test_passphrase_rules_are_clear(ws, community):
    with pytest.raises(ValidationError) as short:
        encryption.encrypt_community(ws, community, "short", params=FAST)
    assert str(short.value) == "A passphrase needs at least 8 characters."
    assert encryption.key_for(ws, community) is None


def test_encrypting_keeps_the_key_on_this_device_and_publishes_it_wrapped(ws, community, shared):
    done = encryption.encrypt_community(ws, community, PASSPHRASE, folder=shared, params=FAST)
    key = encryption.key_for(ws, community)
    assert key is not None and key.key_id == done.key_id
    assert done.published_to == shared / community / "key.json"
    published = done.published_to.read_bytes()
    assert crypto.unwrap(published, PASSPHRASE) == key
    assert not any(form in data for _p, data in folder_bytes(shared) for form in key_forms(key))
    if os.name == "posix":
        assert stat.S_IMODE(ws.store.path.stat().st_mode) == 0o600
    with pytest.raises(KringError, match="already encrypted"):
        encryption.encrypt_community(ws, community, PASSPHRASE, folder=shared, params=FAST)


def test_the_key_file_follows_when_the_folder_was_away(ws, community, shared, tmp_path):
    away = tmp_path / "unplugged"
    done = encryption.encrypt_community(ws, community, PASSPHRASE, folder=away, params=FAST)
    assert done.published_to is None and encryption.is_encrypted(ws, community)
    assert encryption.ensure_published(ws, community, shared)
    assert crypto.unwrap((shared / community / "key.json").read_bytes(), PASSPHRASE).key_id == (
        done.key_id)  # fmt: skip
    assert not encryption.ensure_published(ws, community, shared)  # there already


def test_changing_the_passphrase_rewraps_the_same_key(ws, community, shared, tmp_path):
    done = encryption.encrypt_community(ws, community, PASSPHRASE, folder=shared, params=FAST)
    changed = encryption.change_passphrase(ws, community, "a new passphrase", folder=shared,
                                           params=FAST)  # fmt: skip
    assert changed.key_id == done.key_id
    published = (shared / community / "key.json").read_bytes()
    with pytest.raises(WrongPassphrase):
        crypto.unwrap(published, PASSPHRASE)
    other = Workspace.open(tmp_path / "other")
    try:
        with pytest.raises(WrongPassphrase):
            encryption.unlock_from_folder(other, community, shared, PASSPHRASE)
        assert encryption.key_for(other, community) is None
        encryption.unlock_from_folder(other, community, shared, "a new passphrase")
        assert encryption.key_for(other, community) == encryption.key_for(ws, community)
    finally:
        other.close()


def test_joining_an_encrypted_community_needs_the_passphrase(ws, community, shared, tmp_path):
    encryption.encrypt_community(ws, community, PASSPHRASE, folder=shared, params=FAST)
    other = Workspace.open(tmp_path / "other")
    try:
        with pytest.raises(encryption.PassphraseNeeded, match="KRING_PASSPHRASE"):
            encryption.prepare_join(other, shared, community, None)
        with pytest.raises(WrongPassphrase):
            encryption.prepare_join(other, shared, community, lambda: "not the passphrase")
        assert encryption.prepare_join(other, shared, community, lambda: PASSPHRASE)
        assert encryption.prepare_join(other, shared, community, None)  # unlocked already
        assert not encryption.prepare_join(other, shared, "no-such-community", None)
    finally:
        other.close()


# --- changesets ----------------------------------------------------------------------


@pytest.fixture
def sealed(ws, community):
    """An encrypted changeset of the ops that created the community and three people."""
    make_people(ws, community)
    ops = replica.own_ops(ws.store, community, after=0)
    key = CommunityKey.generate()
    return ops, key, changeset.encode(community, ws.device_id, ops, key=key)


def test_an_encrypted_changeset_round_trips(sealed, community):
    ops, key, blob = sealed
    header, back = changeset.decode(blob, KeyRing([key]))
    assert back == ops
    assert (header.community, header.first, header.last, header.key_id) == (
        community, ops[0].seq, ops[-1].seq, key.key_id)  # fmt: skip
    plain = changeset.encode(community, header.device, ops)
    assert changeset.decode(plain, KeyRing([key]))[1] == ops  # unencrypted ones still read


def test_an_encrypted_changeset_shows_only_routing_data(sealed, community):
    ops, key, blob = sealed
    header, payload = split(blob)
    assert set(header) == {"community", "device", "first", "last", "count", "format", "key_id",
                           "sha256", "size"}  # fmt: skip
    assert not [s for s in SECRETS if s.encode() in blob]
    with pytest.raises(zlib.error):
        zlib.decompress(payload)
    with pytest.raises(zlib.error):
        zlib.decompress(payload[crypto.NONCE_BYTES :])
    # Two encryptions of the same ops share nothing (a fresh nonce each).
    again = split(changeset.encode(community, header["device"], ops, key=key))[1]
    assert again[: crypto.NONCE_BYTES] != payload[: crypto.NONCE_BYTES] and again != payload


def test_without_the_key_a_changeset_waits_for_an_unlock(sealed):
    _ops, key, blob = sealed
    for keys in (None, KeyRing(), KeyRing([CommunityKey.generate()])):
        with pytest.raises(KeyMissing) as missing:
            changeset.decode(blob, keys)
        assert missing.value.key_id == key.key_id
        assert isinstance(missing.value, Incomplete)  # code that knows no keys: "not yet"


def test_a_flipped_byte_is_tampering(sealed):
    _ops, key, blob = sealed
    header, payload = split(blob)
    for where in (0, crypto.NONCE_BYTES, len(payload) // 2, len(payload) - 1):
        flipped = bytearray(payload)
        flipped[where] ^= 0x01
        with pytest.raises(Tampered):
            changeset.decode(join(header, bytes(flipped)), KeyRing([key]))
        # An attacker who also fixes the checksum gets no further.
        fixed = dict(header, sha256=hashlib.sha256(bytes(flipped)).hexdigest())
        with pytest.raises(Tampered):
            changeset.decode(join(fixed, bytes(flipped)), KeyRing([key]))
    # A file that is still being copied is not tampering: it is not all there yet.
    with pytest.raises(Incomplete) as short:
        changeset.decode(blob[:-10], KeyRing([key]))
    assert not isinstance(short.value, Tampered)


def test_a_changed_or_swapped_header_is_tampering(ws, community, sealed):
    ops, key, blob = sealed
    header, payload = split(blob)
    ring = KeyRing([key])
    for field, value in (("first", header["first"] + 1), ("last", header["last"] - 1),
                         ("count", header["count"] - 1), ("device", "another-device"),
                         ("community", "another-community")):  # fmt: skip
        with pytest.raises(Tampered):
            changeset.decode(join(dict(header, **{field: value}), payload), ring)
    # The header of another changeset of the same device on this payload (size and
    # checksum made to fit: otherwise it reads as a file still being copied).
    other = split(changeset.encode(community, ws.device_id, ops[1:], key=key))[0]
    with pytest.raises(Incomplete):
        changeset.decode(join(other, payload), ring)
    with pytest.raises(Tampered):
        changeset.decode(join(dict(other, size=header["size"], sha256=header["sha256"]),
                              payload), ring)  # fmt: skip
    # A changed key id names a key nobody holds.
    with pytest.raises(KeyMissing):
        changeset.decode(join(dict(header, key_id="0" * 16), payload), ring)


# --- through a shared folder ---------------------------------------------------------


def test_two_replicas_converge_through_an_encrypted_folder(pair, shared):
    a, b, community = pair
    people = make_people(a, community)
    settle(shared, community, a, b)
    assert members.get(b, people[0]).email == "anna.mueller@example.nl"
    members.update(b, people[1], department="Zorg")
    members.update(a, people[2], phone="+31 6 1234 5678")
    settle(shared, community, a, b)
    assert export.community_json(a, community) == export.community_json(b, community)
    files = list((shared / community / "devices").rglob("*.kcs"))
    assert files and all(split(f.read_bytes())[0]["key_id"] for f in files)


def test_the_folder_holds_nothing_readable(pair, shared):
    a, b, community = pair
    make_people(a, community)
    settle(shared, community, a, b)
    assert readable_in(shared, SECRETS) == []
    key = encryption.key_for(a, community)
    assert key is not None
    assert not any(form in data for _p, data in folder_bytes(shared) for form in key_forms(key))
    for path in (shared / community / "devices").rglob("*.kcs"):
        _header, payload = split(path.read_bytes())
        with pytest.raises(zlib.error):
            zlib.decompress(payload)


def test_the_engine_encrypts_and_decrypts_with_the_replicas_keys(engine_hook, pair, shared):
    a, b, community = pair
    people = make_people(a, community)
    settle(shared, community, a, b, wrap=False)
    assert members.get(b, people[0]).name == "Anna Müller"
    assert export.community_json(a, community) == export.community_json(b, community)
    assert readable_in(shared, SECRETS) == []


def test_the_engine_refuses_a_tampered_changeset_and_applies_nothing(engine_hook, pair, shared):
    a, b, community = pair
    settle(shared, community, a, b, wrap=False)
    anna = members.add(a, community, "Anna Müller").id
    engine.sync(a.store, community, FolderTransport(shared))
    newest = max((shared / community / "devices" / a.device_id).glob("*.kcs"))
    header, payload = split(newest.read_bytes())
    flipped = bytearray(payload)
    flipped[len(flipped) // 2] ^= 0x01
    newest.write_bytes(join(header, bytes(flipped)))
    before = export.community_json(b, community)
    report = engine.sync(b.store, community, FolderTransport(shared))
    assert report.rejected == [str(newest)] and report.received == 0
    assert b.store.get("member", anna) is None
    assert export.community_json(b, community) == before


def test_a_device_that_is_not_unlocked_applies_nothing(pair, shared, tmp_path):
    a, _b, community = pair
    make_people(a, community)
    settle(shared, community, a)
    stranger = Workspace.open(tmp_path / "stranger")
    try:
        report = engine.sync(stranger.store, community, FolderTransport(shared))
        assert report.received == 0 and not report.rejected
        assert stranger.store.get("community", community) is None
        if hasattr(report, "locked"):  # the engine says which key it lacks
            assert report.locked == {encryption.key_for(a, community).key_id}
    finally:
        stranger.close()


def test_snapshots_in_the_folder_are_encrypted_too(snapshot_hook, pair, shared, tmp_path):
    a, b, community = pair
    make_people(a, community)
    settle(shared, community, a, b, wrap=False)
    engine.compact(a.store, community, FolderTransport(shared))
    assert list((shared / community / "snapshots").glob("*.kss"))
    assert readable_in(shared, SECRETS) == []
    late = Workspace.open(tmp_path / "late")
    try:
        encryption.unlock_from_folder(late, community, shared, PASSPHRASE)
        engine.sync(late.store, community, FolderTransport(shared))
        assert export.community_json(late, community) == export.community_json(a, community)
    finally:
        late.close()


def test_joining_from_the_folder_unlocks_with_the_passphrase(join_hook, shared, tmp_path):
    a = Workspace.open(tmp_path / "a")
    late = Workspace.open(tmp_path / "late")
    try:
        community = communities.create(a, "Samen Sterker").id
        make_people(a, community)
        sync_service.sync_folder(a, community, shared)
        encryption.encrypt_community(a, community, PASSPHRASE, params=FAST)  # remembered folder
        assert (shared / community / "key.json").exists()
        members.add(a, community, "Late Louise", email="louise@example.nl")
        sync_service.sync_folder(a, community, shared)
        with pytest.raises(encryption.PassphraseNeeded):
            sync_service.join_folder(late, shared, community)
        with pytest.raises(WrongPassphrase):
            sync_service.join_folder(late, shared, community, passphrase="not the passphrase")
        sync_service.join_folder(late, shared, community, passphrase=lambda: PASSPHRASE)
        assert export.community_json(late, community) == export.community_json(a, community)
    finally:
        a.close()
        late.close()


# --- the command line ----------------------------------------------------------------


@pytest.fixture
def kring(monkeypatch, tmp_path, capsys):
    """`kring …` in-process, with `kring community encrypt` registered by cli_sync or here."""
    parser = cli.build_parser()
    group = parser._subparsers._group_actions[0].choices["community"]  # type: ignore[union-attr]
    actions = next(a for a in group._actions if a.dest == "action")
    if "encrypt" not in actions.choices:
        original = cli_sync.register

        def register(sub, command, group, json_flag):
            original(sub, command, group, json_flag)
            cli_encrypt.register(sub, command, group, json_flag)

        monkeypatch.setattr(cli_sync, "register", register)
    monkeypatch.delenv("KRING_PASSPHRASE", raising=False)

    def run(data: str, *argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main(["--data-dir", str(tmp_path / data), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_kring_community_encrypt_and_unlock(kring, tmp_path, shared, monkeypatch):
    code, out, _err = kring("a", "community", "create", "--name", "Samen Sterker")
    community = out.strip()
    secret = tmp_path / "passphrase.txt"
    secret.write_text("short\n")
    code, _out, err = kring("a", "community", "encrypt", community, "--passphrase-file",
                            str(secret), "--folder", str(shared))  # fmt: skip
    assert code == 1 and "at least 8 characters" in err
    secret.write_text(PASSPHRASE + "\n")
    code, out, err = kring("a", "community", "encrypt", community, "--passphrase-file",
                           str(secret), "--folder", str(shared), "--json")  # fmt: skip
    assert code == 0, err
    done = json.loads(out)
    assert done["key_file"] == str(shared / community / "key.json")
    monkeypatch.setenv("KRING_PASSPHRASE", "not the passphrase")
    code, _out, err = kring("b", "community", "unlock", community, "--folder", str(shared))
    assert code == 1
    assert err == "kring: That passphrase does not open this community's changes.\n"
    monkeypatch.setenv("KRING_PASSPHRASE", PASSPHRASE)
    code, out, err = kring("b", "community", "unlock", community, "--folder", str(shared))
    assert code == 0 and done["key_id"] in out
    monkeypatch.delenv("KRING_PASSPHRASE")
    secret.write_text("another good passphrase")
    code, out, _err = kring("a", "community", "passphrase", community, "--passphrase-file",
                            str(secret), "--folder", str(shared))  # fmt: skip
    assert code == 0 and done["key_id"] in out
    assert crypto.unwrap((shared / community / "key.json").read_bytes(),
                         "another good passphrase").key_id == done["key_id"]  # fmt: skip


def test_kring_asks_for_a_passphrase_only_on_a_terminal(kring, monkeypatch):
    code, out, _err = kring("a", "community", "create", "--name", "Samen Sterker")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _out, err = kring("a", "community", "encrypt", out.strip())
    assert code == 1 and "--passphrase-file" in err and "KRING_PASSPHRASE" in err


def test_kring_join_takes_a_passphrase_file(join_hook, kring, tmp_path, shared):
    code, out, _err = kring("a", "community", "create", "--name", "Samen Sterker")
    community = out.strip()
    kring("a", "member", "add", "--community", community, "--name", "Anna Müller")
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    code, _out, err = kring("a", "community", "encrypt", community, "--passphrase-file",
                            str(secret), "--folder", str(shared))  # fmt: skip
    assert code == 0, err
    code, _out, err = kring("a", "sync", "--community", community, "--folder", str(shared))
    assert code == 0, err
    assert readable_in(shared, SECRETS) == []
    code, _out, err = kring("b", "join", "--folder", str(shared), "--community", community)
    assert code == 1 and "KRING_PASSPHRASE" in err
    code, out, err = kring("b", "join", "--folder", str(shared), "--community", community,
                           "--passphrase-file", str(secret))  # fmt: skip
    assert code == 0, err
    assert out.strip() == community
