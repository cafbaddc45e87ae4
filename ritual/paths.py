"""Where Ritual keeps its data and the user's own content."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ritual"
HOME_ENV = "RITUAL_HOME"
JOURNAL_NAME = "journal.json"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data dir: `--data-dir`, else `RITUAL_HOME`, else the platform's data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    # Deferred: platformdirs costs ~20 ms to import and `ritual status` runs on every prompt.
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Return the dir holding the user's own content files (`content/*.toml`).

    With `RITUAL_HOME` set, config lives beside the data so one variable isolates everything.
    """
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def journal_path(directory: Path) -> Path:
    """Return the journal file inside the data dir."""
    return directory / JOURNAL_NAME


def backups_dir(directory: Path) -> Path:
    """Return the folder of daily backups inside the data dir."""
    return directory / "backups"


def stat_key(path: Path) -> list[int] | None:
    """A file's identity for the caches beside the journal: size, mtime_ns, inode.

    Every write to the journal replaces the file or changes its size or mtime, so a cache
    made from one key is valid exactly while the journal still has it. None if missing.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def write_cache(path: Path, data: bytes) -> None:
    """Write a derived file beside the journal: 0600, atomically; a failure only loses it.

    A temp left by a process killed while writing is swept first (for the glance it is
    a copy of private words).
    """
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    for stale in path.parent.glob(f"{path.name}.tmp-*"):
        if stale != tmp:
            stale.unlink(missing_ok=True)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError:
        # Only a cache: a read-only data dir still gets correct answers, just slower.
        tmp.unlink(missing_ok=True)
