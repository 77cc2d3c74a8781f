"""One translation system for Kring: gettext `_()` and `N_()`, Dutch and English."""

from __future__ import annotations

import gettext
import locale
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from app.resources import resource_dir

DOMAIN = "kring"
LANGUAGES = ("en", "nl")
LOCALE_DIR = resource_dir() / "translations"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def N_(message: str) -> str:
    """Mark a string for translation without translating it yet."""
    return message


# A thread may speak another language for a while (a Dutch handout rendered
# in a worker while the window stays English): see `in_language`.
_local = threading.local()


def _(message: str) -> str:
    """Translate a message into the current language (this thread's, if it has its own)."""
    return getattr(_local, "translation", _translation).gettext(message)


def plural(n: int, one: str, many: str) -> str:
    """The translated singular or plural sentence, with {n} filled in (Dutch and English
    both have one form for 1 and one for the rest). `one` and `many` are translated already."""
    return (one if n == 1 else many).replace("{n}", str(n))


def current_language() -> str:
    return getattr(_local, "language", _language)


@cache
def _catalogue(code: str) -> gettext.NullTranslations:
    if code == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


@contextmanager
def in_language(code: str) -> Iterator[None]:
    """Speak `code` on this thread only, for the duration of the block."""
    code = code if code in LANGUAGES else "en"
    saved = getattr(_local, "language", None), getattr(_local, "translation", None)
    _local.language, _local.translation = code, _catalogue(code)
    try:
        yield
    finally:
        if saved[0] is None:
            del _local.language, _local.translation
        else:
            _local.language, _local.translation = saved


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
    _translation = _catalogue(code)
    return code
