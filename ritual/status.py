"""`ritual status`: one line for a shell prompt or status bar, fast on a ten-year journal.

A prompt calls this on every command, so only the first call after the journal
changes parses the journal. That call writes a small derived summary beside it
(the done days per kind as day ordinals, the draft days and the profile's
settings; never any text the user wrote), keyed on the journal's size, mtime_ns
and inode. Every later call reads only the summary.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from ritual import clock
from ritual.days import late_debrief_day, ritual_day
from ritual.paths import stat_key, write_cache
from ritual.streaks import KINDS, StreakFigures, all_figures, as_mode

TYPE_CHECKING = False  # type-only imports without loading `typing` on the prompt path
if TYPE_CHECKING:
    from typing import Any

SUMMARY_NAME = ".status-summary.json"
SUMMARY_VERSION = 1


def build_summary(journal_file: Path) -> dict[str, Any]:
    """Parse the journal and return its summary (no user text in it)."""
    from ritual.journal import open_journal
    from ritual.streaks import done_days, first_day

    journal = open_journal(journal_file)
    try:
        profile = journal.profile()
        entries = journal.entries()
        drafts = {k: d.get("day") for k in ("morning", "evening") if (d := journal.draft(k))}
    finally:
        journal.close()
    done = done_days(entries)
    first = first_day(entries)
    return {
        "version": SUMMARY_VERSION,
        "profile": None
        if profile is None
        else {
            "tz": profile.tz,
            "day_start": profile.day_start,
            "streak_mode": profile.streak_mode,
            "show_streaks": profile.show_streaks,
        },
        "done": {kind: sorted(d.toordinal() for d in done[kind]) for kind in KINDS},
        "first": first.toordinal() if first else None,
        "drafts": drafts,
    }


def load_summary(journal_file: Path) -> dict[str, Any] | None:
    """Return the summary, rebuilding it when the journal changed; None if there is no journal."""
    key = stat_key(journal_file)
    if key is None:
        return None
    summary_file = journal_file.with_name(SUMMARY_NAME)
    try:
        cached = json.loads(summary_file.read_bytes())
        if cached.get("key") == key and cached.get("version") == SUMMARY_VERSION:
            return dict(cached)
    except (OSError, ValueError):
        pass
    summary = build_summary(journal_file)
    summary["key"] = stat_key(journal_file)
    write_cache(summary_file, json.dumps(summary).encode())
    return summary


def status_from_summary(summary: dict[str, Any], now: Any) -> dict[str, Any]:
    """Return the `--json` document for the instant `now`."""
    profile = summary["profile"]
    today = ritual_day(now, profile["tz"], profile["day_start"])
    done = {kind: {date.fromordinal(o) for o in days} for kind, days in summary["done"].items()}
    first = date.fromordinal(summary["first"]) if summary.get("first") else None
    mode = as_mode(profile["streak_mode"])
    figures = all_figures(done, today, mode, first)
    drafts = summary.get("drafts") or {}
    iso = today.isoformat()

    def state(kind: str) -> str:
        if today in done[kind]:
            return "done"
        return "draft" if drafts.get(kind) == iso else "todo"

    evening = state("evening")
    if evening == "todo" and late_debrief_day(now, profile["tz"], today, done["evening"], first):
        evening = "late-possible"
    return {
        "day": iso,
        "morning": state("morning"),
        "evening": evening,
        "streaks": {kind: _figures_dict(figures[kind]) for kind in KINDS},
        "mode": mode,
        "show_streaks": bool(profile.get("show_streaks", True)),
    }


def _figures_dict(fig: StreakFigures) -> dict[str, int]:
    return {"current": fig.current, "longest": fig.longest, "consistency_30d": fig.consistency_30d}


_WORDS = {"done": "done", "todo": "to do", "draft": "in progress", "late-possible": "to do"}


def status_line(doc: dict[str, Any]) -> str:
    """`morning done · evening to do · 12-day streak`."""
    parts = [f"morning {_WORDS[doc['morning']]}", f"evening {_WORDS[doc['evening']]}"]
    if doc["evening"] == "late-possible":
        parts.append("yesterday's debrief can still be done")
    if doc["show_streaks"]:
        current = doc["streaks"]["morning"]["current"]
        if current:
            parts.append(f"{current}-day streak")
    return " · ".join(parts)


def status_short(doc: dict[str, Any]) -> str:
    """A few characters: `☀✓ ☾·`, then the streak if shown (`☀✓ ☾· 12`)."""
    marks = {"done": "✓", "todo": "·", "draft": "…", "late-possible": "!"}
    text = f"☀{marks[doc['morning']]} ☾{marks[doc['evening']]}"
    if doc["show_streaks"] and doc["streaks"]["morning"]["current"]:
        text += f" {doc['streaks']['morning']['current']}"
    return text


def run_status(journal_file: Path, *, short: bool, as_json: bool, check: str | None) -> int:
    """Print the status; with `check`, exit 0 if that ritual is done today, else 1."""
    summary = load_summary(journal_file)
    if summary is None or summary.get("profile") is None:
        if check:
            return 1
        message = "Ritual is not set up yet: run `ritual`."
        if as_json:
            print(json.dumps({"day": None, "setup": False}))
        else:
            print("—" if short else message)
        return 0
    doc = status_from_summary(summary, clock.now())
    if check:
        return 0 if doc[check] == "done" else 1
    if as_json:
        out = {k: doc[k] for k in ("day", "morning", "evening", "streaks", "mode")}
        sys.stdout.write(json.dumps(out) + "\n")
    else:
        print(status_short(doc) if short else status_line(doc))
    return 0
