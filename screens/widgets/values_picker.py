"""The core-values picker that first run and settings share: 3 to 5, from the library or typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static

from ritual.content import ContentLibrary

FEWEST_VALUES = 3
MOST_VALUES = 5


def values_problem(count: int) -> str | None:
    """Return the sentence to show when `count` values is not 3 to 5, else None."""
    if FEWEST_VALUES <= count <= MOST_VALUES:
        return None
    return f"Pick {FEWEST_VALUES} to {MOST_VALUES} values (you have {count})."


class ValueList(OptionList):
    """The list of values; Space or Enter ticks or unticks the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "select", "Tick", show=False)]


class ValuesPicker(Vertical):
    """Pick 3 to 5 core values, most important first; add your own by typing.

    Each line starts with its rank ("[1]") or "[ ]", so what is picked never shows by
    colour alone. The chosen values are library ids, or the user's own words as typed.

    Args:
        library: where the value names and descriptions come from.
        chosen: the values picked so far (ids or the user's own text), in order.
    """

    class Changed(Message):
        """The chosen values changed."""

    def __init__(
        self, library: ContentLibrary, chosen: Sequence[str] = (), *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.library = library
        self.keys: list[str] = [v.id for v in library.values]
        """One per line of the list: a library id, or the user's own text."""
        self.chosen: list[str] = []
        """The picked keys, most important first."""
        for key in chosen:
            found = library.value(key)
            key = found.id if found is not None else key.strip()
            if key and key not in self.chosen:
                self.chosen.append(key)
            if key and key not in self.keys:
                self.keys.append(key)

    def compose(self) -> ComposeResult:
        yield Label("", id="values-count")
        yield ValueList(*(self._prompt(key) for key in self.keys), id="values-list")
        yield Input(
            placeholder="Or type your own value and press Enter",
            max_length=40,
            id="own-value",
        )
        yield Static("", id="values-error", classes="form-problem")

    def on_mount(self) -> None:
        self.query_one(ValueList).highlighted = 0
        self._show_count()

    # ---- showing --------------------------------------------------------------------

    def _prompt(self, key: str) -> Content:
        mark = f"[{self.chosen.index(key) + 1}]" if key in self.chosen else "[ ]"
        found = self.library.value(key)
        name = found.name if found is not None else key
        about = found.description if found is not None else "your own"
        return Content.assemble(f"{mark} ", (name, "bold"), "  ", (about, "dim"))

    def _refresh_prompts(self, keys: Sequence[str]) -> None:
        values = self.query_one(ValueList)
        for key in keys:
            values.replace_option_prompt_at_index(self.keys.index(key), self._prompt(key))

    def _show_count(self, note: str = "") -> None:
        names = ", ".join(self.library.value_name(k) for k in self.chosen) or "none yet"
        text = f"Chosen {len(self.chosen)} of {FEWEST_VALUES}–{MOST_VALUES}: {names}"
        self.query_one("#values-count", Label).update(Content(text))
        line = self.query_one("#values-error", Static)
        line.update(Content(f"✗ {note}" if note else ""))
        line.display = bool(note)

    # ---- changing -------------------------------------------------------------------

    def toggle(self, key: str) -> None:
        """Tick `key` (ranked last) or untick it (the others move up)."""
        note = ""
        ranked = list(self.chosen)  # these may change rank, so their marks are redrawn
        if key in self.chosen:
            self.chosen.remove(key)
        elif len(self.chosen) >= MOST_VALUES:
            note = f"You have {MOST_VALUES} already. Untick one to make room."
        else:
            self.chosen.append(key)
        self._refresh_prompts([*ranked, key])
        self._show_count(note)
        self.post_message(self.Changed())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(self.keys[event.option_index])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in "your own value": add it, ticked, to the end of the list."""
        event.stop()
        text = " ".join(event.value.split())
        if not text:
            return
        found = self.library.value(text)
        key = found.id if found is not None else text
        if key not in self.keys:
            self.keys.append(key)
            self.query_one(ValueList).add_option(self._prompt(key))
        if key not in self.chosen:
            self.toggle(key)
        event.input.value = ""
        self.query_one(ValueList).highlighted = self.keys.index(key)

    def check(self) -> str | None:
        """Show and return the problem with the count, or None when 3 to 5 are picked."""
        problem = values_problem(len(self.chosen))
        self._show_count(problem or "")
        return problem
