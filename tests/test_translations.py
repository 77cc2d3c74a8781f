"""Every user-facing string has its Dutch translation, and the compiled catalogue is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app import i18n
from app.domain.model import label

ROOT = Path(__file__).resolve().parent.parent


def test_every_string_is_translated_and_compiled():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "translations.py"), "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout


def test_switching_language_translates_messages_and_labels():
    assert i18n.set_language("nl") == "nl"
    assert label("ambassador") == "ambassadeur"
    assert i18n._("Add member") == "Lid toevoegen"
    assert i18n.set_language("en") == "en"
    assert label("ambassador") == "ambassador"


def test_unknown_language_falls_back_to_english(monkeypatch):
    monkeypatch.setenv("KRING_LANG", "fr_FR.UTF-8")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("KRING_LANG", "nl_BE.UTF-8")
    assert i18n.system_language() == "nl"


def test_a_thread_can_speak_another_language_without_changing_the_others():
    import threading

    seen = {}
    inside = threading.Event()
    release = threading.Event()

    def worker():
        with i18n.in_language("nl"):
            seen["worker"] = i18n._("Add member")
            inside.set()
            release.wait(10)
        seen["after"] = i18n._("Add member")

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(10)
    seen["main"] = i18n._("Add member")
    release.set()
    thread.join(10)
    assert seen == {"worker": "Lid toevoegen", "main": "Add member", "after": "Add member"}
