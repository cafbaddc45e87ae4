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
