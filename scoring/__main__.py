"""`python -m scoring`: the command line (`scoring.io.cli`)."""

from scoring.io.cli import main

raise SystemExit(main())
