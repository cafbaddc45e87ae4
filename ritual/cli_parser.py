"""The `ritual` command line's parser: argparse, with one sentence for a mistake.

Apart from cli.py so that plain `ritual`, typed every morning, starts without it.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad flag gets one sentence instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"ritual: {message} (see `ritual --help`).\n")


class _VersionAction(argparse.Action):
    """`--version`, looking the version up only when asked (importlib.metadata is slow to load)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            text = version("ritual")
        except PackageNotFoundError:
            text = "unknown"
        sys.stdout.write(f"ritual {text}\n")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (`--data-dir` works before or after the subcommand)."""
    data_dir = _Parser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where the journal lives (default: $RITUAL_HOME, else the platform data dir)",
    )
    parser = _Parser(
        prog="ritual",
        description="A five-minute morning ritual and evening debrief for working parents.",
        parents=[data_dir],
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, text in (
        ("morning", "open the morning ritual"),
        ("evening", "open the evening debrief"),
        ("history", "open your history and streaks"),
        ("settings", "open settings"),
    ):
        sub.add_parser(name, parents=[data_dir], help=text)
    sub.add_parser("where", parents=[data_dir], help="print where the journal lives")
    exp = sub.add_parser("export", parents=[data_dir], help="write the journal out")
    exp.add_argument("--format", choices=("json", "md", "csv"), default="json")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    exp.add_argument("--since", metavar="YYYY-MM-DD", help="only ritual days from this date")
    exp.add_argument("--until", metavar="YYYY-MM-DD", help="only ritual days up to this date")
    imp = sub.add_parser("import", parents=[data_dir], help="merge an exported journal file")
    imp.add_argument("file", metavar="FILE")
    res = sub.add_parser("restore", parents=[data_dir], help="put a backup back in place")
    res.add_argument("backup", metavar="BACKUP", nargs="?", help="default: the newest good one")
    st = sub.add_parser("status", parents=[data_dir], help="one line for a prompt or status bar")
    group = st.add_mutually_exclusive_group()
    group.add_argument("--short", action="store_true", help="a few characters")
    group.add_argument("--json", action="store_true", help="machine-readable")
    group.add_argument(
        "--check",
        choices=("morning", "evening"),
        help="exit 0 if that ritual is done today, 1 if not",
    )
    return parser
