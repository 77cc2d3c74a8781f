"""The built desktop bundle (PyInstaller, `make dist`) runs on its own.

Run by `make dist-test`, which builds the bundle first and names it in KRING_BUNDLE (and the
tarball in KRING_TARBALL). `make test` skips these: a bundle left in dist/ may be older than the
source being tested, and building one takes a minute of both cores.

Every program here runs with the source tree out of reach: the working folder elsewhere, no
PYTHONPATH, a minimal environment, Qt offscreen.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from app import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = os.environ.get("KRING_BUNDLE")
TARBALL = os.environ.get("KRING_TARBALL")
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

pytestmark = pytest.mark.skipif(
    not BUNDLE,
    reason="no bundle named: `make dist-test` builds dist/kring and runs these against it",
)


def bundle() -> Path:
    folder = (ROOT / BUNDLE).resolve() if BUNDLE else ROOT / "dist" / "kring"
    # Named but missing is a failed build, not a reason to skip.
    assert (folder / "kring").is_file(), f"{folder} holds no kring executable: run `make dist`"
    return folder


def minimal_env(home: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C.UTF-8",
        "KRING_LANG": "en",
        "QT_QPA_PLATFORM": "offscreen",
        **extra,
    }


def run(program: Path | str, *args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(program), *args],
        cwd=cwd,
        env=minimal_env(cwd, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A working folder that is not the checkout, nor inside it."""
    folder = tmp_path_factory.mktemp("elsewhere")
    assert ROOT not in folder.parents
    return folder


@pytest.fixture(scope="module")
def demo(outside) -> tuple[Path, str, str]:
    """A data folder with the demo community made by the bundle: (folder, community, session)."""
    data = outside / "data"
    done = run(bundle() / "kring", "--data-dir", str(data), "demo", cwd=outside)
    assert done.returncode == 0, done.stderr
    community = done.stdout.strip().splitlines()[-1]
    listed = run(
        bundle() / "kring", "--data-dir", str(data), "session", "list", "--community", community,
        cwd=outside,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    session = listed.stdout.splitlines()[0].split("\t")[0]
    return data, community, session


def test_the_bundle_says_its_version(outside):
    done = run(bundle() / "kring", "--version", cwd=outside)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Kring {__version__}"


def test_the_bundle_opens_the_demo_in_its_window_and_every_section(demo, outside):
    data, _community, _session = demo
    # "all": every section's page is built and shown (their modules are imported by name).
    done = run(
        bundle() / "kring", "--data-dir", str(data), cwd=outside, KRING_QUIT_AFTER_SHOWN="all"
    )
    assert done.returncode == 0, done.stderr
    assert "shown" in done.stdout.splitlines()


def test_the_bundle_opens_in_dutch_from_an_invite_link(demo, outside):
    data, _community, _session = demo
    done = run(
        bundle() / "kring", "--data-dir", str(data), "--lang", "nl", "kring://invite/ABCD",
        cwd=outside, KRING_QUIT_AFTER_SHOWN="1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "shown" in done.stdout.splitlines()


@pytest.mark.parametrize(("kind", "words"), [("agenda", "Agenda"), ("badges", None)])
def test_the_bundle_prints_a_handout_with_its_fonts_in_dutch(demo, outside, kind, words):
    data, _community, session = demo
    pdf = outside / f"{kind}.pdf"
    done = run(
        bundle() / "kring", "--data-dir", str(data), "handout", session, "--kind", kind,
        "--lang", "nl", "--out", str(pdf), cwd=outside,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    # DejaVu Sans from resources/fonts, embedded (as a subset: its name gets a random prefix).
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans", content)
    if words and shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert words in text


def test_the_bundle_holds_what_kring_needs_and_not_what_it_does_not():
    internal = bundle() / "_internal"
    qt = internal / "PySide6" / "Qt"
    for needed in (
        qt / "plugins" / "platforms" / "libqxcb.so",
        qt / "plugins" / "platforms" / "libqoffscreen.so",
        qt / "plugins" / "imageformats" / "libqsvg.so",
        qt / "plugins" / "iconengines" / "libqsvgicon.so",
        qt / "translations" / "qtbase_nl.qm",
        internal / "resources" / "translations" / "nl" / "LC_MESSAGES" / "kring.mo",
        internal / "resources" / "fonts" / "DejaVuSans.ttf",
        internal / "resources" / "fonts" / "DejaVuSans-Bold.ttf",
        internal / "resources" / "icons" / "kring-256.png",
    ):
        assert needed.is_file(), needed
    names = {path.name for path in internal.rglob("*")}
    unwanted = re.compile(
        r"^(libQt6(Qml|Quick|WebEngine|3D|Multimedia|Charts|Sql|Test|Designer)\w*\.so.*"
        r"|Qt(Qml|Quick|WebEngine\w*|Multimedia|Sql|Test)\.abi3\.so"
        r"|pytest|_pytest|hypothesis|schemathesis|fastapi|uvicorn|kring\.po"
        r"|keyring-[\d.]+\.dist-info)$"
    )
    assert sorted(name for name in names if unwanted.match(name)) == []
    assert not list((qt / "translations").glob("qtbase_de.qm"))


@pytest.mark.skipif(not TARBALL, reason="no tarball named: `make dist-test` names it")
def test_the_tarball_installs_into_local_and_uninstalls(tmp_path):
    with tarfile.open(ROOT / TARBALL) as archive:
        archive.extractall(tmp_path, filter="tar")
    (unpacked,) = tmp_path.iterdir()
    assert "./install.sh" in (unpacked / "README.txt").read_text()
    home = tmp_path / "home"
    home.mkdir()
    prefix = home / ".local"
    done = run(unpacked / "install.sh", cwd=home)
    assert done.returncode == 0, done.stderr
    assert "is installed" in done.stdout

    command = prefix / "bin" / "kring"
    assert command.is_symlink()
    shutil.rmtree(unpacked)  # the installed copy stands on its own
    version = run(command, "--version", cwd=home)
    assert version.stdout.strip() == f"Kring {__version__}", version.stderr

    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={command} %u" in desktop.read_text().splitlines()
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True)
        assert checked.returncode == 0, checked.stdout
    assert (prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    icons = prefix / "share" / "icons" / "hicolor"
    for size in HICOLOR_SIZES:
        assert (icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file(), size
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    gone = run(prefix / "lib" / "kring" / "uninstall.sh", cwd=home)
    assert gone.returncode == 0, gone.stderr
    left = sorted(str(p.relative_to(prefix)) for p in prefix.rglob("*") if not p.is_dir())
    # The desktop's own index of .desktop files (update-desktop-database) is shared: it stays.
    assert [name for name in left if not name.endswith("mimeinfo.cache")] == []
