"""The sync subcommands of `kring`: sync, join, conflicts (registered by app.cli)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from app import cli_conflicts

Command = Callable[..., argparse.ArgumentParser]


def register(sub, command: Command, group: Callable, json_flag: Callable) -> None:
    """Add the sync subcommands to the `kring` parser."""
    cli_conflicts.register(sub, command, group, json_flag)
