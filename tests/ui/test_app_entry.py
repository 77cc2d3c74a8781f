"""The real entry point, in a subprocess, and the Qt translator it installs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from ui.app import install_qt_translator

ROOT = Path(__file__).resolve().parents[2]


def run_kring(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KRING_QUIT_AFTER_SHOWN": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # QSettings go here, not to ~/.config
    }
    env.pop("KRING_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "kring", "--data-dir", str(tmp_path / "data"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("language", ["en", "nl"])
def test_kring_without_a_subcommand_shows_the_window_and_exits_cleanly(tmp_path, language):
    done = run_kring(tmp_path, "--lang", language)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["shown", "ready"]
    assert (tmp_path / "data" / "kring.sqlite").is_file()
    assert (tmp_path / "config" / "Kring" / "Kring.conf").is_file()


def test_qt_standard_dialogs_are_translated_in_dutch(qapp):
    translator = install_qt_translator(qapp, "nl")
    assert translator is not None
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_no_qt_translator_is_needed_in_english(qapp):
    assert install_qt_translator(qapp, "en") is None
