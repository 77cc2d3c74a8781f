"""The minutes: who came, decisions, contributions by question and kind, actions, agreements."""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from app.domain.model import ContributionKind, label
from app.handouts.page import DocInfo, build, frame_width, para
from app.handouts.parts import (
    actions_table,
    agreement_paras,
    contribution_para,
    heading,
    names_table,
    session_block,
)
from app.handouts.values import ContributionRow, Minutes, Person, QuestionInfo
from app.i18n import N_, _

# How a group of contributions is headed, by kind.
KIND_HEADINGS = {
    ContributionKind.IDEA: N_("Ideas"),
    ContributionKind.INSIGHT: N_("Insights"),
    ContributionKind.PERSPECTIVE: N_("Perspectives"),
    ContributionKind.QUESTION: N_("Questions asked"),
    ContributionKind.CONCERN: N_("Concerns"),
    ContributionKind.DECISION: N_("Decisions"),
}


def kind_heading(kind: str) -> str:
    return _(KIND_HEADINGS[kind]) if kind in KIND_HEADINGS else label(kind)


def render(data: Minutes, paper: str = "a4", *, invariant: bool = False) -> bytes:
    width = frame_width(paper)
    story: list[Flowable] = session_block(data.session, _("Minutes"))
    story += _attendees(data.present, data.excused, width)
    titles = {q.id: q.title for q in data.questions}
    decisions = [c for c in data.contributions if c.kind == ContributionKind.DECISION]
    if decisions:
        story += heading(_("Decisions"))
        for row in decisions:
            about = titles.get(row.question or "")
            story.append(contribution_para(row if not about else _about(row, about)))
    others = [c for c in data.contributions if c.kind != ContributionKind.DECISION]
    if others:
        story += heading(_("What was said"))
        story += grouped(others, data.questions)
    if data.actions:
        story += [*heading(_("Actions")), actions_table(data.actions, width)]
    if data.agreements:
        story += [*heading(_("Working agreements made")), *agreement_paras(data.agreements)]
    if data.session.notes:
        story += [*heading(_("Notes")), para(data.session.notes)]
    if not data.contributions and not data.actions and not data.agreements:
        story.append(para(_("Nothing was captured in this session."), "small"))
    info = DocInfo(
        title=_("Minutes"),
        subject=data.session.title,
        community=data.community.name,
        footer=data.session.title,
    )
    return build(story, info, paper, invariant=invariant)


def _about(row: ContributionRow, title: str) -> ContributionRow:
    """A decision with the question it settles in front of its text."""
    return ContributionRow(
        row.id, f"{title}: {row.text}", row.kind, row.author, row.votes, row.question, row.session
    )


def _attendees(present: list[Person], excused: list[Person], width: float) -> list[Flowable]:
    out: list[Flowable] = [*heading(_("Attendees"))]
    out += heading(_("Present ({count})").format(count=len(present)), "h3")
    out.append(names_table([p.name for p in present], width))
    if excused:
        out += heading(_("Excused ({count})").format(count=len(excused)), "h3")
        out.append(names_table([p.name for p in excused], width))
    return out


def grouped(rows: list[ContributionRow], questions: list[QuestionInfo]) -> list[Flowable]:
    """Contributions under their question (agenda order), then by kind, most votes first."""
    out: list[Flowable] = []
    order = [q.id for q in questions] + [None]
    titles = {q.id: q.title for q in questions}
    by_question: dict[str | None, list[ContributionRow]] = {}
    for row in rows:
        key = row.question if row.question in titles else None
        by_question.setdefault(key, []).append(row)
    for qid in order:
        group = by_question.get(qid)
        if not group:
            continue
        out += heading(titles[qid] if qid else _("Not about a particular question"), "h2")
        out += by_kind(group)
    return out


def by_kind(rows: list[ContributionRow]) -> list[Flowable]:
    out: list[Flowable] = []
    for kind in ContributionKind:
        group = [r for r in rows if r.kind == kind]
        if not group:
            continue
        group.sort(key=lambda r: -r.votes)
        out += heading(kind_heading(kind), "h3")
        out += [contribution_para(r) for r in group]
    return out
