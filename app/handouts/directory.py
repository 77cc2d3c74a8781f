"""The member directory: those who agreed to be listed, contact details where they agreed."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus.flowables import Flowable

from app.domain.model import label
from app.handouts.page import DocInfo, build, frame_width, label_para, para, table
from app.handouts.values import Directory, Person
from app.i18n import _


def render(data: Directory, paper: str = "a4", *, invariant: bool = False) -> bytes:
    width = frame_width(paper)
    story: list[Flowable] = [
        para(_("Member directory"), "subtitle"),
        para(data.community.name, "title"),
        para(_listed(len(data.people)), "small"),
    ]
    head = [_("Name"), _("Organisation"), _("Contact"), _("Strengths and interests")]
    rows: list[list] = [[label_para(h) for h in head]]
    rows += [_row(person) for person in data.people]
    if not data.people:
        rows.append([para(_("Nobody has agreed to be listed yet."), "cell"), "", "", ""])
    name, org, contact = 42 * mm, 38 * mm, 58 * mm
    story.append(table(rows, [name, org, contact, width - name - org - contact]))
    info = DocInfo(
        title=_("Member directory"),
        subject=data.community.name,
        community=data.community.name,
        footer=_("Member directory"),
    )
    return build(story, info, paper, invariant=invariant)


def _listed(count: int) -> str:
    agreed = (
        _("1 member agreed to be listed.")
        if count == 1
        else _("{count} members agreed to be listed.").format(count=count)
    )
    rest = _(
        "Contact details only of those who agreed to share them. Please keep this list "
        "within the community."
    )
    return f"{agreed} {rest}"


def _row(person: Person) -> list:
    name = [para(person.name, "cellbold")]
    if person.role and person.role != "member":
        name.append(para(label(person.role), "cellsmall"))
    org = [para(person.organisation or "", "cell")]
    if person.department:
        org.append(para(person.department, "cellsmall"))
    contact = [para(x, "contact") for x in (person.email, person.phone) if x]
    about = [para(x, "cellsmall") for x in (person.strengths, person.interests) if x]
    return [name, org, contact or "", about or ""]
