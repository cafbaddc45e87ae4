"""One past ritual day, read-only: everything its morning and evening held; and the date jump."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from ritual.content import ContentLibrary
from ritual.models import Profile
from screens.widgets.rating import MOOD_WORDS, REFLECT_WORDS

FEELING_WORDS = ("hard", "so-so", "okay", "good", "lovely")
"""What 1-5 mean for "how did the moment feel?" (as the evening debrief asks it)."""

STATUS_MARKS = {"done": "✓ done", "partly": "◐ partly", "missed": "○ not today"}
"""A connection's status in a symbol and words."""

LABEL_WIDTH = 11

FORMER_CHILD = "a child no longer in your profile"
"""How a child is named whose id is in the journal but no longer in the profile."""

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Entry = Mapping[str, Any]


def _rating(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return None


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def child_name(profile: Profile, child_id: object, fallback: object = None) -> str:
    """A connection's child by name, or a kind phrase when the profile no longer has them."""
    child = profile.child(str(child_id))
    if child is not None:
        return child.name
    return _text(fallback) or FORMER_CHILD


def clock_text(seconds: object) -> str:
    """Seconds as "4:10"; "" when unknown."""
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds <= 0:
        return ""
    total = int(seconds)
    return f"{total // 60}:{total % 60:02d}"


class Card:
    """A title, then rows of "Label      text" whose text wraps under itself, not the label."""

    def __init__(self, title: str, aside: str = "", label_width: int = LABEL_WIDTH) -> None:
        self.title = Text(title, style="bold")
        if aside:
            self.title.append(f"  {aside}", style="dim")
        self.table = Table.grid(padding=(0, 1))
        self.table.add_column(width=label_width - 1, style="bold", no_wrap=True)
        self.table.add_column(ratio=1)

    def row(self, label: str, body: str) -> None:
        """A labelled row (an empty label continues the row above)."""
        self.table.add_row(Text(label), Text(body))

    def more(self, body: str) -> None:
        """A further line under the row above."""
        self.table.add_row(Text(""), Text(body))

    def renderable(self) -> Group:
        """The card, for a `Static`."""
        return Group(self.title, self.table)


def _guilt_rows(card: Card, notes: object, library: ContentLibrary, evening: bool) -> None:
    if not isinstance(notes, list):
        return
    questions = {q.id: q.text for q in library.questions}
    reframes = {r.id: r.text for r in library.reframes}
    prompts = {p.id: p.text for p in library.self_compassion_prompts}
    first = True
    for note in notes:
        if not isinstance(note, Mapping):
            continue
        kind = note.get("kind")
        body = f"“{_text(note.get('text'))}”" if _text(note.get("text")) else "(not named)"
        if kind == "conflict":
            body += " · a values conflict"
            if note.get("value"):
                body += f" ({library.value_name(str(note['value']))})"
        elif kind == "should":
            body += " · a “should”"
        card.row("Guilt" if first else "", body)
        first = False
        if kind == "should" and _text(note.get("whose_rule")):
            card.more(f"whose rule: {_text(note.get('whose_rule'))}")
        if _text(note.get("action")):
            what = "to do differently" if evening else "small action"
            card.more(f"→ {what}: {_text(note.get('action'))}")
        card_id = note.get("prompt") if evening else note.get("reframe")
        card_text = (prompts if evening else reframes).get(str(card_id), "")
        if card_text:
            card.more(f"{'prompt' if evening else 'reframe'}: {card_text}")
        answers = note.get("answers")
        if isinstance(answers, Mapping):
            for question_id, answer in answers.items():
                if _text(answer):
                    question = questions.get(str(question_id), str(question_id))
                    card.more(f"{question} {_text(answer)}")


def morning_card(entry: Entry, profile: Profile, library: ContentLibrary) -> Group:
    """Everything one morning entry holds, in words."""
    took = clock_text(entry.get("duration_s"))
    card = Card("☀ Morning", f"took {took}" if took else "")
    mood = _rating(entry.get("mood"))
    card.row("Mood", f"{mood} · {MOOD_WORDS[mood - 1]}" if mood else "not rated")
    card.row("Intention", _text(entry.get("intention")) or "none set")
    if _text(entry.get("notes")):
        card.row("Notes", _text(entry.get("notes")))
    ratings = entry.get("values")
    rated = []
    if isinstance(ratings, Mapping):
        for value, raw in ratings.items():
            if (score := _rating(raw)) is not None:
                rated.append(
                    f"{library.value_name(str(value))} {score}/5 ({REFLECT_WORDS[score - 1]})"
                )
    for i, line in enumerate(rated or ["not rated"]):
        card.row("Values" if i == 0 else "", line)
    _guilt_rows(card, entry.get("guilt"), library, evening=False)
    plan = entry.get("plan")
    items = [_text(p) for p in plan if _text(p)] if isinstance(plan, list) else []
    for i, item in enumerate(items):
        card.row("Plan" if i == 0 else "", f"• {item}")
    connections = entry.get("connections")
    moments = [c for c in connections if isinstance(c, Mapping)] if connections else []
    for i, moment in enumerate(moments):
        who = child_name(profile, moment.get("child"), moment.get("child_name"))
        details = [
            _text(moment.get("activity")) or "a moment together",
            _text(moment.get("when")),
            f"{moment['minutes']} min" if moment.get("minutes") else "",
        ]
        card.row("Moments" if i == 0 else "", f"{who}: " + " · ".join(d for d in details if d))
    if not moments:
        card.row("Moments", "none planned")
    return card.renderable()


def evening_card(entry: Entry, profile: Profile, library: ContentLibrary) -> Group:
    """Everything one evening entry holds, in words."""
    took = clock_text(entry.get("duration_s"))
    aside = " · ".join(
        a
        for a in (
            "done late, the next morning" if entry.get("late") is True else "",
            f"took {took}" if took else "",
        )
        if a
    )
    card = Card("☾ Evening", aside)
    connections = entry.get("connections")
    moments = [c for c in connections if isinstance(c, Mapping)] if connections else []
    for i, moment in enumerate(moments):
        who = child_name(profile, moment.get("child"), moment.get("child_name"))
        status = STATUS_MARKS.get(str(moment.get("status")), "")
        feeling = _rating(moment.get("feeling"))
        details = [
            _text(moment.get("activity")) or "a moment together",
            status,
            f"felt {feeling}/5 ({FEELING_WORDS[feeling - 1]})" if feeling else "",
        ]
        card.row("Moments" if i == 0 else "", f"{who}: " + " · ".join(d for d in details if d))
        if _text(moment.get("note")):
            card.more(f"“{_text(moment.get('note'))}”")
    if not moments:
        card.row("Moments", "none recorded")
    intention = _text(entry.get("intention"))
    score = _rating(entry.get("intention_score"))
    line = f"“{intention}”" if intention else "no intention set"
    if score:
        line += f" · reflected {score}/5 ({REFLECT_WORDS[score - 1]})"
    card.row("Intention", line)
    if _text(entry.get("intention_note")):
        card.more(_text(entry.get("intention_note")))
    _guilt_rows(card, entry.get("guilt"), library, evening=True)
    card.row("Win", _text(entry.get("win")) or "not named")
    card.row("Tomorrow", _text(entry.get("tomorrow_note")) or "no note")
    return card.renderable()


class DayViewScreen(Screen[None]):
    """One past day, read-only. Escape goes back.

    Args:
        profile: The profile (children's names).
        morning: That day's morning entry, or None.
        evening: That day's evening entry, or None.
        library: The content library (value names, reframes, questions).
        day: The day, for a title when neither entry exists.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),
    ]
    """Escape (or q) goes back; arrows and Page Up/Down scroll."""

    def __init__(
        self,
        profile: Profile,
        morning: Entry | None,
        evening: Entry | None,
        library: ContentLibrary,
        *,
        day: date | None = None,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.morning = morning
        self.evening = evening
        self.library = library
        self.day = day or self._day_of(morning) or self._day_of(evening)

    @staticmethod
    def _day_of(entry: Entry | None) -> date | None:
        raw = entry.get("day") if entry is not None else None
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            return None

    def compose(self) -> ComposeResult:
        day = self.day
        title = f"{day:%A} {day.day} {day:%B %Y}" if day else "A past day"
        yield Label(Content.assemble((title, "bold"), "  · read-only"), id="day-title")
        with VerticalScroll(id="day-body"):
            if self.morning is None and self.evening is None:
                yield Static(
                    "Nothing was written on this day. That is fine: "
                    "the bigger picture matters more than any single day.",
                    id="day-empty",
                )
            if self.morning is not None:
                yield Static(
                    morning_card(self.morning, self.profile, self.library), id="day-morning"
                )
            elif self.evening is not None:
                yield Static("☀ Morning: none that day.", id="day-morning", classes="muted")
            if self.evening is not None:
                yield Static(
                    evening_card(self.evening, self.profile, self.library), id="day-evening"
                )
            elif self.morning is not None:
                yield Static("☾ Evening: none that day.", id="day-evening", classes="muted")
        yield Label("esc back · ↑↓ PgUp PgDn scroll", classes="history-keys")

    def on_mount(self) -> None:
        self.query_one("#day-body").focus()

    def action_back(self) -> None:
        """Back to where the day was opened from."""
        self.dismiss(None)


class DateJumpScreen(ModalScreen[date | None]):
    """Ask for a date (YYYY-MM-DD); dismiss with it, or None on Escape.

    Args:
        today: The current ritual day: later dates are refused kindly.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Open which day? (YYYY-MM-DD)", id="dialog-question")
            yield Input(placeholder=self.today.isoformat(), max_length=10, id="jump-date")
            yield Label("", id="jump-error", classes="error")
            yield Label("Enter open · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: open the day, or say what is wrong with the date."""
        text = event.value.strip()
        error = self.query_one("#jump-error", Label)
        day: date | None = None
        if _DAY.fullmatch(text):
            try:
                day = date.fromisoformat(text)
            except ValueError:
                day = None
        if day is None:
            error.update("That is not a date; try e.g. " + self.today.isoformat() + ".")
            return
        if day > self.today:
            error.update("That day has not come yet.")
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        """Escape: no date."""
        self.dismiss(None)
