"""SVG snapshots of each evening step at 80x24 (fixed clock: Saturday 21 November, 19:30 Berlin)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ritual.models import Profile

DAY = date(2026, 11, 21)
EVENING = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)
SIZE = (80, 24)


def keys(text: str) -> list[str]:
    """Typing `text` as key presses."""
    return ["space" if ch == " " else ch for ch in text]


def entry(kind: str, day: date, **fields: Any) -> dict[str, Any]:
    iso = day.isoformat()
    return {
        "id": f"{kind[0]}-{iso}",
        "kind": kind,
        "day": iso,
        "started_at": f"{iso}T07:00:00Z",
        "finished_at": f"{iso}T07:04:00Z",
        "saved_at": f"{iso}T07:04:00Z",
        "tz": "Europe/Berlin",
        "connections": [],
        **fields,
    }


@pytest.fixture
def evening_app(clock: Any, journal: Any, profile: Profile, make_app: Any) -> Callable[..., Any]:
    """The app opening the evening, with two earlier evenings and today's morning saved."""
    journal.save_profile(profile)
    for back in (2, 1):
        journal.save_entry(entry("evening", DAY - timedelta(days=back)))
    journal.save_entry(
        entry(
            "morning",
            DAY,
            intention="Put my phone away at dinner and really listen.",
            connections=[
                {"child": "c1", "activity": "Read a story with all the voices", "when": "bedtime"},
                {"child": "c2", "activity": "kitchen-dance", "activity_id": "kitchen-dance"},
            ],
        )
    )

    def build(at: datetime = EVENING) -> Any:
        clock.set(at)
        return make_app(start="evening")

    return build


TO_INTENTION = ["d", "4", *keys("Giggles"), "enter", "p", "3", "enter"]
SKIP_QUESTIONS = ["enter", "enter", "enter", "enter"]
TO_KIND = ["enter", *keys("I tried")]
TO_CLOSE = [*TO_INTENTION, "4", "enter", "n", "down", "enter", "enter", *keys("Books"), "enter"]


@pytest.mark.parametrize(
    "press",
    [
        pytest.param(["d", "4", *keys("Giggles 🐉")], id="1-connections"),
        pytest.param(["d", "a"], id="1-add-moment"),
        pytest.param(["ctrl+n", "4"], id="2-intention"),
        pytest.param(
            [
                "ctrl+n",
                "ctrl+n",
                "y",
                *keys("Snapped"),
                *SKIP_QUESTIONS,
                "s",
                *keys("Me"),
                *TO_KIND,
            ],
            id="3-guilt-should",
        ),
        pytest.param(["ctrl+n", "ctrl+n", "ctrl+n", "down", "down"], id="4-win"),
        pytest.param(["ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", *keys("Books")], id="5-tomorrow"),
        pytest.param(TO_CLOSE, id="6-close"),
    ],
)
def test_evening_step(snap_compare: Any, evening_app: Any, press: list[str]) -> None:
    assert snap_compare(evening_app(), press=press, terminal_size=SIZE)


def test_late_debrief_next_morning(snap_compare: Any, evening_app: Any) -> None:
    app = evening_app(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))  # Sunday 10:00 in Berlin
    assert snap_compare(app, press=["enter", "p"], terminal_size=SIZE)
