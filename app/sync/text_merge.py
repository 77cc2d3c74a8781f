"""Three-way merge of long text fields, word by word, so two replicas' edits to one text combine."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

# A word with the whitespace after it; whitespace at the very start is a token of its own.
# Newlines are whitespace, so a line break stays glued to the word before it and line-level
# edits (a deleted paragraph, an added line) are still separate edits of whole tokens.
_TOKEN = re.compile(r"\S+\s*|\s+")


class _Edit(NamedTuple):
    """Base tokens [start, end) replaced by `new`; start == end is an insertion before `start`."""

    start: int
    end: int
    new: tuple[str, ...]


def tokenize(text: str) -> list[str]:
    """Words with their following whitespace; joining them gives back `text` exactly."""
    return _TOKEN.findall(text)


def _edits(base: list[str], other: list[str]) -> list[_Edit]:
    """The edits turning `base` into `other`, in order, each separated by unchanged tokens."""
    # Trimming the common ends first keeps SequenceMatcher's work to the changed middle,
    # which is what makes a 20,000-character text merge in a few milliseconds.
    limit = min(len(base), len(other))
    head = 0
    while head < limit and base[head] == other[head]:
        head += 1
    tail = 0
    while tail < limit - head and base[-1 - tail] == other[-1 - tail]:
        tail += 1
    old_mid = base[head : len(base) - tail]
    new_mid = other[head : len(other) - tail]
    # autojunk=False: the heuristic would ignore frequent words ("de ", "het ") and produce
    # coarser edits, which would turn mergeable edits into conflicts.
    matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    return [
        _Edit(head + i1, head + i2, tuple(new_mid[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def merge3(base: str | None, mine: str | None, theirs: str | None) -> str | None:
    """The text with both sides' edits when they touch different parts of `base`; None when they overlap.

    None inputs count as "". A successful merge is always a str (so None means a conflict
    only). Edits conflict when their base ranges overlap or touch, including two insertions
    at the same place, unless they are the identical edit, which is then applied once. The
    result does not depend on which side is `mine`: merge3(b, x, y) == merge3(b, y, x).
    """
    base, mine, theirs = base or "", mine or "", theirs or ""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    base_tokens = tokenize(base)
    # A set union, sorted on the edits' own values: the same list whichever side is which.
    edits = sorted(
        set(_edits(base_tokens, tokenize(mine))) | set(_edits(base_tokens, tokenize(theirs)))
    )
    # Edits of one side never touch each other, so any edit starting at or before the end of
    # an earlier one comes from the other side and differs from it: a conflict.
    reach = -1
    for edit in edits:
        if edit.start <= reach:
            return None
        reach = edit.end
    merged: list[str] = []
    pos = 0
    for edit in edits:
        merged.extend(base_tokens[pos : edit.start])
        merged.extend(edit.new)
        pos = edit.end
    merged.extend(base_tokens[pos:])
    return "".join(merged)
