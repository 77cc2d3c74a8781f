"""Handouts by name: gather the data from the services, draw the PDF, write it safely.

Rendering takes a while for big sessions: the app calls these from a worker thread that
has its own Workspace (and so its own SQLite connection), never from the GUI thread.
"""

from __future__ import annotations

import os
import tempfile
from datetime import tzinfo
from pathlib import Path

from app.domain.errors import StorageError, ValidationError
from app.handouts import agenda, data, directory, dossier, minutes, page, signin
from app.handouts import badges as badge_sheet
from app.i18n import _
from app.services.workspace import Workspace

SESSION_KINDS = ("agenda", "signin", "minutes", "badges")
BADGE_LAYOUTS = ("2x4", "2x5")


def session_pdf(
    ws: Workspace,
    session_id: str,
    kind: str,
    *,
    paper: str = "a4",
    badges: str = "2x4",
    tz: tzinfo | None = None,
    invariant: bool = False,
) -> bytes:
    """One of a session's handouts (`SESSION_KINDS`) as PDF bytes."""
    page.paper_size(paper)
    if kind == "agenda":
        return agenda.render(data.session_handout(ws, session_id, tz), paper, invariant=invariant)
    if kind == "signin":
        return signin.render(data.attendees(ws, session_id, tz), paper, invariant=invariant)
    if kind == "minutes":
        return minutes.render(data.minutes(ws, session_id, tz), paper, invariant=invariant)
    if kind == "badges":
        badge_sheet.sheet_for(paper, badges)
        people = data.attendees(ws, session_id, tz)
        return badge_sheet.render(people, paper, badges, invariant=invariant)
    raise ValidationError(
        _("There is no “{kind}” handout; choose one of: {kinds}.").format(
            kind=kind, kinds=", ".join(SESSION_KINDS)
        ),
        "kind",
    )


def directory_pdf(
    ws: Workspace, community_id: str, *, paper: str = "a4", invariant: bool = False
) -> bytes:
    page.paper_size(paper)
    return directory.render(data.directory(ws, community_id), paper, invariant=invariant)


def dossier_pdf(
    ws: Workspace,
    question_id: str,
    *,
    paper: str = "a4",
    tz: tzinfo | None = None,
    invariant: bool = False,
) -> bytes:
    page.paper_size(paper)
    return dossier.render(data.dossier(ws, question_id, tz), paper, invariant=invariant)


def write_pdf(path: Path | str, pdf: bytes) -> None:
    """Write `pdf` to `path` through a temporary file: never a half-written PDF at `path`."""
    path = Path(path)
    temp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as out:
            temp = Path(out.name)
            out.write(pdf)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise StorageError(
            _("Can't save the PDF as {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
