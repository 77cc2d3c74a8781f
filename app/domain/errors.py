"""Errors the services raise, each with a message a facilitator understands."""

from __future__ import annotations


class KringError(Exception):
    """A request Kring refuses; `str(error)` is already translated for the user."""


class ValidationError(KringError):
    """The input does not make sense (an email that is not one, an end before a start)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(KringError):
    """The thing asked for does not exist (or was deleted)."""


class StorageError(KringError):
    """The data folder cannot be read or written (disk full, no permission)."""
