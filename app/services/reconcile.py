"""The paper round-trip: the signed sheet's people as printed, and finding them by code or name."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.model import AttendanceStatus
from app.handouts import data
from app.handouts.values import Person
from app.services import members, sessions
from app.services.workspace import Workspace

# Handwritten codes are read with Crockford's rules: O is a zero, I and L are ones.
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def sheet(ws: Workspace, session_id: str) -> list[Person]:
    """The sign-in sheet's people as it prints now: same order, same codes, with their status.

    Read it once per reconcile: ticking people changes who a sheet without invitees lists.
    """
    return data.attendees(ws, session_id).people


def not_on_sheet(ws: Workspace, session_id: str, listed: Sequence[Person]) -> list[Person]:
    """Active members of the session's community who are not on `listed`, alphabetically.

    People sometimes sign in on a blank row although they are members already.
    """
    community = sessions.get(ws, session_id).community
    on_sheet = {p.id for p in listed}
    active = members.list_members(ws, community, include_left=False)
    others = [m for m in active if m.id not in on_sheet]
    codes = data.member_codes([*on_sheet, *(m.id for m in others)])
    found = [Person(m.id, m.name, m.organisation, m.department, codes[m.id]) for m in others]
    return sorted(found, key=lambda p: data.sort_key(p.name))


def find(people: Sequence[Person], text: str) -> list[Person]:
    """Who `text` means: the person whose printed code it is, else everyone whose name, or a
    word in it, starts with it (case and accents ignored). A whole name typed out wins over
    names it is the start of: "Jan" finds Jan, not also Jan de Vries."""
    typed = " ".join(text.split())
    if not typed:
        return []
    code = typed.upper().replace(" ", "").replace("-", "").translate(_MISREAD)
    by_code = [p for p in people if p.code and p.code == code]
    if by_code:
        return by_code
    wanted = data.sort_key(typed)[0]
    found = [p for p in people if _starts_a_word(data.sort_key(p.name)[0], wanted)]
    exact = [p for p in found if data.sort_key(p.name)[0] == wanted]
    return exact or found


def _starts_a_word(name: str, wanted: str) -> bool:
    words = name.replace("-", " ").split()
    return name.startswith(wanted) or any(
        " ".join(words[n:]).startswith(wanted) for n in range(1, len(words))
    )


def status_after_untick(printed: str | None) -> str:
    """What someone ticked by mistake goes back to: their status on the sheet, unless that was
    already "present" (checked in during the meeting); then just "invited"."""
    if printed and printed != AttendanceStatus.PRESENT:
        return printed
    return AttendanceStatus.INVITED.value
