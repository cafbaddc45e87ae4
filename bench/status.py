"""Benchmark: `ritual status --json` on a ten-year journal, beside `python -c pass` and jrnl.

Run: `uv run python bench/status.py [--runs 31]`. It builds the journal in a temp dir,
installs jrnl (the pip package) into `bench/_work/jrnl` once, then runs the three
commands round-robin so machine noise hits them alike, and prints medians and ratios.
It also times the first call after a write (the one that rebuilds the summary).

Targets (issue 5): at most 75 ms median, and at most 0.5x `jrnl --version`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from journal_fixture import build_entries  # noqa: E402

from ritual.journal import Journal  # noqa: E402
from ritual.models import Child, Profile  # noqa: E402


def jrnl_binary() -> Path:
    """Return jrnl's console script, installing it into a venv of its own the first time."""
    venv = WORK / "jrnl"
    binary = venv / "bin" / "jrnl"
    if not binary.exists():
        uv = shutil.which("uv")
        if uv is None:
            raise SystemExit("uv is needed to install jrnl for the comparison")
        subprocess.run([uv, "venv", "-q", str(venv)], check=True)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), "jrnl"],
            check=True,
        )
    return binary


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="ritual-bench-status-"))
    entries = build_entries(years=10, children=2, seed=0)
    journal = Journal(home / "journal.json")
    journal.save_profile(
        Profile(
            name="Bench",
            values=["family", "health", "craft"],
            children=[Child("c1", "Mia", 2019), Child("c2", "Leo", 2022)],
            tz="Europe/Berlin",
        )
    )
    journal.merge({"format": "ritual-journal", "version": 1, "entries": entries})
    journal.close()
    size_mb = (home / "journal.json").stat().st_size / 1e6

    env = {**os.environ, "RITUAL_HOME": str(home), "RITUAL_NOW": "2026-11-21T07:30:00Z"}
    # A jrnl config in a throwaway HOME so `jrnl --version` never prompts or writes ours.
    env["HOME"] = str(home)
    python = str(Path(sys.executable))
    ritual = str(Path(sys.executable).parent / "ritual")
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "ritual status --json": [ritual, "status", "--json"],
        "jrnl --version": [str(jrnl_binary()), "--version"],
    }
    for cmd in commands.values():  # warm the page cache and the summary
        timed(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd, env))

    # First call after a write: every run changes the journal, so the summary is rebuilt.
    after_write: list[float] = []
    rebuild_runs = max(5, args.runs // 3)
    for n in range(rebuild_runs):
        j = Journal(home / "journal.json")
        j.save_draft("morning", {"kind": "morning", "day": "2026-11-21", "step": n, "data": {}})
        j.close()
        after_write.append(timed(commands["ritual status --json"], env))

    med = {name: statistics.median(values) for name, values in times.items()}
    ours, jrnl, bare = med["ritual status --json"], med["jrnl --version"], med["python -c pass"]
    print(f"journal: {len(entries)} entries over 10 years, {size_mb:.1f} MB; {args.runs} runs each")
    for name, value in med.items():
        print(f"  {name:<24} median {value:7.1f} ms")
    print(
        f"  {'first call after a write':<24} median {statistics.median(after_write):7.1f} ms "
        f"({rebuild_runs} runs; parses the journal and rewrites the summary)"
    )
    print(
        f"ratio ritual status / jrnl --version: {ours / jrnl:.2f}  (target <= 0.50: "
        f"{'met' if ours / jrnl <= 0.5 else 'NOT met'})"
    )
    print(f"ratio ritual status / python -c pass: {ours / bare:.2f}")
    print(
        f"ritual status median {ours:.1f} ms (target <= 75 ms: "
        f"{'met' if ours <= 75 else 'NOT met'})"
    )
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
