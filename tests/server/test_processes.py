"""Real processes: `kring-server` serving on 127.0.0.1, and two `kring` command lines syncing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.server.pg import free_port

ENV = {**os.environ, "KRING_LANG": "en", "KRING_NO_KEYRING": "1"}


def server_command() -> list[str]:
    script = Path(sys.executable).with_name("kring-server")
    return [str(script)] if script.exists() else [sys.executable, "-m", "server"]


def admin(db: str, *args: str) -> str:
    done = subprocess.run(
        [*server_command(), *args, "--db", db], capture_output=True, text=True, timeout=60, env=ENV
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def kring(data: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "kring", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def served(tmp_path):
    db = f"sqlite:///{tmp_path / 'server.sqlite'}"
    port = free_port()
    process = subprocess.Popen(
        [*server_command(), "serve", "--db", db, "--port", str(port), "--log-level", "warning"],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "kring-server did not start"
        time.sleep(0.1)
    yield db, url
    process.terminate()
    process.wait(10)


def test_two_kring_processes_join_and_sync_through_a_kring_server_process(served, tmp_path):
    db, url = served
    on_server = admin(db, "community", "create", "--name", "Buurtkring")
    invite_a = admin(db, "invite", "--community", on_server, "--uses", "1")
    invite_b = admin(db, "invite", "--community", on_server, "--expires", "1h")
    a, b = tmp_path / "a", tmp_path / "b"
    community = kring(a, "community", "create", "--name", "Buurtkring").stdout.strip()
    kring(a, "member", "add", "--community", community, "--name", "Anna")
    joined = kring(a, "join", "--server", url, "--invite", invite_a, "--community", community)
    assert joined.stdout.strip().splitlines()[-1] == community
    assert "data file" in joined.stderr
    joined = kring(b, "join", "--server", url, "--invite", invite_b)
    assert joined.stdout.strip().splitlines()[-1] == community
    kring(b, "member", "add", "--community", community, "--name", "Bram")
    assert kring(b, "sync", "--community", community, "--server", url).stdout.startswith("Sent")
    assert "Received" in kring(a, "sync", "--community", community).stdout
    dumps = [kring(d, "export", "--community", community, "--json").stdout for d in (a, b)]
    assert dumps[0] == dumps[1]
    assert "Bram" in dumps[0]
    used_up = kring(tmp_path / "c", "join", "--server", url, "--invite", invite_a, ok=False)
    assert used_up.returncode == 1
    assert "used up" in used_up.stderr
    devices = subprocess.run(
        [*server_command(), "devices", "--community", on_server, "--db", db],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    ).stdout
    assert len(devices.strip().splitlines()) == 2


def test_kring_sync_against_no_server_fails_fast_with_a_facilitator_message(tmp_path, served):
    db, url = served
    on_server = admin(db, "community", "create", "--name", "Kring")
    a = tmp_path / "a"
    community = kring(a, "community", "create", "--name", "Kring").stdout.strip()
    kring(
        a,
        "join",
        "--server",
        url,
        "--invite",
        admin(db, "invite", "--community", on_server),
        "--community",
        community,
    )
    gone = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    failed = kring(a, "sync", "--community", community, "--server", gone, ok=False)
    assert failed.returncode == 1
    assert "Can't reach the server" in failed.stderr
    assert time.monotonic() - started < 10


def test_the_server_package_imports_without_qt_and_without_the_store(tmp_path):
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'qasync', 'ui') or name.startswith(\n"
        "                ('app.store', 'app.services')):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import server.app, server.cli, server.storage_sqlite, server.storage_pg\n"
        "server.app.create_app('sqlite:///' + sys.argv[1])\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocker, str(tmp_path / "server.sqlite")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
