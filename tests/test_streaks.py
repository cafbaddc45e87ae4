"""Tests for ritual.streaks: unit edges plus a brute-force reference checked by hypothesis."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ritual.streaks import (
    KINDS,
    StreakFigures,
    all_figures,
    as_mode,
    done_days,
    figures,
    first_day,
    forgiven_misses,
    streak_sentence,
)

if TYPE_CHECKING:
    from ritual.streaks import StreakMode

T = date(2024, 5, 20)


def ago(n: int) -> date:
    """Returns the day ``n`` days before T (negative: after T)."""
    return T - timedelta(days=n)


def days(*ns: int) -> set[date]:
    """Returns the set of days ``n`` days before T."""
    return {ago(n) for n in ns}


def morning(day: date, **extra: Any) -> dict[str, Any]:
    """Builds a minimal morning entry."""
    return {"id": f"m-{day}", "kind": "morning", "day": day.isoformat(), **extra}


def evening(day: date, *statuses: str, **extra: Any) -> dict[str, Any]:
    """Builds a minimal evening entry with one connection per status."""
    conns = [{"child": "c1", "activity": "read", "status": s} for s in statuses]
    return {
        "id": f"e-{day}",
        "kind": "evening",
        "day": day.isoformat(),
        "connections": conns,
        **extra,
    }


# --------------------------------------------------------------------------------------
# Reference implementation: deliberately literal, day by day, no cleverness.
# --------------------------------------------------------------------------------------


def ref_walk(done: set[date], start: date, mode: str) -> tuple[int, int]:
    """Walks back one day at a time from a done ``start``; returns (counted, forgiven).

    Kind mode stops at the second missed day in a row, strict mode at the first. A miss
    only counts as forgiven when a done day follows it further back (it is *between*).
    """
    allowed_misses = 1 if mode == "kind" else 0
    earliest = min(done)
    counted = 0
    forgiven = 0
    misses_in_a_row = 0
    day = start
    while day >= earliest:
        if day in done:
            counted += 1
            forgiven += misses_in_a_row
            misses_in_a_row = 0
        else:
            misses_in_a_row += 1
            if misses_in_a_row > allowed_misses:
                break
        day -= timedelta(days=1)
    return counted, forgiven


def ref_figures(
    done_all: set[date], today: date, mode: str, first: date | None
) -> tuple[StreakFigures, int]:
    """Figures and forgiven misses, computed the slow and obvious way."""
    done = {d for d in done_all if d <= today}
    one = timedelta(days=1)
    # Current: where does the walk start?
    start: date | None
    trailing_forgiven = 0
    if today in done:
        start = today
    elif today - one in done:
        start = today - one
    elif mode == "kind" and today - 2 * one in done:
        start = today - 2 * one  # yesterday is the one forgiven miss
        trailing_forgiven = 1
    else:
        start = None
    if start is None:
        current, forgiven = 0, 0
    else:
        current, forgiven = ref_walk(done, start, mode)
        forgiven += trailing_forgiven
    if mode == "strict":
        forgiven = 0
    # Longest: try every done day as the end of a run.
    longest = max((ref_walk(done, d, mode)[0] for d in done), default=0)
    # Consistency: count day by day.
    end = today if today in done else today - one
    if first is None:
        first = min(done) if done else None
    window: list[date] = []
    day = end
    while len(window) < 30 and first is not None and day >= first:
        window.append(day)
        day -= one
    consistency = 100 * sum(1 for d in window if d in done) // len(window) if window else 0
    return StreakFigures(current, longest, consistency), forgiven


# --------------------------------------------------------------------------------------
# done_days / first_day
# --------------------------------------------------------------------------------------


def test_empty_journal() -> None:
    done = done_days([])
    assert done == {"morning": set(), "evening": set(), "connection": set()}
    assert first_day([]) is None
    figs = all_figures(done, T, "kind", None)
    assert list(figs) == list(KINDS)
    assert all(f == StreakFigures(0, 0, 0) for f in figs.values())
    assert streak_sentence(figs) == "A fresh start today."


def test_done_days_rules() -> None:
    entries: list[dict[str, Any]] = [
        morning(ago(0)),
        evening(ago(1), "missed", late=True),  # late evenings count for their own day
        evening(ago(2), "missed", "partly"),
        evening(ago(3), "done"),
        evening(ago(4)),  # no connections at all
        {"kind": "evening", "day": ago(5).isoformat(), "connections": None},
        {"kind": "evening", "day": ago(6).isoformat(), "connections": ["junk", {"x": 1}]},
        {"kind": "morning"},  # skipped step: no day
        {"kind": "morning", "day": "not-a-date"},
        {"kind": "note", "day": ago(9).isoformat()},  # unknown kind
        {"day": ago(10).isoformat()},
    ]
    done = done_days(entries)
    assert done["morning"] == days(0)
    assert done["evening"] == days(1, 2, 3, 4, 5, 6)
    assert done["connection"] == days(2, 3)
    assert first_day(entries) == ago(10)  # any entry of any kind


def test_morning_connections_do_not_count() -> None:
    entry = morning(T, connections=[{"child": "c1", "activity": "read", "status": "done"}])
    assert done_days([entry])["connection"] == set()


# --------------------------------------------------------------------------------------
# figures: edges
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["kind", "strict"])
def test_one_day_today(mode: StreakMode) -> None:
    assert figures(days(0), T, mode, T) == StreakFigures(1, 1, 100)


@pytest.mark.parametrize("mode", ["kind", "strict"])
def test_one_day_yesterday_today_not_done(mode: StreakMode) -> None:
    # Today not yet done is held against no one: current 1, consistency over [T-1].
    assert figures(days(1), T, mode, ago(1)) == StreakFigures(1, 1, 100)


def test_gap_of_one_is_forgiven_in_kind_mode_only() -> None:
    done = days(0, 2, 3)
    assert figures(done, T, "kind", ago(3)) == StreakFigures(3, 3, 75)
    assert figures(done, T, "strict", ago(3)) == StreakFigures(1, 2, 75)
    assert forgiven_misses(done, T, "kind") == 1
    assert forgiven_misses(done, T, "strict") == 0


def test_gap_of_two_breaks_the_run() -> None:
    done = days(0, 3, 4)
    assert figures(done, T, "kind", ago(4)) == StreakFigures(1, 2, 60)
    assert figures(done, T, "strict", ago(4)) == StreakFigures(1, 2, 60)


def test_today_not_done_walk_starts_yesterday() -> None:
    done = days(1, 2, 3)
    assert figures(done, T, "kind", ago(3)).current == 3
    assert figures(done, T, "strict", ago(3)).current == 3


def test_today_and_yesterday_missed_kind_forgives_yesterday() -> None:
    # T not done, T-1 missed: T-1 is the one forgiven miss, the walk starts at T-2.
    done = days(2, 3)
    assert figures(done, T, "kind", ago(3)).current == 2
    assert forgiven_misses(done, T, "kind") == 1
    # Strict: T-1 missed ends it.
    assert figures(done, T, "strict", ago(3)).current == 0
    # Consistency window ends at T-1 (missed): 2 done of 3 days.
    assert figures(done, T, "kind", ago(3)).consistency_30d == 66


def test_forgiven_trailing_and_inner_misses() -> None:
    # Done {T-4, T-2}: T-1 forgiven (trailing), T-3 forgiven (between T-2 and T-4).
    done = days(2, 4)
    assert figures(done, T, "kind", ago(4)).current == 2
    assert forgiven_misses(done, T, "kind") == 2


def test_two_trailing_misses_end_the_run() -> None:
    # Done {T-3} only: the walk would start at T-2, which is missed too: current 0.
    done = days(3)
    assert figures(done, T, "kind", ago(3)) == StreakFigures(0, 1, 33)
    assert forgiven_misses(done, T, "kind") == 0


def test_leading_miss_is_not_between() -> None:
    # A miss before the first done day adds nothing and forgives nothing.
    done = days(0, 1)
    assert figures(done, T, "kind", ago(5)).current == 2
    assert forgiven_misses(done, T, "kind") == 0


def test_today_done_after_yesterday_missed_joins_the_run() -> None:
    done = days(0, 2, 3, 4)
    assert figures(done, T, "kind", ago(4)).current == 4
    assert figures(done, T, "strict", ago(4)).current == 1


def test_mode_switch_same_history() -> None:
    done = days(0, 1, 3, 4, 6, 7, 8)
    kind = figures(done, T, "kind", ago(8))
    strict = figures(done, T, "strict", ago(8))
    assert kind == StreakFigures(7, 7, 77)
    assert strict == StreakFigures(2, 3, 77)


def test_longest_in_the_middle_of_history() -> None:
    run = set(range(40, 60))  # 20 days in a row, long ago
    done = days(*run, 10, 11, 1)
    fig = figures(done, T, "kind", ago(59))
    assert fig.longest == 20
    assert fig.current == 1
    assert figures(done, T, "strict", ago(59)).longest == 20


def test_consistency_thirty_day_window() -> None:
    done = days(*range(0, 40)) - days(5, 17, 29)
    assert figures(done, T, "kind", ago(39)).consistency_30d == 90  # 27 / 30
    # Day 30 (outside the window) missing changes nothing.
    assert figures(done - days(30), T, "kind", ago(39)).consistency_30d == 90


def test_consistency_window_ends_yesterday_when_today_not_done() -> None:
    done = days(*range(1, 31))  # T-1 .. T-30, all done; today not yet
    assert figures(done, T, "strict", ago(30)).consistency_30d == 100
    done_today = days(*range(0, 30))
    assert figures(done_today, T, "strict", ago(30)).consistency_30d == 100


def test_consistency_first_day_limit() -> None:
    # First ritual day T-3: the window is 4 days long, 2 done.
    assert figures(days(0, 2), T, "kind", ago(3)).consistency_30d == 50
    # Without the limit the same history would read 2/30.
    assert figures(days(0, 2), T, "kind", ago(100)).consistency_30d == 6


def test_consistency_first_day_after_window_end_is_zero() -> None:
    # First ritual day is today and today is not done for this kind: empty window.
    assert figures(set(), T, "kind", T) == StreakFigures(0, 0, 0)
    assert figures(days(1), T, "kind", ago(-1)).consistency_30d == 0


def test_consistency_without_first_day_uses_earliest_done_day() -> None:
    assert figures(days(0, 1, 2), T, "kind", None).consistency_30d == 100


def test_new_user_three_perfect_days() -> None:
    entries: list[dict[str, Any]] = []
    for n in (0, 1, 2):
        entries += [morning(ago(n)), evening(ago(n), "done")]
    figs = all_figures(done_days(entries), T, "kind", first_day(entries))
    assert figs == {kind: StreakFigures(3, 3, 100) for kind in KINDS}


def test_new_user_three_perfect_days_today_evening_pending() -> None:
    entries: list[dict[str, Any]] = [morning(ago(0))]
    for n in (1, 2):
        entries += [morning(ago(n)), evening(ago(n), "done")]
    figs = all_figures(done_days(entries), T, "strict", first_day(entries))
    assert figs["morning"] == StreakFigures(3, 3, 100)
    assert figs["evening"] == StreakFigures(2, 2, 100)
    assert figs["connection"] == StreakFigures(2, 2, 100)


def test_entries_after_today_are_ignored() -> None:
    done = days(-3, -2, -1, 1, 2)
    assert figures(done, T, "kind", ago(2)) == StreakFigures(2, 2, 100)
    assert figures(days(-2, -1), T, "kind", ago(-2)) == StreakFigures(0, 0, 0)


def test_all_figures_missing_kind_counts_as_never_done() -> None:
    figs = all_figures({"morning": days(0)}, T, "kind", T)
    assert figs["morning"] == StreakFigures(1, 1, 100)
    assert figs["evening"] == StreakFigures(0, 0, 0)


def test_as_mode_defaults_to_kind() -> None:
    assert as_mode("strict") == "strict"
    assert as_mode("kind") == "kind"
    assert as_mode(None) == "kind"
    assert as_mode("STRICT") == "kind"


def test_unknown_mode_raises() -> None:
    with pytest.raises(ValueError, match="streak mode"):
        figures(days(0), T, "lenient", T)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# streak_sentence
# --------------------------------------------------------------------------------------

SCOLDING = ("miss", "broke", "lost", "fail", "only", "should", "again")


def test_sentence_examples() -> None:
    figs = {
        "morning": StreakFigures(12, 20, 80),
        "evening": StreakFigures(4, 9, 60),
        "connection": StreakFigures(0, 3, 10),
    }
    assert streak_sentence(figs) == "12 mornings in a row."
    assert (
        streak_sentence(figs, forgiven={"morning": 1})
        == "12 mornings in a row, counting the one you let slide."
    )
    assert (
        streak_sentence(figs, forgiven={"morning": 3})
        == "12 mornings in a row, counting the days you let slide."
    )
    assert streak_sentence(figs, "strict", forgiven={"morning": 1}) == "12 mornings in a row."
    assert streak_sentence(figs, kind="evening") == "4 evenings in a row."
    assert streak_sentence(figs, kind="connection") == "A fresh start today."


def test_sentence_best_run_and_first_day() -> None:
    assert streak_sentence({"evening": StreakFigures(5, 5, 100)}) == (
        "5 evenings in a row. Your best run so far."
    )
    assert streak_sentence({"connection": StreakFigures(1, 4, 30)}) == (
        "1 day of connection so far, and it counts."
    )
    assert streak_sentence({"connection": StreakFigures(2, 4, 30)}) == (
        "2 days of connection in a row."
    )


def test_sentence_picks_longest_current_ties_in_kinds_order() -> None:
    figs = {
        "connection": StreakFigures(3, 3, 100),
        "evening": StreakFigures(3, 3, 100),
        "morning": StreakFigures(2, 3, 100),
    }
    assert streak_sentence(figs).startswith("3 evenings")
    assert streak_sentence({}) == "A fresh start today."


@given(
    current=st.integers(0, 5000),
    extra=st.integers(0, 100),
    slid=st.integers(0, 50),
    mode=st.sampled_from(["kind", "strict"]),
    kind=st.sampled_from([*KINDS, None]),
)
def test_sentence_is_never_scolding(
    current: int, extra: int, slid: int, mode: StreakMode, kind: str | None
) -> None:
    fig = StreakFigures(current, current + extra, 50)
    figs = {k: fig for k in KINDS}
    text = streak_sentence(figs, mode, kind=kind, forgiven={k: slid for k in KINDS})
    assert text.endswith(".")
    assert not any(word in text.lower() for word in SCOLDING)


# --------------------------------------------------------------------------------------
# Property: the one-pass implementation matches the reference on random histories.
# --------------------------------------------------------------------------------------

BASE = date(2023, 1, 1)


def _entries_from(mornings: Iterable[int], evenings: dict[int, list[str]]) -> list[dict[str, Any]]:
    entries = [morning(BASE + timedelta(days=o)) for o in mornings]
    entries += [evening(BASE + timedelta(days=o), *sts) for o, sts in evenings.items()]
    return entries


@settings(max_examples=400, deadline=None)
@given(
    mornings=st.sets(st.integers(0, 120)),
    evenings=st.dictionaries(
        st.integers(0, 120), st.lists(st.sampled_from(["done", "partly", "missed"]), max_size=3)
    ),
    t=st.integers(-5, 130),
    mode=st.sampled_from(["kind", "strict"]),
)
def test_matches_reference(
    mornings: set[int], evenings: dict[int, list[str]], t: int, mode: StreakMode
) -> None:
    entries = _entries_from(mornings, evenings)
    today = BASE + timedelta(days=t)
    done = done_days(entries)
    first = first_day(entries)
    # done_days against the obvious sets.
    assert done["morning"] == {BASE + timedelta(days=o) for o in mornings}
    assert done["evening"] == {BASE + timedelta(days=o) for o in evenings}
    assert done["connection"] == {
        BASE + timedelta(days=o) for o, sts in evenings.items() if {"done", "partly"} & set(sts)
    }
    figs = all_figures(done, today, mode, first)
    for kind in KINDS:
        expected, expected_forgiven = ref_figures(done[kind], today, mode, first)
        assert figs[kind] == expected, kind
        assert forgiven_misses(done[kind], today, mode) == expected_forgiven, kind
        assert 0 <= figs[kind].current <= figs[kind].longest
        assert 0 <= figs[kind].consistency_30d <= 100


@settings(max_examples=200, deadline=None)
@given(offsets=st.sets(st.integers(0, 120)), t=st.integers(0, 130), first=st.integers(-10, 130))
def test_kind_mode_never_below_strict(offsets: set[int], t: int, first: int) -> None:
    done = {BASE + timedelta(days=o) for o in offsets}
    today = BASE + timedelta(days=t)
    first_d = BASE + timedelta(days=first)
    kind = figures(done, today, "kind", first_d)
    strict = figures(done, today, "strict", first_d)
    assert kind.current >= strict.current
    assert kind.longest >= strict.longest
    assert kind.consistency_30d == strict.consistency_30d
    assert kind == ref_figures(done, today, "kind", first_d)[0]
    assert strict == ref_figures(done, today, "strict", first_d)[0]


def test_ten_years_of_history() -> None:
    today = date(2034, 1, 1)
    done = {today - timedelta(days=n) for n in range(3650) if n % 7 != 3}
    fig = figures(done, today, "kind", today - timedelta(days=3649))
    assert fig.current == len(done) == fig.longest
    assert figures(done, today, "strict", None).current == 3
