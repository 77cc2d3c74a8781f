"""Line icons drawn in the palette's text colour, so they suit light and dark themes alike."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QSize
from PySide6.QtGui import QColor, QIcon, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from app.resources import resource_dir

ICON_DIR = resource_dir() / "icons" / "sections"
SIZE = 20  # the sidebar's icon size; Qt derives the disabled look from the normal one


@cache
def _svg(name: str) -> str:
    return (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")


def _pixmap(svg: str, colour: QColor, ratio: float) -> QPixmap:
    """The SVG in `colour`, rendered at SIZE for a screen of pixel ratio `ratio` (Qt's svg
    image plugin: no QtSvg module to import at start-up)."""
    data = QByteArray(svg.replace("currentColor", colour.name()).encode())
    buffer = QBuffer(data)  # both kept alive here: the reader reads through them
    reader = QImageReader(buffer, b"svg")
    reader.setScaledSize(QSize(round(SIZE * ratio), round(SIZE * ratio)))
    pixmap = QPixmap.fromImage(reader.read())
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def themed_icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The icon `name` (resources/icons/sections/NAME.svg) in the colours of `palette`.

    Sharp at any scale: rendered from the SVG at the screen's pixel ratio, in the normal text
    colour and, for a selected row, in the highlighted text colour.
    """
    palette = palette or QApplication.palette()
    app = QApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QApplication) else 1.0
    svg = _svg(name)
    icon = QIcon()
    icon.addPixmap(_pixmap(svg, palette.color(QPalette.ColorRole.WindowText), ratio))
    selected = palette.color(QPalette.ColorRole.HighlightedText)
    icon.addPixmap(_pixmap(svg, selected, ratio), QIcon.Mode.Selected)
    return icon
