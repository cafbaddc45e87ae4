"""An option list whose highlighted option also starts with "› ", so NO_COLOR still shows it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

POINTER = "› "


class PointerList(OptionList):
    """Textual's `OptionList`, with a "›" before the highlighted option as well as its colour.

    The options are given whole at construction, already marked, so the first paint is
    the final one; moving the highlight re-marks just the two options it left and reached.

    Args:
        items: ``(id, label)`` pairs, in order.
        highlighted: the index highlighted at first.
    """

    def __init__(
        self, items: Sequence[tuple[str, str]], highlighted: int = 0, *, id: str | None = None
    ) -> None:
        # Set before Textual's __init__, which highlights the first option and so already
        # calls `watch_highlighted`: the options are built marked, nothing to re-mark.
        self.labels = dict(items)
        start = highlighted if 0 <= highlighted < len(items) else 0
        self._marked: int | None = start if items else None
        self._building = True
        super().__init__(
            *(
                Option(self._prompt(label, index == start), id=key)
                for index, (key, label) in enumerate(items)
            ),
            id=id,
        )
        if items:
            self.highlighted = start
        self._building = False

    @staticmethod
    def _prompt(label: str, highlighted: bool) -> Content:
        return Content((POINTER if highlighted else "  ") + label)

    def set_items(self, items: Sequence[tuple[str, str]], highlighted: int = 0) -> None:
        """Show new options (e.g. after a save), highlighting the one at `highlighted`."""
        self.labels = dict(items)
        start = highlighted if 0 <= highlighted < len(items) else 0
        self._building = True
        self.set_options(
            Option(self._prompt(label, index == start), id=key)
            for index, (key, label) in enumerate(items)
        )
        if items:
            self.highlighted = start
        self._marked = start if items else None
        self._building = False

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self._building or highlighted == self._marked:
            return
        for index, mark in ((self._marked, False), (highlighted, True)):
            if index is not None and index < self.option_count:
                option_id = self.get_option_at_index(index).id or ""
                self.replace_option_prompt_at_index(
                    index, self._prompt(self.labels.get(option_id, ""), mark)
                )
        self._marked = highlighted
