"""An unexpected crash inside the Textual app prints code locations, never journal text."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SECRET = "Leo said he hates me at bedtime"

CRASHING_APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ritual.content import load_content
    from ritual.journal import Journal
    from ritual.models import Profile
    import screens.home as home
    from screens.app import RitualApp

    journal = Journal(Path(sys.argv[1]))
    journal.save_profile(Profile(name="Sam", values=["family", "health", "craft"]))
    secret = sys.argv[2]

    def compose(self):
        words_from_the_journal = secret  # a local the default Textual report would print
        raise ValueError(words_from_the_journal)
        yield

    home.HomeScreen.compose = compose
    app = RitualApp(journal, load_content()[0])
    app.run(headless=True, size=(80, 24))
    sys.exit(app.return_code or 0)
    """
)


def test_a_crash_in_the_app_shows_no_locals_and_no_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(tmp_path / "journal.json"), SECRET],
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Ritual stopped on an unexpected error: ValueError." in output
    assert "home.py" in output or "<string>" in output  # where it happened
    assert SECRET not in output
    assert "words_from_the_journal" not in output  # no local variables either
