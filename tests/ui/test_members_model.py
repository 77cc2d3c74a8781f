"""The members table model, without any widget: SQL sorting and filtering, lazy pages."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.domain.ids import uuid7
from app.services import members
from app.services.members import MemberFilter
from ui.models.members import (
    DEPARTMENT,
    EMAIL,
    ID_ROLE,
    NAME,
    ORGANISATION,
    PAGE_SIZE,
    ROLE,
    ROW_ROLE,
    MembersModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def people(ws, community):
    ids = []
    for name, fields in [
        ("Sanne de Vries", dict(email="sanne@wijk.nl", organisation="Gemeente",
                                department="Sociaal domein", role="initiator")),
        ("Émile Bakker", dict(organisation="Buurtzorg", role="core")),
        ("anouk Jansen", dict(email="anouk@school.nl", organisation="Basisschool",
                              role="ambassador")),
        ("José Pinto", dict(organisation="Gemeente", department="Wonen", left_on="2026-02-01")),
    ]:  # fmt: skip
        ids.append(members.add(ws, community, name, **fields).id)
    return ids


@pytest.fixture
def model(qapp, ws, community, people):
    made = MembersModel(ws)
    made.set_community(community)
    return made


def column(model: MembersModel, col: int = NAME) -> list[str]:
    return [model.index(row, col).data() for row in range(model.rowCount())]


def test_one_row_per_member_and_five_columns(model):
    assert model.rowCount() == 4
    assert model.columnCount() == 5
    assert model.total() == 4


def test_a_table_model_has_no_child_rows(model):
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(model.index(0, 0)) == 0


def test_rows_are_sorted_by_name_ignoring_case_and_accents(model):
    assert column(model) == ["anouk Jansen", "Émile Bakker", "José Pinto", "Sanne de Vries"]


def test_cells_show_name_email_organisation_department_and_role(model):
    row = [model.index(3, col).data(DISPLAY) for col in range(5)]
    assert row == ["Sanne de Vries", "sanne@wijk.nl", "Gemeente", "Sociaal domein", "initiator"]


def test_role_is_shown_by_its_display_name_and_missing_values_as_empty_text(model):
    assert model.index(1, ROLE).data(DISPLAY) == "core team"
    assert model.index(1, EMAIL).data(DISPLAY) == ""
    assert model.index(1, DEPARTMENT).data(DISPLAY) == ""


def test_a_member_who_left_is_shown_in_italics_with_the_date(model):
    assert model.index(2, NAME).data(Qt.ItemDataRole.FontRole).italic()
    assert (
        model.index(2, NAME).data(Qt.ItemDataRole.ToolTipRole) == "José Pinto (left on 2026-02-01)"
    )
    assert model.index(0, NAME).data(Qt.ItemDataRole.FontRole) is None


def test_id_and_row_roles_give_the_member(model, people):
    assert model.index(3, EMAIL).data(ID_ROLE) == people[0]
    assert model.index(3, NAME).data(ROW_ROLE).email == "sanne@wijk.nl"
    assert model.row_of(people[0]) == 3


def test_an_invalid_index_has_no_data(model):
    assert model.data(QModelIndex(), DISPLAY) is None


def test_headers_name_the_columns(model):
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Name", "Email", "Organisation", "Department", "Role"]


def test_sorting_descending_by_organisation_is_done_by_the_query(model):
    seen: list[str] = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.sort(ORGANISATION, Qt.SortOrder.DescendingOrder)
    assert seen == ["reset"]
    assert column(model, ORGANISATION) == ["Gemeente", "Gemeente", "Buurtzorg", "Basisschool"]
    assert model.flt.sort == "organisation" and model.flt.descending


def test_filtering_by_words_role_department_and_status(model):
    model.set_filter(MemberFilter(text="gemeente"))
    assert column(model) == ["José Pinto", "Sanne de Vries"]
    model.set_filter(MemberFilter(text="JOSE"))
    assert column(model) == ["José Pinto"]
    model.set_filter(MemberFilter(role="core"))
    assert column(model) == ["Émile Bakker"]
    model.set_filter(MemberFilter(department="Wonen"))
    assert column(model) == ["José Pinto"]
    model.set_filter(MemberFilter(status="active"))
    assert "José Pinto" not in column(model)
    assert model.total() == 4


def test_an_edit_that_keeps_the_order_updates_rows_in_place(ws, model, people):
    resets: list[str] = []
    changed: list[int] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    model.dataChanged.connect(lambda top, bottom: changed.append(bottom.row()))
    members.update(ws, people[0], email="sanne@gemeente.nl")
    model.refresh()
    assert resets == [] and changed == [3]
    assert model.index(3, EMAIL).data() == "sanne@gemeente.nl"


def test_an_edit_named_by_its_changes_rereads_only_that_row(ws, model, people):
    for row in range(model.rowCount()):
        model.index(row, NAME).data()  # the rows on screen have been read
    resets: list[str] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    changes = members.update(ws, people[0], organisation="Wijkteam", phone="06 12345678")
    model.refresh(changes.ids)
    assert resets == [] and changed == [(3, 3)]
    assert model.index(3, ORGANISATION).data() == "Wijkteam"


def test_an_edit_that_moves_a_member_rereads_the_order(ws, model, people):
    model.index(3, NAME).data()
    members.update(ws, people[0], name="Aafke de Vries")
    model.refresh(frozenset([people[0]]))
    assert column(model)[0] == "Aafke de Vries"


def test_an_edit_that_filters_a_member_out_rereads_the_rows(ws, model, people):
    model.set_filter(MemberFilter(text="gemeente"))
    assert column(model) == ["José Pinto", "Sanne de Vries"]
    changes = members.update(ws, people[0], organisation="Bibliotheek")
    model.refresh(changes.ids)
    assert column(model) == ["José Pinto"]
    assert model.total() == 4


def test_changes_without_ids_reread_everything(ws, community, model):
    members.add(ws, community, "Bram Visser")
    model.refresh(frozenset())
    assert "Bram Visser" in column(model)


def test_a_new_member_resets_the_rows(ws, community, model):
    seen: list[str] = []
    model.modelReset.connect(lambda: seen.append("reset"))
    members.add(ws, community, "Bram Visser")
    model.refresh()
    assert seen == ["reset"]
    assert column(model)[:2] == ["anouk Jansen", "Bram Visser"]


@pytest.fixture
def crowd(ws, community):
    """10,000 members, written in one statement as the demo does."""
    rows = [
        {"id": uuid7(), "community": community, "name": f"Lid {n:05d}",
         "department": ("Zorg", "Wonen", "Onderwijs")[n % 3],
         "role": "ambassador" if n % 50 == 0 else "member"}
        for n in range(10_000)
    ]  # fmt: skip
    ws.store.insert_many("member", rows)
    return rows


def test_ten_thousand_members_are_counted_but_only_the_pages_looked_at_are_read(
    qapp, ws, community, crowd
):
    model = MembersModel(ws)
    started = time.perf_counter()
    model.set_community(community)
    assert model.rowCount() == 10_000
    assert model.pages_read == 0
    assert model.index(0, NAME).data() == "Lid 00000"
    assert model.index(9_999, NAME).data() == "Lid 09999"
    assert model.index(PAGE_SIZE * 50 + 3, NAME).data() == f"Lid {PAGE_SIZE * 50 + 3:05d}"
    assert model.pages_read == 3
    assert time.perf_counter() - started < 2.0  # generous: a loaded CI machine


def test_ten_thousand_members_sorted_and_filtered_in_sql(qapp, ws, community, crowd):
    model = MembersModel(ws)
    model.set_community(community)
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert model.index(0, NAME).data() == "Lid 09999"
    model.set_filter(MemberFilter(role="ambassador", department="Wonen"))
    assert model.rowCount() == len(
        [r for r in crowd if r["role"] == "ambassador" and r["department"] == "Wonen"]
    )
    model.set_filter(MemberFilter(text="00042"))
    assert column(model) == ["Lid 00042"]
