"""The hybrid logical clock."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sync.clock import MAX_DRIFT_MS, ClockDrift, HybridClock, Stamp


def test_stamps_increase_when_the_wall_clock_jumps_backwards():
    wall = [10_000]
    clock = HybridClock("dev-a", wall_ms=lambda: wall[0])
    first = clock.now()
    wall[0] = 5_000  # someone set the laptop's clock back
    second = clock.now()
    third = clock.now()
    assert first < second < third
    assert second.ms == 10_000 and second.counter == 1


def test_observing_a_remote_stamp_orders_later_writes_after_it():
    clock = HybridClock("dev-a", wall_ms=lambda: 1_000)
    remote = Stamp(50_000, 7, "dev-b")
    clock.observe(remote)
    assert clock.now() > remote


def test_a_stamp_far_in_the_future_is_held_back():
    clock = HybridClock("dev-a", wall_ms=lambda: 1_000)
    with pytest.raises(ClockDrift):
        clock.observe(Stamp(1_000 + MAX_DRIFT_MS + 1, 0, "dev-b"))
    clock.observe(Stamp(1_000 + MAX_DRIFT_MS, 0, "dev-b"))


@given(
    st.integers(0, 2**47), st.integers(0, 2**15), st.integers(0, 2**47), st.integers(0, 2**15),
    st.sampled_from(["a", "b", "0193-ff"]), st.sampled_from(["a", "b", "0193-ff"]),
)  # fmt: skip
def test_text_form_sorts_like_the_stamp(ms1, c1, ms2, c2, d1, d2):
    one, two = Stamp(ms1, c1, d1), Stamp(ms2, c2, d2)
    assert Stamp.decode(one.encode()) == one
    if (ms1, c1) != (ms2, c2):
        assert (one < two) == (one.encode() < two.encode())
