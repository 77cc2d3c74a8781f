"""The paper round-trip's look-ups: the sheet as printed, and people found by code or name."""

from __future__ import annotations

from app.handouts import data
from app.handouts.values import Person
from app.services import attendance, members, reconcile, sessions


def people(*names: str, codes: tuple[str, ...] = ()) -> list[Person]:
    return [
        Person(f"id-{n}", name, code=codes[n] if n < len(codes) else f"C{n:03d}")
        for n, name in enumerate(names)
    ]


def names(found: list[Person]) -> list[str]:
    return [p.name for p in found]


def test_the_sheet_has_the_printed_order_codes_and_statuses(ws, community):
    ids = {name: members.add(ws, community, name).id for name in ("Zoë Berg", "anna Smit", "Émile")}
    members.add(ws, community, "Not Invited")
    sid = sessions.add(ws, community, "Kring").id
    attendance.invite(ws, sid, list(ids.values()))
    attendance.set_status(ws, sid, ids["Émile"], "excused")

    listed = reconcile.sheet(ws, sid)

    assert (
        names(listed) == names(data.attendees(ws, sid).people) == ["anna Smit", "Émile", "Zoë Berg"]
    )
    assert [p.code for p in listed] == [data.member_codes(list(ids.values()))[p.id] for p in listed]
    assert [p.status for p in listed] == ["invited", "excused", "invited"]


def test_members_not_on_the_sheet_can_still_be_found(ws, community):
    invited = members.add(ws, community, "Anna Smit").id
    members.add(ws, community, "Bram Visser")
    members.add(ws, community, "Left Already", left_on="2026-01-01", joined_on="2025-01-01")
    sid = sessions.add(ws, community, "Kring").id
    attendance.invite(ws, sid, [invited])
    listed = reconcile.sheet(ws, sid)

    others = reconcile.not_on_sheet(ws, sid, listed)

    assert names(others) == ["Bram Visser"]
    assert len(others[0].code) >= 4


def test_a_printed_code_finds_its_person_whatever_the_case():
    group = people("Anna Smit", "Bram Visser", codes=("K7QD", "4M2X"))
    assert names(reconcile.find(group, "k7qd")) == ["Anna Smit"]
    assert names(reconcile.find(group, " 4m2x ")) == ["Bram Visser"]


def test_a_code_is_read_the_way_handwriting_is_misread():
    group = people("Anna Smit", "Bram Visser", codes=("K70D", "41M1"))
    assert names(reconcile.find(group, "K7OD")) == ["Anna Smit"]
    assert names(reconcile.find(group, "4ImL")) == ["Bram Visser"]


def test_the_start_of_a_name_or_of_a_word_in_it_finds_people():
    group = people("Sanne de Vries", "Bram Visser", "Anouk Mulder-Jansen")
    assert names(reconcile.find(group, "bra")) == ["Bram Visser"]
    assert names(reconcile.find(group, "de vr")) == ["Sanne de Vries"]
    assert names(reconcile.find(group, "jans")) == ["Anouk Mulder-Jansen"]
    assert names(reconcile.find(group, "ries")) == []


def test_accents_and_special_letters_are_ignored():
    group = people("Daniëlle Bakker", "Łukasz Wiśniewski")
    assert names(reconcile.find(group, "danie")) == ["Daniëlle Bakker"]
    assert names(reconcile.find(group, "lukasz w")) == ["Łukasz Wiśniewski"]


def test_an_ambiguous_start_returns_every_candidate():
    group = people("Anna Berg", "Anouk Mulder", "Bram Visser")
    assert names(reconcile.find(group, "an")) == ["Anna Berg", "Anouk Mulder"]


def test_a_whole_name_wins_over_longer_names_it_starts():
    group = people("Jan de Vries", "Jan", "Janneke Smit")
    assert names(reconcile.find(group, "jan")) == ["Jan"]


def test_nothing_typed_or_nobody_matching_finds_nobody():
    group = people("Anna Berg")
    assert reconcile.find(group, "   ") == []
    assert reconcile.find(group, "zz") == []


def test_unticking_returns_to_the_printed_status_but_never_to_present():
    assert reconcile.status_after_untick("excused") == "excused"
    assert reconcile.status_after_untick("invited") == "invited"
    assert reconcile.status_after_untick("present") == "invited"
    assert reconcile.status_after_untick(None) == "invited"
