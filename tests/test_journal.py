"""The journal repository, run on both TinyDB's MemoryStorage and our JournalStorage."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from tinydb.storages import MemoryStorage

from ritual.journal import (
    KEEP_BACKUPS,
    SCHEMA_VERSION,
    Journal,
    JournalError,
    MissingJournalError,
    backups_dir,
    newest_backup,
    open_journal,
    restore,
)
from ritual.models import Profile
from tests.conftest import Clock

UNICODE = "Mia 👩‍👧‍👦 tanzt — café ñ é (e\u0301) שלום مرحبا 漢字 🇩🇪"


def entry(day: str, kind: str = "morning", eid: str | None = None, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": eid or f"{kind[0]}-{day}",
        "kind": kind,
        "day": day,
        "started_at": f"{day}T06:00:00Z",
        "finished_at": f"{day}T06:04:00Z",
        "saved_at": f"{day}T06:04:00Z",
        "tz": "Europe/Berlin",
        "connections": [],
    }
    base.update(fields)
    return base


@pytest.fixture(params=["memory", "file"])
def any_journal(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Journal:
    if request.param == "memory":
        j = Journal(None, storage=MemoryStorage, now=clock.now)
    else:
        j = Journal(tmp_path / "data" / "journal.json", now=clock.now)
    yield j  # type: ignore[misc]
    j.close()


def test_new_journal_has_no_profile_and_the_current_schema(any_journal: Journal) -> None:
    assert any_journal.profile() is None
    assert any_journal.entries() == []
    assert any_journal._raw()["meta"]["1"]["schema"] == SCHEMA_VERSION


def test_profile_round_trip_keeps_unknown_fields(any_journal: Journal, profile: Profile) -> None:
    profile.extra["from_the_future"] = {"x": 1}
    profile.children[0].extra["nickname"] = "Mimi"
    any_journal.save_profile(profile)
    back = any_journal.profile()
    assert back == profile
    assert back is not None and back.to_dict()["from_the_future"] == {"x": 1}


def test_entries_save_replace_by_id_and_one_per_kind_and_day(any_journal: Journal) -> None:
    any_journal.save_entry(entry("2026-11-20", intention="first"))
    any_journal.save_entry(entry("2026-11-21", intention="second"))
    any_journal.save_entry(entry("2026-11-21", "evening", win="a win"))
    any_journal.save_entry(entry("2026-11-21", intention="edited"))  # same id: replaced
    any_journal.save_entry(entry("2026-11-20", eid="other-id", intention="twin"))  # same day
    days = [(e["day"], e["kind"], e.get("intention")) for e in any_journal.entries()]
    assert days == [
        ("2026-11-20", "morning", "twin"),
        ("2026-11-21", "evening", None),
        ("2026-11-21", "morning", "edited"),
    ]
    from datetime import date

    found = any_journal.entry_for(date(2026, 11, 21), "evening")
    assert found is not None and found["win"] == "a win"
    assert any_journal.entry_for(date(2026, 11, 22), "morning") is None


def test_returned_entries_are_copies(any_journal: Journal) -> None:
    any_journal.save_entry(entry("2026-11-21", intention="kept"))
    got = any_journal.entries()[0]
    got["intention"] = "changed in memory only"
    assert any_journal.entries()[0]["intention"] == "kept"


def test_drafts_are_kept_and_dropped_when_the_entry_is_saved(any_journal: Journal) -> None:
    any_journal.save_draft("morning", {"kind": "morning", "day": "2026-11-21", "data": {"x": 1}})
    any_journal.save_draft("evening", {"kind": "evening", "day": "2026-11-21", "data": {}})
    assert any_journal.draft("morning") == {
        "kind": "morning",
        "day": "2026-11-21",
        "data": {"x": 1},
    }
    any_journal.save_entry(entry("2026-11-21"))
    assert any_journal.draft("morning") is None
    assert any_journal.draft("evening") is not None
    any_journal.discard_draft("evening")
    assert any_journal.draft("evening") is None


def test_unicode_comes_back_byte_identical(any_journal: Journal) -> None:
    any_journal.save_entry(entry("2026-11-21", intention=UNICODE, note="\t tab and\nnewline"))
    got = any_journal.entries()[0]
    assert got["intention"].encode() == UNICODE.encode()
    assert got["note"] == "\t tab and\nnewline"


def test_merge_adds_replaces_only_newer_and_is_idempotent(any_journal: Journal) -> None:
    any_journal.save_entry(entry("2026-11-20", intention="mine", saved_at="2026-11-20T08:00:00Z"))
    doc = {
        "format": "ritual-journal",
        "version": 1,
        "entries": [
            entry("2026-11-20", intention="older copy", saved_at="2026-11-20T07:00:00Z"),
            entry("2026-11-21", intention="new", unknown_field={"kept": True}),
        ],
    }
    first = any_journal.merge(doc)
    assert (first.added, first.replaced, first.unchanged) == (1, 0, 1)
    second = any_journal.merge(doc)
    assert (second.added, second.replaced, second.unchanged) == (0, 0, 2)
    newer = {
        **doc,
        "entries": [entry("2026-11-20", intention="newer", saved_at="2026-11-21T09:00:00Z")],
    }
    third = any_journal.merge(newer)
    assert third.replaced == 1
    by_day = {e["day"]: e for e in any_journal.entries()}
    assert by_day["2026-11-20"]["intention"] == "newer"
    assert by_day["2026-11-21"]["unknown_field"] == {"kept": True}
    assert any_journal.profile() is None  # no profile in the file: the journal's is kept


def test_today_uses_the_profile_zone_and_day_start(
    any_journal: Journal, clock: Clock, profile: Profile
) -> None:
    from datetime import UTC, date, datetime

    clock.set(datetime(2026, 11, 20, 23, 40, tzinfo=UTC))  # 00:40 in Berlin
    assert any_journal.today() == date(2026, 11, 20)  # before first run: UTC
    any_journal.save_profile(profile)
    assert any_journal.today() == date(2026, 11, 20)  # 00:40 belongs to the day before
    clock.set(datetime(2026, 11, 21, 3, 0, tzinfo=UTC))  # 04:00 in Berlin
    assert any_journal.today() == date(2026, 11, 21)


# ---- file-only behaviour ---------------------------------------------------------------


def test_files_are_private(journal: Journal, journal_path: Path) -> None:
    journal.save_entry(entry("2026-11-21"))
    assert stat.S_IMODE(journal_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal_path.parent.stat().st_mode) == 0o700
    backup = backups_dir(journal_path)
    journal.save_entry(entry("2026-11-22"))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    for f in backup.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600


def test_a_backup_before_the_first_write_of_each_day_newest_seven_kept(
    journal: Journal, journal_path: Path, clock: Clock, profile: Profile
) -> None:
    journal.save_profile(profile)
    days = []
    for n in range(10):
        clock.advance(days=1)
        today = journal.today()
        days.append(today.isoformat())
        journal.save_entry(entry(today.isoformat()))
        backup = backups_dir(journal_path) / f"journal-{today}.json"
        taken = backup.read_bytes()
        journal.save_entry(entry(today.isoformat(), "evening"))  # same day: backup untouched
        assert backup.read_bytes() == taken
        # the backup is the journal as it was before the day's first write
        saved = {e["id"] for e in json.loads(taken)["entries"].values()}
        assert f"m-{today}" not in saved
        if n:
            assert {f"m-{days[-2]}", f"e-{days[-2]}"} <= saved
    daily = sorted(p.name for p in backups_dir(journal_path).glob("journal-????-??-??.json"))
    assert daily == [f"journal-{d}.json" for d in days[-KEEP_BACKUPS:]]
    assert newest_backup(journal_path) == backups_dir(journal_path) / daily[-1]


def test_missing_journal_with_backups_is_not_a_new_user(
    journal: Journal, journal_path: Path, profile: Profile, clock: Clock
) -> None:
    journal.save_profile(profile)
    clock.advance(days=1)
    journal.save_entry(entry("2026-11-22"))  # first write of a new day: backup taken
    journal.close()
    journal_path.unlink()
    with pytest.raises(MissingJournalError) as err:
        Journal(journal_path)
    assert "ritual restore" in str(err.value)
    journal_path.write_bytes(b"")
    with pytest.raises(MissingJournalError):
        open_journal(journal_path)
    moved = restore(journal_path)
    assert moved is not None and moved.exists()  # the empty file was kept aside
    restored = Journal(journal_path)
    assert restored.profile() == profile
    restored.close()


@pytest.mark.parametrize("damage", [b'{"entries": {"1": {"id": "x"', b"\x00\xffgarbage"])
def test_corrupt_journal_is_left_alone_and_restore_works(
    journal: Journal, journal_path: Path, profile: Profile, clock: Clock, damage: bytes
) -> None:
    journal.save_profile(profile)
    clock.advance(days=1)
    journal.save_entry(entry("2026-11-22"))
    journal.close()
    journal_path.write_bytes(damage)
    with pytest.raises(JournalError) as err:
        open_journal(journal_path)
    message = str(err.value)
    assert str(journal_path) in message and "ritual restore" in message
    assert journal_path.read_bytes() == damage  # never overwritten
    moved = restore(journal_path)
    assert moved is not None and moved.read_bytes() == damage  # kept aside, not deleted
    again = open_journal(journal_path)
    assert again.profile() == profile
    again.close()


def test_restore_without_a_backup_says_so(journal_path: Path) -> None:
    with pytest.raises(JournalError, match="no good backup"):
        restore(journal_path)


def test_migration_backs_up_the_old_file_first(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    old = {"profile": {"1": {"name": "Old", "values": ["family"]}}, "entries": {}}
    path.write_text(json.dumps(old))
    j = Journal(path)
    assert j._raw()["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert j.profile() is not None
    j.close()
    pre = backups_dir(path) / "journal-pre-v1.json"
    assert json.loads(pre.read_text()) == old


def test_a_journal_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    path.write_text(json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1}}}))
    with pytest.raises(JournalError, match="newer Ritual"):
        Journal(path)


def test_unwritable_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        locked = Path("/proc/ritual-cannot-be-here")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
    with pytest.raises(JournalError):
        Journal(locked / "data" / "journal.json")


# ---- across processes ------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ritual.journal import Journal
    path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    j = Journal(path)
    for n in range(count):
        day = f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}"
        j.save_entry({"id": f"{prefix}-{n}", "kind": "morning" if prefix == "a" else "evening",
                      "day": day, "started_at": day + "T06:00:00Z",
                      "finished_at": day + "T06:01:00Z",
                      "saved_at": day + "T06:01:00Z", "tz": "UTC", "connections": []})
    j.close()
    """
)


def test_two_processes_writing_at_once_lose_nothing(journal_path: Path) -> None:
    Journal(journal_path).close()
    count = 40
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(journal_path), prefix, str(count)])
        for prefix in ("a", "b")
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0
    j = Journal(journal_path)
    ids = {e["id"] for e in j.entries()}
    j.close()
    assert ids == {f"{p}-{n}" for p in ("a", "b") for n in range(count)}
