"""First run: your name, your children, your 3 to 5 values, and when your day starts."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import ClassVar
from zoneinfo import available_timezones

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Input, Label, OptionList, Static

from ritual.content import ContentLibrary
from ritual.days import DEFAULT_DAY_START, BadTimeZoneError, parse_day_start, zone
from ritual.models import Profile
from screens.dialogs import ChoiceScreen
from screens.widgets.children_editor import ChildrenEditor
from screens.widgets.key_line import KeyLine
from screens.widgets.values_picker import ValuesPicker

# ---- the day start and time zone fields (settings uses them too) ------------------------


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (read once: it lists files)."""
    return tuple(sorted(available_timezones()))


def canonical_zone(text: str) -> str:
    """Return the IANA name for what was typed ("europe/berlin" -> "Europe/Berlin").

    Raises:
        ValueError: with a sentence that names what was typed.
    """
    typed = text.strip()
    if not typed:
        raise ValueError("Type a time zone, such as Europe/Berlin.")
    by_folded = {name.casefold(): name for name in zone_names()}
    name = by_folded.get(typed.casefold(), typed)
    try:
        zone(name)
    except (BadTimeZoneError, OSError):  # "Europe/" names a folder: OSError, not not-found
        matches = zone_matches(typed, 1)
        hint = f" Did you mean {matches[0]}?" if matches else ""
        raise ValueError(f"“{typed}” is not a time zone I know.{hint}") from None
    return name


def zone_matches(text: str, limit: int = 3) -> list[str]:
    """Zone names containing `text`, those whose city starts with it first."""
    folded = text.strip().casefold().replace(" ", "_")
    if not folded:
        return []
    hits = [n for n in zone_names() if folded in n.casefold()]
    hits.sort(key=lambda n: (not n.rsplit("/", 1)[-1].casefold().startswith(folded), n))
    return hits[:limit]


def normal_day_start(text: str) -> str:
    """Return the day start as HH:MM ("4:00" -> "04:00").

    Raises:
        ValueError: with a sentence the user can act on.
    """
    try:
        start = parse_day_start(text)
    except ValueError:
        raise ValueError(
            f"“{text.strip()}” is not a time. Type it as HH:MM, such as 04:00."
        ) from None
    return f"{start:%H:%M}"


class DayFields(Vertical):
    """When the ritual day starts, and the time zone, each checked as typed.

    Args:
        day_start: the day start to show, "HH:MM".
        tz: the time zone to show.
    """

    def __init__(self, day_start: str, tz: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._day_start = day_start
        self._tz = tz

    def compose(self) -> ComposeResult:
        yield Label("Your day starts at", classes="field-label")
        yield Input(self._day_start, placeholder="04:00", max_length=5, id="day-start")
        yield Static(
            "24-hour HH:MM. Until then it still counts as the day before, "
            "so a debrief at 00:30 belongs to yesterday.",
            classes="hint",
        )
        yield Static("", id="day-start-error", classes="form-problem")
        yield Label("Time zone", id="tz-label", classes="field-label")
        yield Input(
            self._tz,
            placeholder="Europe/Berlin",
            suggester=SuggestFromList(zone_names(), case_sensitive=False),
            id="tz",
        )
        yield Static("", id="tz-hint", classes="hint")
        yield Static("", id="tz-error", classes="form-problem")

    def on_mount(self) -> None:
        self._hint_zone(self._tz)

    @property
    def day_start(self) -> str:
        """The day start as typed."""
        return self.query_one("#day-start", Input).value

    @property
    def tz(self) -> str:
        """The time zone as typed."""
        return self.query_one("#tz", Input).value

    def _hint_zone(self, text: str) -> None:
        try:
            name = canonical_zone(text)
        except ValueError:
            matches = zone_matches(text)
            if not matches:
                hint = "Type a region and city, such as Europe/Berlin or America/Chicago."
            else:
                hint = f"Enter picks {matches[0]}"
                if len(matches) > 1:
                    hint += " (or: " + ", ".join(matches[1:]) + ")"
        else:
            hint = f"✓ {name}"
        self.query_one("#tz-hint", Static).update(Content(hint))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "tz":
            self._hint_zone(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the day start moves to the time zone; in a half-typed zone, picks the match."""
        if event.input.id == "day-start":
            event.stop()
            self.query_one("#tz", Input).focus()
        elif event.input.id == "tz":
            try:
                canonical_zone(event.value)
            except ValueError:
                matches = zone_matches(event.value)
                if matches:  # take the best match; the next Enter moves on
                    event.stop()
                    event.input.value = matches[0]
                    event.input.cursor_position = len(matches[0])

    def _show(self, field: str, problem: str | None) -> None:
        self.query_one(f"#{field}", Input).set_class(problem is not None, "-invalid")
        line = self.query_one(f"#{field}-error", Static)
        line.update(Content(f"✗ {problem}" if problem else ""))
        line.display = problem is not None

    def check(self) -> str | None:
        """Show and return the first problem, or None when both fields are good."""
        problems: list[str] = []
        for field, normal in (("day-start", normal_day_start), ("tz", canonical_zone)):
            try:
                normal(self.query_one(f"#{field}", Input).value)
            except ValueError as exc:
                problems.append(str(exc))
                self._show(field, str(exc))
            else:
                self._show(field, None)
        return problems[0] if problems else None


# ---- the first-run screen ----------------------------------------------------------------

PAGE_TITLES = ("About you", "Your children", "Your values", "Your day")

WELCOME = (
    "Five minutes in the morning to set an intention and plan a moment with each child; "
    "five minutes in the evening to look back kindly. First, a few things about you. "
    "All of it can be changed later in Settings."
)
CHILDREN_INTRO = (
    "Add each child you would like to plan a moment with. A birth year (2019) or an "
    "age (7) is enough. No children, or not now? Go on to the next page."
)
VALUES_INTRO = (
    "Pick 3 to 5 things you hold dear, most important first: Space or Enter ticks one. "
    "The morning check asks whether today will reflect them."
)


class OnboardingScreen(Screen[Profile | None]):
    """First run, in four short pages. Dismisses with the new profile, or None to quit.

    Nothing is stored until the last page is finished: the app saves the profile.

    Args:
        library: the content library (the values to pick from).
        today: the ritual day (turns ages into birth years).
        tz_default: the time zone guessed from the machine.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next", "Next page"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, library: ContentLibrary, today: date, tz_default: str) -> None:
        super().__init__()
        self.library = library
        self.today = today
        self.tz_default = tz_default
        self.page = 0
        """The page on screen, 0-based."""

    def compose(self) -> ComposeResult:
        yield Label("", id="onb-header")
        with ContentSwitcher(initial="page-0", id="onb-pages"):
            with VerticalScroll(id="page-0", classes="onb-page"):
                yield Static(Content(WELCOME), classes="intro")
                yield Label("What should Ritual call you?", classes="field-label")
                yield Input(placeholder="Your name or a nickname", max_length=60, id="name")
            with VerticalScroll(id="page-1", classes="onb-page"):
                yield Static(Content(CHILDREN_INTRO), classes="intro")
                yield ChildrenEditor([], self.today, id="children")
            with VerticalScroll(id="page-2", classes="onb-page"):
                yield Static(Content(VALUES_INTRO), classes="intro")
                yield ValuesPicker(self.library, id="values")
            with VerticalScroll(id="page-3", classes="onb-page"):
                yield DayFields(DEFAULT_DAY_START, self.tz_default, id="day")
        with Horizontal(id="onb-nav"):
            yield Button("← Back", id="onb-back")
            yield Label("", id="onb-where")
            yield Button("Next →", id="onb-next", variant="primary")
        yield KeyLine()

    def on_mount(self) -> None:
        self.show_page(0)

    # ---- pages ------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        """Put page `page` on screen and the cursor in its first field."""
        self.page = page
        last = len(PAGE_TITLES) - 1
        self.query_one(ContentSwitcher).current = f"page-{page}"
        where = f"page {page + 1} of {len(PAGE_TITLES)}"
        self.query_one("#onb-header", Label).update(
            Content(f"Welcome to Ritual · {where} · {PAGE_TITLES[page]}")
        )
        self.query_one("#onb-where", Label).update(Content(where))
        self.query_one("#onb-back", Button).disabled = page == 0
        self.query_one("#onb-next", Button).label = "Finish ✓" if page == last else "Next →"
        self.call_after_refresh(self._focus_page)

    def _focus_page(self) -> None:
        target: Widget
        if self.page == 0:
            target = self.query_one("#name", Input)
        elif self.page == 1:
            rows = self.query_one(ChildrenEditor).rows
            target = (
                rows[0].query_one(".child-name", Input)
                if rows
                else self.query_one("#add-child", Button)
            )
        elif self.page == 2:
            target = self.query_one("#values-list", OptionList)
        else:
            target = self.query_one("#day-start", Input)
        target.focus()

    def _focus_problem(self) -> None:
        """Put the cursor where the problem on this page is."""
        page = self.query_one(f"#page-{self.page}")
        invalid = page.query("Input.-invalid")
        if invalid:
            invalid.first().focus()
        elif self.page == 2:
            self.query_one("#values-list").focus()

    def _page_problem(self, page: int) -> str | None:
        if page == 1:
            return self.query_one(ChildrenEditor).check()
        if page == 2:
            return self.query_one(ValuesPicker).check()
        if page == 3:
            return self.query_one(DayFields).check()
        return None

    def action_next(self) -> None:
        """Next page, once this one is right; on the last page, finish."""
        if self._page_problem(self.page) is not None:
            self._focus_problem()
            return
        if self.page + 1 < len(PAGE_TITLES):
            self.show_page(self.page + 1)
        else:
            self.finish()

    def action_back(self) -> None:
        """The page before (what was typed stays); on the first page, offer to leave."""
        if self.page > 0:
            self.show_page(self.page - 1)
        else:
            self.ask_to_leave()

    def ask_to_leave(self) -> None:
        """Leave first run, after asking: nothing is saved until it is finished."""
        self.app.push_screen(
            ChoiceScreen(
                "Leave without finishing? Nothing is kept until the last page is done.",
                [("stay", "Keep going"), ("quit", "Quit Ritual")],
            ),
            self._left_or_stayed,
        )

    def _left_or_stayed(self, choice: str | None) -> None:
        if choice == "quit":
            self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "onb-next":
            self.action_next()
        elif event.button.id == "onb-back":
            self.action_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in your name, or in the time zone, moves on."""
        if event.input.id in ("name", "tz"):
            self.action_next()

    # ---- finishing ----------------------------------------------------------------------

    def finish(self) -> None:
        """Check every page; dismiss with the profile, or go to the first page with a problem."""
        for page in range(len(PAGE_TITLES)):
            if self._page_problem(page) is not None:
                if page != self.page:
                    self.show_page(page)
                self.call_after_refresh(self._focus_problem)
                return
        day = self.query_one(DayFields)
        self.dismiss(
            Profile(
                name=" ".join(self.query_one("#name", Input).value.split()),
                values=list(self.query_one(ValuesPicker).chosen),
                children=self.query_one(ChildrenEditor).typed_children(),
                day_start=normal_day_start(day.day_start),
                tz=canonical_zone(day.tz),
            )
        )
