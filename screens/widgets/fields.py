"""One-line text fields that never silently drop what was pasted, and the suggestions under them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from screens.widgets.focus import focus_now

LINE_LIMIT = 500
"""Characters a one-line field holds: generous for a sentence, and shown when reached."""

LINE_JOINER = " / "
"""What joins the lines of a multi-line paste in a one-line field, so the breaks stay visible."""

_KEEP_CONTROLS = frozenset("\n\t")


def clean_text(text: str) -> str:
    """Remove control characters except newline and tab; make lone surrogates visible.

    Everything printable stays exactly as it was: emoji, ZWJ sequences, combining
    marks and right-to-left text (and their invisible format marks) are kept.

    Args:
        text: Text from a paste or another outside source.

    Returns:
        The text without control characters (a CR-LF or lone CR becomes a newline).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" and char not in _KEEP_CONTROLS:
            continue
        # A lone surrogate cannot be stored as UTF-8; show the replacement mark instead.
        kept.append("\ufffd" if category == "Cs" else char)
    return "".join(kept)


def one_line(text: str, joiner: str = LINE_JOINER) -> str:
    """Return pasted text as one line: its non-blank lines joined by `joiner`, tabs as spaces.

    Args:
        text: Text that may hold several lines.
        joiner: Put between the lines, so that a break stays visible.
    """
    lines = [line for line in clean_text(text).split("\n") if line.strip()]
    return joiner.join(lines).replace("\t", " ")


class TextField(Input):
    """A one-line field: multi-line pastes are joined visibly, and the length limit is shown.

    Textual's `Input` keeps only the first line of a paste; this keeps every line,
    joined with " / ". Control characters are dropped. When the text nears the
    limit a counter appears in the field's bottom border, and when a paste or a
    keystroke does not fit, the border says so (a paste also raises a notification).

    Args:
        value: The starting text (kept exactly as given).
        placeholder: Shown while the field is empty.
        limit: The most characters the field holds.
        id: The widget id.
        classes: CSS classes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "suggestions", "Suggestions", show=False),
    ]

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        limit: int = LINE_LIMIT,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        # Set before Input.__init__, whose first `value` already runs `watch_value`.
        self.limit = limit
        """The most characters the field holds."""
        self.suggestions: SuggestionList | None = None
        """The list of suggestions that belongs to this field, if any (↓ moves into it)."""
        self._dropped = 0
        super().__init__(
            value, placeholder=placeholder, max_length=limit, id=id, classes=classes, compact=False
        )

    # ---- paste and the limit ---------------------------------------------------------

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        self.paste(event.text)

    def paste(self, text: str) -> int:
        """Insert `text` as a paste would: one line, control characters dropped, up to the limit.

        Args:
            text: What was pasted.

        Returns:
            How many characters did not fit (0 when all of it went in).
        """
        line = one_line(text)
        if not line:
            return 0
        start, end = sorted(self.selection)
        room = max(0, self.limit - (len(self.value) - (end - start)))
        kept, dropped = line[:room], len(line) - min(room, len(line))
        if kept:
            self.replace(kept, start, end)
        if dropped:
            self._dropped = dropped
            self._show_count()
            self.app.notify(
                f"That paste was {len(line):,} characters; this field holds {self.limit:,}, "
                f"so the last {dropped:,} were not pasted.",
                title="Text too long",
                severity="warning",
                timeout=10,
            )
        return dropped

    def restricted(self) -> None:
        """A keystroke did not fit: say so in the border instead of ringing the bell."""
        self._show_count(refused=True)

    def watch_value(self, value: str) -> None:
        """Keep the counter in step with the text."""
        if len(value) < self.limit:
            self._dropped = 0
        self._show_count()

    def _show_count(self, refused: bool = False) -> None:
        length = len(self.value)
        if length >= self.limit:
            note = f"{length}/{self.limit} · limit reached"
            if self._dropped:
                note += f" · {self._dropped:,} not pasted"
            elif refused:
                note += " · no more fits"
            self.border_subtitle = note
        elif length >= self.limit * 0.8:
            self.border_subtitle = f"{length}/{self.limit}"
        else:
            self.border_subtitle = ""

    # ---- suggestions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "suggestions":
            return self.suggestions is not None and self.suggestions.option_count > 0
        return True

    def action_suggestions(self) -> None:
        """↓: move into the suggestions below."""
        if self.suggestions is not None:
            self.suggestions.enter_from_field()


class SuggestionList(OptionList):
    """Suggestions under a `TextField`: Enter copies one into the field and returns there.

    ↓ in the field moves into the list; ↑ on the first suggestion goes back up.

    Args:
        field: The field the chosen text goes into.
        suggestions: The texts offered, in order.
        id: The widget id.
    """

    def __init__(self, field: TextField, suggestions: Sequence[str] = (), *, id: str | None = None):
        super().__init__(id=id)
        self.field = field
        field.suggestions = self
        self.texts: list[str] = []
        self.set_suggestions(suggestions)

    def set_suggestions(self, suggestions: Sequence[str]) -> None:
        """Offer `suggestions` (shown as plain text, never as markup)."""
        self.texts = list(suggestions)
        self.clear_options()
        self.add_options(Option(Text(t), id=f"s{i}") for i, t in enumerate(self.texts))

    def enter_from_field(self) -> None:
        """Focus the list with the first suggestion highlighted."""
        if self.option_count:
            self.highlighted = self.highlighted or 0
            focus_now(self)

    def on_focus(self) -> None:
        """Tab into the list lands on a suggestion, so Enter always has one to copy."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def action_cursor_up(self) -> None:
        """↑: the previous suggestion, or back to the field from the first one."""
        if not self.highlighted:
            focus_now(self.field)
            return
        super().action_cursor_up()

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self:
            return
        text = self.texts[event.option_index]
        self.field.value = text[: self.field.limit]
        self.field.cursor_position = len(self.field.value)
        focus_now(self.field)
