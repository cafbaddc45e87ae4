"""Home at a glance: what home shows, and a small file that lets it show before the journal loads.

Reading a ten-year journal and the content library takes longer than drawing home, so
every time the app builds home from the journal it also writes `.home-glance.json`
beside it: the profile, the done days per kind, the draft days, today's planned moments
in words and the greetings. The file is keyed on the journal's size, mtime_ns and inode
(as `ritual status`'s summary is), so it is used only while the journal is exactly the
file it was made from; then home paints from it at once while the journal and content
load in the background, and is painted again from them.

It holds the same private words as the journal (names, planned moments), so it is
written the same way: created 0600, replaced atomically. It is a cache: deleting it
only makes the next start slower.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from ritual.days import late_debrief_day, ritual_day
from ritual.models import Entry, Profile
from ritual.paths import stat_key, write_cache
from ritual.picks import start_index, time_of_day
from ritual.streaks import (
    KINDS,
    StreakFigures,
    all_figures,
    as_mode,
    done_days,
    figures_of_ordinals,
    first_day,
    parse_day,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ritual.content import ContentLibrary
    from ritual.journal import Journal
    from ritual.stats import Heatmap
    from ritual.today import DayContext

GLANCE_NAME = ".home-glance.json"
GLANCE_VERSION = 2

_PREPOSITIONS = frozenset({"before", "after", "at", "in", "on", "during", "around", "by"})


@dataclass(frozen=True)
class HomeView:
    """Everything home shows for one instant, however it was found out."""

    profile: Profile
    day: date
    morning_state: str
    """"done", "todo" or "draft"."""
    evening_state: str
    """"done", "todo", "draft" or "late-possible"."""
    late_day: date | None
    """Yesterday, when its debrief was missed and can still be done (marked late)."""
    moments: tuple[str, ...]
    """Today's planned moments in words: "Mia: Kitchen dance, at dinner"."""
    streaks: Mapping[str, StreakFigures] | None
    """Streak figures per kind, or None when the profile hides streaks."""
    greetings: Mapping[str, tuple[str, ...]]
    """Greeting texts by time of day ("morning", "afternoon", "evening", "night")."""

    def greeting(self, hour: int) -> str:
        """Today's greeting for this hour: the same one all day, "Hello." if none fits."""
        texts = self.greetings.get(time_of_day(hour), ())
        return texts[start_index(self.day.isoformat(), len(texts))] if texts else "Hello."


def greeting_with_name(greeting: str, name: str) -> str:
    """Put the name into the greeting's first sentence: "Good morning, Sam. A fresh page.".

    A first sentence that already addresses someone takes the name before its comma:
    "Hello, night owl." becomes "Hello Sam, night owl.", not "Hello, night owl, Sam.".
    """
    name = " ".join(name.split())
    if not name:
        return greeting
    match = re.search(r"[.?!]", greeting)
    end = match.start() if match is not None else len(greeting)
    comma = greeting.find(",", 0, end)
    if comma != -1:
        return f"{greeting[:comma]} {name}{greeting[comma:]}"
    if match is None:
        return f"{greeting}, {name}."
    return f"{greeting[:end]}, {name}{greeting[end:]}"


def moment_line(moment: Mapping[str, Any], profile: Profile, library: ContentLibrary) -> str:
    """One planned moment in words: "Mia: Kitchen dance, at dinner"."""
    child = profile.child(str(moment.get("child", "")))
    who = child.name if child is not None else str(moment.get("child_name") or "A child")
    activity = str(moment.get("activity") or moment.get("activity_id") or "a moment together")
    found = library.activity(activity)
    what = found.title if found is not None else activity
    when = " ".join(str(moment.get("when") or "").split())
    if not when:
        return f"{who}: {what}"
    if when.split()[0].casefold() not in _PREPOSITIONS:
        when = f"at {when}"  # "at dinner", "at 17:30"; "before school" stays as it is
    return f"{who}: {what}, {when}"


def greetings_by_time(library: ContentLibrary) -> dict[str, tuple[str, ...]]:
    """The library's greetings grouped by time of day, in file order."""
    grouped: dict[str, list[str]] = {}
    for greeting in library.greetings:
        grouped.setdefault(greeting.when, []).append(greeting.text)
    return {when: tuple(texts) for when, texts in grouped.items()}


def home_view(
    context: DayContext,
    streaks: Mapping[str, StreakFigures] | None,
    library: ContentLibrary,
) -> HomeView:
    """Home's view from today's context, read from the journal."""
    moments = tuple(moment_line(m, context.profile, library) for m in context.planned_moments())
    return HomeView(
        profile=context.profile,
        day=context.day,
        morning_state=context.morning_state,
        evening_state=context.evening_state,
        late_day=context.late_day,
        moments=moments,
        streaks=streaks,
        greetings=greetings_by_time(library),
    )


class HomeRead(NamedTuple):
    """Home read from the journal: the view, what it was built from, and the glance to keep."""

    context: DayContext
    streaks: dict[str, StreakFigures] | None
    entries: list[Entry]
    view: HomeView
    glance: dict[str, Any] | None
    """The glance of the journal as read (None for a journal with no file)."""


def read_home(journal: Journal, profile: Profile, library: ContentLibrary) -> HomeRead:
    """Read home from the journal: every entry, the drafts, today's context and streaks.

    The app does this each time home changes, and keeps the glance it returns with
    `write_glance` for the next start.
    """
    from ritual.today import build_context

    path = journal.path
    key = stat_key(path) if path is not None else None  # taken before reading: never newer
    entries = journal.entries()
    drafts = {k: d for k in ("morning", "evening") if (d := journal.draft(k))}
    context = build_context(profile, entries, drafts, journal.now())
    # Done days and the first day once, for the streaks and the glance alike: this runs
    # after every save and every step of a flow, over every entry.
    done, first = done_days(entries), first_day(entries)
    streaks = None
    if profile.show_streaks:
        streaks = dict(all_figures(done, context.day, as_mode(profile.streak_mode), first))
    view = home_view(context, streaks, library)
    glance = None
    if key is not None:
        glance = build_glance(key, profile, done, first, _late_days(entries), drafts, view)
    return HomeRead(context, streaks, entries, view, glance)


# ---- the file ---------------------------------------------------------------------------


def glance_path(journal_file: Path) -> Path:
    """Where the glance of this journal lives."""
    return journal_file.with_name(GLANCE_NAME)


def build_glance(
    key: list[int],
    profile: Profile,
    done: Mapping[str, set[date]],
    first: date | None,
    late: set[int],
    drafts: Mapping[str, Mapping[str, Any]],
    view: HomeView,
) -> dict[str, Any]:
    """The glance document for the journal whose stat key was `key` before it was read.

    Args:
        key: `stat_key` of the journal, taken before its entries and drafts were read.
        profile: the journal's profile.
        done: its done days per kind (`streaks.done_days`).
        first: its first ritual day (`streaks.first_day`).
        late: the days (ordinals) of its evenings marked late.
        drafts: its drafts by kind.
        view: home's view built from them (for today's moments and the greetings).
    """
    return {
        "version": GLANCE_VERSION,
        "key": key,
        "profile": profile.to_dict(),
        "done": {kind: sorted(d.toordinal() for d in done[kind]) for kind in KINDS},
        "first": first.toordinal() if first else None,
        "late": sorted(late),
        "drafts": {kind: str(d.get("day")) for kind, d in drafts.items() if d},
        "moments": {"day": view.day.isoformat(), "lines": list(view.moments)},
        "greetings": {when: list(texts) for when, texts in view.greetings.items()},
    }


def _late_days(entries: list[Entry]) -> set[int]:
    """Days (ordinals) whose evening entry was marked late: history's calendar shows them."""
    late = set()
    for entry in entries:
        if entry.get("kind") == "evening" and entry.get("late") is True:
            day = parse_day(entry.get("day"))
            if day is not None:
                late.add(day.toordinal())
    return late


def write_glance(journal_file: Path, glance: Mapping[str, Any]) -> None:
    """Write the glance beside the journal, 0600 and atomically; a failure only loses the cache."""
    write_cache(glance_path(journal_file), orjson.dumps(glance))


def read_glance(journal_file: Path) -> dict[str, Any] | None:
    """The glance, if there is one made from the journal exactly as it is on disk now."""
    key = stat_key(journal_file)
    if key is None:
        return None
    try:
        glance = orjson.loads(glance_path(journal_file).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(glance, dict) or glance.get("version") != GLANCE_VERSION:
        return None
    return glance if glance.get("key") == key else None


def view_from_glance(glance: Mapping[str, Any], now: datetime) -> HomeView | None:
    """Home's view at `now` from a glance, or None when the glance cannot tell it all.

    That is when today's morning is done but the glance holds another day's moments
    (it cannot know today's), or when the file is not in the expected shape.
    """
    try:
        profile = Profile.from_dict(dict(glance["profile"]))
        day = ritual_day(now, profile.tz, profile.day_start)
        # Ordinals, as `build_glance` wrote them, kept as numbers: ten years of days made
        # into dates would cost more than drawing home. Each day once, in order, real.
        done = {kind: sorted({int(o) for o in glance["done"][kind]}) for kind in KINDS}
        if any(days and days[0] < 1 for days in done.values()):
            return None
        first = date.fromordinal(glance["first"]) if glance.get("first") else None
        drafts = dict(glance.get("drafts") or {})
        moments = glance["moments"]
        greetings = {str(k): tuple(map(str, v)) for k, v in glance["greetings"].items()}
        today = day.toordinal()
        # Up to today only: a glance from a later clock must not count the future.
        upto = {kind: days[: bisect_right(days, today)] for kind, days in done.items()}
        evenings = {date.fromordinal(o) for o in upto["evening"][-2:]}  # yesterday is all
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return None
    iso = day.isoformat()

    def state(kind: str) -> str:
        days = upto[kind]
        if days and days[-1] == today:
            return "done"
        return "draft" if drafts.get(kind) == iso else "todo"

    morning, evening = state("morning"), state("evening")
    late_day = late_debrief_day(now, profile.tz, day, evenings, first)
    if evening == "todo" and late_day is not None:
        evening = "late-possible"
    lines: tuple[str, ...] = ()
    if morning == "done":
        if moments.get("day") != iso:
            return None
        lines = tuple(str(line) for line in moments.get("lines") or ())
    streaks = None
    if profile.show_streaks:
        mode = as_mode(profile.streak_mode)
        start = first.toordinal() if first is not None else None
        streaks = {kind: figures_of_ordinals(upto[kind], today, mode, start) for kind in KINDS}
    return HomeView(profile, day, morning, evening, late_day, lines, streaks, greetings)


def calendar_from_glance(glance: Mapping[str, Any], today: date) -> Heatmap | None:
    """History's calendar for `today` from a glance (None if the file is not as expected)."""
    from ritual.stats import heatmap_from_days

    try:
        done = glance["done"]
        return heatmap_from_days(done["morning"], done["evening"], glance["late"], today)
    except (KeyError, TypeError):
        return None
