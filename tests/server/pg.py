"""A throwaway PostgreSQL cluster for the server tests: initdb + pg_ctl on a free port."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_binaries() -> tuple[str, str] | None:
    """initdb and pg_ctl from PATH, else from Debian's /usr/lib/postgresql/<version>/bin."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(f"{bindir}/initdb", os.X_OK) and os.access(f"{bindir}/pg_ctl", os.X_OK):
            return f"{bindir}/initdb", f"{bindir}/pg_ctl"
    return None


@dataclass
class Cluster:
    root: Path
    port: int
    pg_ctl: str
    user: str | None  # the OS user the server runs as (initdb refuses root)

    @property
    def url(self) -> str:
        return f"postgresql://kring@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        _run(
            [self.pg_ctl, "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop"],
            self.user,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _run(cmd: list[str], user: str | None, *, check: bool = True) -> None:
    extra = {}
    if user is not None:
        entry = pwd.getpwnam(user)
        extra = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    subprocess.run(cmd, check=check, capture_output=True, timeout=60, cwd="/", **extra)


def start() -> Cluster:
    """Start a cluster in a temporary directory; as root, it runs as the user `nobody`."""
    binaries = find_binaries()
    if binaries is None:
        raise FileNotFoundError("initdb/pg_ctl not found")
    initdb, pg_ctl = binaries
    user = "nobody" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="kring-pg-"))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    port = free_port()
    data, log = root / "data", root / "log"
    _run(
        [
            initdb,
            "-D",
            str(data),
            "-U",
            "kring",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        user,
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    try:
        _run(
            [pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
            user,
        )
    except subprocess.CalledProcessError:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return Cluster(root, port, pg_ctl, user)
