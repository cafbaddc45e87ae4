"""Home: a greeting, today's morning and evening, the planned moments, streaks, and what next."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ritual.content import ContentLibrary
from ritual.days import parse_day_start, zone
from ritual.models import Profile
from ritual.streaks import KINDS, StreakFigures, as_mode, streak_sentence
from ritual.today import DayContext
from screens.widgets.key_line import KeyLine

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "done": ("✓", "done"),
    "todo": ("○", "to do"),
    "draft": ("◐", "in progress (draft)"),
    "late-possible": ("○", "to do"),
}
"""Symbol and words per state: the meaning never rests on colour alone."""

ACTIONS: tuple[str, ...] = ("morning", "evening", "late_evening", "history", "settings")
"""The "what next" list, in a fixed order so the keys and the list never move about."""

_PREPOSITIONS = frozenset({"before", "after", "at", "in", "on", "during", "around", "by"})


def greeting_with_name(greeting: str, name: str) -> str:
    """Put the name into the greeting's first sentence: "Good morning, Sam. A fresh page."."""
    name = " ".join(name.split())
    if not name:
        return greeting
    match = re.search(r"[.?!]", greeting)
    if match is None:
        return f"{greeting}, {name}."
    return f"{greeting[: match.start()]}, {name}{greeting[match.start() :]}"


def day_label(context: DayContext) -> str:
    """The ritual day in words: "Saturday 21 November"."""
    return f"{context.day:%A} {context.day.day} {context.day:%B}"


def action_label(action: str, context: DayContext) -> str:
    """The words for one "what next" action, given today's state."""
    if action == "morning":
        return {
            "done": "Edit this morning's ritual",
            "draft": "Resume the morning ritual",
        }.get(context.morning_state, "Start the morning ritual")
    if action == "evening":
        return {
            "done": "Edit the evening debrief",
            "draft": "Resume the evening debrief",
        }.get(context.evening_state, "Evening debrief")
    if action == "late_evening":
        return "Yesterday's debrief (late)"
    return {"history": "History and streaks", "settings": "Settings"}[action]


def suggested_action(context: DayContext, hours_into_day: float) -> str:
    """What to do next: the morning in the first half of the ritual day, then the evening.

    Args:
        context: today's context.
        hours_into_day: hours since the ritual day started (0 at the day start).
    """
    morning_open = context.morning_state != "done"
    evening_open = context.evening_state != "done"
    if morning_open and (hours_into_day < 12 or not evening_open):
        return "morning"
    if context.late_day is not None:
        return "late_evening"
    if evening_open:
        return "evening"
    if morning_open:
        return "morning"
    return "history"


def moment_line(moment: Mapping[str, Any], profile: Profile, library: ContentLibrary) -> str:
    """One planned moment in words: "Mia: Kitchen dance, at dinner"."""
    child = profile.child(str(moment.get("child", "")))
    who = child.name if child is not None else str(moment.get("child_name") or "A child")
    activity = str(moment.get("activity") or moment.get("activity_id") or "a moment together")
    found = library.activity(activity)
    what = found.title if found is not None else activity
    when = " ".join(str(moment.get("when") or "").split())
    if not when:
        return f"{who}: {what}"
    if when.split()[0].casefold() not in _PREPOSITIONS:
        when = f"at {when}"  # "at dinner", "at 17:30"; "before school" stays as it is
    return f"{who}: {what}, {when}"


def streak_lines(streaks: Mapping[str, StreakFigures]) -> list[str]:
    """The streak table as aligned lines: kind, now, best, 30 days."""
    lines = [f"{'':<12}{'now':>5}{'best':>6}{'30 days':>9}"]
    for kind in KINDS:
        fig = streaks.get(kind)
        if fig is not None:
            lines.append(
                f"{kind.capitalize():<12}{fig.current:>5}{fig.longest:>6}{fig.consistency_30d:>8}%"
            )
    return lines


class HomeScreen(Screen[None]):
    """Where every day starts. Enter begins whatever comes next.

    Args:
        context: today's context (the app rebuilds it after every save).
        streaks: streak figures per kind, or None when the profile hides streaks.
        library: the content library (greetings, activity names).
        now: the app's clock, for the greeting; the wall clock if not given.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "app.morning", "Morning"),
        Binding("e", "app.evening", "Evening"),
        Binding("l", "late", "Late debrief"),
        Binding("h", "app.history", "History"),
        Binding("s", "app.settings", "Settings"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        context: DayContext,
        streaks: dict[str, StreakFigures] | None,
        library: ContentLibrary,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.streaks = streaks
        self.library = library
        if now is None:
            from ritual.clock import now as wall_clock

            now = wall_clock
        self._now = now

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home"):
            yield Static("", id="home-greeting")
            yield Label("", id="home-day", classes="muted")
            with Horizontal(id="home-columns"):
                with Vertical(id="home-today"):
                    yield Label("Today", classes="home-heading")
                    with Horizontal(classes="home-status-row"):
                        yield Label("Morning", classes="home-status-name")
                        yield Label("", id="home-morning", classes="home-status")
                    with Horizontal(classes="home-status-row"):
                        yield Label("Evening", classes="home-status-name")
                        yield Label("", id="home-evening", classes="home-status")
                    yield Static("", id="home-late")
                    yield Label("Planned moments", classes="home-heading")
                    yield Static("", id="home-moments")
                with Vertical(id="home-next"):
                    yield Label("What next?", classes="home-heading")
                    yield OptionList(id="home-actions")
                    yield Label("↑↓ choose · Enter start", classes="hint")
                    yield Label("Streaks", id="home-streaks-heading", classes="home-heading")
                    yield Static("", id="home-streaks")
                    yield Static("", id="home-streak-sentence")
        yield KeyLine()

    def on_mount(self) -> None:
        self._paint()
        self.query_one("#home-actions", OptionList).focus()

    def update_context(self, context: DayContext, streaks: dict[str, StreakFigures] | None) -> None:
        """Show the journal's latest state (the app calls this after every save)."""
        self.context = context
        self.streaks = streaks
        if self.is_mounted:
            self._paint()

    # ---- painting ---------------------------------------------------------------------

    def _local_now(self) -> datetime:
        return self._now().astimezone(zone(self.context.profile.tz))

    def _hours_into_day(self) -> float:
        local = self._local_now()
        start = parse_day_start(self.context.profile.day_start)
        hours = local.hour + local.minute / 60 - (start.hour + start.minute / 60)
        return hours % 24

    def _paint(self) -> None:
        context = self.context
        profile = context.profile
        greeting = self.library.greeting(self._local_now().hour, seed=context.day.isoformat())
        self.query_one("#home-greeting", Static).update(
            Content(greeting_with_name(greeting, profile.name))
        )
        self.query_one("#home-day", Label).update(Content(day_label(context)))
        self._paint_status("#home-morning", context.morning_state)
        self._paint_status("#home-evening", context.evening_state)
        late = self.query_one("#home-late", Static)
        late.display = context.late_day is not None
        if context.late_day is not None:
            late.update(
                Content(
                    f"↺ Yesterday's debrief ({context.late_day:%A}) can still be done, "
                    "marked late, until noon."
                )
            )
        self._paint_moments()
        self._paint_streaks()
        self._paint_actions()
        self.refresh_bindings()

    def _paint_status(self, selector: str, state: str) -> None:
        symbol, words = STATUS_WORDS.get(state, ("○", "to do"))
        label = self.query_one(selector, Label)
        label.update(Content(f"{symbol} {words}"))
        for name in ("done", "todo", "draft"):
            label.set_class(state == name, f"-{name}")

    def _paint_moments(self) -> None:
        context = self.context
        moments = context.planned_moments()
        lines = [f"• {moment_line(m, context.profile, self.library)}" for m in moments]
        if not lines:
            if not context.profile.children:
                lines = ["Add your children in Settings to plan moments with them."]
            elif context.morning_state == "done":
                lines = ["None planned today."]
            else:
                lines = ["The morning ritual plans one with each child."]
        self.query_one("#home-moments", Static).update(Content("\n".join(lines)))

    def _paint_streaks(self) -> None:
        shown = self.streaks is not None
        for selector in ("#home-streaks-heading", "#home-streaks", "#home-streak-sentence"):
            self.query_one(selector).display = shown
        if self.streaks is None:
            return
        mode = as_mode(self.context.profile.streak_mode)
        self.query_one("#home-streaks", Static).update(
            Content("\n".join(streak_lines(self.streaks)))
        )
        self.query_one("#home-streak-sentence", Static).update(
            Content(streak_sentence(self.streaks, mode))
        )

    def _paint_actions(self) -> None:
        actions = self.query_one("#home-actions", OptionList)
        wanted = [a for a in ACTIONS if a != "late_evening" or self.context.late_day is not None]
        suggested = suggested_action(self.context, self._hours_into_day())
        actions.set_options(Option(self._action_prompt(a, False), id=a) for a in wanted)
        # After every save the highlight moves on to what comes next, so Enter continues.
        actions.highlighted = wanted.index(suggested) if suggested in wanted else 0
        self._mark_highlight()

    def _action_prompt(self, action: str, highlighted: bool) -> Content:
        # A pointer as well as the highlight colour, so NO_COLOR still shows the choice.
        pointer = "› " if highlighted else "  "
        return Content(pointer + action_label(action, self.context))

    def _mark_highlight(self) -> None:
        actions = self.query_one("#home-actions", OptionList)
        for index, option in enumerate(actions.options):
            if option.id is not None:
                prompt = self._action_prompt(option.id, index == actions.highlighted)
                actions.replace_option_prompt_at_index(index, prompt)

    # ---- acting -----------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._mark_highlight()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an action: the app opens it."""
        if event.option.id in ACTIONS:
            await self.app.run_action(event.option.id)

    async def action_late(self) -> None:
        """Yesterday's evening debrief, marked late."""
        await self.app.run_action("late_evening")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "late":
            return self.context.late_day is not None
        return True
