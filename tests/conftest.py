"""Fixtures shared by every layer's tests."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KRING_LANG", "en")

import pytest

from app import i18n
from app.services import communities
from app.services.workspace import Workspace


@pytest.fixture(autouse=True)
def english():
    """Tests read messages in English unless they switch language themselves."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def ws(data_dir):
    workspace = Workspace.open(data_dir)
    yield workspace
    workspace.close()


@pytest.fixture
def community(ws):
    return communities.create(ws, "Buurtzorg Oost", purpose="Samen zorgen voor de wijk").id


@pytest.fixture
def shared(tmp_path):
    """A shared folder the laptops sync through."""
    path = tmp_path / "shared"
    path.mkdir()
    return path


@pytest.fixture
def other(tmp_path):
    """A second laptop's data folder."""
    workspace = Workspace.open(tmp_path / "other")
    yield workspace
    workspace.close()
