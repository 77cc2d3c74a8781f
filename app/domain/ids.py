"""Identifiers: time-ordered UUIDv7 for rows, deterministic UUIDv5 for join rows."""

from __future__ import annotations

import os
import threading
import time
import uuid

# Fixed namespace so that two laptops derive the same id for the same join row.
KRING_NAMESPACE = uuid.UUID("6f1d9c52-5b0e-4c3e-9a53-3c1f4b1d2e70")

_lock = threading.Lock()
_last_ms = 0
_last_rand = 0


def uuid7() -> str:
    """A UUIDv7 (RFC 9562) string; monotonic within this process."""
    global _last_ms, _last_rand
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            # Same or earlier millisecond: keep order by bumping the random part.
            ms = _last_ms
            rand = _last_rand + 1
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 6  # 74 random bits
        _last_ms, _last_rand = ms, rand
    rand_a = (rand >> 62) & 0xFFF
    rand_b = rand & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


def attendance_id(session_id: str, member_id: str) -> str:
    """One attendance row per (session, member), whichever laptop checks the person in."""
    return str(uuid.uuid5(KRING_NAMESPACE, f"attendance:{session_id}:{member_id}"))


def vote_id(contribution_id: str, device_id: str) -> str:
    """One vote counter row per (contribution, device); votes are their sum."""
    return str(uuid.uuid5(KRING_NAMESPACE, f"vote:{contribution_id}:{device_id}"))
