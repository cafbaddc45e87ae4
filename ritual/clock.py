"""The one place that reads the wall clock; everything else takes `now` as a parameter."""

from __future__ import annotations

import os
from datetime import UTC, datetime

FAKE_NOW_ENV = "RITUAL_NOW"
"""Set to an ISO-8601 instant to pin the clock (snapshot tests, demos, tmux checks)."""


def now() -> datetime:
    """Return the current instant as an aware UTC datetime.

    Honours `RITUAL_NOW` so that the whole app (CLI and UI) can run at a fixed
    instant from the environment, the way snapshot tests pick their config.
    """
    fake = os.environ.get(FAKE_NOW_ENV)
    if fake:
        pinned = datetime.fromisoformat(fake.replace("Z", "+00:00"))
        if pinned.tzinfo is None:
            pinned = pinned.replace(tzinfo=UTC)
        return pinned.astimezone(UTC)
    return datetime.now(UTC)


def local_zone_name() -> str:
    """Best guess at the machine's IANA time zone name, for first run (falls back to UTC)."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz:
        return tz
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "zoneinfo/"
        if marker in target:
            return target.split(marker, 1)[1]
    except OSError:
        pass
    try:
        with open("/etc/timezone", encoding="utf-8") as fh:
            name = fh.read().strip()
            if name:
                return name
    except OSError:
        pass
    return "UTC"
