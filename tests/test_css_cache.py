"""The parsed-stylesheet cache: the same rules as a fresh parse, and never trusted blindly."""

from __future__ import annotations

import dataclasses
import os
import pickle
import stat
from pathlib import Path
from typing import Any

from ritual.journal import Journal
from ritual.models import Profile
from screens.app import RitualApp
from screens.css_cache import MAGIC, CachedStylesheet, cache_path
from tests.pilot import synchronously

Rule = tuple[str, dict[str, str], bool, int]


def rules_css(app: RitualApp) -> list[Rule]:
    """Every rule of the app's stylesheet: its selectors, declarations and precedence.

    Values by repr: a layout is a new object each parse, and compares by identity.
    """
    return [
        (
            rule.selectors,
            {name: repr(value) for name, value in rule.styles.get_rules().items()},
            rule.is_default_rules,
            rule.tie_breaker,
        )
        for rule in app.stylesheet.rules
    ]


def entries_in(cache: Path) -> dict[object, object]:
    """The cached sources in the file: after the magic line and the stamp, a pickle."""
    data = cache.read_bytes()
    assert data.startswith(MAGIC)
    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], "big")
    entries = pickle.loads(data[len(MAGIC) + 4 + size :])
    assert isinstance(entries, dict)
    return entries


async def started(app: RitualApp, *keys: str) -> list[Rule]:
    """Run the app at 80x24 until home is up (pressing `keys`); its rules as CSS text."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        css = rules_css(app)
    app.save_styles()  # as the CLI does once the app is closed
    return css


async def parses_afresh(journal: Journal, library: Any, cache: Path, fresh: list[Rule]) -> None:
    """Start with `cache` and check that the file was not used: the rules are parsed again."""
    app = RitualApp(journal, library, styles_cache=cache)
    assert await started(app) == fresh
    assert isinstance(app.stylesheet, CachedStylesheet) and app.stylesheet.parsed > 0


@synchronously
async def test_the_cached_rules_are_the_parsed_rules(
    journal: Journal, profile: Profile, library, tmp_path: Path
) -> None:
    journal.save_profile(profile)
    cache = tmp_path / ".styles.cache"
    fresh = await started(RitualApp(journal, library))

    first = RitualApp(journal, library, styles_cache=cache)
    assert await started(first) == fresh
    assert cache.is_file() and cache.stat().st_mode & 0o777 == 0o600

    second = RitualApp(journal, library, styles_cache=cache)
    assert await started(second) == fresh
    assert isinstance(second.stylesheet, CachedStylesheet)
    assert second.stylesheet.parsed == 0  # every source came from the file


@synchronously
async def test_sources_parsed_later_join_the_cache(
    journal: Journal, profile: Profile, library, tmp_path: Path
) -> None:
    """Home first, then the settings screen's widgets: both are kept for the next start."""
    journal.save_profile(profile)
    cache = tmp_path / ".styles.cache"
    await started(RitualApp(journal, library, styles_cache=cache))
    home_only = len(entries_in(cache))
    await started(RitualApp(journal, library, styles_cache=cache), "s")  # settings
    assert len(entries_in(cache)) > home_only


@synchronously
async def test_a_saved_theme_is_parsed_once_and_then_read(
    journal: Journal, profile: Profile, library, tmp_path: Path
) -> None:
    """The profile's theme is set before the first parse, so even its start reads the cache."""
    journal.save_profile(dataclasses.replace(profile, theme="textual-light"))
    cache = tmp_path / ".styles.cache"
    fresh_app = RitualApp(journal, library)
    fresh = await started(fresh_app)
    assert fresh_app.theme == "textual-light"
    await started(RitualApp(journal, library, styles_cache=cache))
    again = RitualApp(journal, library, styles_cache=cache)
    assert await started(again) == fresh
    assert isinstance(again.stylesheet, CachedStylesheet) and again.stylesheet.parsed == 0


@synchronously
async def test_another_theme_parses_afresh(
    journal: Journal, profile: Profile, library, tmp_path: Path
) -> None:
    """A cache left under the dark theme is not used for a light start: its rules differ."""
    journal.save_profile(profile)
    cache = tmp_path / ".styles.cache"
    await started(RitualApp(journal, library, styles_cache=cache))  # dark, saved
    journal.save_profile(dataclasses.replace(profile, theme="textual-light"))
    fresh = await started(RitualApp(journal, library))
    await parses_afresh(journal, library, cache, fresh)


@synchronously
async def test_a_damaged_or_untrusted_file_is_only_a_missed_cache(
    journal: Journal, profile: Profile, library, tmp_path: Path
) -> None:
    journal.save_profile(profile)
    cache = tmp_path / ".styles.cache"
    fresh = await started(RitualApp(journal, library))

    cache.write_bytes(b"\x80\x05 not a pickle")
    os.chmod(cache, 0o600)
    await parses_afresh(journal, library, cache, fresh)
    assert entries_in(cache)  # rewritten whole

    for mode in (0o620, 0o644):  # group-writable, or as a sync client or a copy leaves it
        os.chmod(cache, mode)
        await parses_afresh(journal, library, cache, fresh)
        assert stat.S_IMODE(cache.stat().st_mode) == 0o600  # written afresh, ours again

    target = tmp_path / "elsewhere"
    cache.rename(target)
    cache.symlink_to(target)  # a link is never followed
    await parses_afresh(journal, library, cache, fresh)


def test_the_cache_lives_beside_the_journal(tmp_path: Path) -> None:
    assert cache_path(tmp_path / "journal.json") == tmp_path / ".styles.cache"
