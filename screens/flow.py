"""The shape the morning and evening flows share: steps, header and timer, skip, back and drafts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from ritual.models import EntryKind, utc_iso

if TYPE_CHECKING:
    from textual.widgets import Input
from screens.widgets.key_line import KeyLine
from screens.widgets.step_header import StepHeader


def takes_enter(widget: object) -> bool:
    """True for the widgets in the flows for which Enter means something of their own
    (press, pick a suggestion): on them Enter is not "next". A flow that adds another
    such widget adds it here.
    """
    # Imported here: a flow's first step has neither, and `ritual morning` draws it first.
    from textual.widgets import Button, OptionList

    return isinstance(widget, (Button, OptionList))


class FlowStep(VerticalScroll):
    """One step of a flow. Subclasses fill `data` fields through `load` and `collect`."""

    title: ClassVar[str] = ""
    """Shown in the header after "step N of M"."""

    def load(self, data: dict[str, Any]) -> None:
        """Show what `data` already holds (a resumed draft, an entry being edited)."""

    def collect(self) -> dict[str, Any]:
        """Return the fields this step contributes to the flow's data."""
        return {}

    def wants_enter(self) -> bool:
        """Return True while the step uses Enter itself (a sub-step), so Enter does not move on."""
        return False

    def back_within(self) -> bool:
        """Go back one sub-step inside the step; return False when already at its start."""
        return False

    def focus_first(self) -> None:
        """Put the focus where typing should start."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return
        self.focus()


@dataclass
class FlowDraft:
    """An unfinished flow, as kept in the journal's drafts table."""

    kind: EntryKind
    day: str
    step: int
    elapsed_s: int
    started_at: str
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return the stored form."""
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> FlowDraft:
        """Build from the stored form."""
        return cls(
            kind=raw["kind"],
            day=str(raw.get("day", "")),
            step=int(raw.get("step", 0)),
            elapsed_s=int(raw.get("elapsed_s", 0)),
            started_at=str(raw.get("started_at", "")),
            data=dict(raw.get("data", {})),
        )


class FlowScreen(Screen[dict[str, Any] | None]):
    """A five-minute flow of steps. Dismisses with the finished entry, or None if left.

    Args:
        kind: "morning" or "evening".
        day: the ritual day the entry is for, ISO.
        steps: the step widgets, in order.
        data: the fields so far (from a draft or an entry being edited).
        now: the app's clock.
        step: the step to open on (a resumed draft).
        elapsed_s: seconds already spent (a resumed draft).
        started_at: when the flow first started, ISO UTC (a resumed draft).
    """

    flow_title: ClassVar[str] = ""

    AUTO_FOCUS = ""
    """Empty: each step focuses its own first field as it is shown. Textual's default would
    focus the first focusable widget at mount and the step would then move it, which
    restyles the screen twice before the first frame (bench/startup.py)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", priority=True),
        Binding("escape", "back", "Back"),
        Binding("ctrl+n", "skip", "Skip step"),
        Binding("ctrl+q", "app.quit", "Quit, keep draft"),
    ]

    class DraftChanged(Message):
        """The flow moved on; the app keeps the draft so nothing typed is lost."""

        def __init__(self, draft: FlowDraft) -> None:
            super().__init__()
            self.draft = draft

    def __init__(
        self,
        kind: EntryKind,
        day: str,
        steps: list[FlowStep],
        data: dict[str, Any],
        now: Callable[[], datetime],
        *,
        step: int = 0,
        elapsed_s: int = 0,
        started_at: str | None = None,
        total: int | None = None,
    ) -> None:
        super().__init__()
        self.kind: EntryKind = kind
        self.day = day
        self.steps = steps
        self.total = max(total or 0, len(steps))
        """How many steps the flow has, including any still to come (`add_steps`)."""
        self._move_on_when_added = False
        for index, widget in enumerate(steps):
            widget.id = f"step-{index}"
        self.data = dict(data)
        self._now = now
        self.index = max(0, min(step, len(steps) - 1))
        self._elapsed_before = elapsed_s
        self._opened_at = now()
        self.started_at = started_at or utc_iso(now())

    def compose(self) -> ComposeResult:
        yield StepHeader(self.flow_title, self.total)
        with ContentSwitcher(initial=self.steps[self.index].id, id="steps"):
            yield from self.steps
        yield KeyLine()

    def on_mount(self) -> None:
        for widget in self.steps:
            widget.load(self.data)
        self._show(self.index)
        self.set_interval(1.0, self._tick)

    async def add_steps(self, steps: list[FlowStep]) -> None:
        """Add the steps that were still to come: the flow opened before its content loaded.

        If Enter was pressed on the last step there was, the flow moves on once they are in.
        """
        first = len(self.steps)
        for index, widget in enumerate(steps, start=first):
            widget.id = f"step-{index}"
            widget.display = False  # the switcher shows a step only once it is current
        self.steps.extend(steps)
        self.total = max(self.total, len(self.steps))
        await self.query_one("#steps", ContentSwitcher).mount_all(steps)
        for widget in steps:
            widget.load(self.data)
        if self._move_on_when_added:
            self._move_on_when_added = False
            self._advance()

    # ---- time ------------------------------------------------------------------------

    def elapsed(self) -> int:
        """Seconds spent in this flow, across resumes (by the injected clock, so tests pin it)."""
        spent = (self._now() - self._opened_at).total_seconds()
        return self._elapsed_before + max(0, int(spent))

    def _tick(self) -> None:
        self.query_one(StepHeader).elapsed = self.elapsed()

    # ---- moving ----------------------------------------------------------------------

    @property
    def current(self) -> FlowStep:
        """The step on screen."""
        return self.steps[self.index]

    def _show(self, index: int) -> None:
        self.index = index
        step = self.steps[index]
        self.query_one("#steps", ContentSwitcher).current = step.id
        self.query_one(StepHeader).show(index + 1, step.title)
        self.on_step_shown(step)
        # Focus now, so a key typed straight after Enter lands in the new step rather than
        # in the old one; and once more after the refresh, when the step is laid out.
        step.focus_first()
        self.call_after_refresh(step.focus_first)

    def on_step_shown(self, step: FlowStep) -> None:
        """Hook: a step came on screen (refresh what it shows from `self.data`)."""

    def _collect_current(self) -> None:
        self.data.update(self.current.collect())

    def action_next(self) -> None:
        """Enter: keep what this step holds and move on (or finish).

        A priority binding, so the step changes before keys typed after Enter are
        delivered (over SSH keys arrive in bursts, and the first letters of the next
        answer would otherwise land in this step's field). Where Enter means something
        to the focused widget (pick a suggestion, press a button) or to the step itself
        (a sub-step), the key goes on to them instead.
        """
        if self.current.wants_enter() or takes_enter(self.focused):
            raise SkipAction()
        self.move_on()

    def move_on(self) -> None:
        """Keep what this step holds and move on (or finish), unless the step uses Enter.

        Enter is handled as it arrives, but the keys typed just before it may still be
        waiting in the focused field's own queue (a typist's burst, or SSH delivering
        several keys at once): the step is collected again once the field has taken
        them, so "4 Enter" keeps the 4 and a sentence typed fast keeps its last words.
        """
        step = self.current
        if step.wants_enter():
            return
        self._collect_current()
        field = (
            self.focused if self.focused is not None and step in self.focused.ancestors else None
        )
        if field is None:
            self._advance()
        elif self.index + 1 >= len(self.steps) and len(self.steps) >= self.total:
            field.call_later(self._finish_after, step)  # the entry must hold those keys
        else:
            field.call_later(self._collect_late, step)
            self._advance()

    def _collect_late(self, step: FlowStep) -> None:
        """Collect `step` again after the keys its field still had; redraw what shows data."""
        self.data.update(step.collect())
        self.on_step_shown(self.current)  # e.g. the morning's card, drawn from the data
        self.post_message(self.DraftChanged(self.draft()))

    def _finish_after(self, step: FlowStep) -> None:
        if self.is_attached and self.current is step:
            self._collect_current()
            self.finish()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on too, unless the step uses it."""
        event.stop()
        self.move_on()

    def action_skip(self) -> None:
        """Move on without recording this step (its fields stay filled if you come back).

        Skip does not collect: a step's defaults (a suggested activity) must not be
        recorded as the user's answer when they chose to pass.
        """
        self._advance()

    def _advance(self) -> None:
        if self.index + 1 >= len(self.steps):
            if len(self.steps) < self.total:
                self._move_on_when_added = True  # the next steps are still loading
                return
            self.finish()
            return
        self._show(self.index + 1)
        self.post_message(self.DraftChanged(self.draft()))

    def action_back(self) -> None:
        """Escape: one step back; on the first step, leave and keep the draft."""
        if self.current.back_within():
            return
        self._collect_current()
        if self.index == 0:
            self.post_message(self.DraftChanged(self.draft()))
            self.dismiss(None)
            return
        self._show(self.index - 1)

    # ---- drafts and the finished entry ------------------------------------------------

    def draft(self) -> FlowDraft:
        """The flow as it stands, including what the current step holds."""
        data = {**self.data, **self.current.collect()}
        return FlowDraft(self.kind, self.day, self.index, self.elapsed(), self.started_at, data)

    def build_entry(self) -> dict[str, Any]:
        """Return the finished entry; subclasses add their own fields to `self.data`."""
        entry = dict(self.data)
        entry.update(
            kind=self.kind,
            day=self.day,
            started_at=self.started_at,
            finished_at=utc_iso(self._now()),
            duration_s=self.elapsed(),
        )
        return entry

    def finish(self) -> None:
        """Hand the finished entry to the app, which saves it."""
        self.dismiss(self.build_entry())
