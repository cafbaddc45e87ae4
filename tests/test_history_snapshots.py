"""80x24 snapshots of history (empty, one week, ten years: every section) and of one past day."""

from __future__ import annotations

from typing import Any

import pytest
from test_history import fill, one_week, ten_years

from ritual.journal import Journal
from ritual.models import Profile

SIZE = (80, 24)


def test_history_empty_journal(
    snap_compare: Any, make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, [])
    assert snap_compare(make_app(start="history"), terminal_size=SIZE)


def test_history_one_week(
    snap_compare: Any, make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    assert snap_compare(make_app(start="history"), terminal_size=SIZE)


@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5", "6"], ids=lambda k: f"section-{k}")
def test_history_ten_years(
    snap_compare: Any, make_app: Any, journal: Journal, profile: Profile, key: str
) -> None:
    fill(journal, profile, ten_years())
    assert snap_compare(make_app(start="history"), terminal_size=SIZE, press=[key])


def test_history_ten_years_light_theme(
    snap_compare: Any, make_app: Any, journal: Journal, profile: Profile
) -> None:
    profile.theme = "textual-light"
    fill(journal, profile, ten_years())
    assert snap_compare(make_app(start="history"), terminal_size=SIZE, press=["up"])


def test_day_view_of_a_past_day(
    snap_compare: Any, make_app: Any, journal: Journal, profile: Profile
) -> None:
    fill(journal, profile, one_week())
    # From today (Sat 21) one day up and one week left: Friday 13... then a week right and
    # four days up: Monday 16, the day with both kinds of guilt.
    keys = ["up", "left", "right", "up", "up", "up", "up", "enter"]
    assert snap_compare(make_app(start="history"), terminal_size=SIZE, press=keys)
