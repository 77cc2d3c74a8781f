"""The desktop bundle's size and start time, against `make run`'s (`.venv/bin/kring`).

    make dist && .venv/bin/python -c "from benchmarks import packaging_bench; packaging_bench.run()"

Start time: from starting the process until it exits after its main window is shown
(KRING_QUIT_AFTER_SHOWN=1, Qt offscreen, the demo community open), median of 5 runs each,
alternating the two programs. The file cache is warm after the first run of each (dropping it
would disturb everything else on the machine); the first runs are reported apart.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app import __version__

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "kring"
RUNS = 5
TARGET_RATIO = 1.5  # the bundle may start at most half again as slowly as `make run`


def _start(program: list[str], data: Path, home: Path) -> float:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "KRING_QUIT_AFTER_SHOWN": "1",
    }
    began = time.perf_counter()
    done = subprocess.run(
        [*program, "--data-dir", str(data)],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    took = time.perf_counter() - began
    if done.returncode != 0 or "shown" not in done.stdout:
        raise SystemExit(f"{program[0]} did not start: {done.stderr}")
    return took


def _size(path: Path) -> str:
    out = subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.split()[0]


def run() -> None:
    bundled = BUNDLE / "kring"
    if not bundled.exists():
        print("packaging: no bundle in dist/kring (make dist first); nothing measured")
        return
    source = Path(sys.executable).with_name("kring")
    tarballs = sorted((ROOT / "dist").glob(f"kring-{__version__}-linux-*.tar.gz"))
    print(f"bundle dist/kring: {_size(BUNDLE)}")
    for tarball in tarballs:
        print(f"tarball {tarball.name}: {_size(tarball)}")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        data = home / "data"
        subprocess.run(
            [str(bundled), "--data-dir", str(data), "demo"],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            check=True,
        )
        times: dict[str, list[float]] = {"bundle": [], "make run": []}
        for _ in range(RUNS + 1):  # the first of each is the cold(er) one
            times["bundle"].append(_start([str(bundled)], data, home))
            times["make run"].append(_start([str(source)], data, home))
    first = {name: runs.pop(0) for name, runs in times.items()}
    median = {name: statistics.median(runs) for name, runs in times.items()}
    ratio = median["bundle"] / median["make run"]
    for name in times:
        print(
            f"start to window shown, {name}: median {median[name]:.2f} s of {RUNS} "
            f"(first run {first[name]:.2f} s)"
        )
    verdict = "ok" if ratio <= TARGET_RATIO else "SLOWER THAN TARGET"
    print(f"bundle / make run: {ratio:.2f} (target ≤ {TARGET_RATIO}) {verdict}")


if __name__ == "__main__":
    run()
