"""The Qt binding itself: the PySide6 release in use must not corrupt Python's reference counts.

PySide6 6.12.0 lost a reference to None on every Qt call returning nothing and one to True on
every signal delivered to Python; the app then died within minutes ("bool_dealloc"). The pin in
pyproject.toml keeps it out; this fails if a release with such a leak comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    value = Signal(int)


def test_qt_calls_returning_nothing_keep_none_alive(qapp):
    before = sys.getrefcount(None)
    for _ in range(500):
        qapp.processEvents()
    assert abs(sys.getrefcount(None) - before) < 50


def test_signals_delivered_to_python_keep_true_alive(qapp):
    emitter, got = Emitter(), []
    emitter.value.connect(got.append)
    before = sys.getrefcount(True)
    for number in range(500):
        emitter.value.emit(number)
    assert got == list(range(500))
    assert abs(sys.getrefcount(True) - before) < 50
