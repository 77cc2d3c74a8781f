"""The members table's queries: filter, sort and look-ups done in SQL."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationError
from app.services import members
from app.services.members import MemberFilter


@pytest.fixture
def people(ws, community):
    ids = {}
    for name, fields in [
        ("Sanne de Vries", dict(email="sanne@wijk.nl", organisation="Gemeente",
                                department="Sociaal domein", role="initiator")),
        ("Émile Bakker", dict(organisation="Buurtzorg", role="core")),
        ("anouk Jansen", dict(email="anouk@school.nl", organisation="Basisschool",
                              role="ambassador", left_on="2026-01-01")),
        ("José Pinto", dict(organisation="Gemeente", department="Wonen")),
    ]:  # fmt: skip
        ids[name] = members.add(ws, community, name, **fields).id
    return ids


def names(ws, community, **kw):
    ids = members.filtered_ids(ws, community, MemberFilter(**kw))
    found = members.rows(ws, ids)
    return [found[i].name for i in ids]


def test_sorted_by_name_ignoring_case_and_accents(ws, community, people):
    assert names(ws, community) == ["anouk Jansen", "Émile Bakker", "José Pinto", "Sanne de Vries"]


def test_sorted_descending_by_organisation_then_by_name(ws, community, people):
    assert names(ws, community, sort="organisation", descending=True) == [
        "José Pinto", "Sanne de Vries", "Émile Bakker", "anouk Jansen"
    ]  # fmt: skip


def test_members_without_a_value_come_last_whichever_the_direction(ws, community, people):
    assert names(ws, community, sort="email")[2:] == ["Émile Bakker", "José Pinto"]
    assert names(ws, community, sort="email", descending=True) == [
        "Sanne de Vries", "anouk Jansen", "Émile Bakker", "José Pinto"
    ]  # fmt: skip


def test_a_first_letter_with_an_accent_sorts_among_its_plain_letter(ws, community):
    for name in ("Zeynep Kaya", "Özlem Yılmaz", "Omar Said", "Pieter Smit", "çelik Aydın"):
        members.add(ws, community, name)
    assert names(ws, community) == [
        "çelik Aydın", "Omar Said", "Özlem Yılmaz", "Pieter Smit", "Zeynep Kaya"
    ]  # fmt: skip


def test_sorted_by_role_from_initiator_to_member(ws, community, people):
    assert names(ws, community, sort="role") == [
        "Sanne de Vries", "Émile Bakker", "anouk Jansen", "José Pinto"
    ]  # fmt: skip


def test_filter_needs_every_word_ignoring_case_and_accents(ws, community, people):
    assert names(ws, community, text="gemeente wonen") == ["José Pinto"]
    assert names(ws, community, text="JOSE") == ["José Pinto"]
    assert names(ws, community, text="emi") == ["Émile Bakker"]
    assert names(ws, community, text="zorg") == []  # words start as typed: not "Buurtzorg"
    assert names(ws, community, text="anouk@sch") == ["anouk Jansen"]


def test_filter_by_role_department_and_status(ws, community, people):
    assert names(ws, community, role="core") == ["Émile Bakker"]
    assert names(ws, community, department="Wonen") == ["José Pinto"]
    assert names(ws, community, department="") == ["anouk Jansen", "Émile Bakker"]
    assert names(ws, community, status="left") == ["anouk Jansen"]
    assert "anouk Jansen" not in names(ws, community, status="active")
    assert names(ws, community, status="active", text="gemeente") == [
        "José Pinto", "Sanne de Vries"
    ]  # fmt: skip


def test_count_departments_and_picker(ws, community, people):
    assert members.count(ws, community) == 4
    assert members.departments(ws, community) == ["Sociaal domein", "Wonen"]
    assert [name for _id, name in members.pick(ws, community, "jo")] == ["José Pinto"]
    assert members.pick(ws, community, "  ") == []


def test_deleted_members_are_not_listed_or_counted(ws, community, people):
    members.delete(ws, people["José Pinto"])
    assert "José Pinto" not in names(ws, community)
    assert members.count(ws, community) == 3


def test_a_left_date_before_the_stored_joined_date_is_refused(ws, community):
    anna = members.add(ws, community, "Anna", joined_on="2025-05-01").id
    with pytest.raises(ValidationError) as caught:
        members.update(ws, anna, left_on="2025-04-01")
    assert caught.value.field == "left_on"
