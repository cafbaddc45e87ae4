"""History figures: heatmap, child ledger, values trend, guilt by week, on this day."""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, TypeVar

from ritual.streaks import parse_day

Entry = Mapping[str, Any]
"""A journal entry in the interchange format (a plain dict; any field may be missing)."""

E = TypeVar("E", bound=Mapping[str, Any])

HeatState = Literal["none", "morning", "evening", "both"]
"""What a heatmap day holds: nothing, only a morning, only an evening, or both."""

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"

_MOMENT = frozenset({"done", "partly"})
_HEAT_STATES: tuple[HeatState, ...] = ("none", "morning", "evening", "both")


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One day of the heatmap.

    Attributes:
        day: The ritual day.
        state: ``"none"``, ``"morning"``, ``"evening"`` or ``"both"``.
        late: True when the day's evening entry was a late one.
        future: True for days after today (the tail of the last column); always "none".
    """

    day: date
    state: HeatState
    late: bool
    future: bool


@dataclass(frozen=True)
class Heatmap:
    """A year-at-a-glance grid: one column per ISO week, one row per weekday.

    Attributes:
        rows: ``rows[weekday][column]``; weekday 0 is Monday, column 0 the oldest week.
            The last column is the week holding today.
        week_starts: The Monday of each column, oldest first.
        month_labels: ``(column, "Jan")`` pairs, in column order: a month is labelled on
            the column holding its 1st. The first column is labelled with its own month
            too when the next label is at least 3 columns away.
    """

    rows: list[list[HeatCell]]
    week_starts: list[date]
    month_labels: list[tuple[int, str]]


@dataclass(frozen=True)
class ChildNote:
    """A note written in an evening about a connection with one child.

    Attributes:
        day: The ritual day of the evening.
        activity: What was planned or done ("" when missing).
        status: ``"done"``, ``"partly"``, ``"missed"`` or ``""`` when missing.
        note: The note text (never empty).
        feeling: The 1-5 feeling, or None.
    """

    day: date
    activity: str
    status: str
    note: str
    feeling: int | None


@dataclass(frozen=True)
class ChildLedger:
    """The story of the connections with one child.

    A *moment* is an evening connection with that child whose status is ``"done"`` or
    ``"partly"``; each such connection counts once.

    Attributes:
        child_id: The child's id.
        last_moment: The ritual day of the most recent moment, or None.
        last_moment_human: That day for humans ("today", "yesterday", "3 days ago",
            "2 weeks ago"), or None.
        moments_this_month: Moments in today's calendar month (up to today).
        moments_this_year: Moments in today's calendar year (up to today).
        moments_total: Moments in the whole history (up to today).
        favourites: Up to 3 ``(activity, count)`` pairs among moments, most frequent
            first (ties: most recent first, then by name). Activities are grouped
            ignoring case and surrounding spaces; the most recent spelling is shown.
        notes: The most recent non-empty notes about this child (any status), newest
            first.
    """

    child_id: str
    last_moment: date | None
    last_moment_human: str | None
    moments_this_month: int
    moments_this_year: int
    moments_total: int
    favourites: list[tuple[str, int]] = field(default_factory=list)
    notes: list[ChildNote] = field(default_factory=list)


def _week_start(day: date) -> date:
    """Returns the Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def _first_week(today: date, weeks: int) -> date:
    """Returns the Monday of the oldest of ``weeks`` weeks ending with today's week."""
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    return _week_start(today) - timedelta(weeks=weeks - 1)


def _rating(value: object) -> float | None:
    """Returns a 1-5 rating as a float, or None when absent or out of range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 1 <= value <= 5 else None


def _text(value: object) -> str:
    """Returns a stripped string, or "" when ``value`` is not a string."""
    return value.strip() if isinstance(value, str) else ""


def _feeling(value: object) -> int | None:
    """Returns a 1-5 feeling, or None when absent or out of range."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return None


def human_ago(day: date, today: date) -> str:
    """Says how long ago ``day`` was, seen from ``today``.

    Args:
        day: A past (or current) day.
        today: The current ritual day.

    Returns:
        "today", "yesterday", "tomorrow" or e.g. "3 days ago", "2 weeks ago",
        "1 year ago"; days after today read "in 3 days".
    """
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if delta == -1:
        return "tomorrow"
    import pendulum  # deferred: ~25 ms to import, and only this wording needs it

    span = pendulum.date(day.year, day.month, day.day).diff_for_humans(
        pendulum.date(today.year, today.month, today.day), absolute=True, locale="en"
    )
    return f"{span} ago" if delta > 0 else f"in {span}"


def heatmap(entries: Iterable[Entry], today: date, weeks: int = 53) -> Heatmap:
    """Builds the year heatmap: per day, none / morning / evening / both, plus late.

    Args:
        entries: Journal entries.
        today: The current ritual day; the last column is its ISO week.
        weeks: Number of columns (53 covers the last 12 months).

    Returns:
        The heatmap grid, week starts and month label positions.

    Raises:
        ValueError: If ``weeks`` is less than 1.
    """
    start = _first_week(today, weeks)
    start_o = start.toordinal()
    n_days = weeks * 7
    last = min(today.toordinal() - start_o, n_days - 1)  # index of today in the grid
    flags = bytearray(n_days)  # bit 1: morning, bit 2: evening, bit 4: late
    for entry in entries:
        kind = entry.get("kind")
        if kind not in ("morning", "evening"):
            continue
        day = parse_day(entry.get("day"))
        if day is None:
            continue
        i = day.toordinal() - start_o
        if i < 0 or i > last:
            continue
        if kind == "morning":
            flags[i] |= 1
        else:
            flags[i] |= 2
            if entry.get("late") is True:
                flags[i] |= 4
    return _grid(flags, start, last, weeks)


def heatmap_from_days(
    mornings: Collection[int],
    evenings: Collection[int],
    late: Collection[int],
    today: date,
    weeks: int = 53,
) -> Heatmap:
    """The same grid as :func:`heatmap`, from the days (as ordinals) with each kind of entry.

    Home's glance keeps these, so history's calendar can be drawn before the journal loads.

    Args:
        mornings: Days with a morning entry.
        evenings: Days with an evening entry.
        late: Days whose evening entry was marked late.
        today: The current ritual day.
        weeks: Number of columns.
    """
    start = _first_week(today, weeks)
    start_o = start.toordinal()
    n_days = weeks * 7
    last = min(today.toordinal() - start_o, n_days - 1)
    flags = bytearray(n_days)
    for days, bit in ((mornings, 1), (evenings, 2), (late, 4)):
        for ordinal in days:
            i = ordinal - start_o
            if 0 <= i <= last:
                flags[i] |= bit
    return _grid(flags, start, last, weeks)


def _grid(flags: bytearray, start: date, last: int, weeks: int) -> Heatmap:
    start_o = start.toordinal()
    rows: list[list[HeatCell]] = [[] for _ in range(7)]
    week_starts: list[date] = []
    labels: list[tuple[int, str]] = []
    for col in range(weeks):
        for row in range(7):
            i = col * 7 + row
            day = date.fromordinal(start_o + i)
            if row == 0:
                week_starts.append(day)
            f = flags[i]
            rows[row].append(HeatCell(day, _HEAT_STATES[f & 3], bool(f & 4), i > last))
            if day.day == 1 and i <= last:
                labels.append((col, MONTH_ABBR[day.month - 1]))
    if not labels or labels[0][0] >= 3:
        labels.insert(0, (0, MONTH_ABBR[start.month - 1]))
    return Heatmap(rows=rows, week_starts=week_starts, month_labels=labels)


def child_ledger(
    entries: Iterable[Entry], child_id: str, today: date, notes: int = 5
) -> ChildLedger:
    """Tells the story of the connections with one child.

    Only evening entries are read (a morning connection is a plan, not a moment). Entries
    after ``today`` are ignored.

    Args:
        entries: Journal entries.
        child_id: The child's id (``connections[].child``).
        today: The current ritual day.
        notes: How many recent notes to keep.

    Returns:
        The child's ledger.
    """
    last: date | None = None
    this_month = this_year = total = 0
    # activity key -> [count, last day, display text]
    activities: dict[str, list[Any]] = {}
    # Notes as (day, sequence, activity, connection); ChildNote is built for the kept few.
    found: list[tuple[date, int, str, dict[str, Any]]] = []
    this_y, this_m = today.year, today.month
    for entry in entries:
        if entry.get("kind") != "evening":
            continue
        connections = entry.get("connections")
        if not isinstance(connections, list):
            continue
        # Interchange items are plain dicts; read the day only when this child is there.
        mine = [c for c in connections if isinstance(c, dict) and c.get("child") == child_id]
        if not mine:
            continue
        day = parse_day(entry.get("day"))
        if day is None or day > today:
            continue
        for conn in mine:
            note = conn.get("note")
            has_note = isinstance(note, str) and note != "" and not note.isspace()
            moment = conn.get("status") in _MOMENT
            if not (moment or has_note):
                continue
            activity = _text(conn.get("activity"))
            if has_note:
                found.append((day, len(found), activity, conn))
            if not moment:
                continue
            total += 1
            if day.year == this_y:
                this_year += 1
                if day.month == this_m:
                    this_month += 1
            if last is None or day > last:
                last = day
            if activity:
                key = activity.casefold()
                slot = activities.get(key)
                if slot is None:
                    activities[key] = [1, day, activity]
                else:
                    slot[0] += 1
                    if day >= slot[1]:
                        slot[1] = day
                        slot[2] = activity
    ranked = sorted(activities.values(), key=lambda s: (-s[0], -s[1].toordinal(), s[2]))
    favourites = [(str(s[2]), int(s[0])) for s in ranked[:3]]
    recent = [
        ChildNote(
            day=day,
            activity=activity,
            status=_text(conn.get("status")),
            note=_text(conn.get("note")),
            feeling=_feeling(conn.get("feeling")),
        )
        for day, _, activity, conn in heapq.nlargest(max(notes, 0), found)
    ]
    return ChildLedger(
        child_id=child_id,
        last_moment=last,
        last_moment_human=human_ago(last, today) if last is not None else None,
        moments_this_month=this_month,
        moments_this_year=this_year,
        moments_total=total,
        favourites=favourites,
        notes=recent,
    )


def values_trend(
    entries: Iterable[Entry], values: Sequence[str], today: date, weeks: int = 12
) -> dict[str, list[float | None]]:
    """Averages the morning value ratings per ISO week.

    Args:
        entries: Journal entries; only mornings' ``values`` ratings (1-5) are read.
        values: The value ids (or custom texts) to follow, as in the profile.
        today: The current ritual day; the last week is the one holding it.
        weeks: How many weeks, ending with today's week.

    Returns:
        For each value, in the given order, ``weeks`` weekly averages, oldest first; None
        for a week without any rating of that value.

    Raises:
        ValueError: If ``weeks`` is less than 1.
    """
    start_o = _first_week(today, weeks).toordinal()
    last = today.toordinal() - start_o
    sums = {v: [0.0] * weeks for v in values}
    counts = {v: [0] * weeks for v in values}
    for entry in entries:
        if entry.get("kind") != "morning":
            continue
        ratings = entry.get("values")
        if not isinstance(ratings, Mapping) or not ratings:
            continue
        day = parse_day(entry.get("day"))
        if day is None:
            continue
        i = day.toordinal() - start_o
        if i < 0 or i > last:
            continue
        col = i // 7
        for value, raw in ratings.items():
            if value not in sums:
                continue
            rating = _rating(raw)
            if rating is not None:
                sums[value][col] += rating
                counts[value][col] += 1
    return {
        v: [s / c if c else None for s, c in zip(sums[v], counts[v], strict=True)] for v in sums
    }


def sparkline(
    series: Iterable[float | None], lo: float = 1.0, hi: float = 5.0, gap: str = "·"
) -> str:
    """Draws a series as one line of block characters (▁ for ``lo`` up to █ for ``hi``).

    Args:
        series: The values; None marks a gap.
        lo: The value drawn as the lowest block (values below are clamped).
        hi: The value drawn as the highest block (values above are clamped).
        gap: The character drawn for None (a space or "·").

    Returns:
        One character per item of ``series``.

    Raises:
        ValueError: If ``hi`` is not above ``lo``.
    """
    if hi <= lo:
        raise ValueError(f"hi ({hi}) must be above lo ({lo})")
    top = len(SPARK_BLOCKS) - 1
    out = []
    for value in series:
        if value is None:
            out.append(gap)
            continue
        level = round((value - lo) / (hi - lo) * top)
        out.append(SPARK_BLOCKS[min(max(level, 0), top)])
    return "".join(out)


def guilt_by_week(
    entries: Iterable[Entry], today: date, weeks: int = 12
) -> list[tuple[date, int, int]]:
    """Counts guilt notes per ISO week, mornings and evenings together.

    Args:
        entries: Journal entries; guilt notes of kind ``"conflict"`` or ``"should"`` count.
        today: The current ritual day; the last week is the one holding it.
        weeks: How many weeks, ending with today's week.

    Returns:
        ``(week start Monday, conflicts, shoulds)`` per week, oldest first.

    Raises:
        ValueError: If ``weeks`` is less than 1.
    """
    start = _first_week(today, weeks)
    start_o = start.toordinal()
    last = today.toordinal() - start_o
    conflicts = [0] * weeks
    shoulds = [0] * weeks
    for entry in entries:
        guilt = entry.get("guilt")
        if not isinstance(guilt, list) or not guilt:
            continue
        if entry.get("kind") not in ("morning", "evening"):
            continue
        day = parse_day(entry.get("day"))
        if day is None:
            continue
        i = day.toordinal() - start_o
        if i < 0 or i > last:
            continue
        col = i // 7
        for note in guilt:
            if not isinstance(note, Mapping):
                continue
            kind = note.get("kind")
            if kind == "conflict":
                conflicts[col] += 1
            elif kind == "should":
                shoulds[col] += 1
    return [(start + timedelta(weeks=w), conflicts[w], shoulds[w]) for w in range(weeks)]


def on_this_day(entries: Iterable[E], today: date) -> list[E]:
    """Finds the entries written on this day of the month in earlier months and years.

    The same day-of-month in every earlier month (which includes the same date in every
    earlier year). Months without that day (a 31st, a 30th or 29th in February) are
    simply skipped.

    Args:
        entries: Journal entries.
        today: The current ritual day.

    Returns:
        The matching entries, newest day first; on one day the morning comes first.
    """
    found: list[tuple[int, int, int, E]] = []
    for seq, entry in enumerate(entries):
        kind = entry.get("kind")
        if kind not in ("morning", "evening"):
            continue
        day = parse_day(entry.get("day"))
        if day is None or day.day != today.day or day >= today:
            continue
        found.append((-day.toordinal(), 0 if kind == "morning" else 1, seq, entry))
    found.sort(key=lambda x: (x[0], x[1], x[2]))  # never compares the entries themselves
    return [x[3] for x in found]


def day_entries(entries: Iterable[E], day: date) -> tuple[E | None, E | None]:
    """Finds the morning and the evening of one ritual day.

    Should a day hold two entries of one kind, the one saved last wins (by ``saved_at``,
    then by journal order).

    Args:
        entries: Journal entries.
        day: The ritual day.

    Returns:
        ``(morning, evening)``, each None when missing.
    """
    wanted = day.isoformat()
    morning: E | None = None
    evening: E | None = None
    for entry in entries:
        raw = entry.get("day")
        if raw != wanted and parse_day(raw) != day:
            continue
        kind = entry.get("kind")
        if kind == "morning":
            if morning is None or _saved(entry) >= _saved(morning):
                morning = entry
        elif kind == "evening" and (evening is None or _saved(entry) >= _saved(evening)):
            evening = entry
    return morning, evening


def _saved(entry: Entry) -> str:
    """Returns an entry's ``saved_at`` for ordering ("" when missing)."""
    saved = entry.get("saved_at")
    return saved if isinstance(saved, str) else ""
