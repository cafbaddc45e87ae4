"""Home through the real app: statuses, planned moments, the late debrief, streaks, Enter."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.widgets import Static

from ritual.glance import moment_line
from ritual.journal import Journal
from ritual.models import Profile
from screens.home import HomeScreen, greeting_with_name
from screens.widgets.action_list import ActionList
from screens.widgets.key_line import KeyLine
from tests.pilot import synchronously


def morning_entry(day: str = "2026-11-21", **extra: Any) -> dict[str, Any]:
    """A morning entry in the interchange shape, with two planned moments."""
    return {
        "id": f"m-{day}",
        "kind": "morning",
        "day": day,
        "started_at": f"{day}T07:00:00Z",
        "finished_at": f"{day}T07:05:00Z",
        "saved_at": f"{day}T07:05:00Z",
        "tz": "Europe/Berlin",
        "connections": [
            {"child": "c1", "activity": "Kitchen dance", "when": "dinner"},
            {"child": "c2", "activity": "Reading together", "when": "19:30"},
        ],
        **extra,
    }


def evening_entry(day: str) -> dict[str, Any]:
    return {
        "id": f"e-{day}",
        "kind": "evening",
        "day": day,
        "started_at": f"{day}T20:00:00Z",
        "finished_at": f"{day}T20:05:00Z",
        "saved_at": f"{day}T20:05:00Z",
        "tz": "Europe/Berlin",
        "connections": [{"child": "c1", "status": "done"}],
    }


def text(app: Any, selector: str) -> str:
    """What a static on home says ("" when hidden)."""
    widget = app.screen.query_one(selector, Static)
    return str(widget.content) if widget.display else ""


def today_lines(app: Any) -> list[str]:
    """The left column's lines: "Today", "Morning  ○ to do", ..., "Planned moments", ..."""
    return text(app, "#home-today").splitlines()


def status(app: Any, name: str) -> str:
    """Morning's or Evening's status as shown: "✓ done"."""
    line = next(line for line in today_lines(app) if line.startswith(name))
    return line[len(name) :].strip()


def status_style(app: Any, name: str) -> str:
    """The style on that status's words (its colour comes on top of symbol and words)."""
    content = app.screen.query_one("#home-today", Static).content
    start = content.plain.index(status(app, name))
    return " ".join(str(s.style) for s in content.spans if s.start == start)


def late_line(app: Any) -> str:
    return next((line for line in today_lines(app) if line.startswith("↺")), "")


def moments(app: Any) -> str:
    lines = today_lines(app)
    return "\n".join(lines[lines.index("Planned moments") + 1 :])


def streak_part(app: Any) -> list[str]:
    """The streak table and sentence under the actions ([] when hidden)."""
    lines = text(app, "#home-side").splitlines()
    return lines[lines.index("Streaks") + 1 :] if "Streaks" in lines else []


def actions(app: Any) -> list[str]:
    """The "what next" options as shown; the highlighted one starts with "› "."""
    listed = app.screen.query_one("#home-actions", ActionList)
    return [line.rstrip() for line in str(listed.render()).splitlines()]


def key_line(app: Any) -> str:
    """The footer's text on the current screen."""
    return str(app.screen.query_one(KeyLine).content)


def highlighted(app: Any) -> str | None:
    return app.screen.query_one("#home-actions", ActionList).highlighted_id


@synchronously
async def test_nothing_done_yet(make_app, journal: Journal, profile: Profile) -> None:
    journal.save_profile(profile)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        greeting, day = text(app, "#home-greeting").splitlines()
        assert greeting.endswith(".") and ", Sam" in greeting
        assert day == "Saturday 21 November"
        assert status(app, "Morning") == "○ to do"
        assert status(app, "Evening") == "○ to do"
        assert late_line(app) == ""
        assert "morning ritual plans one" in moments(app)
        assert actions(app) == [
            "› Start the morning ritual",
            "  Evening debrief",
            "  History and streaks",
            "  Settings",
        ]
        assert highlighted(app) == "morning"
        assert app.focused is app.screen.query_one("#home-actions")
        assert "A fresh start today." in streak_part(app)[-1]
        await pilot.press("down", "down", "up")  # the pointer follows the highlight
        assert highlighted(app) == "evening"
        assert [a[:2] for a in actions(app)] == ["  ", "› ", "  ", "  "]


@synchronously
async def test_morning_done_shows_the_planned_moments(
    make_app, journal: Journal, profile: Profile
) -> None:
    journal.save_profile(profile)
    journal.save_entry(morning_entry("2026-11-20"))
    journal.save_entry(evening_entry("2026-11-20"))
    journal.save_entry(morning_entry())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert status(app, "Morning") == "✓ done"
        assert status_style(app, "Morning") == "$text-success"
        assert status(app, "Evening") == "○ to do"
        assert moments(app) == (
            "• Mia: Kitchen dance, at dinner\n• Leo: Reading together, at 19:30"
        )
        assert highlighted(app) == "evening"
        assert actions(app)[0] == "  Edit this morning's ritual"
        streaks = streak_part(app)
        assert streaks[1].split() == ["Morning", "2", "2", "100%"]
        assert streaks[2].split() == ["Evening", "1", "1", "100%"]
        assert streaks[3].split() == ["Connection", "1", "1", "100%"]
        assert streaks[4] == "2 mornings in a row."


@synchronously
async def test_a_draft_is_in_progress(make_app, journal: Journal, profile: Profile) -> None:
    journal.save_profile(profile)
    draft = {"kind": "morning", "day": "2026-11-21", "step": 1, "elapsed_s": 40,
             "started_at": "2026-11-21T07:20:00Z", "data": {"mood": 3}}  # fmt: skip
    journal.save_draft("morning", draft)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert status(app, "Morning") == "◐ in progress (draft)"
        assert actions(app)[0] == "› Resume the morning ritual"


@synchronously
async def test_yesterdays_debrief_can_still_be_done_late(
    make_app, journal: Journal, profile: Profile, clock
) -> None:
    journal.save_profile(profile)
    journal.save_entry(morning_entry("2026-11-20"))
    journal.save_entry(morning_entry())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert status(app, "Evening") == "○ to do"
        assert late_line(app) == (
            "↺ Yesterday's debrief (Friday) can still be done, marked late, until noon."
        )
        assert "› Yesterday's debrief (late)" in actions(app)
        assert highlighted(app) == "late_evening"
        assert "l Late debrief" in key_line(app)
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "EveningScreen"
        assert app.screen.day == "2026-11-20"

    clock.set(datetime(2026, 11, 21, 11, 30, tzinfo=UTC))  # 12:30 in Berlin: too late
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert late_line(app) == ""
        assert "  Yesterday's debrief (late)" not in actions(app)
        # The footer lists only the keys that work now: no late key after noon.
        assert key_line(app) == "m Morning  e Evening  h History  s Settings  q Quit  ^p Menu"


@synchronously
async def test_streaks_hidden_when_the_profile_says_so(
    make_app, journal: Journal, profile: Profile
) -> None:
    profile.show_streaks = False
    journal.save_profile(profile)
    journal.save_entry(morning_entry())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert streak_part(app) == []
        assert text(app, "#home-side") == "↑↓ choose · Enter start"
        assert "streak" not in " ".join(actions(app)[:2]).casefold()


@synchronously
async def test_enter_starts_the_morning_and_home_follows_saves(
    make_app, journal: Journal, profile: Profile
) -> None:
    journal.save_profile(profile)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        from screens.morning import MorningScreen

        assert isinstance(app.screen, MorningScreen)
        app.screen.dismiss(None)
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)

        journal.save_entry(morning_entry())  # as the app does after a flow, then it refreshes
        app.refresh_home()
        await pilot.pause()
        assert status(app, "Morning") == "✓ done"
        assert "Mia: Kitchen dance" in moments(app)


@synchronously
async def test_keys_and_the_list_open_settings_and_history(
    make_app, journal: Journal, profile: Profile
) -> None:
    journal.save_profile(profile)
    app = make_app()
    opened: list[str] = []
    app.action_history = lambda: opened.append("history")  # the history screen is not ours
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("h", "down", "down", "enter")  # and "History and streaks" in the list
        await pilot.pause()
        assert opened == ["history", "history"]


@synchronously
async def test_the_action_list_by_keys_and_by_mouse(
    make_app, journal: Journal, profile: Profile
) -> None:
    journal.save_profile(profile)
    app = make_app()
    opened: list[str] = []
    app.action_settings = lambda: opened.append("settings")
    app.action_evening = lambda: opened.append("evening")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("up")  # from the first action, up wraps to the last
        assert highlighted(app) == "settings"
        await pilot.press("home")
        assert highlighted(app) == "morning"
        await pilot.press("end", "down")  # and down from the last wraps to the first
        assert highlighted(app) == "morning"
        await pilot.press("j", "j", "k")  # vi keys too
        assert highlighted(app) == "evening"
        assert actions(app)[1] == "› Evening debrief"
        await pilot.press("end", "enter")
        await pilot.pause()
        assert opened == ["settings"]
        listed = app.screen.query_one("#home-actions", ActionList)
        await pilot.click(listed, offset=(3, 2))  # the second row inside the border
        await pilot.pause()
        assert opened == ["settings", "evening"] and highlighted(app) == "evening"


def test_greeting_takes_the_name_into_its_first_sentence() -> None:
    assert greeting_with_name("Good morning.", "Sam") == "Good morning, Sam."
    assert greeting_with_name("Morning. A fresh page.", "Sam") == "Morning, Sam. A fresh page."
    assert greeting_with_name("Still up? Rest soon.", "Zoë 🌟") == "Still up, Zoë 🌟? Rest soon."
    assert greeting_with_name("Hello", "") == "Hello"
    assert greeting_with_name("Hello", "Sam") == "Hello, Sam."
    assert greeting_with_name("Hello, night owl.", "Ana") == "Hello Ana, night owl."


def test_moment_line_for_a_child_no_longer_in_the_profile(profile: Profile, library) -> None:
    moment = {"child": "c-gone", "activity": "Puzzle", "when": "before school"}
    assert moment_line(moment, profile, library) == "A child: Puzzle, before school"


@synchronously
async def test_a_long_today_column_is_shown_whole(
    make_app, journal: Journal, profile: Profile
) -> None:
    """Four children's moments, the late line and no streaks: every line still has room."""
    from dataclasses import replace

    from ritual.models import Child

    kids = [
        Child("c1", "Mia", 2019),
        Child("c2", "Leo", 2023),
        Child("c3", "Ada", 2017),
        Child("c4", "Noah", 2015),
    ]
    journal.save_profile(replace(profile, children=kids, show_streaks=False))
    journal.save_entry(morning_entry("2026-11-19"))
    journal.save_entry(evening_entry("2026-11-19"))
    moment = {"activity": "Build a blanket fort together", "when": "dinner"}
    journal.save_entry(morning_entry("2026-11-20"))
    journal.save_entry(morning_entry(connections=[{**moment, "child": c.id} for c in kids]))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for size in ((80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            today = app.screen.query_one("#home-today", Static)
            shown = today.content_region.height
            needed = today.get_content_height(today.size, today.size, today.content_region.width)
            assert shown >= needed, size
            assert sum(line.startswith("• ") for line in today_lines(app)) == 4
