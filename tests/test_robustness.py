"""Pastes, odd text and resizes: nothing typed is lost, nothing breaks, keys finish the flow."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.drivers.headless_driver import HeadlessDriver
from textual.geometry import Size
from textual.keys import _character_to_key
from textual.pilot import Pilot

from ritual.journal import Journal
from ritual.models import Profile
from screens.app import RitualApp
from screens.morning import MorningScreen
from screens.morning_steps import ChildPage
from screens.widgets.fields import LINE_JOINER, LINE_LIMIT, TextField, clean_text, one_line
from screens.widgets.triage import GuiltTriage
from tests.pilot import synchronously

DAY = date(2026, 11, 21)
SIZE = (80, 24)

FAMILY = "👩‍👩‍👧‍👦"  # a ZWJ sequence
TEXTS = {
    "intention": f"Be kind {FAMILY} e\u0301te\u0301 — שלום עולם ✨ 你好，世界 ﷽",
    "guilt": "Ich habe 🙈 vergessen: مرحبا بالعالم \u200f(RTL mark) ok",
    "own": "Pfannkuchen 🥞 ＷＩＤＥ ｆｕｌｌ width ā̈ ⚽️",
}
"""Emoji, ZWJ, combining marks, right-to-left and wide text: stored byte for byte."""


async def resize(pilot: Pilot[Any], width: int, height: int) -> None:
    """Resize the way a dragged terminal window does: a quick stream of sizes.

    `Pilot.resize_terminal` waits for the app to go idle after each size (a tenth of a
    second here). Each size reaches the app as its own Resize event; the app's 1/120 s
    debounce merges some of them, exactly as it does for a window dragged in a terminal,
    and Pilot's pause draws whatever size is current.
    """
    size = Size(width, height)
    driver = pilot.app._driver
    if isinstance(driver, HeadlessDriver):
        driver._size = size
    pilot.app.post_message(events.Resize(size, size))
    await pilot.pause(0.005)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused field: real key events, in a quick burst as a typist would."""
    driver = pilot.app._driver
    assert driver is not None
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        driver.send_message(events.Key(key, char))
    await pilot.pause()


async def paste(pilot: Pilot[Any], text: str) -> None:
    """Paste into whatever has the focus, as a terminal's bracketed paste does."""
    focused = pilot.app.focused
    assert focused is not None
    focused.post_message(events.Paste(text))
    await pilot.pause()


async def saved(pilot: Pilot[Any], journal: Journal, newer_than: str = "") -> dict[str, Any]:
    for _ in range(300):
        entry = journal.entry_for(DAY, "morning")
        if entry is not None and entry.get("saved_at", "") > newer_than:
            return entry
        await pilot.pause(0.005)
    raise AssertionError("the morning entry was never saved")


def flow(app: RitualApp) -> MorningScreen:
    assert isinstance(app.screen, MorningScreen), app.screen
    return app.screen


@pytest.fixture
def app(journal: Journal, profile: Profile, make_app: Callable[..., RitualApp]) -> RitualApp:
    journal.save_profile(profile)
    return make_app(start="morning")


# ---- pure: what a paste becomes ------------------------------------------------------


def test_multi_line_paste_is_joined_visibly() -> None:
    assert one_line("first\nsecond\r\nthird\rfourth") == "first / second / third / fourth"
    assert one_line("a\n\n\n  \nb\n") == "a / b"
    assert one_line("tab\there") == "tab here"
    assert one_line("bell\x07 and \x1b[31mescape\x00") == "bell and [31mescape"


def test_clean_text_keeps_every_printable_character() -> None:
    for text in TEXTS.values():
        assert clean_text(text) == text
        assert one_line(text) == text
    assert clean_text("lone \ud800 surrogate") == "lone \ufffd surrogate"


@given(st.text())
def test_one_line_never_holds_a_control_character(text: str) -> None:
    line = one_line(text)
    assert "\n" not in line and "\r" not in line
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in line)
    line.encode("utf-8")  # always storable


@given(st.lists(st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]))))
def test_one_line_keeps_every_line_in_order(lines: list[str]) -> None:
    kept = [line for line in lines if line.strip()]
    assert one_line("\n".join(lines)) == LINE_JOINER.join(kept)


# ---- pastes into the real fields -------------------------------------------------------


@synchronously
async def test_unicode_comes_back_byte_identical_after_save_and_edit(
    app: RitualApp, journal: Journal, make_app: Callable[..., RitualApp], clock: Any
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await paste(pilot, TEXTS["intention"])
        await pilot.press("enter", "y")
        await paste(pilot, TEXTS["guilt"])
        await pilot.press("enter", "enter", "enter", "enter", "s", "enter", "enter")
        assert flow(app).current.title == "Connection"
        await pilot.press("up")  # Mia: the own-idea field
        await paste(pilot, TEXTS["own"])
        await pilot.press("enter", "enter", "enter")
        first = await saved(pilot, journal)
    assert first["intention"].encode() == TEXTS["intention"].encode()
    assert first["guilt"][0]["text"].encode() == TEXTS["guilt"].encode()
    assert first["connections"][0]["activity"].encode() == TEXTS["own"].encode()

    clock.advance(minutes=5)
    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # Edit it
        screen = flow(app)
        assert screen.query_one("#intention", TextField).value == TEXTS["intention"]
        assert screen.query_one(GuiltTriage).notes[0]["text"] == TEXTS["guilt"]
        assert screen.query_one("#own-0", TextField).value == TEXTS["own"]
        for _ in range(5):
            await pilot.press("ctrl+n")
        again = await saved(pilot, journal, newer_than=first["saved_at"])
    for key in ("intention", "guilt", "connections"):
        assert again[key] == first[key]


@synchronously
async def test_multi_line_paste_into_a_line_field_keeps_every_line(app: RitualApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await paste(pilot, "Breathe.\nThen answer.\r\n\nThen \x1b[1mcoffee\x07.")
        field = flow(app).query_one("#intention", TextField)
        assert field.value == "Breathe. / Then answer. / Then [1mcoffee."
        # A paste while the suggestions have the focus still lands in the field.
        await pilot.press("down")
        await paste(pilot, " More\nlines")
        assert field.value.endswith("coffee. More / lines")
        assert pilot.app.focused is field
        # Where there is no field, the paste is not silently dropped: it says so.
        await pilot.press("escape")
        await paste(pilot, "stray")
        assert any("nothing was pasted" in n.message for n in app._notifications)


@synchronously
async def test_a_100_kb_paste_is_cut_at_the_limit_and_says_so(
    app: RitualApp, journal: Journal
) -> None:
    rng = random.Random(7)
    words = ["quiet", "morning", "🌅", "כן", "日本", "e\u0301", "tea"]
    lines = [" ".join(rng.choice(words) for _ in range(12)) for _ in range(2000)]
    huge = "\n".join(lines)
    assert len(huge.encode()) > 100_000
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        field = flow(app).query_one("#intention", TextField)
        await paste(pilot, huge)
        expected = one_line(huge)[:LINE_LIMIT]
        assert field.value == expected
        assert "limit reached" in str(field.border_subtitle)
        assert "not pasted" in str(field.border_subtitle)
        assert any("not pasted" in n.message for n in app._notifications)
        # Typing past the limit is refused visibly, not silently.
        await pilot.press("x")
        assert field.value == expected
        assert "limit reached" in str(field.border_subtitle)
        # Deleting makes room again and the note goes.
        await pilot.press("backspace", "backspace", "backspace")
        assert "limit" not in str(field.border_subtitle)
        await pilot.press("enter", "ctrl+n", "ctrl+n", "enter")
        entry = await saved(pilot, journal)
    assert entry["intention"] == expected[:-3]


# ---- resizes ------------------------------------------------------------------------------


@synchronously
async def test_200_random_resizes_during_the_flow_lose_nothing(
    app: RitualApp, journal: Journal
) -> None:
    rng = random.Random(2026)
    sizes = [(rng.randint(40, 100), rng.randint(12, 32)) for _ in range(200)]
    script: list[tuple[str, ...] | str] = [
        ("4", "enter"),
        "Small steps",
        ("enter", "5", "4", "3", "y"),
        "Late",
        ("enter", "enter", "enter", "enter", "c", "enter"),
        "Walk",
        ("enter", "enter"),
        ("2", "enter"),
        ("r", "4", "enter"),
    ]
    async with app.run_test(size=SIZE) as pilot:
        chunk = len(sizes) // len(script)
        for index, keys in enumerate(script):
            for width, height in sizes[index * chunk : (index + 1) * chunk]:
                await resize(pilot, width, height)
            # Every step is worked through at the smallest size, by keyboard alone.
            await pilot.resize_terminal(40, 12)
            if isinstance(keys, str):
                await type_text(pilot, keys)
            else:
                await pilot.press(*keys)
        for width, height in sizes[len(script) * chunk :]:
            await resize(pilot, width, height)
        await pilot.resize_terminal(40, 12)
        screen = flow(app)
        assert screen.current.title == "Today's card"
        leo = screen.query_one("#child-1", ChildPage)
        assert leo.idea is not None
        await pilot.press("enter")
        entry = await saved(pilot, journal)
    assert entry["mood"] == 4
    assert entry["intention"] == "Small steps"
    assert entry["values"] == {"family": 5, "health": 4, "craft": 3}
    assert entry["plan"] == ["Walk"]
    (note,) = entry["guilt"]
    assert (note["text"], note["kind"], note["value"]) == ("Late", "conflict", "family")
    whens = [(c["child"], c["when"]) for c in entry["connections"]]
    assert whens == [("c1", "after pickup"), ("c2", "bedtime")]
    assert entry["connections"][1]["activity_id"] == leo.idea["id"]
