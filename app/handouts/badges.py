"""Name badges on label sheets: the name big, organisation smaller, the community's name on top."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Frame, Paragraph
from reportlab.platypus.flowables import Flowable

from app.domain.errors import ValidationError
from app.handouts import fonts
from app.handouts.page import DocInfo, build_frames, paper_size
from app.handouts.values import Attendees, Person
from app.i18n import _

# (most lines, font size) of a name, tried in turn: one big line, else two, else three.
GREY_TEXT = "#555555"
NAME_FITS = (
    [(1, size) for size in (26, 24, 22, 20)]
    + [(2, size) for size in (26, 24, 22, 20, 18, 16)]
    + [(3, size) for size in (16, 14, 12, 11, 10, 9)]
)
PADDING = 5 * mm


@dataclass(frozen=True, slots=True)
class LabelSheet:
    """A sheet of labels: how many, how big, and where the first one starts."""

    product: str
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    gap_x: float = 0
    gap_y: float = 0

    def frames(self, page_height: float) -> list[Frame]:
        """One frame per label, left to right and top to bottom."""
        out = []
        for row in range(self.rows):
            for col in range(self.columns):
                x = self.left + col * (self.width + self.gap_x)
                y = page_height - self.top - (row + 1) * self.height - row * self.gap_y
                out.append(Frame(x, y, self.width, self.height, 0, 0, 0, 0, id=f"l{row}-{col}"))
        return out


SHEETS = {
    ("a4", "2x4"): LabelSheet(
        "Avery L7165", 2, 4, 99.1 * mm, 67.7 * mm, 4.65 * mm, 13.1 * mm, 2.5 * mm
    ),
    ("a4", "2x5"): LabelSheet("Avery L7173", 2, 5, 99.1 * mm, 57 * mm, 4.65 * mm, 6 * mm, 2.5 * mm),
    ("letter", "2x5"): LabelSheet(
        "Avery 5163", 2, 5, 4 * inch, 2 * inch, 0.15625 * inch, 0.5 * inch, 0.1875 * inch
    ),
}


def sheet_for(paper: str, layout: str) -> LabelSheet:
    paper_size(paper)
    try:
        return SHEETS[(paper, layout)]
    except KeyError:
        choices = ", ".join(
            f"{p.upper() if p == 'a4' else p.title()} {lay.replace('x', '×')}" for p, lay in SHEETS
        )
        raise ValidationError(
            _("There is no {layout} badge sheet for this paper; choose one of: {choices}.").format(
                layout=layout, choices=choices
            ),
            "badges",
        ) from None


class Badge(Flowable):
    """One label: the community on top, the name as big as fits, the organisation below."""

    def __init__(self, person: Person | None, community: str, width: float, height: float):
        super().__init__()
        self.person, self.community = person, community
        self.width, self.height = width, height - 1  # a point less: never spills over its label
        inner = width - 2 * PADDING
        self.top = Paragraph(
            fonts.markup(fonts.fit(community, fonts.REGULAR, 8, inner)),
            _style(fonts.REGULAR, 8, GREY_TEXT),
        )
        _w, self.top_height = self.top.wrap(inner, self.height)
        self.room = self.height - 2 * PADDING - self.top_height - 4
        self.body = self._body(inner, self.room)

    def _body(self, inner: float, room: float) -> list[Paragraph]:
        if self.person is None:
            return []
        where = " · ".join(x for x in (self.person.organisation, self.person.department) if x)
        parts: list[Paragraph] = []
        length = stringWidth(fonts.printable(self.person.name), fonts.BOLD, 1)
        for most, size in NAME_FITS:
            if length * size > most * inner and size != NAME_FITS[-1][1]:
                continue  # cannot fit in `most` lines, however the words break
            name = Paragraph(fonts.markup(self.person.name), _style(fonts.BOLD, size))
            name.wrap(inner, 10_000)
            if len(name.blPara.lines) > most and size != NAME_FITS[-1][1]:
                continue
            parts = [name]
            if where:
                parts.append(
                    Paragraph(fonts.markup(where), _style(fonts.REGULAR, max(8, size // 2)))
                )
            if self._height(parts, inner) <= room:
                break
        return parts  # when even the smallest does not fit, draw() squeezes it

    @staticmethod
    def _height(parts: list[Paragraph], width: float) -> float:
        return sum(p.wrap(width, 10_000)[1] + p.style.spaceAfter for p in parts)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        inner = self.width - 2 * PADDING
        self.top.drawOn(self.canv, PADDING, self.height - PADDING - self.top_height)
        room = self.room
        needed = self._height(self.body, inner)
        scale = min(1.0, room / needed) if needed else 1.0
        self.canv.saveState()
        # Centred in the room below the community's name; squeezed if it still does not fit.
        y = PADDING + (room - needed * scale) / 2 + needed * scale
        self.canv.translate(PADDING + inner * (1 - scale) / 2, y)
        self.canv.scale(scale, scale)
        for part in self.body:
            _w, h = part.wrap(inner, 10_000)
            part.drawOn(self.canv, 0, -h)
            self.canv.translate(0, -(h + part.style.spaceAfter))
        self.canv.restoreState()


@functools.cache
def _style(font: str, size: float, color: str = "#000000") -> ParagraphStyle:
    return ParagraphStyle(
        f"{font}-{size}-{color}",
        fontName=font,
        fontSize=size,
        leading=size * 1.18,
        alignment=TA_CENTER,
        spaceAfter=size * 0.35,
        textColor=color,
    )


def render(
    data: Attendees, paper: str = "a4", layout: str = "2x4", *, invariant: bool = False
) -> bytes:
    """A badge for everyone on the list; the rest of the last sheet gets blank ones for walk-ins."""
    sheet = sheet_for(paper, layout)
    size = paper_size(paper)
    per_sheet = sheet.columns * sheet.rows
    people: list[Person | None] = list(data.people)
    people += [None] * (-len(people) % per_sheet if people else per_sheet)
    story: list[Flowable] = [
        Badge(p, data.community.name, sheet.width, sheet.height) for p in people
    ]
    info = DocInfo(
        title=_("Name badges"),
        subject=data.session.title,
        community=data.community.name,
    )
    return build_frames(story, info, size, sheet.frames(size[1]), invariant=invariant)
