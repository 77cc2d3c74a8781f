"""The handouts' fonts: DejaVu Sans embedded and subset, and text made safe to draw with it."""

from __future__ import annotations

import functools
import re
import unicodedata
from xml.sax.saxutils import escape

from app.resources import resource_dir

FONT_DIR = resource_dir() / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MISSING = "\N{REPLACEMENT CHARACTER}"
_SPACES = re.compile(r"[ \t]{2,}")

# Joiners and selectors that only shape emoji sequences; alone they print as boxes.
_INVISIBLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0x1F3FB, 0x1F400))


@functools.cache
def register() -> frozenset[int]:
    """Register DejaVu Sans and Bold with reportlab (once); returns the code points they cover.

    reportlab embeds TrueType fonts as subsets of the glyphs a document uses.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf"))
    bold = TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph)


def printable(text: str | None) -> str:
    """`text` as the fonts can draw it and a PDF reader can extract it again.

    Emoji and other characters beyond the Basic Multilingual Plane are dropped: reportlab
    maps them to the wrong character in the text layer. Letters DejaVu has no glyph for
    (Chinese, Japanese, ...) become U+FFFD rather than an invisible empty box.
    """
    if not text:
        return ""
    covered = register()
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        code = ord(ch)
        drawable = code in covered and code <= 0xFFFF and code not in _INVISIBLE
        if drawable or ch in "\n\t":
            out.append(ch)
        elif code in _INVISIBLE or code > 0xFFFF or unicodedata.category(ch)[0] in "CSZ":
            continue
        else:
            out.append(MISSING)
    return _SPACES.sub(" ", "".join(out)).strip()


def markup(text: str | None) -> str:
    """User text for a Paragraph: printable, XML-escaped, line breaks kept."""
    return escape(printable(text)).replace("\n", "<br/>")


def fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis so that it fits in `width` points on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = printable(text).replace("\n", " ")
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid].rstrip() + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"
