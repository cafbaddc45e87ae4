"""The header every flow step shows: where you are, and the time spent against 5:00."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

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


class StepHeader(Widget):
    """ "Morning · step 2 of 5 · Intention" with a quiet progress bar of the minutes spent.

    One line of text rather than a row of widgets: a flow's first step is what
    `ritual morning` draws first, and each widget adds to the time before it can be typed
    in (bench/startup.py). The bar and the clock keep the right edge; the words give way
    on a narrow terminal.
    """

    step: reactive[int] = reactive(1)
    """The step shown, 1-based."""
    elapsed: reactive[int] = reactive(0)
    """Seconds spent in the flow so far."""
    flow_title: reactive[str] = reactive("")
    """"Morning", "Evening", "Evening (late)"."""

    def __init__(self, flow_title: str, total: int, step_title: str = "") -> None:
        super().__init__()
        self.set_reactive(StepHeader.flow_title, flow_title)
        self.total = total
        self.step_title = step_title

    def show(self, step: int, step_title: str) -> None:
        """Move the header to `step`, titled `step_title`."""
        self.step_title = step_title
        self.step = step
        self.refresh()

    def where_text(self) -> str:
        """The left part: "Morning · step 2 of 5 · Intention"."""
        where = f"{self.flow_title} · step {self.step} of {self.total}"
        return f"{where} · {self.step_title}" if self.step_title else where

    def time_text(self) -> Content:
        """The right part: the bar and "1:20 / 5:00"."""
        clock = f"{clock_text(self.elapsed)} / {clock_text(TARGET_SECONDS)}"
        return Content.assemble(bar_text(self.elapsed), " ", clock)

    def render(self) -> Content:
        right = self.time_text()
        room = self.content_region.width - right.cell_length - 1
        where = Content(self.where_text())
        if where.cell_length > room:
            where = where.truncate(max(room, 0), ellipsis=True)
        gap = max(room - where.cell_length, 0) + 1
        return Content.assemble(where, " " * gap, right)
