"""Helpers shared by the Pilot tests that drive the real app."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any


def synchronously(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test on its own event loop (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def burst(pilot: Any, *chars: str) -> None:
    """Send one-character keys all at once, as a fast typist or SSH delivers them.

    `Pilot.press` waits for the app to go idle after every key, so it never shows what
    happens when keys arrive before the app has acted on the one before.
    """
    from textual import events

    driver = pilot.app._driver
    assert driver is not None
    for char in chars:
        driver.send_message(events.Key(char, char))
    await pilot.pause()
    await pilot.pause()
