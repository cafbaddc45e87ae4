"""The domain (`ritual.*`) never loads Textual, so `ritual status` stays fast."""

from __future__ import annotations

import subprocess
import sys


def test_importing_every_domain_module_does_not_load_textual() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import ritual\n"
        "names = [m.name for m in pkgutil.walk_packages(ritual.__path__, 'ritual.')\n"
        "         if not m.name.endswith('__main__')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "assert len(names) >= 10, names\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(len(names), loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_status_path_does_not_load_tinydb_when_summary_is_fresh(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The prompt path reads only the summary: no TinyDB, orjson or pendulum import."""
    home = tmp_path / "home"
    env_code = (
        "import os, sys\n"
        f"os.environ['RITUAL_HOME'] = {str(home)!r}\n"
        "from ritual.journal import Journal\n"
        "from ritual.models import Profile\n"
        "from ritual.paths import journal_path\n"
        "j = Journal(journal_path(__import__('pathlib').Path(os.environ['RITUAL_HOME'])))\n"
        "j.save_profile(Profile(name='A', values=['family','health','craft']))\n"
        "j.close()\n"
        "from ritual.cli import main\n"
        "main(['status'])\n"
    )
    subprocess.run([sys.executable, "-c", env_code], check=True, timeout=60, capture_output=True)
    probe = (
        "import sys\n"
        "from ritual.cli import main\n"
        f"code = main(['--data-dir', {str(home)!r}, 'status', '--json'])\n"
        "heavy = [m for m in ('tinydb', 'orjson', 'pendulum', 'textual') if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)\n"
        "sys.exit(10 if heavy else code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert '"morning": "todo"' in result.stdout
