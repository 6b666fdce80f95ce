"""`trigger-desk`: the window, or a command-line subcommand.

With no arguments it opens the window. Any argument goes to the command-line front
end (imported only then, so the window starts without it): `fire`, `presets`,
`profiles`, `history`, `sandbox`, `bulk`, `--help`, `--version`, and anything mistyped,
which gets the usage and exit 2 rather than a window nobody asked for.
"""

from __future__ import annotations

import sys

CLI_COMMANDS = frozenset({"fire", "presets", "profiles", "history", "sandbox", "bulk"})


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `trigger-desk` script; returns the exit status."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1:
        from trigger_desk.cli import main as cli_main

        return int(cli_main(args[1:]) or 0)
    import signal

    # Ctrl+C while the window loads ends the process at once, as SIGTERM does: a
    # KeyboardInterrupt inside Qt's imports can crash or leave a half-made window.
    # Once the window exists, both close it (app.run).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from trigger_desk.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
