"""`python -m scoring`: the command line (`scoring.cli`)."""

from scoring.cli import main

raise SystemExit(main())
