"""Members in and out: CSV import (spreadsheets, Google, Outlook); CSV, JSON, vCard export."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.domain.errors import KringError, ValidationError
from app.domain.model import Member, Role, label
from app.i18n import N_, _
from app.services import members, vcard
from app.services.workspace import Changes, Workspace

MAX_BYTES = 20 * 1024 * 1024
FORMATS = ("csv", "json", "vcf")
# Every Member field but the ones a caller already knows or a copy keeps for itself.
EXPORT_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(Member)
    if f.name not in {"community", "created_at", "updated_at", "deleted"}
)
FLAGS = ("consent_directory", "consent_contact", "consent_photo")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Column headings per field, most preferred first, written as _key() makes them:
# no accents, case, spaces or punctuation ("E-mail 1 - Value" is "email1value").
HEADINGS: dict[str, tuple[str, ...]] = {
    "name": ("naam", "name", "fullname", "volledigenaam", "displayname", "weergavenaam"),
    "first_name": ("voornaam", "firstname", "givenname", "roepnaam"),
    "middle_name": ("tussenvoegsel", "tussenvoegsels", "middlename", "additionalname"),
    "last_name": ("achternaam", "lastname", "familyname", "surname", "familienaam"),
    "email": ("email", "emailadres", "emailaddress", "mail", "mailadres", "email1value",
              "email2value", "email2address", "email3value", "email3address"),
    "phone": ("telefoon", "telefoonnummer", "phone", "phonenumber", "tel", "mobiel",
              "mobielnummer", "mobile", "mobilephone", "mobilenumber", "gsm", "phone1value",
              "primaryphone", "businessphone", "homephone", "phone2value", "phone3value",
              "businessphone2", "homephone2", "otherphone"),
    "organisation": ("organisatie", "organisation", "organization", "company", "bedrijf",
                     "organization1name", "organizationname", "companyname"),
    "department": ("afdeling", "department", "discipline", "vakgebied",
                   "organization1department", "organizationdepartment"),
    "role": ("rol", "role"),
    "strengths": ("strengths", "sterktes", "kwaliteiten"),
    "interests": ("interests", "interesses"),
    "notes": ("notities", "notes", "notitie", "note", "opmerkingen", "opmerking"),
    # Only as Kring's own export writes them: elsewhere dates come in too many shapes.
    "joined_on": ("joinedon",),
    "left_on": ("lefton",),
    **{flag: (flag.replace("_", ""),) for flag in FLAGS},
}  # fmt: skip
_NAME_PARTS = ("first_name", "middle_name", "last_name")
_ROLE_WORDS = {"initiatiefnemer": "initiator", "kernteam": "core", "coreteam": "core",
               "ambassadeur": "ambassador", "verbinder": "connector", "lid": "member",
               "gast": "guest"}  # fmt: skip
_YES = {"yes", "ja", "j", "y", "true", "waar", "1", "x"}
_NO = {"no", "nee", "n", "false", "onwaar", "0"}
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Progress = Callable[[float, str], None]


class RowAction(StrEnum):
    ADD = "add"
    UPDATE = "update"
    SAME = "same"
    BAD = "bad"


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int  # physical line in the file; the heading is line 1
    message: str


@dataclass(frozen=True, slots=True)
class RowPlan:
    """What happens (or would happen) to one line of the file."""

    line: int
    action: RowAction
    name: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ImportReport:
    to_add: int
    to_update: int
    unchanged: int
    bad: list[BadRow]
    imported: bool
    changes: Changes
    columns: dict[str, str]  # heading in the file -> member field it fills
    rows: list[RowPlan]
    ignored_columns: list[str] = field(default_factory=list)


ImportPlan = ImportReport


# --- import -------------------------------------------------------------------


def import_members(
    ws: Workspace,
    community_id: str,
    path: Path | str,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    progress: Progress | None = None,
    abort: threading.Event | None = None,
) -> ImportReport:
    """Add or update the members listed in a CSV file, as one undo step.

    Nothing is written when `dry_run`, or when a line is bad and not `skip_bad`.
    Runs on the thread that owns `ws`: the UI gives it a workspace of its own in
    an executor; `abort` cancels it (nothing is then written).
    """
    ws.row("community", community_id, what=N_("community"))
    text = _read_text(Path(path))
    records, delimiter = _records(text)
    header = _heading_cells(next(records, (0, None))[1])
    columns, ignored, picks = _map_columns(header)
    planner = _Planner(ws, community_id)
    width, total_lines = len(header), max(1, text.count("\n"))
    for count, (line, cells) in enumerate(records, 1):
        if count % 500 == 0:
            _check(abort)
            if progress:
                progress(0.9 * min(1.0, line / total_lines), _("Reading the file…"))
        if cells is None:
            message = _(
                'This line could not be read, nor the lines after it: check its quote marks (").'
            )
            planner.bad(line, "", message)
            break
        if len(cells) < width or any(c.strip() for c in cells[width:]):
            planner.bad(line, "", _ragged(len(cells), width, delimiter))
            continue
        planner.row(line, _row_values(cells, picks))
    _check(abort)
    plan = planner.report(columns, ignored)
    refused = bool(plan.bad) and not skip_bad
    if dry_run or refused or not (planner.adds or planner.updates):
        return dataclasses.replace(plan, imported=not (dry_run or refused))
    writes = [*((None, v) for v in planner.adds.values()), *planner.updates.items()]
    with ws.mutation(_("Import members")) as done:
        for count, (member_id, values) in enumerate(writes):
            if count % 500 == 0:
                _check(abort)
                if progress:
                    progress(0.9 + 0.1 * count / len(writes), _("Saving the members…"))
            if member_id is None:
                ws.store.insert("member", {"community": community_id, **values})
            else:
                ws.store.update("member", member_id, values)
    if progress:
        progress(1.0, _("Import finished."))
    return dataclasses.replace(plan, imported=True, changes=done.changes)


def _check(abort: threading.Event | None) -> None:
    if abort is not None and abort.is_set():
        raise KringError(_("The import was cancelled; no members were changed."))


def _read_text(path: Path) -> str:
    """The file's text, refusing a file that is too large or not text, before reading it all."""
    data = b""
    try:
        size = path.stat().st_size
        if size <= MAX_BYTES:
            with path.open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)  # it may have grown since
    except FileNotFoundError:
        raise KringError(_("There is no file “{name}”.").format(name=path.name)) from None
    except OSError as exc:
        raise KringError(
            _("Kring can't read the file “{name}” ({reason}).").format(
                name=path.name, reason=exc.strerror or exc
            )
        ) from exc
    if size > MAX_BYTES or len(data) > MAX_BYTES:
        raise KringError(
            _(
                "This file is too large to import ({size} MB; at most {limit} MB). "
                "Is it really a list of members?"
            ).format(size=round(max(size, len(data)) / 2**20), limit=MAX_BYTES // 2**20)
        )
    return _decode(data, path.name)


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is refused."""
    refused = KringError(
        _(
            "Kring can't read “{name}”: it is not a CSV text file in UTF-8 or Windows "
            "encoding. In your spreadsheet program, save it as “CSV UTF-8” and try again."
        ).format(name=name)
    )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise refused
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise refused from None
    if _NOT_TEXT.search(text):
        raise refused
    if not text.strip():
        raise KringError(_("The file “{name}” is empty.").format(name=name))
    return text


def _records(text: str) -> tuple[Iterator[tuple[int, list[str] | None]], str]:
    """(first physical line, cells) per non-blank record, and the delimiter used.

    Cells are None for a record whose quote marks do not make sense; the lines
    after it cannot be trusted to start where a record starts.
    """
    stream = io.StringIO(text, newline="")
    offset = 0
    first = text.split("\n", 1)[0].strip()
    if re.fullmatch(r"sep=.", first, re.IGNORECASE):  # Excel's hint line
        delimiter = first[-1]
        stream.readline()
        offset = 1
    else:
        first = text.lstrip("\r\n").split("\n", 1)[0]
        widths = {d: len(next(csv.reader([first], delimiter=d))) for d in (",", ";", "\t")}
        delimiter = max(widths, key=lambda d: widths[d])
    # strict: a quote left open is reported instead of swallowing the rest of the file.
    reader = csv.reader(stream, delimiter=delimiter, strict=True)

    def generate() -> Iterator[tuple[int, list[str] | None]]:
        done = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield done + 1 + offset, None
                return
            start, done = done + 1 + offset, reader.line_num
            if any(c.strip() for c in cells):
                yield start, cells

    return generate(), delimiter


def _key(heading: str) -> str:
    decomposed = unicodedata.normalize("NFKD", heading)
    return "".join(c for c in decomposed.casefold() if c.isalnum())


def _heading_cells(cells: list[str] | None) -> list[str]:
    """The heading row without the empty cells a spreadsheet leaves at its end."""
    cells = list(cells or [])
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _map_columns(header: list[str]) -> tuple[dict[str, str], list[str], dict[str, list[int]]]:
    """Which file column fills which field: (heading -> field, ignored headings, picks).

    `picks` lists, per field, the column indexes to try in order of preference.
    """
    ranked: dict[str, list[tuple[int, int]]] = {}
    columns: dict[str, str] = {}
    ignored: list[str] = []
    for index, heading in enumerate(header):
        key = _key(heading)
        for name, aliases in HEADINGS.items():
            if key in aliases:
                ranked.setdefault(name, []).append((aliases.index(key), index))
                columns[heading.strip()] = name
                break
        else:
            if heading.strip():
                ignored.append(heading.strip())
    if "name" not in ranked and not ranked.keys() & {"first_name", "last_name"}:
        found = ", ".join(f"“{h.strip()}”" for h in header if h.strip()) or _("none")
        raise ValidationError(
            _(
                "This file has no column with names. Kring looks for a column called "
                "“Name” (or “Naam”), or for “First name” and “Last name” (or “Voornaam” "
                "and “Achternaam”). Columns found: {columns}."
            ).format(columns=found),
            "name",
        )
    picks = {name: [i for _rank, i in sorted(found)] for name, found in ranked.items()}
    return columns, ignored, picks


def _ragged(found: int, expected: int, delimiter: str) -> str:
    if found < expected:
        return _(
            "This line has {found} columns but the row with the column names has "
            "{expected}: part of it may be missing."
        ).format(found=found, expected=expected)
    separator = {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}.get(delimiter, delimiter)
    return _(
        "This line has {found} columns but the row with the column names has {expected}: "
        "a value may contain a {separator} without quote marks around it."
    ).format(found=found, expected=expected, separator=separator)


def _unescape(cell: str) -> str:
    """Undo the apostrophe Kring's CSV export puts before a formula-like cell."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def _row_values(cells: list[str], picks: dict[str, list[int]]) -> dict[str, str]:
    """The first non-empty cell per field; the name assembled from its parts if needed."""
    raw: dict[str, str] = {}
    for name, indexes in picks.items():
        for index in indexes:
            value = _unescape(cells[index]).strip()
            if name in ("email", "phone"):
                value = value.split(":::")[0].strip()  # Google joins several values so
            if value:
                raw[name] = value
                break
    parts = [raw.pop(part) for part in _NAME_PARTS if part in raw]
    if not raw.get("name") and parts:
        raw["name"] = " ".join(parts)
    return raw


# --- planning -----------------------------------------------------------------


def _same_person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _Planner:
    """Decides per line what happens, as if the lines were imported one after another."""

    def __init__(self, ws: Workspace, community_id: str) -> None:
        self.ws = ws
        self.community_id = community_id
        self.roles = {_key(label(r.value)): r.value for r in Role} | _ROLE_WORDS
        self.rows: list[RowPlan] = []
        self.bad_rows: list[BadRow] = []
        self.adds: dict[str, dict[str, Any]] = {}  # placeholder id -> values, in file order
        self.updates: dict[str, dict[str, Any]] = {}  # member id -> changed values
        self.first_line: dict[str, int] = {}  # member id -> first line naming them
        self.state: dict[str, Member] = {}
        self.order: dict[str, int] = {}  # members.find_match prefers the earlier member
        self.keys: dict[str, list[str]] = {}
        for member in members.list_members(ws, community_id):
            self._put(member)

    def _put(self, member: Member) -> None:
        self.state[member.id] = member
        self.order.setdefault(member.id, len(self.order))
        keys = ["n:" + _same_person_key(member.name)]
        if member.email:
            keys.append("e:" + member.email.casefold())
        for key in keys:
            ids = self.keys.setdefault(key, [])
            if member.id not in ids:
                ids.append(member.id)

    def _match(self, name: str, email: str | None) -> Member | None:
        # members.find_match decides, over the few members that share the name or email.
        ids = self.keys.get("e:" + email.casefold(), []) if email else []
        ids = ids + self.keys.get("n:" + _same_person_key(name), [])
        candidates = [self.state[i] for i in sorted(set(ids), key=self.order.__getitem__)]
        return members.find_match(candidates, name, email)

    def bad(self, line: int, name: str, message: str) -> None:
        self.bad_rows.append(BadRow(line, message))
        self.rows.append(RowPlan(line, RowAction.BAD, name, message))

    def row(self, line: int, raw: dict[str, str]) -> None:
        try:
            values = self._clean(raw)
        except ValidationError as exc:
            self.bad(line, raw.get("name", ""), str(exc))
            return
        match = self._match(values["name"], values.get("email"))
        detail = ""
        if match is None:
            member_id = f"line-{line}"
            self.adds[member_id] = values
            self._put(Member(id=member_id, community=self.community_id, **values))
            action = RowAction.ADD
        else:
            member_id = match.id
            if member_id in self.first_line:
                detail = _("Same person as on line {line}.").format(line=self.first_line[member_id])
            changed = _differences(match, values)
            if changed:
                target = self.adds if member_id in self.adds else self.updates
                target.setdefault(member_id, {}).update(changed)
                self._put(dataclasses.replace(match, **changed))
            action = RowAction.UPDATE if changed else RowAction.SAME
        self.first_line.setdefault(member_id, line)
        self.rows.append(RowPlan(line, action, values["name"], detail))

    def _clean(self, raw: dict[str, str]) -> dict[str, Any]:
        """members.clean() of a line; when it fails, field by field to report every reason."""
        errors: list[str] = [] if raw.get("name") else [_("This line has no name.")]
        fields: dict[str, Any] = dict(raw)
        if "role" in raw:
            fields["role"] = self.roles.get(_key(raw["role"]), raw["role"])
        for key in FLAGS:
            if key in raw:
                try:
                    fields[key] = _flag(raw[key])
                except ValidationError as exc:
                    errors.append(str(exc))
        whole = ""
        if not errors:
            try:
                return members.clean(self.ws, self.community_id, fields)
            except ValidationError as exc:
                whole = str(exc)  # reported as is when it is about fields together
        for key, value in fields.items():
            if key not in FLAGS:
                try:
                    members.clean(self.ws, self.community_id, {key: value})
                except ValidationError as exc:
                    errors.append(str(exc))
        raise ValidationError(" ".join(errors) or whole)

    def report(self, columns: dict[str, str], ignored: list[str]) -> ImportReport:
        counts = Counter(row.action for row in self.rows)
        return ImportReport(
            to_add=counts[RowAction.ADD],
            to_update=counts[RowAction.UPDATE],
            unchanged=counts[RowAction.SAME],
            bad=list(self.bad_rows),
            imported=False,
            changes=Changes(),
            columns=columns,
            rows=list(self.rows),
            ignored_columns=ignored,
        )


def _flag(value: str) -> bool:
    word = value.strip().casefold()
    if word in _YES or word in _NO:
        return word in _YES
    raise ValidationError(_("“{value}” is not yes or no.").format(value=value))


def _differences(member: Member, values: dict[str, Any]) -> dict[str, Any]:
    """The values that would change the member; a name or email differing only in case does not."""
    changed: dict[str, Any] = {}
    for key, value in values.items():
        old = getattr(member, key)
        if value is None or value == "":
            continue
        if key in ("name", "email") and old and _same_person_key(old) == _same_person_key(value):
            continue
        if old != value:
            changed[key] = value
    return changed


# --- export -------------------------------------------------------------------


def export_members(ws: Workspace, community_id: str, fmt: str) -> bytes:
    """The community's members (not deleted ones) as `csv`, `json` or `vcf` bytes."""
    ws.row("community", community_id, what=N_("community"))
    fmt = fmt.strip().lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError(
            _("Kring can export members as CSV, JSON or vCard (vcf), not as “{fmt}”.").format(
                fmt=fmt
            ),
            "format",
        )
    people = members.list_members(ws, community_id)  # deleted members are not listed
    if fmt == "vcf":
        return vcard.cards(people)
    records = [{name: getattr(m, name) for name in EXPORT_FIELDS} for m in people]
    if fmt == "json":
        return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    for record in records:
        writer.writerow([_csv_cell(record[name]) for name in EXPORT_FIELDS])
    return out.getvalue().encode("utf-8-sig")  # the BOM tells Excel it is UTF-8


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    # An apostrophe makes a spreadsheet show the cell as text instead of running it.
    return "'" + text if text.startswith(FORMULA_START) else text
