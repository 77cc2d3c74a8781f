"""`python -m benchmarks`: build (or reuse) a big demo data folder and time the hot paths."""

from __future__ import annotations

import argparse
import sys

from benchmarks.store_bench import run


def run_ui_benchmarks() -> None:
    """The desktop app at demo scale: start-up, lists, Live capture (offscreen Qt)."""
    import importlib
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = ("startup_bench", "lists_bench", "dossier_bench", "live_bench", "sync_status_bench")
    for name in names:
        importlib.import_module(f"benchmarks.{name}").run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time Kring's store, handouts, sync, sync server and desktop app at demo "
        "scale; prints the figures against the targets.",
    )
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--contributions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=200, help="repetitions per operation")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached demo data")
    parser.add_argument(
        "--only",
        choices=("store", "handouts", "sync", "server", "ui", "dist"),
        help="run one group (default: all)",
    )
    args = parser.parse_args(argv)
    if args.only in (None, "store"):
        run(
            members=args.members,
            sessions=args.sessions,
            contributions=args.contributions,
            seed=args.seed,
            repeat=args.repeat,
            rebuild=args.rebuild,
        )
    if args.only in (None, "handouts"):
        from benchmarks import handouts_bench

        handouts_bench.run(repeat=5)
    if args.only in (None, "sync"):
        from benchmarks import sync_bench

        sync_bench.run(
            members=args.members,
            sessions=args.sessions,
            contributions=args.contributions,
            seed=args.seed,
            repeat=args.repeat,
            rebuild=args.rebuild,
            big_rebuilt=args.rebuild and args.only is None,  # by the store benchmarks just now
        )
    if args.only in (None, "ui"):
        run_ui_benchmarks()
    if args.only in (None, "dist"):  # the bundle's start-up, when `make dist` has built one
        from benchmarks import packaging_bench

        packaging_bench.run()
    if args.only in (None, "server"):
        from benchmarks import server_bench

        server_bench.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
