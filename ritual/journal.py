"""The journal repository: profile, entries, drafts and backups, safe across processes."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage

from ritual import clock
from ritual.days import ritual_day
from ritual.models import Entry, EntryKind, Profile, parse_utc
from ritual.storage import CorruptJournalError, JournalStorage

SCHEMA_VERSION = 1
KEEP_BACKUPS = 7
TABLES = ("profile", "entries", "drafts", "meta")
LOCK_NAME = ".journal.lock"

Tables = dict[str, dict[str, dict[str, Any]]]
"""TinyDB's raw layout: table name -> document id (as text) -> document."""

Migration = Callable[[Tables], Tables]
MIGRATIONS: dict[int, Migration] = {
    # A journal written before the meta table existed (or by plain TinyDB) is version 0:
    # its tables already have the v1 shape, so stamping the version is the whole step.
    0: lambda tables: tables,
}
"""Migration from version N to N+1. The old file is backed up before any of them runs."""


class JournalError(Exception):
    """A problem with the journal that the user can act on; the message says how."""


class MissingJournalError(JournalError):
    """The journal is missing or empty although backups exist: not a new user."""

    def __init__(self, path: Path, newest_backup: Path) -> None:
        self.path = path
        self.newest_backup = newest_backup
        super().__init__(
            f"The journal {path} is missing or empty, but backups exist "
            f"(newest: {newest_backup.name}); run `ritual restore` to put it back."
        )


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    added: int
    replaced: int
    unchanged: int
    profile_replaced: bool


class Journal:
    """The repository the app and CLI use for everything stored.

    Every change is one read-modify-write of the raw tables, done under an
    exclusive `flock` on a lock file beside the journal and written once, so two
    processes never lose each other's writes and an import is all or nothing.
    TinyDB's per-table caches (query cache, next document id) are cleared under
    the lock, because another process may have written since we last looked.

    Args:
        path: the journal file, or None for an in-memory journal (tests).
        storage: the TinyDB storage class; `JournalStorage` for real files.
        now: the clock, injected so tests can pin the instant.
    """

    def __init__(
        self,
        path: Path | None,
        storage: type[Storage] = JournalStorage,
        now: Callable[[], datetime] = clock.now,
    ) -> None:
        self.path = path
        self._now = now
        self._thread_lock = threading.RLock()
        if path is None or storage is MemoryStorage:
            self.path = None
            self._db = TinyDB(storage=MemoryStorage)
        else:
            _make_private_dir(path.parent)
            if not path.exists() or path.stat().st_size == 0:
                newest = newest_backup(path)
                if newest is not None:
                    raise MissingJournalError(path, newest)
            self._db = TinyDB(str(path), storage=storage, create_dirs=True)
        self._migrate()

    # ---- plumbing -------------------------------------------------------------------

    def close(self) -> None:
        """Close the underlying storage."""
        self._db.close()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            if self.path is None:
                yield
                return
            fd = os.open(self.path.parent / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._forget_caches()
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)

    def _forget_caches(self) -> None:
        for name in TABLES:
            table = self._db.table(name)
            table.clear_cache()
            table._next_id = None  # another process may have inserted since

    def _raw(self) -> Tables:
        data = self._db.storage.read()
        return data if data is not None else {}

    def _change(self, fn: Callable[[Tables], None], *, backup: bool = True) -> None:
        """Apply `fn` to a copy-on-write view of the tables and write the result once.

        `fn` receives a dict of tables where each table is a fresh shallow copy,
        so it may add, replace or delete documents; it must not mutate a
        document in place (documents are shared with the storage's read cache).
        """
        with self._locked():
            if backup:
                self._backup_once_a_day()
            current = self._raw()
            tables: Tables = {name: dict(docs) for name, docs in current.items()}
            for name in TABLES:
                tables.setdefault(name, {})
            fn(tables)
            self._db.storage.write(tables)
            self._forget_caches()

    def _migrate(self) -> None:
        meta = self._raw().get("meta", {})
        version = int(meta.get("1", {}).get("schema", 0)) if meta else 0
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"The journal {self.path} was written by a newer Ritual "
                f"(schema {version}); update Ritual to open it."
            )
        if self.path is not None and self.path.exists() and self.path.stat().st_size > 0:
            _copy_private(self.path, backups_dir(self.path) / f"journal-pre-v{version + 1}.json")

        def step(tables: Tables) -> None:
            migrated = dict(tables)
            for v in range(version, SCHEMA_VERSION):
                migrated = MIGRATIONS[v](migrated)
            tables.clear()
            tables.update(migrated)
            tables.setdefault("meta", {})["1"] = {"schema": SCHEMA_VERSION}

        self._change(step, backup=False)

    def today(self) -> date:
        """Return today's ritual day for the profile (UTC and 04:00 before first run)."""
        profile = self.profile()
        tz, start = (profile.tz, profile.day_start) if profile else ("UTC", "04:00")
        return ritual_day(self._now(), tz, start)

    def now(self) -> datetime:
        """Return the injected clock's current instant."""
        return self._now()

    def _backup_once_a_day(self) -> None:
        if self.path is None or not self.path.exists() or self.path.stat().st_size == 0:
            return
        target = backups_dir(self.path) / f"journal-{self.today().isoformat()}.json"
        if target.exists():
            return
        _copy_private(self.path, target)
        daily = sorted(backups_dir(self.path).glob("journal-????-??-??.json"))
        for old in daily[:-KEEP_BACKUPS]:
            old.unlink(missing_ok=True)

    # ---- profile ---------------------------------------------------------------------

    def profile(self) -> Profile | None:
        """Return the profile, or None before first run."""
        doc = self._raw().get("profile", {}).get("1")
        return Profile.from_dict(doc) if doc else None

    def save_profile(self, profile: Profile) -> None:
        """Store the profile (replacing the old one)."""
        data = profile.to_dict()
        self._change(lambda t: t["profile"].update({"1": data}))

    # ---- entries ---------------------------------------------------------------------

    def entries(self, kind: EntryKind | None = None) -> list[Entry]:
        """Return entries (copies), oldest ritual day first."""
        docs = self._raw().get("entries", {}).values()
        found = [dict(e) for e in docs if kind is None or e.get("kind") == kind]
        found.sort(key=lambda e: (e.get("day", ""), e.get("kind", "")))
        return found

    def entry_for(self, day: date, kind: EntryKind) -> Entry | None:
        """Return the entry of `kind` for ritual day `day`, if any."""
        iso = day.isoformat()
        for doc in self._raw().get("entries", {}).values():
            if doc.get("day") == iso and doc.get("kind") == kind:
                return dict(doc)
        return None

    def save_entry(self, entry: Entry) -> None:
        """Store `entry`, replacing the one with the same id, or the same kind and day.

        One morning and one evening entry per ritual day: saving a second for
        the same day replaces the first rather than adding a twin.
        """
        doc = dict(entry)

        def put(tables: Tables) -> None:
            entries = tables["entries"]
            key = _find_key(entries, lambda e: e.get("id") == doc["id"])
            if key is None:
                key = _find_key(
                    entries, lambda e: e.get("day") == doc["day"] and e.get("kind") == doc["kind"]
                )
            entries[key or _next_key(entries)] = doc
            tables["drafts"].pop(str(doc["kind"]), None)

        self._change(put)

    def merge(self, document: Mapping[str, Any]) -> ImportResult:
        """Merge a validated interchange document, all in one write.

        New ids are added; an id already present is replaced only when the
        imported copy's `saved_at` is newer. Importing the same file twice
        changes nothing.
        """
        counts = {"added": 0, "replaced": 0, "unchanged": 0}
        profile = document.get("profile")

        def put(tables: Tables) -> None:
            entries = tables["entries"]
            by_id = {doc.get("id"): key for key, doc in entries.items()}
            next_key = int(_next_key(entries))
            for incoming in document["entries"]:
                key = by_id.get(incoming["id"])
                if key is None:
                    entries[str(next_key)] = dict(incoming)
                    by_id[incoming["id"]] = str(next_key)
                    next_key += 1
                    counts["added"] += 1
                elif _newer(incoming, entries[key]):
                    entries[key] = dict(incoming)
                    counts["replaced"] += 1
                else:
                    counts["unchanged"] += 1
            if profile is not None:
                tables["profile"]["1"] = dict(profile)

        self._change(put)
        return ImportResult(profile_replaced=profile is not None, **counts)

    # ---- drafts ----------------------------------------------------------------------

    def draft(self, kind: EntryKind) -> dict[str, Any] | None:
        """Return the unfinished flow of `kind`, if one was left."""
        doc = self._raw().get("drafts", {}).get(kind)
        return dict(doc) if doc else None

    def save_draft(self, kind: EntryKind, draft: Mapping[str, Any]) -> None:
        """Keep an unfinished flow so that nothing typed is lost."""
        doc = dict(draft)
        self._change(lambda t: t["drafts"].update({kind: doc}))

    def discard_draft(self, kind: EntryKind) -> None:
        """Forget the draft of `kind` (after it was saved as an entry, or thrown away)."""

        def drop(tables: Tables) -> None:
            tables["drafts"].pop(kind, None)

        self._change(drop)


def _find_key(
    docs: dict[str, dict[str, Any]], match: Callable[[dict[str, Any]], bool]
) -> str | None:
    return next((key for key, doc in docs.items() if match(doc)), None)


def _next_key(docs: dict[str, Any]) -> str:
    return str(max((int(k) for k in docs), default=0) + 1)


def _newer(incoming: Mapping[str, Any], current: Mapping[str, Any]) -> bool:
    try:
        return parse_utc(incoming["saved_at"]) > parse_utc(str(current.get("saved_at")))
    except (ValueError, KeyError):
        return True


# ---- files: private dirs, backups, restore --------------------------------------------


def backups_dir(journal: Path) -> Path:
    """Return the folder of backups beside `journal`."""
    return journal.parent / "backups"


def _make_private_dir(directory: Path) -> None:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise JournalError(f"Cannot create the data dir {directory}: {exc.strerror}.") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise JournalError(f"The data dir {directory} is not writable.")


def _copy_private(source: Path, target: Path) -> None:
    """Copy `source` to `target` atomically, 0600, in a 0700 folder."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = source.read_bytes()
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _parses(path: Path) -> bool:
    try:
        storage = JournalStorage(str(path), access_mode="r")
        try:
            return storage.read() is not None
        finally:
            storage.close()
    except (OSError, ValueError):
        return False


def list_backups(journal: Path) -> list[Path]:
    """Return the backups beside `journal`, newest first."""
    folder = backups_dir(journal)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob("journal-*.json") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def newest_backup(journal: Path) -> Path | None:
    """Return the newest backup that parses, if any."""
    return next((p for p in list_backups(journal) if _parses(p)), None)


def restore(journal: Path, backup: Path | None = None, now: datetime | None = None) -> Path | None:
    """Put a backup back in place of `journal`, moving the current file aside first.

    Nothing is deleted: a damaged journal is renamed `journal.json.damaged-<stamp>`.

    Returns:
        Where the old journal was moved to, or None if there was none.

    Raises:
        JournalError: when there is no usable backup.
    """
    chosen = backup or newest_backup(journal)
    if chosen is None:
        raise JournalError(f"There is no good backup in {backups_dir(journal)} to restore from.")
    if not _parses(chosen):
        raise JournalError(f"The backup {chosen} cannot be read either; pick another.")
    stamp = (now or clock.now()).strftime("%Y%m%dT%H%M%S")
    moved: Path | None = None
    _make_private_dir(journal.parent)
    fd = os.open(journal.parent / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if journal.exists():
            moved = journal.with_name(f"{journal.name}.damaged-{stamp}")
            os.replace(journal, moved)
        _copy_private(chosen, journal)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    return moved


def open_journal(path: Path, now: Callable[[], datetime] = clock.now) -> Journal:
    """Open the journal at `path`; file problems become `JournalError`s that say what to do."""
    try:
        return Journal(path, now=now)
    except CorruptJournalError:
        newest = newest_backup(path)
        hint = (
            f"the newest good backup is {newest}; run `ritual restore` to put it back"
            if newest
            else "no good backup was found"
        )
        raise JournalError(
            f"The journal {path} is damaged and cannot be read; it was left as it is, and {hint}."
        ) from None
    except PermissionError:
        raise JournalError(f"The journal {path} cannot be opened: permission denied.") from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES):
            raise JournalError(f"The journal {path} cannot be written: {exc.strerror}.") from None
        raise
