"""Home's "what next" list: a few actions, one highlighted, Enter starts it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

POINTER = "› "


class ActionList(Widget, can_focus=True):
    """A short list of actions drawn as one block of text, the highlighted one marked "›".

    Home draws this first thing on every start (bench/startup.py), and Textual's
    `OptionList` costs more to build and paint than all the rest of home's text; a
    handful of fixed actions needs none of its scrolling, caching or separators.

    Args:
        items: ``(id, label)`` pairs, in order.
        highlighted: the index highlighted at first.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"action-list--highlighted"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "select", "Start", show=False),
    ]

    highlighted: reactive[int] = reactive(0)
    """The index of the highlighted action."""

    class Selected(Message):
        """An action was chosen with Enter or a click."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def __init__(
        self, items: Sequence[tuple[str, str]], highlighted: int = 0, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.items = list(items)
        self.set_reactive(ActionList.highlighted, self._clamp(highlighted))

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self.items) - 1))

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted action (None when the list is empty)."""
        return self.items[self.highlighted][0] if self.items else None

    def set_items(self, items: Sequence[tuple[str, str]], highlighted: int = 0) -> None:
        """Show new actions (e.g. after a save), highlighting the one at `highlighted`."""
        self.items = list(items)
        self.highlighted = self._clamp(highlighted)
        self.refresh(layout=True)

    def render(self) -> Content:
        lines = []
        for index, (_, label) in enumerate(self.items):
            if index == self.highlighted:
                style = self.get_visual_style("action-list--highlighted")
                row = Content.styled(POINTER + label, style)
                lines.append(row.extend_right(max(0, self.size.width - row.cell_length)))
            else:
                lines.append(Content("  " + label))
        return Content("\n").join(lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.items)

    def action_move(self, step: int) -> None:
        if self.items:
            self.highlighted = (self.highlighted + step) % len(self.items)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self._clamp(len(self.items) - 1)

    def action_select(self) -> None:
        if self.items:
            self.post_message(self.Selected(self.items[self.highlighted][0]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # None on the border or padding
        if offset is not None and 0 <= offset.y < len(self.items):
            self.highlighted = offset.y
            self.action_select()
