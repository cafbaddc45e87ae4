"""Small modal dialogs that ask one question and dismiss with the answer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class ChoiceScreen(ModalScreen[str | None]):
    """Ask a question with a few answers; dismiss with the chosen key, or None on Escape.

    Args:
        question: one or two plain sentences.
        choices: (key, label) pairs, the first one focused.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="dialog-question")
            yield OptionList(*(Option(label, id=key) for key, label in self.choices))
            yield Label("↑↓ choose · Enter confirm · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an answer."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Escape: no answer."""
        self.dismiss(None)
