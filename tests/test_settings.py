"""Settings through the real app: every field, saving, cancelling, and past entries untouched."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, OptionList, Select, Static

from ritual.journal import Journal
from ritual.models import Profile
from screens.home import HomeScreen
from screens.settings import SettingsScreen
from screens.widgets.children_editor import ChildrenEditor
from tests.pilot import synchronously

PAST = [
    {
        "id": "m-1",
        "kind": "morning",
        "day": "2026-11-20",
        "started_at": "2026-11-20T07:00:00Z",
        "finished_at": "2026-11-20T07:05:00Z",
        "saved_at": "2026-11-20T07:05:00Z",
        "tz": "Europe/Berlin",
        "values": {"family": 4, "health": 3, "craft": 5},
        "connections": [{"child": "c2", "activity": "Stacking blocks", "when": "bedtime"}],
    },
    {
        "id": "e-1",
        "kind": "evening",
        "day": "2026-11-20",
        "started_at": "2026-11-20T20:00:00Z",
        "finished_at": "2026-11-20T20:05:00Z",
        "saved_at": "2026-11-20T20:05:00Z",
        "tz": "Europe/Berlin",
        "connections": [{"child": "c2", "status": "done"}],
    },
]


async def open_settings(pilot: Any) -> SettingsScreen:
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def choose(pilot: Any, select_id: str, steps: int) -> None:
    """Open a Select with Enter, move `steps` down, Enter again."""
    pilot.app.screen.query_one(select_id, Select).focus()
    await pilot.pause()  # let focus() land before the key
    await pilot.press("enter", *(["down"] * steps), "enter")
    await pilot.pause()


@synchronously
async def test_every_field_is_saved_and_past_entries_stay(
    make_app, journal: Journal, profile: Profile
) -> None:
    journal.save_profile(profile)
    for entry in PAST:
        journal.save_entry(entry)
    before = journal.entries()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        given = app.profile
        given_before = given.to_dict()
        screen = await open_settings(pilot)
        assert screen.profile is given
        assert app.focused is screen.query_one("#name")
        await pilot.press(*"Alex")  # the name is selected on focus: typing replaces it

        editor = screen.query_one(ChildrenEditor)
        mia, leo = editor.rows
        mia.query_one(".child-name", Input).value = "Mia Rose"  # rename
        mia.query_one(".child-year", Input).value = "2018"  # change the birth year
        leo.query_one(".child-remove").focus()
        await pilot.pause()  # let focus() land before the key
        await pilot.press("enter")  # remove Leo
        await pilot.pause()
        await editor.add_child()
        await pilot.press(*"Ada", "tab", *"5")
        await pilot.pause()

        values = screen.query_one("#values-list", OptionList)
        values.focus()
        values.highlighted = 2  # Health: untick it
        await pilot.pause()  # let focus() land before the key
        await pilot.press("space")
        values.highlighted = 10  # Play: tick it
        await pilot.press("space")

        screen.query_one("#day-start", Input).value = "05:30"
        screen.query_one("#tz", Input).value = "america/chicago"
        await choose(pilot, "#streak-mode", 1)  # strict
        await choose(pilot, "#show-streaks", 1)  # hide
        theme = screen.query_one("#theme", Select)
        theme.value = "textual-light"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "textual-light"
        assert "Streaks" not in str(app.screen.query_one("#home-side", Static).content)

    saved = journal.profile()
    assert saved is not None
    assert saved.name == "Alex"
    assert [(c.id, c.name, c.birth_year) for c in saved.children[:1]] == [("c1", "Mia Rose", 2018)]
    assert [(c.name, c.birth_year) for c in saved.children[1:]] == [("Ada", 2021)]
    assert saved.children[1].id.startswith("c-")
    assert saved.values == ["family", "craft", "play"]
    assert (saved.day_start, saved.tz) == ("05:30", "America/Chicago")
    assert (saved.streak_mode, saved.show_streaks, saved.theme) == (
        "strict",
        False,
        "textual-light",
    )
    assert journal.entries() == before  # Leo's past moment is still there, untouched
    assert given.to_dict() == given_before  # the profile handed in was not changed


@synchronously
async def test_escape_with_changes_asks_first(make_app, journal: Journal, profile: Profile) -> None:
    journal.save_profile(profile)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await pilot.press("escape")  # nothing changed: leaves at once
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        screen = await open_settings(pilot)
        await pilot.press("end", *"ie")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChoiceScreen"
        await pilot.press("enter")  # "Keep editing" is first
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#name", Input).value == "Samie"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # "Discard the changes"
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.profile() == profile

        await open_settings(pilot)
        await pilot.press("end", *"ie", "escape")
        await pilot.pause()
        await pilot.press("down", "enter")  # "Save the changes"
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    saved = journal.profile()
    assert saved is not None and saved.name == "Samie"


@synchronously
async def test_problems_stop_saving(make_app, journal: Journal, profile: Profile) -> None:
    journal.save_profile(profile)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        values = screen.query_one("#values-list", OptionList)
        values.focus()
        values.highlighted = 0
        await pilot.pause()  # let focus() land before the key
        await pilot.press("space")  # untick Family: 2 left
        screen.query_one("#day-start", Input).value = "4pm"
        screen.query_one(ChildrenEditor).rows[0].query_one(".child-name", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen

        def problem(selector: str) -> str:
            line = screen.query_one(selector, Static)
            return str(line.content) if line.display else ""

        assert problem("#values-error") == "✗ Pick 3 to 5 values (you have 2)."
        assert problem("#day-start-error").startswith("✗ “4pm” is not a time.")
        assert problem("#children-error") == "✗ Child 1 needs a name (or remove that row)."
    assert journal.profile() == profile
