"""Realistic synthetic journals (morning + evening entries) for benchmarks and tests."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

__all__ = ["build_entries", "build_tables"]

_TZ = "Europe/Berlin"

_VALUES = ("family", "health", "craft")

_INTENTIONS = (
    "Be fully present at breakfast, phone in the other room.",
    "Leave work at five and actually mean it.",
    "Listen to the end of the sentence before answering.",
    "One deep-work block before lunch, no chat.",
    "Walk to school together instead of driving.",
    "Say yes to the first silly game they suggest.",
    "Cook dinner slowly and let them help, even if it's messy.",
    "Be patient at bedtime; it is the last thing they remember of the day.",
    "Take the stairs, drink water, stop at one coffee.",
    "Ship the small fix and stop polishing it.",
    "Notice one good thing each child does and name it out loud.",
    "Protect the evening: no laptop after seven.",
)

_NOTES = (
    "Slept badly, woke at 4:30 thinking about the quarterly review.",
    "The kids were up early and we read two chapters before school.",
    "Rain all morning; the commute took forever and I was short with everyone.",
    "Felt calm. Coffee on the balcony, ten minutes of nothing.",
    "Big meeting at 11, I want to be prepared but not obsessed.",
    "My partner is travelling until Thursday, so it's solo parenting mode.",
    "Grandma visits today — the house needs to be presentable-ish.",
    "Headache again. Maybe screens, maybe the heating. Drink more water.",
    "Remembered the dentist appointment just in time — café au lait to celebrate ☕.",
    "Kids fought over the blue cup again. I stayed calm (mostly) 🙂.",
)

_GUILT = (
    ("I missed the school play rehearsal for a meeting that could have been an email.", "conflict"),
    ("I should exercise more, I keep saying it.", "should"),
    ("Snapped at the little one over shoes.", "conflict"),
    ("I should call my mother more often.", "should"),
    ("Worked through lunch again instead of eating with the team.", "conflict"),
    ("I should have read to them instead of scrolling.", "should"),
    ("Left the dishes for my partner three nights in a row.", "conflict"),
)

_RULE_OWNERS = ("my father", "my boss", "instagram", "me", "school parents' chat", None)

_ACTIONS = (
    "Block the calendar for the next rehearsal.",
    "Ten-minute walk after lunch.",
    "Apologise at breakfast and mean it.",
    "Call on Sunday afternoon.",
    None,
)

_PLAN = (
    "Finish the design review",
    "Pay the electricity bill",
    "Pick up the kids at 16:30",
    "Book the summer holiday",
    "Order birthday present for Léa",
    "Draft the hiring plan",
    "Fix the bike tyre",
    "Groceries: milk, bread, apples, pasta",
    "Reply to the landlord",
    "30 min run",
)

_ACTIVITIES = (
    ("Read a chapter of The Hobbit", "read-hobbit"),
    ("Build a Lego spaceship", "lego"),
    ("Bake banana bread together", "bake"),
    ("Walk to the playground", "playground"),
    ("Draw comics at the kitchen table", "draw"),
    ("Bedtime story with voices", "story"),
    ("Play Uno after dinner", "uno"),
    ("Bike ride around the lake", None),
    ("Talk about their day, no phones", None),
)

_WHEN = ("morning", "after-school", "dinner", "bedtime")

_CONN_NOTES = (
    "We laughed a lot, she invented a new rule.",
    "He was tired and cranky, we stopped after ten minutes.",
    "Best part of my day honestly.",
    "I was distracted by work messages, not my best.",
    "Didn't happen, the meeting ran over and they were asleep.",
    "Half of it — we started but dinner was late.",
    "He asked to do it again tomorrow!",
)

_WINS = (
    "Finished the review a day early.",
    "No yelling at all today.",
    "Went for the run despite the rain.",
    "Had a real conversation with my partner after the kids slept.",
    "Said no to a meeting and used the time to think.",
    "The kids made breakfast for us — pancakes, chaos, joy 🥞.",
    "Fixed the bike tyre, finally.",
)

_TOMORROW = (
    "Start with the hard email.",
    "Pack the gym bag tonight.",
    "Leave the phone in the hallway at dinner.",
    "Ask the little one about the drawing competition.",
    "Go to bed before eleven.",
    "",
)

_INTENTION_NOTES = (
    "Mostly kept it, slipped once around six.",
    "Didn't manage; the day ran me instead of the other way round.",
    "Yes! Felt good to be there for real.",
    "Half-way. Better than yesterday.",
    "",
)


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _guilt(rng: random.Random) -> list[dict[str, Any]]:
    items = []
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        text, kind = rng.choice(_GUILT)
        items.append(
            {
                "text": text,
                "kind": kind,
                "value": rng.choice((*_VALUES, None)),
                "action": rng.choice(_ACTIONS),
                "whose_rule": rng.choice(_RULE_OWNERS) if kind == "should" else None,
            }
        )
    return items


def _stamps(rng: random.Random, day: dt.date, hour: int) -> tuple[str, str, str, int]:
    start = dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))
    duration = rng.randrange(150, 600)
    finish = start + dt.timedelta(seconds=duration)
    saved = finish + dt.timedelta(seconds=rng.randrange(1, 4))
    return _iso(start), _iso(finish), _iso(saved), duration


def _morning(rng: random.Random, day: dt.date, n: int, children: int) -> dict[str, Any]:
    started, finished, saved, duration = _stamps(rng, day, rng.choice((4, 5, 6)))
    connections = []
    for child in range(1, children + 1):
        if rng.random() < 0.85:
            activity, activity_id = rng.choice(_ACTIVITIES)
            connections.append(
                {
                    "child": f"c{child}",
                    "activity": activity,
                    "activity_id": activity_id,
                    "when": rng.choice(_WHEN),
                }
            )
    return {
        "id": f"m-{day.isoformat()}-{n:05d}",
        "kind": "morning",
        "day": day.isoformat(),
        "started_at": started,
        "finished_at": finished,
        "saved_at": saved,
        "tz": _TZ,
        "duration_s": duration,
        "mood": rng.randint(1, 5),
        "intention": rng.choice(_INTENTIONS),
        "notes": rng.choice(_NOTES),
        "values": {name: rng.randint(1, 5) for name in _VALUES},
        "guilt": _guilt(rng),
        "plan": rng.sample(_PLAN, rng.randint(1, 4)),
        "connections": connections,
    }


def _evening(
    rng: random.Random, day: dt.date, n: int, children: int, intention: str
) -> dict[str, Any]:
    started, finished, saved, duration = _stamps(rng, day, rng.choice((19, 20, 21)))
    connections = []
    for child in range(1, children + 1):
        activity, _ = rng.choice(_ACTIVITIES)
        connections.append(
            {
                "child": f"c{child}",
                "activity": activity,
                "status": rng.choice(("done", "done", "partly", "missed")),
                "note": rng.choice(_CONN_NOTES),
                "feeling": rng.randint(1, 5),
            }
        )
    return {
        "id": f"e-{day.isoformat()}-{n:05d}",
        "kind": "evening",
        "day": day.isoformat(),
        "started_at": started,
        "finished_at": finished,
        "saved_at": saved,
        "tz": _TZ,
        "duration_s": duration,
        "late": rng.random() < 0.1,
        "connections": connections,
        "intention": intention,
        "intention_score": rng.randint(1, 5),
        "intention_note": rng.choice(_INTENTION_NOTES),
        "guilt": _guilt(rng),
        "win": rng.choice(_WINS),
        "tomorrow_note": rng.choice(_TOMORROW),
    }


def build_entries(
    years: int = 10,
    children: int = 2,
    seed: int = 0,
    end: dt.date = dt.date(2026, 11, 20),
    *,
    every_day: bool = False,
) -> list[dict[str, Any]]:
    """Build a realistic journal: morning and evening entries per day, some days missing.

    Args:
        years: How many years (365 days each) of history, ending at ``end``.
        children: Number of children (``c1`` .. ``cN``) referenced by connections.
        seed: Seed for the stdlib ``random.Random``; the same arguments give the same entries.
        end: The last day of the journal (inclusive).
        every_day: No missing days and no morning-only days: a morning and an evening entry
            for every day (730 entries per year).

    Returns:
        Entries in chronological order, in the interchange shape (plain JSON types only).
        With the defaults: about 6,300-6,600 entries (~88 % of the 7,300 possible); with
        ``every_day``: exactly ``730 * years``.
    """
    rng = random.Random(seed)
    entries: list[dict[str, Any]] = []
    first = end - dt.timedelta(days=365 * years - 1)
    for offset in range(365 * years):
        day = first + dt.timedelta(days=offset)
        roll = rng.random()
        if roll < 0.10 and not every_day:  # a skipped day
            continue
        morning = _morning(rng, day, len(entries), children)
        if roll < 0.13 and not every_day:  # morning only
            entries.append(morning)
            continue
        entries.append(morning)
        intention = str(morning["intention"])
        entries.append(_evening(rng, day, len(entries), children, intention))
    return entries


def build_tables(entries: list[dict[str, Any]], table: str = "entries") -> dict[str, Any]:
    """Lay entries out as TinyDB's on-disk structure ``{table: {"1": doc, ...}}``.

    Args:
        entries: Documents, e.g. from :func:`build_entries`.
        table: The TinyDB table name.

    Returns:
        The dict a TinyDB storage would ``write()``.
    """
    return {table: {str(i): doc for i, doc in enumerate(entries, start=1)}}
