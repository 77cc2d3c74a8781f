"""Handout benchmarks: a 300-attendee sign-in sheet and the minutes of a 500-contribution session.

    python -m benchmarks.handouts_bench [--repeat 5]

Each figure is the whole job the print dialog runs off the GUI thread: gathering the data
through the services and drawing the PDF. Target: under 1 s each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.handouts import render
from app.services import attendance, communities, contributions, members, questions, sessions
from app.services.workspace import Workspace

TARGET_S = 1.0
KINDS = ("idea", "insight", "perspective", "question", "concern", "decision")


def build(ws: Workspace, attendees: int, said: int) -> str:
    """A session with `attendees` invitees (most present) and `said` contributions."""
    cid = communities.create(
        ws,
        "Samen Sterker in de Wijk",
        purpose="Samen werken aan de wijk.",
        online_space="https://samensterker.example/kring",
    ).id
    topics = [
        questions.add(
            ws,
            cid,
            f"Vraagstuk {n}: eenzaamheid in de wijk",
            description="Uitleg " * 40,
            perspectives="zorg, wonen, buren",
        ).id
        for n in range(3)
    ]
    sid = sessions.add(
        ws,
        cid,
        "Kringgesprek",
        starts_at="2026-03-12T18:30:00Z",
        ends_at="2026-03-12T20:30:00Z",
        location="Buurthuis",
        questions=tuple(topics),
    ).id
    people = [
        members.add(
            ws,
            cid,
            f"Wilhelmina Johanna van Lexmond-Hoogendijk tot Zuilen {n:03d}",
            organisation="Gemeente Rivierstad",
            department="Sociaal Domein",
            email=f"lid{n}@example.org",
            consent_directory=True,
        ).id
        for n in range(attendees)
    ]
    attendance.invite(ws, sid, people)
    for n, mid in enumerate(people):
        if n % 5:
            attendance.check_in(ws, sid, mid)
    for n in range(said):
        text = f"Bijdrage {n}: wat opvalt is dat ouderen de weg naar het wijkteam niet kennen. " * (
            1 + n % 3
        )
        made = contributions.capture(
            ws,
            cid,
            text,
            session=sid,
            kind=KINDS[n % len(KINDS)],
            question=topics[n % 3] if n % 4 else None,
            author=people[n % len(people)],
        )
        if n % 3 == 0:
            contributions.vote(ws, made.id, 1 + n % 7)
    return sid


def timed(job: Callable[[], bytes], repeat: int) -> tuple[list[float], int, int]:
    """Seconds per run, and the size and page count of the last PDF."""
    samples, pdf = [], b""
    for _n in range(repeat):
        start = time.perf_counter()
        pdf = job()
        samples.append(time.perf_counter() - start)
    return samples, len(pdf), pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")


def run(repeat: int = 5, attendees: int = 300, said: int = 500) -> list[tuple[str, list[float]]]:
    """Build the data once in a temporary folder, then time each handout `repeat` times."""
    with tempfile.TemporaryDirectory(prefix="kring-handouts-") as folder:
        ws = Workspace.open(Path(folder) / "data", daily_backup=False)
        try:
            start = time.perf_counter()
            big = build(ws, attendees, 0)
            busy = build(ws, 40, said)
            print(f"built the sessions in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            jobs = {
                f"sign-in sheet, {attendees} invitees": lambda: render.session_pdf(
                    ws, big, "signin"
                ),
                f"minutes, {said} contributions": lambda: render.session_pdf(ws, busy, "minutes"),
                f"name badges, {attendees} invitees": lambda: render.session_pdf(ws, big, "badges"),
            }
            results = []
            print(f"{'handout':<34} {'median':>8} {'best':>8} {'worst':>8} {'pages':>6}  target")
            for name, job in jobs.items():
                samples, _size, pages = timed(job, repeat)
                median = statistics.median(samples)
                verdict = "ok" if median < TARGET_S else "SLOW"
                print(
                    f"{name:<34} {median:>7.3f}s {min(samples):>7.3f}s {max(samples):>7.3f}s "
                    f"{pages:>6}  < {TARGET_S:.0f} s {verdict}"
                )
                results.append((name, samples))
            return results
        finally:
            ws.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.handouts_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per handout")
    parser.add_argument("--attendees", type=int, default=300)
    parser.add_argument("--contributions", type=int, default=500)
    args = parser.parse_args(argv)
    run(args.repeat, args.attendees, args.contributions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
