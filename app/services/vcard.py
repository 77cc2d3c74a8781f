"""Members as vCard 3.0 (RFC 2426): text escaping, line folding, one card per member."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.model import Member

FOLD_AT = 75  # octets per physical line, the line break not counted


def escape(value: str) -> str:
    """A text value with backslash, comma, semicolon and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str, limit: int = FOLD_AT) -> str:
    """Break a content line into lines of at most `limit` octets, never inside a character.

    Continuation lines start with a space, which counts towards their limit.
    """
    pieces: list[str] = []
    chunk: list[str] = []
    size, budget = 0, limit
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > budget:
            pieces.append("".join(chunk))
            chunk, size, budget = [], 0, limit - 1
        chunk.append(char)
        size += octets
    pieces.append("".join(chunk))
    return "\r\n ".join(pieces)


def split_name(name: str) -> tuple[str, str]:
    """(family name, given name) for the N property.

    Kring keeps one full name, so the first word is taken as the given name and
    the rest (with any "van der") as the family name; a single word is a given name.
    """
    words = name.split()
    if len(words) < 2:
        return "", " ".join(words)
    return " ".join(words[1:]), words[0]


def card(member: Member) -> str:
    family, given = split_name(member.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:{escape(member.id)}",
        f"FN:{escape(member.name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    if member.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(member.email)}")
    if member.phone:
        lines.append(f"TEL;TYPE=VOICE:{escape(member.phone)}")
    if member.organisation or member.department:
        org = escape(member.organisation or "")
        if member.department:
            org += ";" + escape(member.department)
        lines.append(f"ORG:{org}")
    if member.notes:
        lines.append(f"NOTE:{escape(member.notes)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def cards(members: Iterable[Member]) -> bytes:
    """One vCard file (UTF-8, CRLF line ends) holding a card per member."""
    return "".join(card(m) for m in members).encode("utf-8")
