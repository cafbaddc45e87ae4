"""Ritual days: the day start, midnight, DST changes and travel never move a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ritual.days import BadTimeZoneError, noon_after, parse_day_start, ritual_day


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-11-21T00:30:00+01:00", "2026-11-20"),  # an evening debrief after midnight
        ("2026-11-21T03:59:59+01:00", "2026-11-20"),
        ("2026-11-21T04:00:00+01:00", "2026-11-21"),  # the day starts at 04:00 sharp
        ("2026-11-21T23:59:59+01:00", "2026-11-21"),
        ("2026-11-21T12:00:00+01:00", "2026-11-21"),
    ],
)
def test_default_day_start_is_four_in_the_morning(local: str, expected: str) -> None:
    assert ritual_day(at(local), "Europe/Berlin") == date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("day_start", "local", "expected"),
    [
        ("00:00", "2026-11-21T00:00:00+01:00", "2026-11-21"),
        ("00:00", "2026-11-20T23:59:00+01:00", "2026-11-20"),
        ("06:30", "2026-11-21T06:29:00+01:00", "2026-11-20"),
        ("06:30", "2026-11-21T06:30:00+01:00", "2026-11-21"),
        ("23:15", "2026-11-21T23:14:00+01:00", "2026-11-20"),
        ("23:15", "2026-11-21T23:15:00+01:00", "2026-11-21"),
    ],
)
def test_other_day_starts(day_start: str, local: str, expected: str) -> None:
    assert ritual_day(at(local), "Europe/Berlin", day_start) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("tz", "transition"),
    [
        ("America/New_York", "2026-03-08"),  # spring forward 02:00 -> 03:00
        ("America/New_York", "2026-11-01"),  # fall back 02:00 -> 01:00
        ("Europe/Berlin", "2026-03-29"),  # spring forward 02:00 -> 03:00
        ("Europe/Berlin", "2026-10-25"),  # fall back 03:00 -> 02:00
    ],
)
def test_dst_changes_never_shift_a_day(tz: str, transition: str) -> None:
    """Every minute across the DST night maps by its own wall clock, not by a fixed offset."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    day = date.fromisoformat(transition)
    start = datetime(day.year, day.month, day.day, 0, 0, tzinfo=zone).astimezone(UTC)
    instant = start - timedelta(hours=2)
    while instant < start + timedelta(hours=8):
        wall = instant.astimezone(zone)
        expected = (wall.replace(tzinfo=None) - timedelta(hours=4)).date()
        assert ritual_day(instant, tz) == expected, wall
        instant += timedelta(minutes=15)
    # the wall-clock hour before 04:00 is yesterday, the one after is today, whatever the offset
    assert ritual_day(
        datetime(day.year, day.month, day.day, 3, 59, tzinfo=zone), tz
    ) == day - timedelta(days=1)
    assert ritual_day(datetime(day.year, day.month, day.day, 4, 1, tzinfo=zone), tz) == day


def test_new_york_fall_back_repeated_hour_stays_on_one_day() -> None:
    # 01:30 happens twice on 2026-11-01 in New York; both belong to 31 October.
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert ritual_day(first, "America/New_York") == date(2026, 10, 31)
    assert ritual_day(second, "America/New_York") == date(2026, 10, 31)


def test_trip_from_berlin_to_los_angeles_keeps_each_day_in_its_own_zone() -> None:
    # Saved in Berlin at 22:00 on the 20th, the entry belongs to the 20th and stores that.
    leaving = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    assert ritual_day(leaving, "Europe/Berlin") == date(2026, 11, 20)
    # The flight lands; at 20:00 in Los Angeles it is 05:00 the 21st in Berlin.
    landed = datetime(2026, 11, 21, 4, 0, tzinfo=UTC)
    assert ritual_day(landed, "America/Los_Angeles") == date(2026, 11, 20)
    assert ritual_day(landed, "Europe/Berlin") == date(2026, 11, 21)
    # The old entry keeps its stored day whatever the profile's zone is now: it is data,
    # not recomputed; and the next LA morning is the 21st.
    next_morning = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # 07:00 in LA
    assert ritual_day(next_morning, "America/Los_Angeles") == date(2026, 11, 21)


def test_pendulum_instants_work_too() -> None:
    import pendulum

    instant = pendulum.datetime(2026, 11, 21, 0, 30, tz="Europe/Berlin")
    assert ritual_day(instant, "Europe/Berlin") == date(2026, 11, 20)


def test_naive_instants_and_unknown_zones_are_refused() -> None:
    with pytest.raises(ValueError):
        ritual_day(datetime(2026, 11, 21, 8, 0), "Europe/Berlin")
    with pytest.raises(BadTimeZoneError):
        ritual_day(datetime(2026, 11, 21, 8, 0, tzinfo=UTC), "Mars/Olympus_Mons")


@pytest.mark.parametrize("bad", ["4", "24:00", "04:60", "4:5", "", "ab:cd", "04-00"])
def test_bad_day_starts_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_day_start(bad)


def test_late_debrief_window_ends_at_local_noon_next_day() -> None:
    noon = noon_after(date(2026, 11, 20), "Europe/Berlin")
    assert noon.astimezone(UTC) == datetime(2026, 11, 21, 11, 0, tzinfo=UTC)
