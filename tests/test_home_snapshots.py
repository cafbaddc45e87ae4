"""80x24 snapshots of first run (each page), home and settings, at the conftest's fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from ritual.journal import Journal
from ritual.models import Profile
from screens.widgets.children_editor import ChildrenEditor

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    """First run proposes the machine's zone: pin it so the snapshot does not depend on it."""
    monkeypatch.setenv("TZ", "Europe/Berlin")


def morning_with_two_moments() -> dict[str, Any]:
    return {
        "id": "m-1",
        "kind": "morning",
        "day": "2026-11-21",
        "started_at": "2026-11-21T07:00:00Z",
        "finished_at": "2026-11-21T07:05:00Z",
        "saved_at": "2026-11-21T07:05:00Z",
        "tz": "Europe/Berlin",
        "connections": [
            {"child": "c1", "activity": "Kitchen dance", "when": "dinner"},
            {"child": "c2", "activity": "Reading together", "when": "bedtime"},
        ],
    }


def evening(day: str) -> dict[str, Any]:
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


async def steady(pilot: Pilot[Any]) -> None:
    """Stop the text cursor blinking, or a snapshot depends on the moment it is taken."""
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def to_page(pilot: Pilot[Any], page: int) -> None:
    """Fill first run in up to `page` (0-based): Sam, Mia and Leo, three values."""
    screen = pilot.app.screen
    await pilot.pause()
    if page == 0:
        return
    screen.query_one("#name", Input).value = "Sam"
    await pilot.press("enter")
    await pilot.pause()
    editor = screen.query_one(ChildrenEditor)
    for name, year in (("Mia", "2019"), ("Leo", "3")):
        row = await editor.add_child()
        row.query_one(".child-name", Input).value = name
        row.query_one(".child-year", Input).value = year
    await pilot.pause()
    if page == 1:
        return
    await pilot.press("ctrl+n", "space", "down", "down", "space", "down", "space")
    if page == 2:
        return
    await pilot.press("ctrl+n")
    await pilot.pause()


@pytest.mark.parametrize("page", [0, 1, 2, 3])
def test_first_run_page(snap_compare, make_app, page: int) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_page(pilot, page)
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_home_nothing_done(snap_compare, make_app, journal: Journal, profile: Profile) -> None:
    journal.save_profile(profile)
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_home_morning_done_with_two_moments(
    snap_compare, make_app, journal: Journal, profile: Profile
) -> None:
    journal.save_profile(profile)
    journal.save_entry(evening("2026-11-20"))
    journal.save_entry(morning_with_two_moments())
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_home_late_and_draft_in_light_theme_without_colour(
    snap_compare, make_app, journal: Journal, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    profile.theme = "textual-light"
    profile.name = "Zoë-Ngọc Ærenfeldt 🌻 the very long-named parent"
    journal.save_profile(profile)
    journal.save_entry({**morning_with_two_moments(), "id": "m-0", "day": "2026-11-20"})
    draft = {"kind": "morning", "day": "2026-11-21", "step": 1, "elapsed_s": 40,
             "started_at": "2026-11-21T07:20:00Z", "data": {}}  # fmt: skip
    journal.save_draft("morning", draft)
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_settings(snap_compare, make_app, journal: Journal, profile: Profile) -> None:
    journal.save_profile(profile)
    assert snap_compare(make_app(start="settings"), terminal_size=SIZE, run_before=steady)
