"""Streak figures (current, longest, 30-day consistency) per ritual kind, stdlib only."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date, datetime

# The stdlib idiom for type-only imports without importing `typing` (~5 ms) at run time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

    StreakMode: TypeAlias = Literal["kind", "strict"]

# NOTE: this module sits on the shell-prompt status path (75 ms budget). Keep it stdlib-only
# and cheap to import: no pendulum, no textual, nothing from the rest of the app.

# StreakMode: "kind" is never miss twice (a single missed day between two done days is
# forgiven); "strict" means any missed day ends the run.

KINDS = ("morning", "evening", "connection")
"""The ritual kinds that have streaks, in display order."""

CONSISTENCY_WINDOW = 30
"""Length, in ritual days, of the consistency window."""

_CONNECTED = frozenset({"done", "partly"})

# Largest allowed distance, in days, between two consecutive done days of one run.
# kind: 2 (one missed day in between is forgiven); strict: 1 (days must touch).
_MAX_STEP: dict[str, int] = {"kind": 2, "strict": 1}

_NOUNS: dict[str, tuple[str, str]] = {
    "morning": ("morning", "mornings"),
    "evening": ("evening", "evenings"),
    "connection": ("day of connection", "days of connection"),
}


class StreakFigures:
    """The streak figures of one ritual kind, as seen on a given day.

    A plain slotted class rather than a dataclass or NamedTuple: `dataclasses` and
    `typing` cost ~12 ms to import, and this module sits on the shell-prompt path.

    Attributes:
        current: Done days counted in the run that reaches back from today (0 if none).
        longest: Most done days counted in any run of the whole history (up to today).
        consistency_30d: Done days over the days of the 30-day window, as a whole
            percentage rounded down (0 when the window is empty).
    """

    __slots__ = ("consistency_30d", "current", "longest")

    def __init__(self, current: int, longest: int, consistency_30d: int) -> None:
        self.current = current
        self.longest = longest
        self.consistency_30d = consistency_30d

    def _key(self) -> tuple[int, int, int]:
        return (self.current, self.longest, self.consistency_30d)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StreakFigures) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"StreakFigures(current={self.current}, longest={self.longest}, "
            f"consistency_30d={self.consistency_30d})"
        )


def parse_day(value: object) -> date | None:
    """Reads a ritual day ("YYYY-MM-DD" or a ``date``); None when absent or malformed."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return None


def done_days(entries: Iterable[Mapping[str, Any]]) -> dict[str, set[date]]:
    """Collects, per ritual kind, the ritual days that are done.

    A day D is done for ``morning`` when there is a morning entry for D, for ``evening``
    when there is an evening entry for D (late ones count for their own day), and for
    ``connection`` when an evening entry for D has at least one connection whose status
    is ``"done"`` or ``"partly"``. Entries with a missing or malformed ``day`` are skipped.

    Args:
        entries: Journal entries (interchange dicts); any field may be missing.

    Returns:
        A dict with exactly the keys of ``KINDS``, each mapping to a set of days.
    """
    morning: set[date] = set()
    evening: set[date] = set()
    connection: set[date] = set()
    parsed: dict[str, date] = {}  # a morning and an evening share their day string
    for entry in entries:
        kind = entry.get("kind")
        if kind == "morning":
            target = morning
        elif kind == "evening":
            target = evening
        else:
            continue
        raw = entry.get("day")
        day = parsed.get(raw) if isinstance(raw, str) else None
        if day is None:
            day = parse_day(raw)
            if day is None:
                continue
            if isinstance(raw, str):
                parsed[raw] = day
        target.add(day)
        if kind == "evening":
            connections = entry.get("connections")
            if isinstance(connections, list):
                for conn in connections:
                    # Interchange items are plain dicts (JSON objects); anything else is junk.
                    if isinstance(conn, dict) and conn.get("status") in _CONNECTED:
                        connection.add(day)
                        break
    return {"morning": morning, "evening": evening, "connection": connection}


def first_day(entries: Iterable[Mapping[str, Any]]) -> date | None:
    """Finds the first ritual day that has any entry of any kind.

    Args:
        entries: Journal entries; entries without a readable ``day`` are ignored.

    Returns:
        The earliest ritual day, or None for an empty journal.
    """
    first: date | None = None
    for entry in entries:
        day = parse_day(entry.get("day"))
        if day is not None and (first is None or day < first):
            first = day
    return first


def as_mode(value: object) -> StreakMode:
    """Reads a profile's ``streak_mode`` leniently: "strict" only when it says so.

    Args:
        value: The stored setting (any type; a damaged profile must not break the prompt).

    Returns:
        ``"strict"`` when ``value`` is exactly that, else ``"kind"`` (the default).
    """
    return "strict" if value == "strict" else "kind"


def _check_mode(mode: str) -> int:
    """Returns the largest allowed step between done days of one run for ``mode``."""
    try:
        return _MAX_STEP[mode]
    except KeyError:
        raise ValueError(f"unknown streak mode: {mode!r} (expected 'kind' or 'strict')") from None


def figures(done: set[date], today: date, mode: StreakMode, first: date | None) -> StreakFigures:
    """Computes current, longest and 30-day consistency for one ritual kind.

    Runs. Walking back in time, a run goes on from one done day to the previous done day
    when the days between them may be skipped: in ``"strict"`` mode none may (the days
    must touch); in ``"kind"`` mode ("never miss twice") exactly one missed day between
    two done days is forgiven, and two missed days in a row end the run. A run counts its
    done days only; forgiven days are not counted. So a run is a maximal chain of done days
    whose consecutive gaps are at most 2 days (kind) or 1 day (strict).

    Current. Today not yet done never breaks anything: if today is not done the walk starts
    at yesterday. In kind mode, if yesterday is missed too, it is the one forgiven miss
    (today may still make it a day *between* two done days) and the walk starts at the day
    before yesterday, which must then be done. Hence the current run is the run of the last
    done day L (L <= today), provided L >= today - 2 in kind mode (today - 1 in strict
    mode); otherwise current is 0. Example, kind mode, done {T-4, T-2}: T not done, T-1
    forgiven, walk starts at T-2 (done), T-3 forgiven (between T-2 and T-4): current 2.
    Done {T-3} only: T-1 and T-2 are two misses in a row: current 0.

    Longest. The largest run anywhere in the history (same rule), so longest >= current.

    Consistency. Let E be today if today is done, else yesterday. The window is the 30 days
    ending at E, but none before ``first``; the figure is ``100 * done_in_window // length``
    (0 for an empty window, e.g. when ``first`` is after E).

    Days after ``today`` are ignored everywhere.

    Args:
        done: The done days of one kind (see ``done_days``).
        today: The current ritual day T (never read from the clock).
        mode: ``"kind"`` or ``"strict"``.
        first: The first ritual day with any entry of any kind (see ``first_day``); when
            None the window starts no earlier than the earliest done day.

    Returns:
        The figures for this kind.

    Raises:
        ValueError: If ``mode`` is not a known streak mode.
    """
    days = sorted([d.toordinal() for d in done if d <= today])
    return figures_of_ordinals(
        days, today.toordinal(), mode, first.toordinal() if first is not None else None
    )


def figures_of_ordinals(
    days: list[int], today: int, mode: StreakMode, first: int | None
) -> StreakFigures:
    """`figures` on day ordinals: `days` sorted ascending, none after `today`.

    The glance keeps done days as sorted ordinals, so home's first paint computes its
    streaks from them without making a date of each of ten years of days.
    """
    max_step = _check_mode(mode)
    t = today
    if not days:
        return StreakFigures(current=0, longest=0, consistency_30d=0)

    # One pass over sorted ordinals: `run` is the size of the run ending at `prev`.
    longest = 0
    run = 0
    prev = days[0] - max_step - 1  # far enough back that the first day starts a run
    for day in days:
        run = run + 1 if day - prev <= max_step else 1
        if run > longest:
            longest = run
        prev = day

    # `run` now belongs to the last done day L. It reaches today when the days after L are
    # allowed to be missing: today (never held against anyone) and, in kind mode only,
    # yesterday as the single forgiven miss. So L >= T - 1 (strict) or L >= T - 2 (kind).
    current = run if t - prev <= max_step else 0

    # Consistency window [lo, end]: 30 days ending at E, clipped to the first ritual day.
    end = t if prev == t else t - 1
    lo = end - (CONSISTENCY_WINDOW - 1)
    start = first if first is not None else days[0]
    lo = max(lo, start)
    length = end - lo + 1
    if length <= 0:
        consistency = 0
    else:
        in_window = bisect_left(days, end + 1) - bisect_left(days, lo)
        consistency = 100 * in_window // length
    return StreakFigures(current=current, longest=longest, consistency_30d=consistency)


def all_figures(
    done_by_kind: Mapping[str, set[date]], today: date, mode: StreakMode, first: date | None
) -> dict[str, StreakFigures]:
    """Computes the figures of every ritual kind.

    Args:
        done_by_kind: Done days per kind, as returned by ``done_days``; a missing kind
            counts as never done.
        today: The current ritual day.
        mode: ``"kind"`` or ``"strict"``.
        first: The first ritual day with any entry (see ``first_day``).

    Returns:
        A dict keyed by each of ``KINDS``, in that order.

    Raises:
        ValueError: If ``mode`` is not a known streak mode.
    """
    return {kind: figures(done_by_kind.get(kind, set()), today, mode, first) for kind in KINDS}


def forgiven_misses(done: set[date], today: date, mode: StreakMode) -> int:
    """Counts the missed days forgiven inside the current run (always 0 in strict mode).

    These are the single gaps between done days of the current run, plus yesterday when
    today is not done yet and the run ends the day before yesterday. Feed the result to
    ``streak_sentence`` so it can say "counting the one you let slide".

    Args:
        done: The done days of one kind.
        today: The current ritual day.
        mode: ``"kind"`` or ``"strict"``.

    Returns:
        The number of forgiven missed days in the current run.

    Raises:
        ValueError: If ``mode`` is not a known streak mode.
    """
    max_step = _check_mode(mode)
    if max_step == 1:
        return 0
    t = today.toordinal()
    days = sorted([d.toordinal() for d in done if d <= today])
    if not days or t - days[-1] > max_step:
        return 0
    # Yesterday is the forgiven trailing miss when the run ends the day before yesterday.
    forgiven = 1 if days[-1] == t - 2 else 0
    i = len(days) - 1
    while i > 0 and days[i] - days[i - 1] <= max_step:
        forgiven += days[i] - days[i - 1] - 1
        i -= 1
    return forgiven


def streak_sentence(
    fig_by_kind: Mapping[str, StreakFigures],
    mode: StreakMode = "kind",
    *,
    kind: str | None = None,
    forgiven: Mapping[str, int] | None = None,
) -> str:
    """Phrases a streak kindly, for the home screen and the evening close.

    Never scolds: with no current run it simply offers a fresh start.

    Examples: "12 mornings in a row, counting the one you let slide.",
    "5 evenings in a row. Your best run so far.", "1 morning so far, and it counts.",
    "A fresh start today."

    Args:
        fig_by_kind: Figures per kind (see ``all_figures``).
        mode: The streak mode in use; forgiven days are only mentioned in kind mode.
        kind: The kind to talk about (e.g. ``"evening"`` on the evening close). When None,
            the kind with the longest current run is used (ties go to ``KINDS`` order).
        forgiven: Forgiven misses per kind (see ``forgiven_misses``); when given, the
            sentence mentions the days let slide.

    Returns:
        One sentence, ending with a full stop.
    """
    if kind is None:
        ordered = [k for k in KINDS if k in fig_by_kind]
        ordered += [k for k in fig_by_kind if k not in KINDS]
        if not ordered:
            return "A fresh start today."
        kind = max(ordered, key=lambda k: fig_by_kind[k].current)  # max keeps the first tie
    fig = fig_by_kind.get(kind)
    if fig is None or fig.current <= 0:
        return "A fresh start today."
    singular, plural = _NOUNS.get(kind, ("day", "days"))
    n = fig.current
    if n == 1:
        return f"1 {singular} so far, and it counts."
    sentence = f"{n} {plural} in a row"
    slid = forgiven.get(kind, 0) if forgiven is not None and mode == "kind" else 0
    if slid == 1:
        sentence += ", counting the one you let slide."
    elif slid > 1:
        sentence += ", counting the days you let slide."
    else:
        sentence += "."
    if n >= 3 and n >= fig.longest:
        sentence += " Your best run so far."
    return sentence
