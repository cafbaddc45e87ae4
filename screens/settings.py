"""Settings: name, children, values, day start and time zone, streaks, and the theme."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select

from ritual.content import ContentLibrary
from ritual.days import ritual_day
from ritual.models import Profile
from screens.dialogs import ChoiceScreen
from screens.onboarding import DayFields, canonical_zone, normal_day_start
from screens.widgets.children_editor import ChildrenEditor
from screens.widgets.key_line import KeyLine
from screens.widgets.values_picker import ValuesPicker

STREAK_MODES: list[tuple[str, str]] = [
    ("Kind: never miss twice (one missed day is forgiven)", "kind"),
    ("Strict: every missed day ends a streak", "strict"),
]
SHOW_STREAKS: list[tuple[str, bool]] = [
    ("Show streaks on home and at the end of the evening", True),
    ("Hide streaks", False),
]


class SettingsScreen(Screen[Profile | None]):
    """Everything first run asked, and a little more. Dismisses with a new profile, or None.

    The given profile is never changed. Removing a child or a value only changes the
    profile: past entries stay exactly as they were written.

    Args:
        profile: the current profile.
        library: the content library (the values to pick from).
        today: the ritual day (turns a typed age into a birth year); from the clock if None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self, profile: Profile, library: ContentLibrary, *, today: date | None = None
    ) -> None:
        super().__init__()
        self.profile = profile
        self.library = library
        if today is None:
            from ritual.clock import now

            today = ritual_day(now(), profile.tz, profile.day_start)
        self.today = today
        self._initial: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        profile = self.profile
        with VerticalScroll(id="settings-form"):
            yield Label("Settings", id="settings-title")
            yield Label("Tab moves on · ctrl+s saves · Esc cancels", classes="hint")
            yield Label("Your name", classes="settings-heading")
            yield Input(
                profile.name, placeholder="Your name or a nickname", max_length=60, id="name"
            )
            yield Label("Children", classes="settings-heading")
            yield Label(
                "Removing a child only takes them off this list; past days keep them.",
                classes="hint",
            )
            yield ChildrenEditor(profile.children, self.today, id="children")
            yield Label("Core values (3 to 5, most important first)", classes="settings-heading")
            yield Label("Past days keep the values they were written with.", classes="hint")
            yield ValuesPicker(self.library, profile.values, id="values")
            yield Label("Your day", classes="settings-heading")
            yield DayFields(profile.day_start, profile.tz, id="day")
            yield Label("Streaks", classes="settings-heading")
            yield Select(
                STREAK_MODES,
                value="strict" if profile.streak_mode == "strict" else "kind",
                allow_blank=False,
                id="streak-mode",
            )
            yield Select(
                SHOW_STREAKS, value=profile.show_streaks, allow_blank=False, id="show-streaks"
            )
            yield Label("Theme", classes="settings-heading")
            yield Select(
                [(name, name) for name in self._themes()],
                value=self._theme(),
                allow_blank=False,
                id="theme",
            )
            with Horizontal(id="settings-buttons"):
                yield Button("Save (ctrl+s)", id="settings-save", variant="primary")
                yield Button("Cancel (Esc)", id="settings-cancel")
        yield KeyLine()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.call_after_refresh(self._remember)

    def _remember(self) -> None:
        self._initial = self._state()

    # ---- reading the form --------------------------------------------------------------

    def _themes(self) -> list[str]:
        names = set(self.app.available_themes) | {"textual-dark", "textual-light"}
        return sorted(names)

    def _theme(self) -> str:
        if self.profile.theme in self._themes():
            return self.profile.theme
        return self.app.theme if self.app.theme in self._themes() else "textual-dark"

    def _state(self) -> tuple[Any, ...]:
        """What the form holds, for telling whether anything changed."""
        day = self.query_one(DayFields)
        return (
            self.query_one("#name", Input).value.strip(),
            self.query_one(ChildrenEditor).state(),
            list(self.query_one(ValuesPicker).chosen),
            day.day_start.strip(),
            day.tz.strip(),
            self.query_one("#streak-mode", Select).value,
            self.query_one("#show-streaks", Select).value,
            self.query_one("#theme", Select).value,
        )

    def has_changes(self) -> bool:
        """True when something differs from what the screen opened with."""
        return self._initial is not None and self._state() != self._initial

    def _problem_widget(self) -> Widget | None:
        """Check every section; return the first widget with a problem, showing all of them."""
        editor = self.query_one(ChildrenEditor)
        picker = self.query_one(ValuesPicker)
        day = self.query_one(DayFields)
        checked: list[tuple[Widget, str | None]] = [
            (editor, editor.check()),
            (picker, picker.check()),
            (day, day.check()),
        ]
        return next((widget for widget, problem in checked if problem is not None), None)

    def build_profile(self) -> Profile:
        """A new profile from the form (call after `_problem_widget` found nothing)."""
        day = self.query_one(DayFields)
        mode = self.query_one("#streak-mode", Select).value
        show = self.query_one("#show-streaks", Select).value
        theme = self.query_one("#theme", Select).value
        return Profile(
            name=" ".join(self.query_one("#name", Input).value.split()),
            values=list(self.query_one(ValuesPicker).chosen),
            children=self.query_one(ChildrenEditor).typed_children(),
            day_start=normal_day_start(day.day_start),
            tz=canonical_zone(day.tz),
            streak_mode=str(mode),
            show_streaks=bool(show),
            theme=str(theme),
            extra=dict(self.profile.extra),
        )

    # ---- acting ------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save: dismiss with the new profile, or point at what needs fixing."""
        problem = self._problem_widget()
        if problem is not None:
            problem.scroll_visible(top=True)
            self.notify("Something needs fixing before saving (marked ✗).", severity="warning")
            return
        self.dismiss(self.build_profile())

    def action_cancel(self) -> None:
        """Escape: leave; if something changed, ask first, so nothing typed is lost silently."""
        if not self.has_changes():
            self.dismiss(None)
            return
        self.app.push_screen(
            ChoiceScreen(
                "You changed some settings and have not saved them.",
                [
                    ("keep", "Keep editing"),
                    ("save", "Save the changes"),
                    ("discard", "Discard the changes"),
                ],
            ),
            self._after_asking,
        )

    def _after_asking(self, choice: str | None) -> None:
        if choice == "save":
            self.action_save()
        elif choice == "discard":
            self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "settings-save":
            self.action_save()
        elif event.button.id == "settings-cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a single field moves on, as Tab does."""
        event.stop()
        self.focus_next()
