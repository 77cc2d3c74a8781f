"""How Kring's lists look and behave: whole rows, read-only, compact; select and reveal."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTableView


def list_look(table: QTableView, *, several: bool = False) -> QTableView:
    """Whole rows (one at a time unless `several`), read-only, alternating, compact rows for
    scanning long lists, no row numbers. Returns `table`."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if several
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setHighlightSections(False)
    return table


def select_row(table: QTableView, index: QModelIndex) -> None:
    """Make `index`'s row the current, only selected one, and scroll it into view."""
    flag = QItemSelectionModel.SelectionFlag
    table.selectionModel().setCurrentIndex(index, flag.ClearAndSelect | flag.Rows)
    table.scrollTo(index)
