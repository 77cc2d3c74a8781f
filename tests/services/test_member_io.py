"""Importing members from CSV files and exporting them as CSV, JSON and vCard."""

from __future__ import annotations

import codecs
import csv
import io
import json
import threading
import time
from pathlib import Path

import pytest

from app.domain.errors import KringError, ValidationError
from app.services import communities, member_io, members, vcard
from app.services.member_io import BadRow, RowAction, export_members, import_members

DATA = Path(__file__).resolve().parent.parent / "data" / "csv"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "leden.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def people(ws, community_id):
    return {m.name: m for m in members.list_members(ws, community_id)}


def snapshot(ws, community_id):
    return [m.to_dict() for m in members.list_members(ws, community_id)]


# --- reading files -----------------------------------------------------------


def test_dutch_headings_with_semicolons_and_windows_1252_accents(ws, community, tmp_path):
    path = write(
        tmp_path,
        "Naam;E-mailadres;Telefoonnummer;Organisatie;Afdeling;Rol;Notities\r\n"
        "José Müller;jose@example.nl;06-12345678;Gemeente;Wijkzaken;ambassadeur;Café-eigenaar\r\n"
        "Zoë Brouwer;zoe@example.nl;;Buurtzorg;Zorg;kernteam;\r\n",
        encoding="cp1252",
    )
    report = import_members(ws, community, path)
    assert report.imported and report.to_add == 2 and not report.bad
    assert report.columns == {
        "Naam": "name",
        "E-mailadres": "email",
        "Telefoonnummer": "phone",
        "Organisatie": "organisation",
        "Afdeling": "department",
        "Rol": "role",
        "Notities": "notes",
    }
    found = people(ws, community)
    jose, zoe = found["José Müller"], found["Zoë Brouwer"]
    assert (jose.email, jose.phone, jose.department) == (
        "jose@example.nl",
        "06-12345678",
        "Wijkzaken",
    )
    assert (jose.role, jose.notes) == ("ambassador", "Café-eigenaar")
    assert (zoe.role, zoe.phone, zoe.organisation) == ("core", None, "Buurtzorg")


def test_headings_are_matched_without_regard_to_case_accents_or_punctuation(
    ws, community, tmp_path
):
    path = write(
        tmp_path,
        "VOLLEDIGE NAAM,E-Mail Address,Téléfoon,Functie\nAda Lovelace,ada@x.org,0301234567,\n",
    )
    report = import_members(ws, community, path)
    assert report.columns == {
        "VOLLEDIGE NAAM": "name",
        "E-Mail Address": "email",
        "Téléfoon": "phone",
    }
    assert report.ignored_columns == ["Functie"]
    assert people(ws, community)["Ada Lovelace"].phone == "0301234567"


def test_utf8_file_with_byte_order_mark(ws, community, tmp_path):
    path = write(tmp_path, "Name,Email\r\nŁucja Żak,lucja@example.pl\r\n", encoding="utf-8-sig")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    report = import_members(ws, community, path)
    assert report.columns == {"Name": "name", "Email": "email"}
    assert people(ws, community)["Łucja Żak"].email == "lucja@example.pl"


def test_excel_separator_hint_line_is_understood(ws, community, tmp_path):
    path = write(tmp_path, "sep=;\nNaam;E-mail\nBram;bram@example.nl\nEva;geen-mail\n")
    report = import_members(ws, community, path, dry_run=True)
    assert [b.line for b in report.bad] == [4]
    assert report.to_add == 1


def test_google_contacts_export(ws, community):
    report = import_members(ws, community, DATA / "google_contacts.csv")
    assert report.to_add == 3 and not report.bad
    assert report.columns["Organization Department"] == "department"
    assert report.columns["E-mail 1 - Value"] == "email"
    found = people(ws, community)
    fatima = found["Fatima El Amrani"]
    assert fatima.email == "fatima@utrecht.example"
    assert fatima.phone == "+31 6 1234 5678"
    assert (fatima.organisation, fatima.department) == ("Gemeente Utrecht", "Wijkzaken")
    assert fatima.notes == "Kwam via Sanne\nwil graag meedenken"
    assert found["Jan van der Berg"].email == "jan@berg.example"
    assert found["Zoë Bakker"].organisation == "Bakker, Smit & Co"


def test_legacy_google_contacts_export_takes_the_first_of_several_values(ws, community):
    report = import_members(ws, community, DATA / "google_contacts_legacy.csv")
    assert report.to_add == 2 and not report.bad
    found = people(ws, community)
    sanne = found["Sanne de Wit"]
    assert (sanne.email, sanne.phone) == ("sanne@dewit.example", "06-12345678")
    assert (sanne.organisation, sanne.department) == ("Buurtzorg", "Wijkteam Oost")
    assert found["Pieter Jansen"].email == "pieter@jansen.example"


def test_outlook_export_in_windows_encoding_prefers_the_mobile_number(ws, community):
    report = import_members(ws, community, DATA / "outlook.csv")
    assert report.to_add == 2 and not report.bad
    assert "Job Title" in report.ignored_columns and "Title" in report.ignored_columns
    found = people(ws, community)
    rene = found["René Göbel"]
    assert rene.phone == "+31 6 9876 5432"
    assert (rene.email, rene.organisation, rene.department) == (
        "rene@zorg.example",
        "Zorg & Co",
        "ICT",
    )
    assert rene.notes == "Spreekt ook Frans"
    assert found["Anouk van Dijk"].phone == "020 555 0101"


@pytest.mark.parametrize(
    "heading",
    [
        "Voornaam;Tussenvoegsel;Achternaam",
        "First name;Middle name;Last name",
        "Given Name;Additional Name;Family Name",
    ],
)
def test_first_middle_and_last_name_are_assembled(ws, community, tmp_path, heading):
    path = write(tmp_path, f"{heading}\nJan;van der;Berg\nFleur;;Kok\n;;Yilmaz\n")
    report = import_members(ws, community, path)
    assert report.to_add == 3
    assert sorted(people(ws, community)) == ["Fleur Kok", "Jan van der Berg", "Yilmaz"]


def test_full_name_column_wins_over_name_parts(ws, community, tmp_path):
    path = write(tmp_path, "Name,First Name,Last Name\nJ. de Boer,Johanna,Boer\n,Kees,Visser\n")
    import_members(ws, community, path)
    assert sorted(people(ws, community)) == ["J. de Boer", "Kees Visser"]


# --- bad files and bad rows --------------------------------------------------


def test_bad_rows_are_reported_with_their_line_numbers_and_nothing_is_imported(
    ws, community, tmp_path
):
    path = write(
        tmp_path,
        "Naam,E-mail,Telefoon,Notities\n"  # 1
        "Anna,anna@example.nl,,\n"  # 2
        ",nobody@example.nl,,\n"  # 3
        'Bert,bert@example.nl,,"twee\n'  # 4
        'regels"\n'  # 5
        "Carla,carla-at-example,,\n"  # 6
        "Dirk,dirk@example.nl,bel me,\n",  # 7
    )
    undo_before = ws.undo_label
    report = import_members(ws, community, path)
    assert not report.imported
    assert [b.line for b in report.bad] == [3, 6, 7]
    assert report.bad[0] == BadRow(3, "This line has no name.")
    assert "“carla-at-example” is not an email address" in report.bad[1].message
    assert "“bel me” is not a phone number" in report.bad[2].message
    assert [(r.line, r.action) for r in report.rows] == [
        (2, "add"), (3, "bad"), (4, "add"), (6, "bad"), (7, "bad"),
    ]  # fmt: skip
    assert members.list_members(ws, community) == []
    assert ws.undo_label == undo_before


def test_every_reason_a_row_is_bad_is_reported(ws, community, tmp_path):
    path = write(
        tmp_path,
        "Name,Email,Role,consent_photo,joined_on,left_on\n"
        ",eva@,chef,misschien,,\n"
        "Fien,,,ja,2026-03-01,2026-02-01\n",
    )
    first, second = import_members(ws, community, path).bad
    assert first.message == (
        "This line has no name. “misschien” is not yes or no. “eva@” is not an email address. "
        "“chef” is not a valid role; choose one of: initiator, core, ambassador, connector, "
        "member, guest."
    )
    assert second == BadRow(3, "A member cannot leave before joining.")


def test_skip_bad_imports_the_good_rows(ws, community, tmp_path):
    path = write(tmp_path, "Name,Email\nAnna,anna@example.nl\nBen,ben@\n\nCor,cor@example.nl\n")
    report = import_members(ws, community, path, skip_bad=True)
    assert report.imported and report.to_add == 2
    assert report.bad == [BadRow(3, "“ben@” is not an email address.")]
    assert sorted(people(ws, community)) == ["Anna", "Cor"]


def test_ragged_rows_are_reported(ws, community, tmp_path):
    path = write(
        tmp_path,
        "Naam;E-mail;Afdeling;\n"  # Excel leaves a trailing separator
        "Anna;anna@example.nl;Zorg;\n"
        "Bart;bart@example.nl\n"
        "Cees;cees@example.nl;Zorg;Welzijn;extra\n"
        "Door;door@example.nl;Zorg;;;\n",
    )
    report = import_members(ws, community, path)
    assert [b.line for b in report.bad] == [3, 4]
    assert "has 2 columns but the row with the column names has 3" in report.bad[0].message
    assert "semicolon" in report.bad[1].message
    assert report.to_add == 2 and not report.imported


def test_unclosed_quote_is_reported_not_swallowed(ws, community, tmp_path):
    path = write(tmp_path, 'Name,Notes\nAnna,"ok"\nBen,"open\nCor,fine\n')
    report = import_members(ws, community, path, skip_bad=True)
    assert [b.line for b in report.bad] == [3]
    assert "quote" in report.bad[0].message and "nor the lines after it" in report.bad[0].message
    assert [m.name for m in members.list_members(ws, community)] == ["Anna"]


def test_missing_name_column_is_refused_naming_the_columns_found(ws, community, tmp_path):
    path = write(tmp_path, "E-mail;Telefoon;Functie\nanna@example.nl;0612345678;Voorzitter\n")
    with pytest.raises(ValidationError) as error:
        import_members(ws, community, path)
    message = str(error.value)
    assert "no column with names" in message
    assert "“E-mail”, “Telefoon”, “Functie”" in message
    assert members.list_members(ws, community) == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_file_is_refused_and_nothing_changes(ws, community, tmp_path, encoding):
    members.add(ws, community, "Bestaand Lid")
    before = snapshot(ws, community)
    path = write(tmp_path, "Name,Email\nAnna,anna@example.nl\n", encoding=encoding)
    with pytest.raises(KringError, match="not a CSV text file in UTF-8 or Windows encoding"):
        import_members(ws, community, path)
    assert snapshot(ws, community) == before


def test_binary_file_is_refused(ws, community, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(KringError, match="save it as “CSV UTF-8”"):
        import_members(ws, community, path)


def test_empty_and_missing_files_are_refused(ws, community, tmp_path):
    with pytest.raises(KringError, match="is empty"):
        import_members(ws, community, write(tmp_path, "\r\n\r\n"))
    with pytest.raises(KringError, match=r"There is no file “nergens\.csv”"):
        import_members(ws, community, tmp_path / "nergens.csv")


def test_file_over_20_mb_is_refused_quickly_and_nothing_changes(ws, community, tmp_path):
    members.add(ws, community, "Bestaand Lid")
    before = snapshot(ws, community)
    path = tmp_path / "huge.csv"
    row = b"Anna Jansen,anna@example.nl,Buurtzorg\n"
    with path.open("wb") as stream:
        stream.write(b"Name,Email,Organisation\n")
        stream.write(row * (50 * 2**20 // len(row) + 1))
    assert path.stat().st_size > 50 * 2**20
    started = time.perf_counter()
    with pytest.raises(KringError, match=r"too large to import \(50 MB; at most 20 MB\)"):
        import_members(ws, community, path)
    assert time.perf_counter() - started < 1.0
    assert snapshot(ws, community) == before


# --- matching, de-duplication, dry run, one undo step -------------------------


def test_dry_run_changes_nothing_but_reports_what_would_happen(ws, community, tmp_path):
    members.add(ws, community, "Anna", email="anna@example.nl")
    before = snapshot(ws, community)
    path = write(
        tmp_path, "Name,Email,Department\nAnna,anna@example.nl,Zorg\nBen,ben@example.nl,\n"
    )
    report = import_members(ws, community, path, dry_run=True)
    assert (report.to_add, report.to_update, report.unchanged) == (1, 1, 0)
    assert [(r.action, r.name) for r in report.rows] == [("update", "Anna"), ("add", "Ben")]
    assert not report.imported and not report.changes
    assert snapshot(ws, community) == before
    assert ws.undo_label == "Add member"


def test_reimporting_the_same_file_creates_no_duplicates(ws, community):
    first = import_members(ws, community, DATA / "google_contacts.csv")
    count = len(members.list_members(ws, community))
    second = import_members(ws, community, DATA / "google_contacts.csv")
    assert (first.to_add, second.to_add, second.to_update, second.unchanged) == (3, 0, 0, 3)
    assert {r.action for r in second.rows} == {RowAction.SAME}
    assert len(members.list_members(ws, community)) == count == 3
    assert not second.changes


def test_a_match_is_updated_only_with_fields_that_differ_and_are_filled_in(ws, community, tmp_path):
    members.add(ws, community, "Anna de Vries", email="anna@example.nl", phone="0612345678",
                organisation="Oud", role="core")  # fmt: skip
    path = write(tmp_path, "Naam,E-mail,Telefoon,Organisatie,Rol\nANNA  DE VRIES,,,Nieuw,\n")
    report = import_members(ws, community, path)
    assert report.to_update == 1
    anna = people(ws, community)["Anna de Vries"]
    assert (anna.email, anna.phone, anna.organisation, anna.role) == (
        "anna@example.nl", "0612345678", "Nieuw", "core",
    )  # fmt: skip


def test_email_is_matched_before_name(ws, community, tmp_path):
    anna = members.add(ws, community, "Anna Bakker", email="anna@example.nl").id
    members.add(ws, community, "Anna de Vries")
    path = write(tmp_path, "Name,Email\nAnna de Vries,ANNA@example.nl\n")
    report = import_members(ws, community, path)
    assert report.to_update == 1
    assert members.get(ws, anna).name == "Anna de Vries"
    assert members.get(ws, anna).email == "anna@example.nl"  # case alone is no change
    assert len(members.list_members(ws, community)) == 2


def test_duplicates_within_the_file_become_one_member(ws, community, tmp_path):
    path = write(
        tmp_path,
        "Name,Email,Phone\n"
        "Anna,anna@example.nl,\n"
        "anna,,0612345678\n"
        "Anna B.,anna@example.nl,\n"
        "ANNA B.,anna@example.nl,0612345678\n",
    )
    report = import_members(ws, community, path)
    assert [r.action for r in report.rows] == ["add", "update", "update", "same"]
    assert report.rows[1].detail == "Same person as on line 2."
    [anna] = members.list_members(ws, community)
    assert (anna.name, anna.phone) == ("Anna B.", "0612345678")


def test_rows_naming_a_shared_name_keep_matching_the_member_find_match_picks(
    ws, community, tmp_path
):
    members.add(ws, community, "Anna")
    members.add(ws, community, "Anna")
    chosen = members.find_match(members.list_members(ws, community), "Anna", None)
    path = write(tmp_path, "Name,Department,Notes\nAnna,Zorg,\nAnna,,Komt dinsdag\n")
    report = import_members(ws, community, path)
    assert [r.action for r in report.rows] == ["update", "update"]
    updated = members.get(ws, chosen.id)
    assert (updated.department, updated.notes) == ("Zorg", "Komt dinsdag")


def test_members_of_another_community_are_not_matched(ws, community, tmp_path):
    other = communities.create(ws, "Andere kring").id
    members.add(ws, other, "Anna", email="anna@example.nl")
    report = import_members(ws, community, write(tmp_path, "Name,Email\nAnna,anna@example.nl\n"))
    assert report.to_add == 1
    assert len(members.list_members(ws, other)) == 1


def test_whole_import_is_one_undo_step(ws, community, tmp_path):
    members.add(ws, community, "Anna")
    path = write(tmp_path, "Name,Department\nAnna,Zorg\nBen,\nCor,\n")
    report = import_members(ws, community, path)
    assert report.changes.touches("member") and len(report.changes.created) == 2
    assert ws.undo_label == "Import members"
    ws.undo()
    assert [(m.name, m.department) for m in members.list_members(ws, community)] == [("Anna", None)]


def test_a_failure_halfway_leaves_the_data_unchanged(ws, community, tmp_path, monkeypatch):
    members.add(ws, community, "Anna")
    before = snapshot(ws, community)
    real_insert = ws.store.insert
    calls = []

    def failing_insert(table, values):
        calls.append(values)
        if len(calls) == 2:
            raise KringError("disk full")
        return real_insert(table, values)

    monkeypatch.setattr(ws.store, "insert", failing_insert)
    path = write(tmp_path, "Name,Department\nAnna,Zorg\nBen,\nCor,\n")
    with pytest.raises(KringError, match="disk full"):
        import_members(ws, community, path)
    assert snapshot(ws, community) == before
    assert ws.undo_label == "Add member"


def test_cancelled_import_changes_nothing_and_progress_is_reported(ws, community, tmp_path):
    rows = "".join(f"Lid {i},lid{i}@example.nl\n" for i in range(1200))
    path = write(tmp_path, "Name,Email\n" + rows)
    seen: list[float] = []
    report = import_members(ws, community, path, progress=lambda f, _msg: seen.append(f))
    assert report.to_add == 1200
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 3

    abort = threading.Event()
    abort.set()
    path = write(tmp_path, "Name,Email\nNieuw Lid,nieuw@example.nl\n", name="nieuw.csv")
    with pytest.raises(KringError, match="cancelled"):
        import_members(ws, community, path, abort=abort)
    assert len(members.list_members(ws, community)) == 1200


# --- export --------------------------------------------------------------------


@pytest.fixture
def tricky(ws, community):
    """Members whose values a spreadsheet or a vCard reader could get wrong."""
    members.add(ws, community, '=HYPERLINK("http://x","y")', email="formula@example.nl",
                phone="+31 6 1234 5678", notes="@SUM(A1)\nsecond line")  # fmt: skip
    members.add(ws, community, "Jan van der Berg", organisation="Smit, Jansen; en Zn",
                department="Zorg", notes="Zegt: a\\b")  # fmt: skip
    gone = members.add(ws, community, "Verwijderd Lid").id
    members.delete(ws, gone)
    return community


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export_has_a_bom_and_the_json_keys_as_headings(ws, tricky):
    data = export_members(ws, tricky, "csv")
    heading = data.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
    assert heading == list(json.loads(export_members(ws, tricky, "json"))[0])
    assert heading[:7] == ["id", "name", "email", "phone", "organisation", "department", "role"]


def test_csv_export_neutralises_formulas(ws, tricky):
    rows = {r["email"]: r for r in csv_rows(export_members(ws, tricky, "csv"))}
    row = rows["formula@example.nl"]
    assert row["name"] == '\'=HYPERLINK("http://x","y")'
    assert row["phone"] == "'+31 6 1234 5678"
    assert row["notes"] == "'@SUM(A1)\nsecond line"
    assert rows[""]["organisation"] == "Smit, Jansen; en Zn"
    for row in rows.values():
        for cell in row.values():
            assert not cell.startswith(member_io.FORMULA_START)


def test_reimporting_a_csv_export_restores_the_values_without_apostrophes(ws, tricky, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(export_members(ws, tricky, "csv"))
    again = import_members(ws, tricky, path)
    assert (again.unchanged, again.to_add, again.to_update, again.bad) == (2, 0, 0, [])

    fresh = communities.create(ws, "Nieuwe kring").id
    report = import_members(ws, fresh, path)
    assert report.to_add == 2 and not report.bad
    assert snapshot_values(ws, fresh) == snapshot_values(ws, tricky)
    assert '=HYPERLINK("http://x","y")' in people(ws, fresh)


def snapshot_values(ws, community_id):
    keep = ("name", "email", "phone", "organisation", "department", "role", "notes")
    return sorted(
        tuple(getattr(m, k) for k in keep) for m in members.list_members(ws, community_id)
    )


def test_json_export_lists_member_fields_of_living_members(ws, tricky):
    records = json.loads(export_members(ws, tricky, "json"))
    assert [r["name"] for r in records] == ['=HYPERLINK("http://x","y")', "Jan van der Berg"]
    assert set(records[0]) == set(member_io.EXPORT_FIELDS)
    assert {"id", "name", "email", "phone", "organisation", "department", "role", "brought_by",
            "consent_directory", "joined_on", "notes"} <= set(records[0])  # fmt: skip
    assert records[1]["organisation"] == "Smit, Jansen; en Zn"
    assert records[1]["consent_directory"] is False and records[1]["email"] is None


def unfold_and_parse(data: bytes) -> list[dict[str, str]]:
    """A minimal vCard reader, independent of the writer: unfold, split, unescape."""
    text = data.decode("utf-8").replace("\r\n ", "")
    cards, card = [], {}
    for line in text.split("\r\n"):
        if not line:
            continue
        name, _sep, value = line.partition(":")
        key = name.split(";")[0]
        if key == "END":
            cards.append(card)
            card = {}
        else:
            card[key] = value
    return cards


def unescape(value: str) -> list[str]:
    """Split a structured value on unescaped semicolons and unescape each part."""
    parts, current, chars = [], "", iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            current += "\n" if nxt in "nN" else nxt
        elif char == ";":
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def test_vcard_export_escapes_values_and_parses_back(ws, tricky):
    data = export_members(ws, tricky, "vcf")
    assert data.count(b"BEGIN:VCARD\r\nVERSION:3.0\r\n") == 2
    assert b"ORG:Smit\\, Jansen\\; en Zn;Zorg\r\n" in data
    assert b"NOTE:Zegt: a\\\\b\r\n" in data
    assert b"NOTE:@SUM(A1)\\nsecond line\r\n" in data
    cards = unfold_and_parse(data)
    assert [unescape(c["FN"])[0] for c in cards] == [
        '=HYPERLINK("http://x","y")',
        "Jan van der Berg",
    ]
    assert unescape(cards[1]["N"])[:2] == ["van der Berg", "Jan"]
    assert unescape(cards[1]["ORG"]) == ["Smit, Jansen; en Zn", "Zorg"]
    assert unescape(cards[0]["EMAIL"]) == ["formula@example.nl"]


def test_vcard_long_lines_are_folded_at_75_octets_without_splitting_characters(ws, community):
    name = "Zoë " + "Ëlëctra-" * 24
    members.add(ws, community, name, notes="é" * 200)
    data = export_members(ws, community, "vcf")
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert all(line.decode("utf-8") for line in lines if line)  # no character cut in two
    assert unescape(unfold_and_parse(data)[0]["FN"])[0] == name
    assert vcard.fold("x" * 80) == "x" * 75 + "\r\n " + "x" * 5


def test_unknown_export_format_is_refused(ws, community):
    with pytest.raises(ValidationError, match="not as “xlsx”"):
        export_members(ws, community, "xlsx")
