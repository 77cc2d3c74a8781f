"""Pages every handout shares: paper sizes, styles, header and footer, "page X of Y", dates."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app.domain.errors import ValidationError
from app.handouts import fonts
from app.handouts.values import SessionInfo
from app.i18n import N_, _, current_language

PAPER = {"a4": A4, "letter": LETTER}
MARGIN = 16 * mm  # left and right
TOP = 18 * mm  # above the text: the community name and the document's name
BOTTOM = 16 * mm  # below the text: what the document is about, and "page X of Y"
HEADER_Y = 12 * mm  # from the top edge
FOOTER_Y = 8 * mm  # from the bottom edge
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
SHADE = colors.HexColor("#EEEEEE")

WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def paper_size(paper: str) -> tuple[float, float]:
    try:
        return PAPER[paper]
    except KeyError:
        raise ValidationError(
            _("Paper must be A4 or Letter, not “{paper}”.").format(paper=paper), "paper"
        ) from None


# --- dates ------------------------------------------------------------------------


def date_text(day: date | None) -> str:
    if day is None:
        return ""
    return _("{day} {month} {year}").format(
        day=day.day, month=_(MONTHS[day.month - 1]), year=day.year
    )


def time_text(moment: datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def when_text(session: SessionInfo) -> str:
    """Like "Thursday 14 March 2026, 19:30–21:00", in the reader's language and local time."""
    start, end = session.starts, session.ends
    if start is None:
        return _("date not set")
    text = _("{weekday} {date}").format(weekday=_(WEEKDAYS[start.weekday()]), date=date_text(start))
    if end and end.date() == start.date():
        return f"{text}, {time_text(start)}–{time_text(end)}"
    if end:
        return f"{text}, {time_text(start)} – {date_text(end)} {time_text(end)}"
    return f"{text}, {time_text(start)}"


# --- styles -----------------------------------------------------------------------


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle(
        "body",
        fontName=fonts.REGULAR,
        bulletFontName=fonts.REGULAR,
        fontSize=10,
        leading=13,
        spaceAfter=4,
    )
    bold = {"fontName": fonts.BOLD}
    heading = bold
    made = {
        "title": dict(bold, fontSize=18, leading=22, spaceAfter=4),
        "subtitle": dict(fontSize=11, leading=14, textColor=GREY),
        "h1": dict(heading, fontSize=13, leading=16, spaceBefore=10, spaceAfter=4),
        "h2": dict(heading, fontSize=11, leading=14, spaceBefore=6, spaceAfter=2),
        "h3": dict(heading, fontSize=9.5, leading=12, spaceBefore=3, spaceAfter=1, textColor=GREY),
        "small": dict(fontSize=8.5, leading=11, textColor=GREY),
        "bullet": dict(fontSize=9.5, leading=12.5, leftIndent=11, bulletIndent=2, spaceAfter=3),
        "cell": dict(fontSize=9, leading=11.5, spaceAfter=0),
        "contact": dict(fontSize=8.5, leading=11, spaceAfter=0),
        "cellbold": dict(bold, fontSize=9, leading=11.5, spaceAfter=0),
        "head": dict(bold, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cellsmall": dict(fontSize=8, leading=10, spaceAfter=0, textColor=GREY),
    }
    return {"body": base} | {name: ParagraphStyle(name, base, **kw) for name, kw in made.items()}


def style(name: str) -> ParagraphStyle:
    return _styles()[name]


def para(text: str | None, kind: str = "body") -> Paragraph:
    """A paragraph of user text (escaped, unprintable characters handled)."""
    return Paragraph(fonts.markup(text), style(kind))


def label_para(text: str, kind: str = "head") -> Paragraph:
    """A paragraph of Kring's own (translated) text; may contain <b> markup of ours."""
    return Paragraph(text, style(kind))


def table(
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    *,
    header: bool = True,
    ruled: bool = True,
    extra: Sequence[tuple] = (),
) -> Table:
    """A table, ruled unless asked not to be; the header row repeats on every page it spans."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if ruled:
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE))
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ]
    # A row taller than a page (a synced 10,000-character action) splits instead of failing.
    result = Table(list(rows), colWidths=list(widths), repeatRows=1 if header else 0, splitInRow=1)
    result.setStyle(TableStyle([*commands, *extra]))
    return result


# --- the document -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the PDF says about itself and what its header and footer print."""

    title: str  # metadata title and the header's right side, e.g. "Minutes"
    subject: str
    community: str
    footer: str = ""  # the session or question the document is about


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end, so each can say "page X of Y"."""

    def __init__(self, *args, footer_right: float = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._footer_right = footer_right
        self._held: list[dict] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.setFont(fonts.REGULAR, 8)
            self.setFillColor(GREY)
            text = _("Page {page} of {pages}").format(page=number, pages=total)
            self.drawRightString(self._footer_right, FOOTER_Y, text)
            super().showPage()
        super().save()


def _decorate(info: DocInfo, canvas: Canvas, doc: BaseDocTemplate) -> None:
    width, height = doc.pagesize
    top = height - HEADER_Y
    usable = width - 2 * MARGIN
    canvas.saveState()
    canvas.setFillColor(colors.black)
    right = fonts.fit(info.title, fonts.REGULAR, 9, usable * 0.45)
    right_width = canvas.stringWidth(right, fonts.REGULAR, 9)
    canvas.setFont(fonts.BOLD, 9)
    left_room = usable - right_width - 6 * mm
    canvas.drawString(MARGIN, top, fonts.fit(info.community, fonts.BOLD, 9, left_room))
    canvas.setFont(fonts.REGULAR, 9)
    canvas.drawRightString(width - MARGIN, top, right)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - 2 * mm, width - MARGIN, top - 2 * mm)
    bottom = FOOTER_Y
    canvas.line(MARGIN, bottom + 4 * mm, width - MARGIN, bottom + 4 * mm)
    canvas.setFont(fonts.REGULAR, 8)
    canvas.setFillColor(GREY)
    canvas.drawString(MARGIN, bottom, fonts.fit(info.footer, fonts.REGULAR, 8, usable - 30 * mm))
    canvas.restoreState()


def frame_width(paper: str) -> float:
    return paper_size(paper)[0] - 2 * MARGIN


def build(story: list[Flowable], info: DocInfo, paper: str = "a4", *, invariant: bool = False):
    """Lay out `story` on pages with the shared header and footer; returns the PDF's bytes.

    Apart from its creation date (and the file id reportlab derives from it) the output is
    the same for the same input; `invariant` fixes the date too, for byte-for-byte tests.
    """
    size = paper_size(paper)
    fonts.register()
    out = io.BytesIO()
    doc = _document(out, info, size, invariant)
    frame = Frame(
        MARGIN,
        BOTTOM,
        size[0] - 2 * MARGIN,
        size[1] - TOP - BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates(
        [PageTemplate("page", [frame], onPage=functools.partial(_decorate, info), pagesize=size)]
    )
    canvasmaker = functools.partial(_NumberedCanvas, footer_right=size[0] - MARGIN)
    doc.build(story, canvasmaker=canvasmaker)
    return out.getvalue()


def build_frames(
    story: list[Flowable], info: DocInfo, size, frames: list[Frame], *, invariant: bool = False
) -> bytes:
    """Lay out `story` into the given frames on every page, with no header or footer (labels)."""
    fonts.register()
    out = io.BytesIO()
    doc = _document(out, info, size, invariant)
    doc.addPageTemplates([PageTemplate("labels", frames, pagesize=size)])
    doc.build(story)
    return out.getvalue()


def _document(out: io.BytesIO, info: DocInfo, size, invariant: bool) -> BaseDocTemplate:
    return BaseDocTemplate(
        out,
        pagesize=size,
        title=fonts.printable(f"{info.title} — {info.subject}" if info.subject else info.title),
        author="Kring",
        subject=fonts.printable(info.subject),
        creator="Kring",
        lang=current_language(),
        displayDocTitle=1,
        invariant=1 if invariant else 0,
        initialFontName=fonts.REGULAR,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=BOTTOM,
    )
