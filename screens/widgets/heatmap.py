"""A year of ritual days as a calendar heatmap: one character per day, with a keyboard cursor."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from ritual.stats import HeatCell, Heatmap

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

LABEL_WIDTH = 4
"""Columns taken by the weekday labels at the left ("Mon ")."""

CELL_CHARS: dict[tuple[str, bool], str] = {
    ("none", False): "·",
    ("morning", False): "◐",
    ("evening", False): "◑",
    ("both", False): "●",
    ("evening", True): "◎",
    ("both", True): "◉",
}
"""The character per (state, late): the meaning never rests on colour alone."""

LEGEND = (
    "· nothing  ◐ morning only  ◑ evening only  ● both\n"
    "◉ both, evening done late  ◎ evening only, done late"
)
"""The legend, in words, shown under the grid."""

HINT = "↑↓ a day · ←→ a week · Enter opens the day · g any date"
"""The keys, shown under the legend."""


def cell_char(cell: HeatCell) -> str:
    """The character drawn for one day (a space for days still to come)."""
    if cell.future:
        return " "
    return CELL_CHARS.get((cell.state, cell.late), CELL_CHARS[(cell.state, False)])


def cell_words(cell: HeatCell) -> str:
    """One day in words: "morning ✓ · evening ✓ (late)"."""
    morning = cell.state in ("morning", "both")
    evening = cell.state in ("evening", "both")
    late = " (late)" if evening and cell.late else ""
    return (
        f"morning {'✓' if morning else '–'} · evening {'✓' if evening else '–'}{late}"
        if morning or evening
        else "nothing written"
    )


def month_line(grid: Heatmap) -> str:
    """The month labels above the columns; a label that would touch the previous one is left out."""
    width = len(grid.week_starts)
    line = [" "] * width
    free_from = 0
    for column, label in grid.month_labels:
        if column < free_from or column + len(label) > width:
            continue
        line[column : column + len(label)] = list(label)
        free_from = column + len(label) + 1
    return " " * LABEL_WIDTH + "".join(line)


class CalendarHeatmap(Widget, can_focus=True):
    """The last 12 months, one column per week and one row per weekday.

    Under the grid: the day under the cursor in words, the legend, how many mornings and
    evenings the year holds, and the keys. Arrow keys move the cursor (↑↓ by a day, ←→ by
    a week), Enter opens the day under it.

    Args:
        grid: The heatmap figures (``ritual.stats.heatmap``).
        today: The current ritual day; the cursor starts there and never passes it.
    """

    DEFAULT_CSS = """
    CalendarHeatmap {
        width: auto;
        height: auto;
    }
    CalendarHeatmap > .heatmap--none { color: $text-muted; }
    CalendarHeatmap > .heatmap--morning { color: $text-warning; }
    CalendarHeatmap > .heatmap--evening { color: $text-accent; }
    CalendarHeatmap > .heatmap--both { color: $text-success; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--none",
        "heatmap--morning",
        "heatmap--evening",
        "heatmap--both",
    }
    """The colour of each kind of day (the characters say it without colour too)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Day before", show=False),
        Binding("down", "move(1)", "Day after", show=False),
        Binding("left", "move(-7)", "Week before", show=False),
        Binding("right", "move(7)", "Week after", show=False),
        Binding("pageup", "move(-28)", "Four weeks before", show=False),
        Binding("pagedown", "move(28)", "Four weeks after", show=False),
        Binding("home", "jump('first')", "First day", show=False),
        Binding("end", "jump('today')", "Today", show=False),
        Binding("enter", "choose", "Open day"),
    ]
    """Arrows move by a day (↑↓) or a week (←→); Enter opens the day read-only."""

    cursor: reactive[date] = reactive(date.min, init=False)
    """The day under the cursor."""

    class CursorMoved(Message):
        """The cursor went to another day."""

        def __init__(self, heatmap: CalendarHeatmap, day: date) -> None:
            super().__init__()
            self.heatmap = heatmap
            self.day = day

        @property
        def control(self) -> CalendarHeatmap:
            return self.heatmap

    class DayChosen(Message):
        """Enter (or a click) on a day: open it."""

        def __init__(self, heatmap: CalendarHeatmap, day: date) -> None:
            super().__init__()
            self.heatmap = heatmap
            self.day = day

        @property
        def control(self) -> CalendarHeatmap:
            return self.heatmap

    def __init__(
        self,
        grid: Heatmap,
        today: date,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.grid = grid
        self.first = grid.week_starts[0]
        self.today = today
        self.set_reactive(CalendarHeatmap.cursor, today)
        self._summary = self.summary()

    # ---- where things are ---------------------------------------------------------------

    def cell(self, day: date) -> HeatCell | None:
        """The heatmap cell of ``day``, or None when it is outside the grid."""
        index = (day - self.first).days
        if index < 0 or index >= 7 * len(self.grid.week_starts):
            return None
        return self.grid.rows[index % 7][index // 7]

    def _clamp(self, day: date) -> date:
        return min(max(day, self.first), self.today)

    def cursor_text(self) -> str:
        """The day under the cursor, in words."""
        day = self.cursor
        cell = self.cell(day)
        words = cell_words(cell) if cell is not None else "nothing written"
        return f"▸ {day:%a} {day.day} {day:%b %Y}: {words}"

    # ---- drawing ------------------------------------------------------------------------

    def summary(self) -> str:
        """How many mornings and evenings the grid holds, or a kind word when none."""
        cells = [c for row in self.grid.rows for c in row if not c.future]
        mornings = sum(c.state in ("morning", "both") for c in cells)
        evenings = sum(c.state in ("evening", "both") for c in cells)
        if not (mornings or evenings):
            return "Nothing here yet: your first morning will fill in a day."

        def count(n: int, word: str) -> str:
            return f"{n} {word}" if n == 1 else f"{n} {word}s"

        return f"Last 12 months: {count(mornings, 'morning')}, {count(evenings, 'evening')}."

    def render(self) -> Content:
        styles = {
            state: self.get_visual_style(f"heatmap--{state}", partial=True)
            for state in ("none", "morning", "evening", "both")
        }
        label = styles["none"]
        # Reverse video marks the cursor even without colour; bold while focused.
        cursor = Style(reverse=True, bold=self.has_focus)
        parts: list[str | tuple[str, Style]] = [(month_line(self.grid), label), "\n"]
        for row, name in enumerate(WEEKDAYS):
            parts.append((f"{name} ", label))
            for cell in self.grid.rows[row]:
                style = styles[cell.state]
                if cell.day == self.cursor:
                    style = style + cursor
                parts.append((cell_char(cell), style))
            parts.append("\n")
        parts.append(f"\n{self.cursor_text()}\n\n")
        parts.append((f"{LEGEND}\n", label))
        parts.append(f"\n{self._summary}\n\n")
        parts.append((HINT, label))
        return Content.assemble(*parts)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def watch_cursor(self, day: date) -> None:
        self.post_message(self.CursorMoved(self, day))

    # ---- acting -------------------------------------------------------------------------

    def move_to(self, day: date) -> None:
        """Put the cursor on ``day`` (kept between the first day shown and today)."""
        self.cursor = self._clamp(day)

    def action_move(self, days: int) -> None:
        """Move the cursor by ``days`` (negative: back in time)."""
        self.move_to(self.cursor + timedelta(days=days))

    def action_jump(self, where: str) -> None:
        """Jump to the first day shown, or to today."""
        self.move_to(self.first if where == "first" else self.today)

    def action_choose(self) -> None:
        """Open the day under the cursor."""
        self.post_message(self.DayChosen(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        """A click on a day moves the cursor there; a second click opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        column, row = offset.x - LABEL_WIDTH, offset.y - 1
        if not (0 <= row < 7 and 0 <= column < len(self.grid.week_starts)):
            return
        cell = self.grid.rows[row][column]
        if cell.future:
            return
        if cell.day == self.cursor:
            self.action_choose()
        else:
            self.move_to(cell.day)
