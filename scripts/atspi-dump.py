#!/usr/bin/env python3
"""Print the accessibility tree of a running Trigger Desk, as a screen reader sees it.

    QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 uv run trigger-desk &
    uv run python scripts/atspi-dump.py              # what is on screen
    uv run python scripts/atspi-dump.py --all        # hidden tabs and closed lists too
    uv run python scripts/atspi-dump.py --unnamed    # only controls with no name; exit 1 if any
    uv run python scripts/atspi-dump.py --json       # one object per line, for scripts

Qt exposes a window over AT-SPI only when a screen reader is on or
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 is set. The accessibility bus comes with every
desktop session (at-spi2-core); on a bare X server or over SSH, start one inside a
private D-Bus session, as tests/ui/test_atspi.py does. Linux only.

Each line: role, name, the states that matter to a user, and for controls the label
that names them (Qt names a combo box by its current item; its label comes through a
LABELLED_BY relation, which is what Orca reads).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.atspi import Atspi, AtspiError, dump, snapshot, unnamed_controls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default="Trigger Desk", help="application name on the bus")
    parser.add_argument("--all", action="store_true", help="include hidden objects")
    parser.add_argument("--unnamed", action="store_true", help="list only unnamed controls")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for the app")
    parser.add_argument(
        "--bus",
        default=os.environ.get("AT_SPI_BUS_ADDRESS"),
        help="accessibility bus address (default: $AT_SPI_BUS_ADDRESS, else ask the session bus)",
    )
    args = parser.parse_args(argv)

    try:
        if args.bus:
            atspi = Atspi(args.bus, timeout=args.timeout)
        else:
            atspi = Atspi.connect(timeout=args.timeout)
    except KeyError:
        print("atspi-dump: DBUS_SESSION_BUS_ADDRESS is not set: no D-Bus session", file=sys.stderr)
        return 2
    except (OSError, AtspiError) as error:
        print(f"atspi-dump: no accessibility bus in this session ({error})", file=sys.stderr)
        return 2
    with atspi:
        try:
            app = atspi.wait_for_application(args.app, args.timeout)
        except TimeoutError:
            names = [a.name for a in atspi.applications()]
            print(
                f"atspi-dump: no application {args.app!r} on the accessibility bus "
                f"(there: {names}). Was it started with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1?",
                file=sys.stderr,
            )
            return 2
        nodes = snapshot(app, only_showing=not args.all)
        if args.unnamed:
            found = unnamed_controls(nodes)
            print("\n".join(found) if found else "No unnamed focusable control.")
            return 1 if found else 0
        if args.json:
            for node in nodes:
                record = {
                    "depth": node.depth,
                    "role": node.role,
                    "name": node.name,
                    "labels": list(node.labels),
                    "states": sorted(node.states),
                    "path": node.path,
                }
                print(json.dumps(record, ensure_ascii=False))
        else:
            print(dump(nodes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
