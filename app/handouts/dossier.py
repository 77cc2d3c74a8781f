"""A question's dossier: what it is, and everything captured about it across sessions."""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from app.domain.model import ContributionKind, label
from app.handouts.minutes import by_kind
from app.handouts.page import DocInfo, build, date_text, frame_width, para
from app.handouts.parts import actions_table, contribution_para, heading
from app.handouts.values import ContributionRow, Dossier
from app.i18n import _


def render(data: Dossier, paper: str = "a4", *, invariant: bool = False) -> bytes:
    q = data.question
    width = frame_width(paper)
    story: list[Flowable] = [para(_("Question dossier"), "subtitle"), para(q.title, "title")]
    facts = [label(q.status), _("urgency {level} of 3").format(level=q.urgency)]
    if q.owner:
        facts.append(_("brought in by {name}").format(name=q.owner))
    story.append(para(" · ".join(facts), "small"))
    for caption, text in (
        (_("Description"), q.description),
        (_("Perspectives to involve"), q.perspectives),
        (_("Outcome"), q.outcome),
    ):
        if text:
            story += [*heading(caption, "h2"), para(text)]
    decisions = [c for c in data.contributions if c.kind == ContributionKind.DECISION]
    if decisions:
        story += heading(_("Decisions"))
        story += [contribution_para(_where(c, data)) for c in decisions]
    others = [c for c in data.contributions if c.kind != ContributionKind.DECISION]
    story += heading(_("Contributions"))
    if not others:
        story.append(para(_("Nothing has been captured about this question yet."), "small"))
    for session_id, group in _by_session(others):
        story += heading(_session_title(session_id, data), "h2")
        story += by_kind(group)
    if data.actions:
        story += [*heading(_("Actions")), actions_table(data.actions, width, source=True)]
    info = DocInfo(
        title=_("Question dossier"),
        subject=q.title,
        community=data.community.name,
        footer=q.title,
    )
    return build(story, info, paper, invariant=invariant)


def _by_session(rows: list[ContributionRow]) -> list[tuple[str | None, list[ContributionRow]]]:
    """Groups in the order the rows come (session order, between-sessions last)."""
    groups: dict[str | None, list[ContributionRow]] = {}
    for row in rows:
        groups.setdefault(row.session, []).append(row)
    return list(groups.items())


def _session_title(session_id: str | None, data: Dossier) -> str:
    session = data.sessions.get(session_id or "")
    if session is None:
        return _("Between sessions")
    when = date_text(session.starts.date()) if session.starts else ""
    return f"{session.title} — {when}" if when else session.title


def _where(row: ContributionRow, data: Dossier) -> ContributionRow:
    said = ", ".join(x for x in (row.author, _session_title(row.session, data)) if x)
    return ContributionRow(row.id, row.text, row.kind, said, row.votes, row.question, row.session)
