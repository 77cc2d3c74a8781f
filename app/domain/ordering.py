"""Fractional indexes: order keys that can always be placed between two others.

Two laptops reordering an agenda at the same time each write only the moved
item's key, so their changes merge; equal keys are ordered by id.
"""

from __future__ import annotations

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_VALUE = {c: i for i, c in enumerate(DIGITS)}
BASE = len(DIGITS)


def _midpoint(low: str, high: str | None) -> str:
    """A key strictly between `low` and `high` (None: the end), read as base-62 fractions."""
    if high is not None:
        n = 0
        while n < len(high) and (low[n] if n < len(low) else "0") == high[n]:
            n += 1
        if n:
            return high[:n] + _midpoint(low[n:], high[n:])
    lo = _VALUE[low[0]] if low else 0
    hi = _VALUE[high[0]] if high else BASE
    if hi - lo > 1:
        return DIGITS[(lo + hi) // 2]
    if high is not None and len(high) > 1:
        return high[0]
    return DIGITS[lo] + _midpoint(low[1:], None)


def key_between(before: str | None, after: str | None) -> str:
    """An order key after `before` and before `after` (either may be None for an end)."""
    low = before or ""
    if after is not None and low >= after:
        raise ValueError(f"{before!r} is not before {after!r}")
    if low.endswith("0") or (after or "x").endswith("0"):
        raise ValueError("order keys never end in 0")
    return _midpoint(low, after or None)


def keys_after(last: str | None, count: int) -> list[str]:
    keys = []
    for _i in range(count):
        last = key_between(last, None)
        keys.append(last)
    return keys
