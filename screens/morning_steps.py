"""The morning's steps 2 to 5: an intention, the values check, a connection plan, today's card.

Imported once step 1 is up (see `screens.morning`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, Label, Static

from ritual.models import WHEN_CHOICES, Child, Entry
from ritual.today import DayContext
from screens.flow import FlowStep
from screens.morning import UI_PREFIX, MorningStep, rating_or_none
from screens.widgets.fields import SuggestionList, TextField
from screens.widgets.focus import focus_now
from screens.widgets.rating import MOOD_WORDS, REFLECT_WORDS, Choice, ChoiceRow, Rating
from screens.widgets.triage import GuiltTriage, plan_actions

if TYPE_CHECKING:
    from ritual.content import Activity, ContentLibrary

MOMENT_MINUTES = 15
"""The length of a connection moment of one's own choosing."""

WHEN_TIME = "time"
"""The "when" choice that takes a clock time (HH:MM) instead of a part of the day."""

WHEN_ROW = [Choice(w, str(i), w) for i, w in enumerate(WHEN_CHOICES, 1)]
WHEN_ROW.append(Choice(WHEN_TIME, str(len(WHEN_ROW) + 1), "a time"))

GUILT_ROW = [Choice("no", "n", "n no"), Choice("yes", "y", "y yes")]

_CLOCK = re.compile(r"\s*(\d{1,2})(?:\s*[:.hH]\s*(\d{2})|(\d{2}))?\s*")


def parse_clock(text: str) -> str | None:
    """Read a time of day such as "7:30", "07.30", "1730" or "7"; return "HH:MM" or None."""
    match = _CLOCK.fullmatch(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def intention_suggestions(context: DayContext, library: ContentLibrary) -> list[str]:
    """Suggestions for today's intention, best first.

    Yesterday evening's values-conflict actions ("what I'd do differently") come
    first, then the note for tomorrow, then the library's intentions serving the
    user's values.
    """
    evening = context.yesterday_evening or {}
    found: list[str] = []
    for note in evening.get("guilt") or []:
        if isinstance(note, dict) and note.get("kind") == "conflict":
            action = str(note.get("action") or "")
            if action.strip():
                found.append(action)
    tomorrow = str(evening.get("tomorrow_note") or "")
    if tomorrow.strip():
        found.append(tomorrow)
    found += [i.text for i in library.intentions_for(context.profile.values)[:12]]
    return list(dict.fromkeys(found))


# ---- 2. intention -------------------------------------------------------------------


class IntentionStep(MorningStep):
    """One sentence for today, with last night's note and suggestions under the field."""

    title = "Intention"

    def __init__(self, tomorrow_note: str, suggestions: Sequence[str]) -> None:
        super().__init__()
        self.tomorrow_note = tomorrow_note
        self.field = TextField(placeholder="One sentence for today", id="intention")
        self.suggestions = SuggestionList(self.field, suggestions, id="intention-suggestions")

    def compose(self) -> ComposeResult:
        if self.tomorrow_note.strip():
            note = Text("Last night you wrote for today:\n", style="bold")
            note.append(self.tomorrow_note, style="italic")
            yield Static(note, id="tomorrow-note")
        yield Label("Your intention for today, in one sentence.", classes="prompt")
        yield self.field
        yield Label(
            "Type your own, or ↓ to a suggestion and Enter to copy it. Enter moves on.",
            classes="hint",
        )
        yield self.suggestions

    def paste_target(self) -> TextField:
        return self.field

    def load(self, data: dict[str, Any]) -> None:
        self.field.value = str(data.get("intention") or "")

    def collect(self) -> dict[str, Any]:
        return {"intention": self.field.value}

    def focus_first(self) -> None:
        focus_now(self.field)
        self.field.cursor_position = len(self.field.value)


# ---- 3. values check ----------------------------------------------------------------


class ValuesStep(MorningStep):
    """Rate each value for today, then an optional guilt triage (its own sub-steps)."""

    title = "Values check"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter_within", "Next"),
        Binding("y", "guilt('yes')", "Guilt: yes", show=False),
        Binding("n", "guilt('no')", "No guilt", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        *(Binding(str(n), f"rate('{n}')", show=False, priority=True) for n in range(1, 6)),
    ]

    def __init__(self, library: ContentLibrary, values: Sequence[str], seed: str) -> None:
        super().__init__()
        self.library = library
        self.values = list(values)
        names = [library.value_name(v) for v in self.values]
        width = min(24, max((len(n) for n in names), default=0))
        self.ratings = [
            Rating(REFLECT_WORDS, label=name, label_width=width, empty="1-5", id=f"value-{i}")
            for i, name in enumerate(names)
        ]
        self.guilt_row = ChoiceRow(GUILT_ROW, id="guilt-question")
        self.triage = GuiltTriage(library, self.values, mode="morning", seed=seed, id="triage")
        self.page = "rate"
        self._leaving = False
        self._other_values: dict[str, Any] = {}
        self._extra_plan: list[str] = []

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="values-rate", id="values-pages"), Vertical(id="values-rate"):
            yield Label("Will today reflect what you hold dear?", classes="prompt")
            yield Label(
                " · ".join(f"{n} {w}" for n, w in enumerate(REFLECT_WORDS, 1)),
                classes="hint scale",
            )
            yield from self.ratings
            if not self.ratings:
                yield Label("No values in your profile yet; add some in Settings.")
            yield Label("Is any guilt tugging at you?", classes="prompt", id="guilt-label")
            yield self.guilt_row
            yield Label(
                "1-5 rates a value and moves on · ↑↓ move · y / n answer · Enter next",
                classes="hint",
            )

    # ---- pages ---------------------------------------------------------------------

    def on_mount(self) -> None:
        # The triage is two fifths of the flow's widgets and rarely needed in the first
        # seconds: mount it after the first frame, as textual.lazy.Lazy does.
        self.call_after_refresh(self._mount_triage)

    async def _mount_triage(self) -> None:
        if self.triage.parent is None:
            self.triage.display = False
            await self.query_one("#values-pages", ContentSwitcher).mount(self.triage)
        self._show_page(self.page)
        if self.page == "triage" and self._flow().current is self:
            self.triage.focus_page()

    def _show_page(self, page: str) -> None:
        self.page = page
        if self.triage.parent is None:
            return  # `_mount_triage` shows the page once the triage is in place
        self.query_one("#values-pages", ContentSwitcher).current = (
            "triage" if page == "triage" else "values-rate"
        )

    def focus_first(self) -> None:
        if self.page == "triage":
            if self.triage.parent is not None:
                self.triage.focus_page()
            return
        unrated = [r for r in self.ratings if r.rating is None]
        focus_now(unrated[0] if unrated else self.ratings[0] if self.ratings else self.guilt_row)

    def _enter_target(self) -> str:
        if self._leaving:
            return "out"
        if self.page == "triage":
            return "triage" if self.triage.wants_enter() else "out"
        focused = self.screen.focused
        if focused in self.ratings:
            return "next"
        if focused is self.guilt_row and self.guilt_row.value == "yes":
            return "open-triage"
        if focused is self.guilt_row or not self.is_mounted:
            return "out"
        return "next"

    def wants_enter(self) -> bool:
        return self._enter_target() != "out"

    def action_enter_within(self) -> None:
        """Enter: the next value, the guilt question, the triage, or (at the end) move on."""
        target = self._enter_target()
        if target == "out":
            raise SkipAction()
        if target == "next":
            self.action_move(1)
        elif target == "open-triage":
            self._open_triage()
        else:
            self.triage.advance()

    def action_move(self, step: int) -> None:
        """↑ ↓ between the ratings and the guilt question."""
        if self.page != "rate":
            raise SkipAction()
        rows: list[Widget] = [*self.ratings, self.guilt_row]
        focused = self.screen.focused
        index = rows.index(focused) if focused in rows else -1
        focus_now(rows[max(0, min(index + step, len(rows) - 1))])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("guilt", "move", "rate"):
            return self.page == "rate"
        return True

    def action_rate(self, digit: str) -> None:
        """1-5 on a value: rate it and go on to the next row, as the key arrives.

        A priority binding: keys are sent on to the widget that has the focus when they
        arrive, so in a burst ("5 4 3" typed fast, or over SSH) they would all reach the
        first row, which still had the focus, before it could pass the focus on.
        """
        focused = self.screen.focused
        if not isinstance(focused, Rating) or focused not in self.ratings:
            raise SkipAction()
        focused.pick(digit)
        rows: list[Widget] = [*self.ratings, self.guilt_row]
        focus_now(rows[rows.index(focused) + 1])

    def action_guilt(self, answer: str) -> None:
        """y: open the triage; n: no guilt today, move on."""
        self.guilt_row.value = answer
        if answer == "yes":
            self._open_triage()
        else:
            self._leaving = True
            try:
                self._flow().move_on()
            finally:
                self._leaving = False

    def _open_triage(self) -> None:
        self._show_page("triage")
        if self.triage.parent is not None:
            self.triage.focus_page()

    def back_within(self) -> bool:
        if self.page != "triage":
            return False
        if not self.triage.back():
            self._show_page("rate")
            focus_now(self.guilt_row)
        return True

    def on_rating_changed(self, event: Rating.Changed) -> None:
        """A digit on a value moves on to the next one."""
        row = event.row
        if event.by_key and row.has_focus and row in self.ratings:
            rows: list[Widget] = [*self.ratings, self.guilt_row]
            focus_now(rows[rows.index(row) + 1])

    def on_choice_row_changed(self, event: ChoiceRow.Changed) -> None:
        """y / n typed on the guilt question answer it at once."""
        event.stop()
        if event.row is self.guilt_row and event.by_key and event.value:
            self.call_later(self.action_guilt, event.value)

    def paste_target(self) -> TextField | None:
        return self.triage.field() if self.page == "triage" else None

    # ---- data ----------------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> None:
        ratings = data.get("values") if isinstance(data.get("values"), dict) else {}
        assert isinstance(ratings, dict)
        for value, rating in zip(self.values, self.ratings, strict=True):
            rating.rating = rating_or_none(ratings.get(value))
        self._other_values = {k: v for k, v in ratings.items() if k not in self.values}
        notes = [n for n in data.get("guilt") or [] if isinstance(n, dict)]
        ui = data.get(f"{UI_PREFIX}values")
        plan = [str(p) for p in data.get("plan") or [] if isinstance(p, str)]
        if isinstance(ui, dict):
            guilt = ui.get("guilt")
            self.guilt_row.value = guilt if guilt in ("yes", "no") else None
            self.triage.load(
                notes, ui.get("triage") if isinstance(ui.get("triage"), dict) else None
            )
            page = "triage" if ui.get("page") == "triage" else "rate"
        else:
            self.guilt_row.value = "yes" if notes else ("no" if "guilt" in data else None)
            self.triage.load(notes)
            page = "rate"
        derived = plan_actions(notes)
        self._extra_plan = [p for p in plan if p not in derived]
        self._show_page(page)

    def collect(self) -> dict[str, Any]:
        ratings = dict(self._other_values)
        ratings.update(
            {v: r.rating for v, r in zip(self.values, self.ratings, strict=True) if r.rating}
        )
        notes = self.triage.collect() if self.guilt_row.value == "yes" else []
        plan = list(self._extra_plan)
        plan += [a for a in plan_actions(notes) if a not in plan]
        ui = {"page": self.page, "guilt": self.guilt_row.value, "triage": self.triage.state()}
        return {"values": ratings, "guilt": notes, "plan": plan, f"{UI_PREFIX}values": ui}


# ---- 4. connection plan -------------------------------------------------------------


def _idea(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.id,
        "title": activity.title,
        "how": activity.how,
        "minutes": activity.minutes,
    }


class ChildPage(Vertical):
    """One child's moment: an idea for their age (r for another) or one's own, and when."""

    def __init__(
        self,
        child: Child,
        age: int,
        position: int,
        total: int,
        library: ContentLibrary,
        avoid: frozenset[str],
        seed: str,
    ) -> None:
        super().__init__(id=f"child-{position}", classes="child-page")
        self.child = child
        self.age = age
        self.position = position
        self.total = total
        self.library = library
        self.avoid = avoid
        self.seed = seed
        self.idea_offset = 0
        self.idea: dict[str, Any] | None = self._suggest(0)
        self.skip = False
        self.card = Static(id=f"idea-{position}", classes="idea")
        self.own = TextField(placeholder="…or your own idea", id=f"own-{position}")
        self.when = ChoiceRow(WHEN_ROW, label="When", show_keys=True, id=f"when-{position}")
        self.time = TextField(placeholder="HH:MM", limit=16, id=f"time-{position}", classes="time")
        self.time_hint = Label("", classes="hint time-hint")
        self.skipped = Static(id=f"skipped-{position}", classes="skipped")

    def _suggest(self, offset: int) -> dict[str, Any] | None:
        try:
            return _idea(self.library.suggest_activity(self.age, self.avoid, offset, self.seed))
        except LookupError:
            return None

    def compose(self) -> ComposeResult:
        where = Text(self.child.name, style="bold")
        where.append(f" · {self.age} years · child {self.position + 1} of {self.total}")
        yield Label(where, classes="child-where")
        yield Label(
            f"One moment of about {MOMENT_MINUTES} undivided minutes: phone away, they lead.",
            classes="hint",
        )
        yield self.card
        yield self.own
        yield self.when
        with Horizontal(classes="time-row"):
            yield Label("At", classes="time-label")
            yield self.time
            yield self.time_hint
        yield self.skipped
        yield Label(
            "r another idea · 1-5 when · ↑↓ move · x no moment today · Enter next",
            classes="hint",
        )

    def on_mount(self) -> None:
        self.refresh_view()

    # ---- choices -------------------------------------------------------------------

    def another(self) -> None:
        """Show a different idea for this child."""
        current = (self.idea or {}).get("id")
        for _ in range(max(1, len(self.library.activities))):
            self.idea_offset += 1
            idea = self._suggest(self.idea_offset)
            if idea is None or idea["id"] != current:
                break
        self.idea = idea
        self.refresh_view()

    def toggle_skip(self) -> None:
        """No moment with this child today, or plan one after all."""
        self.skip = not self.skip
        self.refresh_view()

    def focus_first(self) -> None:
        focus_now(self.skipped if self.skip else self.when)

    def refresh_view(self) -> None:
        """Redraw the idea card and show or hide the parts that depend on the choices."""
        for widget in (self.card, self.own, self.when, self.time.parent):
            if isinstance(widget, Widget):
                widget.display = not self.skip
        self.skipped.display = self.skip
        self.skipped.can_focus = self.skip
        self.skipped.update(
            Text(f"No moment planned with {self.child.name} today. Press x to plan one after all.")
        )
        self.card.update(self._card_text())
        clock = self.time.value
        bad = bool(clock.strip()) and parse_clock(clock) is None
        self.time_hint.update("use HH:MM, e.g. 17:30" if bad else "(for “a time”)")

    def _card_text(self) -> Text:
        text = Text()
        if self.idea is None:
            text.append("No ideas in the library for this age; type your own below.")
            return text
        text.append("Idea: ", style="bold")
        text.append(str(self.idea["title"]), style="bold")
        text.append(f" · about {self.idea['minutes']} min")
        text.append(f"\n{self.idea['how']}")
        if self.own.value.strip():
            text.append("\n(your own idea below is used instead)", style="italic")
        return text

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.time and self.time.has_focus and event.value.strip():
            self.when.value = WHEN_TIME
        self.refresh_view()

    def on_choice_row_changed(self, event: ChoiceRow.Changed) -> None:
        event.stop()
        if event.row is self.when and event.value == WHEN_TIME and event.by_key:
            focus_now(self.time)

    # ---- data ----------------------------------------------------------------------

    def moment(self) -> dict[str, Any] | None:
        """This child's planned moment, shaped for the entry, or None."""
        if self.skip:
            return None
        own = self.own.value
        if own.strip() or self.idea is None:
            activity, activity_id, minutes = own, None, MOMENT_MINUTES
        else:
            activity, activity_id = str(self.idea["title"]), str(self.idea["id"])
            minutes = int(self.idea.get("minutes") or MOMENT_MINUTES)
        when = self.when.value or ""
        if when == WHEN_TIME:
            when = parse_clock(self.time.value) or self.time.value
        return {
            "child": self.child.id,
            "activity": activity,
            "activity_id": activity_id,
            "when": when,
            "minutes": minutes,
        }

    def state(self) -> dict[str, Any]:
        """The page's choices, for a draft."""
        return {
            "offset": self.idea_offset,
            "idea": self.idea,
            "own": self.own.value,
            "when": self.when.value,
            "time": self.time.value,
            "skip": self.skip,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Bring back what `state()` returned."""
        self.idea_offset = int(state.get("offset") or 0)
        idea = state.get("idea")
        self.idea = dict(idea) if isinstance(idea, dict) else None
        self.own.value = str(state.get("own") or "")
        self.when.value = state.get("when") if isinstance(state.get("when"), str) else None
        self.time.value = str(state.get("time") or "")
        self.skip = bool(state.get("skip"))
        if self.is_mounted:
            self.refresh_view()

    def show_moment(self, moment: dict[str, Any] | None) -> None:
        """Show a saved moment (editing today's entry); None means none was planned."""
        if moment is None:
            self.skip = True
        else:
            self.skip = False
            activity = str(moment.get("activity") or "")
            found = self.library.activity(str(moment.get("activity_id") or ""))
            if found is not None:
                self.idea, self.own.value = _idea(found), ""
            elif moment.get("activity_id"):
                minutes = moment.get("minutes") if isinstance(moment.get("minutes"), int) else 15
                self.idea = {
                    "id": str(moment["activity_id"]),
                    "title": activity,
                    "how": "",
                    "minutes": minutes,
                }
                self.own.value = ""
            else:
                self.own.value = activity
            when = str(moment.get("when") or "")
            if when in WHEN_CHOICES:
                self.when.value, self.time.value = when, ""
            elif when:
                self.when.value, self.time.value = WHEN_TIME, when
            else:
                self.when.value = None
        if self.is_mounted:
            self.refresh_view()


class ConnectionStep(MorningStep):
    """One moment with each child; one child per page so four fit at 80x24."""

    title = "Connection"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter_within", "Next"),
        Binding("r", "another", "Another idea"),
        Binding("x", "skip_child", "Not today"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        *(Binding(c.key, f"when('{c.key}')", show=False, priority=True) for c in WHEN_ROW),
    ]

    def __init__(self, context: DayContext, library: ContentLibrary) -> None:
        super().__init__()
        self.children_ = list(context.profile.children)
        yesterday = context.yesterday_morning or {}
        seen: dict[str, set[str]] = {}
        for conn in yesterday.get("connections") or []:
            if isinstance(conn, dict) and conn.get("activity_id"):
                seen.setdefault(str(conn.get("child")), set()).add(str(conn["activity_id"]))
        total = len(self.children_)
        self.pages = [
            ChildPage(
                child,
                child.age(context.day),
                i,
                total,
                library,
                frozenset(seen.get(child.id, set())),
                f"{context.day.isoformat()}:{child.id}",
            )
            for i, child in enumerate(self.children_)
        ]
        self.page = 0
        self._others: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        if not self.pages:
            yield Label("No children in your profile, so there is nothing to plan here.")
            yield Label(
                "Maybe a moment for yourself today? Children can be added in Settings.",
                classes="hint",
            )
            yield Label("Enter moves on.", classes="hint")
            return
        with ContentSwitcher(initial="child-0", id="child-pages"):
            yield from self.pages

    @property
    def current_page(self) -> ChildPage | None:
        """The child on screen, if any."""
        return self.pages[self.page] if self.pages else None

    def _show_page(self, index: int) -> None:
        self.page = max(0, min(index, len(self.pages) - 1))
        if self.pages and self.is_mounted:
            self.query_one("#child-pages", ContentSwitcher).current = f"child-{self.page}"
            self.call_after_refresh(self.focus_first)

    def focus_first(self) -> None:
        page = self.current_page
        if page is None:
            focus_now(self)
        else:
            page.focus_first()

    def wants_enter(self) -> bool:
        return self.page + 1 < len(self.pages)

    def action_enter_within(self) -> None:
        """Enter: the next child; after the last one, move on."""
        if not self.wants_enter():
            raise SkipAction()
        self._show_page(self.page + 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field: the next child, or move on after the last one."""
        if self.wants_enter():
            event.stop()
            self._show_page(self.page + 1)

    def back_within(self) -> bool:
        if self.page > 0:
            self._show_page(self.page - 1)
            return True
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        page = self.current_page
        if action == "another":
            return page is not None and not page.skip
        if action == "skip_child":
            return page is not None
        return True

    def action_when(self, key: str) -> None:
        """A "when" key on the when row: choose it, as the key arrives.

        A priority binding, as the values check's digits are: in a burst such as
        "5 1730" the time must reach the time field, not the row that had the focus
        when the keys were sent on.
        """
        page = self.current_page
        if page is None or self.screen.focused is not page.when:
            raise SkipAction()
        value = {c.key: c.value for c in WHEN_ROW}[key]
        page.when.pick(value)
        if value == WHEN_TIME:
            focus_now(page.time)

    def action_another(self) -> None:
        """r: a different idea for this child."""
        if self.current_page is not None:
            self.current_page.another()

    def action_skip_child(self) -> None:
        """x: no moment with this child today (again to plan one after all)."""
        page = self.current_page
        if page is not None:
            page.toggle_skip()
            self.call_after_refresh(page.focus_first)

    def action_move(self, step: int) -> None:
        """↑ ↓ between the idea field, when and the time."""
        page = self.current_page
        if page is None or page.skip:
            raise SkipAction()
        rows: list[Widget] = [page.own, page.when, page.time]
        focused = self.screen.focused
        index = rows.index(focused) if focused in rows else 0
        focus_now(rows[max(0, min(index + step, len(rows) - 1))])

    def paste_target(self) -> TextField | None:
        page = self.current_page
        return page.own if page is not None and not page.skip else None

    # ---- data ----------------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> None:
        ui = data.get(f"{UI_PREFIX}connections")
        saved = [c for c in data.get("connections") or [] if isinstance(c, dict)]
        ids = {c.id for c in self.children_}
        self._others = [c for c in saved if c.get("child") not in ids]
        if isinstance(ui, dict):
            states = ui.get("children") if isinstance(ui.get("children"), dict) else {}
            assert isinstance(states, dict)
            for page in self.pages:
                state = states.get(page.child.id)
                if isinstance(state, dict):
                    page.restore(state)
            self.page = int(ui.get("page") or 0)
        elif "connections" in data:
            by_child = {str(c.get("child")): c for c in saved}
            for page in self.pages:
                page.show_moment(by_child.get(page.child.id))
        self._show_page(self.page)

    def collect(self) -> dict[str, Any]:
        moments = [m for page in self.pages if (m := page.moment()) is not None]
        ui = {"page": self.page, "children": {p.child.id: p.state() for p in self.pages}}
        return {"connections": [*moments, *self._others], f"{UI_PREFIX}connections": ui}


# ---- 5. today's card ----------------------------------------------------------------


def today_card(data: Entry, day: date, children: Sequence[Child], library: ContentLibrary) -> Group:
    """Today's card: intention, values, guilt, plan and each child's moment, in plain words."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, max_width=12, overflow="ellipsis")
    grid.add_column(ratio=1, overflow="fold")

    def row(label: str, body: str | Text) -> None:
        grid.add_row(Text(label), body if isinstance(body, Text) else Text(body))

    mood = rating_or_none(data.get("mood"))
    row("Mood", f"{mood} · {MOOD_WORDS[mood - 1]}" if mood else "not rated")
    intention = str(data.get("intention") or "")
    row("Intention", intention if intention.strip() else "none set")
    ratings = data.get("values") if isinstance(data.get("values"), dict) else {}
    assert isinstance(ratings, dict)
    rated = [f"{library.value_name(k)} {v}/5" for k, v in ratings.items() if rating_or_none(v)]
    row("Values", " · ".join(rated) if rated else "not rated")
    for note in data.get("guilt") or []:
        if not isinstance(note, dict):
            continue
        body = Text(f"“{note.get('text') or ''}”")
        if note.get("kind") == "conflict":
            value = note.get("value")
            body.append(" · a values conflict")
            if value:
                body.append(f" ({library.value_name(str(value))})")
        elif note.get("kind") == "should":
            body.append(" · a 'should'")
            if note.get("whose_rule"):
                body.append(f", whose rule: {note['whose_rule']}")
        row("Guilt", body)
    plan = [str(p) for p in data.get("plan") or [] if str(p).strip()]
    for i, item in enumerate(plan):
        row("Plan" if i == 0 else "", f"• {item}")
    moments = {str(c.get("child")): c for c in data.get("connections") or [] if isinstance(c, dict)}
    for child in children:
        moment = moments.get(child.id)
        if moment is None:
            body = Text("no moment planned today")
        else:
            body = Text(str(moment.get("activity") or "a moment together"))
            details = [str(moment.get("when") or ""), f"{moment.get('minutes') or 15} min"]
            body.append(" · " + " · ".join(d for d in details if d))
        row(child.name, body)
    heading = Text(f"{day:%A %-d %B %Y}\n", style="bold")
    return Group(heading, grid)


class SummaryStep(MorningStep):
    """Today's card; Enter saves it."""

    title = "Today's card"

    def __init__(self, day: date, children: Sequence[Child], library: ContentLibrary) -> None:
        super().__init__()
        self.day = day
        self.children_ = list(children)
        self.library = library
        self.card = Static(id="today-card")

    def compose(self) -> ComposeResult:
        yield self.card
        yield Label("Enter saves today's card · Esc goes back to change something", classes="hint")

    def shown(self, data: dict[str, Any]) -> None:
        """Draw the card from the flow's data."""
        self.card.update(today_card(data, self.day, self.children_, self.library))

    def focus_first(self) -> None:
        focus_now(self)


def later_steps(context: DayContext, library: ContentLibrary) -> list[FlowStep]:
    """Steps 2 to 5, which need the journal (last night's note...) and the content library."""
    profile = context.profile
    evening = context.yesterday_evening or {}
    return [
        IntentionStep(
            str(evening.get("tomorrow_note") or ""), intention_suggestions(context, library)
        ),
        ValuesStep(library, profile.values, context.day.isoformat()),
        ConnectionStep(context, library),
        SummaryStep(context.day, profile.children, library),
    ]
