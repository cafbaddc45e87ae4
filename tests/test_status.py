"""`ritual status`: every state, the summary cache, and `--check` exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ritual.journal import Journal
from ritual.models import Profile
from ritual.status import SUMMARY_NAME, load_summary


def entry(day: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"{kind[0]}-{day}",
        "kind": kind,
        "day": day,
        "started_at": f"{day}T06:00:00Z",
        "finished_at": f"{day}T06:04:00Z",
        "saved_at": f"{day}T06:04:00Z",
        "tz": "Europe/Berlin",
        "connections": [],
        **fields,
    }


def status(
    home: Path, *args: str, now: str = "2026-11-21T17:00:00Z"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RITUAL_NOW": now}
    return subprocess.run(
        [sys.executable, "-m", "ritual", "--data-dir", str(home), "status", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def home(tmp_path: Path, profile: Profile) -> Path:
    home = tmp_path / "home"
    j = Journal(home / "journal.json")
    j.save_profile(profile)
    j.close()
    return home


def add(home: Path, *entries: dict[str, Any]) -> None:
    j = Journal(home / "journal.json")
    j.merge({"format": "ritual-journal", "version": 1, "entries": list(entries)})
    j.close()


def days_back(n: int, end: date = date(2026, 11, 21)) -> list[str]:
    return [(end - timedelta(days=i)).isoformat() for i in range(n)]


def test_not_set_up_yet(tmp_path: Path) -> None:
    result = status(tmp_path / "empty")
    assert result.returncode == 0 and "not set up" in result.stdout
    assert status(tmp_path / "empty", "--check", "morning").returncode == 1


def test_nothing_done_today(home: Path) -> None:
    result = status(home, "--json")
    doc = json.loads(result.stdout)
    assert doc == {
        "day": "2026-11-21",
        "morning": "todo",
        "evening": "todo",
        "streaks": {
            k: {"current": 0, "longest": 0, "consistency_30d": 0}
            for k in ("morning", "evening", "connection")
        },
        "mode": "kind",
    }
    assert status(home).stdout.strip() == "morning to do · evening to do"
    assert status(home, "--check", "morning").returncode == 1
    assert status(home, "--check", "evening").returncode == 1


def test_twelve_mornings_and_today_done(home: Path) -> None:
    add(home, *(entry(d, "morning") for d in days_back(12)))
    add(home, entry("2026-11-20", "evening", connections=[{"child": "c1", "status": "partly"}]))
    doc = json.loads(status(home, "--json").stdout)
    assert doc["morning"] == "done" and doc["evening"] == "todo"
    assert doc["streaks"]["morning"] == {"current": 12, "longest": 12, "consistency_30d": 100}
    assert doc["streaks"]["connection"]["current"] == 1
    assert status(home).stdout.strip() == "morning done · evening to do · 12-day streak"
    assert status(home, "--short").stdout.strip() == "☀✓ ☾· 12"
    assert status(home, "--check", "morning").returncode == 0
    assert status(home, "--check", "evening").returncode == 1


def test_drafts_and_late_possible(home: Path) -> None:
    add(home, entry("2026-11-20", "morning"))
    j = Journal(home / "journal.json")
    j.save_draft("morning", {"kind": "morning", "day": "2026-11-21", "data": {}})
    j.close()
    # 09:00 in Berlin: yesterday's evening is missing and can still be done until noon
    doc = json.loads(status(home, "--json", now="2026-11-21T08:00:00Z").stdout)
    assert (doc["morning"], doc["evening"]) == ("draft", "late-possible")
    assert (
        "yesterday's debrief can still be done" in status(home, now="2026-11-21T08:00:00Z").stdout
    )
    # after local noon the late window has closed
    doc = json.loads(status(home, "--json", now="2026-11-21T11:30:00Z").stdout)
    assert doc["evening"] == "todo"


def test_strict_mode_and_hidden_streaks(home: Path, profile: Profile) -> None:
    add(home, *(entry(d, "morning") for d in days_back(5) if d != "2026-11-19"))
    assert json.loads(status(home, "--json").stdout)["streaks"]["morning"]["current"] == 4
    profile.streak_mode, profile.show_streaks = "strict", False
    j = Journal(home / "journal.json")
    j.save_profile(profile)
    j.close()
    doc = json.loads(status(home, "--json").stdout)
    assert doc["mode"] == "strict" and doc["streaks"]["morning"]["current"] == 2
    assert "streak" not in status(home).stdout


def test_the_summary_is_reused_until_the_journal_changes(home: Path) -> None:
    journal_file = home / "journal.json"
    first = load_summary(journal_file)
    assert first is not None
    summary_file = home / SUMMARY_NAME
    assert oct(summary_file.stat().st_mode & 0o777) == "0o600"
    stamp = summary_file.stat().st_mtime_ns
    assert load_summary(journal_file) == first
    assert summary_file.stat().st_mtime_ns == stamp  # not rebuilt
    add(home, entry("2026-11-21", "morning", intention="a private sentence"))
    second = load_summary(journal_file)
    assert second is not None and second["done"]["morning"] == [date(2026, 11, 21).toordinal()]
    assert "a private sentence" not in summary_file.read_text()


def test_a_stale_or_broken_summary_is_rebuilt(home: Path) -> None:
    add(home, entry("2026-11-21", "morning"))
    (home / SUMMARY_NAME).write_text('{"key": [1, 2, 3], "version": 1, "done": {}}')
    assert json.loads(status(home, "--json").stdout)["morning"] == "done"
    (home / SUMMARY_NAME).write_text("garbage")
    assert json.loads(status(home, "--json").stdout)["morning"] == "done"


def test_a_temp_left_by_a_killed_rebuild_is_swept(home: Path) -> None:
    stale = home / f"{SUMMARY_NAME}.tmp-999999"
    stale.write_text("{}")
    assert load_summary(home / "journal.json") is not None  # no summary yet: it is built
    assert not stale.exists()
    assert [p.name for p in home.iterdir() if ".tmp-" in p.name] == []
