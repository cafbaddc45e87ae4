"""Benchmark: start-up to a screen ready for input, `ritual` beside a bare one-Input Textual app.

Run: `uv run python bench/startup.py [--runs 11]`. It builds a ten-year journal (about
6,500 entries) with a profile in a temp dir, then starts, round-robin so machine noise
hits them alike:

- `bare`: a Textual app that shows one Input (the floor any Textual app pays);
- `home`: `ritual` to its home screen, as every day: the glance the app left last time
  matches the journal, so home paints from it while the journal loads behind, and the
  stylesheet comes parsed from the styles cache (`screens/css_cache.py`);
- `morning`: `ritual morning` to the first step of the morning flow, likewise;
- `home, cold`: `ritual` with no glance (the first start after the journal was changed
  by something else, e.g. an import): the journal and content are read first;
- `home, then h`: `ritual`, and the moment home shows, `h`: until history is drawn.
  What someone who acts at once waits for, since keys pressed while the journal loads
  run once it has.

Each runs in a pseudo-terminal of 80x24, exactly as in a terminal; the clock stops when
the screen output first holds a marker only the ready screen draws, and the process is
then killed (SIGKILL, so no draft is kept and the next run starts alike). No test-only
code path is added to the app. Prints the medians, the ratios of the medians to the bare
app's, and the median of the ratios within each round ("paired": each round runs every
case back to back, so that ratio sees one state of a noisy machine); the verdict takes
the worse of the two.

Target (issue 3): `home` and `morning` at most 1.15x `bare`.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from journal_fixture import build_entries  # noqa: E402

from ritual.content import load_content  # noqa: E402
from ritual.glance import glance_path, read_home, write_glance  # noqa: E402
from ritual.journal import Journal  # noqa: E402
from ritual.models import Child, Profile  # noqa: E402

BARE_APP = """
from textual.app import App
from textual.widgets import Input


class Bare(App[None]):
    def compose(self):
        yield Input(placeholder="bare app ready")


Bare().run()
"""
"""The baseline: the least a Textual app with one focused field does before it can be typed in."""

MARKERS = {"bare": "bare app ready", "home": "Streaks", "morning": "step 1 of 5"}
"""Text that appears only once the screen is drawn and takes keys."""

TIMEOUT_S = 30.0
_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07"
)


def build_home() -> Path:
    """A temp RITUAL_HOME holding a profile and ten years of mornings and evenings."""
    home = Path(tempfile.mkdtemp(prefix="ritual-bench-startup-"))
    journal = Journal(home / "journal.json")
    journal.save_profile(
        Profile(
            name="Bench",
            values=["family", "health", "craft"],
            children=[Child("c1", "Mia", 2019), Child("c2", "Leo", 2022)],
            tz="Europe/Berlin",
        )
    )
    entries = build_entries(years=10, children=2, seed=0)
    journal.merge({"format": "ritual-journal", "version": 1, "entries": entries})
    journal.close()
    return home


def leave_glance(home: Path) -> None:
    """Write the glance as the app does whenever it reads home."""
    journal = Journal(home / "journal.json")
    profile = journal.profile()
    assert profile is not None
    glance = read_home(journal, profile, load_content()[0]).glance
    assert glance is not None
    write_glance(home / "journal.json", glance)
    journal.close()


def time_to_marker(
    cmd: list[str],
    env: dict[str, str],
    marker: str,
    then: tuple[bytes, str] | None = None,
    linger: float = 0.0,
) -> float:
    """Start `cmd` in an 80x24 pty; return milliseconds until `marker` is on screen.

    With `then` (keys, marker2): once `marker` shows, type the keys and time until
    `marker2` shows instead (what a user who acts at once waits for). With `linger`, the
    app runs on that many seconds before it is killed (the warm-up: time to leave its
    caches, as any real session does).
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    wanted = marker.encode()
    try:
        while True:
            left = TIMEOUT_S - (time.perf_counter() - start)
            if left <= 0:
                raise RuntimeError(f"{marker!r} never appeared; the screen said: {_plain(seen)!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child went away
                raise RuntimeError(f"exited before {marker!r}: {_plain(seen)!r}") from None
            seen += chunk
            if wanted in _ESCAPES.sub(b"", seen):
                if then is None:
                    found = (time.perf_counter() - start) * 1000
                    _drain(master, linger)
                    return found
                keys, after = then
                os.write(master, keys)
                wanted, seen, then = after.encode(), b"", None
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def _drain(master: int, seconds: float) -> None:
    """Read and drop the app's output for `seconds` (so it never blocks on a full pty)."""
    until = time.perf_counter() + seconds
    while (left := until - time.perf_counter()) > 0:
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                return


def _plain(raw: bytes) -> str:
    return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")[-400:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    home = build_home()
    try:
        run(home, args.runs)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run(home: Path, runs: int) -> None:
    """Time the three commands `runs` times each, round-robin, and print the table."""
    size_mb = (home / "journal.json").stat().st_size / 1e6
    bare = home / "bare_app.py"
    bare.write_text(BARE_APP)
    env = {
        **os.environ,
        "RITUAL_HOME": str(home),
        "RITUAL_NOW": "2026-11-21T07:30:00Z",  # today's morning is still to do
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    env.pop("NO_COLOR", None)
    # Installed as an app, Ritual runs from compiled bytecode (uv's compile-bytecode); a
    # checkout under PYTHONDONTWRITEBYTECODE would recompile every module on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    python = sys.executable
    glance = glance_path(home / "journal.json")
    # name: (command, marker, keys and marker after it, whether the glance is there)
    cases: dict[str, tuple[list[str], str, tuple[bytes, str] | None, bool]] = {
        "bare": ([python, str(bare)], "bare app ready", None, True),
        "home": ([python, "-m", "ritual"], "Streaks", None, True),
        "morning": ([python, "-m", "ritual", "morning"], "step 1 of 5", None, True),
        "home, cold": ([python, "-m", "ritual"], "Streaks", None, False),
        "home, then h": ([python, "-m", "ritual"], "Streaks", (b"h", "History ·"), True),
    }

    def once(name: str, linger: float = 0.0) -> float:
        cmd, marker, then, warm = cases[name]
        if warm:
            if not glance.exists():
                leave_glance(home)
        else:
            glance.unlink(missing_ok=True)
        return time_to_marker(cmd, env, marker, then, linger)

    for name in cases:  # warm the disk cache, the bytecode and the app's own caches once
        once(name, linger=1.0)
    styles = home / ".styles.cache"
    print(f"styles cache left by the warm-up: {'yes' if styles.exists() else 'NO'}")
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name in cases:
            times[name].append(once(name))

    medians = {name: statistics.median(found) for name, found in times.items()}
    # Each round runs every case once, one after the other: a ratio within a round sees
    # the machine in one state, so its median resists noise better than a ratio of medians.
    paired = {
        name: statistics.median(t / b for t, b in zip(found, times["bare"], strict=True))
        for name, found in times.items()
    }
    print(f"journal: {size_mb:.1f} MB, 10 years; {runs} runs each, 80x24 pty")
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    print(f"{'':14}{'median ms':>10}{'min ms':>9}{'max ms':>9}{'x bare':>9}{'paired x':>10}")
    for name, found in times.items():
        ratio = medians[name] / medians["bare"]
        print(
            f"{name:14}{medians[name]:>10.0f}{min(found):>9.0f}{max(found):>9.0f}"
            f"{ratio:>9.2f}{paired[name]:>10.2f}"
        )
    worst = max(medians["home"], medians["morning"]) / medians["bare"]
    worst_paired = max(paired["home"], paired["morning"])
    verdict = "within" if max(worst, worst_paired) <= 1.15 else "over"
    print(
        f"target: home and morning at most 1.15x bare; worst {worst:.2f}x "
        f"(paired {worst_paired:.2f}x), {verdict} target"
    )


if __name__ == "__main__":
    main()
