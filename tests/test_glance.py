"""The glance: home painted from a small file agrees with home read from the journal."""

from __future__ import annotations

import os
import stat
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from ritual.content import ContentLibrary
from ritual.glance import (
    HomeView,
    glance_path,
    home_view,
    read_glance,
    read_home,
    view_from_glance,
    write_glance,
)
from ritual.journal import Journal, JournalError
from ritual.models import Profile
from ritual.today import build_context, streak_figures
from screens.app import Opening, RitualApp
from screens.home import HomeScreen
from tests.pilot import synchronously
from tests.test_history import fill, ten_years


def morning(day: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"m-{day}",
        "kind": "morning",
        "day": day,
        "started_at": f"{day}T06:00:00Z",
        "finished_at": f"{day}T06:05:00Z",
        "saved_at": f"{day}T06:05:00Z",
        "tz": "Europe/Berlin",
        "connections": [
            {"child": "c1", "activity": "Kitchen dance", "when": "dinner"},
            {"child": "c2", "activity": "Reading together", "when": "19:30"},
        ],
        **extra,
    }


def evening(day: str) -> dict[str, Any]:
    return {
        "id": f"e-{day}",
        "kind": "evening",
        "day": day,
        "started_at": f"{day}T19:00:00Z",
        "finished_at": f"{day}T19:05:00Z",
        "saved_at": f"{day}T19:05:00Z",
        "tz": "Europe/Berlin",
        "connections": [{"child": "c1", "status": "done"}],
    }


def read_view(journal: Journal, library: ContentLibrary, now: datetime) -> HomeView:
    """Home's view the slow way, at `now`: every entry read from the journal."""
    profile = journal.profile()
    assert profile is not None
    entries = journal.entries()
    drafts = {k: d for k in ("morning", "evening") if (d := journal.draft(k))}
    context = build_context(profile, entries, drafts, now)
    streaks = streak_figures(profile, entries, context.day) if profile.show_streaks else None
    return home_view(context, streaks, library)


def leave_glance(journal: Journal, library: ContentLibrary) -> None:
    """What the app does each time it reads home: keep the glance of the journal as it is."""
    profile = journal.profile()
    assert profile is not None and journal.path is not None
    glance = read_home(journal, profile, library).glance
    assert glance is not None
    write_glance(journal.path, glance)


def at(hour: int, day: int = 21) -> datetime:
    return datetime(2026, 11, day, hour, 30, tzinfo=UTC)


SCENARIOS = {
    "nothing yet": [],
    "morning done": [morning("2026-11-20"), evening("2026-11-20"), morning("2026-11-21")],
    "yesterday's debrief missed": [morning("2026-11-19"), morning("2026-11-20")],
    "both done": [morning("2026-11-21"), evening("2026-11-21")],
}


@pytest.mark.parametrize("entries", SCENARIOS.values(), ids=SCENARIOS.keys())
@pytest.mark.parametrize("hour", [6, 10, 14, 21], ids=lambda h: f"{h:02d}:30Z")
def test_the_glance_shows_what_the_journal_shows(
    journal: Journal, profile: Profile, library: ContentLibrary, entries, hour: int
) -> None:
    fill(journal, profile, entries)
    now = at(hour)
    leave_glance(journal, library)
    assert journal.path is not None
    glance = read_glance(journal.path)
    assert glance is not None
    assert view_from_glance(glance, now) == read_view(journal, library, now)


def test_ten_years_and_the_next_mornings(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    """Written last night, the glance still tells this morning and the days after right."""
    fill(journal, profile, ten_years())
    clock.set(at(20, day=20))
    leave_glance(journal, library)
    assert journal.path is not None
    glance = read_glance(journal.path)
    assert glance is not None
    for now in (at(5), at(9), at(13), at(23), at(7, day=23)):
        view = view_from_glance(glance, now)
        assert view is not None
        assert view == read_view(journal, library, now), now
    assert view is not None and view.streaks is not None


def test_a_draft_shows_in_progress(
    journal: Journal, profile: Profile, library: ContentLibrary
) -> None:
    fill(journal, profile, [morning("2026-11-20")])
    journal.save_draft("morning", {"kind": "morning", "day": "2026-11-21", "data": {}})
    leave_glance(journal, library)
    assert journal.path is not None
    glance = read_glance(journal.path)
    assert glance is not None
    view = view_from_glance(glance, at(7))
    assert view is not None and view.morning_state == "draft"
    assert view == read_view(journal, library, at(7))


def test_streaks_hidden_stay_hidden(
    journal: Journal, profile: Profile, library: ContentLibrary
) -> None:
    fill(journal, Profile.from_dict({**profile.to_dict(), "show_streaks": False}), [])
    leave_glance(journal, library)
    assert journal.path is not None
    glance = read_glance(journal.path)
    assert glance is not None
    view = view_from_glance(glance, at(7))
    assert view is not None and view.streaks is None


def test_any_change_to_the_journal_retires_the_glance(
    journal: Journal, profile: Profile, library: ContentLibrary
) -> None:
    fill(journal, profile, [])
    leave_glance(journal, library)
    assert journal.path is not None
    assert read_glance(journal.path) is not None
    journal.save_entry(morning("2026-11-21"))
    assert read_glance(journal.path) is None


def test_moments_of_another_day_are_not_guessed(
    journal: Journal, profile: Profile, library: ContentLibrary
) -> None:
    """Today's morning done but the glance holds yesterday's moments: read the journal."""
    fill(journal, profile, [morning("2026-11-21")])
    leave_glance(journal, library)
    assert journal.path is not None
    glance = read_glance(journal.path)
    assert glance is not None
    glance["moments"] = {"day": "2026-11-20", "lines": ["Mia: something else"]}
    assert view_from_glance(glance, at(7)) is None


def test_the_glance_is_private_and_a_bad_one_is_ignored(
    journal: Journal, profile: Profile, library: ContentLibrary
) -> None:
    fill(journal, profile, [])
    assert journal.path is not None
    stale = journal.path.with_name(".home-glance.json.tmp-999999")  # a killed writer's
    stale.write_text("private words")
    leave_glance(journal, library)
    assert not stale.exists()
    path = glance_path(journal.path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir() if ".tmp-" in p.name] == []
    for bad in (b"", b"{not json", b"[]", b'{"version": 99}'):
        path.write_bytes(bad)
        assert read_glance(journal.path) is None
    assert view_from_glance({"version": 1, "profile": {}}, at(7)) is None


def test_odd_day_numbers_in_a_glance_never_crash_or_count_twice(
    journal: Journal, profile: Profile, library: ContentLibrary
) -> None:
    fill(journal, profile, [morning("2026-11-19"), morning("2026-11-20")])
    leave_glance(journal, library)
    assert journal.path is not None
    glance = read_glance(journal.path)
    assert glance is not None
    view = view_from_glance(glance, at(7))
    assert view is not None and view.streaks is not None
    doubled = {**glance, "done": {**glance["done"], "morning": glance["done"]["morning"] * 3}}
    again = view_from_glance(doubled, at(7))
    assert again is not None and again.streaks == view.streaks  # each day counted once
    for odd in ([0], [-5], ["x"]):
        broken = {**glance, "done": {**glance["done"], "evening": odd}}
        assert view_from_glance(broken, at(7)) is None  # the usual start, not a crash
    future = {**glance, "done": {**glance["done"], "evening": [10**20]}}
    later = view_from_glance(future, at(7))
    assert later is not None and later.evening_state != "done"  # a day after today: unseen


def test_a_glance_that_cannot_be_written_only_costs_speed(tmp_path: Path) -> None:
    missing_dir = tmp_path / "gone" / "journal.json"
    write_glance(missing_dir, {"version": 1})  # no error: it is only a cache
    assert not glance_path(missing_dir).exists()


# ---- the app started from a glance ------------------------------------------------------


def quick_app(
    journal: Journal, library: ContentLibrary, now: datetime, release: threading.Event, **kw: Any
) -> RitualApp:
    """The app as `ritual` starts it from a glance; the journal "loads" once `release` is set."""
    from ritual.glance import calendar_from_glance

    assert journal.path is not None
    glance = read_glance(journal.path)
    assert glance is not None
    view = view_from_glance(glance, now)
    assert view is not None
    calendar = calendar_from_glance(glance, view.day) if kw.get("start") == "history" else None

    def load() -> tuple[Journal, ContentLibrary, list[str]]:
        assert release.wait(10), "the test never let the journal load"
        return journal, library, []

    return RitualApp(None, None, opening=Opening(view, load, calendar), **kw)


@synchronously
async def test_home_is_up_before_the_journal_and_keys_wait_for_it(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    fill(journal, profile, [morning("2026-11-20"), evening("2026-11-20")])
    leave_glance(journal, library)
    release = threading.Event()
    app = quick_app(journal, library, clock.now(), release)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen]  # the first screen itself, drawn in frame one
        assert not app.loaded
        assert "Morning  ○ to do" in home_today(app)
        await pilot.press("m")  # typed before the journal is open: kept, not lost
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        release.set()
        for _ in range(50):
            await pilot.pause(0.02)
            if not isinstance(app.screen, HomeScreen):
                break
        assert app.loaded
        assert type(app.screen).__name__ == "MorningScreen"


@synchronously
async def test_a_journal_that_fails_to_open_ends_the_app_with_its_error(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    fill(journal, profile, [])
    leave_glance(journal, library)
    assert journal.path is not None
    view = view_from_glance(read_glance(journal.path) or {}, clock.now())
    assert view is not None

    def load() -> tuple[Journal, ContentLibrary, list[str]]:
        raise JournalError("The journal is damaged and cannot be read.")

    app = RitualApp(None, None, opening=Opening(view, load))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if app.load_error is not None:
                break
    assert isinstance(app.load_error, JournalError)
    assert app.return_code == 1


def home_today(app: RitualApp) -> str:
    """Home's left column as shown: "Today", "Morning  ○ to do", ..."""
    return str(app.screen.query_one("#home-today", Static).content)


async def until(pilot: Any, done: Any) -> None:
    """Let the app run until `done()` holds (a second at most)."""
    for _ in range(50):
        if done():
            return
        await pilot.pause(0.02)


@synchronously
async def test_ritual_morning_asks_step_one_while_the_journal_loads(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    from screens.morning import MorningScreen

    fill(journal, profile, [morning("2026-11-20"), evening("2026-11-20")])
    leave_glance(journal, library)
    release = threading.Event()
    app = quick_app(journal, library, clock.now(), release, start="morning")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        flow = app.screen
        assert isinstance(flow, MorningScreen) and not app.loaded
        assert len(flow.steps) == 1 and flow.total == 5
        assert app.screen_stack == [flow]  # the first screen; home takes its place later
        await pilot.press("4", "enter")  # Enter before steps 2-5 exist: it waits for them
        await pilot.pause()
        assert flow.index == 0
        release.set()
        await until(pilot, lambda: flow.index == 1)
        assert flow.index == 1 and len(flow.steps) == 5
        assert [step.display for step in flow.steps] == [False, True, False, False, False]
        assert flow.data["mood"] == 4
        await until(pilot, lambda: journal.draft("morning") is not None)
        draft = journal.draft("morning")
        assert draft is not None and draft["data"]["mood"] == 4
        await pilot.press("escape", "escape")  # back to step 1, then leave: home is there
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)
        assert "Morning  ◐ in progress (draft)" in home_today(app)


@synchronously
async def test_quitting_before_the_journal_loads_keeps_what_was_typed(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    fill(journal, profile, [])
    leave_glance(journal, library)
    release = threading.Event()
    app = quick_app(journal, library, clock.now(), release, start="morning")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        release.set()  # quitting opens the journal at once to keep the draft
        await pilot.press("ctrl+q")
    draft = journal.draft("morning")
    assert draft is not None and draft["data"]["mood"] == 3


@synchronously
async def test_a_morning_saved_elsewhere_meanwhile_is_opened_the_usual_way(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    """The glance said "to do", but by the time the journal is read the morning is done."""
    fill(journal, profile, [])
    leave_glance(journal, library)
    release = threading.Event()
    app = quick_app(journal, library, clock.now(), release, start="morning")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        journal.save_entry(morning("2026-11-21"))  # another window saves it now
        release.set()
        await until(pilot, lambda: type(app.screen).__name__ == "ChoiceScreen")
        assert type(app.screen).__name__ == "ChoiceScreen"  # "already done: edit it?"


def test_the_calendar_from_the_glance_is_historys_calendar(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    from ritual import stats
    from ritual.glance import calendar_from_glance

    late = {**evening("2026-11-18"), "id": "late-one", "late": True}
    fill(journal, profile, [*ten_years()[-600:], late])
    leave_glance(journal, library)
    assert journal.path is not None
    glance = read_glance(journal.path)
    assert glance is not None
    entries = journal.entries()
    for day in (date(2026, 11, 21), date(2026, 11, 22), date(2027, 3, 1)):
        from_glance = calendar_from_glance(glance, day)
        assert from_glance == stats.heatmap(entries, day), day
    cells = [c for row in stats.heatmap(entries, date(2026, 11, 21)).rows for c in row]
    assert any(c.late for c in cells)  # the late evening is there, from both
    assert calendar_from_glance({"done": {}}, date(2026, 11, 21)) is None


@synchronously
async def test_ritual_history_shows_the_calendar_while_the_journal_loads(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    from screens.history import HistoryScreen

    fill(journal, profile, ten_years()[-100:])
    leave_glance(journal, library)
    release = threading.Event()
    app = quick_app(journal, library, clock.now(), release, start="history")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen) and not history.ready
        assert "Last 12 months" in str(history.query_one("#heatmap").render())
        await pilot.press("2")  # streaks, asked for before the entries are in
        await pilot.pause()
        assert history.query(".history-section").first().id == "calendar"
        release.set()
        await until(pilot, lambda: history.ready and len(history.query(".history-section")) > 1)
        await until(pilot, lambda: history.query_one("#streaks").display)
        assert history.query_one("#streaks").display
        await pilot.press("escape")  # back: home, which was never drawn, comes now
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen]


@synchronously
async def test_leaving_the_early_morning_before_the_journal_loads_stays_left(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    """Escape on step 1 while loading goes home, and the load does not open the morning again."""
    fill(journal, profile, [])
    leave_glance(journal, library)
    release = threading.Event()
    app = quick_app(journal, library, clock.now(), release, start="morning")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        release.set()
        await until(pilot, lambda: app.loaded)
        for _ in range(10):
            await pilot.pause(0.02)
        assert isinstance(app.screen, HomeScreen)
        assert "Morning  ◐ in progress (draft)" in home_today(app)


@synchronously
async def test_the_early_morning_saved_gives_way_to_home(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    """`ritual morning` done to the end: saved once, and home alone is left on the stack."""
    from screens.morning import MorningScreen

    fill(journal, profile, [])
    leave_glance(journal, library)
    release = threading.Event()
    release.set()
    app = quick_app(journal, library, clock.now(), release, start="morning")
    async with app.run_test(size=(80, 24)) as pilot:
        flow = app.screen
        assert isinstance(flow, MorningScreen)
        await until(pilot, lambda: len(flow.steps) == 5)
        assert app.loaded and len(flow.steps) == 5
        assert [step.display for step in flow.steps] == [True, False, False, False, False]
        await pilot.press("5", "enter")
        for _ in range(4):  # skip the intention, values and plan; Enter saves the card
            await pilot.press("ctrl+n")
            await pilot.pause()
        await until(pilot, lambda: any(e["kind"] == "morning" for e in journal.entries()))
        await until(pilot, lambda: "✓ done" in home_today(app))
        assert app.screen_stack == [app.screen] and isinstance(app.screen, HomeScreen)
        assert "Morning  ✓ done" in home_today(app)
    saved = [e for e in journal.entries() if e["kind"] == "morning"]
    assert len(saved) == 1 and saved[0]["mood"] == 5 and saved[0]["day"] == "2026-11-21"
    assert journal.draft("morning") is None


@synchronously
async def test_on_first_frame_runs_once_home_is_drawn(
    journal: Journal, profile: Profile, library: ContentLibrary, clock
) -> None:
    fill(journal, profile, [])
    leave_glance(journal, library)
    release = threading.Event()
    drawn: list[bool] = []
    apps: list[RitualApp] = []

    def first_frame() -> None:
        drawn.append(isinstance(apps[0].screen, HomeScreen))

    app = quick_app(journal, library, clock.now(), release, on_first_frame=first_frame)
    apps.append(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(drawn))
        release.set()
        await until(pilot, lambda: app.loaded)
        await pilot.pause()
    assert drawn == [True]
