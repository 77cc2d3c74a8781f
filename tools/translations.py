"""Keep Kring's translations current: extract `_()`/`N_()` strings, update the .po, compile .mo.

python tools/translations.py update    # add new strings to every .po (keeps translations)
python tools/translations.py compile   # write the .mo files the app loads
python tools/translations.py check     # exit 1 when a string is untranslated or .mo is stale
python tools/translations.py update --from OTHER.po ...   # also take translations from other
                                       # .po files (e.g. both sides of a merge) where ours has none
python tools/translations.py update --json NL.json        # translations from {msgid: msgstr}
"""

from __future__ import annotations

import ast
import json
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("app", "ui", "kring")
PO_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("nl",)
MARKERS = {"_", "N_", "tr"}


def extract() -> dict[str, list[str]]:
    """Every translatable literal in the code, with where it is used."""
    found: dict[str, list[str]] = {}
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(node.args[0].value, []).append(where)
    return found


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def read_po(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    if not path.exists():
        return entries
    msgid = msgstr = None
    target = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr or ""
            msgid, msgstr, target = _unquote(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, target = _unquote(line[7:]), "str"
        elif line.startswith('"'):
            if target == "id":
                msgid = (msgid or "") + _unquote(line)
            elif target == "str":
                msgstr = (msgstr or "") + _unquote(line)
    if msgid is not None:
        entries[msgid] = msgstr or ""
    return entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_po(path: Path, language: str, strings: dict[str, list[str]], old: dict[str, str]) -> None:
    lines = [
        "# Kring's user-facing text. Translate msgstr; run `make translations` afterwards.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {language}\\n"',
        "",
    ]
    for msgid in sorted(strings, key=str.casefold):
        lines.append("#: " + " ".join(strings[msgid][:3]))
        lines.append(f"msgid {_quote(msgid)}")
        lines.append(f"msgstr {_quote(old.get(msgid, ''))}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def mo_bytes(entries: dict[str, str], language: str) -> bytes:
    """The GNU .mo format: a header, two index tables, then the strings."""
    header = f"Content-Type: text/plain; charset=UTF-8\nLanguage: {language}\n"
    pairs = sorted({"": header, **{k: v for k, v in entries.items() if k and v}}.items())
    ids = [k.encode() for k, _v in pairs]
    strs = [v.encode() for _k, v in pairs]
    start = 7 * 4 + 16 * len(pairs)
    id_table, str_table, blob = [], [], b""
    for data in ids:
        id_table.append((len(data), start + len(blob)))
        blob += data + b"\0"
    for data in strs:
        str_table.append((len(data), start + len(blob)))
        blob += data + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(pairs), 7 * 4, 7 * 4 + 8 * len(pairs), 0, 0)
    for length, offset in id_table + str_table:
        out += struct.pack("<2I", length, offset)
    return out + blob


def po_path(language: str) -> Path:
    return PO_DIR / language / "LC_MESSAGES" / "kring.po"


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    others = [Path(a) for a in argv[1:] if a not in ("--from", "--json")]
    strings = extract()
    problems = 0
    for language in LANGUAGES:
        po, mo = po_path(language), po_path(language).with_suffix(".mo")
        entries = read_po(po)
        for other in others:
            found = (
                read_po(other) if other.suffix == ".po" else json.loads(other.read_text("utf-8"))
            )
            for msgid, msgstr in found.items():
                if msgstr and not entries.get(msgid):
                    entries[msgid] = msgstr
        if command == "update":
            write_po(po, language, strings, entries)
            entries = read_po(po)
        if command in ("update", "compile"):
            mo.write_bytes(mo_bytes(entries, language))
        missing = sorted(s for s in strings if not entries.get(s))
        for msgid in missing:
            print(f"{language}: untranslated: {msgid!r} ({strings[msgid][0]})")
        stale = not mo.exists() or mo.read_bytes() != mo_bytes(entries, language)
        if stale:
            print(f"{language}: {mo.relative_to(ROOT)} is out of date: run `make translations`")
        problems += len(missing) + stale
    return 1 if problems and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
