"""SVG snapshots of each morning step at 80x24, on the fixed clock with fixed content choices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from ritual.journal import Journal
from ritual.models import Child, Profile
from screens.app import RitualApp

SnapCompare = Callable[..., bool]
SIZE = (80, 24)

YESTERDAY_EVENING = {
    "id": "e-2026-11-20",
    "kind": "evening",
    "day": "2026-11-20",
    "started_at": "2026-11-20T19:00:00Z",
    "finished_at": "2026-11-20T19:04:00Z",
    "saved_at": "2026-11-20T19:04:00Z",
    "tz": "Europe/Berlin",
    "connections": [],
    "tomorrow_note": "Start with the hard email, then breakfast together.",
    "guilt": [{"text": "Phone at dinner", "kind": "conflict", "action": "Phone in the hall"}],
}


async def steady_cursor(pilot: Pilot[Any]) -> None:
    """Stop the text cursors blinking, so a snapshot never catches one half-way."""
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


@pytest.fixture
def app(journal: Journal, profile: Profile, make_app: Callable[..., RitualApp]) -> RitualApp:
    journal.save_profile(profile)
    journal.save_entry(YESTERDAY_EVENING)
    return make_app(start="morning")


def test_step_1_arrive(app: RitualApp, snap_compare: SnapCompare) -> None:
    assert snap_compare(app, press=["3"], terminal_size=SIZE, run_before=steady_cursor)


def test_step_2_intention_with_last_nights_note(app: RitualApp, snap_compare: SnapCompare) -> None:
    press = ["4", "enter", "down", "down"]
    assert snap_compare(app, press=press, terminal_size=SIZE, run_before=steady_cursor)


def test_step_3_values(app: RitualApp, snap_compare: SnapCompare) -> None:
    press = ["ctrl+n", "ctrl+n", "4", "2"]
    assert snap_compare(app, press=press, terminal_size=SIZE, run_before=steady_cursor)


def test_step_3_triage_should_with_reframe(app: RitualApp, snap_compare: SnapCompare) -> None:
    press = ["ctrl+n", "ctrl+n", "y", *"No bake sale cake", "enter", "enter", "enter", "enter"]
    press += ["s", "down", "down", "enter", "enter"]
    assert snap_compare(app, press=press, terminal_size=SIZE, run_before=steady_cursor)


def test_step_4_connection(app: RitualApp, snap_compare: SnapCompare) -> None:
    press = ["ctrl+n", "ctrl+n", "ctrl+n", "2"]
    assert snap_compare(app, press=press, terminal_size=SIZE, run_before=steady_cursor)


def test_step_5_todays_card(
    journal: Journal,
    profile: Profile,
    make_app: Callable[..., RitualApp],
    snap_compare: SnapCompare,
) -> None:
    profile.children.append(Child("c3", "Ada", 2012))
    journal.save_profile(profile)
    journal.save_entry(YESTERDAY_EVENING)
    app = make_app(start="morning")
    press = ["4", "enter", "down", "enter", "enter", "5", "3", "4", "y", *"Late again", "enter"]
    press += ["enter", "enter", "enter", "c", "enter", "down", "enter", "enter", "enter"]
    press += ["1", "enter", "r", "3", "enter", "5", *"1730", "enter"]
    assert snap_compare(app, press=press, terminal_size=SIZE, run_before=steady_cursor)
