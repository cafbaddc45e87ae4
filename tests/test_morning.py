"""The morning flow, driven by real key presses on the real app at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from ritual.content import ContentLibrary
from ritual.journal import Journal
from ritual.models import Child, Profile
from screens.app import RitualApp
from screens.dialogs import ChoiceScreen
from screens.morning import MorningScreen
from screens.morning_steps import (
    ChildPage,
    ConnectionStep,
    IntentionStep,
    ValuesStep,
    intention_suggestions,
    parse_clock,
)
from screens.widgets.fields import SuggestionList, TextField
from screens.widgets.rating import ChoiceRow, Rating
from screens.widgets.step_header import bar_text
from screens.widgets.triage import GuiltTriage
from tests.pilot import burst, synchronously

DAY = date(2026, 11, 21)
YESTERDAY = "2026-11-20"
SIZE = (80, 24)

MakeApp = Callable[..., RitualApp]


# ---- helpers -----------------------------------------------------------------------


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys; Pilot waits for the app to go idle after each one."""
    await pilot.press(*keys)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused field: real key events, in a quick burst as a typist would.

    Pilot waits for the app to go idle after every key; within one field nothing moves
    the focus, so a burst is safe and much quicker.
    """
    driver = pilot.app._driver
    assert driver is not None
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        driver.send_message(events.Key(key, char))
    await pilot.pause()


async def saved(pilot: Pilot[Any], journal: Journal, day: date = DAY) -> dict[str, Any]:
    """Wait (bounded) for the save worker to write the morning entry."""
    for _ in range(300):
        entry = journal.entry_for(day, "morning")
        if entry is not None:
            return entry
        await pilot.pause(0.01)
    raise AssertionError("the morning entry was never saved")


def flow(app: RitualApp) -> MorningScreen:
    screen = app.screen
    assert isinstance(screen, MorningScreen), screen
    return screen


def step_title(app: RitualApp) -> str:
    return flow(app).current.title


def entry(kind: str, day: str, **fields: Any) -> dict[str, Any]:
    """A stored entry with the bookkeeping fields filled in."""
    return {
        "id": f"{kind[0]}-{day}",
        "kind": kind,
        "day": day,
        "started_at": f"{day}T06:00:00Z",
        "finished_at": f"{day}T06:04:00Z",
        "saved_at": f"{day}T06:04:01Z",
        "duration_s": 240,
        "tz": "Europe/Berlin",
        **fields,
    }


@pytest.fixture
def app(journal: Journal, profile: Profile, make_app: MakeApp) -> RitualApp:
    journal.save_profile(profile)
    return make_app(start="morning")


# ---- the whole flow ------------------------------------------------------------------


@synchronously
async def test_whole_flow_saves_every_field(
    app: RitualApp, journal: Journal, library: ContentLibrary
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert step_title(app) == "Arrive"
        await press(pilot, "4", "enter")

        assert step_title(app) == "Intention"
        await type_text(pilot, "Be here")
        await press(pilot, "enter")

        assert step_title(app) == "Values check"
        await press(pilot, "4", "3", "5")  # each digit moves on to the next value
        guilt_row = app.focused
        assert isinstance(guilt_row, ChoiceRow) and guilt_row.id == "guilt-question"
        await press(pilot, "y")
        await type_text(pilot, "Missed")
        await press(pilot, "enter")
        await type_text(pilot, "Mine")
        await press(pilot, "enter", "enter", "enter")  # two questions skipped
        await press(pilot, "c")  # values conflict
        await press(pilot, "down", "enter")  # Health
        action = library.actions_for("health")[0].text
        await press(pilot, "down", "enter")  # the first suggestion copied into the field
        field = flow(app).query_one("#triage-action", TextField)
        assert field.value == action and app.focused is field
        await press(pilot, "enter")
        assert flow(app).query_one(GuiltTriage).page == "done"
        await press(pilot, "enter")

        assert step_title(app) == "Connection"
        mia = flow(app).query_one("#child-0", ChildPage)
        assert mia.idea is not None
        await press(pilot, "2", "enter")
        leo = flow(app).query_one("#child-1", ChildPage)
        first_idea = leo.idea
        await press(pilot, "r")
        assert leo.idea != first_idea
        await press(pilot, "5")
        assert app.focused is leo.time
        await type_text(pilot, "1730")
        await press(pilot, "enter")

        assert step_title(app) == "Today's card"
        await press(pilot, "enter")
        saved_entry = await saved(pilot, journal)

    assert saved_entry["kind"] == "morning"
    assert saved_entry["day"] == "2026-11-21"
    assert saved_entry["mood"] == 4
    assert saved_entry["intention"] == "Be here"
    assert saved_entry["values"] == {"family": 4, "health": 3, "craft": 5}
    assert saved_entry["guilt"] == [
        {
            "text": "Missed",
            "kind": "conflict",
            "value": "health",
            "action": action,
            "whose_rule": None,
            "reframe": None,
            "answers": {"whose-rule": "Mine"},
        }
    ]
    assert saved_entry["plan"] == [action]
    assert mia.idea is not None and leo.idea is not None
    assert saved_entry["connections"] == [
        {
            "child": "c1",
            "activity": mia.idea["title"],
            "activity_id": mia.idea["id"],
            "when": "after pickup",
            "minutes": mia.idea["minutes"],
        },
        {
            "child": "c2",
            "activity": leo.idea["title"],
            "activity_id": leo.idea["id"],
            "when": "17:30",
            "minutes": leo.idea["minutes"],
        },
    ]
    for key in ("started_at", "finished_at", "duration_s", "id", "tz", "saved_at"):
        assert key in saved_entry
    assert not [k for k in saved_entry if k.startswith("_")]
    assert journal.draft("morning") is None


@synchronously
async def test_every_step_can_be_skipped(app: RitualApp, journal: Journal) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for title in ("Arrive", "Intention", "Values check", "Connection", "Today's card"):
            assert step_title(app) == title
            await press(pilot, "ctrl+n")
        saved_entry = await saved(pilot, journal)
    assert saved_entry["mood"] is None
    assert saved_entry["intention"] == ""
    assert saved_entry["values"] == {}
    assert saved_entry["guilt"] == [] and saved_entry["plan"] == []
    assert saved_entry["connections"] == []


@synchronously
async def test_enter_alone_moves_through_every_step(app: RitualApp, journal: Journal) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "enter", "enter")  # arrive, intention
        await press(pilot, "enter", "enter", "enter", "enter")  # three values, guilt question
        assert step_title(app) == "Connection"
        await press(pilot, "enter", "enter", "enter")  # two children, then the card
        saved_entry = await saved(pilot, journal)
    # Enter takes the suggested moments as they are.
    assert [c["child"] for c in saved_entry["connections"]] == ["c1", "c2"]
    assert all(c["activity_id"] for c in saved_entry["connections"])


@synchronously
async def test_escape_goes_back_and_keeps_what_was_typed(app: RitualApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter")
        await type_text(pilot, "Slow down")
        await press(pilot, "escape")
        assert step_title(app) == "Arrive"
        assert flow(app).query_one("#mood", Rating).rating == 2
        await press(pilot, "enter")
        assert flow(app).query_one("#intention", TextField).value == "Slow down"
        await press(pilot, "enter", "y")
        await type_text(pilot, "Late again")
        await press(pilot, "enter")
        assert flow(app).query_one(GuiltTriage).page == "q0"
        await press(pilot, "escape")  # back within the triage
        assert flow(app).query_one(GuiltTriage).page == "name"
        await press(pilot, "escape")  # back to the ratings
        assert flow(app).query_one(ValuesStep).page == "rate"
        await press(pilot, "escape")  # back a step
        assert step_title(app) == "Intention"


@synchronously
async def test_digits_and_arrows_rate_and_ctrl_q_keeps_a_draft(
    app: RitualApp, journal: Journal
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        mood = flow(app).query_one("#mood", Rating)
        await press(pilot, "right")
        assert mood.rating == 1
        await press(pilot, "right", "right")
        assert mood.rating == 3
        await press(pilot, "left")
        assert mood.rating == 2
        await press(pilot, "5")
        assert mood.rating == 5
        assert "full of beans" in str(mood.render())
        assert "[5]" in str(mood.render())
        await press(pilot, "ctrl+q")
    draft = journal.draft("morning")
    assert draft is not None and draft["step"] == 0 and draft["data"]["mood"] == 5
    assert draft["day"] == "2026-11-21"


# ---- drafts, resume and editing ------------------------------------------------------


@synchronously
async def test_quit_mid_triage_then_resume_restores_everything(
    journal: Journal, profile: Profile, make_app: MakeApp
) -> None:
    journal.save_profile(profile)
    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "3", "enter")
        await type_text(pilot, "Listen")
        await press(pilot, "enter", "2", "4")
        await press(pilot, "y")
        await type_text(pilot, "Snap")
        await press(pilot, "enter")
        await type_text(pilot, "Nobody")
        await press(pilot, "enter")
        await type_text(pilot, "half")
        await press(pilot, "ctrl+c")  # the app's quit; the draft is kept
    draft = journal.draft("morning")
    assert draft is not None and draft["step"] == 2

    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "enter")  # Resume
        screen = flow(app)
        assert step_title(app) == "Values check"
        triage = screen.query_one(GuiltTriage)
        assert screen.query_one(ValuesStep).page == "triage"
        assert triage.page == "q1"
        assert screen.query_one("#triage-a1", TextField).value == "half"
        assert screen.query_one("#triage-name", TextField).value == "Snap"
        assert screen.query_one("#triage-a0", TextField).value == "Nobody"
        assert screen.query_one("#value-0", Rating).rating == 2
        assert screen.query_one("#value-1", Rating).rating == 4
        assert screen.query_one("#value-2", Rating).rating is None
        assert screen.query_one("#mood", Rating).rating == 3
        assert screen.query_one("#intention", TextField).value == "Listen"
        await press(pilot, "enter", "enter", "s")  # the last question; a "should"
        await type_text(pilot, "My parents")
        await press(pilot, "enter", "enter")
        await press(pilot, "ctrl+n", "enter")  # skip the connection plan; save
        saved_entry = await saved(pilot, journal)
    note = saved_entry["guilt"][0]
    assert note["text"] == "Snap"
    assert note["answers"] == {"whose-rule": "Nobody", "value-or-expectation": "half"}
    assert note["kind"] == "should" and note["whose_rule"] == "My parents"
    assert note["reframe"]
    assert saved_entry["mood"] == 3 and saved_entry["intention"] == "Listen"


@synchronously
async def test_quit_with_q_keeps_per_child_choices(
    journal: Journal, profile: Profile, make_app: MakeApp
) -> None:
    journal.save_profile(profile)
    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")
        assert step_title(app) == "Connection"
        await press(pilot, "r", "r", "3")
        mia = flow(app).query_one("#child-0", ChildPage)
        mia_idea = mia.idea
        await press(pilot, "enter", "up")  # Leo: up to the own-idea field
        await type_text(pilot, "Pie")
        await press(pilot, "down", "down")
        await type_text(pilot, "7.15")
        await press(pilot, "up", "up")  # back out of the text fields so q is a key, not a letter
        await press(pilot, "escape", "q")  # back to Mia; q quits from the when row
    assert journal.draft("morning") is not None

    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "enter")  # Resume
        step = flow(app).query_one(ConnectionStep)
        assert step.page == 0
        mia = flow(app).query_one("#child-0", ChildPage)
        leo = flow(app).query_one("#child-1", ChildPage)
        assert mia.idea == mia_idea and mia.idea_offset == 2 and mia.when.value == "dinner"
        assert leo.own.value == "Pie"
        assert leo.when.value == "time" and leo.time.value == "7.15"
        await press(pilot, "enter", "enter", "enter")
        saved_entry = await saved(pilot, journal)
    assert saved_entry["connections"][1] == {
        "child": "c2",
        "activity": "Pie",
        "activity_id": None,
        "when": "07:15",
        "minutes": 15,
    }


@synchronously
async def test_doing_it_again_the_same_day_edits_prefilled(
    journal: Journal, profile: Profile, make_app: MakeApp, library: ContentLibrary, clock: Any
) -> None:
    journal.save_profile(profile)
    activity = library.activities_for_age(7)[0]
    original = entry(
        "morning",
        "2026-11-21",
        mood=2,
        intention="Patience 🙏 مرحبا 👩‍👧 e\u0301",
        values={"family": 5, "health": 2, "craft": 4, "retired-value": 3},
        guilt=[
            {
                "text": "Too much screen time",
                "kind": "should",
                "value": None,
                "action": None,
                "whose_rule": "Other parents",
                "reframe": library.reframes[0].id,
                "answers": {"friend-test": "No"},
            }
        ],
        plan=["Call the school"],
        connections=[
            {
                "child": "c1",
                "activity": activity.title,
                "activity_id": activity.id,
                "when": "bedtime",
                "minutes": activity.minutes,
            },
            {"child": "c2", "activity": "Bath boats", "activity_id": None, "when": "18:45"},
        ],
        notes="a field from elsewhere",
    )
    journal.save_entry(original)
    clock.advance(minutes=10)
    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "enter")  # Edit it
        screen = flow(app)
        assert screen.query_one("#mood", Rating).rating == 2
        assert screen.query_one("#intention", TextField).value == original["intention"]
        ratings = [screen.query_one(f"#value-{i}", Rating).rating for i in range(3)]
        assert ratings == [5, 2, 4]
        assert screen.query_one("#guilt-question", ChoiceRow).value == "yes"
        triage = screen.query_one(GuiltTriage)
        assert triage.collect() == original["guilt"]
        mia = screen.query_one("#child-0", ChildPage)
        leo = screen.query_one("#child-1", ChildPage)
        assert mia.idea is not None and mia.idea["id"] == activity.id
        assert mia.when.value == "bedtime"
        assert leo.own.value == "Bath boats" and leo.time.value == "18:45"
        # Enter through every step and sub-step: everything comes back as it was.
        await press(pilot, "enter", "enter")  # arrive, intention
        await press(pilot, "enter", "enter", "enter")  # the three values
        await press(pilot, "enter", "enter")  # guilt "yes": the note as saved; move on
        await press(pilot, "enter", "enter", "enter")  # two children; save
        saved_entry = original
        for _ in range(300):
            got = journal.entry_for(DAY, "morning")
            if got is not None and got["saved_at"] != original["saved_at"]:
                saved_entry = got
                break
            await pilot.pause(0.01)
    assert saved_entry is not original, "the edit was never saved"
    assert saved_entry["id"] == original["id"]
    for key in ("mood", "intention", "values", "guilt", "plan", "notes"):
        assert saved_entry[key] == original[key], key
    assert saved_entry["intention"].encode() == original["intention"].encode()
    assert saved_entry["connections"][0] == original["connections"][0]
    assert saved_entry["connections"][1] == {**original["connections"][1], "minutes": 15}
    assert len(journal.entries("morning")) == 1


# ---- children ------------------------------------------------------------------------


@synchronously
async def test_no_children_is_a_kind_line(
    journal: Journal, profile: Profile, make_app: MakeApp
) -> None:
    profile.children = []
    journal.save_profile(profile)
    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")
        assert step_title(app) == "Connection"
        text = " ".join(str(label.render()) for label in flow(app).current.query("Label"))
        assert "No children" in text
        await press(pilot, "enter", "enter")
        saved_entry = await saved(pilot, journal)
    assert saved_entry["connections"] == []


@synchronously
async def test_four_children_one_page_each_fits_80x24(
    journal: Journal, profile: Profile, make_app: MakeApp
) -> None:
    profile.children += [Child("c3", "Ada", 2012), Child("c4", "Noor-Alexandria", 2016)]
    journal.save_profile(profile)
    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")
        for index, key in enumerate(("1", "2", "3", "x")):  # x: no moment with Noor
            page = flow(app).query_one(f"#child-{index}", ChildPage)
            assert page.display
            for widget in (page.card, page.own, page.when, page.time):
                region = widget.region
                assert region.height > 0 and region.bottom <= 23, (index, widget)
            await press(pilot, key, "enter")
        assert step_title(app) == "Today's card"
        await press(pilot, "enter")
        saved_entry = await saved(pilot, journal)
    whens = [(c["child"], c["when"]) for c in saved_entry["connections"]]
    assert whens == [("c1", "before school"), ("c2", "after pickup"), ("c3", "dinner")]


# ---- the triage's two paths ----------------------------------------------------------


@synchronously
async def test_should_path_names_whose_rule_and_shows_another_reframe(
    app: RitualApp, journal: Journal, library: ContentLibrary
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+n", "ctrl+n", "y")
        await type_text(pilot, "Bake")
        await press(pilot, "enter", "enter", "enter", "enter")
        await press(pilot, "down", "enter")  # the "should" option
        triage = flow(app).query_one(GuiltTriage)
        assert triage.page == "whose"
        await press(pilot, "down", "down", "down", "down", "enter")  # a suggested source
        whose = library.whose_rules[3].text
        assert flow(app).query_one("#triage-whose", TextField).value == whose
        await press(pilot, "enter")
        assert triage.page == "done"
        first = triage.note["reframe"]
        reframes = {r.id: r.text for r in library.reframes}
        assert reframes[first] in str(triage.card_text())
        await press(pilot, "r")
        assert triage.note["reframe"] != first
        assert reframes[triage.note["reframe"]] in str(triage.card_text())
        await press(pilot, "enter", "ctrl+n", "enter")
        saved_entry = await saved(pilot, journal)
    (note,) = saved_entry["guilt"]
    assert note["kind"] == "should" and note["whose_rule"] == whose
    assert note["reframe"] == triage.note["reframe"]
    assert saved_entry["plan"] == []


@synchronously
async def test_conflict_with_own_action_joins_the_plan(app: RitualApp, journal: Journal) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+n", "ctrl+n", "n")
        assert step_title(app) == "Connection"  # n: no guilt today, move on
        await press(pilot, "escape", "y")
        await type_text(pilot, "Late")
        await press(pilot, "enter", "enter", "enter", "enter", "enter")  # conflict is first
        await press(pilot, "enter")  # Family
        await type_text(pilot, "Home at 6")
        await press(pilot, "enter")
        card = flow(app).query_one("#triage-card")
        assert "Home at 6" in str(card.render()) and "joins today's plan" in str(card.render())
        await press(pilot, "a")  # name another one, then leave it blank
        assert flow(app).query_one(GuiltTriage).page == "name"
        await press(pilot, "escape")
        await press(pilot, "enter", "ctrl+n", "enter")
        saved_entry = await saved(pilot, journal)
    assert saved_entry["plan"] == ["Home at 6"]
    (note,) = saved_entry["guilt"]
    assert note["kind"] == "conflict" and note["value"] == "family"


# ---- yesterday -----------------------------------------------------------------------


@synchronously
async def test_tomorrow_note_and_conflict_action_come_first(
    journal: Journal, profile: Profile, make_app: MakeApp
) -> None:
    journal.save_profile(profile)
    journal.save_entry(
        entry(
            "evening",
            YESTERDAY,
            tomorrow_note="Start with the hard email",
            guilt=[
                {"text": "Phone at dinner", "kind": "conflict", "action": "Phone in the hall"},
                {"text": "Messy house", "kind": "should", "action": None},
            ],
        )
    )
    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "enter")
        step = flow(app).query_one(IntentionStep)
        note = step.query_one("#tomorrow-note")
        assert "Start with the hard email" in str(note.render())
        assert note.region.y < step.field.region.y  # shown first, above the field
        suggestions = step.query_one(SuggestionList)
        assert suggestions.texts[:2] == ["Phone in the hall", "Start with the hard email"]
        await press(pilot, "down", "enter", "enter")
        assert flow(app).data["intention"] == "Phone in the hall"


def test_suggestions_favour_the_users_values(profile: Profile, library: ContentLibrary) -> None:
    from ritual.today import DayContext

    texts = intention_suggestions(DayContext(day=DAY, profile=profile), library)
    first = library.intentions_for(profile.values)[0]
    assert texts[0] == first.text
    assert set(first.values) & set(profile.values)


@synchronously
async def test_todays_idea_is_not_yesterdays(
    journal: Journal, profile: Profile, make_app: MakeApp, library: ContentLibrary
) -> None:
    journal.save_profile(profile)
    mia = profile.children[0]
    seed = f"{DAY.isoformat()}:{mia.id}"
    usual = library.suggest_activity(mia.age(DAY), (), 0, seed)
    journal.save_entry(
        entry(
            "morning",
            YESTERDAY,
            connections=[
                {"child": "c1", "activity": usual.title, "activity_id": usual.id, "when": "dinner"}
            ],
        )
    )
    app = make_app(start="morning")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")
        page = flow(app).query_one("#child-0", ChildPage)
        seen = []
        for _ in range(6):
            assert page.idea is not None
            seen.append(page.idea["id"])
            await press(pilot, "r")
    assert usual.id not in seen
    assert len(set(seen)) > 1


# ---- pure helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("17:30", "17:30"),
        ("7:05", "07:05"),
        ("7.15", "07:15"),
        ("1730", "17:30"),
        ("730", "07:30"),
        ("7", "07:00"),
        (" 8h00 ", "08:00"),
        ("24:00", None),
        ("7:60", None),
        ("tea time", None),
        ("", None),
    ],
)
def test_parse_clock(text: str, clock: str | None) -> None:
    assert parse_clock(text) == clock


@pytest.mark.parametrize(
    ("seconds", "bar"),
    [(0, "──────────────"), (150, "━━━━━━━───────"), (300, "━━━━━━━━━━━━━━"), (900, "━" * 14)],
)
def test_the_time_bar_reads_without_colour(seconds: int, bar: str) -> None:
    """Spent and left are two shapes of line, so NO_COLOR still shows the time used."""
    assert bar_text(seconds).plain == bar


@synchronously
async def test_keys_typed_just_before_enter_are_kept(app: RitualApp, journal: Journal) -> None:
    """A burst (a fast typist, or SSH) delivers "4 Enter" and a sentence with its Enter at once.

    Enter is handled as it arrives; the keys before it may still wait in the field. They
    must reach the entry all the same.
    """
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        driver = pilot.app._driver
        assert driver is not None
        driver.send_message(events.Key("4", "4"))
        driver.send_message(events.Key("enter", "\r"))
        await pilot.pause()
        sentence = "Be fully there at bedtime"
        for char in sentence:
            driver.send_message(events.Key(char if char.isalnum() else "space", char))
        driver.send_message(events.Key("enter", "\r"))
        await pilot.pause()
        await pilot.pause()
        screen = flow(app)
        assert screen.index == 2
        assert screen.data["mood"] == 4
        assert screen.data["intention"] == sentence
        draft = journal.draft("morning")
        for _ in range(100):
            draft = journal.draft("morning")
            if draft is not None and draft["data"].get("intention") == sentence:
                break
            await pilot.pause(0.01)
        assert draft is not None and draft["data"]["intention"] == sentence


@synchronously
async def test_values_rated_in_one_burst_each_go_to_their_own_row(app: RitualApp) -> None:
    """ "5 4 3 n" arriving at once rates family, health and craft, then answers no guilt."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "4", "enter")
        await type_text(pilot, "Be here")
        await press(pilot, "enter")
        assert step_title(app) == "Values check"
        await burst(pilot, "5", "4", "3", "n")
        assert flow(app).data["values"] == {"family": 5, "health": 4, "craft": 3}
        assert step_title(app) == "Connection"


@synchronously
async def test_a_time_typed_in_one_burst_after_5_reaches_the_time_field(app: RitualApp) -> None:
    """ "5 1730" arriving at once: "a time" is chosen and 1730 is the time, not more rows."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")  # arrive, intention, values
        assert step_title(app) == "Connection"
        mia = flow(app).query_one("#child-0", ChildPage)
        assert app.focused is mia.when
        await burst(pilot, "5", "1", "7", "3", "0")
        assert mia.when.value == "time" and mia.time.value == "1730"
        assert app.focused is mia.time
