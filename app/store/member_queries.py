"""Queries behind the members table: filtered, sorted id lists, pages of rows, look-ups."""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from collections.abc import Sequence
from typing import Any

from app.store.db import Store

# The columns the table shows and sorts by, in the order the UI numbers them.
SORTABLE = ("name", "email", "organisation", "department", "role")
# Roles sorted by how central they are to the community, not alphabetically.
ROLE_ORDER = ("initiator", "core", "ambassador", "connector", "member", "guest")
# What a row of the table needs; the rest of a member is read when one is opened.
LISTED = ("id", "name", "email", "organisation", "department", "role", "left_on")
PAGE_LIMIT = 999  # SQLite's oldest limit on bound parameters in one statement

_TOKEN = re.compile(r"\w+", re.UNICODE)
# How names sort: case-blind, and a first letter with an accent among its plain letter
# ("Özlem" among the o's, not after the z's). Folding only that letter keeps Python out
# of all but the few rows that need it: a call per row would cost ~1 µs x 10,000.
NAME_KEY = (
    "(CASE WHEN unicode(m.name) > 127 THEN kring_fold(substr(m.name, 1, 1)) || substr(m.name, 2)"
    " ELSE m.name END) COLLATE NOCASE"
)
_folding: weakref.WeakSet[Store] = weakref.WeakSet()


@functools.lru_cache(maxsize=65536)
def fold(text: str | None) -> str:
    """Text reduced for sorting and matching: case and accents ignored ("Émile" ~ "emile")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _ensure_fold(store: Store) -> None:
    """Register `kring_fold(text)` on the store's connection (once: registering again
    would expire the connection's prepared statements)."""
    if store not in _folding:
        store.conn.create_function("kring_fold", 1, fold, deterministic=True)
        _folding.add(store)


def filter_query(text: str) -> str | None:
    """An FTS5 query for the shown columns where every word typed must start a word."""
    words = _TOKEN.findall(text)
    if not words:
        return None
    return "{name email organisation department} : " + " ".join(f'"{w}"*' for w in words)


def _where(
    community_id: str, text: str, role: str | None, department: str | None, status: str | None
) -> tuple[str, dict[str, Any]]:
    clauses = ["m.community = :community", "m.deleted = 0"]
    params: dict[str, Any] = {"community": community_id}
    query = filter_query(text)
    if query is not None:
        clauses.append("m.rowid IN (SELECT rowid FROM member_fts WHERE member_fts MATCH :query)")
        params["query"] = query
    if role:
        clauses.append("m.role = :role")
        params["role"] = role
    if department is not None:
        if department:
            clauses.append("m.department = :department")
            params["department"] = department
        else:
            clauses.append("COALESCE(m.department, '') = ''")
    if status == "active":
        clauses.append("COALESCE(m.left_on, '') = ''")
    elif status == "left":
        clauses.append("COALESCE(m.left_on, '') <> ''")
    return " AND ".join(clauses), params


def ordered_ids(
    store: Store,
    community_id: str,
    *,
    text: str = "",
    role: str | None = None,
    department: str | None = None,
    status: str | None = None,
    sort: str = "name",
    descending: bool = False,
) -> list[str]:
    """Ids of the members that pass the filters, in the order asked for.

    `department` "" keeps members without one; `status` is "active", "left" or None.
    Members without a value in the sort column come last either way.
    """
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort members by {sort!r}")
    _ensure_fold(store)
    where, params = _where(community_id, text, role, department, status)
    direction = "DESC" if descending else "ASC"
    if sort == "name":
        key = f"{NAME_KEY} {direction}, m.id"
    elif sort == "role":
        ranks = " ".join(f"WHEN '{r}' THEN {i}" for i, r in enumerate(ROLE_ORDER))
        key = f"CASE m.role {ranks} ELSE {len(ROLE_ORDER)} END {direction}"
    else:
        key = f"COALESCE(m.[{sort}], '') = '', m.[{sort}] COLLATE NOCASE {direction}"
    if sort != "name":
        key += f", {NAME_KEY}, m.id"
    rows = store.conn.execute(f"SELECT m.id FROM member m WHERE {where} ORDER BY {key}", params)
    return [r[0] for r in rows]


def listed_rows(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The listed columns of the given members, by id (deleted ones are left out)."""
    found: dict[str, dict[str, Any]] = {}
    names = ", ".join(LISTED)
    for start in range(0, len(ids), PAGE_LIMIT):
        chunk = list(ids[start : start + PAGE_LIMIT])
        marks = ", ".join("?" * len(chunk))
        cursor = store.conn.execute(
            f"SELECT {names} FROM member WHERE deleted = 0 AND id IN ({marks})", chunk
        )
        for row in cursor:
            found[row[0]] = dict(zip(LISTED, row, strict=True))
    return found


def count(store: Store, community_id: str) -> int:
    """How many members the community has (not deleted), left ones included."""
    return store.count("member", {"community": community_id})


def departments(store: Store, community_id: str) -> list[str]:
    """The departments members are in, each once, sorted ignoring case."""
    rows = store.conn.execute(
        "SELECT DISTINCT department FROM member WHERE community = :community AND deleted = 0 "
        "AND COALESCE(department, '') <> '' ORDER BY department COLLATE NOCASE",
        {"community": community_id},
    )
    return [r[0] for r in rows]


def names_matching(
    store: Store, community_id: str, text: str, limit: int = 20
) -> list[tuple[str, str]]:
    """(id, name) of members whose name has words starting as typed, for a picker."""
    words = _TOKEN.findall(text)
    if not words:
        return []
    _ensure_fold(store)
    query = "{name} : " + " ".join(f'"{w}"*' for w in words)
    rows = store.conn.execute(
        "SELECT m.id, m.name FROM member m WHERE m.community = :community AND m.deleted = 0 "
        "AND m.rowid IN (SELECT rowid FROM member_fts WHERE member_fts MATCH :query) "
        f"ORDER BY {NAME_KEY}, m.id LIMIT :limit",
        {"community": community_id, "query": query, "limit": limit},
    )
    return [(r[0], r[1]) for r in rows]


# Where other records point at a member: (table, column).
REFERENCES = (
    ("attendance", "member"),
    ("attendance", "brought_by"),
    ("contribution", "author"),
    ("action", "owner"),
    ("question", "owner"),
    ("member", "brought_by"),
    ("session", "facilitator"),
    ("agenda_item", "presenter"),
)


def reference_counts(store: Store, member_id: str) -> dict[tuple[str, str], int]:
    """How many live records point at the member, per (table, column)."""
    return {(t, c): store.count(t, {c: member_id}) for t, c in REFERENCES}
