"""The header every flow step shows: where you are, and the time spent against 5:00."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label, ProgressBar

TARGET_SECONDS = 5 * 60


def clock_text(seconds: int) -> str:
    """Format seconds as m:ss."""
    return f"{seconds // 60}:{seconds % 60:02d}"


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
        bar = ProgressBar(total=TARGET_SECONDS, show_eta=False, show_percentage=False)
        bar.id = "step-bar"
        yield bar
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
        shown = min(self.elapsed, TARGET_SECONDS)
        self.query_one("#step-bar", ProgressBar).update(progress=shown)
        self.query_one("#step-time", Label).update(
            f"{clock_text(self.elapsed)} / {clock_text(TARGET_SECONDS)}"
        )
