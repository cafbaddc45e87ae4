"""Crash-safe, cached JSON file storage for TinyDB: a drop-in for ``JSONStorage``."""

from __future__ import annotations

import atexit
import codecs
import contextlib
import errno
import gc
import json
import operator
import os
import sys
import threading
import time
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, Final, TypeAlias

import orjson
from tinydb.storages import Storage

__all__ = [
    "STALE_TEMP_AGE_S",
    "TEMP_PREFIX_TEMPLATE",
    "CorruptJournalError",
    "JournalStorage",
    "clear_read_cache",
    "sweep_temp_files",
    "temp_prefix",
]

Tables: TypeAlias = dict[str, dict[str, Any]]
"""TinyDB's on-disk structure: ``{table_name: {doc_id: document}}``."""

TEMP_PREFIX_TEMPLATE: Final = ".{name}.tmp-"
"""Name prefix of the temp files for journal ``name``; the full name is ``<prefix><pid>-<hex>``."""

STALE_TEMP_AGE_S: Final = 600.0
"""A temp file older than this is swept even if the process that made it seems alive."""

_RACY_WINDOW_NS: Final = 50_000_000
"""A file modified this close to the moment we cached it could be rewritten again within the same
clock tick without its timestamps changing (Linux updates them once per scheduler tick, <= 10
ms), so such cache entries are re-checked by content until the window has passed. (Our own
writes mostly need no such check: see _settled().)"""

_COARSE_RACY_WINDOW_NS: Final = 2_100_000_000
"""The same for whole-second timestamps, i.e. a coarse filesystem clock (FAT: 2 s, HFS+: 1 s)."""

_CACHE_SIZE: Final = 4
_O_BINARY: Final[int] = getattr(os, "O_BINARY", 0)
_O_CLOEXEC: Final[int] = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY: Final[int] = getattr(os, "O_DIRECTORY", 0)
_DIR_FSYNC_UNSUPPORTED: Final = frozenset(
    {errno.EINVAL, errno.EBADF, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)}
)
_PASSTHROUGH: Final = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# json.dumps keyword arguments that have no orjson equivalent and do not change the data.
_IGNORED_DUMP_KWARGS: Final = frozenset(
    {"ensure_ascii", "separators", "allow_nan", "check_circular", "skipkeys"}
)


class CorruptJournalError(json.JSONDecodeError):
    """The journal file is not valid JSON (corrupt or truncated) or not a TinyDB database.

    It is a ``json.JSONDecodeError`` (so code written for ``JSONStorage`` still catches it). The
    file is left exactly as it was: :class:`JournalStorage` refuses to write over it.

    Attributes:
        path: The journal file.
        reason: What is wrong, without the path and position.
    """

    def __init__(self, msg: str, doc: str, pos: int, path: str | os.PathLike[str] = "") -> None:
        """Create the error.

        Args:
            msg: What is wrong (e.g. the JSON parser's message).
            doc: The file's text (undecodable bytes replaced).
            pos: Character offset of the problem in ``doc``.
            path: The journal file; it is included in the message.
        """
        self.path = os.fspath(path)
        self.reason = msg
        super().__init__(f"corrupt journal file {self.path}: {msg}", doc, pos)

    def __reduce__(self) -> tuple[Any, ...]:
        """Support pickling (the base class would drop ``path``)."""
        return (type(self), (self.reason, self.doc, self.pos, self.path))


# --------------------------------------------------------------------------- temp files

_active_temps: set[str] = set()  # temp files this process is writing right now (absolute paths)


def temp_prefix(journal_name: str) -> str:
    """Return the name prefix of temp files for a journal file name.

    Args:
        journal_name: The journal's file name, e.g. ``"journal.json"``.

    Returns:
        The prefix, e.g. ``".journal.json.tmp-"``.
    """
    return TEMP_PREFIX_TEMPLATE.format(name=journal_name)


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows; rely on age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, owned by someone else
        return True
    return True


def _temp_is_stale(path: str, suffix: str, age_s: float, max_age_s: float) -> bool:
    if path in _active_temps:
        return False
    pid_text = suffix.partition("-")[0]
    if not pid_text.isdigit():
        return True  # our prefix, but not a name we generate: nobody is writing it
    pid = int(pid_text)
    if pid == os.getpid():
        return True  # not in _active_temps, so not being written by this process
    return age_s > max_age_s or not _pid_alive(pid)


def sweep_temp_files(
    directory: str | os.PathLike[str],
    journal_name: str,
    *,
    max_age_s: float = STALE_TEMP_AGE_S,
) -> list[str]:
    """Delete temp files of ``journal_name`` left in ``directory`` by killed writers.

    A temp file (``.<journal_name>.tmp-<pid>-<hex>``) is stale when the process that created it
    is gone, when it is older than ``max_age_s``, or when its name carries no pid. Temp files of
    live writers are kept (deleting one would make that write fail, safely, but needlessly).
    Errors (e.g. a read-only directory) are ignored.

    Args:
        directory: The journal's directory.
        journal_name: The journal's file name.
        max_age_s: Age after which a temp file is stale regardless of its writer.

    Returns:
        The paths that were deleted.
    """
    prefix = temp_prefix(journal_name)
    base = os.path.abspath(directory)
    removed: list[str] = []
    now = time.time()
    try:
        entries = os.scandir(base)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            if not entry.name.startswith(prefix):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    continue
                age_s = now - entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if not _temp_is_stale(entry.path, entry.name[len(prefix) :], age_s, max_age_s):
                continue
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(entry.path)
    return removed


# --------------------------------------------------------------------------- read cache


class _Entry:
    """A parsed journal file, shared by all storages of this process that read the same path.

    ``tables`` is private: ``read()`` hands out copies of its documents (see :class:`_Table`),
    and we never mutate it, only replace it. The one exception is ``lent``: the read that parsed
    the file returns the parsed tree itself (copying 6,400 documents that nobody may touch would
    cost ~15 ms with the garbage collector's share, a sixth of opening the journal). A lent tree
    is checked against ``blob`` before its next use, and write() never diffs against one.

    ``blob`` is what ``tables`` must serialise to (with ``option``); a mismatch means a caller
    mutated what it got from ``read()`` in place, and the tree is rebuilt from ``blob``.
    ``exposed`` says whether the tree must be checked before documents are handed out: some
    (and so their nested lists and dicts) were handed out since the tree was built or last
    checked, or a write kept documents that only compared equal to the written ones. ``disk``
    is the file's bytes.
    """

    __slots__ = ("blob", "disk", "exposed", "key", "lent", "option", "racy", "tables")

    def __init__(
        self,
        key: tuple[int, ...],
        tables: Tables,
        blob: bytes,
        disk: bytes,
        option: int,
        racy: bool,
        lent: bool = False,
        exposed: bool = False,
    ) -> None:
        self.key = key
        self.tables = tables
        self.blob = blob
        self.disk = disk
        self.option = option
        self.racy = racy
        self.lent = lent
        self.exposed = exposed


_cache: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
_cache_lock = threading.Lock()


def _cache_get(name: tuple[str, str]) -> _Entry | None:
    with _cache_lock:
        entry = _cache.get(name)
        if entry is not None:
            _cache.move_to_end(name)
        return entry


def _cache_swap(name: tuple[str, str], old: _Entry, new: _Entry) -> None:
    with _cache_lock:
        if _cache.get(name) is old:
            _cache[name] = new


def _cache_put(name: tuple[str, str], entry: _Entry | None) -> None:
    with _cache_lock:
        if entry is None:
            _cache.pop(name, None)
            return
        _cache[name] = entry
        _cache.move_to_end(name)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


def clear_read_cache(path: str | os.PathLike[str] | None = None) -> None:
    """Forget cached journal contents (all files, or only ``path``); frees their memory.

    Args:
        path: A journal file, or ``None`` for all of them.
    """
    with _cache_lock:
        if path is None:
            _cache.clear()
            return
        real = os.path.realpath(os.fspath(path))
        for name in [name for name in _cache if name[0] == real]:
            del _cache[name]


# Drop the cached journal before the interpreter's final garbage collection, which would otherwise
# traverse the whole tree (~60-100 ms added to every exit, measured; freeing it first takes ~3 ms).
atexit.register(clear_read_cache)


def _signature(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _settled(written: os.stat_result, st: os.stat_result) -> bool:
    """Whether a journal we just renamed into place has timestamps no later write can reproduce.

    On Linux every change of a file's data (write, truncate, a write through mmap) sets its mtime
    and ctime to one and the same instant. ``written`` (our temp file after our data went in)
    shows that this filesystem does so; ``st`` (the journal now) shows our mtime, and a ctime the
    rename moved on to a later tick. A differing pair cannot come back after a later write,
    however soon: the stat signature (which holds both) alone tells whether the file is still
    ours, and no content check is needed within the racy window. (Had another process written to
    it between the rename and ``st``, both would be equal.) What this misses needs a writer that
    changes the data within the clock tick of ours and then only the metadata (``chmod``, or
    ``utime`` back to our exact mtime): not what a JSON writer, JSONStorage included, does.

    Args:
        written: ``fstat`` of the temp file after writing and fsyncing it.
        st: ``stat`` of the journal after the rename, same inode.
    """
    return (
        sys.platform.startswith("linux")
        and written.st_mtime_ns == written.st_ctime_ns
        and st.st_mtime_ns == written.st_mtime_ns
        and st.st_ctime_ns != st.st_mtime_ns
    )


def _is_racy(st: os.stat_result, checked_ns: int) -> bool:
    coarse = st.st_mtime_ns % 1_000_000_000 == 0
    window = _COARSE_RACY_WINDOW_NS if coarse else _RACY_WINDOW_NS
    return max(st.st_mtime_ns, st.st_ctime_ns) >= checked_ns - window


# Parsing allocates hundreds of thousands of objects (20,000+ of them containers the cyclic GC
# tracks); with the collector on, its repeated collections over the growing tree more than double
# the time (27 ms -> 64 ms for the 10-year journal, measured). JSON trees have no cycles, so it is
# paused; orjson holds the GIL, so no other thread runs Python code meanwhile.
#
# Re-enabled as is, the collector would then traverse the whole new tree two or three times
# (young -> middle -> old generation) to learn that it survives: ~20 ms, a fifth of opening the
# journal. The tree is long-lived (it becomes the cache), so for a big file it is moved straight
# into the oldest generation: gc.freeze() + gc.unfreeze() does that for everything tracked. The
# side effect is that any cyclic garbage that is young at that moment waits for the next full
# collection. Skipped if the application froze objects itself (unfreeze would undo that).
_PROMOTE_MIN_BYTES: Final = 256 * 1024

_PROMOTE_MIN_DOCS: Final = 1000
"""Copying at least this many documents for a read result promotes the copies (see _own_all)."""


def _promote_young() -> None:
    """Move everything the collector tracks into the oldest generation, in O(1)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _loads(data: bytes | str) -> Any:
    enabled = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(data)
    finally:
        if len(data) >= _PROMOTE_MIN_BYTES:
            _promote_young()
        if enabled:
            gc.enable()


class _Snapshot:
    """The tables of one ``read()`` result, checked together before a document is handed out.

    TinyDB writes back every table it read, so when the check rebuilds the cached tree, all the
    tables of the result must drop their references to the old one, not just the table in use.

    The tables are held weakly: each table refers to its snapshot, and a cycle would keep every
    read's tables, with their copies of all documents, alive until the garbage collector's next
    middle-generation pass (~6,400 dicts per read; that pass then cost ~70 ms every few saves).
    """

    __slots__ = ("entry", "owner", "ready", "tables")

    def __init__(self, owner: JournalStorage, entry: _Entry, ready: bool) -> None:
        self.owner = owner
        self.entry = entry
        self.ready = ready
        self.tables: list[weakref.ref[_Table]] = []

    def check(self) -> None:
        if self.ready:
            return
        entry = self.entry
        fresh = self.owner._verified(entry) if entry.exposed else entry
        fresh.exposed = True  # copies of its documents are about to be handed out
        if fresh is not entry:  # rebuilt from bytes: drop references to the old tree
            for ref in self.tables:
                table = ref()
                if table is None:
                    continue
                table._repoint(entry.tables.get(table._name, {}), fresh.tables.get(table._name))
            self.entry = fresh
        self.ready = True


class _Table(dict[str, Any]):
    """One table of a ``read()`` result: the cached documents, each copied when first handed out.

    Why copies at all: TinyDB mutates what read() returns. ``Table._update_table()`` rebinds
    ``tables[name]`` and its updaters change documents in place (update() calls
    ``doc.update(fields)``; set/delete/increment assign ``doc[field]``) *before* it calls write().
    If the updater raises halfway, or write() fails, nothing is written but the documents were
    changed; had we handed out the cached tree, later reads would serve that unsaved state and the
    next unrelated write would persist it. JSONStorage never has that problem: it re-parses.

    Why only one level deep: fresh table and document dicts make all of TinyDB's own mutations
    land on copies (~3 ms for 6,400 documents) and let write() find the changed documents by
    comparing with the cached ones. A deep copy would be as slow as re-parsing (~65 ms). Nested
    lists/dicts stay shared; a caller that mutates one in place without writing is caught before
    documents are handed out again: the cached tree must still serialise to its bytes (~5 ms),
    else it is rebuilt from them.

    Why lazily: reads that only look at ids (``len(table)``, TinyDB's next-id lookup before every
    insert on a new TinyDB) then copy and check nothing. The table is a real ``dict`` (TinyDB and
    orjson need one) whose methods hand out copies (``==`` and ``repr`` check first). Only
    C-level access that bypasses them (``dict.values(t)``, serialising ``t``) sees the cached
    documents unchecked, and mutating those is caught like any in-place change.
    """

    __slots__ = ("__weakref__", "_all_owned", "_name", "_owned_one", "_private", "_snapshot")

    def __init__(self, snapshot: _Snapshot, name: str) -> None:
        private = snapshot.entry.tables[name]
        super().__init__(private)
        self._snapshot = snapshot
        self._name = name
        self._private = private
        self._all_owned = False
        self._owned_one = False
        snapshot.tables.append(weakref.ref(self))

    def _ensure_intact(self) -> None:
        """Before the first document is handed out: make sure the cached ones are pristine."""
        if not self._snapshot.ready:
            self._snapshot.check()

    def _repoint(self, old: dict[str, Any], new: dict[str, Any] | None) -> None:
        new = {} if new is None else new
        for key, value in list(dict.items(self)):
            if value is old.get(key) and key in new:
                dict.__setitem__(self, key, new[key])
        self._private = new

    def _own(self, key: str, value: Any) -> Any:
        cached = self._private.get(key)
        if self._all_owned or cached is None or value is not cached:
            return value
        copied = dict(cached)
        dict.__setitem__(self, key, copied)
        return copied

    def _own_all(self) -> None:
        self._ensure_intact()
        if self._all_owned:
            return
        keys = list(dict.keys(self))
        values = list(dict.values(self))
        shared = list(map(operator.is_, values, map(self._private.get, keys)))
        # 6,400 new dicts: with the collector on, it would run ~9 times meanwhile (see _loads()).
        # Re-enabled as is, it would still traverse them all at its next run (~5 ms) although
        # they live only until TinyDB has written them back, as reference counting then frees
        # them. So for many documents they skip the young generations, as a parsed tree does.
        enabled = gc.isenabled()
        gc.disable()
        try:
            if all(shared):  # the usual case: copy in C
                dict.update(self, zip(keys, map(dict.copy, values), strict=True))
            else:
                for key, value, is_shared in zip(keys, values, shared, strict=True):
                    if is_shared:
                        dict.__setitem__(self, key, value.copy())
        finally:
            if len(keys) >= _PROMOTE_MIN_DOCS:
                _promote_young()
            if enabled:
                gc.enable()
        self._all_owned = True

    def __getitem__(self, key: str) -> Any:
        value = dict.__getitem__(self, key)
        if self._all_owned:
            return value
        self._ensure_intact()
        if self._owned_one:  # documents wanted one by one (e.g. dict(t)): copy the rest in C
            self._own_all()
            return dict.__getitem__(self, key)
        value = self._own(key, dict.__getitem__(self, key))
        self._owned_one = True
        return value

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[key] if key in self else default  # noqa: SIM401 (self.get would recurse)

    def items(self) -> Any:
        self._own_all()
        return dict.items(self)

    def values(self) -> Any:
        self._own_all()
        return dict.values(self)

    def __iter__(self) -> Iterator[str]:
        # Overriding __iter__ makes dict(t), {**t} and d.update(t) go through keys() and
        # __getitem__, so they get copies too.
        return dict.__iter__(self)

    def copy(self) -> dict[str, Any]:
        self._own_all()
        return dict(dict.items(self))

    def pop(self, key: str, *default: Any) -> Any:  # type: ignore[override]
        if key in self:
            value = self[key]
            dict.__delitem__(self, key)
            return value
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[str, Any]:
        self._own_all()
        return dict.popitem(self)

    def setdefault(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key in self:
            return self[key]
        dict.__setitem__(self, key, default)
        return default

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self.copy(),))

    def __or__(self, other: Any) -> Any:
        return self.copy() | other

    def __eq__(self, other: object) -> bool:
        self._ensure_intact()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self._ensure_intact()
        return dict.__ne__(self, other)

    def __repr__(self) -> str:
        self._ensure_intact()
        return dict.__repr__(self)


# --------------------------------------------------------------------------- durable writes


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "short write")
        view = view[written:]


def _fsync_file(fd: int) -> None:
    if sys.platform == "darwin":  # fsync() does not flush the drive's cache on macOS
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass
    os.fsync(fd)


def _fsync_dir(directory: str) -> None:
    if os.name == "nt":  # directories cannot be opened/fsynced; NTFS journals the rename
        return
    fd = os.open(directory, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _DIR_FSYNC_UNSUPPORTED:  # some filesystems cannot fsync directories
            raise
    finally:
        os.close(fd)


def _make_private_dirs(directory: str) -> None:
    missing: list[str] = []
    current = directory
    while current and not os.path.isdir(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        os.chmod(path, 0o700)  # whatever the umask


def _dump_settings(kwargs: dict[str, Any]) -> tuple[int, Callable[[Any], Any] | None]:
    option = _PASSTHROUGH
    user_default: Callable[[Any], Any] | None = None
    for name, value in kwargs.items():
        if name == "indent":
            if value is not None:
                option |= orjson.OPT_INDENT_2
        elif name == "sort_keys":
            if value:
                option |= orjson.OPT_SORT_KEYS
        elif name == "default":
            user_default = value
        elif name == "cls":
            if value is not None:
                raise TypeError("JournalStorage does not support a custom JSON encoder (cls)")
        elif name not in _IGNORED_DUMP_KWARGS:
            raise TypeError(f"JournalStorage() got an unexpected keyword argument {name!r}")
    return option, user_default


def _json_default(user_default: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def default(obj: Any) -> Any:
        # json.dumps serialises these subclasses as their base type; orjson does not.
        if isinstance(obj, float):
            return float(obj)
        if isinstance(obj, tuple):
            return list(obj)
        if user_default is not None:
            return user_default(obj)
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")

    return default


# --------------------------------------------------------------------------- the storage


class JournalStorage(Storage):
    """TinyDB storage: a JSON file written atomically and durably, read through a cache.

    ``TinyDB(path, storage=JournalStorage)`` behaves like ``TinyDB(path)`` (same constructor, an
    empty or missing file reads as ``None``, ``access_mode="r"`` is read-only), but:

    * every write is atomic and durable: the whole database goes to a ``0600`` temp file in the
      same directory, which is fsynced, ``os.replace``-d over the journal, and then the directory
      is fsynced. When ``write()`` returns the data is on disk; when it raises, the previous file
      is byte-identical and the temp file is gone.
    * reads are cached process-wide and revalidated with ``os.stat``, so re-reading an unchanged
      10-year journal costs a ``stat`` and a few milliseconds instead of a full JSON parse.
    * a corrupt or truncated file raises :class:`CorruptJournalError` and is never written over.
    * temp files left behind by a killed process are swept when the storage is opened (they are
      plaintext copies of the journal).

    JSON is parsed and serialised with orjson (UTF-8 output, never ``\\uXXXX`` escapes). Known
    differences from ``JSONStorage``: NaN/Infinity are written as ``null``; integers beyond 64
    bits and strings with lone surrogates are rejected on write (``TypeError``, nothing is
    touched); integers beyond 64 bits in a foreign file are read as floats; ``indent`` is always
    two spaces; plain (non-int/str) ``Enum`` and ``UUID`` values are serialised, not rejected; an
    existing journal becomes ``0600`` on the first write.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        **kwargs: Any,
    ) -> None:
        """Open (and, in a writable mode, create) the journal file.

        Stale temp files next to it are swept.

        Args:
            path: The journal file. Symlinks are resolved, so writes replace the target.
            create_dirs: Create missing parent directories (mode ``0700``).
            encoding: File encoding; default UTF-8.
            access_mode: ``"r+"`` (read/write, the default) or ``"r"`` (read-only: ``write()``
                raises ``OSError``). As with ``JSONStorage`` other modes warn; any mode
                containing ``+``, ``w`` or ``a`` is read/write, and nothing is ever truncated.
            **kwargs: ``json.dumps`` options: ``indent`` (any value gives two spaces),
                ``sort_keys`` and ``default`` are honoured; ``ensure_ascii``, ``separators``,
                ``allow_nan``, ``check_circular`` and ``skipkeys`` are accepted and ignored;
                ``cls`` and anything else raise ``TypeError``.

        Raises:
            FileNotFoundError: The directory is missing (and ``create_dirs`` is false), or the
                file is missing in read-only mode.
            TypeError: An unsupported keyword argument.
        """
        super().__init__()
        self._mode = access_mode
        self.kwargs = kwargs
        if access_mode not in ("r", "rb", "r+", "rb+"):
            warnings.warn(
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' can cause data loss "
                "or corruption",
                stacklevel=2,
            )
        self._writable = any(char in access_mode for char in "+wa")
        self._option, user_default = _dump_settings(kwargs)
        self._default = _json_default(user_default)
        codec = codecs.lookup(encoding).name if encoding else "utf-8"
        self._codec = None if codec == "utf-8" else codec
        self._path = os.path.realpath(os.fspath(path))
        self._dir, self._name = os.path.split(self._path)
        self._cache_name = (self._path, codec)
        self._closed = False
        if self._writable:
            if create_dirs:
                _make_private_dirs(self._dir)
            fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | _O_BINARY | _O_CLOEXEC, 0o600)
            os.close(fd)
        else:
            with open(self._path, "rb"):
                pass
        sweep_temp_files(self._dir, self._name)

    @property
    def path(self) -> str:
        """The journal file (symlinks resolved)."""
        return self._path

    def close(self) -> None:
        """Close the storage; later reads and writes raise ``ValueError``.

        The process-wide read cache keeps the parsed journal (see :func:`clear_read_cache`).
        """
        self._closed = True

    def read(self) -> Tables | None:
        """Return the database, or ``None`` if the file is empty or missing.

        The result is the caller's to mutate (TinyDB does): changing it does not affect the file
        or later reads until it is passed to :meth:`write`. Unlike ``JSONStorage``, results of
        different reads share the lists and dicts *inside* documents (a deep copy per read would
        cost as much as parsing): changing one of those in place shows in results read before
        the change, never in the file or in results read after it.

        Raises:
            CorruptJournalError: The file is corrupt or truncated.
            ValueError: The storage is closed.
        """
        self._ensure_open()
        current = self._current()
        if current is None:
            return None
        entry, fresh = current
        if fresh:  # lend the tree we just parsed
            entry.exposed = True
            return entry.tables
        ready = False
        if entry.lent:  # TinyDB may have changed even its tables: check now
            entry = self._verified(entry)
            entry.exposed = True
            ready = True
        snapshot = _Snapshot(self, entry, ready)
        return {name: _Table(snapshot, name) for name in entry.tables}

    def write(self, data: Tables) -> None:
        """Atomically and durably replace the file with ``data``.

        Raises:
            CorruptJournalError: The current file is corrupt; it is left untouched.
            OSError: Read-only mode, or the write failed (disk full, I/O error, permission); the
                previous file is byte-identical and no temp file is left.
            TypeError: ``data`` holds something JSON cannot represent; nothing was written.
            ValueError: The storage is closed.
        """
        self._ensure_open()
        if not self._writable:
            raise OSError(f'Cannot write to the database. Access mode is "{self._mode}"')
        for table in data.values() if isinstance(data, dict) else ():
            if isinstance(table, _Table):  # tables written back unread: check them first
                table._ensure_intact()
        try:
            # No serialisation check needed here: TinyDB read (and checked) just before, and any
            # in-place change since then is in ``data`` and compared document by document. A
            # stale cache entry (changed but undetected by the check) only makes the comparison
            # keep fewer documents; the next read's check fixes the tree.
            #
            # Nor a content check of a racy entry (see _unchanged()): the file is about to be
            # replaced whatever it holds, and a change the stat signature cannot show happened
            # within the last clock tick, so it could as well have happened just after this
            # check. Either way it is overwritten (as with JSONStorage, concurrent writers
            # without a lock lose updates); the entry only serves as the comparison base above.
            current = self._current(recheck=False)
        except CorruptJournalError as exc:
            raise CorruptJournalError(
                f"refusing to overwrite it: {exc.reason}", exc.doc, exc.pos, self._path
            ) from exc
        previous = None
        if current is not None:
            entry, fresh = current
            if fresh:  # parsed just now, for us alone: nobody borrowed it
                entry.lent = False
            # ``data`` may be the lent tree itself, mutated: no diffing against it.
            previous = None if entry.lent else entry
        blob = self._dumps(data, self._option)
        disk = blob if self._codec is None else blob.decode("utf-8").encode(self._codec)
        replaced = self._replace(disk)
        if replaced is None:  # someone replaced the file right after us: do not cache
            _cache_put(self._cache_name, None)
            return
        key, racy = replaced
        tables, exact = self._adopt(data, previous, blob)
        # Kept documents share nested objects with whatever the previous tree lent out; and a
        # tree not known to serialise to ``blob`` exactly is checked before it is handed out.
        exposed = previous is not None and (previous.exposed or not exact)
        entry = _Entry(key, tables, blob, disk, self._option, racy, exposed=exposed)
        _cache_put(self._cache_name, entry)

    # ----------------------------------------------------------------------- internals

    def _ensure_open(self) -> None:
        if self._closed:
            raise ValueError("I/O operation on closed JournalStorage")

    def _current(self, recheck: bool = True) -> tuple[_Entry, bool] | None:
        """Return the cache entry for the file as it is now, parsing it if needed.

        Args:
            recheck: Compare the content of an entry whose timestamps are too recent to trust
                (see :meth:`_unchanged`); without it, a matching stat signature suffices.

        Returns:
            ``None`` for an empty or missing file, else the entry and whether it was parsed just
            now (its tree is then lent to the caller).
        """
        try:
            st = os.stat(self._path)
        except FileNotFoundError:
            _cache_put(self._cache_name, None)
            return None
        if st.st_size == 0:
            _cache_put(self._cache_name, None)
            return None
        entry = _cache_get(self._cache_name)
        if (
            entry is not None
            and entry.key == _signature(st)
            and (not recheck or self._unchanged(entry))
        ):
            return entry, False
        fresh = self._parse_file()
        return None if fresh is None else (fresh, True)

    def _unchanged(self, entry: _Entry) -> bool:
        """For an entry whose timestamps are too recent to trust, compare the bytes."""
        if not entry.racy:
            return True
        checked_ns = time.time_ns()
        try:
            with open(self._path, "rb") as handle:
                st = os.fstat(handle.fileno())
                disk = handle.read()
        except FileNotFoundError:
            return False
        if _signature(st) != entry.key or disk != entry.disk:
            return False
        entry.racy = _is_racy(st, checked_ns)
        return True

    def _verified(self, entry: _Entry) -> _Entry:
        """Make sure the private tree still serialises to its bytes; rebuild it if not."""
        try:
            intact = orjson.dumps(entry.tables, option=entry.option) == entry.blob
        except TypeError:  # a non-JSON object was put into a shared nested object
            intact = False
        if intact:
            entry.lent = False  # from now on only copies are handed out
            return entry
        # A caller changed a nested list/dict of a returned document in place (or the bytes came
        # from another JSON writer and are formatted differently): rebuild from the bytes.
        tables = self._parse(entry.blob)
        blob = orjson.dumps(tables, option=entry.option)
        fresh = _Entry(entry.key, tables, blob, entry.disk, entry.option, entry.racy)
        _cache_swap(self._cache_name, entry, fresh)
        return fresh

    def _parse_file(self) -> _Entry | None:
        checked_ns = time.time_ns()
        try:
            with open(self._path, "rb") as handle:
                st = os.fstat(handle.fileno())
                disk = handle.read()
        except FileNotFoundError:
            _cache_put(self._cache_name, None)
            return None
        if not disk:
            _cache_put(self._cache_name, None)
            return None
        if self._codec is None:
            blob = disk
        else:
            try:
                blob = disk.decode(self._codec).encode("utf-8")
            except UnicodeError as exc:
                text = disk.decode(self._codec, "replace")
                raise CorruptJournalError(
                    f"cannot decode as {self._codec} ({exc})", text, 0, self._path
                ) from None
        tables = self._parse(blob)
        racy = _is_racy(st, checked_ns)
        entry = _Entry(_signature(st), tables, blob, disk, self._option, racy, lent=True)
        _cache_put(self._cache_name, entry)
        return entry

    def _parse(self, blob: bytes) -> Tables:
        try:
            tables = _loads(blob)
        except orjson.JSONDecodeError:
            tables = self._parse_strictly(blob)
        if type(tables) is not dict:
            raise CorruptJournalError(
                "not a TinyDB database (expected a JSON object)", _text(blob), 0, self._path
            )
        for name, table in tables.items():
            if type(table) is not dict or any(type(doc) is not dict for doc in table.values()):
                raise CorruptJournalError(
                    f"not a TinyDB database (table {name!r} is not an object of objects)",
                    _text(blob),
                    0,
                    self._path,
                )
        return tables

    def _parse_strictly(self, blob: bytes) -> Any:
        """Parse what orjson rejected with the stdlib, which decides what counts as corrupt.

        The stdlib accepts a little more (NaN/Infinity, lone surrogate escapes), which files
        written by ``JSONStorage`` may contain.
        """
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError as exc:
            pos = len(blob[: exc.start].decode("utf-8", "replace"))
            raise CorruptJournalError(
                f"invalid UTF-8 ({exc.reason})", _text(blob), pos, self._path
            ) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CorruptJournalError(exc.msg, exc.doc, exc.pos, self._path) from None
        except (ValueError, RecursionError) as exc:
            raise CorruptJournalError(str(exc), text, 0, self._path) from None

    def _dumps(self, obj: Any, option: int) -> bytes:
        try:
            return orjson.dumps(obj, default=self._default, option=option)
        except TypeError as exc:
            if "Dict key must be str" not in str(exc):
                raise
        # json.dumps turns int/float/bool/None keys into strings; this option is 2x slower.
        return orjson.dumps(obj, default=self._default, option=option | orjson.OPT_NON_STR_KEYS)

    def _adopt(self, data: Tables, previous: _Entry | None, blob: bytes) -> tuple[Tables, bool]:
        """Build the private tree for what was just written, reusing unchanged documents.

        Documents equal to the ones in the previous tree are shared with it; changed and new ones
        are canonicalised (``loads(dumps(doc))``), so the tree holds what a fresh read would
        return (lists, not tuples; str keys) and no object the caller still holds.

        Returns:
            The tree, and whether it is known to serialise to ``blob`` exactly (if the previous
            tree serialised to its bytes): the kept documents were matched byte for byte.
        """
        if previous is None:
            return self._parse(blob), True
        old = previous.tables
        appended = self._adopt_appended(data, old, previous.blob, blob)
        if appended is not None:
            return appended, True
        tree: Tables = {}
        for name, table in data.items():
            if type(name) is not str or not isinstance(table, dict):
                return self._parse(blob), True
            adopted = self._adopt_table(table, old.get(name, {}))
            if adopted is None:
                return self._parse(blob), True
            tree[name] = adopted
        # ``==`` treats 1, 1.0 and True alike: a kept document may serialise differently from
        # the one written, which the check before the tree is handed out finds (not exact).
        return tree, False

    def _adopt_appended(
        self, data: Tables, old: Tables, old_blob: bytes, blob: bytes
    ) -> Tables | None:
        """The fast path for inserts: ``blob`` is ``old_blob`` with documents added to one table.

        Then the old documents were written byte for byte as before, so all of them are kept
        without comparing them one by one (~5 ms for 6,400), and only the added ones are
        canonicalised. Compact, unsorted output only: there a table's bytes are the same
        whatever its position, and added documents come after the old ones.

        Returns:
            The tree, or ``None`` if ``blob`` is not such an extension of ``old_blob``.
        """
        if self._option & (orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS):
            return None
        if type(data) is not dict or list(data) != list(old):  # same tables, same order
            return None
        grown: str | None = None
        for name, table in data.items():
            if not isinstance(table, dict):
                return None
            if len(table) != len(old[name]):
                if grown is not None or len(table) < len(old[name]):
                    return None
                grown = name
        if grown is None:  # nothing added: kept as a whole if nothing changed
            return dict(old) if blob == old_blob else None
        table, previous = data[grown], old[grown]
        count = len(previous)
        added = list(dict.keys(table))[count:]  # dict's own methods: no copies from a _Table
        if any(type(key) is not str for key in added):
            return None
        # The bytes after the grown table's last old document: its closing brace, the tables
        # after it, the closing brace of the whole. They must be the same in both files, and
        # the bytes before them too, up to where the added documents start. (Then the first
        # ``count`` ids of ``table`` were written as the old ones, whatever their type: the old
        # documents are kept under the old ids, as a fresh read would return them.)
        names = list(data)
        later = {name: data[name] for name in names[names.index(grown) + 1 :]}
        if sum(map(len, later.values())) > count:
            return None  # serialising them would cost more than comparing documents
        tail = b"}," + self._dumps(later, self._option)[1:] if later else b"}}"
        start = len(old_blob) - len(tail)
        if (
            start <= 0
            or not old_blob.endswith(tail)
            or not blob.endswith(tail)
            or not blob.startswith(memoryview(old_blob)[:start])
        ):
            return None
        adopted = previous.copy()
        for key, doc in zip(added, list(dict.values(table))[count:], strict=True):
            adopted[key] = self._canonical(doc)
        tree = dict(old)
        tree[grown] = adopted
        return tree

    def _adopt_table(self, table: dict[Any, Any], old: dict[str, Any]) -> dict[str, Any] | None:
        keys = list(dict.keys(table))  # dict's own methods: no copies from a _Table
        values = list(dict.values(table))
        count = len(old)
        if keys[:count] == list(old):
            # The usual case (insert/update): the same ids in the same order, maybe some appended.
            # Compare in C; the copies share every field object with the originals, so ``==``
            # short-cuts on identity.
            same = list(map(operator.eq, values[:count], old.values()))
            adopted = dict(zip(keys[:count], old.values(), strict=True))
            for index in [index for index, equal in enumerate(same) if equal is not True]:
                adopted[keys[index]] = self._canonical(values[index])
            start = count
        else:
            adopted, start = {}, 0
        for doc_id, doc in zip(keys[start:], values[start:], strict=True):
            if type(doc_id) is not str:
                return None
            kept = old.get(doc_id)
            adopted[doc_id] = kept if kept is not None and doc == kept else self._canonical(doc)
        return adopted

    def _canonical(self, doc: Any) -> Any:
        """Return what reading ``doc`` back from JSON gives: fresh objects, JSON types only."""
        return orjson.loads(self._dumps(doc, _PASSTHROUGH))

    def _replace(self, disk: bytes) -> tuple[tuple[int, ...], bool] | None:
        """Write ``disk`` to a temp file, fsync, replace the journal, fsync the directory.

        Returns:
            The new file's stat signature and whether its timestamps are too recent to trust, or
            ``None`` if another process replaced the file meanwhile.
        """
        prefix = os.path.join(self._dir, temp_prefix(self._name))
        while True:
            temp = f"{prefix}{os.getpid()}-{os.urandom(6).hex()}"
            try:
                fd = os.open(
                    temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_CLOEXEC, 0o600
                )
            except FileExistsError:
                continue
            break
        _active_temps.add(temp)
        try:
            try:
                _write_all(fd, disk)
                _fsync_file(fd)
                written = os.fstat(fd)
            finally:
                os.close(fd)
            os.replace(temp, self._path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        finally:
            _active_temps.discard(temp)
        try:
            _fsync_dir(self._dir)
        except BaseException:
            # The new file is in place but its rename may not survive a power cut: report it.
            _cache_put(self._cache_name, None)
            raise
        st = os.stat(self._path)
        if st.st_ino != written.st_ino:
            return None
        return _signature(st), _is_racy(st, time.time_ns()) and not _settled(written, st)


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "replace")
