"""Kring installed as a wheel, not from the checkout: the sync server alone
(`pip install kring[server]`), without Qt, serves; the command line with print
(`pip install kring[print]`) speaks Dutch and prints handouts with its own font.

A fresh venv gets only the server's part of Kring, from a copy of the source tree (so that the
build leaves nothing in the checkout), through uv: from uv's cache when it holds everything
(offline), else from the package index. About 20 s, so it is part of `make test`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app import __version__
from tests.server.pg import free_port

ROOT = Path(__file__).resolve().parents[2]
# What a wheel of Kring is built from (pyproject.toml's package list, its readme, and
# setup.py, which puts resources/ into the wheel).
SOURCES = ("pyproject.toml", "setup.py", "README.md", "app", "server", "ui", "kring", "resources")


def uv() -> str:
    """`make setup` installs uv beside the venv's Python; without it this check cannot run."""
    beside = Path(sys.executable).with_name("uv")
    found = str(beside) if beside.exists() else shutil.which("uv")
    assert found, "uv is not installed: `make setup` installs it into .venv"
    return found


def run(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, check=False
    )


def install(base: Path, extra: str) -> Path:
    """A fresh venv with Kring and `extra`, installed from a copy of the source tree."""
    tool = uv()
    source = base / "src"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy2(ROOT / name, source / name)
    venv = base / "venv"
    done = run(tool, "venv", "--quiet", "--python", sys.executable, venv)
    assert done.returncode == 0, done.stderr
    python = venv / "bin" / "python"
    command = (tool, "pip", "install", "--quiet", "--python", python, f"{source}[{extra}]")
    done = run(*command, "--offline")
    if done.returncode != 0:  # something is not in uv's cache yet
        done = run(*command)
    assert done.returncode == 0, done.stderr
    return venv


@pytest.fixture(scope="module")
def server_venv(tmp_path_factory) -> Path:
    return install(tmp_path_factory.mktemp("server-install"), "server")


@pytest.fixture(scope="module")
def print_venv(tmp_path_factory) -> Path:
    return install(tmp_path_factory.mktemp("print-install"), "print")


def test_the_server_installs_without_qt(server_venv):
    python = server_venv / "bin" / "python"
    done = run(python, "-c", "import PySide6")
    assert done.returncode != 0
    assert "No module named 'PySide6'" in done.stderr
    for module in ("qasync", "reportlab"):
        assert run(python, "-c", f"import {module}").returncode != 0, module
    done = run(python, "-c", "import fastapi, uvicorn, psycopg, server.app")
    assert done.returncode == 0, done.stderr


def test_the_installed_server_answers_over_http(server_venv, tmp_path):
    port = free_port()
    db = f"sqlite:///{tmp_path / 'server.sqlite'}"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [server_venv / "bin" / "kring-server", "serve", "--db", db, "--port", str(port)],
        cwd=tmp_path,  # not the checkout: only the installed server can be imported
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/v1/health"
        deadline = time.monotonic() + 30
        answer = None
        while answer is None and process.poll() is None and time.monotonic() < deadline:
            try:
                answer = httpx.get(url, timeout=1)
            except httpx.TransportError:
                time.sleep(0.1)  # polling a starting server: nothing to wait on but the port
        assert answer is not None, process.stderr.read() if process.poll() is not None else url
        assert answer.status_code == 200
        health = answer.json()
        assert (health["status"], health["version"]) == ("ok", __version__)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (tmp_path / "server.sqlite").is_file()


def test_the_installed_command_line_works_without_qt(server_venv, tmp_path):
    """`kring` itself comes along (it is the same distribution) and runs headless."""
    done = run(server_venv / "bin" / "kring", "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Kring {__version__}"


def test_the_installed_command_line_speaks_dutch_and_prints_with_its_own_font(print_venv, tmp_path):
    kring = print_venv / "bin" / "kring"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "KRING_DATA_DIR": str(tmp_path / "data")}  # fmt: skip

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(kring), *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120, check=False)  # fmt: skip

    # The wheel carries resources/: the translations…
    refused = call("--lang", "nl", "handout", "--kind", "agenda", "--out", "x.pdf")
    assert refused.returncode == 1
    assert "Welke bijeenkomst?" in refused.stderr
    # …and the font the handouts embed (Latin-1 alone would not print "Łukasz Şahin").
    community = call("community", "create", "--name", "Wijkteam Noord").stdout.strip()
    made = call("member", "add", "--community", community, "--name", "Łukasz Şahin",
                "--consent-directory")  # fmt: skip
    assert made.returncode == 0, made.stderr
    printed = call("--lang", "nl", "directory", "--community", community, "--out", "leden.pdf")
    assert printed.returncode == 0, printed.stderr
    content = (tmp_path / "leden.pdf").read_bytes()
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans", content)
    site = next((print_venv / "lib").glob("python3*/site-packages"))
    assert (
        site / "kring" / "resources" / "translations" / "nl" / "LC_MESSAGES" / "kring.mo"
    ).is_file()
    assert not (site / "resources").exists()  # nothing put at the top of site-packages
