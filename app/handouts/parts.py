"""Pieces several handouts print: the title block, action tables, contribution lists, notes."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from app.domain.model import label
from app.handouts import fonts
from app.handouts.page import RULE, date_text, label_para, para, style, table, when_text
from app.handouts.values import ActionRow, AgreementRow, ContributionRow, SessionInfo
from app.i18n import _

# Room a heading needs below it on the page, or it starts the next page instead.
ROOM = {"h1": 30 * mm, "h2": 22 * mm, "h3": 14 * mm}


def heading(text: str, kind: str = "h1") -> list[Flowable]:
    """A heading (escaped like user text) that is never left alone at the foot of a page."""
    return [CondPageBreak(ROOM[kind]), para(text, kind)]


def session_block(session: SessionInfo, kind_title: str) -> list[Flowable]:
    """Title, time, place and facilitator of a session."""
    out: list[Flowable] = [para(kind_title, "subtitle"), para(session.title, "title")]
    details = [when_text(session)]
    if session.location:
        details.append(session.location)
    details.append(label(session.mode))
    out.append(para(" · ".join(details), "body"))
    if session.facilitator:
        out.append(para(_("Facilitator: {name}").format(name=session.facilitator), "small"))
    return out


def votes_text(count: int) -> str:
    if count == 1:
        return _("1 vote")
    return _("{count} votes").format(count=count)


def contribution_para(row: ContributionRow, *, show_kind: bool = False) -> Paragraph:
    """One contribution as a bullet: its text, then who said it and its votes in grey."""
    details = []
    if show_kind:
        details.append(label(row.kind))
    if row.author:
        details.append(row.author)
    if row.votes:
        details.append(votes_text(row.votes))
    tail = ""
    if details:
        tail = ' <font color="#555555">— ' + fonts.markup(" · ".join(details)) + "</font>"
    return Paragraph(fonts.markup(row.text) + tail, style("bullet"), bulletText="•")


def actions_table(rows: Iterable[ActionRow], width: float, *, source: bool = False):
    """Actions with owner and due date (and the session they came from, when asked)."""
    head = [_("Action"), _("Owner"), _("Due")] + ([_("From session")] if source else [])
    widths = [0.47, 0.22, 0.16] + ([0.15] if source else [])
    scale = 1 / sum(widths)
    data: list[list] = [[label_para(h) for h in head]]
    for row in rows:
        text = row.text if row.status == "open" else f"{row.text} ({label(row.status)})"
        line = [
            para(text, "cell"),
            para(row.owner or "—", "cell"),
            para(date_text(row.due), "cell"),
        ]
        if source:
            line.append(para(row.source or "—", "cellsmall"))
        data.append(line)
    return table(data, [width * w * scale for w in widths])


def agreement_paras(rows: Iterable[AgreementRow]) -> list[Paragraph]:
    out = []
    for row in rows:
        text = fonts.markup(row.text)
        if row.status != "adopted":
            text += f' <font color="#555555">({fonts.markup(label(row.status))})</font>'
        out.append(Paragraph(text, style("bullet"), bulletText="•"))
    return out


def qr_code(value: str, size: float = 28 * mm) -> Flowable:
    """A QR code of `value` (UTF-8), `size` points square, quiet zone included."""
    return QrCode(value, width=size, height=size, qrLevel="M", qrBorder=2)


class NoteLines(Flowable):
    """A titled block of ruled lines for notes: the rest of the page, at least `least` high."""

    def __init__(self, title: str, least: float = 45 * mm, pitch: float = 8 * mm) -> None:
        super().__init__()
        self.title = para(title, "h1")
        self.least = least
        self.pitch = pitch
        self.width = self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = max(self.least, avail_height - 1)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        _w, title_height = self.title.wrap(self.width, self.height)
        top = self.height - self.title.style.spaceBefore
        self.title.drawOn(canvas, 0, top - title_height)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        y = top - title_height - self.pitch
        while y >= 0:
            canvas.line(0, y, self.width, y)
            y -= self.pitch


def names_table(names: list[str], width: float, columns: int = 2) -> Flowable:
    """Names in columns, alphabetical from left to right; splits over pages."""
    if not names:
        return para("—")
    cells = [para(n, "cell") for n in names]
    cells += [""] * (-len(cells) % columns)
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    padding = [
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
    return table(rows, [width / columns] * columns, header=False, ruled=False, extra=padding)


def gap(height: float = 3 * mm) -> Spacer:
    return Spacer(1, height)
