"""Hybrid logical clock: time-ordered stamps that survive a wall clock jumping backwards."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_DRIFT_MS = 5 * 60 * 1000  # a stamp further ahead of our clock than this is held back
_MS_DIGITS = 12  # hex digits: good until the year 10889
_COUNTER_DIGITS = 4


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    """(milliseconds, counter, device): totally ordered, and so is its text form."""

    ms: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.ms:0{_MS_DIGITS}x}{self.counter:0{_COUNTER_DIGITS}x}{self.device}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        split = _MS_DIGITS + _COUNTER_DIGITS
        return cls(int(text[:_MS_DIGITS], 16), int(text[_MS_DIGITS:split], 16), text[split:])


class ClockDrift(Exception):
    """A received stamp is too far in the future of this device's clock."""

    def __init__(self, stamp: Stamp, ahead_ms: int) -> None:
        super().__init__(f"stamp {stamp.encode()} is {ahead_ms} ms ahead")
        self.stamp = stamp
        self.ahead_ms = ahead_ms


class HybridClock:
    def __init__(
        self,
        device: str,
        last: Stamp | None = None,
        wall_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
    ) -> None:
        self.device = device
        self.wall_ms = wall_ms
        self.last = last or Stamp(0, 0, device)

    def now(self) -> Stamp:
        """A stamp later than every stamp this clock has issued or seen."""
        wall = self.wall_ms()
        if wall > self.last.ms:
            stamp = Stamp(wall, 0, self.device)
        else:
            stamp = Stamp(self.last.ms, self.last.counter + 1, self.device)
        self.last = stamp
        return stamp

    def check(self, remote: Stamp) -> None:
        ahead = remote.ms - self.wall_ms()
        if ahead > MAX_DRIFT_MS:
            raise ClockDrift(remote, ahead)

    def observe(self, remote: Stamp) -> None:
        """Move past a received stamp so later local writes order after it."""
        self.check(remote)
        if (remote.ms, remote.counter) > (self.last.ms, self.last.counter):
            self.last = Stamp(remote.ms, remote.counter, self.device)
