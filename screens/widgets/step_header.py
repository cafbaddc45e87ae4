"""The header every flow step shows: where you are, and the time spent against 5:00."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label, Static

TARGET_SECONDS = 5 * 60
BAR_CELLS = 14


def clock_text(seconds: int) -> str:
    """Format seconds as m:ss."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def bar_text(seconds: int, cells: int = BAR_CELLS) -> Content:
    """The minutes spent against 5:00 as a quiet bar: heavy line spent, thin line left.

    Two shapes rather than two colours, so it reads the same under NO_COLOR.
    """
    spent = round(cells * min(max(seconds, 0), TARGET_SECONDS) / TARGET_SECONDS)
    return Content.assemble(("━" * spent, "$accent"), ("─" * (cells - spent), "dim"))


class StepHeader(Horizontal):
    """ "Morning · step 2 of 5 · Intention" with a quiet progress bar of the minutes spent."""

    step: reactive[int] = reactive(1)
    """The step shown, 1-based."""
    elapsed: reactive[int] = reactive(0)
    """Seconds spent in the flow so far."""

    def __init__(self, flow_title: str, total: int, step_title: str = "") -> None:
        super().__init__()
        self.flow_title = flow_title
        self.total = total
        self.step_title = step_title

    def compose(self) -> ComposeResult:
        yield Label(id="step-where")
        # Plain text, not a ProgressBar: a flow's first step is what `ritual morning`
        # draws first, and the ProgressBar's widgets cost more than the rest of the header.
        yield Static(id="step-bar")
        yield Label(id="step-time")

    def on_mount(self) -> None:
        self._paint()

    def show(self, step: int, step_title: str) -> None:
        """Move the header to `step`, titled `step_title`."""
        self.step_title = step_title
        self.step = step
        self._paint()

    def watch_elapsed(self) -> None:
        self._paint()

    def _paint(self) -> None:
        if not self.is_mounted:
            return
        where = f"{self.flow_title} · step {self.step} of {self.total}"
        if self.step_title:
            where += f" · {self.step_title}"
        self.query_one("#step-where", Label).update(where)
        self.query_one("#step-bar", Static).update(bar_text(self.elapsed))
        self.query_one("#step-time", Label).update(
            f"{clock_text(self.elapsed)} / {clock_text(TARGET_SECONDS)}"
        )
