"""argparse `type=` readers for numeric flags: ASCII digits and a range, or exit 2.

Each raises `argparse.ArgumentTypeError`, which the parser turns into a usage error
naming the flag ("argument --port: must be ..."): bad input, exit 2, nothing done.
"""

from __future__ import annotations

import argparse

from trigger_desk.core.ascii_numbers import ascii_decimal, ascii_whole_number

MAX_TIMEOUT = 86_400.0  # a day: anything longer is a typo


def port_number(text: str) -> int:
    """A TCP port, 0 (pick a free one) to 65535."""
    number = ascii_whole_number(text)
    if number is None or not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("must be 0 to 65535 (digits 0-9), e.g. --port 8765")
    return number


def timeout_seconds(text: str) -> float:
    """A time limit in seconds, more than 0 and less than a day."""
    number = ascii_decimal(text)
    if number is None or not 0 < number < MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(
            "must be a positive number of seconds, less than a day, e.g. --timeout 30"
        )
    return number
