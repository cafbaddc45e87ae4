"""The `ritual` command: the composition root that wires the journal, content and UI together."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ritual import paths

TYPE_CHECKING = False  # type-only imports without loading `typing` on the prompt path

if TYPE_CHECKING:
    import argparse

    from ritual.journal import Journal

UI_COMMANDS = ("morning", "evening", "history", "settings")


class UsageError(Exception):
    """A mistake on the command line or with a file the user named (exit 2)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Expected problems print one sentence; an unexpected crash prints a report
    with code locations only, never a message or a local that could hold journal text.
    """
    try:
        return _run(argv)
    except UsageError as exc:
        print(f"ritual: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `ritual export | head` closing the pipe early is not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from ritual.journal import JournalError

        if isinstance(exc, JournalError):
            print(f"ritual: {exc}", file=sys.stderr)
            return 1
        from ritual.crash import safe_report

        print(safe_report(exc), file=sys.stderr)
        return 70


def _run(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if not words or (len(words) == 1 and words[0] in UI_COMMANDS):
        # Plain `ritual` or `ritual morning`, typed every day: straight to the app, without
        # loading argparse and building the parser (a few ms of the start-up).
        return _app(paths.journal_path(paths.data_dir(None)), words[0] if words else None)
    from ritual.cli_parser import build_parser

    args = build_parser().parse_args(words)
    directory = paths.data_dir(getattr(args, "data_dir", None))
    journal_file = paths.journal_path(directory)
    command = args.command
    if command == "where":
        print(f"data dir: {directory}")
        print(f"journal:  {journal_file}")
        print(f"content:  {paths.config_dir() / 'content'}")
        return 0
    if command == "status":
        from ritual.status import run_status

        return run_status(journal_file, short=args.short, as_json=args.json, check=args.check)
    if command == "restore":
        return _restore(journal_file, args.backup)
    if command is None or command in UI_COMMANDS:
        return _app(journal_file, command)

    from ritual.journal import open_journal

    journal = open_journal(journal_file)
    try:
        if command == "export":
            return _export(journal, args)
        return _import(journal, Path(args.file))
    finally:
        journal.close()


STARTUP_GC_THRESHOLD = 100_000
"""Allocations between young-generation collections until the first screen is drawn."""


def _hold_gc() -> Callable[[], None]:
    """Collect no young garbage while the first screen is built; return what puts it back.

    Importing Textual and building a screen allocates some hundred thousand objects
    that all live on; the collector, at its usual 700, walked them again and again:
    about 37M instructions of the ~1,000M before the first frame (callgrind,
    bench/startup.py). Older generations are left as they are.
    """
    import gc

    usual = gc.get_threshold()
    gc.set_threshold(max(usual[0], STARTUP_GC_THRESHOLD), *usual[1:])

    def release() -> None:
        gc.set_threshold(*usual)

    return release


def _app(journal_file: Path, command: str | None) -> int:
    """Open the app: from the glance where it can draw the first screen, else the usual way."""
    release = _hold_gc()
    try:
        return _open_app(journal_file, command, release)
    finally:
        release()  # also when the app never drew (an error, no terminal)


def _open_app(journal_file: Path, command: str | None, release: Callable[[], None]) -> int:
    if command in (None, "morning", "history"):
        # The evening and settings need the journal itself: painting home first would
        # only delay them.
        quick = _quick_launch(journal_file, command, release)
        if quick is not None:
            return quick
    from ritual.journal import open_journal

    journal = open_journal(journal_file)
    try:
        return _launch(journal, command, release)
    finally:
        journal.close()


def _restore(journal_file: Path, backup: str | None) -> int:
    from ritual.journal import restore

    chosen = Path(backup) if backup else None
    if chosen is not None and not chosen.is_file():
        raise UsageError(f"there is no backup file {chosen}.")
    moved = restore(journal_file, chosen)
    if moved is not None:
        print(f"The old journal was kept as {moved}.")
    print(f"Restored {journal_file} from the backup.")
    return 0


def _export(journal: Journal, args: argparse.Namespace) -> int:
    from datetime import date

    from ritual.export import render_export

    try:
        since = date.fromisoformat(args.since) if args.since else None
        until = date.fromisoformat(args.until) if args.until else None
    except ValueError:
        raise UsageError("--since and --until take a date such as 2026-11-21.") from None
    text = render_export(journal.profile(), journal.entries(), args.format, since, until)
    if args.output:
        out = Path(args.output)
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror}.") from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def _import(journal: Journal, file: Path) -> int:
    import json

    from ritual.interchange import InterchangeError, validate_document

    try:
        document = json.loads(file.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"{file}: no such file.") from None
    except OSError as exc:
        raise UsageError(f"{file}: cannot be read ({exc.strerror}).") from None
    except (ValueError, UnicodeDecodeError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise UsageError(f"{file}: is not valid JSON{where}; nothing was imported.") from None
    try:
        validate_document(document)
    except InterchangeError as exc:
        raise UsageError(f"{file}: {exc}; nothing was imported.") from None
    result = journal.merge(document)
    print(
        f"Imported {file}: {result.added} added, {result.replaced} replaced, "
        f"{result.unchanged} unchanged"
        + ("; profile replaced." if result.profile_replaced else ".")
    )
    return 0


def _need_terminal() -> None:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UsageError("the app needs a terminal; for scripts use `ritual status` or `export`.")


def _quick_launch(
    journal_file: Path, command: str | None, on_first_frame: Callable[[], None]
) -> int | None:
    """Start the app from the glance when it matches the journal; None to start the usual way.

    Home paints from the glance straight away while the journal and the content load in
    a thread (see `ritual.glance`); anything opened meanwhile waits for them.
    """
    from ritual import clock
    from ritual.glance import read_glance, view_from_glance

    glance = read_glance(journal_file)
    view = view_from_glance(glance, clock.now()) if glance is not None else None
    if view is None:
        return None
    _need_terminal()
    from screens.app import Loaded, Opening, RitualApp

    def load() -> Loaded:
        from ritual.content import load_content
        from ritual.journal import open_journal

        journal = open_journal(journal_file)
        library, warnings = load_content(paths.config_dir() / "content")
        return journal, library, warnings

    calendar = None
    if command == "history" and glance is not None:
        from ritual.glance import calendar_from_glance

        calendar = calendar_from_glance(glance, view.day)
        if calendar is None:
            return None
    from screens.css_cache import cache_path

    opening = Opening(view, load, calendar)
    app = RitualApp(
        None,
        None,
        start=command,
        opening=opening,
        styles_cache=cache_path(journal_file),
        on_first_frame=on_first_frame,
    )
    try:
        app.run()
    finally:
        app.save_styles()  # what other screens parsed meanwhile, for next time
        if app.loaded:
            app.journal.close()
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0


def _launch(journal: Journal, command: str | None, on_first_frame: Callable[[], None]) -> int:
    from ritual.content import load_content

    _need_terminal()
    library, warnings = load_content(paths.config_dir() / "content")
    # Deferred: Textual takes a quarter of a second to import, and `status`/`export` never need it.
    from screens.app import RitualApp
    from screens.css_cache import cache_path

    styles = cache_path(journal.path) if journal.path is not None else None
    app = RitualApp(
        journal,
        library,
        start=command,
        content_warnings=warnings,
        styles_cache=styles,
        on_first_frame=on_first_frame,
    )
    try:
        app.run()
    finally:
        app.save_styles()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
