"""The session handout: agenda with start times, the questions, open actions, agreements, notes."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app.domain.model import label
from app.handouts import fonts
from app.handouts.page import DocInfo, build, frame_width, label_para, para, table, time_text
from app.handouts.parts import (
    NoteLines,
    actions_table,
    agreement_paras,
    gap,
    heading,
    qr_code,
    session_block,
)
from app.handouts.values import QuestionInfo, SessionHandout
from app.i18n import _

QR_SIZE = 26 * mm
QR_MAX_BYTES = 2000  # a QR code at level M holds at most 2,331 bytes


def render(data: SessionHandout, paper: str = "a4", *, invariant: bool = False) -> bytes:
    width = frame_width(paper)
    story: list[Flowable] = [_top(data, width)]
    if data.community.purpose:
        story += [*heading(_("Our shared course"), "h2"), para(data.community.purpose, "small")]
    if data.session.purpose:
        story += [*heading(_("Purpose of this session"), "h2"), para(data.session.purpose)]
    story += [*heading(_("Agenda")), _agenda(data, width)]
    if data.questions:
        story += heading(_("The questions"))
        for question in data.questions:
            story += _question(question)
    if data.open_actions:
        story += heading(_("Open actions from earlier sessions"))
        story.append(actions_table(data.open_actions, width, source=True))
    if data.agreements:
        story += [*heading(_("Our working agreements")), *agreement_paras(data.agreements)]
    story.append(NoteLines(_("Notes")))
    info = DocInfo(
        title=_("Session handout"),
        subject=data.session.title,
        community=data.community.name,
        footer=data.session.title,
    )
    return build(story, info, paper, invariant=invariant)


def _top(data: SessionHandout, width: float) -> Flowable:
    """The session's title block, with the QR code to the online space beside it when set."""
    block = session_block(data.session, data.community.name)
    link = data.community.online_space
    if not link or len(link.encode()) > QR_MAX_BYTES:  # a link no QR code can hold is only written
        if link:
            block.append(para(_("Online space: {link}").format(link=link), "small"))
        return Table([[block]], colWidths=[width], style=_plain(), splitInRow=1)
    qr = [qr_code(link, QR_SIZE), para(_("Online space"), "cellsmall"), para(link, "cellsmall")]
    side = QR_SIZE + 4 * mm
    return Table([[block, qr]], colWidths=[width - side, side], style=_plain(), splitInRow=1)


def _plain() -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (1, 0), (1, 0), 4 * mm),
        ]
    )


def _agenda(data: SessionHandout, width: float) -> Flowable:
    head = [_("Start"), _("Item"), _("Duration"), _("Presenter")]
    rows: list[list] = [[label_para(h) for h in head]]
    for item in data.agenda:
        minutes = _("{minutes} min").format(minutes=item.minutes) if item.minutes else "—"
        rows.append(
            [
                para(time_text(item.starts) or "—", "cell"),
                para(item.title, "cellbold" if item.question else "cell"),
                para(minutes, "cell"),
                para(item.presenter or "", "cell"),
            ]
        )
    if not data.agenda:
        rows.append([para("", "cell"), para(_("No agenda yet."), "cell"), "", ""])
    start, duration, presenter = 16 * mm, 21 * mm, 42 * mm
    return table(rows, [start, width - start - duration - presenter, duration, presenter])


def _question(question: QuestionInfo) -> list[Flowable]:
    facts = [label(question.status)]
    if question.owner:
        facts.append(_("brought in by {name}").format(name=question.owner))
    out: list[Flowable] = [*heading(question.title, "h2"), para(" · ".join(facts), "small")]
    if question.description:
        out.append(para(question.description))
    if question.perspectives:
        text = _("Perspectives to involve:")
        markup = f"<b>{fonts.markup(text)}</b> {fonts.markup(question.perspectives)}"
        out.append(label_para(markup, "body"))
    out.append(gap(2 * mm))
    return out
