"""The interchange format v1: validating an import file and building an export document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ritual.days import BadTimeZoneError, parse_day_start, zone
from ritual.models import CONNECTION_STATUSES, ENTRY_KINDS, STREAK_MODES, Entry, parse_utc

FORMAT_NAME = "ritual-journal"
FORMAT_VERSION = 1
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class InterchangeError(ValueError):
    """An import file breaks the format; the message names the first problem (never its text)."""


def export_document(profile: Mapping[str, Any] | None, entries: Iterable[Entry]) -> dict[str, Any]:
    """Return the whole journal as an interchange document."""
    doc: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    if profile is not None:
        doc["profile"] = dict(profile)
    doc["entries"] = sorted(
        (dict(e) for e in entries),
        key=lambda e: (e.get("day", ""), e.get("kind") != "morning"),
    )
    return doc


def validate_document(doc: Any) -> None:
    """Check an interchange document; raise `InterchangeError` naming the first problem.

    Messages name the place (`entries[3].saved_at`) and what is wrong, never the
    user's text, since they may be printed to a terminal or a log.
    """
    if not isinstance(doc, dict):
        raise InterchangeError("the top level is not a JSON object")
    if doc.get("format") != FORMAT_NAME:
        raise InterchangeError(f'"format" is not "{FORMAT_NAME}"')
    if doc.get("version") != FORMAT_VERSION:
        raise InterchangeError(f'"version" is not {FORMAT_VERSION}')
    if "profile" in doc and doc["profile"] is not None:
        _check_profile(doc["profile"])
    entries = doc.get("entries")
    if not isinstance(entries, list):
        raise InterchangeError('"entries" is missing or not a list')
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        _check_entry(entry, f"entries[{index}]")
        if entry["id"] in seen:
            raise InterchangeError(f"entries[{index}].id repeats an earlier entry's id")
        seen.add(entry["id"])


def _need(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise InterchangeError(f"{where}.{key} is missing")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise InterchangeError(f"{where}.{key} must be a {names}")
    return value


def _check_tz(name: str, where: str) -> None:
    try:
        zone(name)
    except BadTimeZoneError:
        raise InterchangeError(f"{where} is not a known IANA time zone") from None


def _check_profile(profile: Any) -> None:
    where = "profile"
    if not isinstance(profile, dict):
        raise InterchangeError("profile is not an object")
    _need(profile, "name", str, where)
    try:
        parse_day_start(_need(profile, "day_start", str, where))
    except ValueError:
        raise InterchangeError("profile.day_start must be HH:MM") from None
    _check_tz(_need(profile, "tz", str, where), "profile.tz")
    values = _need(profile, "values", list, where)
    for i, value in enumerate(values):
        if not isinstance(value, str):
            raise InterchangeError(f"profile.values[{i}] must be a str")
    children = _need(profile, "children", list, where)
    for i, child in enumerate(children):
        cw = f"profile.children[{i}]"
        if not isinstance(child, dict):
            raise InterchangeError(f"{cw} is not an object")
        _need(child, "id", str, cw)
        _need(child, "name", str, cw)
        _need(child, "birth_year", int, cw)
    mode = profile.get("streak_mode", "kind")
    if mode not in STREAK_MODES:
        raise InterchangeError('profile.streak_mode must be "kind" or "strict"')


def _check_entry(entry: Any, where: str) -> None:
    if not isinstance(entry, dict):
        raise InterchangeError(f"{where} is not an object")
    if not _need(entry, "id", str, where):
        raise InterchangeError(f"{where}.id is empty")
    if entry.get("kind") not in ENTRY_KINDS:
        raise InterchangeError(f'{where}.kind must be "morning" or "evening"')
    day = _need(entry, "day", str, where)
    try:
        if not _DAY.match(day):
            raise ValueError
        date.fromisoformat(day)
    except ValueError:
        raise InterchangeError(f"{where}.day must be a date YYYY-MM-DD") from None
    for key in ("started_at", "finished_at", "saved_at"):
        try:
            parse_utc(_need(entry, key, str, where))
        except ValueError:
            raise InterchangeError(f"{where}.{key} is not an ISO-8601 instant") from None
    _check_tz(_need(entry, "tz", str, where), f"{where}.tz")
    connections = entry.get("connections", [])
    if not isinstance(connections, list):
        raise InterchangeError(f"{where}.connections must be a list")
    for i, conn in enumerate(connections):
        cw = f"{where}.connections[{i}]"
        if not isinstance(conn, dict):
            raise InterchangeError(f"{cw} is not an object")
        _need(conn, "child", str, cw)
        if entry["kind"] == "evening" and conn.get("status") not in CONNECTION_STATUSES:
            raise InterchangeError(f'{cw}.status must be "done", "partly" or "missed"')
