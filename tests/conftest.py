"""Shared fixtures: a fixed "today", a real journal file, the content library and the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ritual.models import Child, Profile

FIXED_NOW = datetime(2026, 11, 21, 7, 30, tzinfo=UTC)
"""Saturday 21 November 2026, 08:30 in Berlin: the tests' "now"."""


class Clock:
    """A clock the test moves by hand; pass `clock.now` wherever `now` is injected."""

    def __init__(self, start: datetime = FIXED_NOW) -> None:
        self.instant = start

    def now(self) -> datetime:
        return self.instant

    def advance(self, **delta: float) -> None:
        self.instant += timedelta(**delta)

    def set(self, instant: datetime) -> None:
        self.instant = instant


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real data dir or depend on the machine's clock or colours."""
    monkeypatch.setenv("RITUAL_HOME", str(tmp_path / "ritual-home"))
    monkeypatch.delenv("RITUAL_NOW", raising=False)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def profile() -> Profile:
    return Profile(
        name="Sam",
        values=["family", "health", "craft"],
        children=[Child("c1", "Mia", 2019), Child("c2", "Leo", 2023)],
        tz="Europe/Berlin",
    )


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.json"


@pytest.fixture
def journal(journal_path: Path, clock: Clock):  # type: ignore[no-untyped-def]
    from ritual.journal import Journal

    j = Journal(journal_path, now=clock.now)
    yield j  # type: ignore[misc]
    j.close()


@pytest.fixture
def library():  # type: ignore[no-untyped-def]
    from ritual.content import load_content

    lib, warnings = load_content()
    assert warnings == []
    return lib


@pytest.fixture
def make_app(journal, library) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """Build the real app on the test journal: `make_app(start="morning")`."""

    def build(start: str | None = None):  # type: ignore[no-untyped-def]
        from screens.app import RitualApp

        return RitualApp(journal, library, start=start)

    return build
