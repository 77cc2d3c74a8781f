"""One identity everywhere: the version, the application id and the icon agree across
`kring --version`, the About dialog, the installed package and every installer's configuration."""

from __future__ import annotations

import configparser
import importlib.metadata
import os
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

import server
from app import APP_ID, DOWNLOAD_PAGE, __version__
from kring.__main__ import desktop_item
from tools import icons
from ui.app import app_icon, set_identity
from ui.dialogs.about import AboutDialog

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
INFO_PLIST = PACKAGING / "macos" / "Info.plist"
INNO = PACKAGING / "windows" / "kring.iss"


def test_the_version_is_written_once_and_read_by_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}
    # The installed distribution (.venv: `make setup`) carries the same version.
    assert importlib.metadata.version("kring") == __version__, "re-run `make setup`"
    assert server.__version__ == __version__


def test_kring_version_says_the_version():
    done = subprocess.run(
        [sys.executable, "-m", "kring", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Kring {__version__}"


def test_the_about_dialog_says_the_version_and_where_a_newer_one_is(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == f"Kring {__version__}"
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.version_label)))
    assert DOWNLOAD_PAGE in texts
    assert "never checks the internet" in texts


def test_the_desktop_app_names_its_desktop_entry_and_icon(qapp):
    saved = (
        qapp.applicationName(),
        qapp.organizationName(),
        qapp.applicationVersion(),
        qapp.desktopFileName(),
        qapp.windowIcon(),
    )
    try:
        set_identity(qapp)
        assert QApplication.desktopFileName() == APP_ID
        assert QApplication.applicationVersion() == __version__
        sizes = {(s.width(), s.height()) for s in QApplication.windowIcon().availableSizes()}
        assert {(16, 16), (32, 32), (256, 256)} <= sizes
    finally:
        qapp.setApplicationName(saved[0])
        qapp.setOrganizationName(saved[1])
        qapp.setApplicationVersion(saved[2])
        qapp.setDesktopFileName(saved[3])
        qapp.setWindowIcon(saved[4])


def test_the_icon_is_drawn_at_every_size(qapp):
    assert icons.check() == []
    pixmap = app_icon().pixmap(QSize(48, 48))
    assert (pixmap.width(), pixmap.height()) == (48, 48)
    # Not blank: the teal disc's centre is the amber dot.
    image = pixmap.toImage()
    assert image.pixelColor(24, 24).name() == "#fbbf24"
    assert image.pixelColor(0, 0).alpha() == 0


def test_the_ico_and_icns_writers_round_trip(qapp):
    images = {size: icons.render_png(size) for size in (16, 256)}
    assert icons.read_ico(icons.build_ico(images)) == images
    with pytest.raises(ValueError):
        icons.read_ico(b"\x00\x00\x02\x00\x00\x00")  # a cursor file, not an icon


def test_the_linux_desktop_entry_and_metainfo_carry_the_id_and_version():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP)
    section = entry["Desktop Entry"]
    assert section["Icon"] == APP_ID
    assert section["Exec"] == "kring %u"
    assert "x-scheme-handler/kring;" in section["MimeType"]

    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.find("launchable").text == f"{APP_ID}.desktop"
    newest = component.find("releases/release")
    assert newest.get("version") == __version__


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils absent")
def test_the_desktop_entry_is_valid():
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream (appstreamcli) absent")
def test_the_metainfo_is_valid():
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def test_the_macos_bundle_declares_kring_files_and_invite_links():
    info = plistlib.loads(INFO_PLIST.read_bytes())
    assert info["CFBundleIdentifier"] == APP_ID
    assert info["CFBundleShortVersionString"] == __version__
    assert info["CFBundleExecutable"] == "kring"
    documents = info["CFBundleDocumentTypes"]
    extensions = {ext for doc in documents for ext in doc.get("CFBundleTypeExtensions", [])}
    assert {"kcs", "kss", "csv"} <= extensions
    exported = {t["UTTypeIdentifier"]: t for t in info["UTExportedTypeDeclarations"]}
    for doc in info["CFBundleDocumentTypes"]:
        for uti in doc["LSItemContentTypes"]:
            assert uti in exported or uti == "public.comma-separated-values-text", uti
    schemes = [s for url in info["CFBundleURLTypes"] for s in url["CFBundleURLSchemes"]]
    assert schemes == ["kring"]


def test_the_windows_installer_carries_the_id_version_and_associations():
    script = INNO.read_text()
    defines = dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', script, re.M))
    assert defines["AppVersion"] == __version__
    assert defines["AppId"] == APP_ID
    assert 'Root: HKA; Subkey: "Software\\Classes\\kring"' in script
    for extension in (".kcs", ".kss"):
        assert f'Subkey: "Software\\Classes\\{extension}"' in script
    assert "PrivilegesRequiredOverridesAllowed=dialog" in script


@pytest.mark.parametrize(
    ("argv", "item"),
    [
        (["kring://invite/ABCD"], "kring://invite/ABCD"),
        (["--data-dir", "/d", "--lang=nl", "Sync/000000000001-000000000002.kcs"],
         "Sync/000000000001-000000000002.kcs"),
        (["leden.csv"], "leden.csv"),
        (["member", "import", "--community", "C", "leden.csv"], None),
        (["--data-dir", "map.csv"], None),
        (["--version"], None),
        ([], None),
    ],
)  # fmt: skip
def test_what_a_desktop_hands_over_is_told_from_a_command(argv, item):
    assert desktop_item(argv) == item


def test_kring_opens_its_window_when_a_desktop_passes_an_invite_link(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KRING_QUIT_AFTER_SHOWN": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "kring", "--data-dir", str(tmp_path / "data"), "kring://x"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["shown", "ready"]
