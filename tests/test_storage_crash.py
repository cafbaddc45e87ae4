"""Crash safety of ritual.storage: SIGKILL writers at random moments; no acknowledged loss."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import orjson
import pytest
from tinydb import TinyDB

from ritual.storage import JournalStorage, clear_read_cache, temp_prefix

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name == "nt", reason="needs SIGKILL"),
]

CHILD = Path(__file__).with_name("storage_child.py")
ROOT = Path(__file__).resolve().parent.parent
KILLS = 60
TIME_BUDGET_S = 25.0
JOURNAL = "journal.json"


def spawn(path: Path, tag: str, mode: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(path), tag, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def wait_for_line(stream: IO[bytes], timeout_s: float) -> bytes:
    ready, _, _ = select.select([stream], [], [], timeout_s)
    return stream.readline() if ready else b""


def kill(process: subprocess.Popen[bytes]) -> list[str]:
    """SIGKILL the child; return every acknowledgement it got out before dying."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.stdout is not None
    return process.stdout.read().decode().split()


def acknowledged_present(path: Path) -> set[str]:
    """Parse the file as a fresh reader would (stdlib json, and our storage without cache)."""
    raw = path.read_bytes()
    if not raw:
        return set()
    on_disk = json.loads(raw)
    clear_read_cache()
    assert JournalStorage(path, access_mode="r").read() == on_disk
    return {doc["ack"] for doc in on_disk.get("entries", {}).values() if "ack" in doc}


def test_sigkill_never_loses_acknowledged_inserts(tmp_path: Path) -> None:
    seed = int(os.environ.get("RITUAL_CRASH_SEED", "20261121"))
    rng = random.Random(seed)
    path = tmp_path / JOURNAL
    # ~1.2 MB of history so each save spends real time writing and fsyncing.
    history = [{"n": n, "note": "history " * 100} for n in range(1500)]
    TinyDB(path, storage=JournalStorage).table("entries").insert_multiple(history)

    acknowledged: set[str] = set()
    kills = mid_write = 0
    started = time.monotonic()
    while kills < KILLS and time.monotonic() - started < TIME_BUDGET_S:
        process = spawn(path, f"r{kills}", rng.choice(["one", "fresh"]))
        assert process.stdout is not None and process.stderr is not None
        first = wait_for_line(process.stdout, timeout_s=15)  # the child is up and saving
        if not first:
            process.kill()
            process.wait()
            pytest.fail(f"child produced no output: {process.stderr.read().decode()}")
        time.sleep(rng.uniform(0, 0.04))
        acknowledged.update([first.decode().strip(), *kill(process)])
        process.stderr.close()
        if list(tmp_path.glob(temp_prefix(JOURNAL) + "*")):
            mid_write += 1  # killed between creating its temp file and renaming it

        present = acknowledged_present(path)
        missing = acknowledged - present
        assert not missing, f"seed {seed}: lost acknowledged inserts {sorted(missing)[:5]}"
        assert len(present) >= len(acknowledged)
        JournalStorage(path).close()  # opening sweeps the dead child's temp file
        assert list(tmp_path.glob(temp_prefix(JOURNAL) + "*")) == []
        kills += 1

    elapsed = time.monotonic() - started
    print(f"\n{kills} kills in {elapsed:.1f} s, {mid_write} mid-write, {len(acknowledged)} acks")
    assert kills >= 50, f"only {kills} kills in {elapsed:.1f} s"
    assert len(acknowledged) >= kills
    assert orjson.loads(path.read_bytes())["entries"]["1"]["n"] == 0  # history intact


def test_sigkill_during_first_save_leaves_empty_or_valid_file(tmp_path: Path) -> None:
    """Kill children racing to create a journal: the file is absent, empty, or complete."""
    rng = random.Random(7)
    for attempt in range(8):
        path = tmp_path / f"j{attempt}" / JOURNAL
        path.parent.mkdir()
        process = spawn(path, f"f{attempt}", "one")
        time.sleep(rng.uniform(0.02, 0.25))
        acknowledged = set(kill(process))
        assert process.stderr is not None
        process.stderr.close()
        if path.exists():
            assert acknowledged <= acknowledged_present(path)
        else:
            assert not acknowledged
