"""`python -m trigger_desk.cli ...`: the command line without the window."""

from trigger_desk.cli import main

raise SystemExit(main())
