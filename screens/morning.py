"""The morning ritual: arrive, an intention, the values check, a connection plan, today's card.

This module holds the flow and its first step; steps 2 to 5 are in
`screens.morning_steps`, imported once step 1 is up: `ritual morning` asks its first
question before they (and the content they need) are loaded (bench/startup.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from ritual.days import zone
from ritual.glance import greeting_with_name
from ritual.models import Entry, Profile
from screens.flow import FlowDraft, FlowScreen, FlowStep
from screens.widgets.focus import focus_now
from screens.widgets.rating import MOOD_WORDS, Rating

if TYPE_CHECKING:  # the content and the day's context load after step 1 is up
    from ritual.content import ContentLibrary
    from ritual.today import DayContext
    from screens.widgets.fields import TextField

UI_PREFIX = "_ui_"
"""Draft-only keys (which page of a step, per-child choices): never part of the entry."""


def rating_or_none(raw: object) -> int | None:
    """A stored 1-5 rating, or None for anything else (a skipped step, a damaged draft)."""
    return raw if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 5 else None


class MorningStep(FlowStep):
    """A morning step: text pasted while a list or rating has the focus goes to its field."""

    def paste_target(self) -> TextField | None:
        """The field a stray paste belongs to, if any."""
        return None

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        target = self.paste_target()
        if target is not None and target.display:
            focus_now(target)
            target.paste(event.text)
        elif event.text.strip():
            self.app.notify("There is no text field here, so nothing was pasted.", timeout=5)

    def _flow(self) -> FlowScreen:
        return cast(FlowScreen, self.screen)

    def shown(self, data: dict[str, Any]) -> None:
        """Called each time the step comes on screen, with the flow's data so far."""


# ---- 1. arrive ----------------------------------------------------------------------


class ArriveStep(MorningStep):
    """How are you arriving: mood and energy, 1-5."""

    title = "Arrive"

    def __init__(self, greeting: str) -> None:
        super().__init__()
        self.greeting = greeting
        self.rating = Rating(MOOD_WORDS, id="mood")

    def compose(self) -> ComposeResult:
        # Two blocks of text around the rating, not four labels: this is the first thing
        # `ritual morning` draws (bench/startup.py).
        question = "How are you arriving today? Mood and energy together, 1 to 5."
        yield Static(Content.assemble((self.greeting, "bold"), "\n", question), classes="ask")
        yield self.rating
        scale = " · ".join(f"{n} {w}" for n, w in enumerate(MOOD_WORDS, 1))
        keys = "Press 1-5 (or ← →), then Enter. Ctrl+N skips any step."
        yield Static(f"{scale}\n\n{keys}", classes="hint", markup=False)

    def load(self, data: dict[str, Any]) -> None:
        self.rating.rating = rating_or_none(data.get("mood"))

    def collect(self) -> dict[str, Any]:
        return {"mood": self.rating.rating}

    def focus_first(self) -> None:
        focus_now(self.rating)


class MorningScreen(FlowScreen):
    """The morning ritual, in five steps; dismisses with the morning entry.

    Build it with `with_content` once the journal and content are loaded. Built directly
    it holds step 1 only, so `ritual morning` can ask the first question while they load;
    `complete` then adds the rest (Enter pressed meanwhile moves on once they are in).

    Args:
        profile: whose morning it is.
        day: the ritual day.
        greeting: today's greeting for this hour.
        now: the app's clock.
        draft: an unfinished morning to resume.
        entry: today's morning entry, to edit.
        later: steps 2 to 5 (`later_steps`), when already known.
    """

    flow_title = "Morning"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(
        self,
        profile: Profile,
        day: date,
        greeting: str,
        now: Callable[[], datetime],
        *,
        draft: FlowDraft | None = None,
        entry: Entry | None = None,
        later: Sequence[FlowStep] = (),
    ) -> None:
        steps: list[FlowStep] = [ArriveStep(greeting_with_name(greeting, profile.name)), *later]
        step, elapsed, started = 0, 0, None
        data: dict[str, Any] = {}
        if draft is not None:
            data, step, elapsed = dict(draft.data), draft.step, draft.elapsed_s
            started = draft.started_at or None
        elif entry is not None:
            data = dict(entry)
            elapsed = int(entry.get("duration_s") or 0)
            started = str(entry.get("started_at") or "") or None
        super().__init__(
            "morning",
            day.isoformat(),
            steps,
            data,
            now,
            step=step,
            elapsed_s=elapsed,
            started_at=started,
            total=5,
        )

    @classmethod
    def with_content(
        cls,
        context: DayContext,
        library: ContentLibrary,
        now: Callable[[], datetime],
        *,
        draft: FlowDraft | None = None,
        entry: Entry | None = None,
    ) -> MorningScreen:
        """The whole flow, from today's context and the library."""
        profile = context.profile
        try:
            hour = now().astimezone(zone(profile.tz)).hour
        except Exception:
            hour = now().hour
        greeting = library.greeting(hour, seed=context.day.isoformat())
        from screens.morning_steps import later_steps

        later = later_steps(context, library)
        return cls(profile, context.day, greeting, now, draft=draft, entry=entry, later=later)

    async def complete(self, context: DayContext, library: ContentLibrary) -> None:
        """Add steps 2 to 5 to a flow opened with step 1 only."""
        if len(self.steps) < self.total:
            from screens.morning_steps import later_steps

            await self.add_steps(later_steps(context, library))

    def on_step_shown(self, step: FlowStep) -> None:
        if isinstance(step, MorningStep):
            step.shown(self.data)

    def build_entry(self) -> dict[str, Any]:
        entry = super().build_entry()
        for key in [k for k in entry if k.startswith(UI_PREFIX)]:
            del entry[key]
        defaults: dict[str, Any] = {
            "mood": None,
            "intention": "",
            "values": {},
            "guilt": [],
            "plan": [],
            "connections": [],
        }
        for key, default in defaults.items():
            entry.setdefault(key, default)
        return entry
