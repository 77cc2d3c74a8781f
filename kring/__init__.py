"""Kring's launcher: the `kring` command, which is the CLI with the desktop app behind it."""
