"""`trigger-desk`: the window, or a command-line subcommand.

With no arguments (or anything that is not a subcommand) it opens the window; `fire`,
`presets`, `profiles`, `history`, `sandbox`, `stages` and `items` (and `--help`,
`--version`) go to the command-line front end, imported only then so the window starts
without it.
"""

from __future__ import annotations

import sys

CLI_COMMANDS = frozenset({"fire", "presets", "profiles", "history", "sandbox", "stages", "items"})
CLI_OPTIONS = frozenset({"-h", "--help", "--version"})


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `trigger-desk` script; returns the exit status."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and (args[1] in CLI_COMMANDS or args[1] in CLI_OPTIONS):
        from trigger_desk.cli import main as cli_main

        return int(cli_main(args[1:]) or 0)
    from trigger_desk.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
