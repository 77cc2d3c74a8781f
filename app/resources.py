"""Where Kring's resources are: translations, fonts and icons (the folder resources/).

In a checkout, an editable install and the desktop bundle it sits beside the packages; an
installed wheel carries it inside the `kring` package (setup.py copies it there).
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def resource_dir() -> Path:
    """The resources/ folder Kring runs with."""
    installed = _ROOT / "kring" / "resources"
    return installed if installed.is_dir() else _ROOT / "resources"
