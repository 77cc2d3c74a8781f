"""Scenarios for handout tests: a session with people and what was said; PDF readers."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.services import (
    actions,
    attendance,
    communities,
    contributions,
    members,
    questions,
    sessions,
)

# Names that break naive PDF code: Dutch diacritics, Polish and Turkish letters, XML.
SPECIAL_NAMES = (
    "Zoë van den Bërg",
    "Anaïs Müller-Dubé",
    "Łukasz Wiśniewski",
    "Ayşe Yılmaz",
    "Tom & Jerry <de Smet>",
    "Sofie 🌻 de Vries",
)
LONG_TEXT = (
    "Wat opvalt is dat ouderen de weg naar het wijkteam niet kennen & dat <folders> niet "
    "werken; misschien kunnen we met de huisartsenpraktijk, de bibliotheek, het buurthuis "
    "en de woningcorporatie samen één loket maken waar iedereen terecht kan, ook 's avonds, "
    "met een vrijwilliger die de weg weet en die tijd heeft voor een kop koffie en een praatje. "
    "Zie https://samensterker.example/een-heel-lange-verwijzing-zonder-spaties-die-toch-"
    "netjes-moet-afbreken-in-een-smalle-kolom-van-de-tabel"
)


def long_name(i: int) -> str:
    """A name of at least 60 characters, unique by its number."""
    return f"Wilhelmina Theodora Johanna Frederika van Lexmond-Hoogendijk tot Zuilen {i:03d}"


@dataclass
class Scenario:
    community: str
    session: str
    question: str
    other_question: str
    names: list[str] = field(default_factory=list)  # everyone invited, present or excused
    present: list[str] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)
    said: dict[str, str] = field(default_factory=dict)  # contribution text -> kind
    decisions: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)  # no consent to the directory
    private_contact: list[str] = field(default_factory=list)  # listed, contact not shared
    shared_contact: list[str] = field(default_factory=list)


def build_scenario(ws, *, people: int = 8, long: bool = False, said: int = 18) -> Scenario:
    """A closed session with `people` invitees (some present, some excused) and what was said."""
    cid = communities.create(
        ws,
        "Buurtkring Oost & West <proef> — samen sterker in de wijk" * (3 if long else 1),
        purpose="Samen zorgen voor de wijk, met één loket voor iedereen."
        + (" " + LONG_TEXT) * (2 if long else 0),
        online_space="https://samensterker.example/kring?groep=oost&taal=nl",
    ).id
    q1 = questions.add(
        ws,
        cid,
        "Eenzaamheid onder ouderen in de flat",
        description=LONG_TEXT,
        perspectives="zorg, wonen, buren, huisarts",
    ).id
    q2 = questions.add(ws, cid, "Stageplekken voor jongeren & <werkgevers>").id
    earlier = sessions.add(ws, cid, "Vorige kring", starts_at="2026-02-01T19:30:00Z").id
    sid = sessions.add(
        ws,
        cid,
        "Kringgesprek in het buurthuis" + (" — " + LONG_TEXT[:200] if long else ""),
        starts_at="2026-03-12T18:30:00Z",
        ends_at="2026-03-12T20:30:00Z",
        location="Buurthuis De Schakel, zaal 2",
        questions=(q1, q2),
    ).id
    sessions.add_agenda_item(ws, sid, "Welkom en check-in", timebox_minutes=15)
    scenario = Scenario(cid, sid, q1, q2)
    names = list(SPECIAL_NAMES[:people]) + [
        long_name(i) if long else f"Deelnemer {i:03d}" for i in range(max(0, people - 6))
    ]
    ids = []
    for n, name in enumerate(names):
        listed, shared = n % 5 != 1, n % 3 != 2
        mid = members.add(
            ws,
            cid,
            name,
            email=f"lid{n}@example.org",
            phone=f"06-1000{n:04d}",
            organisation="Gemeente Rivierstad, afdeling Sociaal Domein" * (2 if long else 1),
            department="Wijkteam Noord",
            consent_directory=listed,
            consent_contact=shared,
        ).id
        ids.append(mid)
        if not listed:
            scenario.unlisted.append(name)
        elif shared:
            scenario.shared_contact.append(f"lid{n}@example.org")
        else:
            scenario.private_contact.append(f"lid{n}@example.org")
    members.add(ws, cid, "Niet Uitgenodigd Lid")
    attendance.invite(ws, sid, ids)
    for n, mid in enumerate(ids):
        if n % 4 == 3:
            attendance.set_status(ws, sid, mid, "excused")
            scenario.excused.append(names[n])
        elif n % 4 != 2:
            attendance.check_in(ws, sid, mid)
            scenario.present.append(names[n])
    scenario.names = names
    kinds = ("idea", "insight", "perspective", "question", "concern", "decision")
    for n in range(said):
        kind = kinds[n % len(kinds)]
        text = f"Bijdrage {n:03d} ({kind}): café, reünie, geïnteresseerd, überhaupt"
        if long and n % 7 == 0:
            text += " — " + LONG_TEXT
        cid_ = contributions.capture(
            ws,
            cid,
            text,
            session=sid,
            kind=kind,
            question=(q1, q2, None)[(n // 6) % 3],
            author=ids[n % len(ids)] if ids else None,
        ).id
        if n % 4 == 0:
            contributions.vote(ws, cid_, 3)
        scenario.said[text] = kind
        if kind == "decision":
            scenario.decisions.append(text)
    for n in range(3):
        text = f"Actie {n}: flyers laten drukken & verspreiden"
        actions.add(
            ws,
            cid,
            text,
            owner=ids[n % len(ids)] if ids else None,
            due_on="2026-04-01",
            session=sid,
        )
        scenario.actions.append(text)
    actions.add(ws, cid, "Oude actie uit de vorige kring", session=earlier, due_on="2026-03-01")
    agreement = "We laten elkaar uitpraten, ook online."
    actions.add_agreement(ws, cid, agreement, session=sid)
    actions.add_agreement(ws, cid, "Telefoons op stil.", session=earlier)
    scenario.agreements.append(agreement)
    return scenario


# --- reading PDFs back -----------------------------------------------------------

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed: apt-get install poppler-utils",
)
needs_qpdf = pytest.mark.skipif(
    shutil.which("qpdf") is None, reason="qpdf is not installed: apt-get install qpdf"
)


def pdf_text(pdf: Path, *, first: int | None = None, last: int | None = None, raw=False) -> str:
    """The text of a PDF (or of some of its pages) as poppler's pdftotext reads it."""
    command = ["pdftotext", "-raw" if raw else "-layout", "-enc", "UTF-8"]
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(
        [*command, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return {k.strip(): v.strip() for k, _s, v in (line.partition(":") for line in out.splitlines())}


def squash(text: str) -> str:
    """Text without any whitespace: lines a PDF wrapped compare equal to the unwrapped text."""
    return re.sub(r"\s+", "", text)


def write(tmp_path: Path, name: str, pdf: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path
