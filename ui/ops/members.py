"""User actions on members: save a field, add, delete, merge, import and export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import KringError, ValidationError
from app.i18n import _
from app.services import member_io, members
from app.services.workspace import Changes, UndoStep, Workspace
from ui.loop import running
from ui.ops.feedback import show_error

# Export formats offered: file-dialog filter and the format member_io writes.
EXPORT_FILTERS = {
    "csv": "CSV (*.csv)",
    "json": "JSON (*.json)",
    "vcf": "vCard (*.vcf)",
}


def save_member(
    parent: QWidget, ws: Workspace, member_id: str, fields: dict[str, Any]
) -> Changes | ValidationError:
    """Save typed fields; a refused value comes back for the form to show beside the field,
    any other problem is shown in a box (and an empty Changes returned). GUI thread."""
    try:
        return members.update(ws, member_id, **fields)
    except ValidationError as error:
        return error
    except KringError as error:
        show_error(parent, str(error))
        return Changes()


def add_member(
    parent: QWidget, ws: Workspace, community_id: str, fields: dict[str, Any]
) -> Changes | ValidationError:
    """Add a member from the fields typed so far (a name at least). GUI thread."""
    try:
        return members.add(ws, community_id, **fields)
    except ValidationError as error:
        return error
    except KringError as error:
        show_error(parent, str(error))
        return Changes()


def delete_member(
    parent: QWidget, ws: Workspace, member_id: str, done: Callable[[Changes], None]
) -> QMessageBox | None:
    """Delete a member, asking first only when other records point at them; `done` gets
    the Changes once deleted. Returns the question shown, if any. GUI thread."""

    def delete() -> None:
        try:
            done(members.delete(ws, member_id))
        except KringError as error:
            show_error(parent, str(error))

    try:
        name = members.get(ws, member_id).name
        lost = members.footprint(ws, member_id)
    except KringError as error:
        show_error(parent, str(error))
        return None
    if not lost:
        delete()
        return None
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Delete member"),
        _("{name} has {what}. Delete {name} anyway? Undo brings them back.").format(
            name=name, what=", ".join(lost)
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
    )
    box.setParent(parent, box.windowFlags())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(_("Delete member"))
    box.button(QMessageBox.StandardButton.Yes).setText(_("Delete"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.accepted.connect(delete)
    box.open()
    return box


def merge_members(parent: QWidget, ws: Workspace, keep_id: str, other_id: str) -> Changes:
    """Merge `other_id` into `keep_id`; an empty Changes if refused (and said why)."""
    try:
        return members.merge(ws, keep_id, other_id)
    except KringError as error:
        show_error(parent, str(error))
        return Changes()


def read_import_plan(data_dir: Path, community_id: str, path: Path) -> member_io.ImportReport:
    """What importing `path` would do, nothing written. Worker thread: it opens (and
    closes) a workspace of its own, as a SQLite connection belongs to its thread."""
    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        return member_io.import_members(ws, community_id, path, dry_run=True)
    finally:
        ws.close()


async def preview_import(
    parent: QWidget, data_dir: Path, community_id: str, path: Path
) -> member_io.ImportReport | None:
    """Read the file off the GUI thread (at 10,000 members it takes a good part of a
    second); None if it cannot be read (and the facilitator is told why)."""
    loop = running()
    try:
        return await loop.run_in_executor(None, read_import_plan, data_dir, community_id, path)
    except KringError as error:
        show_error(parent, str(error))
        return None


def write_import(
    data_dir: Path, community_id: str, path: Path
) -> tuple[member_io.ImportReport, UndoStep | None]:
    """Import `path`, leaving out the bad lines the preview listed; the report and the undo
    step it made. Worker thread, with a workspace of its own."""
    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        report = member_io.import_members(ws, community_id, path, skip_bad=True)
        return report, ws.take_undo_step()
    finally:
        ws.close()


async def run_import(
    parent: QWidget, ws: Workspace, data_dir: Path, community_id: str, path: Path
) -> member_io.ImportReport | None:
    """Import off the GUI thread (hundreds of rows take a good part of a second); the
    import is then one step the window's Undo takes back. None if it could not be done
    (and the facilitator is told why)."""
    loop = running()
    try:
        report, step = await loop.run_in_executor(None, write_import, data_dir, community_id, path)
    except KringError as error:
        show_error(parent, str(error))
        return None
    if step is not None:
        ws.adopt_undo_step(step)
    return report


def write_export(data_dir: Path, community_id: str, path: Path) -> Path:
    """Write the community's members to `path` in the format its extension names (CSV when
    it names none Kring writes); returns the file written. Worker thread: it opens (and
    closes) a workspace of its own."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FILTERS:
        fmt = "csv"
        path = path.with_name(path.name + ".csv") if path.suffix else path
    ws = Workspace.open(data_dir, daily_backup=False)
    try:
        data = member_io.export_members(ws, community_id, fmt)
    finally:
        ws.close()
    try:
        path.write_bytes(data)
    except OSError as error:
        raise KringError(
            _("Kring could not write {path} ({reason}).").format(
                path=path, reason=error.strerror or error
            )
        ) from error
    return path


async def export_members(
    parent: QWidget, data_dir: Path, community_id: str, path: Path
) -> Path | None:
    """Export off the GUI thread (10,000 members take half a second); the file written, or
    None when it could not be (and the facilitator is told why)."""
    loop = running()
    try:
        return await loop.run_in_executor(None, write_export, data_dir, community_id, path)
    except KringError as error:
        show_error(parent, str(error))
        return None
