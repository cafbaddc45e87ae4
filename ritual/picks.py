"""How Ritual picks "one of these" the same way all day: seeded by the day, never random.

Tiny and import-free on purpose: home uses it to greet before the content library loads.
"""

from __future__ import annotations

import zlib


def start_index(seed: str, n: int) -> int:
    """Where a seeded pick starts among `n` items (0 with no seed or no items)."""
    return zlib.crc32(seed.encode("utf-8")) % n if seed and n else 0


def time_of_day(hour: int) -> str:
    """Which greetings fit this hour (0-23): "morning", "afternoon", "evening" or "night"."""
    hour %= 24
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"
