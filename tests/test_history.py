"""History through the real app and real key presses: empty, one week and ten years of entries."""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from ritual import stats
from ritual.journal import Journal
from ritual.models import Profile
from ritual.today import streak_figures
from screens.day_view import DateJumpScreen, DayViewScreen
from screens.history import HistoryScreen, SectionBar, values_text
from screens.home import HomeScreen
from screens.widgets.heatmap import CalendarHeatmap, cell_char
from tests.pilot import synchronously

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 21)
NOW_TEXT = "2026-11-21T07:30:00Z"
SIZE = (80, 24)


def _load_fixture_module() -> Any:
    # bench/ is not a package; load the journal generator from its file.
    spec = importlib.util.spec_from_file_location(
        "bench_journal_fixture", ROOT / "bench" / "journal_fixture.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def ten_years() -> list[dict[str, Any]]:
    """Ten years of generated entries (fixed seed), built once for the whole run."""
    entries: list[dict[str, Any]] = _load_fixture_module().build_entries(years=10, seed=0)
    return entries


# ---- hand-built entries -------------------------------------------------------------------------


def morning(day: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"m-{day}",
        "kind": "morning",
        "day": day,
        "started_at": f"{day}T06:00:00Z",
        "finished_at": f"{day}T06:04:10Z",
        "saved_at": f"{day}T06:04:10Z",
        "tz": "Europe/Berlin",
        "duration_s": 250,
        "mood": 4,
        "intention": f"Be here for bedtime ({day})",
        "values": {"family": 5, "health": 3, "craft": 2},
        "guilt": [],
        "plan": ["Pay the bill"],
        "connections": [
            {"child": "c1", "activity": "Kitchen dance", "when": "dinner", "minutes": 15},
            {"child": "c2", "activity": "Reading together", "when": "bedtime", "minutes": 15},
        ],
        **extra,
    }


def evening(day: str, mia: str = "done", **extra: Any) -> dict[str, Any]:
    return {
        "id": f"e-{day}",
        "kind": "evening",
        "day": day,
        "started_at": f"{day}T19:00:00Z",
        "finished_at": f"{day}T19:05:00Z",
        "saved_at": f"{day}T19:05:00Z",
        "tz": "Europe/Berlin",
        "duration_s": 300,
        "late": False,
        "connections": [
            {
                "child": "c1",
                "activity": "Kitchen dance",
                "status": mia,
                "note": f"Mia laughed a lot on {day}",
                "feeling": 5,
            },
            {"child": "c2", "activity": "Reading together", "status": "missed", "note": ""},
        ],
        "intention": f"Be here for bedtime ({day})",
        "intention_score": 4,
        "intention_note": "Mostly.",
        "guilt": [],
        "win": "Stayed calm at dinner",
        "tomorrow_note": "Start with the hard email",
        **extra,
    }


CONFLICT = {"text": "Worked through lunch", "kind": "conflict", "value": "health"}
CONFLICT["action"] = "A ten-minute walk"
SHOULD = {"text": "I should bake for the fair", "kind": "should", "whose_rule": "other parents"}


def one_week() -> list[dict[str, Any]]:
    """Sun 15 to Sat 21 November 2026: a missed morning on the 17th, a late evening on the 20th.

    The evening of the 19th names a child no longer in the profile ("c9").
    """
    entries = [
        morning("2026-11-15"),
        evening("2026-11-15"),
        morning("2026-11-16", guilt=[CONFLICT, SHOULD]),
        evening("2026-11-16", mia="partly"),
        evening("2026-11-17", mia="missed", guilt=[SHOULD]),
        morning("2026-11-18"),
        morning("2026-11-19"),
        evening("2026-11-19"),
        morning("2026-11-20"),
        evening("2026-11-20", late=True),
        morning("2026-11-21"),
    ]
    entries[7]["connections"].append(
        {"child": "c9", "activity": "Puzzle", "status": "done", "note": "The old puzzle again"}
    )
    return entries


def fill(journal: Journal, profile: Profile, entries: list[dict[str, Any]]) -> None:
    journal.save_profile(profile)
    if entries:
        journal.merge({"format": "ritual-journal", "version": 1, "entries": entries})


JOURNALS: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "empty": list,
    "one-week": one_week,
    "ten-years": ten_years,
}


# ---- reading the screen -------------------------------------------------------------------------


def screen_text(app: Any) -> str:
    """What the terminal shows right now, as plain text (one line per row)."""
    # The compositor holds the finished frame; reading it tests what a user would see.
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def open_history(pilot: Any) -> HistoryScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


STREAK_ROW = re.compile(r"(Morning|Evening|Connection)\s+(\d+)\s+(\d+)\s+(\d+)%")


def streak_numbers(text: str) -> dict[str, tuple[int, int, int]]:
    """{kind: (current, longest, 30-day %)} from a streak table's text."""
    return {
        m.group(1).lower(): (int(m.group(2)), int(m.group(3)), int(m.group(4)))
        for m in STREAK_ROW.finditer(text)
    }


def status_json(journal_path: Path) -> dict[str, Any]:
    """`ritual status --json` for the same journal, at the tests' fixed instant."""
    env = {**os.environ, "RITUAL_NOW": NOW_TEXT}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ritual",
            "--data-dir",
            str(journal_path.parent),
            "status",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


# ---- the streak numbers agree everywhere --------------------------------------------------------


@pytest.mark.parametrize("which", list(JOURNALS))
@synchronously
async def test_streak_numbers_agree_on_history_home_and_status(
    which: str, make_app: Any, journal: Journal, journal_path: Path, profile: Profile
) -> None:
    fill(journal, profile, JOURNALS[which]())
    entries = journal.entries()
    expected = {
        kind: (fig.current, fig.longest, fig.consistency_30d)
        for kind, fig in streak_figures(profile, entries, TODAY).items()
    }
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("2")
        await pilot.pause()
        on_history = streak_numbers(str(app.screen.query_one("#streak-table", Static).content))
        assert "current" in screen_text(app) and "longest" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        on_home = streak_numbers(str(app.screen.query_one("#home-side", Static).content))
    status = status_json(journal_path)["streaks"]
    from_status = {
        kind: (fig["current"], fig["longest"], fig["consistency_30d"])
        for kind, fig in status.items()
    }
    assert on_history == expected
    assert on_home == expected
    assert from_status == expected
    if which == "one-week":
        # Kind streaks: the missed morning of the 17th is forgiven, not counted.
        assert expected["morning"][0] == 6


@synchronously
async def test_streaks_hidden_entirely_when_the_profile_hides_them(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    profile.show_streaks = False
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert [pane for pane, _ in screen.sections] == [
            "calendar",
            "children",
            "values",
            "guilt",
            "on-this-day",
        ]
        seen = []
        for key in "123456":
            await pilot.press(key)
            await pilot.pause()
            seen.append(screen_text(app))
        everything = "\n".join(seen)
        assert "Streaks" not in everything
        assert "1-5 sections" in everything
        assert "in a row" not in everything
        assert "longest" not in everything
        assert not app.screen.query("#streak-table")
        # The sections move up a number: 2 is now the children.
        await pilot.press("2")
        await pilot.pause()
        assert "Mia, 7" in screen_text(app)


# ---- empty journal ------------------------------------------------------------------------------


@synchronously
async def test_empty_journal_has_kind_words_in_every_section(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, [])
    app = make_app(start="history")
    expected = {
        "1": "Nothing here yet: your first morning will fill in a day.",
        "2": "A fresh start today.",
        "3": "none yet: the evening debrief records them",
        "4": "No ratings in the last 12 weeks yet.",
        "5": "No guilt notes in the last 12 weeks.",
        "6": "Nothing written on the 21st of an earlier month yet.",
    }
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        for key, words in expected.items():
            await pilot.press(key)
            await pilot.pause()
            assert words in screen_text(app), (key, screen_text(app))
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DayViewScreen)
        assert "Nothing was written on this day." in screen_text(app)


# ---- the calendar -------------------------------------------------------------------------------


@synchronously
async def test_heatmap_cells_and_legend_use_distinct_characters(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        heatmap = app.screen.query_one(CalendarHeatmap)
        chars = {}
        for day in range(15, 22):
            cell = heatmap.cell(date(2026, 11, day))
            assert cell is not None
            chars[day] = cell_char(cell)
        assert chars == {15: "●", 16: "●", 17: "◑", 18: "◐", 19: "●", 20: "◉", 21: "◐"}
        assert heatmap.cell(date(2026, 11, 14)) is not None
        assert cell_char(heatmap.cell(date(2026, 11, 14))) == "·"  # type: ignore[arg-type]
        text = screen_text(app)
        for words in ("· nothing", "◐ morning only", "◑ evening only", "● both", "done late"):
            assert words in text
        assert "Last 12 months: 6 mornings, 5 evenings." in text


@synchronously
async def test_heatmap_cursor_moves_by_day_and_week_and_enter_opens_that_day(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        heatmap = app.screen.query_one(CalendarHeatmap)
        assert heatmap.has_focus
        assert heatmap.cursor == TODAY
        assert "▸ Sat 21 Nov 2026: morning ✓ · evening –" in screen_text(app)
        await pilot.press("right", "down")  # never past today
        assert heatmap.cursor == TODAY
        await pilot.press("up")
        assert heatmap.cursor == date(2026, 11, 20)
        await pilot.pause()
        assert "▸ Fri 20 Nov 2026: morning ✓ · evening ✓ (late)" in screen_text(app)
        await pilot.press("left")
        assert heatmap.cursor == date(2026, 11, 13)
        await pilot.press("right", "up", "up")
        assert heatmap.cursor == date(2026, 11, 18)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, DayViewScreen)
        assert view.day == date(2026, 11, 18)
        assert view.morning is not None and view.morning["id"] == "m-2026-11-18"
        assert view.evening is None
        text = screen_text(app)
        assert "Wednesday 18 November 2026" in text and "read-only" in text
        assert "Be here for bedtime (2026-11-18)" in text
        assert "☾ Evening: none that day." in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("home")
        assert heatmap.cursor == heatmap.first
        await pilot.press("end")
        assert heatmap.cursor == TODAY


@synchronously
async def test_day_view_shows_everything_of_the_day(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=(100, 80)) as pilot:
        await open_history(pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"2026-11-16", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DayViewScreen)
        text = screen_text(app)
    for words in (
        "Monday 16 November 2026",
        "☀ Morning",
        "took 4:10",
        "4 · good",
        "Be here for bedtime (2026-11-16)",
        "Family 5/5 (fully)",
        "“Worked through lunch” · a values conflict (Health)",
        "→ small action: A ten-minute walk",
        "“I should bake for the fair” · a “should”",
        "whose rule: other parents",
        "• Pay the bill",
        "Mia: Kitchen dance · dinner · 15 min",
        "Leo: Reading together · bedtime · 15 min",
        "☾ Evening",
        "Mia: Kitchen dance · ◐ partly · felt 5/5 (lovely)",
        "“Mia laughed a lot on 2026-11-16”",
        "Leo: Reading together · ○ not today",
        "reflected 4/5 (mostly)",
        "Stayed calm at dinner",
        "Start with the hard email",
    ):
        assert words in text, words


@synchronously
async def test_day_view_marks_a_late_evening_and_a_former_child(
    make_app: Any, journal: Journal, profile: Profile, library: Any
) -> None:
    fill(journal, profile, one_week())
    entries = journal.entries()
    late_morning, late_evening = stats.day_entries(entries, date(2026, 11, 20))
    _, with_former = stats.day_entries(entries, date(2026, 11, 19))
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        app.push_screen(DayViewScreen(profile, late_morning, late_evening, library))
        await pilot.pause()
        assert "done late, the next morning" in screen_text(app)
        await pilot.press("escape")
        app.push_screen(DayViewScreen(profile, None, with_former, library))
        await pilot.pause()
        text = screen_text(app)
        assert "a child no longer in your profile: Puzzle · ✓ done" in text
        assert "☀ Morning: none that day." in text


@synchronously
async def test_date_jump_opens_the_day_and_refuses_bad_dates(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, DateJumpScreen)
        await pilot.press(*"2026-13-01", "enter")
        await pilot.pause()
        assert "That is not a date" in screen_text(app)
        field = app.screen.query_one(Input)
        field.value = ""
        await pilot.press(*"2026-12-01", "enter")
        await pilot.pause()
        assert "That day has not come yet." in screen_text(app)
        field.value = ""
        await pilot.press(*"2026-11-19", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DayViewScreen)
        assert app.screen.day == date(2026, 11, 19)
        await pilot.press("escape")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.query_one(CalendarHeatmap).cursor == date(2026, 11, 19)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is history


@synchronously
async def test_mouse_clicks_pick_a_day_and_a_section(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        heatmap = screen.query_one(CalendarHeatmap)
        column = len(heatmap.grid.week_starts) - 1
        # Wednesday 18 November: the last column, third row (the month labels come first).
        await pilot.click(CalendarHeatmap, offset=(4 + column, 1 + 2))
        assert heatmap.cursor == date(2026, 11, 18)
        await pilot.click(CalendarHeatmap, offset=(4 + column, 1 + 2))
        await pilot.pause()
        assert isinstance(app.screen, DayViewScreen)
        await pilot.press("escape")
        await pilot.pause()
        bar = screen.query_one(SectionBar)
        x = bar.render().plain.index("3 Children")
        await pilot.click(SectionBar, offset=(1 + x, 0))
        await pilot.pause()
        assert bar.current == 2
        assert "Mia, 7" in screen_text(app)


# ---- the other sections -------------------------------------------------------------------------


@synchronously
async def test_children_ledger_shows_last_moment_counts_notes_and_a_former_child(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=(80, 60)) as pilot:
        await open_history(pilot)
        await pilot.press("3")
        await pilot.pause()
        text = screen_text(app)
    assert "Mia, 7" in text and "Leo, 3" in text
    assert "Fri 20 Nov 2026 (yesterday)" in text
    assert "4 this month · 4 this year · 4 in all" in text
    assert "Kitchen dance (4)" in text
    assert "“Mia laughed a lot on 2026-11-20”" in text
    assert "20 Nov 2026 · Kitchen dance · ✓ done" in text
    assert "A child no longer in your profile" in text
    assert "“The old puzzle again”" in text


@synchronously
async def test_values_have_a_sparkline_each(
    make_app: Any, journal: Journal, profile: Profile, library: Any
) -> None:
    fill(journal, profile, ten_years())
    trend = stats.values_trend(journal.entries(), profile.values, TODAY)
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("4")
        await pilot.pause()
        text = screen_text(app)
        shown = str(app.screen.query_one("#values-trend", Static).content)
    assert shown == values_text(trend, profile, library)
    for value in profile.values:
        name = library.value_name(value)
        line = next(line for line in text.splitlines() if line.strip().startswith(name))
        assert stats.sparkline(trend[value]) in line
        assert len(stats.sparkline(trend[value])) == 12
        assert re.search(r"[▁▂▃▄▅▆▇█]{12}", line)


@synchronously
async def test_guilt_by_week_counts_conflicts_and_shoulds(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("5")
        await pilot.pause()
        text = screen_text(app)
    assert "■ values conflicts" in text and "□ “shoulds”" in text
    assert "12 weeks: 1 values conflict, 2 “shoulds”." in text
    week_of_16th = next(line for line in text.splitlines() if "16 Nov 26" in line)
    assert re.search(r"■\s+1\s+□□\s+2", week_of_16th)


@synchronously
async def test_on_this_day_lists_earlier_months_and_opens_one(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, ten_years())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("6")
        await pilot.pause()
        text = screen_text(app)
        assert "The 21st in earlier months and years" in text
        assert "› Wed 21 Oct 2026  1 month ago" in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DayViewScreen)
        assert app.screen.day == date(2026, 9, 21)
        assert app.screen.morning is not None


@synchronously
async def test_every_section_is_reachable_with_tab_and_arrows(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        bar = screen.query_one(SectionBar)
        await pilot.press("shift+tab")
        assert bar.has_focus
        titles = []
        for _ in screen.sections:
            await pilot.pause()
            titles.append(screen_text(app).splitlines()[1])
            await pilot.press("right")
        assert [t.count("[") for t in titles] == [1] * len(screen.sections)
        assert "[6 On this day]" in titles[-1]
        assert "[1 Calendar]" in titles[0]


@synchronously
async def test_ten_years_open_with_every_section(
    make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, ten_years())
    app = make_app(start="history")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        assert "Last 12 months: 327 mornings, 321 evenings." in screen_text(app)
        for key in "23456":
            await pilot.press(key)
            await pilot.pause()
        assert "Mia, 7" not in screen_text(app)  # the list of earlier days is shown
        await pilot.press("3")
        await pilot.pause()
        assert "2,351 in all" in screen_text(app)
