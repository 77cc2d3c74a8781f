"""Picture Kring's main views at 1366×768 in Dutch and English, to look at them as a person would.

    python tools/screenshot.py OUT_DIR [--lang nl en] [--only NAME ...]

Under X (Xvfb is started here when it is installed and DISPLAY is not set) the app runs on
the real xcb platform; otherwise offscreen. Each view is saved as OUT_DIR/<lang>/<nn>-<name>.png.
`make screenshots` writes them into screenshots/ (not committed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

WIDTH, HEIGHT = 1366, 768
DISPLAY = ":97"


def start_xvfb() -> subprocess.Popen | None:
    """A virtual screen of 1366×768 when there is no display; None when Xvfb is missing."""
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return None
    server = subprocess.Popen(
        ["Xvfb", DISPLAY, "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{DISPLAY[1:]}")
    for _ in range(100):
        if socket.exists():
            break
        if server.poll() is not None:
            return None
        subprocess.run(["sleep", "0.05"], check=False)  # a separate process: Qt is not up yet
    os.environ["DISPLAY"] = DISPLAY
    return server


def seed(data_dir: Path) -> str:
    """A demo community as of a fixed day (so the pictures are comparable run to run)."""
    from app.services import communities, demo
    from app.services.workspace import Workspace

    ws = Workspace.open(data_dir)
    try:
        community_id = demo.create_demo(ws, today=date(2026, 11, 20))
        communities.create(ws, "Energiecoöperatie West")
        return community_id
    finally:
        ws.close()


Pose = Callable[[object], Awaitable[None] | None]


def poses() -> list[tuple[str, Pose]]:
    """(name, put the window in that state) for every view worth looking at."""

    def section(row: int) -> Pose:
        def go(window) -> None:
            window.go_to_section(row)
            if row == 3:
                window.sessions_page.show_list()

        return go

    def search(window) -> None:
        window.search_field.setText("buurt")
        window.search_field.text_changed.emit("buurt")

    def shortcuts(window) -> None:
        window.open_shortcuts()

    def about(window) -> None:
        window.open_about()

    def settings(window) -> None:
        window.open_settings()

    found: list[tuple[str, Pose]] = []
    names = ["overview", "members", "questions", "sessions", "actions", "agreements", "sync"]
    for row, name in enumerate(names):
        found.append((name, section(row)))
    found += [("search", search), ("shortcuts", shortcuts), ("about", about)]
    found.append(("settings", settings))
    return found


def extra_poses(window) -> list[tuple[str, Pose]]:
    """The states inside pages worth a picture: a member's form, a dossier, a session's modes."""
    from app.services import contributions, sessions

    community = window.community_id
    found = sessions.list_sessions(window.ws, community)
    today = "2026-11-20"
    coming = sorted((s for s in found if (s.starts_at or "") >= today), key=lambda s: s.starts_at)
    past = [s for s in found if s.starts_at and s.starts_at < today]
    busiest = max(past, key=lambda s: len(contributions.for_session(window.ws, s.id)))

    def member(w) -> None:
        w.go_to_section(1)
        page = w.members_page
        page.table.setFocus()
        page.table.selectRow(3)

    def dossier(w) -> None:
        w.go_to_section(2)
        page = w.questions_page
        page.table.selectRow(0)
        page.tabs.setCurrentWidget(page.dossier)

    def session(session_id: str, mode: int) -> Pose:
        def go(w) -> None:
            w.go_to_section(3)
            w.sessions_page.open_session(session_id, mode)

        return go

    poses = [("member-form", member), ("question-dossier", dossier)]
    if coming:
        poses.append(("session-prepare", session(coming[0].id, 0)))
    poses += [("session-live", session(busiest.id, 1)), ("session-review", session(busiest.id, 2))]
    return poses


async def shoot(window, out: Path, only: list[str] | None) -> list[Path]:
    from PySide6.QtWidgets import QApplication, QDialog

    saved: list[Path] = []
    window.setGeometry(0, 0, WIDTH, HEIGHT)
    window.show()
    await asyncio.sleep(0.3)
    every = poses() + extra_poses(window)
    for number, (name, pose) in enumerate(every, start=1):
        if only and name not in only:
            continue
        result = pose(window)
        if asyncio.iscoroutine(result):
            await result
        await asyncio.sleep(0.25)  # let the window system map and paint
        QApplication.processEvents()
        dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
        target = out / f"{number:02d}-{name}.png"
        if dialogs:
            grab_screen_or(window, dialogs[-1], target)
            for dialog in dialogs:
                dialog.close()
        else:
            window.grab().save(str(target))
        saved.append(target)
        print(target, flush=True)
    window.close()
    return saved


async def shoot_frame(frame, target: Path) -> None:
    frame.setGeometry(0, 0, WIDTH, HEIGHT)
    frame.show()
    await asyncio.sleep(0.3)
    frame.grab().save(str(target))
    print(target, flush=True)
    frame.close()


def grab_screen_or(window, dialog, target: Path) -> None:
    """A dialog over its window: the whole screen under X, else the dialog alone."""
    if os.environ.get("DISPLAY") and Path("/usr/bin/import").exists():
        subprocess.run(["/usr/bin/import", "-window", "root", str(target)], check=True)
    else:
        dialog.grab().save(str(target))


def run_language(language: str, out: Path, only: list[str] | None) -> None:
    import qasync
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app import i18n
    from app.services.workspace import Workspace
    from ui.app import install_qt_translator
    from ui.main_window import MainWindow

    i18n.set_language(language)
    temp = Path(tempfile.mkdtemp(prefix="kring-shot-"))
    data_dir = temp / "data"
    community_id = seed(data_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Kring")
    app.setOrganizationName("Kring")
    translator = install_qt_translator(app, language)
    ws = Workspace.open(data_dir)
    settings = QSettings(str(temp / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/community", community_id)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    out.mkdir(parents=True, exist_ok=True)
    try:
        if not only or "opening" in only:
            # What start-up shows first: the frame, before the data is put in (ui/app.py).
            frame = MainWindow(None, data_dir, settings=settings)
            loop.run_until_complete(shoot_frame(frame, out / "00-opening.png"))
        window = MainWindow(ws, data_dir, settings=settings)
        loop.run_until_complete(shoot(window, out, only))
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        ws.close()
        shutil.rmtree(temp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", nargs="+", default=["nl", "en"])
    parser.add_argument("--only", nargs="+", help="only these views (names as in the files)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # one language in this process
    args = parser.parse_args()
    if args.one:
        run_language(args.one, args.out / args.one, args.only)
        return 0
    server = start_xvfb()
    if not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        print("No X display and no Xvfb: pictures are taken offscreen.", file=sys.stderr)
    else:
        os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        # One process per language: Qt's own translator and every cached text start afresh.
        for language in args.lang:
            command = [sys.executable, __file__, str(args.out), "--one", language]
            if args.only:
                command += ["--only", *args.only]
            subprocess.run(command, check=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    return 0


ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
