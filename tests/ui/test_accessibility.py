"""Every control a person can reach has a name a screen reader can say, on every page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from app.services import demo

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable controls under `root` without an accessible name (or a text that says it)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), (QComboBox, QAbstractSpinBox)
        ):
            continue  # the editor inside a combo or spin box: the box carries the name
        if widget.window() is not root.window():
            continue  # a combo box's popup list: the combo box carries the name
        if isinstance(widget.parent(), QAbstractItemView):
            continue  # an editor opened in a table cell: the column header names it
        has_text = isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip()
        if not (widget.accessibleName() or has_text):
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} "
                f"in {type(widget.parent()).__name__}"
            )
    return missing


@pytest.fixture
def demo_window(ws, make_window):
    demo.create_demo(ws, members=40, sessions=6, contributions=80)
    return make_window()


@pytest.mark.parametrize("row", range(7), ids=["overview", "members", "questions", "sessions",
                                               "actions", "agreements", "sync"])  # fmt: skip
def test_every_control_on_every_page_has_a_name(demo_window, row):
    demo_window.go_to_section(row)
    page = demo_window.sections[row][0]
    assert unnamed_controls(page) == []


def test_the_window_around_the_pages_names_its_controls(demo_window):
    for part in (demo_window.toolbar, demo_window.sidebar, demo_window.statusBar()):
        assert unnamed_controls(part) == []
    assert demo_window.sidebar.accessibleName() == "Sections"
