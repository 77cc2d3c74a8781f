"""One translation system for Kring: gettext `_()` and `N_()`, Dutch and English."""

from __future__ import annotations

import gettext
import locale
import os
from pathlib import Path

DOMAIN = "kring"
LANGUAGES = ("en", "nl")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def N_(message: str) -> str:
    """Mark a string for translation without translating it yet."""
    return message


def _(message: str) -> str:
    """Translate a message into the current language."""
    return _translation.gettext(message)


def current_language() -> str:
    return _language


def system_language() -> str:
    """The language the user's system asks for, if Kring speaks it, else English."""
    for var in ("KRING_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    return code if code in LANGUAGES else "en"


def set_language(code: str | None = None) -> str:
    """Switch every later `_()` call to `code` (default: the system's language)."""
    global _translation, _language
    code = code or system_language()
    if code not in LANGUAGES:
        code = "en"
    _language = code
    if code == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    return code
