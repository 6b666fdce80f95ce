"""What every command shares: the injected secret store, output helpers, errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trigger_desk.core.control_chars import terminal_safe
from trigger_desk.core.redact import Redactor
from trigger_desk.core.validation import FieldError, InvalidInput

if TYPE_CHECKING:
    from trigger_desk.store.secrets import SecretStore

PROG = "trigger-desk"

# Exit codes (DESIGN.md): 0 accepted, 1 refused by the platform, 2 bad input (nothing
# sent), 3 no answer. Commands other than `fire` use 0, 2 (bad input, unknown name) and
# 1 (something failed on this machine, e.g. a file could not be written).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A failure to report as one message and an exit code (no traceback)."""

    def __init__(
        self, message: str, exit_code: int = EXIT_BAD_INPUT, *, errors: Iterable[FieldError] = ()
    ) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.errors = list(errors)


@dataclass
class Context:
    """Per-run state: how to reach the keyring, and every secret seen so far (so any
    message that leaves the process can be masked)."""

    secret_store_factory: Callable[[], SecretStore]
    redactor: Redactor = field(default_factory=Redactor)
    _secret_store: SecretStore | None = None

    @property
    def secret_store(self) -> SecretStore:
        # Made on first use: looking up the keyring backend talks D-Bus.
        if self._secret_store is None:
            self._secret_store = self.secret_store_factory()
        return self._secret_store

    def learn(self, secrets: dict[str, str]) -> None:
        for name, value in secrets.items():
            self.redactor.add(name, value)

    def mask(self, text: str) -> str:
        return self.redactor.mask(text)


# Every line the CLI prints passes `terminal_safe`: text from files and servers may hold
# escape sequences (ESC, CSI, OSC...) that a terminal would obey. JSON stays valid JSON.
def out(text: str = "") -> None:
    print(terminal_safe(text), file=sys.stdout)


def err(text: str) -> None:
    print(terminal_safe(text), file=sys.stderr)


def print_json(value: Any) -> None:
    """One JSON document on standard output (UTF-8, readable)."""
    out(json.dumps(value, indent=2, ensure_ascii=False))


def error_json(message: str, errors: Iterable[FieldError] = ()) -> dict[str, Any]:
    """The --json object of a command other than `fire` that refused its input."""
    return {
        "ok": False,
        "outcome": "invalid_input",
        "error": {"code": None, "message": message},
        "errors": [{"field": error.field, "message": error.message} for error in errors],
    }


def invalid_input_lines(errors: Iterable[FieldError]) -> list[str]:
    return [f"  {error.field}: {error.message}" for error in errors]


def report_invalid(invalid: InvalidInput, what: str = "bad input, nothing was sent") -> int:
    err(f"{PROG}: {what}:")
    for line in invalid_input_lines(invalid.errors):
        err(line)
    return EXIT_BAD_INPUT


def write_output(text: str, output: str | None) -> None:
    """Text to a file (atomically replaced) or to standard output."""
    if output is None or output == "-":
        sys.stdout.write(terminal_safe(text if text.endswith("\n") else text + "\n"))
        return
    from trigger_desk.store.files import write_atomic  # only when writing: tempfile is slow

    path = Path(output).expanduser()
    try:
        write_atomic(path, text if text.endswith("\n") else text + "\n", create_folder=False)
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror or error}", EXIT_FAILED) from None
    err(f"Wrote {path}")
