"""The journal's data: the profile, children, and entries in the interchange shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

Entry = dict[str, Any]
"""A morning or evening entry, kept in the interchange format's shape.

Entries stay plain dicts so that fields this version does not know survive an
import/export round trip unchanged.
"""

EntryKind = Literal["morning", "evening"]
ENTRY_KINDS: tuple[EntryKind, ...] = ("morning", "evening")
CONNECTION_STATUSES = ("done", "partly", "missed")
STREAK_MODES = ("kind", "strict")
WHEN_CHOICES = ("before school", "after pickup", "dinner", "bedtime")


def new_id(prefix: str) -> str:
    """Return a fresh random id such as `m-3f9a0c1d2e4b`."""
    import secrets  # here, not at the top: home's first paint never makes an id

    return f"{prefix}-{secrets.token_hex(6)}"


def utc_iso(instant: datetime) -> str:
    """Format an aware instant as ISO-8601 UTC with a trailing Z, to the second."""
    text = instant.astimezone(UTC).replace(microsecond=0).isoformat()
    return text.replace("+00:00", "Z")


def parse_utc(text: str) -> datetime:
    """Parse an ISO-8601 instant (Z or offset) into an aware datetime."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("instant has no time zone")
    return parsed


@dataclass
class Child:
    """A child the user plans connection moments with."""

    id: str
    name: str
    birth_year: int
    extra: dict[str, Any] = field(default_factory=dict)
    """Fields from a newer version, kept as they are."""

    def age(self, today: date) -> int:
        """Age in whole years, as far as a birth year can tell (never negative)."""
        return max(0, today.year - self.birth_year)

    def to_dict(self) -> dict[str, Any]:
        """Return the interchange form."""
        return {**self.extra, "id": self.id, "name": self.name, "birth_year": self.birth_year}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Child:
        """Build from the interchange form."""
        known = {"id", "name", "birth_year"}
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            birth_year=int(data["birth_year"]),
            extra={k: v for k, v in data.items() if k not in known},
        )


@dataclass
class Profile:
    """Who the user is and how their ritual is set up."""

    name: str
    values: list[str]
    children: list[Child] = field(default_factory=list)
    day_start: str = "04:00"
    tz: str = "UTC"
    streak_mode: str = "kind"
    show_streaks: bool = True
    theme: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    """Fields from a newer version, kept as they are."""

    def child(self, child_id: str) -> Child | None:
        """Return the child with `child_id`, if still in the profile."""
        return next((c for c in self.children if c.id == child_id), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the interchange form."""
        return {
            **self.extra,
            "name": self.name,
            "day_start": self.day_start,
            "tz": self.tz,
            "values": list(self.values),
            "children": [c.to_dict() for c in self.children],
            "streak_mode": self.streak_mode,
            "show_streaks": self.show_streaks,
            "theme": self.theme,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """Build from the interchange form (missing optional fields take defaults)."""
        known = {"name", "day_start", "tz", "values", "children", "streak_mode"}
        known |= {"show_streaks", "theme"}
        return cls(
            name=str(data.get("name", "")),
            values=[str(v) for v in data.get("values", [])],
            children=[Child.from_dict(c) for c in data.get("children", [])],
            day_start=str(data.get("day_start", "04:00")),
            tz=str(data.get("tz", "UTC")),
            streak_mode=str(data.get("streak_mode", "kind")),
            show_streaks=bool(data.get("show_streaks", True)),
            theme=str(data.get("theme", "")),
            extra={k: v for k, v in data.items() if k not in known},
        )
