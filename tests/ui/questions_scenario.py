"""A small community for the questions, actions, agreements and overview tests: three
members, two questions, two sessions held and one planned, contributions made in both
sessions held (with votes), actions and working agreements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from app.services import actions, attendance, contributions, members, questions, sessions
from app.services.workspace import Workspace

TODAY = date.today()


@dataclass
class Scenario:
    community: str
    members: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    contributions: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)
    agreements: dict[str, str] = field(default_factory=dict)


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def build(ws: Workspace, community: str) -> Scenario:
    s = Scenario(community)
    s.members["Anna"] = members.add(ws, community, "Anna Jansen", joined_on=day(-400)).id
    s.members["Bram"] = members.add(ws, community, "Bram de Vries", joined_on=day(-300)).id
    s.members["Chris"] = members.add(
        ws, community, "Chris Bakker", joined_on=day(-5), brought_by=s.members["Anna"]
    ).id
    s.questions["wijk"] = questions.add(
        ws, community, "Wijkteam beter bereikbaar", urgency=3, owner=s.members["Anna"]
    ).id
    s.questions["tuin"] = questions.add(ws, community, "Moestuin bij de school", urgency=1).id
    s.questions["klaar"] = questions.add(ws, community, "Bankjes in het park", status="solved").id
    first = sessions.add(
        ws, community, "Eerste kring", starts_at=f"{day(-60)}T18:30:00Z", status="closed"
    ).id
    second = sessions.add(
        ws, community, "Tweede kring", starts_at=f"{day(-20)}T18:30:00Z", status="closed"
    ).id
    planned = sessions.add(
        ws,
        community,
        "Derde kring",
        starts_at=f"{day(10)}T18:30:00Z",
        location="Buurthuis De Kring",
        questions=(s.questions["wijk"], s.questions["tuin"]),
    ).id
    s.sessions.update(first=first, second=second, planned=planned)
    for member in ("Anna", "Bram"):
        attendance.check_in(ws, first, s.members[member])
    attendance.check_in(ws, second, s.members["Chris"])
    wijk = s.questions["wijk"]
    said = [
        ("idee1", first, "Anna", "idea", "Spreekuur in de bibliotheek"),
        ("zorg1", first, "Bram", "concern", "Niet iedereen leest mail"),
        ("idee2", second, "Chris", "idea", "Een vast telefoonnummer"),
        ("besluit", second, "Anna", "decision", "We starten met een proef in maart"),
        ("los", None, "Bram", "insight", "Buren vragen elkaar eerst"),
    ]
    for key, session, who, kind, text in said:
        s.contributions[key] = contributions.capture(
            ws, community, text, session=session, question=wijk, author=s.members[who], kind=kind
        ).id
    contributions.vote(ws, s.contributions["idee2"], 3)
    s.actions["bellen"] = actions.add(
        ws, community, "Wijkteam bellen", owner=s.members["Anna"], due_on=day(-3),
        question=wijk, session=second,
    ).id  # fmt: skip
    s.actions["flyer"] = actions.add(
        ws, community, "Flyer maken", owner=s.members["Bram"], due_on=day(40)
    ).id
    s.actions["zaal"] = actions.add(
        ws, community, "Zaal reserveren", owner=s.members["Bram"], due_on=day(-10),
        status="done",
    ).id  # fmt: skip
    s.actions["ooit"] = actions.add(ws, community, "Website bijwerken").id
    s.agreements["telefoon"] = actions.add_agreement(
        ws, community, "Telefoons op stil", session=first
    ).id
    s.agreements["beurt"] = actions.add_agreement(
        ws, community, "Iedereen komt aan het woord", status="proposed"
    ).id
    return s
