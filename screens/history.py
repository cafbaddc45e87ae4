"""History: the year heatmap, streaks, each child's ledger, values, guilt and "on this day"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import ClassVar

from rich.console import Group
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style as VisualStyle
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static

from ritual import stats
from ritual.content import ContentLibrary
from ritual.models import Entry, Profile
from ritual.streaks import KINDS, StreakFigures, as_mode, done_days, forgiven_misses
from ritual.streaks import streak_sentence as kind_sentence
from ritual.today import streak_figures
from screens.day_view import FORMER_CHILD, STATUS_MARKS, Card, DateJumpScreen, DayViewScreen
from screens.widgets.heatmap import CalendarHeatmap
from screens.widgets.pointer_list import PointerList

SECTIONS: tuple[tuple[str, str], ...] = (
    ("calendar", "Calendar"),
    ("streaks", "Streaks"),
    ("children", "Children"),
    ("values", "Values"),
    ("guilt", "Guilt"),
    ("on-this-day", "On this day"),
)
"""(id, title) of each section, in order; Streaks is left out when streaks are hidden."""

KIND_MARKS = {"morning": "☀", "evening": "☾", "connection": "♥"}

NOTES_PER_CHILD = 3
"""How many recent notes each child's ledger shows."""

BAR_WIDTH = 12
"""The longest guilt bar, in characters."""


# ---- the sections' words (pure: figures in, text out) ---------------------------------


def streak_table(figures: Mapping[str, StreakFigures]) -> str:
    """Current and longest run and the 30-day consistency per kind, as aligned lines."""
    lines = [f"{'':<14}{'current':>8}{'longest':>9}{'30 days':>9}"]
    for kind in KINDS:
        fig = figures[kind]
        lines.append(
            f"{KIND_MARKS[kind]} {kind.capitalize():<12}{fig.current:>8}{fig.longest:>9}"
            f"{fig.consistency_30d:>8}%"
        )
    return "\n".join(lines)


def streak_words(
    figures: Mapping[str, StreakFigures], entries: Sequence[Entry], today: date, mode: str
) -> str:
    """One kind sentence per kind, and what the streak mode means."""
    streak_mode = as_mode(mode)
    done = done_days(entries)
    forgiven = {kind: forgiven_misses(done[kind], today, streak_mode) for kind in KINDS}
    lines = [
        f"{KIND_MARKS[kind]} {kind_sentence(figures, streak_mode, kind=kind, forgiven=forgiven)}"
        for kind in KINDS
    ]
    lines.append("")
    if streak_mode == "kind":
        lines.append(
            "Kind streaks: one missed day between two done days is forgiven (it is not "
            "counted, and it does not break the run)."
        )
    else:
        lines.append("Strict streaks: a missed day starts a new run. Settings can change that.")
    lines.append("30 days: the share of the last 30 days that were done.")
    return "\n".join(lines)


def ledger_text(title: str, ledger: stats.ChildLedger) -> Group:
    """One child's ledger: last moment, how many, favourites and recent notes."""
    card = Card(title, label_width=16)
    if ledger.last_moment is None:
        card.row("Last moment", "none yet: the evening debrief records them")
    else:
        day = ledger.last_moment
        card.row("Last moment", f"{day:%a} {day.day} {day:%b %Y} ({ledger.last_moment_human})")
    card.row(
        "Moments",
        f"{ledger.moments_this_month} this month · {ledger.moments_this_year} this year"
        f" · {ledger.moments_total:,} in all",
    )
    if ledger.favourites:
        card.row("Favourites", " · ".join(f"{name} ({n})" for name, n in ledger.favourites))
    for i, note in enumerate(ledger.notes):
        what = " · ".join(p for p in (note.activity, STATUS_MARKS.get(note.status, "")) if p)
        card.row("Recent notes" if i == 0 else "", f"{note.day.day} {note.day:%b %Y} · {what}")
        card.more(f"  “{note.note}”")
    return card.renderable()


def former_children(entries: Sequence[Entry], profile: Profile) -> list[str]:
    """Child ids met in evening connections but no longer in the profile, first met first."""
    known = {child.id for child in profile.children}
    found: dict[str, None] = {}
    for entry in entries:
        if entry.get("kind") != "evening":
            continue
        for conn in entry.get("connections") or ():
            if isinstance(conn, dict):
                child = conn.get("child")
                if isinstance(child, str) and child not in known:
                    found[child] = None
    return list(found)


def values_text(
    trend: Mapping[str, list[float | None]], profile: Profile, library: ContentLibrary
) -> str:
    """A sparkline per value with this week's and the 12-week average, or a kind empty state."""
    if not profile.values:
        return "No core values chosen yet. Settings lets you pick three to five."
    if all(v is None for series in trend.values() for v in series):
        return (
            "No ratings in the last 12 weeks yet. The morning values check fills this in: "
            "one line per value, a week per character."
        )
    names = {value: library.value_name(value) for value in profile.values}
    width = min(max(len(n) for n in names.values()), 18)
    lines = [
        "Will today reflect it? Morning ratings, weekly average, last 12 weeks.",
        "Oldest week left, this week right · ▁ 1 hardly … █ 5 fully · · no rating",
        "",
    ]
    for value in profile.values:
        series = trend.get(value, [])
        rated = [v for v in series if v is not None]
        name = names[value]
        name = name if len(name) <= width else name[: width - 1] + "…"
        now = f"this week {series[-1]:.1f}" if series and series[-1] is not None else "this week –"
        average = f"average {sum(rated) / len(rated):.1f}" if rated else "no ratings"
        lines.append(f"{name:<{width}}  {stats.sparkline(series)}  {now} · {average}")
    return "\n".join(lines)


def guilt_text(weeks: Sequence[tuple[date, int, int]]) -> str:
    """Values conflicts (■) against "shoulds" (□) per week, with the counts in digits too."""
    conflicts = sum(c for _, c, _ in weeks)
    shoulds = sum(s for _, _, s in weeks)
    if conflicts == 0 and shoulds == 0:
        return (
            "No guilt notes in the last 12 weeks. If one tugs at you, the values check "
            "helps tell a values conflict from a “should”."
        )
    top = max(max(c, s) for _, c, s in weeks)
    scale = min(1.0, BAR_WIDTH / top)

    def bar(n: int, mark: str) -> str:
        return f"{mark * max(round(n * scale), 1 if n else 0):<{BAR_WIDTH}} {n:>2}"

    lines = [f"{'Week of':<11}{'■ values conflicts':<{BAR_WIDTH + 8}}□ “shoulds”"]
    for monday, c, s in weeks:
        lines.append(f"{monday.day:>2} {monday:%b %y}  {bar(c, '■')}     {bar(s, '□')}")
    lines.append("")
    lines.append(
        f"12 weeks: {conflicts} values conflict{'' if conflicts == 1 else 's'}, "
        f"{shoulds} “should{'' if shoulds == 1 else 's'}”."
    )
    lines.append("A conflict asks for one small change; a “should” is questioned, not obeyed.")
    return "\n".join(lines)


def on_this_day_options(
    found: Sequence[Entry], today: date, limit: int = 120
) -> list[tuple[date, str]]:
    """One line per earlier day (newest first): the date, how long ago, what was written."""
    by_day: dict[str, list[Entry]] = {}
    for entry in found:
        by_day.setdefault(str(entry.get("day")), []).append(entry)
    options = []
    for iso, day_entries in list(by_day.items())[:limit]:
        day = date.fromisoformat(iso)
        kinds = {str(e.get("kind")) for e in day_entries}
        marks = " ".join(
            f"{mark} {kind}" if kind in kinds else f"{' ' * len(mark)} {' ' * len(kind)}"
            for kind, mark in (("morning", "☀"), ("evening", "☾"))
        )
        intention = next((str(e.get("intention") or "") for e in day_entries), "").strip()
        label = f"{day:%a} {day.day:>2} {day:%b %Y}  {stats.human_ago(day, today):<13} {marks}"
        options.append((day, f"{label}  {intention}".rstrip()))
    return options


# ---- the section bar ------------------------------------------------------------------------


class SectionBar(Widget, can_focus=True):
    """One line of numbered sections; the shown one is in [brackets], bold and reversed.

    ← → (when focused) or a click choose a section and post `SectionBar.Chosen`.

    Args:
        titles: The section titles, in order.
    """

    DEFAULT_CSS = """
    SectionBar {
        height: 1;
        width: 1fr;
    }
    SectionBar > .section-bar--current { text-style: bold; }
    SectionBar:focus > .section-bar--current { text-style: bold underline; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"section-bar--current"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous section", show=False),
        Binding("right", "step(1)", "Next section", show=False),
    ]
    """← → move between sections."""

    current: reactive[int] = reactive(0)
    """The index of the section shown."""

    class Chosen(Message):
        """The user chose another section with the bar."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, titles: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = [f"{n} {title}" for n, title in enumerate(titles, 1)]

    def render(self) -> Content:
        # Reverse video and brackets mark the current section, so NO_COLOR still shows it.
        current = self.get_visual_style("section-bar--current", partial=True)
        current += VisualStyle(reverse=True)
        parts: list[str | tuple[str, VisualStyle]] = []
        for index, label in enumerate(self.labels):
            if index == self.current:
                parts.append((f"[{label}]", current))
            else:
                parts.append(f" {label} ")
            parts.append(" ")
        return Content.assemble(*parts)

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self.labels) and index != self.current:
            self.current = index
            self.post_message(self.Chosen(index))

    def action_step(self, delta: int) -> None:
        """Show the previous (-1) or next (+1) section."""
        self._choose(self.current + delta)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A click on a section's name shows it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x = 0
        for index, label in enumerate(self.labels):
            width = len(label) + 3
            if x <= offset.x < x + width:
                self._choose(index)
                return
            x += width


# ---- the screen ---------------------------------------------------------------------------


class HistoryScreen(Screen[None]):
    """Looking back, in sections: calendar, streaks, children, values, guilt, on this day.

    Every figure is computed once, from the entries handed in. The calendar is built
    straight away; every other section is computed and mounted the first time it is
    shown, so that a ten-year journal opens as fast as home.

    Args:
        profile: The profile (children, values, streak settings).
        entries: All journal entries; None while the journal still loads (`ritual history`
            from the glance), and then `grid` must be given and `provide` follows.
        today: The current ritual day.
        library: The content library (value names, reframes); None while loading.
        grid: The calendar, when already known (from the glance).
    """

    AUTO_FOCUS = "#heatmap"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("g", "go_to_date", "Go to date"),
        *(Binding(str(n), f"section({n})", f"Section {n}", show=False) for n in range(1, 7)),
    ]
    """Escape goes home; g opens any date; 1-6 show a section (Tab, then ← →, works too)."""

    KEYS = "esc back · g go to date · 1-{last} sections · tab next part · ^p menu"
    """The keys, in words along the bottom. A plain line rather than a `Footer`: the footer
    rebuilds its keys several times while a screen mounts, which cost more than all of the
    calendar (bench/history.py)."""

    def __init__(
        self,
        profile: Profile,
        entries: list[Entry] | None,
        today: date,
        library: ContentLibrary | None,
        *,
        grid: stats.Heatmap | None = None,
    ) -> None:
        super().__init__()
        self.profile = profile
        self._entries = entries
        self.today = today
        self._library = library
        if grid is None:
            assert entries is not None, "history needs its entries or its calendar"
            grid = stats.heatmap(entries, today)
        self.grid = grid
        self._waiting: Callable[[], Awaitable[None] | None] | None = None
        self.streaks: dict[str, StreakFigures] | None = None
        self.sections = [
            (pane, title) for pane, title in SECTIONS if pane != "streaks" or profile.show_streaks
        ]
        self._built = {"calendar"}

    @property
    def entries(self) -> list[Entry]:
        """All journal entries (once provided)."""
        assert self._entries is not None, "history's entries are still loading"
        return self._entries

    @property
    def library(self) -> ContentLibrary:
        """The content library (once provided)."""
        assert self._library is not None, "the content is still loading"
        return self._library

    @property
    def ready(self) -> bool:
        """True once the entries and the library are in."""
        return self._entries is not None and self._library is not None

    async def provide(self, entries: list[Entry], library: ContentLibrary) -> None:
        """The journal has loaded: do what was asked for meanwhile (a section, a day)."""
        self._entries, self._library = entries, library
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            result = waiting()
            if result is not None:
                await result

    # ---- composing ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        day = self.today
        yield Label(f"History · {day:%A} {day.day} {day:%B %Y}", id="history-title")
        yield SectionBar([title for _, title in self.sections], id="history-sections")
        calendar = VerticalScroll(id="calendar", classes="history-section")
        calendar.can_focus = False  # the heatmap takes the focus; one Tab stop is enough
        with calendar:
            yield CalendarHeatmap(self.grid, self.today, id="heatmap")
        yield Label(self.KEYS.format(last=len(self.sections)), classes="history-keys")

    def _compose_streaks(self) -> ComposeResult:
        self.streaks = streak_figures(self.profile, self.entries, self.today)
        yield Static(streak_table(self.streaks), id="streak-table")
        words = streak_words(self.streaks, self.entries, self.today, self.profile.streak_mode)
        yield Static(words, id="streak-words")

    def _compose_children(self) -> ComposeResult:
        today, entries = self.today, self.entries
        ledgers = [
            (f"{c.name}, {c.age(today)}", stats.child_ledger(entries, c.id, today, NOTES_PER_CHILD))
            for c in self.profile.children
        ]
        former = former_children(entries, self.profile)
        for n, child_id in enumerate(former, 1):
            title = FORMER_CHILD[0].upper() + FORMER_CHILD[1:]
            title += f" ({n})" if len(former) > 1 else ""
            ledgers.append((title, stats.child_ledger(entries, child_id, today, NOTES_PER_CHILD)))
        if not ledgers:
            yield Static("Add your children in Settings, and your moments with them gather here.")
        for title, ledger in ledgers:
            yield Static(ledger_text(title, ledger), classes="ledger")

    def _compose_values(self) -> ComposeResult:
        trend = stats.values_trend(self.entries, self.profile.values, self.today)
        yield Static(values_text(trend, self.profile, self.library), id="values-trend")

    def _compose_guilt(self) -> ComposeResult:
        weeks = stats.guilt_by_week(self.entries, self.today)
        yield Static(guilt_text(weeks), id="guilt-weeks")

    def _compose_on_this_day(self) -> ComposeResult:
        earlier = on_this_day_options(stats.on_this_day(self.entries, self.today), self.today)
        nth = f"{self.today.day}{_suffix(self.today.day)}"
        if not earlier:
            yield Static(
                f"Nothing written on the {nth} of an earlier month yet. "
                "Come back next month: this page grows with you.",
                id="earlier-empty",
            )
            return
        yield Label(f"The {nth} in earlier months and years · Enter opens the day", classes="hint")
        yield PointerList([(day.isoformat(), label) for day, label in earlier], id="earlier")

    # ---- sections -------------------------------------------------------------------------

    async def show_section(self, index: int, *, focus: bool) -> None:
        """Show section ``index`` (0-based), building it the first time.

        Args:
            index: The section's place in the bar.
            focus: Put the focus in the section (number keys do; the bar keeps it).
        """
        if not self.ready:  # shown as soon as the journal is in
            self._waiting = lambda: self.show_section(index, focus=focus)
            return
        pane = self.sections[index][0]
        if pane not in self._built:
            self._built.add(pane)
            widgets = list(getattr(self, f"_compose_{pane.replace('-', '_')}")())
            built = VerticalScroll(*widgets, id=pane, classes="history-section")
            built.display = False
            await self.mount(built, before=self.query_one(".history-keys"))
        for part in self.query(".history-section"):
            part.display = part.id == pane
        self.query_one(SectionBar).current = index
        if focus:
            section = self.query_one(f"#{pane}", VerticalScroll)
            targets = section.query("CalendarHeatmap, OptionList")
            (targets.first() if targets else section).focus()

    async def action_section(self, number: int) -> None:
        """Show the section with this number, and put the focus in it."""
        if 1 <= number <= len(self.sections):
            await self.show_section(number - 1, focus=True)

    async def on_section_bar_chosen(self, event: SectionBar.Chosen) -> None:
        await self.show_section(event.index, focus=False)

    # ---- days -----------------------------------------------------------------------------

    def open_day(self, day: date) -> None:
        """Open ``day`` read-only."""
        if not self.ready:  # opened as soon as the journal is in
            self._waiting = lambda: self.open_day(day)
            return
        morning, evening = stats.day_entries(self.entries, day)
        self.app.push_screen(DayViewScreen(self.profile, morning, evening, self.library, day=day))

    def on_calendar_heatmap_day_chosen(self, event: CalendarHeatmap.DayChosen) -> None:
        self.open_day(event.day)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_day(date.fromisoformat(event.option.id))

    def action_go_to_date(self) -> None:
        """g: ask for a date, then open it (the calendar cursor follows when it can)."""

        def chosen(day: date | None) -> None:
            if day is None:
                return
            heatmap = self.query_one(CalendarHeatmap)
            if heatmap.cell(day) is not None:
                heatmap.move_to(day)
            self.open_day(day)

        self.app.push_screen(DateJumpScreen(self.today), chosen)

    def action_back(self) -> None:
        """Back home."""
        self.dismiss(None)


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
