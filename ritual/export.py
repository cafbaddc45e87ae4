"""Exports: the interchange JSON, a readable Markdown journal, and CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from itertools import groupby
from typing import Any

from ritual.interchange import export_document
from ritual.models import Entry, Profile

CSV_COLUMNS = (
    "day",
    "kind",
    "late",
    "duration_s",
    "mood",
    "intention",
    "intention_score",
    "values",
    "guilt",
    "connections",
    "win",
    "tomorrow_note",
    "id",
)


def in_range(entries: Iterable[Entry], since: date | None, until: date | None) -> list[Entry]:
    """Keep the entries whose ritual day lies within `since`..`until` (both inclusive)."""
    lo = since.isoformat() if since else ""
    hi = until.isoformat() if until else "9999-12-31"
    return [e for e in entries if lo <= str(e.get("day", "")) <= hi]


def render_export(
    profile: Profile | None,
    entries: list[Entry],
    fmt: str,
    since: date | None = None,
    until: date | None = None,
) -> str:
    """Render the journal in `fmt` ("json", "md" or "csv")."""
    chosen = in_range(entries, since, until)
    if fmt == "json":
        doc = export_document(profile.to_dict() if profile else None, chosen)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return markdown(profile, chosen)
    if fmt == "csv":
        return csv_text(profile, chosen)
    raise ValueError(f"unknown export format {fmt!r}")


def _child_names(profile: Profile | None) -> dict[str, str]:
    return {c.id: c.name for c in profile.children} if profile else {}


def _connection_text(conn: dict[str, Any], names: dict[str, str]) -> str:
    who = names.get(str(conn.get("child")), str(conn.get("child", "a child")))
    parts = [who, str(conn.get("activity") or "a moment")]
    if conn.get("when"):
        parts.append(str(conn["when"]))
    if conn.get("status"):
        parts.append(str(conn["status"]))
    text = " — ".join(parts)
    if conn.get("note"):
        text += f": {conn['note']}"
    return text


def _guilt_text(note: dict[str, Any]) -> str:
    kind = "values conflict" if note.get("kind") == "conflict" else "a “should”"
    text = f"{note.get('text') or '(unnamed)'} ({kind})"
    for key, label in (
        ("action", "small action"),
        ("whose_rule", "whose rule"),
        ("kind_words", "kind words"),
    ):
        if note.get(key):
            text += f"; {label}: {note[key]}"
    return text


def markdown(profile: Profile | None, entries: list[Entry]) -> str:
    """A readable journal: one section per ritual day, newest first."""
    names = _child_names(profile)
    title = (
        f"# Ritual journal of {profile.name}" if profile and profile.name else "# Ritual journal"
    )
    out = [title, ""]
    ordered = sorted(entries, key=lambda e: (e.get("day", ""), e.get("kind") != "morning"))
    days = groupby(reversed(ordered), key=lambda e: str(e.get("day", "")))
    for day, group in days:
        out += [f"## {day}", ""]
        for entry in sorted(group, key=lambda e: e.get("kind") != "morning"):
            out += _markdown_entry(entry, names)
    return "\n".join(out).rstrip() + "\n"


def _markdown_entry(entry: Entry, names: dict[str, str]) -> list[str]:
    late = " (late)" if entry.get("late") else ""
    lines = [f"### {str(entry.get('kind', '')).capitalize()}{late}", ""]
    fields: list[tuple[str, Any]] = [
        ("Mood", entry.get("mood")),
        ("Intention", entry.get("intention")),
        ("Did today reflect it", entry.get("intention_score")),
        ("On the intention", entry.get("intention_note")),
    ]
    values = entry.get("values")
    if isinstance(values, dict) and values:
        fields.append(("Values", ", ".join(f"{k} {v}" for k, v in values.items() if v)))
    fields += [
        ("Plan", "; ".join(str(p) for p in entry.get("plan") or [])),
        ("Win", entry.get("win")),
        ("Note for tomorrow", entry.get("tomorrow_note")),
    ]
    lines += [f"- **{label}:** {value}" for label, value in fields if value not in (None, "", [])]
    for conn in entry.get("connections") or []:
        lines.append(f"- **Moment:** {_connection_text(conn, names)}")
    for note in entry.get("guilt") or []:
        lines.append(f"- **Guilt:** {_guilt_text(note)}")
    lines.append("")
    return lines


def csv_text(profile: Profile | None, entries: list[Entry]) -> str:
    """One row per entry with the main fields, oldest first."""
    names = _child_names(profile)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in sorted(entries, key=lambda e: (e.get("day", ""), e.get("kind") != "morning")):
        values = e.get("values") if isinstance(e.get("values"), dict) else {}
        writer.writerow(
            [
                e.get("day", ""),
                e.get("kind", ""),
                "yes" if e.get("late") else "",
                e.get("duration_s", ""),
                e.get("mood", ""),
                e.get("intention", ""),
                e.get("intention_score", ""),
                "; ".join(f"{k}={v}" for k, v in (values or {}).items() if v),
                " | ".join(_guilt_text(g) for g in e.get("guilt") or []),
                " | ".join(_connection_text(c, names) for c in e.get("connections") or []),
                e.get("win", ""),
                e.get("tomorrow_note", ""),
                e.get("id", ""),
            ]
        )
    return buffer.getvalue()
