"""Three-way merge of long text fields, word by word, so two replicas' edits to one text combine."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

# A word with the whitespace after it; whitespace at the very start is a token of its own.
# A newline is whitespace, so it stays glued to the word before it: a deleted paragraph or an
# added line is still an edit of whole tokens.
_TOKEN = re.compile(r"\S+\s*|\s+")
# A token ending a sentence or a line ends a chunk: the coarse units diffed first.
_CHUNK_END = re.compile(r"[.!?…][\"'”’»)]*\s|\n")
# SequenceMatcher's first pass costs a step per pair of equal items: quadratic in repetitive
# text. Above this many pairs it may skip the most frequent items as anchors (its "autojunk"),
# which keeps it fast at the price of coarser edits, so at worst more conflicts.
_MAX_PAIRS = 200_000


class _Edit(NamedTuple):
    """Base tokens [start, end) replaced by `new`; start == end is an insertion before `start`."""

    start: int
    end: int
    new: tuple[str, ...]


def tokenize(text: str) -> list[str]:
    """Words with their following whitespace; joining them gives back `text` exactly."""
    return _TOKEN.findall(text)


def _changes(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """Changed ranges (i1, i2, j1, j2) of old and new, in order, separated by equal items."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]
    counts = Counter(new_mid)
    # Below the limit autojunk stays off: it would stop frequent words ("de ", "het ") from
    # anchoring a match, making edits coarser and turning mergeable edits into conflicts.
    slow = sum(counts[item] for item in old_mid) > _MAX_PAIRS
    matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=slow)
    return [
        (head + i1, head + i2, head + j1, head + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _chunks(tokens: list[str]) -> tuple[list[str], list[int]]:
    """The sentences and lines of `tokens`, and the token index each starts at (plus the end)."""
    chunks: list[str] = []
    starts = [0]
    for i, token in enumerate(tokens, 1):
        if _CHUNK_END.search(token) or i == len(tokens):
            chunks.append("".join(tokens[starts[-1] : i]))
            starts.append(i)
    return chunks, starts


def _edits(base: list[str], other: list[str]) -> list[_Edit]:
    """The edits turning `base` into `other`, in order, each separated by unchanged tokens."""
    # Sentences first, then words inside the changed sentences only: diffing thousands of
    # words at once is what makes SequenceMatcher slow on long texts.
    base_chunks, base_starts = _chunks(base)
    other_chunks, other_starts = _chunks(other)
    edits = []
    for c1, c2, d1, d2 in _changes(base_chunks, other_chunks):
        lo, hi = base_starts[c1], base_starts[c2]
        other_lo, other_hi = other_starts[d1], other_starts[d2]
        old, new = base[lo:hi], other[other_lo:other_hi]
        edits.extend(
            _Edit(lo + i1, lo + i2, tuple(new[j1:j2])) for i1, i2, j1, j2 in _changes(old, new)
        )
    return edits


def merge3(base: str | None, mine: str | None, theirs: str | None) -> str | None:
    """The text with both sides' edits if they touch different parts of `base`; None on overlap.

    None inputs count as "", and a merge that succeeds is always a str: None means a conflict.
    Edits conflict when their base ranges overlap or touch, including two insertions at the same
    place, unless they are the same edit, which is then applied once. Which side is `mine` does
    not matter: merge3(b, x, y) == merge3(b, y, x). Always merge against the last text both
    sides had: merging x again into a result that already holds x can, when an insertion could
    sit in more than one place, apply it twice.
    """
    base, mine, theirs = base or "", mine or "", theirs or ""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    base_tokens = tokenize(base)
    ours = _edits(base_tokens, tokenize(mine))
    others = _edits(base_tokens, tokenize(theirs))
    # A set union sorted on the edits' own values: the same list whichever side is which.
    edits = sorted(set(ours) | set(others))
    # One side's edits never touch each other, so an edit starting at or before the end of
    # the one before it comes from the other side, and differs from it: a conflict.
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
