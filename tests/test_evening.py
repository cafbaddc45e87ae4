"""The evening debrief through real key presses on the real app, and its pure parts."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from ritual.models import Child, Profile
from ritual.streaks import StreakFigures, all_figures, figures
from ritual.today import streak_figures
from screens.dialogs import ChoiceScreen
from screens.evening import (
    EveningScreen,
    GuiltStep,
    IntentionStep,
    TomorrowStep,
    WinStep,
    close_lines,
    is_heavy,
    tonight_counted,
)
from screens.evening_moments import ConnectionsStep, moments_for
from screens.widgets.fields import SuggestionList, TextField
from screens.widgets.step_header import StepHeader
from tests.pilot import burst, synchronously

DAY = date(2026, 11, 21)
EVENING = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)
"""Saturday 21 November 2026, 19:30 in Berlin."""

PLANNED = [
    {"child": "c1", "activity": "Read a story with all the voices", "when": "bedtime"},
    {"child": "c2", "activity": "kitchen-dance", "activity_id": "kitchen-dance", "when": "dinner"},
]


def morning(day: date = DAY, connections: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    iso = day.isoformat()
    return {
        "id": f"m-{iso}",
        "kind": "morning",
        "day": iso,
        "started_at": f"{iso}T07:00:00Z",
        "finished_at": f"{iso}T07:04:00Z",
        "saved_at": f"{iso}T07:04:00Z",
        "tz": "Europe/Berlin",
        "mood": 3,
        "intention": "Put my phone away at dinner and really listen.",
        "connections": PLANNED if connections is None else connections,
    }


def evening(day: date, **fields: Any) -> dict[str, Any]:
    iso = day.isoformat()
    base: dict[str, Any] = {
        "id": f"e-{iso}",
        "kind": "evening",
        "day": iso,
        "started_at": f"{iso}T19:00:00Z",
        "finished_at": f"{iso}T19:04:00Z",
        "saved_at": f"{iso}T19:04:00Z",
        "tz": "Europe/Berlin",
        "late": False,
        "connections": [],
    }
    base.update(fields)
    return base


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def press(pilot: Pilot[Any], *keys: str) -> None:
    await pilot.press(*keys)


async def saved(
    pilot: Pilot[Any], journal: Any, day: date, done: Callable[[dict[str, Any]], bool] = bool
) -> dict[str, Any]:
    """The evening entry of `day` once the app's save worker has written it."""
    for _ in range(100):
        entry = journal.entry_for(day, "evening")
        if entry is not None and done(entry):
            return dict(entry)
        await pilot.pause(0.05)
    raise AssertionError("the evening was not saved")


async def open_evening(pilot: Pilot[Any]) -> EveningScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EveningScreen)
    return screen


async def at_intention(pilot: Pilot[Any]) -> EveningScreen:
    """Open the evening and skip the connections: the intention step, its rating focused."""
    screen = await open_evening(pilot)
    await press(pilot, "ctrl+n")
    assert step_of(pilot) == "Intention"
    return screen


def close_text(screen: EveningScreen) -> str:
    """The close's summary as shown, one sentence a line."""
    return "\n".join(str(line.render()) for line in screen.query("#close-summary Static"))


def step_of(pilot: Pilot[Any]) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, EveningScreen)
    return screen.current.title


@pytest.fixture
def at_evening(clock: Any, journal: Any, profile: Profile) -> Any:
    clock.set(EVENING)
    journal.save_profile(profile)
    return journal


# ---- whole flows ------------------------------------------------------------------------


@synchronously
async def test_whole_flow_with_a_morning_saves_every_field(
    at_evening: Any, clock: Any, make_app: Any, library: Any
) -> None:
    journal = at_evening
    journal.save_entry(evening(DAY - timedelta(days=2), connections=[]))
    journal.save_entry(evening(DAY - timedelta(days=1), connections=[]))
    journal.save_entry(morning())
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evening(pilot)
        header = str(screen.query_one(StepHeader).render())
        assert "Evening · step 1 of 6 · Connections" in header
        assert "0:00 / 5:00" in header
        # 1. Both planned moments, pre-filled from the morning.
        step = screen.query_one(ConnectionsStep)
        assert [m.child for m in step.moments] == ["c1", "c2"]
        assert "Mia: Read a story with all the voices" in str(
            step.query_one("#moment-title").render()
        )
        await press(pilot, "d", "4")
        await type_text(pilot, "Fun 🐉")
        await press(pilot, "enter")
        assert "Leo: Kitchen dance party" in str(step.query_one("#moment-title").render())
        await press(pilot, "p", "3", "enter")
        # 2. Intention.
        assert step_of(pilot) == "Intention"
        assert "Put my phone away at dinner" in str(screen.query_one("#intention-text").render())
        await press(pilot, "4")
        await type_text(pilot, "Yes")
        await press(pilot, "enter")
        # 3. Guilt check: a "should", with kind words.
        assert step_of(pilot) == "Guilt check"
        await press(pilot, "y")
        await type_text(pilot, "Shoes")
        await press(pilot, "enter", "enter", "enter", "enter")  # three questions skipped
        await press(pilot, "s")
        await type_text(pilot, "Them")
        await press(pilot, "enter")
        guilt = screen.query_one(GuiltStep)
        assert guilt.triage.at_end()
        kind_words = screen.query_one("#kind-words", TextField)
        assert kind_words.has_focus
        await type_text(pilot, "I tried")
        await press(pilot, "enter")
        # 4. A win, picked from the suggestions.
        assert step_of(pilot) == "A win"
        first_strength = screen.query_one("#win-suggestions", SuggestionList).texts[0]
        assert first_strength in {s.text for s in library.strengths}
        await press(pilot, "down", "enter", "enter")
        # 5. A note for tomorrow.
        assert step_of(pilot) == "For tomorrow"
        await type_text(pilot, "Books")
        await press(pilot, "enter")
        # 6. Close: a kind summary and the streaks with tonight counted.
        assert step_of(pilot) == "Close"
        summary = close_text(screen)
        assert "Mia (done) and Leo (partly)" in summary
        assert "“I tried”" in summary
        assert "3 evenings in a row" in str(screen.query_one("#close-streaks").render())
        clock.advance(seconds=200)
        await press(pilot, "enter")
        entry = await saved(pilot, journal, DAY)
    assert entry.pop("id").startswith("e-")
    note = entry.pop("guilt")
    assert entry == {
        "kind": "evening",
        "day": "2026-11-21",
        "late": False,
        "tz": "Europe/Berlin",
        "started_at": "2026-11-21T18:30:00Z",
        "finished_at": "2026-11-21T18:33:20Z",
        "saved_at": "2026-11-21T18:33:20Z",
        "duration_s": 200,
        "connections": [
            {
                "child": "c1",
                "activity": "Read a story with all the voices",
                "activity_id": None,
                "status": "done",
                "note": "Fun 🐉",
                "feeling": 4,
                "planned": True,
            },
            {
                "child": "c2",
                "activity": "kitchen-dance",
                "activity_id": "kitchen-dance",
                "status": "partly",
                "note": "",
                "feeling": 3,
                "planned": True,
            },
        ],
        "intention": "Put my phone away at dinner and really listen.",
        "intention_score": 4,
        "intention_note": "Yes",
        "win": first_strength,
        "tomorrow_note": "Books",
    }
    assert len(note) == 1
    assert note[0]["text"] == "Shoes"
    assert note[0]["kind"] == "should"
    assert note[0]["whose_rule"] == "Them"
    assert note[0]["kind_words"] == "I tried"
    assert note[0]["prompt"] in {p.id for p in library.self_compassion_prompts}
    # The streak the close told is the one `ritual status` now computes.
    figs = streak_figures(journal.profile(), journal.entries(), DAY)
    assert figs["evening"].current == 3


@synchronously
async def test_without_a_morning_each_child_is_listed_and_nothing_is_prefilled(
    at_evening: Any, make_app: Any
) -> None:
    journal = at_evening
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evening(pilot)
        step = screen.query_one(ConnectionsStep)
        assert [(m.child, m.planned, m.activity) for m in step.moments] == [
            ("c1", False, ""),
            ("c2", False, ""),
        ]
        assert "Mia: any time together today?" in str(step.query_one("#moment-title").render())
        await press(pilot, "n", "enter")  # Mia: not today
        await press(pilot, "enter")  # Leo: left unanswered
        assert step_of(pilot) == "Intention"
        assert "No intention was set" in str(screen.query_one("#intention-text").render())
        await press(pilot, "enter")
        await press(pilot, "n")  # nothing weighs tonight: moves on
        assert step_of(pilot) == "A win"
        await press(pilot, "ctrl+n", "ctrl+n")
        assert step_of(pilot) == "Close"
        await press(pilot, "enter")
        entry = await saved(pilot, journal, DAY)
    assert entry["connections"] == [
        {
            "child": "c1",
            "activity": "",
            "activity_id": None,
            "status": "missed",
            "note": "",
            "feeling": None,
            "planned": False,
        }
    ]
    assert entry["intention"] == ""
    assert entry["intention_score"] is None
    assert entry["guilt"] == []
    assert (entry["win"], entry["tomorrow_note"], entry["late"]) == ("", "", False)


@synchronously
async def test_each_connection_status_by_letter_or_digit(at_evening: Any, make_app: Any) -> None:
    journal = at_evening
    keys = ["d", "p", "n", "1", "2", "3"]
    plan = [{"child": f"c{1 + i % 2}", "activity": f"Moment {k}"} for i, k in enumerate(keys)]
    journal.save_entry(morning(connections=plan))
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evening(pilot)
        note = screen.query_one("#moment-note", TextField)
        assert note.disabled  # the feeling and note open once the status is picked
        await pilot.press("4")  # the feeling is closed, and "4" is no status
        assert note.disabled and screen.query_one(ConnectionsStep).moments[0].status is None
        for key in keys:
            await pilot.press(key, "enter")
        assert step_of(pilot) == "Intention"
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", "enter")
        entry = await saved(pilot, journal, DAY)
    got = [(c["activity"], c["status"]) for c in entry["connections"]]
    assert got == [
        ("Moment d", "done"),
        ("Moment p", "partly"),
        ("Moment n", "missed"),
        ("Moment 1", "done"),
        ("Moment 2", "partly"),
        ("Moment 3", "missed"),
    ]


@synchronously
async def test_values_conflict_action_comes_first_next_morning(
    at_evening: Any, clock: Any, make_app: Any
) -> None:
    journal = at_evening
    journal.save_entry(morning())
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evening(pilot)
        await press(pilot, "ctrl+n", "ctrl+n")
        assert step_of(pilot) == "Guilt check"
        await press(pilot, "y")
        await type_text(pilot, "Bath")
        await press(pilot, "enter", "enter", "enter", "enter", "c")
        await press(pilot, "enter")  # the first value: family
        await type_text(pilot, "Shut at 6")
        await press(pilot, "enter")
        assert screen.query_one(GuiltStep).triage.at_end()
        await press(pilot, "enter")
        await press(pilot, "ctrl+n")
        assert step_of(pilot) == "For tomorrow"
        assert "Shut at 6" in str(
            screen.query_one(TomorrowStep).query_one("#tomorrow-action").render()
        )
        await type_text(pilot, "Swim bag")
        await press(pilot, "enter")
        assert "Tomorrow's one small change: Shut at 6" in close_text(screen)
        await press(pilot, "enter")
        entry = await saved(pilot, journal, DAY)
        [note] = entry["guilt"]
        assert (note["kind"], note["value"], note["action"]) == (
            "conflict",
            "family",
            "Shut at 6",
        )
        assert entry["connections"] == []  # step 1 skipped: nothing answered
        # The next morning opens with tonight's note and the action first.
        clock.set(datetime(2026, 11, 22, 7, 0, tzinfo=UTC))
        await press(pilot, "m")
        await press(pilot, "enter")  # arrive
        morning_screen = app.screen
        assert "Swim bag" in str(morning_screen.query_one("#tomorrow-note").render())
        suggestions = morning_screen.query_one("#intention-suggestions", SuggestionList)
        assert suggestions.texts[:2] == ["Shut at 6", "Swim bag"]


@synchronously
async def test_adding_a_moment_that_was_not_planned(at_evening: Any, make_app: Any) -> None:
    journal = at_evening
    journal.save_entry(morning(connections=PLANNED[:1]))
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evening(pilot)
        await press(pilot, "d", "a")
        assert type(app.screen).__name__ == "AddMomentScreen"
        await press(pilot, "down", "enter")  # Leo
        await type_text(pilot, "Walk")
        await press(pilot, "enter")
        assert app.screen is screen
        step = screen.query_one(ConnectionsStep)
        assert (step.index, len(step.moments)) == (1, 2)
        assert "Leo: Walk" in str(step.query_one("#moment-title").render())
        await press(pilot, "5")
        note = screen.query_one("#moment-note", TextField)
        assert note.has_focus
        note.post_message(events.Paste("In the rain\nwith boots"))  # a multi-line paste
        await press(pilot, "enter")
        assert step_of(pilot) == "Intention"
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", "enter")
        entry = await saved(pilot, journal, DAY)
    assert entry["connections"][1] == {
        "child": "c2",
        "activity": "Walk",
        "activity_id": None,
        "status": "done",
        "note": "In the rain / with boots",
        "feeling": 5,
        "planned": False,
    }
    assert entry["connections"][0]["status"] == "done"


# ---- late, drafts, edits ----------------------------------------------------------------


@synchronously
async def test_after_midnight_the_evening_belongs_to_the_ritual_day_before(
    at_evening: Any, clock: Any, make_app: Any
) -> None:
    journal = at_evening
    journal.save_entry(morning())
    clock.set(datetime(2026, 11, 21, 23, 40, tzinfo=UTC))  # 00:40 on Sunday in Berlin
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evening(pilot)
        assert not screen.late
        assert [m.child for m in screen.query_one(ConnectionsStep).moments] == ["c1", "c2"]
        await press(pilot, "d", "enter", "enter")
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", "enter")
        entry = await saved(pilot, journal, DAY)
    assert (entry["day"], entry["late"]) == ("2026-11-21", False)
    assert journal.entry_for(DAY + timedelta(days=1), "evening") is None


@synchronously
async def test_next_morning_before_noon_a_missed_evening_is_done_late(
    at_evening: Any, clock: Any, make_app: Any
) -> None:
    journal = at_evening
    journal.save_entry(morning())
    clock.set(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))  # Sunday 10:00 in Berlin
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "enter")  # "Debrief yesterday (late)"
        screen = await open_evening(pilot)
        assert screen.late
        assert "Evening (late) · step 1 of 6" in str(screen.query_one(StepHeader).render())
        assert "Saturday 21 November" in str(screen.query_one("#moment-where").render())
        assert [m.child for m in screen.query_one(ConnectionsStep).moments] == ["c1", "c2"]
        await press(pilot, "p", "enter", "enter")
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        assert "marked late" in str(screen.query_one("#close-thanks").render())
        await press(pilot, "enter")
        entry = await saved(pilot, journal, DAY)
    assert (entry["day"], entry["late"]) == ("2026-11-21", True)
    assert entry["connections"][0]["status"] == "partly"
    assert journal.entry_for(DAY + timedelta(days=1), "evening") is None


@synchronously
async def test_quitting_keeps_a_draft_that_resumes_where_it_stopped(
    at_evening: Any, clock: Any, make_app: Any
) -> None:
    journal = at_evening
    journal.save_entry(morning())
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evening(pilot)
        await press(pilot, "d", "5")
        await type_text(pilot, "Ha")
        await press(pilot, "enter", "enter")
        await press(pilot, "3")
        await type_text(pilot, "Half")
        clock.advance(seconds=90)
        await press(pilot, "ctrl+q")
    draft = journal.draft("evening")
    assert draft is not None and draft["step"] == 1 and draft["elapsed_s"] == 90
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "enter")  # Resume
        screen = await open_evening(pilot)
        assert step_of(pilot) == "Intention"
        assert screen.query_one(IntentionStep).query_one(TextField).value == "Half"
        await press(pilot, "escape")
        moments = screen.query_one(ConnectionsStep).moments
        assert (moments[0].status, moments[0].feeling, moments[0].note) == ("done", 5, "Ha")
        assert moments[1].status is None
        clock.advance(seconds=30)
        await press(pilot, "ctrl+n", "enter", "ctrl+n", "ctrl+n", "ctrl+n", "enter")
        entry = await saved(pilot, journal, DAY)
    assert entry["duration_s"] == 120
    assert (entry["intention_score"], entry["intention_note"]) == (3, "Half")
    assert [c["note"] for c in entry["connections"]] == ["Ha"]
    assert journal.draft("evening") is None


@synchronously
async def test_edit_again_keeps_the_entry_and_its_answers(at_evening: Any, make_app: Any) -> None:
    journal = at_evening
    journal.save_entry(morning())
    done = {"child": "c1", "activity": "Read a story with all the voices", "activity_id": None}
    added = {"child": "c2", "activity": "Puddles", "activity_id": None, "planned": False}
    old = evening(
        DAY,
        late=False,
        duration_s=240,
        intention="Put my phone away at dinner and really listen.",
        intention_score=2,
        intention_note="",
        connections=[
            {**done, "status": "done", "note": "Voices", "feeling": 5, "planned": True},
            {**added, "status": "done", "note": "", "feeling": 4},
        ],
        guilt=[{"text": "Late again", "kind": "conflict", "action": "Leave at five"}],
        win="Kept a promise",
        tomorrow_note="",
    )
    journal.save_entry(old)
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "enter")  # Edit it
        screen = await open_evening(pilot)
        moments = screen.query_one(ConnectionsStep).moments
        assert [(m.child, m.status, m.planned) for m in moments] == [
            ("c1", "done", True),
            ("c2", None, True),
            ("c2", "done", False),
        ]
        await press(pilot, "enter", "enter", "enter")
        assert step_of(pilot) == "Intention"
        await press(pilot, "enter", "enter")  # the guilt note is shown done: move on
        assert step_of(pilot) == "A win"
        win = screen.query_one(WinStep).query_one(TextField)
        assert win.value == "Kept a promise"
        win.value = ""
        await type_text(pilot, "Sorry")
        await press(pilot, "enter", "enter", "enter")
        entry = await saved(pilot, journal, DAY, lambda e: e.get("win") == "Sorry")
    assert entry["id"] == "e-2026-11-21"
    assert entry["duration_s"] == 240
    assert entry["started_at"] == old["started_at"]
    assert entry["connections"] == old["connections"]
    assert entry["guilt"][0]["action"] == "Leave at five"
    assert entry["intention_score"] == 2
    assert len(journal.entries("evening")) == 1


@synchronously
async def test_four_children_fit_at_80x24(clock: Any, journal: Any, make_app: Any) -> None:
    clock.set(EVENING)
    kids = [Child(f"c{i}", name, 2015 + i) for i, name in enumerate(["Ann", "Bo", "Cy", "Di"])]
    journal.save_profile(Profile(name="Sam", values=["family"], children=kids, tz="Europe/Berlin"))
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evening(pilot)
        step = screen.query_one(ConnectionsStep)
        assert len(step.moments) == 4
        hint = step.query_one("#moment-hint")
        assert hint.region.bottom <= 23  # above the footer, nothing scrolled away
        assert screen.query_one(StepHeader).region.y == 0


@synchronously
async def test_no_children_and_no_plan_still_debriefs(
    clock: Any, journal: Any, make_app: Any
) -> None:
    clock.set(EVENING)
    journal.save_profile(Profile(name="", values=["family"], tz="Europe/Berlin"))
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evening(pilot)
        assert "No moments to look back on" in str(screen.query_one("#moment-title").render())
        await press(pilot, "d", "a", "enter")
        assert step_of(pilot) == "Intention"
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        assert "Thank you for looking back." in str(screen.query_one("#close-thanks").render())
        await press(pilot, "enter")
        entry = await saved(pilot, journal, DAY)
    assert entry["connections"] == []


# ---- pure parts --------------------------------------------------------------------------


def test_tonight_counted_matches_the_figures_once_saved() -> None:
    rng = random.Random(7)
    today = date(2026, 3, 1)
    for _ in range(300):
        done = {today - timedelta(days=d) for d in range(1, 40) if rng.random() < 0.6}
        for mode in ("kind", "strict"):
            first = min(done) if done else None
            before = all_figures({"evening": done}, today, mode, first)
            told = tonight_counted(before, evening_done=False, connected=False, was_connected=False)
            after = figures(done | {today}, today, mode, first or today)
            assert (told["evening"].current, told["evening"].longest) == (
                after.current,
                after.longest,
            )
            assert told["connection"] == before["connection"]


def test_tonight_counted_leaves_an_edited_evening_alone() -> None:
    fig = {"evening": StreakFigures(4, 6, 50), "connection": StreakFigures(0, 2, 10)}
    told = tonight_counted(fig, evening_done=True, connected=True, was_connected=False)
    assert told["evening"] == fig["evening"]
    assert told["connection"] == StreakFigures(1, 2, 10)


def test_moments_for_matches_answers_to_the_plan(profile: Profile) -> None:
    answered = [
        {"child": "c2", "activity": "kitchen-dance", "status": "missed", "planned": True},
        {"child": "c1", "activity": "Swings", "status": "done", "planned": False, "feeling": 9},
    ]
    moments = moments_for(profile, morning(), answered)
    assert [(m.child, m.status, m.planned) for m in moments] == [
        ("c1", None, True),
        ("c2", "missed", True),
        ("c1", "done", False),
    ]
    assert moments[2].feeling is None  # out of range: not a rating
    assert [m.child for m in moments_for(profile, morning(connections=[]), [])] == ["c1", "c2"]


def test_close_lines_and_heavy_days(profile: Profile) -> None:
    data: dict[str, Any] = {
        "connections": [{"child": "c1", "status": "missed", "feeling": 2}],
        "guilt": [{"kind": "should", "text": "x"}],
    }
    assert is_heavy(data)
    assert not is_heavy({**data, "guilt": []})
    lines = close_lines(data, profile)
    assert lines[0] == "The moments did not happen today. That happens; tomorrow is a fresh page."
    assert "kindness instead of obeying it" in lines[1]
    assert close_lines({}, profile) == ["You took five minutes to look back. That is care, too."]


@synchronously
async def test_a_rating_and_its_line_typed_in_one_burst_both_land(
    at_evening: Any, make_app: Any
) -> None:
    """ "4 Yes" arriving at once (a fast typist, or SSH): 4 rates, "Yes" is the line."""
    at_evening.save_entry(morning())
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_intention(pilot)
        await burst(pilot, "4", "Y", "e", "s")
        assert screen.current.collect() == {"intention_score": 4, "intention_note": "Yes"}


@synchronously
async def test_after_an_arrow_on_the_rating_typed_words_go_to_the_line(
    at_evening: Any, make_app: Any
) -> None:
    at_evening.save_entry(morning())
    app = make_app(start="evening")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_intention(pilot)
        await press(pilot, "right")
        await type_text(pilot, "ok")
        assert screen.current.collect() == {"intention_score": 1, "intention_note": "ok"}
