"""The command line: every subcommand and every error a user can cause."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ritual.cli import main
from ritual.journal import Journal
from ritual.models import Profile

SECRET = "Mia cried at drop-off and I felt awful"


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ritual", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        input=stdin,
    )


def document(*entries: dict[str, Any], profile: dict[str, Any] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": "ritual-journal", "version": 1, "entries": list(entries)}
    if profile is not None:
        doc["profile"] = profile
    return doc


def morning(day: str, eid: str | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "id": eid or f"m-{day}",
        "kind": "morning",
        "day": day,
        "started_at": f"{day}T06:00:00Z",
        "finished_at": f"{day}T06:04:00Z",
        "saved_at": f"{day}T06:04:00Z",
        "tz": "Europe/Berlin",
        "connections": [{"child": "c1", "activity": "Read together", "when": "bedtime"}],
        **fields,
    }


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "ritual-home"


def test_version_and_help() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("ritual ")
    assert run("--help").returncode == 0


def test_where_honours_data_dir_before_or_after_and_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--data-dir", str(tmp_path / "a"), "where"]) == 0
    assert str(tmp_path / "a" / "journal.json") in capsys.readouterr().out
    assert main(["where", "--data-dir", str(tmp_path / "b")]) == 0
    assert str(tmp_path / "b" / "journal.json") in capsys.readouterr().out
    monkeypatch.setenv("RITUAL_HOME", str(tmp_path / "c"))
    assert main(["where"]) == 0
    assert str(tmp_path / "c" / "journal.json") in capsys.readouterr().out


def test_default_data_dir_comes_from_platformdirs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "RITUAL_HOME"}
    env["HOME"] = str(tmp_path)
    env.pop("XDG_DATA_HOME", None)
    result = subprocess.run(
        [sys.executable, "-m", "ritual", "where"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0
    assert str(tmp_path / ".local" / "share" / "ritual" / "journal.json") in result.stdout


def test_bad_flag_is_one_sentence_and_exit_2() -> None:
    result = run("--frobnicate")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "ritual:" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_import_round_trip_keeps_unknown_fields(
    home: Path, tmp_path: Path, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    prof = profile.to_dict()
    doc = document(morning("2026-11-20", mood=4, custom={"keep": [1, 2]}), profile=prof)
    source = write(tmp_path / "in.json", doc)
    assert main(["--data-dir", str(home), "import", str(source)]) == 0
    assert "1 added" in capsys.readouterr().out
    out = tmp_path / "out.json"
    assert main(["--data-dir", str(home), "export", "--format", "json", "-o", str(out)]) == 0
    exported = json.loads(out.read_text())
    assert exported["format"] == "ritual-journal" and exported["version"] == 1
    assert exported["entries"] == doc["entries"]
    assert exported["profile"]["children"] == prof["children"]
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    # export to stdout is the same document
    assert main(["--data-dir", str(home), "export"]) == 0
    assert json.loads(capsys.readouterr().out) == exported
    # importing the same file twice changes nothing
    before = (home / "journal.json").read_bytes()
    assert main(["--data-dir", str(home), "import", str(source)]) == 0
    assert "0 added, 0 replaced, 1 unchanged" in capsys.readouterr().out
    journal = Journal(home / "journal.json")
    assert journal.entries() == doc["entries"]
    journal.close()
    assert (
        json.loads((home / "journal.json").read_bytes())["entries"] == json.loads(before)["entries"]
    )


def test_import_replaces_only_newer_copies(home: Path, tmp_path: Path) -> None:
    write(
        tmp_path / "a.json",
        document(morning("2026-11-20", intention="v1", saved_at="2026-11-20T09:00:00Z")),
    )
    write(
        tmp_path / "b.json",
        document(morning("2026-11-20", intention="older", saved_at="2026-11-20T08:00:00Z")),
    )
    write(
        tmp_path / "c.json",
        document(morning("2026-11-20", intention="newer", saved_at="2026-11-20T10:00:00Z")),
    )
    for name in ("a", "b"):
        assert main(["--data-dir", str(home), "import", str(tmp_path / f"{name}.json")]) == 0
    j = Journal(home / "journal.json")
    assert j.entries()[0]["intention"] == "v1"
    j.close()
    assert main(["--data-dir", str(home), "import", str(tmp_path / "c.json")]) == 0
    j = Journal(home / "journal.json")
    assert j.entries()[0]["intention"] == "newer"
    j.close()


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ("not json {", "not valid JSON"),
        ([], "top level is not a JSON object"),
        ({"format": "other", "version": 1, "entries": []}, '"format"'),
        ({"format": "ritual-journal", "version": 2, "entries": []}, '"version"'),
        ({"format": "ritual-journal", "version": 1}, '"entries"'),
        (
            document(morning("2026-11-20"), {**morning("2026-11-21"), "saved_at": "yesterday"}),
            "entries[1].saved_at",
        ),
        (document({**morning("2026-11-20"), "kind": "noon"}), "entries[0].kind"),
        (document({**morning("2026-11-20"), "day": "2026-13-01"}), "entries[0].day"),
        (document({**morning("2026-11-20"), "tz": "Mars/Base"}), "entries[0].tz"),
        (
            document({k: v for k, v in morning("2026-11-20").items() if k != "id"}),
            "entries[0].id is missing",
        ),
        (document(morning("2026-11-20"), morning("2026-11-20")), "entries[1].id repeats"),
        (
            document(
                {
                    **morning("2026-11-20"),
                    "kind": "evening",
                    "connections": [{"child": "c1", "status": "maybe"}],
                }
            ),
            "entries[0].connections[0].status",
        ),
        (
            document(
                profile={
                    "name": "A",
                    "day_start": "25:00",
                    "tz": "UTC",
                    "values": [],
                    "children": [],
                }
            ),
            "profile.day_start",
        ),
        (
            document(
                profile={
                    "name": "A",
                    "day_start": "04:00",
                    "tz": "UTC",
                    "values": [],
                    "children": [{"id": "c", "name": "B"}],
                }
            ),
            "profile.children[0].birth_year",
        ),
    ],
)
def test_bad_import_changes_nothing_and_names_the_first_problem(
    home: Path, tmp_path: Path, doc: Any, problem: str
) -> None:
    good = write(tmp_path / "good.json", document(morning("2026-11-19", intention=SECRET)))
    assert run("--data-dir", str(home), "import", str(good)).returncode == 0
    before = (home / "journal.json").read_bytes()
    bad = write(tmp_path / "bad.json", doc)
    result = run("--data-dir", str(home), "import", str(bad))
    assert result.returncode == 2
    assert str(bad) in result.stderr and problem in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert SECRET not in result.stderr
    assert (home / "journal.json").read_bytes() == before


def test_import_of_a_missing_file(home: Path, tmp_path: Path) -> None:
    result = run("--data-dir", str(home), "import", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "no such file" in result.stderr


def test_unwritable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("--data-dir", str(blocker / "sub"), "export")
    assert result.returncode == 1
    assert result.stderr.startswith("ritual: Cannot create the data dir")
    assert "Traceback" not in result.stderr


def test_corrupt_journal_names_the_backup_and_restore_puts_it_back(
    home: Path, tmp_path: Path, profile: Profile
) -> None:
    first = write(
        tmp_path / "a.json",
        document(morning("2026-11-19", intention=SECRET), profile=profile.to_dict()),
    )
    assert (
        run(
            "--data-dir",
            str(home),
            "import",
            str(first),
            env={"RITUAL_NOW": "2026-11-19T08:00:00Z"},
        ).returncode
        == 0
    )
    second = write(tmp_path / "b.json", document(morning("2026-11-20")))
    assert (
        run(
            "--data-dir",
            str(home),
            "import",
            str(second),
            env={"RITUAL_NOW": "2026-11-20T08:00:00Z"},
        ).returncode
        == 0
    )
    journal = home / "journal.json"
    journal.write_bytes(journal.read_bytes()[:-40])  # truncated
    damaged = journal.read_bytes()
    for args in (("export",), ("status",), ("import", str(second))):
        result = run("--data-dir", str(home), *args)
        assert result.returncode != 0, args
        assert "damaged" in result.stderr and "journal-2026-11-20.json" in result.stderr
        assert "ritual restore" in result.stderr and "Traceback" not in result.stderr
        assert SECRET not in result.stderr
        assert journal.read_bytes() == damaged
    result = run("--data-dir", str(home), "restore")
    assert result.returncode == 0, result.stderr
    kept = [p for p in home.iterdir() if p.name.startswith("journal.json.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    exported = json.loads(run("--data-dir", str(home), "export").stdout)
    assert [e["day"] for e in exported["entries"]] == ["2026-11-19"]


def test_restore_a_named_backup_and_a_missing_one(home: Path, tmp_path: Path) -> None:
    result = run("--data-dir", str(home), "restore", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "no backup file" in result.stderr
    result = run("--data-dir", str(home), "restore")
    assert result.returncode == 1 and "no good backup" in result.stderr


def test_the_app_needs_a_terminal(home: Path) -> None:
    result = run("--data-dir", str(home), stdin="")
    assert result.returncode == 2 and "needs a terminal" in result.stderr


def test_an_unexpected_crash_prints_no_journal_text(home: Path, tmp_path: Path) -> None:
    """A bug that raises with the user's words in its message must not print them."""
    good = write(tmp_path / "good.json", document(morning("2026-11-19", intention=SECRET)))
    assert run("--data-dir", str(home), "import", str(good)).returncode == 0
    code = (
        "import sys, ritual.export as ex\n"
        "def boom(profile, entries, *a):\n"
        "    secret = entries[0]['intention']\n"
        "    raise ValueError(secret)\n"
        "ex.render_export = boom\n"
        "from ritual.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(home)!r}, 'export']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 70
    assert "ValueError" in result.stderr and "cli.py" in result.stderr
    assert SECRET not in result.stderr and SECRET not in result.stdout


def test_export_markdown_and_csv_with_a_date_range(
    home: Path, tmp_path: Path, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = document(
        morning("2026-11-18", intention="Eighteen"),
        morning("2026-11-19", intention="Nineteen"),
        {
            **morning("2026-11-19", eid="e-19", win="Patience"),
            "kind": "evening",
            "connections": [
                {"child": "c1", "activity": "Read together", "status": "done", "note": "giggles"}
            ],
        },
        morning("2026-11-20", intention="Twenty"),
        profile=profile.to_dict(),
    )
    assert main(["--data-dir", str(home), "import", str(write(tmp_path / "in.json", doc))]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(home), "export", "--format", "md", "--since", "2026-11-19"]) == 0
    md = capsys.readouterr().out
    assert md.index("## 2026-11-20") < md.index("## 2026-11-19")  # newest first
    assert (
        "Eighteen" not in md
        and "Nineteen" in md
        and "Mia — Read together" in md
        and "giggles" in md
    )
    assert (
        main(["--data-dir", str(home), "export", "--format", "csv", "--until", "2026-11-19"]) == 0
    )
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["day"], r["kind"]) for r in rows] == [
        ("2026-11-18", "morning"),
        ("2026-11-19", "morning"),
        ("2026-11-19", "evening"),
    ]
    assert rows[2]["win"] == "Patience"
    result = run("--data-dir", str(home), "export", "--since", "last week")
    assert result.returncode == 2 and "--since" in result.stderr


def test_the_collector_waits_for_the_first_frame_and_then_is_as_it_was() -> None:
    import gc

    from ritual.cli import STARTUP_GC_THRESHOLD, _hold_gc

    usual = gc.get_threshold()
    release = _hold_gc()
    try:
        assert gc.get_threshold() == (max(usual[0], STARTUP_GC_THRESHOLD), *usual[1:])
    finally:
        release()
    assert gc.get_threshold() == usual
