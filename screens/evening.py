"""The five-minute evening debrief: moments, intention, guilt check, a win, tomorrow, close."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from ritual.content import ContentLibrary
from ritual.models import Entry, Profile
from ritual.streaks import StreakFigures, as_mode, streak_sentence
from ritual.today import DayContext
from screens.evening_moments import (
    NOTE_LIMIT,
    STATUS_WORDS,
    ConnectionsStep,
    EveningStep,
    morning_for,
)
from screens.flow import FlowDraft, FlowScreen, FlowStep
from screens.widgets.fields import SuggestionList, TextField
from screens.widgets.focus import focus_now
from screens.widgets.rating import REFLECT_WORDS, Choice, ChoiceRow, Rating
from screens.widgets.step_header import StepHeader
from screens.widgets.triage import GuiltTriage


class IntentionStep(EveningStep):
    """Step 2: this morning's intention, how far today reflected it (1-5), and one line."""

    title = "Intention"

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"rate('{n}')", show=False, priority=True) for n in range(1, 6)),
    ]

    def compose(self) -> ComposeResult:
        yield Label("This morning's intention", classes="muted")
        yield Label("", id="intention-text", classes="evening-heading")
        yield Label("Did today reflect it?", id="intention-ask")
        yield Rating(REFLECT_WORDS, id="intention-score")
        yield Label("One line on it, if you like", id="intention-note-ask")
        yield TextField(
            placeholder="What helped, or what got in the way", limit=NOTE_LIMIT, id="intention-note"
        )

    def load(self, data: dict[str, Any]) -> None:
        intention = str(data.get("intention") or "").strip()
        shown = intention or "No intention was set this morning. That is fine."
        self.query_one("#intention-text", Label).update(Content(shown))
        score = data.get("intention_score")
        rating = self.query_one(Rating)
        with self.prevent(ChoiceRow.Changed):
            rating.rating = score if isinstance(score, int) and 1 <= score <= 5 else None
        self.query_one(TextField).value = str(data.get("intention_note") or "")

    def collect(self) -> dict[str, Any]:
        return {
            "intention_score": self.query_one(Rating).rating,
            "intention_note": self.query_one(TextField).value.strip(),
        }

    def action_rate(self, digit: str) -> None:
        """1-5 on the rating: rate, and go on to the line, as the key arrives.

        A priority binding: in a burst such as "4 it went well" the words must reach the
        line, not the rating that had the focus when the keys were sent on.
        """
        rating = self.query_one(Rating)
        if self.screen.focused is not rating:
            raise SkipAction()
        rating.pick(digit)
        focus_now(self.query_one(TextField))

    def on_rating_changed(self, event: Rating.Changed) -> None:
        event.stop()
        if event.rating is not None:
            # By digit or arrow alike, what is typed next is the line, never lost on the
            # rating (which takes no letters).
            focus_now(self.query_one(TextField))


class WinStep(EveningStep):
    """Step 4: a win or a strength to name: typed, or picked from the library's suggestions."""

    title = "A win"

    def __init__(self, suggestions: Sequence[str]) -> None:
        super().__init__()
        self.suggestions = list(suggestions)

    def compose(self) -> ComposeResult:
        yield Label("Name one win or strength from today.", classes="evening-heading")
        yield Label("Big or small, it counts. Type it, or ↓ to pick a suggestion.", classes="hint")
        field = TextField(placeholder="Today I...", limit=NOTE_LIMIT, id="win")
        yield field
        yield SuggestionList(field, self.suggestions, id="win-suggestions")

    def load(self, data: dict[str, Any]) -> None:
        self.query_one(TextField).value = str(data.get("win") or "")

    def collect(self) -> dict[str, Any]:
        return {"win": self.query_one(TextField).value.strip()}

    def focus_first(self) -> None:
        self.query_one(TextField).focus()


class TomorrowStep(EveningStep):
    """Step 5: a note for tomorrow, shown first in tomorrow's morning ritual."""

    title = "For tomorrow"

    def compose(self) -> ComposeResult:
        yield Label("A note for tomorrow morning", classes="evening-heading")
        yield Label("You will see it first thing, before you set your intention.", classes="hint")
        yield TextField(placeholder="Remember to...", limit=NOTE_LIMIT, id="tomorrow-note")
        yield Static("", id="tomorrow-action")

    def load(self, data: dict[str, Any]) -> None:
        self.query_one(TextField).value = str(data.get("tomorrow_note") or "")

    def collect(self) -> dict[str, Any]:
        return {"tomorrow_note": self.query_one(TextField).value.strip()}

    def show_actions(self, actions: Sequence[str]) -> None:
        """Mention the small changes the guilt check already set for tomorrow."""
        text = "\n".join(f"→ Already noted for tomorrow: {a}" for a in actions)
        box = self.query_one("#tomorrow-action", Static)
        box.display = bool(actions)
        box.update(Content(text))


# ---- step 3: the guilt check ------------------------------------------------------------


class GuiltStep(EveningStep):
    """Step 3: "Is anything weighing on you tonight?", then the shared guilt triage.

    Wraps `GuiltTriage` in evening mode. A values conflict ends with what to do
    differently (`action`: tomorrow morning's first suggestion); a "should" ends with
    a self-compassion prompt, and this step adds the one thing the triage does not
    ask: a kind sentence to yourself, typed (`kind_words`).
    """

    title = "Guilt check"

    def __init__(self, library: ContentLibrary, values: Sequence[str], seed: str) -> None:
        super().__init__()
        self.triage = GuiltTriage(library, values, mode="evening", seed=seed, id="evening-triage")
        self.opened = False
        """True once the user said something weighs on them (the triage is shown)."""

    def compose(self) -> ComposeResult:
        yield Label("Is anything weighing on you tonight?", classes="evening-heading")
        with Vertical(id="guilt-gate"):
            yield Label(
                "Guilt is information. Naming it helps tell what matters from what is "
                "only a “should”.",
                classes="hint",
            )
            yield ChoiceRow(
                [Choice("yes", "y", "yes"), Choice("no", "n", "no, not tonight")],
                show_keys=True,
                empty="press y or n",
                id="guilt-ask",
            )
        yield self.triage
        with Vertical(id="kind-words-box"):
            yield Label("One kind sentence to yourself:", id="kind-words-ask")
            yield Label(
                "Enter moves on · Shift+Tab back to the card (r another prompt)", classes="hint"
            )
            yield TextField(
                placeholder="e.g. I did my best with a hard day.", limit=NOTE_LIMIT, id="kind-words"
            )

    def on_mount(self) -> None:
        self._paint()

    # ---- data ------------------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> None:
        notes = [dict(n) for n in data.get("guilt") or [] if isinstance(n, Mapping)]
        self.opened = bool(notes)
        self.triage.load(notes)
        with self.prevent(ChoiceRow.Changed):
            self.query_one("#guilt-ask", ChoiceRow).value = "yes" if notes else None
        self._paint()

    def collect(self) -> dict[str, Any]:
        # Even after stepping back to "no", what was typed in the triage is kept.
        self._keep_kind_words()
        return {"guilt": self.triage.collect()}

    def wants_enter(self) -> bool:
        return self.opened and self.triage.wants_enter()

    def back_within(self) -> bool:
        if not self.opened:
            return False
        self._keep_kind_words()
        if not self.triage.back():
            self.opened = False
            self._paint()
            self.focus_first()
        return True

    def focus_first(self) -> None:
        if self.opened:
            if self._asks_kind_words():
                self.query_one("#kind-words", TextField).focus()
            else:
                self.triage.focus_page()
        else:
            self.query_one("#guilt-ask", ChoiceRow).focus()

    # ---- the gate, the triage and the kind words -------------------------------------

    def _asks_kind_words(self) -> bool:
        return self.opened and self.triage.at_end() and self.triage.note.get("kind") == "should"

    def _keep_kind_words(self) -> None:
        if self._asks_kind_words():
            words = self.query_one("#kind-words", TextField).value.strip()
            self.triage.note["kind_words"] = words or None

    def _paint(self) -> None:
        if not self.is_mounted:
            return
        self.query_one("#guilt-gate").display = not self.opened
        self.triage.display = self.opened
        box = self.query_one("#kind-words-box")
        box.display = self._asks_kind_words()
        if box.display:
            field = self.query_one("#kind-words", TextField)
            with self.prevent(Input.Changed):
                field.value = str(self.triage.note.get("kind_words") or "")

    def on_choice_row_changed(self, event: ChoiceRow.Changed) -> None:
        if event.row.id != "guilt-ask":
            return
        event.stop()
        if event.value == "yes":
            self.opened = True
            self.triage.start()
            self._paint()
        elif event.value == "no" and isinstance(self.screen, FlowScreen):
            self.screen.move_on()

    def on_guilt_triage_changed(self, event: GuiltTriage.Changed) -> None:
        event.stop()
        self._paint()
        if self._asks_kind_words():
            self.call_after_refresh(self.query_one("#kind-words", TextField).focus)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "kind-words":
            self._keep_kind_words()


# ---- step 6: close ----------------------------------------------------------------------


def tonight_counted(
    streaks: Mapping[str, StreakFigures],
    *,
    evening_done: bool,
    connected: bool,
    was_connected: bool,
) -> dict[str, StreakFigures]:
    """The streak figures of the day with tonight's debrief counted, before it is saved.

    The figures come from the journal as it stands. Adding the day itself as done
    always lengthens its current run by one (a run still "reaching" the day is joined,
    and a broken one starts afresh at 1), so current and longest follow exactly,
    matching `ritual status` once the entry is saved. The 30-day figure is left as
    it was; the close does not show it.

    Args:
        streaks: the figures for the day as the journal stands.
        evening_done: the day's evening is already in the journal (an edit).
        connected: tonight has a moment done or partly done.
        was_connected: the saved evening being edited had one.
    """
    figures = dict(streaks)

    def plus_one(kind: str) -> None:
        fig = figures.get(kind)
        if fig is not None:
            current = fig.current + 1
            figures[kind] = StreakFigures(current, max(fig.longest, current), fig.consistency_30d)

    if not evening_done:
        plus_one("evening")
    if connected and not was_connected:
        plus_one("connection")
    return figures


def is_heavy(data: Mapping[str, Any]) -> bool:
    """A heavy day: something weighed on the user and a moment or the day felt low (1-2)."""
    if not data.get("guilt"):
        return False
    scores = [c.get("feeling") for c in data.get("connections") or []]
    scores.append(data.get("intention_score"))
    return any(isinstance(s, int) and s <= 2 for s in scores)


def close_lines(data: Mapping[str, Any], profile: Profile) -> list[str]:
    """The kind summary of the day, one sentence a line."""
    lines: list[str] = []
    connections = [c for c in data.get("connections") or [] if isinstance(c, Mapping)]
    names: list[str] = []
    for conn in connections:
        child = profile.child(str(conn.get("child")))
        name = child.name if child is not None else "a child"
        status = STATUS_WORDS.get(str(conn.get("status")), "")
        names.append(f"{name} ({status})")
    together = [c for c in connections if c.get("status") in ("done", "partly")]
    if together:
        lines.append(f"You made time for {_and(names)}. That is what they will remember.")
    elif connections:
        lines.append("The moments did not happen today. That happens; tomorrow is a fresh page.")
    else:
        lines.append("You took five minutes to look back. That is care, too.")
    score = data.get("intention_score")
    if data.get("intention") and isinstance(score, int):
        lines.append(f"Today reflected your intention {score} of 5.")
    for note in data.get("guilt") or []:
        if not isinstance(note, Mapping):
            continue
        if note.get("kind") == "conflict" and note.get("action"):
            lines.append(f"Tomorrow's one small change: {note['action']}")
        elif note.get("kind") == "should":
            words = str(note.get("kind_words") or "").strip()
            kindly = f": “{words}”" if words else " instead of obeying it."
            lines.append(f"You met a “should” with kindness{kindly}")
    if data.get("win"):
        lines.append(f"Your win: {data['win']}")
    if data.get("tomorrow_note"):
        lines.append(f"Waiting for you tomorrow: {data['tomorrow_note']}")
    return lines


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class CloseStep(EveningStep):
    """Step 6: a kind summary of the day, the streaks, and now and then a support note."""

    title = "Close"

    def compose(self) -> ComposeResult:
        yield Label("Thank you for looking back.", id="close-thanks", classes="evening-heading")
        yield Vertical(id="close-summary")
        yield Static("", id="close-streaks")
        yield Static("", id="close-support", classes="muted")
        yield Label(
            "Enter saves · Esc goes back to change something", id="close-hint", classes="hint"
        )

    def show(
        self, thanks: str, summary: Sequence[str], streaks: Sequence[str], support: str
    ) -> None:
        """Paint the close."""
        self.query_one("#close-thanks", Label).update(Content(thanks))
        lines = self.query_one("#close-summary", Vertical)
        lines.remove_children()
        # One row per sentence, the bullet in its own column so wrapped lines hang under the text.
        lines.mount_all(
            Horizontal(Label("•", classes="bullet"), Static(Content(s)), classes="close-line")
            for s in summary
        )
        box = self.query_one("#close-streaks", Static)
        box.display = bool(streaks)
        box.update(Content("\n".join(streaks)))
        note = self.query_one("#close-support", Static)
        note.display = bool(support)
        note.update(Content(support))

    def focus_first(self) -> None:
        self.focus()


# ---- the screen ------------------------------------------------------------------------


class EveningScreen(FlowScreen):
    """The evening debrief of one ritual day (today's, or yesterday's marked late).

    Args:
        context: today's context (profile, that day's morning entry...).
        library: the content library (strengths, prompts, support notes).
        now: the app's clock.
        day: the ritual day being debriefed.
        late: a late debrief of a missed evening, saved with `"late": true`.
        draft: an unfinished debrief to resume.
        entry: a saved evening to edit again.
        streaks: the day's streak figures as the journal stands, or None when hidden.
    """

    flow_title = "Evening"

    def __init__(
        self,
        context: DayContext,
        library: ContentLibrary,
        now: Callable[[], datetime],
        *,
        day: date,
        late: bool,
        draft: FlowDraft | None = None,
        entry: Entry | None = None,
        streaks: Mapping[str, StreakFigures] | None = None,
    ) -> None:
        self.context = context
        self.library = library
        self.profile = context.profile
        self.ritual_day = day
        self.edited = entry
        self.streaks = dict(streaks) if streaks is not None else None
        self.late = bool(late or (entry is not None and entry.get("late")))
        morning = morning_for(context, day)
        step, elapsed, started = 0, 0, None
        data: dict[str, Any] = {}
        if draft is not None:
            data, step, elapsed, started = (
                dict(draft.data),
                draft.step,
                draft.elapsed_s,
                draft.started_at,
            )
        elif entry is not None:
            data = {k: v for k, v in entry.items() if k not in ("id", "tz", "saved_at")}
            elapsed, started = int(entry.get("duration_s") or 0), entry.get("started_at")
        data["late"] = self.late
        if not data.get("intention"):
            data["intention"] = str((morning or {}).get("intention") or "")
        seed = day.isoformat()
        strengths = [s.text for s in library.strengths]
        turn = day.toordinal() % len(strengths) if strengths else 0
        steps: list[FlowStep] = [
            ConnectionsStep(
                self.profile, morning, library, f"{day:%A} {day.day} {day:%B}" if self.late else ""
            ),
            IntentionStep(),
            GuiltStep(library, self.profile.values, seed),
            WinStep(strengths[turn:] + strengths[:turn]),
            TomorrowStep(),
            CloseStep(),
        ]
        super().__init__(
            "evening",
            seed,
            steps,
            data,
            now,
            step=step,
            elapsed_s=elapsed,
            started_at=started or None,
        )

    def on_mount(self) -> None:
        if self.late:
            self.query_one(StepHeader).flow_title = "Evening (late)"

    def on_step_shown(self, step: FlowStep) -> None:
        if isinstance(step, TomorrowStep):
            step.show_actions(self._actions())
        elif isinstance(step, CloseStep):
            self._paint_close(step)

    def _actions(self) -> list[str]:
        return [
            str(n["action"])
            for n in self.data.get("guilt") or []
            if isinstance(n, Mapping) and n.get("kind") == "conflict" and n.get("action")
        ]

    def _paint_close(self, step: CloseStep) -> None:
        name = " ".join(self.profile.name.split())
        thanks = f"Thank you for looking back, {name}." if name else "Thank you for looking back."
        if self.late:
            thanks += f" ({self.ritual_day:%A}'s debrief, marked late.)"
        support = ""
        if is_heavy(self.data):
            support = self.library.support_note(self.ritual_day.toordinal()).text
        step.show(thanks, close_lines(self.data, self.profile), self._streak_lines(), support)

    def _streak_lines(self) -> list[str]:
        if self.streaks is None:
            return []
        connected = _connected(self.data)
        figures = tonight_counted(
            self.streaks,
            evening_done=self.edited is not None,
            connected=connected,
            was_connected=self.edited is not None and _connected(self.edited),
        )
        mode = as_mode(self.profile.streak_mode)
        lines = [streak_sentence(figures, mode, kind="evening")]
        if connected and figures.get("connection") and figures["connection"].current > 0:
            lines.append(streak_sentence(figures, mode, kind="connection"))
        return lines

    def build_entry(self) -> dict[str, Any]:
        """The finished evening: every field present, even when a step was skipped."""
        entry = super().build_entry()
        entry["late"] = self.late
        entry.setdefault("connections", [])
        entry.setdefault("intention", "")
        entry.setdefault("intention_score", None)
        entry.setdefault("intention_note", "")
        entry.setdefault("guilt", [])
        entry.setdefault("win", "")
        entry.setdefault("tomorrow_note", "")
        return entry


def _connected(data: Mapping[str, Any]) -> bool:
    return any(
        isinstance(c, Mapping) and c.get("status") in ("done", "partly")
        for c in data.get("connections") or []
    )
