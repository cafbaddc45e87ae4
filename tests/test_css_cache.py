"""The parsed-stylesheet cache: the same rules as a fresh parse, and never trusted blindly."""

from __future__ import annotations

import dataclasses
import os
import pickle
from pathlib import Path

from ritual.journal import Journal
from ritual.models import Profile
from screens.app import RitualApp
from screens.css_cache import CachedStylesheet, cache_path
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
    home_only = len(pickle.loads(cache.read_bytes())[1])
    await started(RitualApp(journal, library, styles_cache=cache), "s")  # settings
    assert len(pickle.loads(cache.read_bytes())[1]) > home_only


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
    journal.save_profile(profile)
    cache = tmp_path / ".styles.cache"
    await started(RitualApp(journal, library, styles_cache=cache))
    sheet = CachedStylesheet(cache, variables={"primary": "red"})
    sheet.add_source("Screen { color: $primary; }", read_from=("test", "css"))
    assert [rule.css for rule in sheet.rules] == ["Screen {\n    color: #FF0000;\n}"]
    assert sheet.parsed == 1  # the stamp (theme variables) differs: nothing read


@synchronously
async def test_a_damaged_or_untrusted_file_is_only_a_missed_cache(
    journal: Journal, profile: Profile, library, tmp_path: Path
) -> None:
    journal.save_profile(profile)
    cache = tmp_path / ".styles.cache"
    fresh = await started(RitualApp(journal, library))

    cache.write_bytes(b"\x80\x05 not a pickle")
    os.chmod(cache, 0o600)
    app = RitualApp(journal, library, styles_cache=cache)
    assert await started(app) == fresh
    assert isinstance(app.stylesheet, CachedStylesheet) and app.stylesheet.parsed > 0
    assert pickle.loads(cache.read_bytes())[1]  # rewritten whole

    os.chmod(cache, 0o620)  # writable by the group: somebody else could have put it there
    app = RitualApp(journal, library, styles_cache=cache)
    assert await started(app) == fresh
    assert isinstance(app.stylesheet, CachedStylesheet) and app.stylesheet.parsed > 0


def test_the_cache_lives_beside_the_journal(tmp_path: Path) -> None:
    assert cache_path(tmp_path / "journal.json") == tmp_path / ".styles.cache"
