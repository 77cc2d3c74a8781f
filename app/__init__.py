"""Kring: offline-first desktop app for facilitators of hybrid communities."""

__version__ = "0.1.0"
