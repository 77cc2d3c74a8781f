"""What the handouts print, gathered from the services: codes, order, consent, start times."""

from __future__ import annotations

from datetime import UTC

import pytest

from app.domain.errors import StorageError, ValidationError
from app.handouts import data, fonts, render
from app.services import attendance, communities, members, sessions


def test_member_codes_are_short_uppercase_stable_and_unique_on_a_sheet():
    ids = [f"member-{n}" for n in range(3000)]
    codes = data.member_codes(ids)
    assert len(set(codes.values())) == len(ids)
    assert all(len(c) >= 4 and c == c.upper() and not set(c) & set("ILOU") for c in codes.values())
    assert sum(len(c) == 4 for c in codes.values()) > 2500  # only clashes grow longer
    again = data.member_codes(ids[:10])
    assert all(codes[i].startswith(again[i]) for i in ids[:10])


def test_names_sort_as_people_expect_with_diacritics_and_case():
    names = ["Zoë", "Łukasz", "anaïs", "Ayşe", "Émile", "Eline", "Lucas", "ılgaz", "Igor"]
    assert sorted(names, key=data.sort_key) == [
        "anaïs",
        "Ayşe",
        "Eline",
        "Émile",
        "Igor",
        "ılgaz",
        "Lucas",
        "Łukasz",
        "Zoë",
    ]


def test_printable_drops_emoji_and_marks_letters_the_font_lacks():
    assert fonts.printable("Sofie 🌻 de Vries") == "Sofie de Vries"
    assert fonts.printable("👩‍👩‍👧 Familie") == "Familie"
    assert fonts.printable("Łukasz Şahin ı ëüïé") == "Łukasz Şahin ı ëüïé"
    assert fonts.printable("王小明") == "\N{REPLACEMENT CHARACTER}" * 3
    assert fonts.markup("A & B <c>\nd") == "A &amp; B &lt;c&gt;<br/>d"


def test_sign_in_lists_invitees_present_and_excused_alphabetically_with_codes(ws, scenario):
    sheet = data.attendees(ws, scenario.session)
    assert [p.name for p in sheet.people] == sorted(scenario.names, key=data.sort_key)
    assert "Niet Uitgenodigd Lid" not in [p.name for p in sheet.people]
    assert len({p.code for p in sheet.people}) == len(sheet.people)
    statuses = {p.name: p.status for p in sheet.people}
    assert {statuses[n] for n in scenario.excused} == {"excused"}


def test_sign_in_without_invitees_lists_every_active_member(ws, community):
    for name in ("Bram", "anna", "Cas"):
        members.add(ws, community, name)
    members.add(ws, community, "Dirk", joined_on="2025-01-01", left_on="2025-06-01")
    sid = sessions.add(ws, community, "Open kring", starts_at="2026-03-12T18:30:00Z").id
    sheet = data.attendees(ws, sid)
    assert [p.name for p in sheet.people] == ["anna", "Bram", "Cas"]
    mid = members.list_members(ws, community)[0].id
    attendance.set_status(ws, sid, mid, "absent")
    assert [p.name for p in data.attendees(ws, sid).people] == ["anna", "Bram", "Cas"]


def test_agenda_start_times_follow_the_timeboxes_in_local_time(ws, community):
    sid = sessions.add(ws, community, "Kring", starts_at="2026-03-12T18:30:00Z").id
    for title, minutes in (("Welkom", 15), ("Vraagstuk", 45), ("Open", None), ("Afsluiting", 10)):
        sessions.add_agenda_item(ws, sid, title, timebox_minutes=minutes)
    handout = data.session_handout(ws, sid, tz=UTC)
    starts = [(r.title, r.starts and r.starts.strftime("%H:%M")) for r in handout.agenda]
    assert starts == [
        ("Welkom", "18:30"),
        ("Vraagstuk", "18:45"),
        ("Open", "19:30"),
        ("Afsluiting", None),
    ]


def test_session_handout_has_open_actions_of_earlier_sessions_and_adopted_agreements(ws, scenario):
    handout = data.session_handout(ws, scenario.session)
    assert [a.text for a in handout.open_actions] == ["Oude actie uit de vorige kring"]
    assert [a.text for a in handout.agreements] == [
        "We laten elkaar uitpraten, ook online.",
        "Telefoons op stil.",
    ]
    assert [q.id for q in handout.questions] == [scenario.question, scenario.other_question]


def test_directory_data_holds_only_consenting_members_and_shared_contact_details(ws, scenario):
    listed = data.directory(ws, scenario.community).people
    names = {p.name for p in listed}
    assert names.isdisjoint(scenario.unlisted)
    emails = {p.email for p in listed if p.email}
    assert emails == set(scenario.shared_contact)
    assert all(p.phone is None for p in listed if p.email is None)


def test_bad_paper_kind_or_badge_layout_is_refused_with_a_message(ws, scenario):
    with pytest.raises(ValidationError, match="A4 or Letter"):
        render.session_pdf(ws, scenario.session, "agenda", paper="a5")
    with pytest.raises(ValidationError, match="no “poster” handout"):
        render.session_pdf(ws, scenario.session, "poster")
    with pytest.raises(ValidationError, match="Letter 2×5"):
        render.session_pdf(ws, scenario.session, "badges", paper="letter", badges="2x4")


def test_write_pdf_leaves_nothing_behind_when_it_cannot_write(tmp_path):
    target = tmp_path / "missing" / "out.pdf"
    with pytest.raises(StorageError, match=r"Can.t save the PDF"):
        render.write_pdf(target, b"%PDF-1.4")
    render.write_pdf(tmp_path / "out.pdf", b"%PDF-1.4")
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_community_without_online_space_still_prints_its_handout(ws):
    cid = communities.create(ws, "Kleine kring").id
    sid = sessions.add(ws, cid, "Eerste keer").id
    assert render.session_pdf(ws, sid, "agenda").startswith(b"%PDF")
