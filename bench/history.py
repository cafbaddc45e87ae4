"""Benchmark: time to the history screen ready on a ten-year journal, beside the home screen.

Run: `uv run python bench/history.py [--runs 15] [--mode both|inprocess|pty]`.

It builds a ten-year journal (about 6,400 entries) in a temp dir and measures, side by
side and round-robin (so machine noise hits both alike):

- **in-process**: the real app started with `app.run_test()` at 80x24, as `ritual` (home)
  and as `ritual history`. Each run opens the journal afresh, as the command does; the
  clock stops when the wanted screen is the active one and the app is idle (mounted,
  laid out, painted). Imports are warm (one untimed run of each first), so this compares
  the work of building the screens. Wall time and this process's CPU time are both shown:
  the CPU time is steadier on a busy machine.
- **pty**: the real commands, `python -m ritual` and `python -m ritual history`, in a
  pseudo-terminal of 80x24; the clock stops when the screen's own words first reach the
  terminal ("What next?" for home, "Last 12 months" for history). This is what a user
  waits for, imports included.

Target: history ready <= 1.3x home ready on the same journal.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from journal_fixture import build_entries  # noqa: E402

from ritual.content import load_content  # noqa: E402
from ritual.journal import Journal  # noqa: E402
from ritual.models import Child, Profile  # noqa: E402

NOW = datetime(2026, 11, 21, 7, 30, tzinfo=UTC)
NOW_TEXT = "2026-11-21T07:30:00Z"
TARGET = 1.3
MARKERS = {None: b"What next?", "history": b"Last 12 months"}
"""Words that only the wanted screen puts on the terminal."""


def build_journal(home: Path) -> Path:
    """Write the ten-year journal into ``home`` and return its path."""
    path = home / "journal.json"
    journal = Journal(path, now=lambda: NOW)
    journal.save_profile(
        Profile(
            name="Bench",
            values=["family", "health", "craft"],
            children=[Child("c1", "Mia", 2019), Child("c2", "Leo", 2022)],
            tz="Europe/Berlin",
        )
    )
    journal.merge(
        {"format": "ritual-journal", "version": 1, "entries": build_entries(years=10, seed=0)}
    )
    journal.close()
    return path


# ---- in-process -----------------------------------------------------------------------------


async def in_process(path: Path, start: str | None) -> tuple[float, float]:
    """(wall ms, CPU ms) from opening the journal to the wanted screen active and idle."""
    from screens.app import RitualApp

    wanted = "HistoryScreen" if start == "history" else "HomeScreen"
    library, _ = load_content()
    wall, cpu = time.perf_counter(), time.process_time()
    journal = Journal(path, now=lambda: NOW)
    app = RitualApp(journal, library, start=start)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            while type(app.screen).__name__ != wanted:
                if time.perf_counter() - wall > 30 or app.return_code:
                    raise SystemExit(f"the app never showed {wanted}")
                await pilot.pause()
            await pilot.pause()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        journal.close()
    return wall * 1000, cpu * 1000


# ---- the real command in a pty -----------------------------------------------------------------


def in_pty(home: Path, start: str | None, timeout: float = 20.0) -> float:
    """Milliseconds from starting the command to its screen's words on the terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {
        **os.environ,
        "RITUAL_HOME": str(home),
        "RITUAL_NOW": NOW_TEXT,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    command = [sys.executable, "-m", "ritual", *([start] if start else [])]
    began = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while MARKERS[start] not in seen:
            if time.perf_counter() - began > timeout:
                raise SystemExit(f"{' '.join(command)} never showed its screen")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen = seen[-200:] + os.read(master, 65536)
                except OSError:
                    break
        elapsed = (time.perf_counter() - began) * 1000
    finally:
        _stop(proc, master)
    return elapsed


def _stop(proc: subprocess.Popen[bytes], master: int) -> None:
    """Quit the app as a user would (Ctrl+C), and only kill it if it will not go."""
    try:
        os.write(master, b"\x03")
        deadline = time.perf_counter() + 5
        while proc.poll() is None and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    finally:
        os.close(master)


# ---- report ---------------------------------------------------------------------------------


def report(title: str, home: list[float], history: list[float]) -> float:
    home_ms, history_ms = statistics.median(home), statistics.median(history)
    ratio = history_ms / home_ms
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(title)
    print(f"  home ready     median {home_ms:7.1f} ms  (min {min(home):.1f})")
    print(f"  history ready  median {history_ms:7.1f} ms  (min {min(history):.1f})")
    print(f"  ratio history / home: {ratio:.2f}  (target <= {TARGET}: {verdict})")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--mode", choices=("both", "inprocess", "pty"), default="both")
    args = parser.parse_args()

    home_dir = Path(tempfile.mkdtemp(prefix="ritual-bench-history-"))
    path = build_journal(home_dir)
    entries = len(Journal(path).entries())
    print(f"journal: {entries} entries over 10 years; {args.runs} runs each, 80x24")

    if args.mode in ("both", "inprocess"):

        async def run_all() -> list[list[tuple[float, float]]]:
            # One of each first, untimed: imports and first-time CSS parsing are not the subject.
            await in_process(path, None)
            await in_process(path, "history")
            runs: list[list[tuple[float, float]]] = [[], []]
            for _ in range(args.runs):
                runs[0].append(await in_process(path, None))
                runs[1].append(await in_process(path, "history"))
            return runs

        home, history = asyncio.run(run_all())
        report("in-process, wall time:", [w for w, _ in home], [w for w, _ in history])
        report("in-process, CPU time:", [c for _, c in home], [c for _, c in history])

    if args.mode in ("both", "pty"):
        in_pty(home_dir, None)  # warms the disk cache and the bytecode, untimed
        in_pty(home_dir, "history")
        home_pty: list[float] = []
        history_pty: list[float] = []
        for _ in range(args.runs):
            home_pty.append(in_pty(home_dir, None))
            history_pty.append(in_pty(home_dir, "history"))
        report("real commands in a pty (`ritual` vs `ritual history`):", home_pty, history_pty)


if __name__ == "__main__":
    main()
