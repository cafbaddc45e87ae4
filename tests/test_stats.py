"""Tests for ritual.stats on small hand-built journals and one generated 10-year journal."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from ritual.stats import (
    ChildLedger,
    ChildNote,
    Heatmap,
    child_ledger,
    day_entries,
    guilt_by_week,
    heatmap,
    human_ago,
    on_this_day,
    sparkline,
    values_trend,
)

TODAY = date(2024, 5, 22)  # a Wednesday


def d(s: str) -> date:
    """Parses an ISO day."""
    return date.fromisoformat(s)


def morning(day: str, **extra: Any) -> dict[str, Any]:
    """Builds a morning entry."""
    return {"id": f"m-{day}", "kind": "morning", "day": day, **extra}


def evening(day: str, *conns: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Builds an evening entry with the given connections."""
    return {"id": f"e-{day}", "kind": "evening", "day": day, "connections": list(conns), **extra}


def conn(
    child: str, activity: str, status: str, note: str = "", feeling: Any = None
) -> dict[str, Any]:
    """Builds an evening connection."""
    return {
        "child": child,
        "activity": activity,
        "status": status,
        "note": note,
        "feeling": feeling,
    }


# --------------------------------------------------------------------------------------
# heatmap
# --------------------------------------------------------------------------------------


def test_heatmap_small_grid() -> None:
    entries = [
        morning("2024-05-13"),  # Monday of the first column
        morning("2024-05-20"),
        evening("2024-05-20"),
        evening("2024-05-21", late=True),
        morning("2024-05-22"),
        morning("2024-05-23"),  # after today: ignored
        morning("2024-05-12"),  # before the grid: ignored
        {"kind": "evening"},
        {"kind": "morning", "day": "garbage"},
    ]
    hm = heatmap(entries, TODAY, weeks=2)
    assert isinstance(hm, Heatmap)
    assert len(hm.rows) == 7
    assert all(len(row) == 2 for row in hm.rows)
    assert hm.week_starts == [d("2024-05-13"), d("2024-05-20")]
    states = {c.day: (c.state, c.late, c.future) for row in hm.rows for c in row}
    assert states[d("2024-05-13")] == ("morning", False, False)
    assert states[d("2024-05-14")] == ("none", False, False)
    assert states[d("2024-05-20")] == ("both", False, False)
    assert states[d("2024-05-21")] == ("evening", True, False)
    assert states[d("2024-05-22")] == ("morning", False, False)
    assert states[d("2024-05-23")] == ("none", False, True)
    assert states[d("2024-05-26")] == ("none", False, True)
    # Row = weekday, column = week.
    assert hm.rows[2][1].day == TODAY
    assert hm.rows[0][0].day == d("2024-05-13")
    assert hm.rows[6][1].day == d("2024-05-26")
    assert hm.month_labels == [(0, "May")]


def test_heatmap_year_shape_and_month_labels() -> None:
    hm = heatmap([morning("2023-06-01"), evening("2024-01-01")], TODAY)
    assert len(hm.rows) == 7
    assert all(len(row) == 53 for row in hm.rows)
    assert hm.week_starts[-1] == d("2024-05-20")
    assert hm.week_starts[0] == d("2023-05-22")
    cols = {label: col for col, label in hm.month_labels}
    # June 1st 2023 was a Thursday in the week of 2023-05-29 (column 1).
    assert hm.rows[3][1].day == d("2023-06-01")
    assert hm.rows[3][1].state == "morning"
    assert cols["Jun"] == 1
    assert hm.rows[0][32].day == d("2024-01-01")
    assert hm.rows[0][32].state == "evening"
    assert cols["Jan"] == 32
    assert [label for _, label in hm.month_labels] == [
        "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May",
    ]  # fmt: skip
    columns = [col for col, _ in hm.month_labels]
    assert columns == sorted(columns)


def test_heatmap_first_column_label_when_room() -> None:
    # Grid from Monday 2024-06-03: July 1st is in column 4, so column 0 gets "Jun".
    hm = heatmap([], d("2024-07-24"), weeks=8)
    assert hm.week_starts[0] == d("2024-06-03")
    assert hm.month_labels == [(0, "Jun"), (4, "Jul")]
    # Grid from Monday 2024-06-17: July 1st is in column 2, too close for a "Jun" label.
    assert heatmap([], d("2024-07-10"), weeks=4).month_labels == [(2, "Jul")]


def test_heatmap_rejects_zero_weeks() -> None:
    with pytest.raises(ValueError):
        heatmap([], TODAY, weeks=0)


# --------------------------------------------------------------------------------------
# child_ledger
# --------------------------------------------------------------------------------------


def _child_journal() -> list[dict[str, Any]]:
    return [
        evening("2023-12-30", conn("c1", "Lego", "done", "built a castle", 5)),
        evening("2024-04-02", conn("c1", "lego ", "partly"), conn("c2", "Swim", "done", "c2 note")),
        evening("2024-05-03", conn("c1", "Reading", "done", "dragon book", 4)),
        evening("2024-05-10", conn("c1", "Reading", "missed", "too tired tonight")),
        evening(
            "2024-05-19",
            conn("c1", "Walk", "done", "  puddles  ", True),
            conn("c1", "LEGO", "done", ""),
        ),
        evening("2024-05-25", conn("c1", "Future", "done", "not yet")),  # after today
        morning("2024-05-21", connections=[{"child": "c1", "activity": "Plan", "when": "7pm"}]),
        evening("2024-05-21", conn("c1", "Bath", "missed")),
        {"kind": "evening", "day": "2024-05-20", "connections": None},
        {"kind": "evening", "connections": [conn("c1", "No day", "done")]},
        evening("2024-05-18", "junk", {"activity": "no child", "status": "done"}),  # type: ignore[arg-type]
    ]


def test_child_ledger() -> None:
    ledger = child_ledger(_child_journal(), "c1", TODAY)
    assert isinstance(ledger, ChildLedger)
    assert ledger.child_id == "c1"
    assert ledger.last_moment == d("2024-05-19")
    assert ledger.last_moment_human == "3 days ago"
    assert ledger.moments_this_month == 3  # 05-03 reading, 05-19 walk + lego
    assert ledger.moments_this_year == 4  # + 04-02 lego (partly)
    assert ledger.moments_total == 5  # + 2023-12-30 lego
    # Lego x3 (shown with the latest spelling), then Reading (05-03) and Walk (05-19)
    # at 1 each: the most recent first.
    assert ledger.favourites == [("LEGO", 3), ("Walk", 1), ("Reading", 1)]
    assert ledger.notes == [
        ChildNote(d("2024-05-19"), "Walk", "done", "puddles", None),
        ChildNote(d("2024-05-10"), "Reading", "missed", "too tired tonight", None),
        ChildNote(d("2024-05-03"), "Reading", "done", "dragon book", 4),
        ChildNote(d("2023-12-30"), "Lego", "done", "built a castle", 5),
    ]
    assert len(child_ledger(_child_journal(), "c1", TODAY, notes=2).notes) == 2


def test_child_ledger_other_child_and_empty() -> None:
    c2 = child_ledger(_child_journal(), "c2", TODAY)
    assert (c2.moments_total, c2.moments_this_month, c2.moments_this_year) == (1, 0, 1)
    assert c2.last_moment_human == "1 month ago"
    assert c2.favourites == [("Swim", 1)]
    assert [n.note for n in c2.notes] == ["c2 note"]
    nobody = child_ledger(_child_journal(), "c9", TODAY)
    assert nobody == ChildLedger("c9", None, None, 0, 0, 0, [], [])


def test_child_ledger_moment_today() -> None:
    ledger = child_ledger([evening("2024-05-22", conn("c1", "Tea", "partly"))], "c1", TODAY)
    assert ledger.last_moment_human == "today"


def test_human_ago() -> None:
    assert human_ago(TODAY, TODAY) == "today"
    assert human_ago(d("2024-05-21"), TODAY) == "yesterday"
    assert human_ago(d("2024-05-19"), TODAY) == "3 days ago"
    assert human_ago(d("2024-05-08"), TODAY) == "2 weeks ago"
    assert human_ago(d("2023-05-22"), TODAY) == "1 year ago"
    assert human_ago(d("2024-05-25"), TODAY) == "in 3 days"


# --------------------------------------------------------------------------------------
# values_trend / sparkline
# --------------------------------------------------------------------------------------


def test_values_trend() -> None:
    entries = [
        morning("2024-05-06", values={"family": 2, "health": 5}),  # week 0
        morning("2024-05-08", values={"family": 4, "health": None}),  # week 0
        morning("2024-05-20", values={"family": 5, "rest": 1}),  # week 2
        morning("2024-05-21", values={"family": 0, "health": 6}),  # out of range: ignored
        morning("2024-05-22", values={"family": True, "health": "4"}),  # wrong types
        morning("2024-05-23", values={"family": 1}),  # after today
        morning("2024-04-29", values={"family": 1}),  # before the window
        morning("2024-05-14", values=None),
        morning("2024-05-15"),
        evening("2024-05-14", values={"family": 1}),  # evenings are not read
    ]
    trend = values_trend(entries, ["family", "health", "custom text"], TODAY, weeks=3)
    assert list(trend) == ["family", "health", "custom text"]
    assert trend["family"] == [3.0, None, 5.0]
    assert trend["health"] == [5.0, None, None]
    assert trend["custom text"] == [None, None, None]


def test_sparkline() -> None:
    assert sparkline([1, 2, 3, 4, 5, None]) == "▁▃▅▆█·"
    assert sparkline([None, 3.0], gap=" ") == " ▅"
    assert sparkline([0, 9]) == "▁█"  # clamped
    assert sparkline([]) == ""
    assert sparkline([0, 50, 100], lo=0, hi=100) == "▁▅█"
    with pytest.raises(ValueError):
        sparkline([1], lo=2, hi=2)


def test_values_trend_feeds_sparkline() -> None:
    entries = [morning("2024-05-20", values={"family": 5})]
    assert sparkline(values_trend(entries, ["family"], TODAY, weeks=4)["family"]) == "···█"


# --------------------------------------------------------------------------------------
# guilt_by_week
# --------------------------------------------------------------------------------------


def test_guilt_by_week() -> None:
    c = {"text": "missed recital", "kind": "conflict", "value": "family"}
    s = {"text": "should cook", "kind": "should", "whose_rule": "mum"}
    entries = [
        morning("2024-05-06", guilt=[c, s, s]),
        evening("2024-05-12", guilt=[c, {**s, "kind_words": "you are enough"}]),
        evening("2024-05-20", guilt=[c]),
        morning("2024-05-22", guilt=[s, "junk", {"kind": "other"}]),
        morning("2024-05-23", guilt=[c]),  # after today
        morning("2024-04-01", guilt=[c]),  # before the window
        morning("2024-05-21", guilt=None),
    ]
    assert guilt_by_week(entries, TODAY, weeks=3) == [
        (d("2024-05-06"), 2, 3),
        (d("2024-05-13"), 0, 0),
        (d("2024-05-20"), 1, 1),
    ]
    assert len(guilt_by_week([], TODAY)) == 12


# --------------------------------------------------------------------------------------
# on_this_day / day_entries
# --------------------------------------------------------------------------------------


def test_on_this_day_31st_skips_short_months() -> None:
    today = d("2024-03-31")
    entries = [
        morning("2023-03-31"),
        evening("2024-01-31"),
        morning("2024-01-31"),
        morning("2023-12-31"),
        morning("2024-02-29"),  # February has no 31st: nothing from it
        morning("2024-03-30"),
        morning("2024-03-31"),  # today itself is not "on this day"
        morning("2024-05-31"),  # future
        {"kind": "morning"},
    ]
    found = on_this_day(entries, today)
    assert [(e["day"], e["kind"]) for e in found] == [
        ("2024-01-31", "morning"),
        ("2024-01-31", "evening"),
        ("2023-12-31", "morning"),
        ("2023-03-31", "morning"),
    ]
    assert found[0] is entries[2]  # the entries themselves, not copies


def test_on_this_day_same_date_in_earlier_years() -> None:
    entries = [morning("2020-02-29"), morning("2023-02-28"), morning("2024-01-29")]
    assert [e["day"] for e in on_this_day(entries, d("2024-02-29"))] == [
        "2024-01-29",
        "2020-02-29",
    ]
    assert on_this_day([], TODAY) == []


def test_day_entries() -> None:
    m = morning("2024-05-20", saved_at="2024-05-20T06:00:00+00:00")
    m_later = morning("2024-05-20", saved_at="2024-05-20T07:00:00+00:00")
    e = evening("2024-05-20", late=True)
    other = morning("2024-05-21")
    assert day_entries([m, e, other], d("2024-05-20")) == (m, e)
    assert day_entries([m_later, m, e], d("2024-05-20"))[0] is m_later
    assert day_entries([m, other], d("2024-05-20")) == (m, None)
    assert day_entries([], d("2024-05-20")) == (None, None)


# --------------------------------------------------------------------------------------
# A generated 10-year journal: shapes only.
# --------------------------------------------------------------------------------------


def ten_years(today: date, seed: int = 7) -> list[dict[str, Any]]:
    """Generates ~7,300 entries: a morning and an evening most days for 10 years."""
    rng = random.Random(seed)
    values = ["family", "health", "work", "rest"]
    entries: list[dict[str, Any]] = []
    for n in range(3650, -1, -1):
        day = (today - timedelta(days=n)).isoformat()
        if rng.random() < 0.92:
            entries.append(
                morning(
                    day,
                    mood=rng.randint(1, 5),
                    values={v: rng.randint(1, 5) for v in values if rng.random() < 0.8},
                    guilt=[{"text": "x", "kind": rng.choice(["conflict", "should"])}]
                    * rng.randint(0, 2),
                    plan=["a", "b"],
                )
            )
        if rng.random() < 0.9:
            conns = [
                conn(
                    child,
                    rng.choice(["Lego", "Reading", "Walk", "Bath", "Chess"]),
                    rng.choice(["done", "partly", "missed"]),
                    rng.choice(["", "", "lovely", "tired"]),
                    rng.randint(1, 5),
                )
                for child in ("c1", "c2")
                if rng.random() < 0.7
            ]
            entries.append(evening(day, *conns, late=rng.random() < 0.1, guilt=[]))
    return entries


def test_ten_year_journal_shapes() -> None:
    today = date(2034, 6, 15)
    entries = ten_years(today)
    assert len(entries) > 6500

    hm = heatmap(entries, today)
    assert len(hm.rows) == 7 and all(len(r) == 53 for r in hm.rows)
    assert len(hm.week_starts) == 53
    assert 12 <= len(hm.month_labels) <= 13
    assert all(c.state == "none" for r in hm.rows for c in r if c.future)
    assert sum(c.state == "both" for r in hm.rows for c in r) > 200

    for child in ("c1", "c2"):
        ledger = child_ledger(entries, child, today)
        assert ledger.last_moment is not None and ledger.last_moment <= today
        assert ledger.moments_this_month <= ledger.moments_this_year <= ledger.moments_total
        assert len(ledger.favourites) == 3
        assert len(ledger.notes) == 5
        assert [n.day for n in ledger.notes] == sorted((n.day for n in ledger.notes), reverse=True)

    trend = values_trend(entries, ["family", "health", "work", "rest", "custom"], today)
    assert all(len(series) == 12 for series in trend.values())
    assert all(v is not None and 1 <= v <= 5 for v in trend["family"])
    assert trend["custom"] == [None] * 12
    assert len(sparkline(trend["family"])) == 12

    guilt = guilt_by_week(entries, today)
    assert len(guilt) == 12
    assert [w for w, _, _ in guilt] == [
        today - timedelta(days=today.weekday(), weeks=11 - i) for i in range(12)
    ]

    otd = on_this_day(entries, today)
    assert 150 < len(otd) <= 2 * 119
    assert all(date.fromisoformat(e["day"]).day == 15 for e in otd)

    m, e = day_entries(entries, today - timedelta(days=3))
    assert m is None or m["kind"] == "morning"
    assert e is None or e["kind"] == "evening"
