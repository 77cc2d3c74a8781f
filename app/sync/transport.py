"""What every sync transport offers (folder now, server next): changesets in, changesets out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.domain.errors import KringError


class TransportError(KringError):
    """The shared folder or server cannot be used right now; local data is untouched."""


@dataclass(frozen=True, order=True)
class Ref:
    """Where one changeset can be fetched: device, seq range, and a transport-specific key."""

    device: str
    first: int
    last: int
    key: str


class Transport(Protocol):
    name: str

    def push(self, community: str, device: str, first: int, last: int, blob: bytes) -> None:
        """Store one changeset; storing the same one again is harmless."""

    def pushed(self, community: str, device: str) -> int:
        """The highest seq of this device's changesets the transport already holds."""

    def available(self, community: str, exclude: str) -> list[Ref]:
        """Changesets of other devices, in no particular order."""

    def fetch(self, ref: Ref) -> bytes:
        """The bytes of one changeset (may be incomplete: the caller checks)."""
