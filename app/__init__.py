"""Kring: offline-first desktop app for facilitators of hybrid communities.

Kring's identity lives here and only here: pyproject.toml reads the version from this file,
`kring --version`, the About dialog, the installers (packaging/) and tests/packaging agree with it.
"""

__version__ = "0.1.0"

# Reverse-DNS application id: the .desktop file's name, the AppStream id, the macOS bundle id,
# and what Qt tells the desktop (QGuiApplication.setDesktopFileName).
APP_ID = "nl.kring.Kring"
# Where a newer version can be downloaded. Kring itself never checks it (offline first).
DOWNLOAD_PAGE = "https://kring.app/download"
