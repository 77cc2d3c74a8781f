"""The community at a glance: next session, open questions, overdue actions, members and
newcomers, and who came to the last sessions. Every line leads to what it is about."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import communities, overview
from app.services.workspace import Workspace
from ui.models.questions import urgency_text
from ui.pages.base import Page

# Where a line leads: the entity and id of its record (none for headings and notes).
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
NEWCOMERS_SHOWN = 12  # the rest are counted: the members page lists them all


def when_text(stamp: str | None) -> str:
    """A stored UTC time as a short local date and time."""
    if not stamp:
        return _("no date yet")
    moment = QDateTime.fromString(stamp.replace("Z", "+00:00"), Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        moment = QDateTime.fromString(stamp, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return stamp
    return QLocale().toString(moment.toLocalTime(), QLocale.FormatType.ShortFormat)


class OverviewPage(Page):
    """Reads `overview.overview` and lists it; activating a line emits `open_requested`
    (entity, id), which the window routes to `open_item`. GUI thread."""

    open_requested = Signal(str, str)  # entity, id
    entities = ("session", "question", "action", "member", "attendance", "agenda_item")

    def __init__(self, ws: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(ws, data_dir, parent)
        self.setAccessibleName(_("Overview"))
        self.now: datetime | None = None  # None: the current time (tests fix it)
        self.heading = QLabel()
        self.heading.setAccessibleName(_("Community"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("The community at a glance"))
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setToolTip(
            _("Enter or a click opens the line's session, question, action or member")
        )
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)

    def reload(self) -> None:
        """Read the overview again (counting 10,000 members takes tens of milliseconds: hidden,
        the page only notes that it must, not at every check-in of a live session)."""
        self.tree.clear()
        self.heading.setText("")
        if self.community_id is None:
            return
        self.heading.setText(communities.get(self.ws, self.community_id).name)
        data = overview.overview(self.ws, self.community_id, self.now)
        self._next_session(data)
        self._questions(data)
        self._overdue(data)
        self._members(data)
        self._last_sessions(data)
        self.tree.expandAll()

    def focus_main(self) -> None:
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def lines(self) -> list[tuple[str, tuple[str, str] | None]]:
        """Every line shown, in order, with where it leads (headings lead nowhere)."""
        found = []
        for n in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(n)
            found.append((top.text(0), _target(top)))
            for c in range(top.childCount()):
                child = top.child(c)
                found.append((child.text(0), _target(child)))
        return found

    def item_for(self, text_part: str) -> QTreeWidgetItem | None:
        """The first line whose text contains `text_part`."""
        for item in self.tree.findItems(
            text_part, Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive
        ):
            return item
        return None

    # --- sections -------------------------------------------------------------------

    def _section(self, title: str, target: tuple[str, str] | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        _set_target(item, target)
        self.tree.addTopLevelItem(item)
        return item

    @staticmethod
    def _line(parent: QTreeWidgetItem, text: str, target: tuple[str, str] | None) -> None:
        item = QTreeWidgetItem([text])
        _set_target(item, target)
        parent.addChild(item)

    def _next_session(self, data: overview.Overview) -> None:
        section = self._section(_("Next session"))
        s = data.next_session
        if s is None:
            self._line(section, _("No session planned yet."), None)
            return
        agenda = (
            _("1 agenda item")
            if s.agenda_items == 1
            else _("{n} agenda items").format(n=s.agenda_items)
        )
        parts = [s.title, when_text(s.starts_at)]
        if s.location:
            parts.append(s.location)
        parts.append(agenda)
        self._line(section, " · ".join(parts), ("session", s.id))

    def _questions(self, data: overview.Overview) -> None:
        by_level = {level: 0 for level in (3, 2, 1)}
        for q in data.open_questions:
            by_level[q.urgency if q.urgency in by_level else 2] += 1
        counts = ", ".join(
            _("{n} {urgency}").format(n=by_level[level], urgency=urgency_text(level))
            for level in (3, 2, 1)
            if by_level[level]
        )
        title = _("Open questions: {n}").format(n=len(data.open_questions))
        section = self._section(
            _("{title} ({counts})").format(title=title, counts=counts) if counts else title
        )
        for q in data.open_questions:
            self._line(section, f"{urgency_text(q.urgency)} · {q.title}", ("question", q.id))

    def _overdue(self, data: overview.Overview) -> None:
        section = self._section(_("Overdue actions: {n}").format(n=len(data.overdue_actions)))
        for a in data.overdue_actions:
            owner = a.owner_name or _("nobody yet")
            text = _("due {day}: {text} ({owner})").format(day=a.due_on, text=a.text, owner=owner)
            self._line(section, text, ("action", a.id))

    def _members(self, data: overview.Overview) -> None:
        title = _("Members: {n}").format(n=data.members)
        newcomers = _("new in the last {days} days: {n}").format(
            days=overview.NEWCOMER_DAYS, n=len(data.newcomers)
        )
        section = self._section(f"{title} · {newcomers}")
        for m in data.newcomers[:NEWCOMERS_SHOWN]:
            if m.brought_by_name:
                text = _("{name} joined {day}, brought by {by}").format(
                    name=m.name, day=m.joined_on, by=m.brought_by_name
                )
            else:
                text = _("{name} joined {day}").format(name=m.name, day=m.joined_on)
            self._line(section, text, ("member", m.id))
        hidden = len(data.newcomers) - NEWCOMERS_SHOWN
        if hidden > 0:
            self._line(section, _("…and {n} more").format(n=hidden), None)

    def _last_sessions(self, data: overview.Overview) -> None:
        section = self._section(_("Last sessions"))
        if not data.last_sessions:
            self._line(section, _("No session held yet."), None)
        for s in data.last_sessions:
            present = _("1 present") if s.present == 1 else _("{n} present").format(n=s.present)
            self._line(
                section, f"{s.title} · {when_text(s.starts_at)} · {present}", ("session", s.id)
            )

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = _target(item)
        if target:
            self.open_requested.emit(*target)


def _set_target(item: QTreeWidgetItem, target: tuple[str, str] | None) -> None:
    if target:
        item.setData(0, ENTITY_ROLE, target[0])
        item.setData(0, ID_ROLE, target[1])


def _target(item: QTreeWidgetItem) -> tuple[str, str] | None:
    entity = item.data(0, ENTITY_ROLE)
    return (entity, item.data(0, ID_ROLE)) if entity else None
