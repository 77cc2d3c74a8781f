"""Picture Kring's main window on a small Dutch data set, to look at it as a person would."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app import i18n
from app.services import communities, members
from app.services.workspace import Workspace
from ui.app import install_qt_translator
from ui.main_window import MainWindow

PEOPLE = [
    ("Sanne de Vries", "sanne.devries@gemeente-utrecht.nl", "Gemeente Utrecht", "Sociaal domein",
     "initiator"),
    ("Daniëlle Bakker", "d.bakker@buurtzorg.nl", "Buurtzorg", "Wijkverpleging", "core"),
    ("Mohammed el Amrani", "m.elamrani@hu.nl", "Hogeschool Utrecht", "Social work", "ambassador"),
    ("Zoë Jansen", None, "Bibliotheek Oost", "Leesbevordering", "connector"),
    ("Pieter van den Berg", "pieter@woonbron.nl", "Woonbron", "Wonen", "core"),
    ("Özlem Yıldız", "ozlem@buurthuis-oost.nl", "Buurthuis Oost", None, "member"),
    ("Kees Smit", None, None, None, "guest"),
    ("Fatima Bouzid", "f.bouzid@ggd.nl", "GGD regio Utrecht", "Jeugdgezondheidszorg",
     "ambassador"),
    ("Joris Visser", "joris.visser@gemeente-utrecht.nl", "Gemeente Utrecht", "Openbare ruimte",
     "member"),
    ("Anouk Mulder", "anouk@basisschool-de-regenboog.nl", "Basisschool De Regenboog", "Directie",
     "member"),
]  # fmt: skip


def seed(data_dir: Path) -> None:
    ws = Workspace.open(data_dir)
    try:
        community_id = communities.create(
            ws, "Buurt in beweging", purpose="Samen eenzaamheid in Utrecht-Oost aanpakken"
        ).id
        communities.create(ws, "Energiecoöperatie West")
        for name, email, organisation, department, role in PEOPLE:
            members.add(
                ws, community_id, name, email=email, organisation=organisation,
                department=department, role=role,
            )  # fmt: skip
    finally:
        ws.close()


def capture_screen(out: Path) -> Path | None:
    if not os.environ.get("DISPLAY") or not Path("/usr/bin/import").exists():
        return None
    target = out.with_name(out.stem + "-screen" + out.suffix)
    subprocess.run(["/usr/bin/import", "-window", "root", str(target)], check=True)
    return target


async def pose(window: MainWindow, args: argparse.Namespace) -> None:
    """Put the window in the state asked for, let it paint, and save the pictures."""
    window.move(0, 0)
    window.show()
    if args.demo:
        await window.open_demo()  # the async slot returns the task it started
    if args.busy:
        window.welcome.set_busy(True)
        window.welcome.set_progress(0.4, i18n._("Capturing contributions…"))
    if window.community_id:
        window.members_page.filter_edit.setText(args.filter)
        window.members_page.table.setFocus()
        window.members_page.table.selectRow(1)
    await asyncio.sleep(0.5)  # let the window system map and paint the window
    window.grab().save(str(args.out))
    print(args.out)
    screen = capture_screen(args.out)
    if screen:
        print(screen)
    window.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__,
        epilog="Saves the window as Qt paints it (offscreen works too). Under X (Xvfb :99, "
        "DISPLAY=:99) it also saves the whole screen as OUT-screen.png with /usr/bin/import.",
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="en", choices=i18n.LANGUAGES)
    parser.add_argument("--empty", action="store_true", help="no community: the welcome page")
    parser.add_argument("--demo", action="store_true", help="press the demo button first")
    parser.add_argument("--busy", action="store_true", help="as while the demo is being built")
    parser.add_argument("--filter", default="", help="text typed in the members filter")
    args = parser.parse_args()
    i18n.set_language(args.lang)

    temp = Path(tempfile.mkdtemp(prefix="kring-shot-"))
    data_dir = temp / "data"
    if not (args.empty or args.demo):
        seed(data_dir)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Kring")
    app.setOrganizationName("Kring")
    _translator = install_qt_translator(app, args.lang)
    ws = Workspace.open(data_dir)
    settings = QSettings(str(temp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ws, data_dir, settings=settings)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            loop.run_until_complete(pose(window, args))
    finally:
        ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
