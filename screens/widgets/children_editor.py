"""The children editor that first run and settings share: add, rename, re-date and remove."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from ritual.models import Child, new_id

OLDEST_AGE = 99
"""A birth year more than this many years back is taken for a typo."""

_YEAR = re.compile(r"\d{4}")
_AGE = re.compile(r"(\d{1,2})\s*(?:y|yr|yrs|yo|y\.o\.|years?(?:\s+old)?)?", re.IGNORECASE)


def parse_birth_year(text: str, today: date) -> int:
    """Read a birth year ("2019") or an age ("7", "7y", "7 years") as a birth year.

    An age becomes `today.year - age`: a birth year is all the profile keeps, and it is
    close enough to suggest activities for the right age.

    Args:
        text: what the user typed.
        today: the ritual day, for turning an age into a year and checking the range.

    Returns:
        The birth year.

    Raises:
        ValueError: with one sentence the user can act on.
    """
    typed = text.strip()
    if not typed:
        raise ValueError("needs a birth year or an age")
    if _YEAR.fullmatch(typed):
        year = int(typed)
        if year > today.year:
            raise ValueError(f"has a birth year ({year}) after this year")
        if year < today.year - OLDEST_AGE:
            raise ValueError(f"has a birth year ({year}) too long ago")
        return year
    age = _AGE.fullmatch(typed)
    if age is None:
        raise ValueError(f"needs a birth year like 2019 or an age like 7, not “{typed}”")
    return today.year - int(age.group(1))


class ChildRow(Horizontal):
    """One child: name, birth year or age, a quiet "born …" hint and a Remove button.

    Args:
        child: the child being edited, or None for a new one.
        today: the ritual day (for ages).
    """

    def __init__(self, child: Child | None, today: date) -> None:
        super().__init__(classes="child-row")
        self.child_id = child.id if child is not None else new_id("c")
        """Kept across renames, so past entries still point at this child."""
        self.extra: dict[str, Any] = dict(child.extra) if child is not None else {}
        self._name = child.name if child is not None else ""
        self._year = str(child.birth_year) if child is not None else ""
        self.today = today

    def compose(self) -> ComposeResult:
        yield Input(self._name, placeholder="Name", max_length=60, classes="child-name")
        yield Input(self._year, placeholder="Year or age", max_length=12, classes="child-year")
        yield Label("", classes="child-hint muted")
        yield Button("Remove", classes="child-remove", compact=True)

    def on_mount(self) -> None:
        self.show_hint()

    @property
    def name_text(self) -> str:
        """The name as typed, trimmed."""
        return self.query_one(".child-name", Input).value.strip()

    @property
    def year_text(self) -> str:
        """The birth year or age as typed."""
        return self.query_one(".child-year", Input).value.strip()

    def is_blank(self) -> bool:
        """True when nothing at all was typed in this row."""
        return not self.name_text and not self.year_text

    def show_hint(self) -> None:
        """Say what the typed year or age means: "age 7" or "born 2019"."""
        hint = ""
        if self.year_text:
            try:
                year = parse_birth_year(self.year_text, self.today)
            except ValueError:
                hint = "?"
            else:
                age = max(0, self.today.year - year)
                hint = f"age {age}" if _YEAR.fullmatch(self.year_text) else f"born {year}"
        self.query_one(".child-hint", Label).update(Content(hint))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.has_class("child-year"):
            self.show_hint()


class ChildrenEditor(Vertical):
    """Children as rows of inputs, with "Add a child" below.

    Enter in a field moves to the next field, so the rows fill in like a form.
    Removing a child only takes them out of the profile: past entries keep their id.

    Args:
        children: the children to start with.
        today: the ritual day (ages turn into birth years with it).
    """

    def __init__(self, children: Sequence[Child], today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.initial = list(children)
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="child-rows"):
            for child in self.initial:
                yield ChildRow(child, self.today)
        yield Label("No children added. That is fine too.", id="no-children", classes="muted")
        yield Button("+ Add a child", id="add-child")
        yield Static("", id="children-error", classes="form-problem")

    def on_mount(self) -> None:
        self._show_empty()

    @property
    def rows(self) -> list[ChildRow]:
        """The rows on screen, in order."""
        return list(self.query(ChildRow))

    def _show_empty(self) -> None:
        self.query_one("#no-children").display = not self.rows

    async def add_child(self) -> ChildRow:
        """Add an empty row and put the cursor in its name."""
        row = ChildRow(None, self.today)
        await self.query_one("#child-rows").mount(row)
        self._show_empty()
        row.query_one(".child-name", Input).focus()
        row.scroll_visible()
        return row

    async def remove_row(self, row: ChildRow) -> None:
        """Take a row away and keep the focus nearby."""
        rows = self.rows
        index = rows.index(row)
        await row.remove()
        rest = self.rows
        if rest:
            rest[min(index, len(rest) - 1)].query_one(".child-remove", Button).focus()
        else:
            self.query_one("#add-child", Button).focus()
        self._show_empty()
        self._say(None)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add-child":
            await self.add_child()
        elif event.button.has_class("child-remove"):
            for ancestor in event.button.ancestors:
                if isinstance(ancestor, ChildRow):
                    await self.remove_row(ancestor)
                    break

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field, as Tab does."""
        event.stop()
        self.screen.focus_next()

    def state(self) -> list[tuple[str, str, str]]:
        """What is typed, for telling whether anything changed."""
        return [(r.child_id, r.name_text, r.year_text) for r in self.rows if not r.is_blank()]

    def check(self) -> str | None:
        """Show and return the first problem with what is typed, or None when all is well.

        The field at fault is marked `-invalid`, so the screen can put the cursor there.
        """
        problem = None
        for field in self.query(".child-name, .child-year"):
            field.remove_class("-invalid")
        for number, row in enumerate(self.rows, start=1):
            if row.is_blank():
                continue  # an untouched new row: nothing to keep
            if not row.name_text:
                problem = f"Child {number} needs a name (or remove that row)."
                row.query_one(".child-name").add_class("-invalid")
                break
            try:
                parse_birth_year(row.year_text, self.today)
            except ValueError as exc:
                problem = f"{row.name_text} {exc}."
                row.query_one(".child-year").add_class("-invalid")
                break
        self._say(problem)
        return problem

    def _say(self, problem: str | None) -> None:
        line = self.query_one("#children-error", Static)
        line.update(Content(f"✗ {problem}" if problem else ""))
        line.display = problem is not None

    def typed_children(self) -> list[Child]:
        """The children as typed (call `check` first), ids kept for those already known."""
        return [
            Child(
                id=row.child_id,
                name=row.name_text,
                birth_year=parse_birth_year(row.year_text, self.today),
                extra=dict(row.extra),
            )
            for row in self.rows
            if not row.is_blank()
        ]
