"""Home: a greeting, today's morning and evening, the planned moments, streaks, and what next."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ritual.days import parse_day_start, zone
from ritual.glance import HomeView, greeting_with_name
from ritual.streaks import KINDS, StreakFigures, as_mode, streak_sentence
from screens.widgets.action_list import ActionList
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


def day_label(view: HomeView) -> str:
    """The ritual day in words: "Saturday 21 November"."""
    return f"{view.day:%A} {view.day.day} {view.day:%B}"


def action_label(action: str, view: HomeView) -> str:
    """The words for one "what next" action, given today's state."""
    if action == "morning":
        return {
            "done": "Edit this morning's ritual",
            "draft": "Resume the morning ritual",
        }.get(view.morning_state, "Start the morning ritual")
    if action == "evening":
        return {
            "done": "Edit the evening debrief",
            "draft": "Resume the evening debrief",
        }.get(view.evening_state, "Evening debrief")
    if action == "late_evening":
        return "Yesterday's debrief (late)"
    return {"history": "History and streaks", "settings": "Settings"}[action]


def suggested_action(view: HomeView, hours_into_day: float) -> str:
    """What to do next: the morning in the first half of the ritual day, then the evening.

    Args:
        view: what home shows today.
        hours_into_day: hours since the ritual day started (0 at the day start).
    """
    morning_open = view.morning_state != "done"
    evening_open = view.evening_state != "done"
    if morning_open and (hours_into_day < 12 or not evening_open):
        return "morning"
    if view.late_day is not None:
        return "late_evening"
    if evening_open:
        return "evening"
    if morning_open:
        return "morning"
    return "history"


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


STATUS_STYLES: dict[str, str] = {"done": "$text-success", "draft": "$text-warning"}
"""Colour for a status, on top of its symbol and words."""


def moments_lines(view: HomeView) -> list[str]:
    """Today's planned moments as bullet lines, or a sentence saying why there are none."""
    if view.moments:
        return [f"• {line}" for line in view.moments]
    if not view.profile.children:
        return ["Add your children in Settings to plan moments with them."]
    if view.morning_state == "done":
        return ["None planned today."]
    return ["The morning ritual plans one with each child."]


def today_text(view: HomeView) -> Content:
    """The left column: today's morning and evening, the late debrief, the planned moments."""
    parts: list[str | tuple[str, str]] = [("Today", "bold"), "\n"]
    for name, state in (("Morning", view.morning_state), ("Evening", view.evening_state)):
        symbol, words = STATUS_WORDS.get(state, ("○", "to do"))
        parts += [f"{name:<9}", (f"{symbol} {words}", STATUS_STYLES.get(state, "")), "\n"]
    if view.late_day is not None:
        parts.append(
            f"↺ Yesterday's debrief ({view.late_day:%A}) can still be done, marked late, "
            "until noon.\n"
        )
    parts += ["\n", ("Planned moments", "bold"), "\n", "\n".join(moments_lines(view))]
    return Content.assemble(*parts)


def side_text(view: HomeView) -> Content:
    """Under the actions: the keys hint, then the streak table and its sentence (if shown)."""
    parts: list[str | tuple[str, str]] = [("↑↓ choose · Enter start", "dim")]
    if view.streaks is not None:
        mode = as_mode(view.profile.streak_mode)
        table = "\n".join(streak_lines(view.streaks))
        sentence = streak_sentence(view.streaks, mode)
        parts += ["\n\n", ("Streaks", "bold"), "\n", table, "\n", sentence]
    return Content.assemble(*parts)


class HomeScreen(Screen[None]):
    """Where every day starts. Enter begins whatever comes next.

    Args:
        view: what to show (the app gives a fresh one after every save).
        now: the app's clock, for the greeting; the wall clock if not given.
    """

    AUTO_FOCUS = "#home-actions"
    """Enter starts what is highlighted; focused from the start, not moved there after."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "app.morning", "Morning"),
        Binding("e", "app.evening", "Evening"),
        Binding("l", "late", "Late debrief"),
        Binding("h", "app.history", "History"),
        Binding("s", "app.settings", "Settings"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, view: HomeView, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.view = view
        if now is None:
            from ritual.clock import now as wall_clock

            now = wall_clock
        self._now = now

    def compose(self) -> ComposeResult:
        # Few widgets, each built with its text, on one grid: home is what `ritual` draws
        # first, and every widget adds to the time before it can be typed in
        # (bench/startup.py).
        view = self.view
        # The screen itself is the grid, and scrolls when the terminal is small.
        yield Static(self._greeting(), id="home-greeting")
        yield Static(today_text(view), id="home-today")
        # One cell for the right column: a cell spanning rows would not be measured for
        # the rows' heights, and a long list of moments would be cut off.
        with Vertical(id="home-next"):
            actions = ActionList(*self._actions(), id="home-actions")
            actions.border_title = "What next?"
            yield actions
            yield Static(side_text(view), id="home-side")
        yield KeyLine()

    def update_view(self, view: HomeView) -> None:
        """Show the journal's latest state (the app calls this after every save)."""
        self.view = view
        if self.is_mounted:
            self._paint()

    # ---- painting ---------------------------------------------------------------------

    def _local_now(self) -> datetime:
        return self._now().astimezone(zone(self.view.profile.tz))

    def _hours_into_day(self) -> float:
        local = self._local_now()
        start = parse_day_start(self.view.profile.day_start)
        hours = local.hour + local.minute / 60 - (start.hour + start.minute / 60)
        return hours % 24

    def _greeting(self) -> Content:
        view = self.view
        greeting = greeting_with_name(view.greeting(self._local_now().hour), view.profile.name)
        return Content.assemble((greeting, "bold"), "\n", (day_label(view), "dim"))

    def _actions(self) -> tuple[list[tuple[str, str]], int]:
        """The "what next" actions as (id, label), and the index of the suggested one."""
        view = self.view
        wanted = [a for a in ACTIONS if a != "late_evening" or view.late_day is not None]
        suggested = suggested_action(view, self._hours_into_day())
        # After every save the highlight moves on to what comes next, so Enter continues.
        index = wanted.index(suggested) if suggested in wanted else 0
        return [(a, action_label(a, view)) for a in wanted], index

    def _paint(self) -> None:
        view = self.view
        self.query_one("#home-greeting", Static).update(self._greeting())
        self.query_one("#home-today", Static).update(today_text(view))
        self.query_one("#home-side", Static).update(side_text(view))
        self.query_one("#home-actions", ActionList).set_items(*self._actions())
        self.refresh_bindings()

    # ---- acting -----------------------------------------------------------------------

    async def on_action_list_selected(self, event: ActionList.Selected) -> None:
        """Enter on an action: the app opens it."""
        if event.action in ACTIONS:
            await self.app.run_action(event.action)

    async def action_late(self) -> None:
        """Yesterday's evening debrief, marked late."""
        await self.app.run_action("late_evening")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "late":
            return self.view.late_day is not None
        return True
