"""The store: migrations, full-text search, backups, transactions."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.errors import StorageError
from app.store import schema
from app.store.backup import list_backups
from app.store.db import Store

LATEST = [m.name for m in schema.MIGRATIONS]


def test_empty_database_migrates_to_latest(tmp_path):
    store = Store(tmp_path / "k.sqlite")
    assert store.applied_migrations() == LATEST
    assert {"strengths", "interests", "consent_photo"} <= store.columns("member")
    assert set(schema.SYNCED_TABLES) <= set(store.db.table_names())
    store.close()


def test_database_at_first_schema_migrates_with_its_data(tmp_path):
    path = tmp_path / "k.sqlite"
    old = Store(path, daily_backup=False)
    old.conn.execute("DELETE FROM _migrations")
    for table in list(old.db.table_names()):
        if not table.startswith("_"):
            old.db[table].drop(ignore=True)
    assert old.migrate(upto="m001_initial") == ["m001_initial"]
    assert "strengths" not in old.db["member"].columns_dict
    old.conn.execute(
        "INSERT INTO member (id, community, name, email) VALUES ('m1', 'c1', 'Zoë', 'z@x.nl')"
    )
    old.close()

    store = Store(path, daily_backup=False)
    assert store.applied_migrations() == LATEST
    row = store.get("member", "m1")
    assert row["name"] == "Zoë" and row["consent_photo"] == 0 and row["strengths"] is None
    # The search index covers the migrated row and the new columns.
    store.update("member", "m1", {"strengths": "verbinden"})
    hits = store.query("SELECT rowid FROM member_fts WHERE member_fts MATCH 'verbinden'")
    assert len(hits) == 1
    # A backup was made before migrating existing data.
    assert any("before-m002" in p.name for p in list_backups(path))
    store.close()


def test_every_table_has_text_key_and_no_other_unique_constraint(tmp_path):
    store = Store(tmp_path / "k.sqlite")
    for table in schema.SYNCED_TABLES:
        columns = store.db[table].columns_dict
        assert store.db[table].pks == ["id"]
        assert columns["id"] is str
        indexes = store.db[table].indexes
        assert not [i for i in indexes if i.unique and not i.name.startswith("sqlite_autoindex")]
        assert not store.db[table].foreign_keys
    store.close()


def test_search_triggers_are_rebuilt_when_a_transform_drops_them(tmp_path):
    path = tmp_path / "k.sqlite"
    store = Store(path)
    store.insert("question", {"community": "c", "title": "Eenzaamheid in de wijk"})
    store.db["question"].transform(types={"urgency": int})
    assert "question_ai" not in {t.name for t in store.db["question"].triggers}
    store.close()
    store = Store(path)
    store.insert("question", {"community": "c", "title": "Eenzaamheid onder ouderen"})
    hits = store.query("SELECT rowid FROM question_fts WHERE question_fts MATCH 'eenzaamheid'")
    assert len(hits) == 2
    store.close()


def test_search_ignores_diacritics(tmp_path):
    store = Store(tmp_path / "k.sqlite")
    store.insert("member", {"community": "c", "name": "Çelik Öztürk"})
    hits = store.query("SELECT rowid FROM member_fts WHERE member_fts MATCH 'ozturk'")
    assert len(hits) == 1
    store.close()


def test_daily_backup_made_once_a_day_keeping_seven(tmp_path):
    path = tmp_path / "k.sqlite"
    store = Store(path)
    store.insert("community", {"name": "Wijk"})
    for day in range(10):
        stamp = (datetime.now(UTC) - timedelta(days=2 + day)).isoformat()
        store.set_meta("last_backup", stamp)
        assert store.backup_if_due() is not None
    assert store.backup_if_due() is None  # just made one
    backups = list_backups(path)
    assert len(backups) == 7
    with sqlite3.connect(backups[-1]) as copy:
        assert copy.execute("SELECT name FROM community").fetchall() == [("Wijk",)]
    store.close()


def test_failed_transaction_leaves_nothing_behind(tmp_path):
    store = Store(tmp_path / "k.sqlite")
    with pytest.raises(RuntimeError), store.transaction():
        store.insert("community", {"name": "Half"})
        raise RuntimeError("boom")
    assert store.select("community") == []
    store.close()


def test_unknown_columns_and_tables_are_refused(tmp_path):
    store = Store(tmp_path / "k.sqlite")
    with pytest.raises(ValueError):
        store.insert("member", {"community": "c", "name": "x", "evil]": 1})
    with pytest.raises(ValueError):
        store.select("sqlite_master")
    with pytest.raises(ValueError):
        store.select("member", order_by="name; DROP TABLE member")
    store.close()


def test_unwritable_folder_is_a_clear_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot use its data folder"):
        Store(blocker / "k.sqlite")


def test_damaged_file_is_a_clear_storage_error(tmp_path):
    path = tmp_path / "k.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError, match="damaged"):
        Store(path)


def test_wal_and_busy_timeout_are_set(tmp_path):
    store = Store(tmp_path / "k.sqlite")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert store.integrity_check() == "ok"
    store.close()
