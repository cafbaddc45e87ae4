"""Today at a glance: what home, the flows and `ritual status` all show, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from ritual.days import late_debrief_day, ritual_day
from ritual.models import Entry, Profile
from ritual.streaks import StreakFigures, all_figures, as_mode, done_days, first_day

MorningState = Literal["done", "todo", "draft"]
EveningState = Literal["done", "todo", "draft", "late-possible"]


@dataclass(frozen=True)
class DayContext:
    """Everything a flow or home needs to know about one ritual day.

    Built by the app from the journal and handed to screens, which never read
    storage themselves.
    """

    day: date
    profile: Profile
    morning: Entry | None = None
    evening: Entry | None = None
    yesterday_morning: Entry | None = None
    yesterday_evening: Entry | None = None
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    late_day: date | None = None
    """Yesterday, when its evening debrief was missed and can still be done (marked late)."""

    @property
    def morning_state(self) -> MorningState:
        """Today's morning: done, todo, or a draft waiting."""
        if self.morning is not None:
            return "done"
        return "draft" if _draft_for(self.drafts, "morning", self.day) else "todo"

    @property
    def evening_state(self) -> EveningState:
        """Today's evening: done, todo, a draft waiting, or yesterday's still possible late."""
        if self.evening is not None:
            return "done"
        if _draft_for(self.drafts, "evening", self.day):
            return "draft"
        return "late-possible" if self.late_day is not None else "todo"

    def planned_moments(self) -> list[dict[str, Any]]:
        """Today's planned connection moments, from the morning entry."""
        if self.morning is None:
            return []
        return [dict(c) for c in self.morning.get("connections") or [] if isinstance(c, dict)]


def _draft_for(drafts: dict[str, dict[str, Any]], kind: str, day: date) -> bool:
    draft = drafts.get(kind)
    return draft is not None and str(draft.get("day")) == day.isoformat()


def build_context(
    profile: Profile,
    entries: list[Entry],
    drafts: dict[str, dict[str, Any]],
    now: datetime,
) -> DayContext:
    """Return today's context from the profile, all entries, the drafts and the instant."""
    day = ritual_day(now, profile.tz, profile.day_start)
    by_key = {(str(e.get("day")), e.get("kind")): e for e in entries}
    iso, yiso = day.isoformat(), (day - timedelta(days=1)).isoformat()
    evenings = {date.fromisoformat(d) for (d, k) in by_key if k == "evening"}
    return DayContext(
        day=day,
        profile=profile,
        morning=by_key.get((iso, "morning")),
        evening=by_key.get((iso, "evening")),
        yesterday_morning=by_key.get((yiso, "morning")),
        yesterday_evening=by_key.get((yiso, "evening")),
        drafts={k: v for k, v in drafts.items() if v},
        late_day=late_debrief_day(now, profile.tz, day, evenings, first_day(entries)),
    )


def streak_figures(profile: Profile, entries: list[Entry], day: date) -> dict[str, StreakFigures]:
    """Return the streak figures for each kind, by the profile's streak mode."""
    mode = as_mode(profile.streak_mode)
    return all_figures(done_days(entries), day, mode, first_day(entries))
