"""`trigger-desk`: the window, or a command-line subcommand.

With no arguments it opens the window. Any argument goes to the command-line front
end (imported only then, so the window starts without it): `fire`, `presets`,
`profiles`, `history`, `sandbox`, `bulk`, `stages`, `items`, `--help`, `--version`, and
anything mistyped, which gets the usage and exit 2 rather than a window nobody asked for.
"""

from __future__ import annotations

import sys

CLI_COMMANDS = frozenset(
    {"fire", "presets", "profiles", "history", "sandbox", "bulk", "stages", "items"}
)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `trigger-desk` script; returns the exit status."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1:
        from trigger_desk.cli import main as cli_main

        return int(cli_main(args[1:]) or 0)
    import signal

    # Ctrl+C or SIGTERM while the window loads end the process at once, quietly, with
    # the conventional status 128+n (130, 143): a KeyboardInterrupt inside Qt's imports
    # can crash or leave a half-made window, and the default action reports a kill.
    # Once the window exists, both close it instead (app.run).
    signal.signal(signal.SIGINT, _end_start_up)
    signal.signal(signal.SIGTERM, _end_start_up)
    from trigger_desk.app import run

    return run(args)


def _end_start_up(signum: int, _frame: object) -> None:
    """A signal before the window can close itself: exit 128+n, no traceback, no clean-up
    (nothing is open yet that needs one; half-imported Qt must not be unwound)."""
    import os

    os._exit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
