"""Tests for ritual.storage: TinyDB parity, file modes, read cache, corruption, failed writes."""

from __future__ import annotations

import errno
import gc
import json
import os
import pickle
import stat
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tinydb import Query, TinyDB, where
from tinydb.operations import add, delete, increment
from tinydb.storages import JSONStorage, MemoryStorage
from tinydb.table import Document

from ritual import storage
from ritual.storage import (
    CorruptJournalError,
    JournalStorage,
    clear_read_cache,
    sweep_temp_files,
    temp_prefix,
)

JOURNAL = "journal.json"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_read_cache()
    yield
    clear_read_cache()


def temp_files(directory: Path, name: str = JOURNAL) -> list[Path]:
    return sorted(directory.glob(temp_prefix(name) + "*"))


def fresh_read(path: Path) -> Any:
    """What a brand-new process would read: no cache."""
    clear_read_cache()
    return JournalStorage(path, access_mode="r").read()


# --------------------------------------------------------------------------- TinyDB behaviour


class Backend:
    """Opens TinyDB on one storage kind; ``reopen()`` gives a new TinyDB on the same data."""

    def __init__(self, kind: str, directory: Path) -> None:
        self.kind = kind
        self.path = directory / JOURNAL
        self._memory: TinyDB | None = None

    @property
    def persistent(self) -> bool:
        return self.kind != "memory"

    def open(self) -> TinyDB:
        if self.kind == "memory":
            if self._memory is None:
                self._memory = TinyDB(storage=MemoryStorage)
            return self._memory
        if self.kind == "json":
            return TinyDB(self.path, storage=JSONStorage)
        return TinyDB(self.path, storage=JournalStorage)

    def reopen(self, db: TinyDB) -> TinyDB:
        if self.kind == "memory":
            return db
        db.close()
        clear_read_cache()
        return self.open()


@pytest.fixture(params=["memory", "json", "journal"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return Backend(request.param, tmp_path)


@pytest.fixture
def db(backend: Backend) -> Iterator[TinyDB]:
    database = backend.open()
    yield database
    database.close()


def docs(table: Any) -> list[tuple[int, dict[str, Any]]]:
    return sorted((doc.doc_id, dict(doc)) for doc in table.all())


def test_empty_database(db: TinyDB) -> None:
    assert db.tables() == set()
    assert db.all() == []
    assert len(db.table("entries")) == 0


def test_insert_get_search(db: TinyDB) -> None:
    entries = db.table("entries")
    assert entries.insert({"kind": "morning", "mood": 3, "tags": ["a"]}) == 1
    assert entries.insert({"kind": "evening", "mood": 5, "who": {"child": "c1"}}) == 2
    assert entries.insert_multiple([{"kind": "morning", "mood": 1}, {"kind": "x"}]) == [3, 4]
    assert entries.get(doc_id=2) == {"kind": "evening", "mood": 5, "who": {"child": "c1"}}
    assert entries.get(doc_id=99) is None
    assert len(entries) == 4
    morning = Query().kind == "morning"
    assert [d.doc_id for d in entries.search(morning)] == [1, 3]
    assert [d.doc_id for d in entries.search(where("mood") >= 3)] == [1, 2]
    assert [d.doc_id for d in entries.search(Query().who.child == "c1")] == [2]
    assert [d.doc_id for d in entries.search(Query().tags.any(["a"]))] == [1]
    assert entries.count(morning) == 2
    assert entries.contains(doc_id=4)
    assert not entries.contains(Query().kind == "nope")
    assert entries.get(Query().mood == 1).doc_id == 3


def test_update(db: TinyDB) -> None:
    entries = db.table("entries")
    entries.insert_multiple([{"n": 1, "l": [1]}, {"n": 2, "l": []}, {"n": 3, "l": [3]}])
    assert entries.update({"seen": True}, Query().n >= 2) == [2, 3]
    assert entries.update(increment("n"), doc_ids=[1]) == [1]
    assert entries.update(add("l", [9]), doc_ids=[3]) == [3]
    assert entries.update(delete("seen"), doc_ids=[2]) == [2]
    entries.update_multiple([({"x": "a"}, Query().n == 2), ({"x": "b"}, Query().n == 3)])
    assert docs(entries) == [
        (1, {"n": 2, "l": [1], "x": "a"}),
        (2, {"n": 2, "l": [], "x": "a"}),
        (3, {"n": 3, "l": [3, 9], "seen": True, "x": "b"}),
    ]


def test_remove_and_ids(db: TinyDB) -> None:
    entries = db.table("entries")
    entries.insert_multiple({"n": n} for n in range(5))
    assert entries.remove(Query().n < 2) == [1, 2]
    assert entries.remove(doc_ids=[5]) == [5]
    assert docs(entries) == [(3, {"n": 2}), (4, {"n": 3})]
    assert entries.insert({"n": 9}) == 6  # ids are not reused
    assert entries.insert(Document({"n": 42}, doc_id=100)) == 100
    with pytest.raises(ValueError, match="already exists"):
        entries.insert(Document({"n": 43}, doc_id=100))
    assert entries.get(doc_id=100) == {"n": 42}


def test_upsert(db: TinyDB) -> None:
    entries = db.table("entries")
    assert entries.upsert({"day": "2026-11-20", "mood": 2}, Query().day == "2026-11-20") == [1]
    assert entries.upsert({"day": "2026-11-20", "mood": 4}, Query().day == "2026-11-20") == [1]
    assert entries.upsert(Document({"day": "x"}, doc_id=7)) == [7]
    assert docs(entries) == [(1, {"day": "2026-11-20", "mood": 4}), (7, {"day": "x"})]


def test_truncate(db: TinyDB) -> None:
    entries = db.table("entries")
    entries.insert_multiple([{"a": 1}, {"a": 2}])
    entries.truncate()
    assert entries.all() == []
    assert entries.insert({"a": 3}) == 1
    assert "entries" in db.tables()


def test_multiple_tables(db: TinyDB) -> None:
    db.insert({"default": True})
    db.table("entries").insert({"e": 1})
    db.table("settings").insert({"theme": "dusk"})
    assert db.tables() == {"_default", "entries", "settings"}
    assert db.table("settings").all() == [{"theme": "dusk"}]
    db.drop_table("settings")
    assert db.tables() == {"_default", "entries"}
    assert db.table("entries").all() == [{"e": 1}]
    db.drop_tables()
    assert db.tables() == set()
    assert db.table("entries").all() == []


def test_reopen_persists(backend: Backend) -> None:
    database = backend.open()
    database.table("entries").insert_multiple([{"n": 1}, {"n": 2}])
    database.table("entries").update({"n": 20}, doc_ids=[2])
    database.table("people").insert({"name": "Léa"})
    database = backend.reopen(database)
    assert docs(database.table("entries")) == [(1, {"n": 1}), (2, {"n": 20})]
    assert database.table("people").all() == [{"name": "Léa"}]
    assert database.table("entries").insert({"n": 3}) == 3
    database.close()


# --------------------------------------------------------------------------- JSONStorage parity


@pytest.fixture(params=["json", "journal"])
def file_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return Backend(request.param, tmp_path)


def test_returned_documents_are_private(file_backend: Backend) -> None:
    """Mutating what TinyDB returned, without writing, changes nothing (as with JSONStorage)."""
    database = file_backend.open()
    entries = database.table("entries")
    plan = ["run"]
    entries.insert({"plan": plan, "values": {"family": 4}})
    entries.insert({"other": 1})
    plan.append("inserted-then-changed")  # the caller's own object
    doc = entries.get(doc_id=1)
    assert doc is not None
    doc["plan"].append("leaked")
    doc["values"]["family"] = 1
    doc["new"] = True
    for listed in entries.all():
        listed.clear()
    assert entries.get(doc_id=1) == {"plan": ["run"], "values": {"family": 4}}
    entries.update({"other": 2}, doc_ids=[2])  # an unrelated write must not persist the leak
    assert entries.get(doc_id=1) == {"plan": ["run"], "values": {"family": 4}}
    database = file_backend.reopen(database)
    assert database.table("entries").get(doc_id=1) == {"plan": ["run"], "values": {"family": 4}}
    database.close()


def test_failed_updater_leaves_no_partial_state(file_backend: Backend) -> None:
    database = file_backend.open()
    entries = database.table("entries")
    entries.insert_multiple([{"n": 1, "l": [1]}, {"n": 2, "l": [2]}, {"n": 3, "l": [3]}])

    def transform(doc: dict[str, Any]) -> None:
        doc["n"] += 100
        doc["l"].append("x")  # nested, in place
        if doc["n"] == 102:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        entries.update(transform)
    assert docs(entries) == [
        (1, {"n": 1, "l": [1]}),
        (2, {"n": 2, "l": [2]}),
        (3, {"n": 3, "l": [3]}),
    ]
    entries.insert({"n": 4})
    database = file_backend.reopen(database)
    assert [d.get("l") for d in database.table("entries").all()] == [[1], [2], [3], None]
    database.close()


def test_json_types_are_normalised_like_json(file_backend: Backend) -> None:
    database = file_backend.open()
    entries = database.table("entries")
    entries.insert({"plan": ("a", "b"), "ratings": {1: 5, 2: 4}, "f": 1.0})
    expected = {"plan": ["a", "b"], "ratings": {"1": 5, "2": 4}, "f": 1.0}
    assert entries.get(doc_id=1) == expected
    assert type(entries.get(doc_id=1)["plan"]) is list  # type: ignore[index]
    database = file_backend.reopen(database)
    assert database.table("entries").get(doc_id=1) == expected
    database.close()


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
documents = st.dictionaries(st.text(max_size=8), json_values, max_size=5)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), st.sampled_from(["entries", "people"]), documents),
        st.tuples(st.just("update"), st.integers(1, 6), documents),
        st.tuples(st.just("remove"), st.integers(1, 6)),
        st.tuples(st.just("upsert"), st.text(max_size=3), documents),
        st.tuples(st.just("truncate")),
        st.tuples(st.just("stray"), st.sampled_from(["entries", "people"]), st.integers(1, 6)),
        st.tuples(st.just("drop"), st.sampled_from(["entries", "people"])),
    ),
    min_size=1,
    max_size=8,
)


def apply(database: TinyDB, operation: tuple[Any, ...]) -> Any:
    entries = database.table("entries")
    name = operation[0]
    if name == "insert":
        return database.table(operation[1]).insert(operation[2])
    if name in ("update", "remove"):
        doc_id = operation[1]
        if not entries.contains(doc_id=doc_id):
            return None
        if name == "remove":
            return entries.remove(doc_ids=[doc_id])
        return entries.update(operation[2], doc_ids=[doc_id])
    if name == "upsert":
        return entries.upsert({**operation[2], "key": operation[1]}, Query().key == operation[1])
    if name == "stray":  # change what we got, in place, and never save it
        doc = database.table(operation[1]).get(doc_id=operation[2])
        if doc is not None:
            for value in list(doc.values()):
                if isinstance(value, list):
                    value.append("stray")
                elif isinstance(value, dict):
                    value["stray"] = True
            doc["stray"] = True
        return None
    if name == "drop":
        database.drop_table(operation[1])
        return None
    entries.truncate()
    return None


def file_state(path: Path) -> Any:
    raw = path.read_bytes()
    return json.loads(raw) if raw else None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
@example([("insert", "people", {"l": []}), ("stray", "people", 1)])
@example(
    [
        ("insert", "people", {"l": [1], "d": {}}),
        ("insert", "entries", {"n": 1, "l": ["a"]}),
        ("stray", "people", 1),
        ("insert", "entries", {"n": 2}),
        ("stray", "entries", 1),
        ("drop", "people"),
        ("update", 1, {"n": 3}),
    ]
)
def test_same_results_as_json_storage(ops: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ours = TinyDB(Path(tmp, "ours.json"), storage=JournalStorage)
        theirs = TinyDB(Path(tmp, "theirs.json"), storage=JSONStorage)
        for operation in ops:
            assert apply(ours, operation) == apply(theirs, operation)
            # Compare the files, not read(): a read here would check (and repair) the cache
            # between operations and hide what a write of an unchecked cache would persist.
            assert file_state(Path(tmp, "ours.json")) == file_state(Path(tmp, "theirs.json"))
        assert ours.storage.read() == theirs.storage.read()
        # ... down to the types (``==`` takes 1, 1.0 and True for each other).
        assert orjson.dumps(ours.storage.read()) == orjson.dumps(theirs.storage.read())
        ours.close()
        theirs.close()
        theirs_text = Path(tmp, "theirs.json").read_text()
        on_disk = json.loads(theirs_text) if theirs_text else None
        assert fresh_read(Path(tmp, "ours.json")) == on_disk
        ours_bytes = Path(tmp, "ours.json").read_bytes()
        assert (json.loads(ours_bytes) if ours_bytes else None) == on_disk


# --------------------------------------------------------------------------- files and modes


def test_creates_private_file_and_dirs(tmp_path: Path) -> None:
    old_umask = os.umask(0)
    try:
        path = tmp_path / "data" / "ritual" / JOURNAL
        database = TinyDB(path, storage=JournalStorage, create_dirs=True)
        database.insert({"a": 1})
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    database.close()


def test_missing_dir_without_create_dirs(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        JournalStorage(tmp_path / "nope" / JOURNAL)


def test_temp_file_is_private_and_replaces_an_open_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / JOURNAL
    path.write_text('{"_default": {}}')
    path.chmod(0o644)
    seen: list[int] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(stat.S_IMODE(os.stat(src).st_mode))
        assert os.path.basename(src).startswith(temp_prefix(JOURNAL))
        assert os.path.dirname(src) == str(tmp_path)
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", spy)
    TinyDB(path, storage=JournalStorage).insert({"a": 1})
    assert seen == [0o600]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_every_write_fsyncs_file_and_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = TinyDB(tmp_path / JOURNAL, storage=JournalStorage)
    synced: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(storage.os, "fsync", spy)
    database.insert({"a": 1})
    assert synced == ["file", "dir"]


def test_symlinked_journal_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / JOURNAL
    real.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    TinyDB(link, storage=JournalStorage).insert({"a": 1})
    assert link.is_symlink()
    assert json.loads(real.read_bytes()) == {"_default": {"1": {"a": 1}}}


def test_empty_and_missing_file_read_as_none(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    journal = JournalStorage(path)
    assert path.exists() and path.stat().st_size == 0
    assert journal.read() is None
    journal.write({"t": {"1": {"a": 1}}})
    assert journal.read() == {"t": {"1": {"a": 1}}}
    path.unlink()
    assert journal.read() is None
    path.write_bytes(b"")
    assert journal.read() is None
    assert TinyDB(path, storage=JournalStorage).tables() == set()


def test_read_only_mode(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    with pytest.raises(FileNotFoundError):
        JournalStorage(path, access_mode="r")
    assert not path.exists()
    TinyDB(path, storage=JournalStorage).insert({"a": 1})
    before = path.read_bytes()
    database = TinyDB(path, storage=JournalStorage, access_mode="r")
    assert database.all() == [{"a": 1}]
    with pytest.raises(OSError, match="Access mode is"):
        database.insert({"b": 2})
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_closed_storage_raises(tmp_path: Path) -> None:
    journal = JournalStorage(tmp_path / JOURNAL)
    journal.close()
    with pytest.raises(ValueError):
        journal.read()
    with pytest.raises(ValueError):
        journal.write({})


def test_json_dump_kwargs(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage, indent=4, sort_keys=True, ensure_ascii=False)
    database.insert({"b": 1, "a": [1]})
    text = path.read_text()
    assert text.startswith('{\n  "_default": {\n    "1": {\n      "a": [')
    assert json.loads(text) == {"_default": {"1": {"a": [1], "b": 1}}}
    with pytest.raises(TypeError):
        JournalStorage(path, cls=json.JSONEncoder)
    with pytest.raises(TypeError):
        JournalStorage(path, bogus=1)


def test_unserialisable_values_raise_like_json_and_touch_nothing(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    database.insert({"a": 1})
    before = path.read_bytes()
    with pytest.raises(TypeError, match="not JSON serializable"):
        database.insert({"when": dt.datetime(2026, 11, 21)})
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []
    assert database.all() == [{"a": 1}]
    with_default = TinyDB(path, storage=JournalStorage, default=str)
    with_default.insert({"when": dt.date(2026, 11, 21)})
    assert with_default.get(doc_id=2) == {"when": "2026-11-21"}


# --------------------------------------------------------------------------- read cache


def count_parses(monkeypatch: pytest.MonkeyPatch, minimum_size: int = 1000) -> list[int]:
    """Count orjson.loads calls (as used by ritual.storage) on whole files."""
    calls: list[int] = []
    real_loads = orjson.loads

    def counting(data: bytes | str) -> Any:
        if len(data) >= minimum_size:
            calls.append(len(data))
        return real_loads(data)

    monkeypatch.setattr(storage.orjson, "loads", counting)
    return calls


def big_journal(path: Path, count: int = 400) -> None:
    tables = {"entries": {str(i): {"n": i, "text": "x" * 200, "l": [i]} for i in range(1, count)}}
    path.write_bytes(orjson.dumps(tables))


def test_second_read_does_not_reparse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / JOURNAL
    big_journal(path)
    parses = count_parses(monkeypatch)
    journal = JournalStorage(path)
    first = journal.read()
    second = journal.read()
    assert len(parses) == 1
    assert first == second
    assert first is not second  # the caller may mutate what it gets
    # Another instance in the same process (e.g. TinyDB opened per save) shares the cache.
    assert len(TinyDB(path, storage=JournalStorage).table("entries")) == 399
    assert len(parses) == 1


def test_own_write_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / JOURNAL
    big_journal(path)
    database = TinyDB(path, storage=JournalStorage)
    entries = database.table("entries")
    entries.all()
    parses = count_parses(monkeypatch)
    for n in range(5):
        entries.insert({"n": 1000 + n, "l": (1, 2)})
        entries.update({"touched": True}, doc_ids=[1])
    assert entries.get(doc_id=400) == {"n": 1000, "l": [1, 2]}
    assert parses == []
    assert database.storage.read() == fresh_read(path)


def test_external_replacement_is_seen(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    database.insert({"who": "us"})
    assert database.all() == [{"who": "us"}]
    other = tmp_path / "other.json"
    other.write_text('{"_default": {"1": {"who": "them"}, "2": {"who": "also them"}}}')
    os.replace(other, path)
    assert database.all() == [{"who": "them"}, {"who": "also them"}]
    # ... and an in-place rewrite by a JSONStorage writer.
    theirs = TinyDB(path, storage=JSONStorage)
    theirs.insert({"who": "json"})
    theirs.close()
    assert [d["who"] for d in database.all()] == ["them", "also them", "json"]
    assert TinyDB(path, storage=JournalStorage).insert({"who": "us again"}) == 4
    assert fresh_read(path)["_default"]["4"] == {"who": "us again"}


def test_same_size_rewrite_within_a_clock_tick_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With coarse timestamps (simulated: only inode and size count), content is compared."""
    monkeypatch.setattr(storage, "_signature", lambda st: (st.st_dev, st.st_ino, st.st_size))
    monkeypatch.setattr(storage, "_RACY_WINDOW_NS", 60 * 10**9)  # however slow this machine is
    path = tmp_path / JOURNAL
    path.write_text('{"_default": {"1": {"mood": 1}}}')
    journal = JournalStorage(path)
    assert journal.read() == {"_default": {"1": {"mood": 1}}}
    with open(path, "r+b") as handle:  # in place: same inode, same size
        handle.write(b'{"_default": {"1": {"mood": 5}}}')
    assert journal.read() == {"_default": {"1": {"mood": 5}}}


def test_mutated_cache_is_rebuilt_from_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / JOURNAL
    big_journal(path)
    database = TinyDB(path, storage=JournalStorage)
    entries = database.table("entries")
    doc = entries.get(doc_id=1)
    assert doc is not None
    parses = count_parses(monkeypatch)
    doc["l"].append("poison")  # shared nested list
    assert entries.get(doc_id=1) == {"n": 1, "text": "x" * 200, "l": [1]}
    assert len(parses) == 1  # rebuilt once from the cached bytes ...
    assert entries.get(doc_id=2) is not None
    assert len(parses) == 1  # ... and trusted again afterwards


def test_tree_lent_by_first_read_is_checked_before_reuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read that parses the file returns the parsed tree itself; mutating it is harmless."""
    path = tmp_path / JOURNAL
    big_journal(path)
    pristine = orjson.loads(path.read_bytes())
    parses = count_parses(monkeypatch)
    journal = JournalStorage(path)
    lent = journal.read()
    assert lent is not None and len(parses) == 1
    lent["entries"]["1"]["n"] = "changed"
    del lent["entries"]["2"]
    assert journal.read() == pristine
    assert len(parses) == 2  # rebuilt from the cached bytes, not from the file
    assert journal.read() == pristine
    assert len(parses) == 2


def test_write_of_a_lent_tree_caches_what_a_fresh_read_returns(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    big_journal(path)
    journal = JournalStorage(path)
    tables = journal.read()
    assert tables is not None
    tables["entries"]["1"]["pair"] = (1, 2)
    tables["entries"]["1"]["keys"] = {3: "three"}
    journal.write(tables)
    expected = fresh_read(path)
    assert expected["entries"]["1"]["pair"] == [1, 2]
    journal = JournalStorage(path)
    journal.read()  # lent again
    tables = journal.read()  # a copy
    assert tables == expected
    assert type(tables["entries"]["1"]["pair"]) is list


def test_single_read_update_in_a_fresh_process(tmp_path: Path) -> None:
    """update() on a fresh TinyDB reads once (the lent tree), mutates it and writes it."""
    path = tmp_path / JOURNAL
    big_journal(path)
    database = TinyDB(path, storage=JournalStorage)
    database.table("entries").update({"l": ("t",)}, doc_ids=[1])
    doc = database.table("entries").get(doc_id=1)
    assert doc == {"n": 1, "text": "x" * 200, "l": ["t"]}
    assert doc == fresh_read(path)["entries"]["1"]


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count whole-tree serialisations (the cache's integrity check) by ritual.storage."""
    calls: list[int] = []
    real_dumps = orjson.dumps

    def counting(obj: Any, *args: Any, **kwargs: Any) -> bytes:
        result = real_dumps(obj, *args, **kwargs)
        if len(result) >= 1000:
            calls.append(len(result))
        return result

    monkeypatch.setattr(storage.orjson, "dumps", counting)
    return calls


def test_id_only_reads_neither_copy_nor_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / JOURNAL
    big_journal(path)
    journal = JournalStorage(path)
    journal.read()  # parse (lent)
    journal.read()  # now cached privately
    checks = count_checks(monkeypatch)
    tables = journal.read()
    assert tables is not None
    table = tables["entries"]
    assert len(table) == 399 and "5" in table and max(map(int, table.keys())) == 399
    assert checks == []
    assert table["5"] == {"n": 5, "text": "x" * 200, "l": [5]}
    assert len(checks) == 1  # checked once, when the first document was handed out
    assert len(table.items()) == 399
    assert len(checks) == 1


def test_read_tables_hand_out_copies_every_way(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    big_journal(path, count=5)
    pristine = json.loads(path.read_bytes())  # independent of the cache
    journal = JournalStorage(path)
    journal.read()
    journal.read()
    for take in [
        lambda t: t["1"],
        lambda t: t.get("1"),
        lambda t: dict(t)["1"],
        lambda t: {**t}["1"],
        lambda t: t.copy()["1"],
        lambda t: dict(t.items())["1"],
        lambda t: next(iter(t.values())),
        lambda t: t.pop("1"),
        lambda t: t.setdefault("1", None),
        lambda t: pickle.loads(pickle.dumps(t))["1"],
        lambda t: __import__("copy").deepcopy(t)["1"],
    ]:
        tables = journal.read()
        assert tables is not None
        doc = take(tables["entries"])
        doc["n"] = "mutated"
        doc["l"].append("mutated")
        assert journal.read() == pristine
    tables = journal.read()
    assert tables is not None
    table = tables["entries"]
    first = table["2"]
    assert table["3"] is table["3"]  # the second one copies the rest at once ...
    assert table["2"] is first and dict(table.items())["2"] is first  # ... keeping this one
    assert type(pickle.loads(pickle.dumps(table))) is dict


def test_top_level_changes_to_handed_out_documents_need_no_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every way of getting a document hands out a copy, so the cache is never touched."""
    path = tmp_path / JOURNAL
    big_journal(path)
    pristine = json.loads(path.read_bytes())
    journal = JournalStorage(path)
    journal.read()
    journal.read()
    parses = count_parses(monkeypatch)
    for take in [
        lambda t: t["1"],
        lambda t: t.get("1"),
        lambda t: dict(t)["1"],
        lambda t: {**t}["1"],
        lambda t: (t | {})["1"],
        lambda t: t.copy()["1"],
        lambda t: dict(t.items())["1"],
        lambda t: next(iter(t.values())),
        lambda t: t.pop("1"),
        lambda t: t.setdefault("1", None),
    ]:
        tables = journal.read()
        assert tables is not None
        take(tables["entries"])["n"] = "mutated"
        assert journal.read() == pristine
    assert parses == []


def test_warm_update_caches_json_types(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    big_journal(path)
    database = TinyDB(path, storage=JournalStorage)
    entries = database.table("entries")
    entries.all()
    entries.all()
    entries.update({"l": ("t",), "k": {7: "seven"}}, doc_ids=[1, 2])
    for doc in (entries.get(doc_id=1), entries.all()[1]):
        assert doc is not None
        assert doc["l"] == ["t"] and type(doc["l"]) is list and doc["k"] == {"7": "seven"}


def test_tables_read_before_a_rebuild_are_resynced(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    big_journal(path, count=5)
    pristine = json.loads(path.read_bytes())  # independent of the cache
    journal = JournalStorage(path)
    journal.read()
    journal.read()
    first, second = journal.read(), journal.read()
    assert first is not None and second is not None
    first["entries"]["1"]["l"].append("poison")  # nested, shared with the cache
    assert second["entries"] == pristine["entries"]  # checked, rebuilt, re-pointed
    assert journal.read() == pristine


def test_nested_objects_are_shared_only_with_earlier_results(tmp_path: Path) -> None:
    """The documented trade-off: one-level copies, so earlier results see nested changes."""
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    entries = database.table("entries")
    entries.insert({"plan": ["run"]})
    earlier = entries.get(doc_id=1)
    current = entries.get(doc_id=1)
    assert earlier is not None and current is not None and earlier is not current
    current["plan"].append("not saved")
    assert earlier["plan"] == ["run", "not saved"]  # shared with an earlier result
    assert entries.get(doc_id=1) == {"plan": ["run"]}  # but not with later reads
    entries.insert({"other": 1})
    assert json.loads(path.read_bytes())["entries"]["1"] == {"plan": ["run"]}  # nor the file


@pytest.mark.parametrize("operation", ["insert-other-table", "drop-other-table", "raw-write"])
def test_stray_change_in_one_table_is_not_written_with_another(
    tmp_path: Path, operation: str
) -> None:
    """TinyDB writes back every table it read; untouched ones must be the file's content."""
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    database.table("people").insert({"name": "Léa", "tags": ["kid"]})
    database.table("entries").insert({"n": 1})
    database.table("scratch").insert({"x": 1})
    person = database.table("people").get(doc_id=1)
    assert person is not None
    person["tags"].append("stray, never saved")  # nested: shared with the cache
    if operation == "insert-other-table":
        database.table("entries").insert({"n": 2})
    elif operation == "drop-other-table":
        database.drop_table("scratch")
    else:
        tables = database.storage.read()
        assert tables is not None
        database.storage.write(tables)
    on_disk = json.loads(path.read_bytes())
    assert on_disk["people"] == {"1": {"name": "Léa", "tags": ["kid"]}}
    assert database.table("people").get(doc_id=1) == {"name": "Léa", "tags": ["kid"]}


def test_tables_are_snapshots(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    database.insert({"v": 1})
    database.storage.read()
    before = database.storage.read()
    database.update({"v": 2}, doc_ids=[1])
    assert before == {"_default": {"1": {"v": 1}}}
    assert database.storage.read() == {"_default": {"1": {"v": 2}}}


def test_parsing_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    import gc

    path = tmp_path / JOURNAL
    big_journal(path, count=1500)
    assert path.stat().st_size > storage._PROMOTE_MIN_BYTES
    was_enabled = gc.isenabled()
    frozen = [[object()] for _ in range(10)]  # the application froze some objects itself
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        assert JournalStorage(path).read() is not None
        assert gc.get_freeze_count() == count  # not unfrozen by us
        assert gc.isenabled() == was_enabled
        clear_read_cache()
        gc.disable()
        assert JournalStorage(path).read() is not None
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()
    del frozen


def test_foreign_format_is_read_and_then_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / JOURNAL
    theirs = TinyDB(path, storage=JSONStorage, indent=3)
    theirs.insert_multiple({"n": n, "s": "é" * 100} for n in range(50))
    theirs.close()
    parses = count_parses(monkeypatch)
    database = TinyDB(path, storage=JournalStorage)
    for _ in range(4):
        assert len(database.all()) == 50
    assert len(parses) == 2  # the file, then once more to learn its canonical bytes


# --------------------------------------------------------------------------- saving cheaply


def test_read_results_are_freed_by_reference_counting(tmp_path: Path) -> None:
    """No cycle keeps a read's tables (and their copies of every document) alive."""
    path = tmp_path / JOURNAL
    big_journal(path)
    journal = JournalStorage(path)
    journal.read()
    journal.read()
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        tables = journal.read()
        assert tables is not None
        table = tables["entries"]
        assert len(table.items()) == 399  # copies of every document
        alive = weakref.ref(table)
        del tables, table
        assert alive() is None
    finally:
        if was_enabled:
            gc.enable()


def test_copying_many_documents_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    big_journal(path, count=storage._PROMOTE_MIN_DOCS + 500)
    journal = JournalStorage(path)
    journal.read()
    journal.read()
    was_enabled = gc.isenabled()
    try:
        gc.enable()
        tables = journal.read()
        assert tables is not None
        tables["entries"].items()
        # The copies skipped the young generation: the collector has nothing to traverse yet.
        assert gc.get_count()[0] < 100
        del tables  # nothing frozen below dies meanwhile
        frozen = [[object()] for _ in range(10)]  # the application froze some objects itself
        gc.freeze()
        count = gc.get_freeze_count()
        again = journal.read()
        assert again is not None
        again["entries"].items()
        assert gc.get_freeze_count() == count  # not unfrozen by us
        gc.unfreeze()
        del frozen, again
        gc.disable()
        tables = journal.read()
        assert tables is not None
        tables["entries"].items()
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()
        else:
            gc.disable()


def count_file_reads(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Count opens of ``path`` for reading by ritual.storage (content checks and parses)."""
    opened: list[str] = []

    def counting(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == os.fspath(path) and "r" in mode:
            opened.append(mode)
        return open(file, mode, *args, **kwargs)

    monkeypatch.setattr(storage, "open", counting, raising=False)
    return opened


def test_write_over_a_change_the_stat_cannot_show_keeps_file_and_cache_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """write() trusts a matching stat signature: it replaces the file whatever it holds."""
    monkeypatch.setattr(storage, "_signature", lambda st: (st.st_dev, st.st_ino, st.st_size))
    monkeypatch.setattr(storage, "_RACY_WINDOW_NS", 60 * 10**9)
    monkeypatch.setattr(storage, "_settled", lambda written, st: False)
    path = tmp_path / JOURNAL
    path.write_text('{"_default": {"1": {"mood": 1}}}')
    journal = JournalStorage(path)
    assert journal.read() == {"_default": {"1": {"mood": 1}}}
    with open(path, "r+b") as handle:  # in place: same inode, same size
        handle.write(b'{"_default": {"1": {"mood": 5}}}')
    reads = count_file_reads(monkeypatch, path)
    journal.write({"_default": {"1": {"mood": 3}, "2": {"mood": 4}}})
    assert reads == []  # no content check before replacing the file
    expected = {"_default": {"1": {"mood": 3}, "2": {"mood": 4}}}
    assert journal.read() == expected
    assert fresh_read(path) == expected


def fake_stat(mtime_ns: int, ctime_ns: int) -> os.stat_result:
    return cast(os.stat_result, SimpleNamespace(st_mtime_ns=mtime_ns, st_ctime_ns=ctime_ns))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="relies on Linux timestamps")
def test_own_write_is_settled_only_if_no_later_write_can_repeat_its_timestamps() -> None:
    written = fake_stat(100, 100)  # the temp file: the write set both to one instant
    assert storage._settled(written, fake_stat(100, 104))  # then the rename moved ctime on
    assert not storage._settled(written, fake_stat(100, 100))  # rename in the same tick
    assert not storage._settled(written, fake_stat(108, 108))  # written again since
    assert not storage._settled(written, fake_stat(96, 104))  # mtime not ours
    # A filesystem whose writes leave ctime alone proves nothing.
    assert not storage._settled(fake_stat(100, 7), fake_stat(100, 104))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="relies on Linux timestamps")
def test_own_write_needs_no_content_check_and_a_later_rewrite_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "_RACY_WINDOW_NS", 60 * 10**9)  # everything recent is racy
    path = tmp_path / JOURNAL
    settled: list[bool] = []
    real_settled = storage._settled

    def recording(written: os.stat_result, st: os.stat_result) -> bool:
        settled.append(real_settled(written, st))
        return settled[-1]

    monkeypatch.setattr(storage, "_settled", recording)
    database = TinyDB(path, storage=JournalStorage)
    database.insert({"who": "us", "pad": "x" * 1000})
    if not settled[-1]:  # the rename fell into the write's clock tick: content is compared
        pytest.skip("timestamps too coarse here to tell the write and the rename apart")
    reads = count_file_reads(monkeypatch, path)
    assert database.all() == [{"who": "us", "pad": "x" * 1000}]
    assert reads == []  # the stat signature sufficed
    theirs = TinyDB(path, storage=JSONStorage)  # rewrites in place, at once
    theirs.update({"who": "them"}, doc_ids=[1])
    theirs.close()
    assert database.all() == [{"who": "them", "pad": "x" * 1000}]


def multi_table_journal(path: Path) -> TinyDB:
    database = TinyDB(path, storage=JournalStorage)
    database.table("profile").insert({"name": "Léa", "children": ["c1"]})
    database.table("entries").insert_multiple(
        {"n": n, "plan": ["run", str(n)], "values": {"craft": n % 5}} for n in range(300)
    )
    database.table("drafts").insert({"kind": "evening", "notes": ["half"]})
    database.table("meta").insert({"schema": 3})
    return database


@pytest.mark.parametrize(
    ("name", "compared"),
    [("profile", True), ("entries", False), ("drafts", False), ("meta", False)],
)
def test_insert_keeps_the_cached_documents_without_comparing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, compared: bool
) -> None:
    """Unless the tables after the grown one are bigger than it: then they are compared."""
    path = tmp_path / JOURNAL
    database = multi_table_journal(path)
    database.table("entries").all()
    comparisons: list[str] = []
    real_adopt_table = JournalStorage._adopt_table

    def recording(self: JournalStorage, table: Any, old: Any) -> Any:
        comparisons.append("compared")
        return real_adopt_table(self, table, old)

    monkeypatch.setattr(JournalStorage, "_adopt_table", recording)
    parses = count_parses(monkeypatch, minimum_size=1)
    table = database.table(name)
    doc_id = table.insert({"plan": ("a", "b"), "ratings": {"1": 5}, "f": 1.0, "t": True})
    table.insert_multiple([{"n": -1}, {"n": -2, "l": []}])
    assert parses == [] or all(size < 200 for size in parses)  # only the new documents
    assert bool(comparisons) == compared
    doc = table.get(doc_id=doc_id)
    assert doc == {"plan": ["a", "b"], "ratings": {"1": 5}, "f": 1.0, "t": True}
    assert type(doc["plan"]) is list  # type: ignore[index]
    cached = database.storage.read()
    assert orjson.dumps(cached) == path.read_bytes()  # exactly what was written, types too
    assert cached == fresh_read(path)


def test_stray_change_is_not_written_by_an_insert_into_its_table(tmp_path: Path) -> None:
    """Even when the tree was written (and so known intact) after the document was read."""
    path = tmp_path / JOURNAL
    database = multi_table_journal(path)
    entries = database.table("entries")
    doc = entries.get(doc_id=5)
    assert doc is not None
    entries.insert({"n": 1000})
    doc["plan"].append("stray, never saved")  # nested: shared with the cache
    entries.insert({"n": 1001})
    assert json.loads(path.read_bytes())["entries"]["5"]["plan"] == ["run", "4"]
    assert entries.get(doc_id=5) == {"n": 4, "plan": ["run", "4"], "values": {"craft": 4}}


def test_raw_write_of_an_equal_but_different_value_is_what_reads_return(tmp_path: Path) -> None:
    """``1 == 1.0 == True``: a document kept because it compares equal is checked later."""
    path = tmp_path / JOURNAL
    journal = JournalStorage(path)
    journal.write({"t": {"1": {"n": 1, "f": 2}}})
    journal.write({"t": {"1": {"n": True, "f": 2.0}}})
    tables = journal.read()
    assert tables is not None
    doc = tables["t"]["1"]
    assert doc == {"n": True, "f": 2.0}
    assert type(doc["n"]) is bool and type(doc["f"]) is float
    assert orjson.dumps(journal.read()) == path.read_bytes()


raw_steps = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),  # the table that grows
        st.lists(  # the documents added to it
            st.dictionaries(st.text(max_size=4), json_values | st.tuples(json_scalars), max_size=3),
            max_size=3,
        ),
        st.booleans(),  # also change the first document of each table
        st.booleans(),  # give the added documents int ids (written as strings)
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_steps)
def test_raw_writes_are_cached_exactly_as_written(steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, JOURNAL)
        journal = JournalStorage(path)
        data: dict[str, dict[Any, Any]] = {}
        for name, added, touch, int_ids in steps:
            data = {table: dict(docs) for table, docs in data.items()}
            docs = data.setdefault(name, {})
            for doc in added:
                doc_id = len(docs) + 1
                docs[doc_id if int_ids else str(doc_id)] = doc
            for table in data.values():
                if touch and table:
                    first = next(iter(table))
                    table[first] = {**table[first], "touched": 1.0}
            journal.write(data)
            cached = journal.read()
            on_disk = path.read_bytes()
            assert cached == json.loads(on_disk)  # tuples are lists, ids are strings ...
            assert orjson.dumps(cached) == on_disk  # ... and 1, 1.0 and True stay apart


@pytest.mark.parametrize("kwargs", [{"indent": 2}, {"sort_keys": True}])
def test_inserts_with_other_formats_stay_exact(tmp_path: Path, kwargs: dict[str, Any]) -> None:
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage, **kwargs)
    entries = database.table("entries")
    for n in range(12):  # ids 10, 11 sort before 9
        entries.insert({"n": n, "l": (n,)})
        database.table("meta").insert({"n": n})
    assert database.storage.read() == fresh_read(path)
    assert entries.get(doc_id=12) == {"n": 11, "l": [11]}


# --------------------------------------------------------------------------- corruption


def realistic_bytes() -> bytes:
    tables = {
        "entries": {str(i): {"day": f"2026-01-{i:02d}", "note": "ok 🙂"} for i in range(1, 20)}
    }
    return orjson.dumps(tables)


CORRUPT = {
    "truncated": realistic_bytes()[:-7],
    "truncated-mid-utf8": realistic_bytes()[: realistic_bytes().index("🙂".encode()) + 2],
    "garbage": bytes(range(256)) * 4,
    "nul-bytes": b"\x00" * 4096,
    "whitespace": b"  \n ",
    "trailing-junk": realistic_bytes() + b"}",
    "not-an-object": b"[1, 2, 3]",
    "null": b"null",
    "table-not-object": b'{"entries": [1, 2]}',
    "doc-not-object": b'{"entries": {"1": 5}}',
}


@pytest.mark.parametrize("content", list(CORRUPT.values()), ids=list(CORRUPT))
def test_corrupt_file_raises_and_is_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / JOURNAL
    path.write_bytes(content)
    database = TinyDB(path, storage=JournalStorage)
    with pytest.raises(CorruptJournalError) as caught:
        database.table("entries").all()
    error = caught.value
    assert isinstance(error, json.JSONDecodeError)
    assert str(path) in str(error)
    assert error.path == str(path)
    assert path.read_bytes() == content
    with pytest.raises(CorruptJournalError):
        database.table("entries").insert({"a": 1})
    with pytest.raises(CorruptJournalError, match="refusing to overwrite"):
        database.storage.write({"entries": {}})
    with pytest.raises(CorruptJournalError):
        database.drop_tables()
    TinyDB(path, storage=JournalStorage).close()  # opening again does not touch it either
    assert path.read_bytes() == content
    assert temp_files(tmp_path) == []
    restored = pickle.loads(pickle.dumps(error))
    assert isinstance(restored, CorruptJournalError)
    assert (restored.path, restored.pos, str(restored)) == (error.path, error.pos, str(error))


def test_repaired_file_can_be_used_again(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    path.write_bytes(b'{"_default": {"1": ')
    database = TinyDB(path, storage=JournalStorage)
    with pytest.raises(CorruptJournalError):
        database.all()
    path.write_bytes(b'{"_default": {"1": {"a": 1}}}')
    assert database.insert({"b": 2}) == 2
    assert fresh_read(path) == {"_default": {"1": {"a": 1}, "2": {"b": 2}}}


def test_json_storage_extensions_are_still_readable(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    path.write_text('{"_default": {"1": {"x": NaN, "y": "\\ud83d\\ude00"}}}')
    doc = TinyDB(path, storage=JournalStorage).get(doc_id=1)
    assert doc is not None and doc["x"] != doc["x"] and doc["y"] == "😀"


# --------------------------------------------------------------------------- failed writes


@pytest.mark.parametrize("failing", ["write", "fsync", "replace", "open"])
def test_failed_write_keeps_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    entries = database.table("entries")
    entries.insert_multiple({"n": n, "text": "ü" * 300} for n in range(50))
    before = path.read_bytes()
    real = getattr(os, failing)

    def disk_full(*args: Any, **kwargs: Any) -> Any:
        if failing == "open" and not str(args[0]).startswith(str(tmp_path / ".")):
            return real(*args, **kwargs)  # only the temp file fails to open
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(storage.os, failing, disk_full)
        with pytest.raises(OSError) as caught:
            entries.insert({"n": "lost"})
        with pytest.raises(OSError):
            entries.update({"n": -1}, doc_ids=[1])
    assert caught.value.errno == errno.ENOSPC
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []
    assert len(entries) == 50 and entries.get(doc_id=1) == {"n": 0, "text": "ü" * 300}
    entries.insert({"n": "kept"})
    assert len(fresh_read(path)["entries"]) == 51


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
@pytest.mark.parametrize("replace_fails", [False, True])
def test_writes_leave_no_descriptor_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replace_fails: bool
) -> None:
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    database.insert({"n": 0, "text": "x" * 10_000})
    before = open_descriptors()
    if replace_fails:
        monkeypatch.setattr(storage.os, "replace", lambda *args: os.unlink("/nonexistent"))
    for n in range(20):
        try:
            database.insert({"n": n})
        except OSError:
            assert replace_fails
    monkeypatch.undo()
    assert open_descriptors() == before
    assert temp_files(tmp_path) == []


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(storage.os, "write", lambda fd, data: real_write(fd, bytes(data[:1000])))
    path = tmp_path / JOURNAL
    TinyDB(path, storage=JournalStorage).insert_multiple({"n": n, "t": "y" * 99} for n in range(99))
    monkeypatch.undo()
    assert len(fresh_read(path)["_default"]) == 99


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_directory_keeps_previous_file(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    database.insert({"a": 1})
    before = path.read_bytes()
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            database.insert({"b": 2})
    finally:
        tmp_path.chmod(0o700)
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- stale temp files


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_stale_temp_files_are_swept_on_open(tmp_path: Path) -> None:
    prefix = temp_prefix(JOURNAL)
    stale = [
        tmp_path / f"{prefix}{dead_pid()}-0a1b2c",  # writer was killed
        tmp_path / f"{prefix}garbage",  # not a name we generate
        tmp_path / f"{prefix}{os.getpid()}-ffff",  # this process, not writing it now
    ]
    live = tmp_path / f"{prefix}{os.getppid()}-1234"  # a live writer
    old_live = tmp_path / f"{prefix}{os.getppid()}-5678"  # alive, but far too old to be writing
    unrelated = [tmp_path / ".other.json.tmp-1-1", tmp_path / "journal.json.bak"]
    for path in [*stale, live, old_live, *unrelated]:
        path.write_text('{"secret": "plaintext"}')
    an_hour_ago = time.time() - 3600
    os.utime(old_live, (an_hour_ago, an_hour_ago))

    database = TinyDB(tmp_path / JOURNAL, storage=JournalStorage)

    remaining = set(tmp_path.iterdir())
    assert not remaining & {*stale, old_live}
    assert {live, *unrelated} <= remaining
    assert database.all() == []
    assert sweep_temp_files(tmp_path, JOURNAL) == []
    live.unlink()
    assert temp_prefix(JOURNAL) == ".journal.json.tmp-"


# --------------------------------------------------------------------------- unicode

UNICODE = {
    "family ZWJ": "👩\u200d👩\u200d👧\u200d👦",
    "flag ZWJ VS16": "🏳\ufe0f\u200d🌈",
    "skin tone": "👍🏽",
    "NFD combining": "e\u0301 a\u0308 n\u0303 \u1100\u1161\u11a8",
    "NFC precomposed": "é ä ñ 각",
    "stacked combining": "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334",
    "RTL Hebrew": "שלום עולם",
    "RTL Arabic with marks": "\u200fمرحبا بالعالم\u200e (123)",
    "bidi isolates": "abc \u2067عربي\u2069 \u202eevil\u202c",
    "separators": "line\u2028para\u2029end",
    "BOM and ZW": "\ufeffzero\u200bwidth\u200cnon\u2060join",
    "astral": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓂀 🀄",
    "controls": 'quote " backslash \\ tab \t newline \n nul \x00 del \x7f',
}


def test_unicode_round_trips_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    database = TinyDB(path, storage=JournalStorage)
    entries = database.table("entries")
    for label, text in UNICODE.items():
        entries.insert({"label": label, "text": text, text: [text]})
    first = path.read_bytes()
    for text in UNICODE.values():
        printable = text.translate({c: None for c in (0x22, 0x5C, 0x09, 0x0A, 0x00, 0x7F)})
        for chunk in printable.split():
            assert chunk.encode("utf-8") in first  # stored verbatim, not as \u escapes
    reread = fresh_read(path)
    for doc in reread["entries"].values():
        text = UNICODE[doc["label"]]
        assert doc["text"] == text and doc[text] == [text]
        assert doc["text"].encode("utf-8") == text.encode("utf-8")
    other = tmp_path / "copy.json"
    TinyDB(other, storage=JournalStorage).storage.write(reread)
    assert other.read_bytes() == first
    assert json.loads(first) == reread


@settings(max_examples=40, deadline=None)
@given(st.text(), st.text(min_size=1))
def test_any_text_round_trips(text: str, key: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, JOURNAL)
        TinyDB(path, storage=JournalStorage).insert({key: text, "k": [key, text]})
        assert fresh_read(path) == {"_default": {"1": {key: text, "k": [key, text]}}}


def test_build_entries_fixture_round_trips(tmp_path: Path) -> None:
    from bench.journal_fixture import build_entries

    entries = build_entries(years=1, seed=3)
    path = tmp_path / JOURNAL
    TinyDB(path, storage=JournalStorage).table("entries").insert_multiple(entries)
    clear_read_cache()
    assert TinyDB(path, storage=JournalStorage).table("entries").all() == entries


def test_build_entries_every_day_has_a_morning_and_an_evening_each_day() -> None:
    from bench.journal_fixture import build_entries

    entries = build_entries(years=1, seed=3, every_day=True)
    assert len(entries) == 730
    assert [doc["kind"] for doc in entries] == ["morning", "evening"] * 365
    assert len({doc["day"] for doc in entries}) == 365
    assert len({doc["id"] for doc in entries}) == 730
    assert len(build_entries(years=1, seed=3)) < 730  # by default some days are missing
