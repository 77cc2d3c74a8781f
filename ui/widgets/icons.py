"""Line icons drawn in the palette's text colour, so they suit light and dark themes alike."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

ICON_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "icons" / "sections"
SIZES = (16, 20, 24, 32)


@cache
def _svg(name: str) -> str:
    return (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")


def _pixmap(svg: str, colour: QColor, size: int, ratio: float) -> QPixmap:
    painted = svg.replace("currentColor", colour.name())
    renderer = QSvgRenderer(QByteArray(painted.encode()))
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def themed_icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The icon `name` (resources/icons/sections/NAME.svg) in the colours of `palette`.

    Sharp at any scale: each size is rendered from the SVG at the screen's pixel ratio, in
    the normal text colour and, for a selected row, in the highlighted text colour.
    """
    palette = palette or QApplication.palette()
    app = QApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QApplication) else 1.0
    svg = _svg(name)
    icon = QIcon()
    roles = (
        (QIcon.Mode.Normal, QPalette.ColorRole.WindowText),
        (QIcon.Mode.Selected, QPalette.ColorRole.HighlightedText),
        (QIcon.Mode.Active, QPalette.ColorRole.WindowText),
    )
    for mode, role in roles:
        for size in SIZES:
            icon.addPixmap(_pixmap(svg, palette.color(role), size, ratio), mode)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    for size in SIZES:
        icon.addPixmap(_pixmap(svg, disabled, size, ratio), QIcon.Mode.Disabled)
    return icon
