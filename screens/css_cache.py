"""Textual's stylesheet, with its parsed rules kept on disk from one start to the next.

Textual parses `ritual.tcss` and every widget's default CSS on each start, in Python:
for Ritual that is the largest single cost between launching and the first frame
(bench/startup.py; about 57M of the ~1,050M instructions ritual spends before its first
frame go to parsing `ritual.tcss` alone). The rules parsed from the same text, with the
same theme variables, by the same Textual, are the same rules, so they are kept in
`.styles.cache` beside the glance and read back in a millisecond or two.

It is a cache: the stylesheet on disk stays the one source of truth, any change to it
(or to the theme variables, or to Textual, or to Python) misses, and a missing, stale,
foreign or unreadable file only costs the parse it would have cost anyway. The file is
pickled Textual objects, so it is read only when it is a regular file of this user's with
mode 0600 (as it is written), opened without following links, and only when the stamp
at its head matches, before anything is unpickled.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

import textual
from textual.css import parse as textual_parse
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from ritual.paths import write_cache

Key = tuple[str, CSSLocation, bool, int, str]
"""A parsed source: its text, where it was read from, default or not, tie breaker, scope."""

CACHE_NAME = ".styles.cache"
MAGIC = b"ritual-styles\n"
CACHE_VERSION = 1
MAX_ENTRIES = 200
"""Sources kept at most; past it only this run's are kept (old versions of the CSS go)."""


def cache_path(journal_file: Path) -> Path:
    """Where the parsed styles live: beside the journal's glance."""
    return journal_file.with_name(CACHE_NAME)


def _stamp(variables: dict[str, str]) -> str:
    """What every cached rule depends on besides its own text: Textual, Python, the theme.

    Textual by its installed version (the dist-info folder's name, read without the cost
    of importlib.metadata) and by its parser's files, so an upgrade misses even where
    packages keep their files' dates.
    """
    parts: list[str] = [str(CACHE_VERSION), sys.version]
    site = os.path.dirname(os.path.dirname(textual.__file__ or ""))
    try:
        names = os.listdir(site)
    except OSError:
        names = []
    versions = sorted(n for n in names if n.startswith("textual-") and n.endswith(".dist-info"))
    if not versions:
        return ""  # no way to tell an upgrade: never trust the cache
    parts.extend(versions)
    for module_file in (textual.__file__, textual_parse.__file__):
        try:
            st = os.stat(module_file or "")
        except OSError:
            return ""
        parts.append(f"{module_file}:{st.st_size}:{st.st_mtime_ns}")
    parts.extend(f"{name}={value}" for name, value in sorted(variables.items()))
    return "\0".join(parts)


def _read_trusted(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file of ours that only we can read and write.

    Exactly 0600, as `write_cache` makes it: a copy a sync client or a checkout left
    (0644), a link, or someone else's file is never unpickled. Checked on the open file,
    so nothing can be swapped in between.
    """
    getuid = getattr(os, "getuid", None)
    nofollow = getattr(os, "O_NOFOLLOW", None)
    if getuid is None or nofollow is None:  # no owner to check against (Windows): no cache
        return None
    try:
        fd = os.open(path, os.O_RDONLY | nofollow)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        st = os.fstat(file.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_uid != getuid():
            return None
        if stat.S_IMODE(st.st_mode) != 0o600:
            return None
        return file.read()


class CachedStylesheet(Stylesheet):
    """A `Stylesheet` that reads parsed rules from `path` and keeps new ones for `save`.

    Args:
        path: the cache file.
        variables: the CSS variables, as Textual's own stylesheet gets them.
    """

    def __init__(self, path: Path, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.path = path
        self._stamp = _stamp(self._variables)
        self._on_disk: dict[Key, list[RuleSet]] | None = None
        self._used: dict[Key, list[RuleSet]] = {}
        self.parsed = 0
        """How many sources were parsed because the cache did not have them."""
        self._unsaved = False

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        stamp = _stamp(variables)
        if stamp != self._stamp:
            # Rules parsed with other variables are not these rules: drop them all.
            self._stamp, self._on_disk, self._used = stamp, None, {}

    def reparse(self) -> None:
        """Textual's `reparse` (new variables, e.g. a theme), through the cache.

        Like Textual's, it parses into a fresh stylesheet so that an error leaves this
        one as it was.
        """
        fresh = CachedStylesheet(self.path, variables=self._variables)
        if fresh._stamp == self._stamp:
            fresh._on_disk = {**self._load(), **self._used}
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
        self._on_disk = fresh._on_disk
        self._used.update(fresh._used)
        self.parsed += fresh.parsed
        self._unsaved = self._unsaved or fresh._unsaved

    def _header(self) -> bytes:
        """The file's first line: what it was made for, checked before unpickling."""
        stamp = self._stamp.encode("utf-8", "backslashreplace")
        return MAGIC + len(stamp).to_bytes(4, "big") + stamp

    def _load(self) -> dict[Key, list[RuleSet]]:
        if self._on_disk is None:
            self._on_disk = {}
            data = _read_trusted(self.path) if self._stamp else None
            header = self._header()
            # The stamp is compared before anything is unpickled: a file from another
            # Textual, Python or theme is never loaded at all.
            if data is not None and data.startswith(header):
                try:
                    entries = pickle.loads(data[len(header) :])
                except Exception:  # a torn or damaged file: parse as usual
                    entries = None
                if isinstance(entries, dict):
                    self._on_disk = entries
        return self._on_disk

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        # The whole text is the key: a dict compares it exactly, no digest to collide.
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self._load().get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            self.parsed += 1
            self._unsaved = True
        else:
            # Where Textual's own parse would have kept them, so it finds them next time.
            self._parse_cache[key] = rules
        self._used[key] = rules
        return rules

    def save(self) -> None:
        """Keep the rules used in this run, if any of them had to be parsed.

        A cache is only as good as its file: a write that fails is forgotten.
        """
        if not self._unsaved or not self._stamp:
            return
        kept = self._load()
        entries: dict[Key, Any] = {**kept, **self._used}
        if len(entries) > MAX_ENTRIES:
            entries = dict(self._used)
        try:
            data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # something unpicklable in a future Textual: no cache, no harm
            return
        write_cache(self.path, self._header() + data)
        self._on_disk = entries
        self._unsaved = False
