"""The first step of the evening debrief: did each planned moment happen, and how did it feel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ritual.content import ContentLibrary
from ritual.glance import moment_line
from ritual.models import Entry, Profile
from ritual.today import DayContext
from screens.flow import FlowStep
from screens.widgets.fields import TextField
from screens.widgets.rating import Choice, ChoiceRow, Rating

FEELING_WORDS = ("hard", "so-so", "okay", "good", "lovely")
"""What 1-5 mean for "how did the moment feel?"."""

STATUS_WORDS = {"done": "done", "partly": "partly", "missed": "not today"}
"""The words for each connection status, as the user sees them."""

NOTE_LIMIT = 200
"""Characters in a one-line evening note: a sentence, not an essay."""


def morning_for(context: DayContext, day: date) -> Entry | None:
    """The morning entry of the ritual day being debriefed (today's, or yesterday's when late)."""
    if day == context.day:
        return context.morning
    if day == context.day - timedelta(days=1):
        return context.yesterday_morning
    return None


class EveningStep(FlowStep):
    """A step of the evening debrief (styled as one: its labels wrap)."""

    DEFAULT_CLASSES = "evening-step"


# ---- the moments of step 1 -------------------------------------------------------------


@dataclass
class Moment:
    """One connection moment being looked back on."""

    child: str
    activity: str = ""
    activity_id: str | None = None
    planned: bool = False
    when: str = ""
    """When it was planned for; shown, not saved (the morning entry keeps it)."""
    status: str | None = None
    """"done", "partly", "missed", or None while unanswered."""
    note: str = ""
    feeling: int | None = None

    def to_entry(self) -> dict[str, Any]:
        """The interchange form of an answered moment."""
        return {
            "child": self.child,
            "activity": self.activity,
            "activity_id": self.activity_id,
            "status": self.status,
            "note": self.note,
            "feeling": self.feeling,
            "planned": self.planned,
        }


def _moment_from(raw: Mapping[str, Any], *, planned: bool) -> Moment:
    activity_id = raw.get("activity_id")
    feeling = raw.get("feeling")
    status = raw.get("status")
    return Moment(
        child=str(raw.get("child", "")),
        activity=str(raw.get("activity") or ""),
        activity_id=str(activity_id) if activity_id else None,
        planned=planned,
        when=str(raw.get("when") or ""),
        status=status if status in STATUS_WORDS else None,
        note=str(raw.get("note") or ""),
        feeling=feeling if isinstance(feeling, int) and 1 <= feeling <= 5 else None,
    )


def moments_for(
    profile: Profile, morning: Entry | None, answered: Sequence[Mapping[str, Any]]
) -> list[Moment]:
    """The moments to look back on: the morning's plan (or each child), then the answers so far.

    Args:
        profile: whose children these are.
        morning: the morning entry of that ritual day, if there was one.
        answered: connections already answered (a draft, or the entry being edited).

    Returns:
        The planned moments with their answers filled in (or one per child when none
        was planned), followed by answered moments that match none of them (added ones).
    """
    planned = [c for c in (morning or {}).get("connections") or [] if isinstance(c, dict)]
    if planned:
        moments = [
            Moment(
                child=str(c.get("child", "")),
                activity=str(c.get("activity") or ""),
                activity_id=str(c["activity_id"]) if c.get("activity_id") else None,
                planned=True,
                when=str(c.get("when") or ""),
            )
            for c in planned
        ]
    else:
        moments = [Moment(child=c.id) for c in profile.children]
    unmatched: list[Moment] = []
    for raw in answered:
        if not isinstance(raw, Mapping):
            continue
        got = _moment_from(raw, planned=bool(raw.get("planned")))
        twin = next(
            (
                m
                for m in moments
                if m.status is None
                and m.child == got.child
                and m.activity == got.activity
                and m.planned == got.planned
            ),
            None,
        )
        if twin is None:
            unmatched.append(got)
        else:
            twin.status, twin.note, twin.feeling = got.status, got.note, got.feeling
            twin.activity_id = got.activity_id or twin.activity_id
    return moments + unmatched


class MomentStatus(ChoiceRow):
    """Did it happen: `[done]  partly  not today`; keys d/p/n or 1/2/3, ← → move."""

    DIGITS: ClassVar[dict[str, str]] = {"1": "done", "2": "partly", "3": "missed"}

    class Changed(ChoiceRow.Changed):
        """The status changed."""

    def __init__(self, *, id: str | None = None) -> None:
        choices = [Choice("done", "d", "done"), Choice("partly", "p", "partly")]
        choices.append(Choice("missed", "n", "not today"))
        super().__init__(choices, show_keys=True, empty="press d, p or n", id=id)

    def on_key(self, event: events.Key) -> None:
        """1/2/3 pick too; every other key is ChoiceRow's."""
        if event.key in self.DIGITS:
            self.value = self.DIGITS[event.key]
            event.stop()
            event.prevent_default()


class AddMomentScreen(ModalScreen[tuple[str, str] | None]):
    """Add a moment that was not planned: pick the child, then say what you did.

    Args:
        profile: whose children can be picked.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        with Vertical(id="add-moment"):
            yield Label("Add a moment that was not planned", classes="evening-heading")
            yield Label("With whom?")
            yield OptionList(
                *(Option(self._prompt(c.name, False), id=c.id) for c in self.profile.children),
                id="add-moment-child",
            )
            yield Label("What did you do together?")
            yield TextField(placeholder="e.g. a walk to the shop", limit=80, id="add-moment-what")
            yield Label("", id="add-moment-error")
            yield Label("↑↓ who · Enter next · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        children = self.query_one(OptionList)
        children.highlighted = 0
        children.focus()

    @staticmethod
    def _prompt(name: str, highlighted: bool) -> Content:
        # A pointer as well as the highlight colour, so NO_COLOR still shows who is picked.
        return Content(("› " if highlighted else "  ") + name)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        for index, child in enumerate(self.profile.children):
            prompt = self._prompt(child.name, index == event.option_index)
            event.option_list.replace_option_prompt_at_index(index, prompt)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(TextField).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        what = event.value.strip()
        children = self.query_one(OptionList)
        chosen = children.highlighted_option
        if not what or chosen is None or chosen.id is None:
            self.query_one("#add-moment-error", Label).update(
                Content("✗ A few words about what you did, please (Esc to cancel).")
            )
            return
        self.dismiss((chosen.id, what))

    def action_cancel(self) -> None:
        """Escape: add nothing."""
        self.dismiss(None)


class ConnectionsStep(EveningStep):
    """Step 1: one sub-step per moment: did it happen, how it felt, what stood out.

    Enter moves to the next moment (on the last one, to the next step) and Escape to
    the previous one. `a` adds a moment that was not planned. A moment's feeling and
    note open once its status is picked, so nothing typed is ever dropped for want of
    a status; unanswered moments are left out of the entry.
    """

    title = "Connections"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next_moment", "Next moment"),
        Binding("a", "add_moment", "Add a moment"),
    ]

    def __init__(
        self, profile: Profile, morning: Entry | None, library: ContentLibrary, day_words: str = ""
    ) -> None:
        super().__init__()
        self.day_words = day_words
        """Shown above each moment for a late debrief: "Friday 20 November"."""
        self.profile = profile
        self.morning = morning
        self.library = library
        self.moments: list[Moment] = moments_for(profile, morning, [])
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Label("", id="moment-where", classes="muted")
        yield Label("", id="moment-title", classes="evening-heading")
        yield Label("Did it happen?", classes="ask")
        yield MomentStatus(id="moment-status")
        yield Label("How did it feel?", classes="ask")
        yield Rating(FEELING_WORDS, empty="press 1-5", id="moment-feeling")
        yield Label("What stood out? (one line)", classes="ask")
        yield TextField(
            placeholder="A word, a laugh, a look...", limit=NOTE_LIMIT, id="moment-note"
        )
        yield Label("", id="moment-hint", classes="hint")

    # ---- data ------------------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> None:
        answered = [c for c in data.get("connections") or [] if isinstance(c, Mapping)]
        self.moments = moments_for(self.profile, self.morning, answered)
        self.index = 0
        self._show_moment()

    def collect(self) -> dict[str, Any]:
        self._store()
        return {"connections": [m.to_entry() for m in self.moments if m.status is not None]}

    def wants_enter(self) -> bool:
        return self.index + 1 < len(self.moments)

    def back_within(self) -> bool:
        if self.index == 0:
            return False
        self._store()
        self.index -= 1
        self._show_moment()
        self.focus_first()
        return True

    def focus_first(self) -> None:
        if self.moments:
            self.query_one(MomentStatus).focus()
        else:
            self.focus()

    # ---- showing one moment -------------------------------------------------------

    def _store(self) -> None:
        if not self.moments or not self.is_mounted:
            return
        moment = self.moments[self.index]
        moment.status = self.query_one(MomentStatus).value
        if moment.status is not None:
            moment.feeling = self.query_one(Rating).rating
            moment.note = self.query_one(TextField).value.strip()

    def _moment_title(self, moment: Moment) -> str:
        child = self.profile.child(moment.child)
        if not moment.planned and not moment.activity:
            name = child.name if child is not None else "A child"
            return f"{name}: any time together today?"
        shown = {"child": moment.child, "activity": moment.activity, "when": moment.when}
        return moment_line(shown, self.profile, self.library)

    def _show_moment(self) -> None:
        if not self.is_mounted:
            return
        status = self.query_one(MomentStatus)
        feeling = self.query_one(Rating)
        note = self.query_one(TextField)
        where = self.query_one("#moment-where", Label)
        hint = self.query_one("#moment-hint", Label)
        has_moments = bool(self.moments)
        for widget in (status, feeling, note):
            widget.display = has_moments
        for label in self.query("Label.ask"):
            label.display = has_moments
        if not has_moments:
            where.update(Content(""))
            self.query_one("#moment-title", Label).update(
                Content("No moments to look back on today.")
            )
            hint.update(
                Content("a add a moment · Enter next step" if self.profile.children else "")
            )
            return
        moment = self.moments[self.index]
        kind = "planned this morning" if moment.planned else "not planned"
        parts = [self.day_words] if self.day_words else []
        parts += [f"Moment {self.index + 1} of {len(self.moments)}", kind]
        where.update(Content(" · ".join(parts)))
        self.query_one("#moment-title", Label).update(Content(self._moment_title(moment)))
        with self.prevent(ChoiceRow.Changed, Input.Changed):
            status.value = moment.status
            feeling.rating = moment.feeling
            note.value = moment.note
        self._open_fields(moment.status is not None)
        last = self.index + 1 >= len(self.moments)
        hint.update(
            Content(
                "d/p/n or 1/2/3 · then 1-5 · Tab moves · a add a moment · Enter "
                + ("next step" if last else "next moment")
            )
        )

    def _open_fields(self, opened: bool) -> None:
        self.query_one(Rating).disabled = not opened
        self.query_one(TextField).disabled = not opened

    def on_moment_status_changed(self, event: MomentStatus.Changed) -> None:
        event.stop()
        if not self.moments:
            return
        moment = self.moments[self.index]
        first = moment.status is None
        moment.status = event.value
        self._open_fields(event.value is not None)
        if first and event.value is not None:
            self.query_one(Rating).focus()

    def on_rating_changed(self, event: Rating.Changed) -> None:
        event.stop()
        if not self.moments:
            return
        moment = self.moments[self.index]
        first = moment.feeling is None
        moment.feeling = event.rating
        if first and event.rating is not None:
            self.query_one(TextField).focus()

    # ---- moving between moments -----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_moment":
            return self.wants_enter()  # on the last moment Enter falls through to the flow
        if action == "add_moment":
            return bool(self.profile.children)
        return True

    def action_next_moment(self) -> None:
        """Enter: the next moment."""
        self._store()
        self.index += 1
        self._show_moment()
        self.focus_first()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the note: the next moment, or (on the last) let the flow move on."""
        if self.wants_enter():
            event.stop()
            self.action_next_moment()

    def action_add_moment(self) -> None:
        """`a`: add a moment that was not planned."""
        self.app.push_screen(AddMomentScreen(self.profile), self._added)

    def _added(self, added: tuple[str, str] | None) -> None:
        if added is None:
            return
        self._store()
        child, activity = added
        # Added in the evening, so it happened: "done" until the user says otherwise.
        self.moments.append(Moment(child=child, activity=activity, status="done"))
        self.index = len(self.moments) - 1
        self._show_moment()
        self.query_one(Rating).focus()


# ---- steps 2, 4, 5 ------------------------------------------------------------------------
