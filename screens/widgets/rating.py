"""A row of choices picked by key or arrows, and the 1-5 `Rating` built on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

MOOD_WORDS = ("drained", "low", "okay", "good", "full of beans")
"""What 1-5 mean for "how are you arriving?"."""

REFLECT_WORDS = ("hardly", "a little", "somewhat", "mostly", "fully")
"""What 1-5 mean for "will today reflect this value?"."""


class Choice(NamedTuple):
    """One choice in a `ChoiceRow`."""

    value: str
    """What the row's `value` becomes."""
    key: str
    """The key that picks it ("1", "y"...)."""
    label: str
    """What is shown."""


class ChoiceRow(Widget, can_focus=True):
    """A focusable row such as `1 before school  [2 after pickup]  3 dinner`.

    The chosen one is in [brackets] and bold, and a "›" marks the row that has the
    focus, so nothing depends on colour. Each choice's key picks it; ← → move;
    Backspace or Delete clears. Posts `ChoiceRow.Changed` whenever the value changes.

    Args:
        choices: The choices, in order.
        value: The starting value, or None for nothing chosen.
        label: Shown before the choices (cut to `label_width` cells with "…").
        label_width: Cells kept for the label; 0 for as wide as the label.
        show_keys: Show each choice's key before its label (when they differ).
        captions: A word shown after the row for each choice (e.g. "okay"), or None.
        empty: Shown after the row while nothing is chosen.
        id: The widget id.
        classes: CSS classes.
    """

    DEFAULT_CSS = """
    ChoiceRow {
        height: auto;
        width: 1fr;
    }
    """

    value: reactive[str | None] = reactive[str | None](None)
    """The chosen choice's value, or None."""

    class Changed(Message):
        """The row's value changed (by key, arrows or code)."""

        def __init__(self, row: ChoiceRow, value: str | None, by_key: bool = False) -> None:
            super().__init__()
            self.row = row
            self.value = value
            self.by_key = by_key
            """True when a choice's own key picked it (not the arrows, not code)."""

        @property
        def control(self) -> ChoiceRow:
            """The row that changed."""
            return self.row

    def __init__(
        self,
        choices: Sequence[Choice],
        value: str | None = None,
        *,
        label: str = "",
        label_width: int = 0,
        show_keys: bool = False,
        captions: Sequence[str] | None = None,
        empty: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.choices = list(choices)
        self.label = label
        self.label_width = label_width
        self.show_keys = show_keys
        self.captions = list(captions) if captions is not None else None
        self.empty = empty
        self._by_key = {c.key: c.value for c in self.choices}
        self._values = [c.value for c in self.choices]
        self._picking = False
        self.set_reactive(ChoiceRow.value, value if value in self._values else None)

    # ---- keys ------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Choice keys pick, ← → move, Backspace/Delete clear."""
        key = event.key
        if key in self._by_key:
            self.pick(self._by_key[key])
        elif key in ("left", "right"):
            self._move(-1 if key == "left" else 1)
        elif key in ("backspace", "delete"):
            self.value = None
        else:
            return
        event.stop()
        event.prevent_default()

    def pick(self, value: str) -> None:
        """Choose `value` as its key would (`Changed.by_key` is True, even if unchanged)."""
        self._picking = True
        try:
            if self.value == value:
                self.post_message(self.Changed(self, value, by_key=True))
            self.value = value
        finally:
            self._picking = False

    def _move(self, step: int) -> None:
        if self.value is None:
            self.value = self._values[0]
            return
        index = self._values.index(self.value) + step
        self.value = self._values[max(0, min(index, len(self._values) - 1))]

    def validate_value(self, value: str | None) -> str | None:
        return value if value in self._values else None

    def watch_value(self, old: str | None, new: str | None) -> None:
        if old != new:
            self.post_message(self.Changed(self, new, by_key=self._picking))

    # ---- drawing ---------------------------------------------------------------------

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Text:
        text = Text("› " if self.has_focus else "  ", style="bold")
        if self.label:
            label = Text(self.label)
            if self.label_width:
                label.truncate(self.label_width, overflow="ellipsis", pad=True)
            text.append_text(label)
            text.append("  ")
        for index, choice in enumerate(self.choices):
            shown = choice.label
            if self.show_keys and choice.key != choice.label:
                shown = f"{choice.key} {choice.label}"
            if index:
                text.append(" ")
            if choice.value == self.value:
                text.append(f"[{shown}]", style="bold reverse")
            else:
                text.append(f" {shown} ")
        caption = self.caption()
        if caption:
            text.append("  ")
            text.append(caption, style="italic" if self.value is None else "bold")
        return text

    def caption(self) -> str:
        """The word shown after the row: the chosen choice's caption, or `empty`."""
        if self.value is None:
            return self.empty
        if self.captions is None:
            return ""
        return self.captions[self._values.index(self.value)]


class Rating(ChoiceRow):
    """A 1-5 rating shown as `1 2 [3] 4 5  okay`: keys 1-5 set it, ← → change it.

    Args:
        words: What 1 to 5 mean, shown after the row for the chosen number.
        value: The starting rating, or None.
        label: Shown before the numbers (e.g. a value's name).
        label_width: Cells kept for the label.
        empty: Shown while unrated.
        id: The widget id.
        classes: CSS classes.
    """

    class Changed(ChoiceRow.Changed):
        """The rating changed; `rating` is the new number or None."""

        @property
        def rating(self) -> int | None:
            """The new rating, 1-5, or None when cleared."""
            return int(self.value) if self.value else None

    def __init__(
        self,
        words: Sequence[str] = MOOD_WORDS,
        value: int | None = None,
        *,
        label: str = "",
        label_width: int = 0,
        empty: str = "press 1-5",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        choices = [Choice(str(n), str(n), str(n)) for n in range(1, 6)]
        super().__init__(
            choices,
            str(value) if value else None,
            label=label,
            label_width=label_width,
            captions=list(words),
            empty=empty,
            id=id,
            classes=classes,
        )

    @property
    def rating(self) -> int | None:
        """The rating, 1-5, or None."""
        return int(self.value) if self.value else None

    @rating.setter
    def rating(self, number: int | None) -> None:
        self.value = str(number) if number else None
