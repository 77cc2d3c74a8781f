"""`kring` / `python -m kring`: subcommands run headless; no subcommand opens the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from app import cli


def open_desktop_app(data_dir: Path) -> int:
    try:
        from ui.app import main as gui_main
    except ImportError as exc:
        print(f"kring: the desktop app needs PySide6 and qasync ({exc})", file=sys.stderr)
        return cli.EXIT_REFUSED
    return gui_main(data_dir)


def main() -> int:
    return cli.main(open_gui=open_desktop_app)


if __name__ == "__main__":
    sys.exit(main())
