"""What the session modes share: a pane that emits its changes, a member picked by typing."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QWidget

from app.domain.model import Session
from app.i18n import _
from app.services import attendance
from app.services.workspace import Changes, Workspace
from ui.models.text import fold
from ui.ops.sessions import Outcome


def document_keys(parent: QWidget, keys: str, what: str) -> QShortcut:
    """List keys a widget handles itself in the shortcuts dialog (F1): a disabled QShortcut
    that only carries the description, so it never takes the keys from that widget."""
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setEnabled(False)
    shortcut.setWhatsThis(what)
    return shortcut


def match_member(ids: dict[str, list[str]], text: str) -> str | None:
    """The id of the one person `text` names in `ids` (folded name -> ids): an exact name
    (ignoring case and accents), else the only person whose name contains it; None when it
    names nobody or several (two members may share a name)."""
    typed = fold(" ".join(text.split()))
    if not typed:
        return None
    found = ids.get(typed) or [i for name, named in ids.items() if typed in name for i in named]
    return found[0] if len(found) == 1 else None


def name_index(people: list[dict]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for p in people:
        index.setdefault(fold(p["name"]), []).append(p["id"])
    return index


class MemberPicker(QLineEdit):
    """A line edit that completes members' names as you type; `member_id()` is who it names.

    A name is taken when it matches one person exactly (ignoring case and accents), or when
    what was typed is found in exactly one person's name. GUI thread.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: dict[str, list[str]] = {}  # folded name -> ids
        self._names: dict[str, str] = {}  # id -> name
        self._list = QStringListModel(self)
        completer = QCompleter(self._list, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setClearButtonEnabled(True)

    def set_people(self, people: list[dict]) -> None:
        self._names = {p["id"]: p["name"] for p in people}
        self._ids = name_index(people)
        self._list.setStringList([p["name"] for p in people])

    def member_id(self) -> str | None:
        return match_member(self._ids, self.text())

    def set_member(self, member_id: str | None) -> None:
        self.setText(self._names.get(member_id or "", ""))


class People:
    """The community's members (id, name, email) read once and shared by the three modes,
    until a change to members makes the page forget them. GUI thread."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._community: str | None = None
        self._people: list[dict] = []

    def of(self, community_id: str) -> list[dict]:
        if community_id != self._community:
            self._people = attendance.member_names(self.ws, community_id)
            self._community = community_id
        return self._people

    def forget(self) -> None:
        self._community = None


class SessionPane(QWidget):
    """One mode of an open session (Prepare, Live, Review). It shows `session` and emits
    `changed` with the Changes of every mutation it makes. GUI thread."""

    changed = Signal(object)  # Changes

    def __init__(
        self, ws: Workspace, people: People | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.people_source = people or People(ws)
        self.session: Session | None = None
        self.problem = QLabel()
        self.problem.setAccessibleName(_("Problem"))
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(highlight); font-weight: bold;")
        self.problem.hide()

    def load(self, session: Session) -> None:
        """Show `session`, reading everything again."""
        self.session = session

    def refresh(self, changes: Changes) -> None:
        """Show what a mutation made elsewhere (undo, another page, a sync) changed."""
        if self.session is not None:
            self.load(self.session)

    def done(self, outcome: Outcome) -> bool:
        """Emit a successful action's changes, or show why it failed; True when it worked."""
        if outcome.problem:
            self.problem.setText(outcome.problem)
            self.problem.show()
            return False
        self.problem.hide()
        if outcome.changes:
            self.changed.emit(outcome.changes)
        return True
