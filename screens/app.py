"""The Ritual app: owns the journal, does every write, and moves between screens."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ritual.crash import safe_report
from ritual.models import Entry, EntryKind, Profile, new_id, utc_iso

if TYPE_CHECKING:
    # Only for types: home paints from the glance before any of these is loaded.
    from textual.await_complete import AwaitComplete

    from ritual.content import ContentLibrary
    from ritual.glance import HomeRead, HomeView
    from ritual.journal import Journal
    from ritual.stats import Heatmap
    from ritual.today import DayContext
    from screens.flow import FlowDraft, FlowScreen


Loaded = tuple["Journal", "ContentLibrary", list[str]]
"""What opening the journal and the content gives: the journal, the library, the warnings."""


@dataclass(frozen=True)
class Opening:
    """A quick start: home's view from the glance now, the journal and content a moment later.

    Args:
        view: what home shows, from the glance file (`ritual.glance`).
        load: opens the journal and loads the content; run in a thread after home is up.
    """

    view: HomeView
    load: Callable[[], Loaded]
    calendar: Heatmap | None = None
    """History's calendar from the glance, for `ritual history`."""


class RitualApp(App[None]):
    """The terminal app. Screens get data in `__init__` and hand results back with `dismiss()`.

    Args:
        journal: the open journal; the app is the only thing that writes to it.
        library: the content library (values, activities, prompts...).
        start: open this straight away: "morning", "evening", "history" or "settings".
        content_warnings: problems found in the user's own content files, shown once.
        opening: start from the glance (`Opening`) instead of an open journal.
        styles_cache: keep the parsed stylesheet in this file between starts
            (`screens.css_cache`); None parses it afresh each time.
        on_first_frame: called once the first screen has been drawn.
    """

    CSS_PATH = "ritual.tcss"
    TITLE = "Ritual"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        # Priority, so Tab moves the focus before the keys typed after it are delivered:
        # over SSH keys arrive in bursts, and a bubbling Tab would land "Mia<Tab>2019"
        # all in the name field.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def __init__(
        self,
        journal: Journal | None,
        library: ContentLibrary | None,
        start: str | None = None,
        content_warnings: Iterable[str] = (),
        *,
        opening: Opening | None = None,
        styles_cache: Path | None = None,
        on_first_frame: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self._on_first_frame = on_first_frame
        if journal is not None:
            self.profile: Profile | None = journal.profile()
        elif opening is not None:
            self.profile = opening.view.profile
        else:
            raise ValueError("RitualApp needs a journal and library, or an opening")
        if self.profile is not None and self.profile.theme in self.available_themes:
            # Before anything is parsed or drawn: set in on_mount, the whole stylesheet
            # would be parsed and applied a second time (bench/startup.py).
            self.theme = self.profile.theme
        if styles_cache is not None:
            from screens.css_cache import CachedStylesheet

            self.stylesheet = CachedStylesheet(styles_cache, variables=self.get_css_variables())
        self._journal = journal
        self._library = library
        self.start = start
        self.content_warnings = list(content_warnings)
        self._opening = opening
        self._pending: Callable[[], object] | None = None
        self._theme_to_save = False
        self._before_home: Screen[Any] | None = None
        """A screen put up before home from the glance (`ritual morning`, `ritual history`);
        home follows it, and it gets the rest of its data once the journal is in."""
        self._pending_draft: FlowDraft | None = None
        self.load_error: Exception | None = None
        """Why the journal could not be opened after a quick start (the CLI reports it)."""

    @property
    def journal(self) -> Journal:
        """The open journal (only once it has loaded; see `loaded`)."""
        assert self._journal is not None, "the journal is still loading"
        return self._journal

    @property
    def library(self) -> ContentLibrary:
        """The content library (only once it has loaded; see `loaded`)."""
        assert self._library is not None, "the content is still loading"
        return self._library

    @property
    def loaded(self) -> bool:
        """True once the journal and the content are open."""
        return self._journal is not None and self._library is not None

    # ---- start-up and crashes ------------------------------------------------------

    def save_styles(self) -> None:
        """Keep the stylesheet as parsed for the next start (when there is a styles cache)."""
        from screens.css_cache import CachedStylesheet

        if isinstance(self.stylesheet, CachedStylesheet):
            self.stylesheet.save()

    def on_mount(self) -> None:
        if self._on_first_frame is not None:
            self.call_after_refresh(self._on_first_frame)
        self.call_after_refresh(self.save_styles)
        for warning in self.content_warnings:
            self.notify(warning, title="Content file skipped", severity="warning", timeout=12)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            # Closing the terminal sends SIGHUP: keep the draft before going.
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hang_up)
        if self._opening is not None and not self.loaded:
            # The first screen came from the glance (`get_default_screen`). Load the rest
            # only once it is drawn: the loading thread would otherwise share the
            # interpreter with the first paint and slow it down.
            self.call_after_refresh(self.run_worker, self._load, thread=True, group="load")
            return
        self._start()

    def get_default_screen(self) -> Screen[Any]:
        """The app's first screen: on a quick start, the one asked for, from the glance.

        Textual draws the first screen in its first frame; a screen pushed over it in
        `on_mount` waits for a later one, which costs a visible part of the start-up
        (bench/startup.py).
        """
        if self._opening is None or self.loaded:
            return super().get_default_screen()
        view = self._opening.view
        calendar = self._opening.calendar
        if self.start == "morning" and view.morning_state == "todo":
            return self._early_morning(view)  # home takes its place once the flow is done
        if self.start == "history" and calendar is not None:
            return self._early_history(view, calendar)  # likewise
        from ritual.clock import now
        from screens.home import HomeScreen

        return HomeScreen(view, now=now)

    def _early_morning(self, view: HomeView) -> Screen[Any]:
        """`ritual morning` with nothing to resume or edit: ask step 1 while the journal loads."""
        from ritual.clock import now
        from ritual.days import zone
        from screens.morning import MorningScreen

        hour = now().astimezone(zone(view.profile.tz)).hour
        flow = MorningScreen(view.profile, view.day, view.greeting(hour), now)
        return self._put_up_before_home(flow, lambda done: self._flow_done("morning", done, None))

    def _early_history(self, view: HomeView, calendar: Heatmap) -> Screen[Any]:
        """`ritual history`: the calendar from the glance; the rest once the journal is in."""
        from screens.history import HistoryScreen

        history = HistoryScreen(view.profile, None, view.day, None, grid=calendar)
        return self._put_up_before_home(history, None)

    def _put_up_before_home(
        self, screen: Screen[Any], callback: Callable[[Any], None] | None
    ) -> Screen[Any]:
        """Make `screen` the first screen, with `callback` for its result as `push_screen` would."""
        self._before_home = screen
        self.start = None  # what the command line asked for is open: loading must not reopen it
        # A first screen is not pushed, so its result callback is added as `push_screen`
        # adds one (Textual has no public call for it).
        screen._push_result_callback(self, callback)
        return screen

    def pop_screen(self) -> AwaitComplete:
        """Close the top screen; the first screen, opened before home, is replaced by home."""
        if len(self.screen_stack) == 1 and self.screen is self._before_home:
            return self.switch_screen(self._home_screen())
        return super().pop_screen()

    def _home_screen(self) -> Screen[Any]:
        """A new home: from the journal once it is in, from the glance before."""
        from screens.home import HomeScreen

        if self.loaded and self.profile is not None:
            return HomeScreen(self._read_home(self.profile).view, now=self.journal.now)
        assert self._opening is not None
        from ritual.clock import now

        return HomeScreen(self._opening.view, now=now)

    async def _complete_early(self, screen: Screen[Any], state: HomeRead) -> None:
        """Give the screen opened before the journal the rest of its data, then what was asked."""
        from screens.history import HistoryScreen
        from screens.morning import MorningScreen

        if isinstance(screen, HistoryScreen):
            await screen.provide(state.entries, self.library)
        elif isinstance(screen, MorningScreen):
            context = state.context
            if context.morning_state == "todo" and screen.day == context.day.isoformat():
                await screen.complete(context, self.library)
            else:
                # Another window saved or began this morning meanwhile: keep what was typed
                # here as the draft and open the morning the usual way (it offers to resume).
                self._keep_draft()
                await screen.dismiss(None)
                assert self.profile is not None
                state = self._read_home(self.profile)
                self._put_home(state)
                self._open("morning", state.context, state.entries)
        self._open_asked(state)

    def _start(self) -> None:
        if self.profile is None:
            from screens.onboarding import OnboardingScreen

            self.push_screen(
                OnboardingScreen(self.library, self.journal.today(), self._guess_zone()),
                self._onboarded,
            )
            return
        self._open(self.start, *self._show_home())

    def _load(self) -> None:
        """In a thread, after a quick start: open the journal and content, read home's state."""
        assert self._opening is not None
        try:
            journal, library, warnings = self._opening.load()
            self._journal, self._library = journal, library
            profile = journal.profile()
            state = self._read_home(profile, in_thread=True) if profile is not None else None
        except Exception as exc:
            self.call_from_thread(self._load_failed, exc)
            return
        self.call_from_thread(self._loaded, profile, warnings, state)

    def _loaded(self, profile: Profile | None, warnings: list[str], state: HomeRead | None) -> None:
        self.profile = profile
        for warning in warnings:
            self.notify(warning, title="Content file skipped", severity="warning", timeout=12)
        if self._theme_to_save:
            self.watch_theme(self.theme)
        if profile is None or state is None:
            self._start()  # the profile went between the glance and now: first run again
            return
        self._put_home(state)
        if self._pending_draft is not None:
            draft, self._pending_draft = self._pending_draft, None
            self._keep_draft_in_thread(draft)
        early = self._before_home
        if early is not None and early in self.screen_stack:
            self.call_later(self._complete_early, early, state)
            return
        self._open_asked(state)

    def _open_asked(self, state: HomeRead) -> None:
        """Open what the command line or a key pressed while loading asked for."""
        pending, self._pending = self._pending, None
        if self.start is not None:
            self._open(self.start, state.context, state.entries)
        elif pending is not None:
            pending()

    def _load_failed(self, error: Exception) -> None:
        # The CLI says what went wrong once the screen is given back (one sentence, or
        # for an unexpected error the usual report without journal text).
        self.load_error = error
        self.exit(return_code=1)

    def _wait_for_load(self, action: Callable[[], object]) -> bool:
        """True if the journal is still loading; `action` then runs once it has."""
        if self.loaded:
            return False
        self._pending = action
        return True

    def _guess_zone(self) -> str:
        from ritual.clock import local_zone_name

        return local_zone_name()

    def _handle_exception(self, error: Exception) -> None:
        # Textual's own report shows local variables, and locals hold journal text.
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._keep_draft()
        self.panic(safe_report(error))

    # ---- reading the journal --------------------------------------------------------

    def context(self, entries: list[Entry] | None = None) -> DayContext:
        """Today's context, fresh from the journal (or from `entries` just read)."""
        assert self.profile is not None
        drafts = {k: d for k in ("morning", "evening") if (d := self.journal.draft(k))}
        from ritual.today import build_context

        if entries is None:
            entries = self.journal.entries()
        return build_context(self.profile, entries, drafts, self.journal.now())

    def _streaks_for(self, day: date, entries: list[Entry] | None = None) -> dict[str, Any] | None:
        from ritual.today import streak_figures

        if self.profile is None or not self.profile.show_streaks:
            return None
        if entries is None:
            entries = self.journal.entries()
        return dict(streak_figures(self.profile, entries, day))

    def _read_home(self, profile: Profile, *, in_thread: bool = False) -> HomeRead:
        """Read home's state from the journal, and leave a glance of it for the next start."""
        from ritual.glance import read_home, write_glance

        state = read_home(self.journal, profile, self.library)
        path, glance = self.journal.path, state.glance
        if path is not None and glance is not None:
            if in_thread:
                write_glance(path, glance)
            else:
                self.run_worker(lambda: write_glance(path, glance), thread=True, group="glance")
        return state

    # ---- screens --------------------------------------------------------------------

    def _show_home(self) -> tuple[DayContext, list[Entry]]:
        """Put home up; return its context and the entries it was built from, for reuse."""
        assert self.profile is not None
        state = self._read_home(self.profile)
        self._put_home(state)
        return state.context, state.entries

    def _put_home(self, state: HomeRead) -> None:
        """Show home with this state: repaint the home already up, or put one up."""
        from screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.update_view(state.view)
                return
        if self._before_home is not None and self._before_home in self.screen_stack:
            return  # `ritual morning` or `history` opened first: home comes when it closes
        home = HomeScreen(state.view, now=self.journal.now)
        self.switch_screen(home) if self.screen_stack[1:] else self.push_screen(home)

    def refresh_home(self) -> None:
        """Give home the journal's current state."""
        from screens.home import HomeScreen

        if self.profile is None or not self.loaded:
            return
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.update_view(self._read_home(self.profile).view)

    def _open(self, what: str | None, context: DayContext, entries: list[Entry]) -> None:
        """Open what the command line asked for, reusing home's fresh context and entries."""
        if what == "morning":
            self._start_flow("morning", late=False, context=context)
        elif what == "evening":
            self.action_evening(context)
        elif what == "history":
            self.action_history(entries, context.day)
        elif what == "settings":
            self.action_settings()

    def _onboarded(self, profile: Profile | None) -> None:
        if profile is None:
            self.exit()
            return
        self.profile = profile
        self.journal.save_profile(profile)
        if profile.theme in self.available_themes:
            self.theme = profile.theme
        self.notify(f"Welcome, {profile.name}." if profile.name else "Welcome.", timeout=4)
        self._open(self.start, *self._show_home())

    def action_morning(self) -> None:
        """Open today's morning ritual (resume a draft, or edit today's entry)."""
        if self._wait_for_load(self.action_morning):
            return
        self._start_flow("morning", late=False)

    def action_evening(self, context: DayContext | None = None) -> None:
        """Open the evening debrief (today's, or yesterday's late one if missed)."""
        from screens.dialogs import ChoiceScreen

        if self._wait_for_load(self.action_evening):
            return
        context = context or self.context()
        if context.evening is None and context.late_day is not None:
            self.push_screen(
                ChoiceScreen(
                    "Yesterday's evening debrief was missed. You can still do it, marked late.",
                    [("late", "Debrief yesterday (late)"), ("today", "Today's evening")],
                ),
                lambda choice: (
                    self._start_flow("evening", late=choice == "late") if choice else None
                ),
            )
            return
        self._start_flow("evening", late=False, context=context)

    def action_late_evening(self) -> None:
        """Open yesterday's evening debrief, marked late."""
        if self._wait_for_load(self.action_late_evening):
            return
        self._start_flow("evening", late=True)

    def _start_flow(
        self, kind: EntryKind, *, late: bool, context: DayContext | None = None
    ) -> None:
        from screens.dialogs import ChoiceScreen

        if self.profile is None:
            return
        context = context or self.context()
        if late and context.late_day:
            day, existing = context.late_day, None  # late means yesterday's evening is missing
        else:
            day = context.day
            existing = context.morning if kind == "morning" else context.evening
        from screens.flow import FlowDraft

        raw_draft = context.drafts.get(kind)
        draft = FlowDraft.from_dict(raw_draft) if raw_draft else None
        if draft is not None and draft.day != day.isoformat():
            draft = None  # a draft for another day stays in the journal until replaced
        if existing is not None and draft is not None:
            # Quitting half-way through an edit left a draft: never silently drop it.
            self.push_screen(
                ChoiceScreen(
                    f"You were changing this {kind} and left before saving. Pick up the changes?",
                    [
                        ("resume", "Resume my changes"),
                        ("saved", "Edit the saved one (the changes are dropped)"),
                    ],
                ),
                lambda c: (
                    self._push_flow(
                        kind, context, day, late, draft if c == "resume" else None, existing
                    )
                    if c
                    else None
                ),
            )
        elif existing is not None:
            self.push_screen(
                ChoiceScreen(
                    f"This {kind} is already done for {day:%A %-d %B}.",
                    [("edit", "Edit it"), ("home", "Back home")],
                ),
                lambda c: (
                    self._push_flow(kind, context, day, late, None, existing)
                    if c == "edit"
                    else None
                ),
            )
        elif draft is not None:
            self.push_screen(
                ChoiceScreen(
                    f"You started this {kind} earlier. Pick up where you left off?",
                    [("resume", "Resume"), ("fresh", "Start afresh (the draft is dropped)")],
                ),
                lambda c: (
                    self._push_flow(
                        kind, context, day, late, draft if c == "resume" else None, None
                    )
                    if c
                    else None
                ),
            )
        else:
            self._push_flow(kind, context, day, late, None, None)

    def _push_flow(
        self,
        kind: EntryKind,
        context: DayContext,
        day: date,
        late: bool,
        draft: FlowDraft | None,
        entry: Entry | None,
    ) -> None:
        screen: FlowScreen
        if kind == "morning":
            from screens.morning import MorningScreen

            screen = MorningScreen.with_content(
                context, self.library, self.journal.now, draft=draft, entry=entry
            )
        else:
            from screens.evening import EveningScreen

            screen = EveningScreen(
                context,
                self.library,
                self.journal.now,
                day=day,
                late=late,
                draft=draft,
                entry=entry,
                streaks=self._streaks_for(day),
            )
        self.push_screen(screen, lambda result: self._flow_done(kind, result, entry))

    def _flow_done(
        self, kind: EntryKind, result: dict[str, Any] | None, edited: Entry | None
    ) -> None:
        if result is None:
            self.refresh_home()
            return
        entry = dict(result)
        entry["id"] = edited["id"] if edited else new_id(kind[0])
        entry["tz"] = self.profile.tz if self.profile else "UTC"
        entry["saved_at"] = utc_iso(self.journal.now())
        self.run_worker(lambda: self._save_entry(entry), thread=True, group="save")

    def _save_entry(self, entry: Entry) -> None:
        """Write in a thread so the screen never freezes; say "saved" only once it returned."""
        try:
            self.journal.save_entry(entry)
        except Exception as exc:  # the entry stays on as a draft: nothing typed is lost
            name = type(exc).__name__
            self.call_from_thread(self._save_failed, entry, name)
            return
        self.call_from_thread(self._saved, entry)

    def _saved(self, entry: Entry) -> None:
        self.notify(f"Saved your {entry['kind']}.", timeout=3)
        self.refresh_home()

    def _save_failed(self, entry: Entry, reason: str) -> None:
        self.notify(
            f"Could not save ({reason}). Your words are kept as a draft; try again later.",
            severity="error",
            timeout=15,
        )
        from screens.flow import FlowDraft

        draft = FlowDraft(
            entry["kind"],
            entry["day"],
            0,
            int(entry.get("duration_s", 0)),
            entry.get("started_at", ""),
            entry,
        )
        with contextlib.suppress(Exception):
            self.journal.save_draft(entry["kind"], draft.to_dict())

    def on_flow_screen_draft_changed(self, message: FlowScreen.DraftChanged) -> None:
        """Keep the flow's draft, in a thread, each time it moves on."""
        if not self.loaded:
            self._pending_draft = message.draft  # kept as soon as the journal is open
            return
        self._keep_draft_in_thread(message.draft)

    def _keep_draft_in_thread(self, draft: FlowDraft) -> None:
        kind, kept = draft.kind, draft.to_dict()

        def keep() -> None:
            self.journal.save_draft(kind, kept)
            self.call_from_thread(self.refresh_home)  # home shows "in progress" once it's kept

        self.run_worker(keep, thread=True, group="draft")

    def action_history(self, entries: list[Entry] | None = None, day: date | None = None) -> None:
        """Open history and streaks (from entries just read, when the caller has them)."""
        if self.profile is None or self._wait_for_load(self.action_history):
            return
        from screens.history import HistoryScreen

        if entries is None or day is None:
            entries, day = self.journal.entries(), self.journal.today()
        self.push_screen(HistoryScreen(self.profile, entries, day, self.library))

    def action_settings(self) -> None:
        """Open settings; a changed profile is saved and shown everywhere."""
        if self.profile is None or self._wait_for_load(self.action_settings):
            return
        from screens.settings import SettingsScreen

        settings = SettingsScreen(self.profile, self.library, today=self.journal.today())
        self.push_screen(settings, self._settings_done)

    def _settings_done(self, profile: Profile | None) -> None:
        if profile is None:
            return
        self.profile = profile
        self.journal.save_profile(profile)
        if profile.theme in self.available_themes:
            self.theme = profile.theme
        self.notify("Settings saved.", timeout=3)
        self.refresh_home()

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked from the command palette, too."""
        profile: Profile | None = getattr(self, "profile", None)
        if profile is None or profile.theme == theme or not self.screen_stack:
            return
        if not self.loaded:
            self._theme_to_save = True  # kept once the journal is open
            return
        # A new Profile rather than a change in place: screens may hold the old one.
        updated = Profile.from_dict({**profile.to_dict(), "theme": theme})
        self.profile = updated
        self.run_worker(lambda: self.journal.save_profile(updated), thread=True)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.profile is not None:
            yield SystemCommand(
                "Morning", "Start or edit today's morning ritual", self.action_morning
            )
            yield SystemCommand("Evening", "Start or edit the evening debrief", self.action_evening)
            yield SystemCommand(
                "History", "Streaks, heatmap, ledger and trends", self.action_history
            )
            yield SystemCommand(
                "Settings", "Name, children, values, day start...", self.action_settings
            )
        yield from super().get_system_commands(screen)

    # ---- leaving --------------------------------------------------------------------

    def _keep_draft(self) -> None:
        """Save the open flow's draft, synchronously: the app is about to go."""
        from screens.flow import FlowScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, FlowScreen):
                with contextlib.suppress(Exception):
                    draft = screen.draft()
                    journal = self._journal
                    if journal is None and self._opening is not None:
                        journal = self._opening.load()[0]  # still loading: open it now
                    if journal is not None:
                        journal.save_draft(draft.kind, draft.to_dict())
                return

    async def action_quit(self) -> None:
        """Quit, keeping an unfinished flow as a draft; first run asks before dropping answers."""
        from screens.dialogs import ChoiceScreen
        from screens.onboarding import OnboardingScreen

        if isinstance(self.screen, OnboardingScreen):
            self.push_screen(
                ChoiceScreen(
                    "Quit now? Nothing of the set-up is saved yet.",
                    [("stay", "Keep setting up"), ("quit", "Quit")],
                ),
                lambda choice: self.exit() if choice == "quit" else None,
            )
            return
        self._keep_draft()
        self.exit()

    def _hang_up(self) -> None:
        self._keep_draft()
        self.exit()
