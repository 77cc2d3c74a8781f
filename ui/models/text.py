"""Text helpers shared by the item models."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Text reduced for matching: case and accents ignored, so "jose" finds "José"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
