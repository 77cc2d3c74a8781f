"""The members table model and its sort/filter proxy, without any widget."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from app.domain.model import Member
from ui.models.members import (
    DEPARTMENT,
    EMAIL,
    ID_ROLE,
    MEMBER_ROLE,
    NAME,
    ORGANISATION,
    ROLE,
    MembersFilterProxy,
    MembersModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


def people() -> list[Member]:
    return [
        Member(id="m1", name="Sanne de Vries", email="sanne@wijk.nl", organisation="Gemeente",
               department="Sociaal domein", role="initiator"),
        Member(id="m2", name="Émile Bakker", organisation="Buurtzorg", role="core"),
        Member(id="m3", name="anouk Jansen", email="anouk@school.nl", organisation="Basisschool",
               role="ambassador"),
        Member(id="m4", name="José Pinto", organisation="Gemeente", department="Wonen"),
    ]  # fmt: skip


def model_with(members: list[Member]) -> MembersModel:
    model = MembersModel()
    model.set_members(members)
    return model


def proxy_over(model: MembersModel) -> MembersFilterProxy:
    proxy = MembersFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def column(proxy: MembersFilterProxy, col: int = NAME) -> list[str]:
    return [proxy.index(row, col).data() for row in range(proxy.rowCount())]


def test_one_row_per_member_and_five_columns():
    model = model_with(people())
    assert model.rowCount() == 4
    assert model.columnCount() == 5


def test_a_table_model_has_no_child_rows():
    model = model_with(people())
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(model.index(0, 0)) == 0


def test_cells_show_name_email_organisation_department_and_role():
    model = model_with(people())
    row = [model.index(0, col).data(DISPLAY) for col in range(5)]
    assert row == ["Sanne de Vries", "sanne@wijk.nl", "Gemeente", "Sociaal domein", "initiator"]


def test_role_is_shown_by_its_display_name_not_its_stored_value():
    model = model_with(people())
    assert model.index(1, ROLE).data(DISPLAY) == "core team"


def test_missing_values_show_as_empty_text():
    model = model_with(people())
    assert model.index(1, EMAIL).data(DISPLAY) == ""
    assert model.index(1, DEPARTMENT).data(DISPLAY) == ""


def test_member_and_id_roles_give_the_domain_value():
    members = people()
    model = model_with(members)
    assert model.index(2, NAME).data(MEMBER_ROLE) is members[2]
    assert model.index(2, EMAIL).data(ID_ROLE) == "m3"


def test_an_invalid_index_has_no_data():
    model = model_with(people())
    assert model.data(QModelIndex(), DISPLAY) is None


def test_headers_name_the_columns():
    model = model_with([])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Name", "Email", "Organisation", "Department", "Role"]


def test_reloading_resets_the_model_and_replaces_the_rows():
    model = model_with(people())
    seen: list[str] = []
    model.modelAboutToBeReset.connect(lambda: seen.append("about to reset"))
    model.modelReset.connect(lambda: seen.append("reset"))
    model.set_members([Member(id="m9", name="Kees Smit")])
    assert seen == ["about to reset", "reset"]
    assert model.rowCount() == 1
    assert model.index(0, NAME).data() == "Kees Smit"


def test_proxy_sorts_names_ignoring_case_and_accents():
    proxy = proxy_over(model_with(people()))
    proxy.sort(NAME, Qt.SortOrder.AscendingOrder)
    assert column(proxy) == ["anouk Jansen", "Émile Bakker", "José Pinto", "Sanne de Vries"]


def test_proxy_sorts_descending_by_organisation():
    proxy = proxy_over(model_with(people()))
    proxy.sort(ORGANISATION, Qt.SortOrder.DescendingOrder)
    assert column(proxy, ORGANISATION) == ["Gemeente", "Gemeente", "Buurtzorg", "Basisschool"]


def test_proxy_keeps_sorting_after_a_reload():
    model = model_with(people())
    proxy = proxy_over(model)
    proxy.sort(NAME)
    model.set_members([*people(), Member(id="m5", name="Bram Visser")])
    assert column(proxy)[:2] == ["anouk Jansen", "Bram Visser"]


def test_filter_keeps_rows_matching_in_any_column():
    proxy = proxy_over(model_with(people()))
    proxy.set_filter_text("gemeente")
    assert sorted(column(proxy)) == ["José Pinto", "Sanne de Vries"]


def test_filter_needs_every_word_typed():
    proxy = proxy_over(model_with(people()))
    proxy.set_filter_text("gemeente wonen")
    assert column(proxy) == ["José Pinto"]


def test_filter_ignores_case_and_accents():
    proxy = proxy_over(model_with(people()))
    proxy.set_filter_text("JOSE")
    assert column(proxy) == ["José Pinto"]
    proxy.set_filter_text("emile")
    assert column(proxy) == ["Émile Bakker"]


def test_filter_matches_the_translated_role():
    proxy = proxy_over(model_with(people()))
    proxy.set_filter_text("core team")
    assert column(proxy) == ["Émile Bakker"]


def test_clearing_the_filter_shows_everyone_again():
    proxy = proxy_over(model_with(people()))
    proxy.set_filter_text("school")
    assert proxy.rowCount() == 1
    proxy.set_filter_text("  ")
    assert proxy.rowCount() == 4
