"""Real processes: three `kring` devices converge through a `kring-server` process, alone or mixed
with a shared folder; an encrypted community leaves nothing readable in the server's database."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest

from app.services import communities, encryption, export, members, server_sync
from app.services.workspace import Workspace
from app.sync import changeset, snapshot
from app.sync.crypto import ScryptParams
from server.storage import open_storage
from tests.server.conftest import Admin
from tests.server.pg import free_port
from tests.server.test_processes import ENV, admin, kring, server_command

Call = tuple[Path, Sequence[str]]


class ServerProcess:
    """`kring-server serve` in a subprocess on 127.0.0.1; a restart keeps the port and the db."""

    def __init__(self, db: str, log: Path, *options: str) -> None:
        self.db = db
        self.log = log
        self.options = options
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30) -> ServerProcess:
        command = [*server_command(), "serve", "--db", self.db, "--port", str(self.port)]
        with self.log.open("ab") as log:  # a file, not a pipe: a full pipe would block it
            self.process = subprocess.Popen(
                [*command, "--log-level", "warning", *self.options],
                env=ENV,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        while not self._healthy():
            if self.process.poll() is not None:
                raise RuntimeError(f"kring-server exited: {self.log.read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError("kring-server did not start in time")
            time.sleep(0.05)
        return self

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        """SIGKILL: no shutdown, no goodbye to open connections, as a crash or a power cut."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def server(tmp_path):
    started = ServerProcess(f"sqlite:///{tmp_path / 'server.sqlite'}", tmp_path / "server.log")
    yield started.start()
    started.stop()


def together(*calls: Call) -> list[bytes]:
    """Run `kring` command lines at once, as separate devices would; their standard outputs."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "kring", "--data-dir", str(data), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
        )
        for data, args in calls
    ]
    outputs = []
    for process, (_data, args) in zip(processes, calls, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, f"kring {' '.join(args)}: {err.decode()}"
        outputs.append(out)
    return outputs


def exports(community: str, *devices: Path) -> list[bytes]:
    return together(*((d, ["export", "--community", community, "--json"]) for d in devices))


def test_three_kring_processes_converge_through_a_kring_server_process(server, tmp_path):
    on_server = admin(server.db, "community", "create", "--name", "Wijkkring")
    invite = admin(server.db, "invite", "--community", on_server, "--uses", "3")
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    community = kring(a, "community", "create", "--name", "Wijkkring").stdout.strip()
    anna = kring(a, "member", "add", "--community", community, "--name", "Anna").stdout.strip()
    kring(a, "join", "--server", server.url, "--invite", invite, "--community", community)
    joined = together(*((d, ["join", "--server", server.url, "--invite", invite]) for d in (b, c)))
    assert [out.decode().split()[-1] for out in joined] == [community, community]
    together(  # offline edits on all three, two of them to the same member
        (a, ["member", "update", anna, "--department", "Zorg"]),
        (b, ["member", "update", anna, "--phone", "06-12345678"]),
        (c, ["question", "add", "--community", community, "--title", "Hoe bereiken we jongeren?"]),
    )
    together((b, ["member", "add", "--community", community, "--name", "Bram"]))
    for _round in range(2):  # the first sends everything; the second brings it everywhere
        together(*((d, ["sync", "--community", community]) for d in (a, b, c)))
    dumps = exports(community, a, b, c)
    assert dumps[0] == dumps[1] == dumps[2]
    dump = json.loads(dumps[0])
    assert {m["name"] for m in dump["member"]} == {"Anna", "Bram"}
    assert [(m["department"], m["phone"]) for m in dump["member"] if m["id"] == anna] == [
        ("Zorg", "06-12345678")
    ]
    assert [q["title"] for q in dump["question"]] == ["Hoe bereiken we jongeren?"]


def test_two_server_devices_and_a_folder_device_converge_through_the_one_using_both(
    server, tmp_path
):
    on_server = admin(server.db, "community", "create", "--name", "Gemengd")
    invite = admin(server.db, "invite", "--community", on_server, "--uses", "2")
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"  # a: both; b: server; c: folder
    shared = tmp_path / "shared"
    shared.mkdir()
    community = kring(a, "community", "create", "--name", "Gemengd").stdout.strip()
    kring(a, "member", "add", "--community", community, "--name", "Anna")
    kring(a, "join", "--server", server.url, "--invite", invite, "--community", community)
    kring(a, "sync", "--community", community, "--folder", str(shared))
    together(
        (b, ["join", "--server", server.url, "--invite", invite]),
        (c, ["join", "--folder", str(shared), "--community", community]),
    )
    together(
        (a, ["member", "add", "--community", community, "--name", "Via beide"]),
        (b, ["member", "add", "--community", community, "--name", "Alleen server"]),
        (c, ["member", "add", "--community", community, "--name", "Alleen map"]),
    )
    sync = ["sync", "--community", community]
    together((b, sync), (c, sync))
    kring(a, *sync)  # the remembered folder and the server: relays between the two
    together((b, sync), (c, sync))
    dumps = exports(community, a, b, c)
    assert dumps[0] == dumps[1] == dumps[2]
    names = {m["name"] for m in json.loads(dumps[0])["member"]}
    assert names == {"Anna", "Via beide", "Alleen server", "Alleen map"}


# --- end-to-end encryption --------------------------------------------------------------

PASSPHRASE = "lange zin met spaties"
FAST = ScryptParams(n=2**10, r=8, p=1)  # tests only: real wraps use crypto.DEFAULT_PARAMS


def inflated(blob: bytes, read_header) -> str:
    """A stored changeset's or snapshot's payload, inflated as if it were not encrypted."""
    _header, payload = read_header(blob)
    return zlib.decompress(payload).decode("utf-8")


def test_an_encrypted_community_leaves_nothing_readable_in_the_server_database(server, tmp_path):
    people = [("Anna Jansen", "anna.jansen@example.nl"), ("Bram Bakker", "bram@bakker.example")]
    opened = [Workspace.open(tmp_path / d, daily_backup=False) for d in ("a", "b", "c")]
    a, b, c = opened
    storage = open_storage(server.db)
    try:
        manager = Admin(storage)
        on_server = manager.community("Server-side name")
        secret = communities.create(a, "Geheime Kring").id
        sealed = encryption.encrypt_community(a, secret, PASSPHRASE, params=FAST)
        members.add(a, secret, people[0][0], email=people[0][1], phone="06-11112222")
        server_sync.join_server(a, server.url, manager.invite(on_server), secret)
        encryption.unlock(b, secret, sealed.wrapped, PASSPHRASE)  # no server key slot yet
        server_sync.join_server(b, server.url, manager.invite(on_server))
        members.add(b, secret, people[1][0], email=people[1][1])
        server_sync.sync_server(b, secret)
        server_sync.sync_server(a, secret)
        server_sync.upload_snapshot(a, secret)
        assert export.community_json(a, secret) == export.community_json(b, secret)
        # The control: the same check does find a community that is not encrypted.
        plain = communities.create(c, "Open Kring").id
        members.add(c, plain, "Olga Open", email="olga@open.example")
        plain_on_server = manager.community("Open")
        server_sync.join_server(c, server.url, manager.invite(plain_on_server), plain)
        stored = storage.changesets_after(plain_on_server, 0, 100, 10**8)[0]
        assert any("olga@open.example" in inflated(r.data, changeset.read_header) for r in stored)

        stored = storage.changesets_after(on_server, 0, 100, 10**8)[0]
        kept = storage.latest_snapshot(on_server)
        assert len(stored) >= 2 and kept is not None
        for blob, read_header in [(r.data, changeset.read_header) for r in stored] + [
            (kept.data, snapshot.read_header)
        ]:
            assert read_header(blob)[0].key_id == sealed.key_id
            with pytest.raises(zlib.error):
                inflated(blob, read_header)
    finally:
        storage.close()
        for ws in opened:
            ws.close()
    server.stop()  # its database files are complete on disk now
    files = sorted(tmp_path.glob("server.sqlite*"))
    assert files
    # Compression alone hides text from a byte search too: hence the inflating above.
    everything = b"".join(f.read_bytes() for f in files)
    for text in ("Geheime Kring", "06-11112222", *(t for person in people for t in person)):
        assert text.encode() not in everything, text
