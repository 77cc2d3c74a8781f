"""`kring` / `python -m kring`: subcommands run headless; no subcommand opens the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from app import cli

# What a desktop hands to Kring when someone opens an invite link or one of Kring's files: the
# menu entry, the macOS Info.plist and the Windows installer register these (packaging/).
URL_SCHEME = "kring"
DOCUMENT_SUFFIXES = (".kcs", ".kss", ".csv")
_GLOBAL_OPTIONS = ("--data-dir", "--lang")


def desktop_item(argv: Sequence[str]) -> str | None:
    """The `kring://…` link or Kring file a desktop passed as the only argument, if any.

    Only global options may come before it: `kring member import people.csv` is a command.
    """
    if not argv:
        return None
    *before, last = argv
    i = 0
    while i < len(before):
        if before[i] in _GLOBAL_OPTIONS:
            if i + 1 == len(before):
                return None  # `last` is this option's value
            i += 2
        elif before[i].startswith(tuple(o + "=" for o in _GLOBAL_OPTIONS)):
            i += 1
        else:
            return None
    if last.lower().startswith(URL_SCHEME + ":"):
        return last
    if not last.startswith("-") and Path(last).suffix.lower() in DOCUMENT_SUFFIXES:
        return last
    return None


def open_desktop_app(data_dir: Path, item: str | None = None) -> int:
    try:
        from ui.app import main as gui_main
    except ImportError as exc:
        print(f"kring: the desktop app needs PySide6 and qasync ({exc})", file=sys.stderr)
        return cli.EXIT_REFUSED
    return gui_main(data_dir, item=item)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    item = desktop_item(args)
    if item is not None:
        # Opened from a link or a file: the window opens and offers what fits (join, import).
        args = args[:-1]
    return cli.main(args, open_gui=lambda data_dir: open_desktop_app(data_dir, item))


if __name__ == "__main__":
    sys.exit(main())
