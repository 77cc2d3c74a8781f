"""Automatic backups of the database with SQLite's backup API, keeping the last few."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP = 7


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.sqlite"))


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str, keep: int = KEEP) -> Path:
    """Copy the live database (consistent, even mid-use) to backups/ and prune old copies.

    Runs on the thread that owns `conn`.
    """
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    partial = target.with_suffix(".partial")
    with sqlite3.connect(partial) as copy:
        conn.backup(copy)
    copy.close()
    partial.rename(target)
    for old in list_backups(db_path)[:-keep]:
        old.unlink(missing_ok=True)
    return target
