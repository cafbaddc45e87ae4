"""`python -m ritual` runs the command line."""

from ritual.cli import main

raise SystemExit(main())
