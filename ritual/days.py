"""Ritual days: which calendar day an instant belongs to, with a configurable day start."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DAY_START = "04:00"


class BadTimeZoneError(ValueError):
    """The profile names a time zone that the IANA database does not know."""


@lru_cache(maxsize=32)
def zone(name: str) -> ZoneInfo:
    """Return the IANA zone `name`, or raise `BadTimeZoneError` with a readable message."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        # OSError: a prefix such as "Europe/" names a directory of the zone database.
        raise BadTimeZoneError(f"unknown time zone {name!r}") from exc


def parse_day_start(text: str) -> time:
    """Parse "HH:MM" (00:00 to 23:59) into a `time`.

    Raises:
        ValueError: when `text` is not a valid HH:MM.
    """
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"day start must look like 04:00, got {text!r}")
    h, m = int(hours), int(minutes)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValueError(f"day start must be between 00:00 and 23:59, got {text!r}")
    return time(h, m)


def ritual_day(instant: datetime, tz: str, day_start: str = DEFAULT_DAY_START) -> date:
    """Return the ritual day that `instant` belongs to.

    The local wall-clock time in `tz`, minus the day start, then its date. The
    subtraction is naive wall-clock arithmetic on purpose: a DST jump changes
    the UTC offset, never which day a local time belongs to.

    Args:
        instant: an aware datetime (any zone; pendulum instances work too).
        tz: the IANA time zone the user lives in.
        day_start: when the ritual day starts, "HH:MM".

    Returns:
        The ritual day's date.
    """
    if instant.tzinfo is None:
        raise ValueError("ritual_day needs an aware datetime")
    start = parse_day_start(day_start)
    wall = instant.astimezone(zone(tz)).replace(tzinfo=None)
    shifted = wall - timedelta(hours=start.hour, minutes=start.minute)
    return shifted.date()


def noon_after(day: date, tz: str) -> datetime:
    """Return the instant of local noon on the calendar day after ritual day `day`.

    A missed evening debrief may still be done, marked late, until then.
    """
    return datetime.combine(day + timedelta(days=1), time(12, 0), tzinfo=zone(tz))


def late_debrief_day(
    now: datetime, tz: str, today: date, evenings: Collection[date], first: date | None
) -> date | None:
    """Return yesterday if its evening debrief was missed and can still be done, marked late.

    That is until local noon today, and only for someone whose journal started before
    today (`first` is the first ritual day with any entry): a brand-new user has nothing
    to catch up on. Home, the flows and `ritual status` all ask this one function.
    """
    yesterday = today - timedelta(days=1)
    if first is None or first > yesterday or yesterday in evenings:
        return None
    return yesterday if now < noon_after(yesterday, tz) else None
