"""Render Kring's icon from resources/icons/kring.svg into PNGs, a Windows .ico and a macOS .icns.

    .venv/bin/python tools/icons.py render   # writes resources/icons/ (commit the result)
    .venv/bin/python tools/icons.py check    # the committed files are complete and well formed

Qt's own SVG renderer (QtSvg, part of PySide6-Essentials) draws the PNGs; the .ico and .icns
containers are written here: both simply hold PNG images, which Windows (Vista on) and macOS
(10.7 on) read directly.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
SOURCE = ICON_DIR / "kring.svg"
# The freedesktop hicolor theme's sizes; packaging/linux/install.sh installs each one.
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# An .icns entry per type: the PNG's pixel size (the @2x types are retina versions).
ICNS_TYPES = {
    b"icp4": 16,
    b"icp5": 32,
    b"icp6": 64,
    b"ic07": 128,
    b"ic08": 256,
    b"ic09": 512,
    b"ic10": 1024,
    b"ic11": 32,
    b"ic12": 64,
    b"ic13": 256,
    b"ic14": 512,
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_path(size: int) -> Path:
    return ICON_DIR / f"kring-{size}.png"


def render_png(size: int) -> bytes:
    """The icon drawn at `size` × `size` pixels, as PNG bytes (needs a QGuiApplication)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def build_ico(images: dict[int, bytes]) -> bytes:
    """A Windows icon holding one PNG per size (a size of 256 is written as 0)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = images[size]
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def read_ico(data: bytes) -> dict[int, bytes]:
    """The PNG images in an .ico, by size."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    if reserved != 0 or kind != 1:
        raise ValueError("not an .ico")
    images = {}
    for i in range(count):
        dim, _h, _c, _r, _planes, _bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        png = data[offset : offset + length]
        if png_size(png) != ((dim or 256), (dim or 256)):
            raise ValueError(f"entry {i} is not {dim or 256} pixels")
        images[dim or 256] = png
    return images


def build_icns(images: dict[int, bytes]) -> bytes:
    body = b""
    for kind, size in ICNS_TYPES.items():
        body += kind + struct.pack(">I", 8 + len(images[size])) + images[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def read_icns(data: bytes) -> dict[bytes, bytes]:
    """The entries of an .icns, by type."""
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise ValueError("not an .icns")
    entries, at = {}, 8
    while at < len(data):
        kind, length = data[at : at + 4], struct.unpack(">I", data[at + 4 : at + 8])[0]
        entries[kind] = data[at + 8 : at + length]
        at += length
    return entries


def render() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["icons"])
    sizes = sorted(set(HICOLOR_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES.values()))
    images = {size: render_png(size) for size in sizes}
    for size in HICOLOR_SIZES:
        png_path(size).write_bytes(images[size])
    (ICON_DIR / "kring.ico").write_bytes(build_ico({s: images[s] for s in ICO_SIZES}))
    (ICON_DIR / "kring.icns").write_bytes(build_icns(images))
    del app
    print(f"wrote {len(HICOLOR_SIZES)} PNGs, kring.ico and kring.icns in {ICON_DIR}")


def check() -> list[str]:
    """What is missing or malformed among the committed icon files (empty: all well)."""
    problems = []
    for size in HICOLOR_SIZES:
        path = png_path(size)
        if not path.exists():
            problems.append(f"{path.name} is missing")
        elif png_size(path.read_bytes()) != (size, size):
            problems.append(f"{path.name} is not {size}×{size}")
    try:
        ico = read_ico((ICON_DIR / "kring.ico").read_bytes())
        if sorted(ico) != sorted(ICO_SIZES):
            problems.append(f"kring.ico holds sizes {sorted(ico)}, not {list(ICO_SIZES)}")
    except (OSError, ValueError, struct.error) as exc:
        problems.append(f"kring.ico: {exc}")
    try:
        icns = read_icns((ICON_DIR / "kring.icns").read_bytes())
        for kind, size in ICNS_TYPES.items():
            if kind not in icns or png_size(icns[kind]) != (size, size):
                problems.append(f"kring.icns lacks a {size}-pixel {kind.decode()} entry")
    except (OSError, ValueError, struct.error) as exc:
        problems.append(f"kring.icns: {exc}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["render", "check"])
    args = parser.parse_args(argv)
    if args.command == "render":
        render()
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
