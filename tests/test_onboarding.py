"""First run through real key presses: name, children, values, day start and time zone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from screens.home import HomeScreen
from screens.onboarding import OnboardingScreen, canonical_zone, normal_day_start
from screens.widgets.children_editor import ChildrenEditor, parse_birth_year
from tests.pilot import synchronously

TODAY = date(2026, 11, 21)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


def problem(app: Any, selector: str) -> str:
    """The text of a problem line, or "" when it is hidden."""
    line = app.screen.query_one(selector, Static)
    return str(line.content) if line.display else ""


async def name_page(pilot: Pilot[Any], name: str = "Sam") -> None:
    """Page 1: the name (typing is tested once, in the first test); Enter moves on."""
    await pilot.pause()
    pilot.app.screen.query_one("#name", Input).value = name
    await pilot.press("enter")
    await pilot.pause()


async def add_child(pilot: Pilot[Any], name: str, year_or_age: str) -> None:
    """Page 2: add one child with "+ Add a child", then fill its row in."""
    editor = pilot.app.screen.query_one(ChildrenEditor)
    before = len(editor.rows)
    button = editor.query_one("#add-child")
    button.focus()
    # focus() lands on a later turn; and a Button ignores Enter while its "pressed" look
    # from the last press is still on (0.2 s), which only a test is quick enough to hit.
    for _ in range(100):
        await pilot.pause(0.01)
        if pilot.app.focused is button and not button.has_class("-active"):
            break
    assert pilot.app.focused is button and not button.has_class("-active")
    await pilot.press("enter")
    # The button's handler mounts the row, then focuses it: wait (bounded) for both, since
    # one pause is not always enough on a loaded machine.
    for _ in range(100):
        if len(editor.rows) > before and pilot.app.focused is not editor.query_one("#add-child"):
            break
        await pilot.pause(0.02)
    row = editor.rows[-1]
    assert pilot.app.focused is row.query_one(".child-name")
    row.query_one(".child-name", Input).value = name
    row.query_one(".child-year", Input).value = year_or_age
    await pilot.pause()


async def pick_values(pilot: Pilot[Any], count: int) -> None:
    """Page 3: tick the first `count` values with Space, moving down between them."""
    for index in range(count):
        if index:
            await pilot.press("down")
        await pilot.press("space")
    await pilot.pause()


async def next_page(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()


@synchronously
async def test_first_run_saves_the_profile_and_shows_home(make_app, journal) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen)
        await pilot.pause()
        await type_text(pilot, "Sam Lee")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.page == 1
        await pilot.press("enter")  # "+ Add a child" has the focus
        await pilot.pause()
        await type_text(pilot, "Mia")
        await pilot.press("enter")
        await type_text(pilot, "2019")
        await add_child(pilot, "Leo", "3y")
        await next_page(pilot)
        assert app.screen.page == 2
        await pick_values(pilot, 3)
        await next_page(pilot)
        assert app.screen.page == 3
        await pilot.press("enter")  # 04:00 kept; Enter goes to the time zone
        await pilot.press("enter")  # the detected zone accepted: finish
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    profile = journal.profile()
    assert profile is not None
    assert profile.name == "Sam Lee"
    assert [(c.name, c.birth_year) for c in profile.children] == [("Mia", 2019), ("Leo", 2023)]
    assert all(c.id.startswith("c-") for c in profile.children)
    assert len({c.id for c in profile.children}) == 2
    assert profile.values == ["family", "presence", "health"]
    assert profile.day_start == "04:00"
    assert profile.tz == app._guess_zone()
    assert profile.streak_mode == "kind"
    assert profile.show_streaks is True


@synchronously
async def test_values_need_three_to_five_and_can_be_typed(make_app, journal) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await name_page(pilot)
        await next_page(pilot)
        await pick_values(pilot, 2)
        await next_page(pilot)
        assert app.screen.page == 2
        assert problem(app, "#values-error") == "✗ Pick 3 to 5 values (you have 2)."
        assert journal.profile() is None

        own = app.screen.query_one("#own-value", Input)
        own.focus()
        own.value = "Being  outdoors 🌲 "
        await pilot.pause()  # let focus() land before the key
        await pilot.press("enter")
        await pilot.pause()
        picker = app.screen.query_one("#values")
        assert picker.chosen == ["family", "presence", "Being outdoors 🌲"]

        values = app.screen.query_one("#values-list", OptionList)
        values.focus()
        values.highlighted = 3  # Rest
        await pick_values(pilot, 2)  # Rest and Work
        assert picker.chosen == ["family", "presence", "Being outdoors 🌲", "rest", "work"]
        await pilot.press("down", "space")  # a sixth is not ticked
        await pilot.pause()
        assert len(picker.chosen) == 5
        assert "Untick one" in problem(app, "#values-error")
        await next_page(pilot)
        assert app.screen.page == 3
        await pilot.press("ctrl+n")
        await pilot.pause()
    profile = journal.profile()
    assert profile is not None
    assert profile.values == picker.chosen
    assert "Being outdoors 🌲" in profile.values
    assert profile.children == []  # no children is fine


@synchronously
async def test_bad_day_start_and_time_zone_are_refused(make_app, journal) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await name_page(pilot)
        await next_page(pilot)
        await pick_values(pilot, 3)
        await next_page(pilot)
        screen = app.screen
        screen.query_one("#day-start", Input).value = "25:00"
        screen.query_one("#tz", Input).value = "Mars/Olympus"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen)
        assert problem(app, "#day-start-error") == (
            "✗ “25:00” is not a time. Type it as HH:MM, such as 04:00."
        )
        assert problem(app, "#tz-error") == "✗ “Mars/Olympus” is not a time zone I know."
        assert app.focused is screen.query_one("#day-start")
        assert journal.profile() is None

        screen.query_one("#day-start", Input).value = "5:30"
        await pilot.press("enter")  # on to the time zone, its text selected
        await type_text(pilot, "new y")
        await pilot.press("enter")  # a half-typed zone: Enter takes the best match
        await pilot.pause()
        assert screen.query_one("#tz", Input).value == "America/New_York"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    profile = journal.profile()
    assert profile is not None
    assert (profile.day_start, profile.tz) == ("05:30", "America/New_York")


@synchronously
async def test_children_need_a_name_and_a_year(make_app, journal) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await name_page(pilot)
        await pilot.press("enter")  # "+ Add a child" has the focus
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "2019")
        await next_page(pilot)
        assert app.screen.page == 1
        assert problem(app, "#children-error") == "✗ Child 1 needs a name (or remove that row)."
        assert app.focused is not None and app.focused.has_class("child-name")
        await type_text(pilot, "Mia")
        await add_child(pilot, "Leo", "soon")
        await next_page(pilot)
        assert app.screen.page == 1
        assert problem(app, "#children-error") == (
            "✗ Leo needs a birth year like 2019 or an age like 7, not “soon”."
        )
        assert app.focused is not None and app.focused.has_class("child-year")
        app.focused.value = "4"  # type: ignore[attr-defined]
        await next_page(pilot)
        assert app.screen.page == 2
        assert problem(app, "#children-error") == ""
    assert journal.profile() is None


@synchronously
async def test_four_children_and_a_removed_one(make_app, journal) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await name_page(pilot)
        for name, year in [("Mia", "2019"), ("Leo", "3"), ("Zoë 🌟", "12y"), ("Ana", "2025")]:
            await add_child(pilot, name, year)
        await add_child(pilot, "Oops", "1")
        editor = app.screen.query_one(ChildrenEditor)
        editor.rows[-1].query_one(".child-remove").focus()
        await pilot.pause()  # let focus() land before the key
        await pilot.press("enter")
        await pilot.pause()
        assert len(editor.rows) == 4
        await next_page(pilot)
        await pick_values(pilot, 3)
        await next_page(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    profile = journal.profile()
    assert profile is not None
    assert [(c.name, c.birth_year) for c in profile.children] == [
        ("Mia", 2019),
        ("Leo", 2023),
        ("Zoë 🌟", 2014),
        ("Ana", 2025),
    ]


@synchronously
async def test_back_keeps_what_was_typed_and_leaving_asks_first(make_app, journal) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await name_page(pilot, "Sam")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.page == 0
        assert app.screen.query_one("#name", Input).value == "Sam"
        await pilot.press("escape")  # on the first page: asks before leaving
        await pilot.pause()
        assert type(app.screen).__name__ == "ChoiceScreen"
        await pilot.press("enter")  # "Keep going" is first
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "enter")  # "Quit Ritual"
        await pilot.pause()
        assert app._exit
    assert journal.profile() is None


@pytest.mark.parametrize(
    ("typed", "year"),
    [("2019", 2019), ("7", 2019), ("7y", 2019), ("7 years", 2019), (" 0 ", 2026), ("12yo", 2014)],
)
def test_birth_year_or_age(typed: str, year: int) -> None:
    assert parse_birth_year(typed, TODAY) == year


@pytest.mark.parametrize("typed", ["", "seven", "2027", "1900", "7.5", "-3"])
def test_birth_year_or_age_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_birth_year(typed, TODAY)


def test_day_start_and_zone_are_normalised() -> None:
    assert normal_day_start("4:00") == "04:00"
    assert canonical_zone(" europe/berlin ") == "Europe/Berlin"
    for bad in ("Europe/", "Berlin", ""):
        with pytest.raises(ValueError):
            canonical_zone(bad)
