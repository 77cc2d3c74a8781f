"""The `kring conflicts` subcommands: list what needs a human decision, and resolve it."""

from __future__ import annotations

import argparse
from collections.abc import Callable

Command = Callable[..., argparse.ArgumentParser]


def register(sub, command: Command, group: Callable, json_flag: Callable) -> None:
    """Add `kring conflicts list|resolve` to the `kring` parser."""
