"""Fixtures for the handout tests."""

from __future__ import annotations

import pytest

from tests.handouts.helpers import Scenario, build_scenario


@pytest.fixture
def scenario(ws) -> Scenario:
    return build_scenario(ws)
