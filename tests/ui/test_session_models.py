"""The session modes' item models, without widgets."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QModelIndex, Qt

from app.domain.model import AgendaItem, Attendance, Contribution
from ui.models.session_agenda import MIME, AgendaModel
from ui.models.session_checkin import CheckinFilter, CheckinModel
from ui.models.session_contributions import PAGE, ContributionsModel


def test_the_agenda_model_hands_edits_and_drops_to_the_services(qapp):
    edits, moves = [], []
    model = AgendaModel(
        edit=lambda item, field, value: edits.append((item, field, value)) or True,
        move=lambda item, to: moves.append((item, to)),
    )
    model.set_items(
        [AgendaItem(f"i{n}", title=f"Punt {n}", timebox_minutes=10 * n) for n in range(4)]
    )
    assert [model.index(r, 0).data() for r in range(4)] == ["Punt 0", "Punt 1", "Punt 2", "Punt 3"]
    assert model.index(1, 1).data() == "10" and model.index(0, 1).data() == ""
    assert model.setData(model.index(2, 1), 25)
    assert model.setData(model.index(0, 0), "Opening")
    assert edits == [("i2", "timebox_minutes", 25), ("i0", "title", "Opening")]
    # Dragging the first item below the third: Qt says "before row 3".
    data = model.mimeData([model.index(0, 0)])
    assert data.hasFormat(MIME)
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex()) is False
    # Dragging the last to the top.
    model.dropMimeData(model.mimeData([model.index(3, 0)]), Qt.DropAction.MoveAction, 0, 0,
                       QModelIndex())  # fmt: skip
    # Dropped on itself: nothing to do.
    model.dropMimeData(model.mimeData([model.index(1, 0)]), Qt.DropAction.MoveAction, 1, 0,
                       QModelIndex())  # fmt: skip
    assert moves == [("i0", 2), ("i3", 0)]


def test_the_checkin_model_filters_as_you_type_and_counts_who_is_in(qapp):
    people = [{"id": f"m{n}", "name": name, "email": None}
              for n, name in enumerate(["Anna Berg", "Bas de Vries", "Annelies Kok",
                                        "José Pérez"])]  # fmt: skip
    model = CheckinModel(tz=UTC)
    model.set_people(people, {"m1": Attendance("a", member="m1", status="invited")})
    proxy = CheckinFilter()
    proxy.setSourceModel(model)
    proxy.find("ann")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == [
        "Anna Berg", "Annelies Kok"]  # fmt: skip
    proxy.find("PEREZ jose")  # any order, any case, no accents needed
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["José Pérez"]
    assert model.index(1, 1).data() == "invited"
    assert model.present_ids() == set()
    model.set_attendance("m0", Attendance("b", member="m0", status="present",
                                          arrived_at="2026-03-12T19:02:00Z"))  # fmt: skip
    assert model.index(0, 1).data() == "in since 19:02"
    assert [p["name"] for p in model.present_people()] == ["Anna Berg"]
    left = Attendance(
        "b",
        member="m0",
        status="present",
        arrived_at="2026-03-12T19:02:00Z",
        left_at="2026-03-12T21:10:00Z",
    )
    model.set_attendance("m0", left)
    assert model.index(0, 1).data() == "left at 21:10"
    assert model.present_ids() == set()


def test_the_contributions_model_reads_a_page_at_a_time_and_shows_new_ones_on_top(qapp):
    store = [(Contribution(f"c{n}", text=f"Idee {n}", kind="idea", author="m1"), n % 3)
             for n in range(PAGE + 50)]  # fmt: skip
    asked = []

    def fetch(limit, offset):
        asked.append((limit, offset))
        return store[offset : offset + limit]

    model = ContributionsModel()
    model.names = {"m1": "Anna"}
    model.set_source(fetch)
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE + 50 and not model.canFetchMore()
    assert asked == [(PAGE, 0), (PAGE, PAGE)]
    assert [model.index(1, c).data() for c in range(5)] == ["1", "idea", "Idee 1", "Anna", ""]
    model.prepend(Contribution("new", text="Net gezegd", kind="decision"))
    assert model.index(0, 2).data() == "Net gezegd" and model.index(0, 1).data() == "decision"
    model.set_votes("new", 3)
    assert model.index(0, 0).data() == "3" and model.votes(0) == 3
    assert model.row_of("c0") == 1
    model.set_source(None)
    assert model.rowCount() == 0


def test_a_typed_name_picks_one_person_ignoring_accents_never_one_of_two_namesakes():
    from ui.pages.session_widgets import match_member, name_index

    people = [("a1", "Anna Berg"), ("a2", "Anna Berg"), ("j", "José Pérez"), ("k", "Kees Smit")]
    ids = name_index([{"id": i, "name": name} for i, name in people])
    assert match_member(ids, "jose perez") == "j"
    assert match_member(ids, "  kees  ") == "k"
    assert match_member(ids, "Anna Berg") is None  # two of them: which one is not a guess
    assert match_member(ids, "berg") is None
    assert match_member(ids, "nobody") is None
    assert match_member(ids, "") is None
