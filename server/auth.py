"""Device tokens, invite codes and the per-token request rate (all kept by the server)."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed
_DURATION = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def digest(secret: str) -> str:
    """What the server keeps of a token or an invite code: its SHA-256, never the secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "kdt_" + secrets.token_urlsafe(32)


def new_invite_code() -> str:
    """Twenty characters in groups of four (100 bits), e.g. `KRNG-7QX4-…`."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(20))
    return "-".join(chars[i : i + 4] for i in range(0, 20, 4))


def normalise_invite(code: str) -> str:
    """Invite codes are read case-insensitively, with or without dashes and spaces."""
    return re.sub(r"[\s-]", "", code).upper()


def parse_duration(text: str) -> timedelta:
    """`90s`, `30m`, `12h`, `7d`, `2w`."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30m, 12h, 7d, 2w)")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def expiry(duration: str | None, now: datetime | None = None) -> str | None:
    if duration is None:
        return None
    moment = (now or datetime.now(UTC)) + parse_duration(duration)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


class RateLimiter:
    """At most `per_minute` requests per key in any 60 seconds (a sliding window).

    Kept in this process's memory: with several server processes behind a load
    balancer, each one counts on its own, so a token may reach `per_minute`
    times the number of processes.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> int | None:
        """Count one request; None when allowed, else the seconds to wait (Retry-After)."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(1, math.ceil(hits[0] + 60 - now))
            hits.append(now)
            if len(self._hits) > 10_000:
                self._forget_idle(now)
        return None

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - 60]:
            del self._hits[key]
