"""The sign-in sheet: invitees with code, tick and signature columns, then rows for walk-ins."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from app.domain.model import label
from app.handouts.page import DocInfo, build, frame_width, label_para, para, style, table
from app.handouts.parts import heading, session_block
from app.handouts.values import Attendees, Person
from app.i18n import _

BOX = "\N{BALLOT BOX}"
ROW_PADDING = 5  # points above and below each name: room to sign


def walk_in_rows(invitees: int) -> int:
    """Blank rows for people not on the list: a tenth of the invitees, at least eight."""
    return max(8, min(60, invitees // 10))


def render(
    data: Attendees, paper: str = "a4", *, blank_rows: int | None = None, invariant: bool = False
) -> bytes:
    width = frame_width(paper)
    story: list[Flowable] = session_block(data.session, _("Sign-in sheet"))
    hint = _("Tick your name and sign. Not on the list? Write your details in the rows at the end.")
    story.append(para(hint))
    story.append(_invitees(data.people, width))
    blanks = walk_in_rows(len(data.people)) if blank_rows is None else blank_rows
    if blanks:
        story += heading(_("Not on the list? Sign in here"))
        story.append(
            para("* " + _("Tick if we may list you in the community's member directory."), "small")
        )
        story.append(_walk_ins(blanks, width))
    info = DocInfo(
        title=_("Sign-in sheet"),
        subject=data.session.title,
        community=data.community.name,
        footer=data.session.title,
    )
    return build(story, info, paper, invariant=invariant)


def _name_cell(person: Person) -> list[Paragraph]:
    cell = [para(person.name, "cellbold")]
    where = " · ".join(x for x in (person.organisation, person.department) if x)
    if person.status == "excused":
        where = " · ".join(x for x in (where, label("excused")) if x)
    if where:
        cell.append(para(where, "cellsmall"))
    return cell


def _box() -> Paragraph:
    return Paragraph(f'<font size="13">{BOX}</font>', style("cell"))


def _invitees(people: list[Person], width: float):
    head = [_("Code"), _("Name"), _("Here"), _("Signature")]
    rows: list[list] = [[label_para(h) for h in head]]
    for person in people:
        rows.append([para(person.code, "cell"), _name_cell(person), _box(), ""])
    if not people:
        rows.append(["", para(_("Nobody invited yet."), "cell"), "", ""])
    fixed = 16 * mm + 12 * mm + 52 * mm
    pad = [
        ("TOPPADDING", (0, 1), (-1, -1), ROW_PADDING),
        ("BOTTOMPADDING", (0, 1), (-1, -1), ROW_PADDING),
        ("LINEBEFORE", (2, 0), (-1, -1), 0.3, "#BBBBBB"),
    ]
    return table(rows, [16 * mm, width - fixed, 12 * mm, 52 * mm], extra=pad)


def _walk_ins(count: int, width: float):
    head = [_("Name"), _("Organisation"), _("Brought by"), _("Email"), _("Listed*")]
    rows: list[list] = [[label_para(h) for h in head]]
    rows += [["", "", "", "", _box()] for _n in range(count)]
    fixed = 16 * mm
    share = (width - fixed) / 10
    pad = [
        ("TOPPADDING", (0, 1), (-1, -1), 12),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.3, "#BBBBBB"),
    ]
    return table(rows, [share * 3, share * 2.2, share * 2, share * 2.8, fixed], extra=pad)
