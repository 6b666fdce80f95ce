"""The `trigger-desk` command line: argparse over core/ and store/.

`main(argv)` runs one command and returns its exit code; it never lets a traceback out.
Exit codes (DESIGN.md): 0 the platform accepted the call; 1 it refused it; 2 bad input,
nothing sent; 3 no answer (network, TLS, timeout). Other commands return 0, 2 for bad
input or an unknown name, 1 when something failed on this machine.

The secret store is injected (`main(argv, secret_store=...)`) so tests can hand in a
store of their own; the command line itself always uses the OS keyring.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trigger_desk import __version__
from trigger_desk.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    PROG,
    CliError,
    Context,
    err,
    error_json,
    print_json,
    report_invalid,
)
from trigger_desk.cli._parser import UsageError, build_parser
from trigger_desk.core.validation import InvalidInput

if TYPE_CHECKING:
    from trigger_desk.store.secrets import SecretStore

__all__ = ["build_parser", "main"]


def _dispatch(args: argparse.Namespace, ctx: Context) -> int:
    # Imported per command: `trigger-desk sandbox` need not load httpx, and so on.
    if args.command == "fire":
        from trigger_desk.cli._fire import run_fire

        return run_fire(args, ctx)
    if args.command == "profiles":
        from trigger_desk.cli._profiles import run_profiles

        return run_profiles(args, ctx)
    if args.command == "history":
        from trigger_desk.cli._history import run_history

        return run_history(args, ctx)
    if args.command == "presets":
        from trigger_desk.cli._presets import run_presets

        return run_presets(args, ctx)
    if args.command in ("stages", "items"):
        from trigger_desk.cli._lookups import run_lookup

        return run_lookup(args, ctx)
    if args.command == "bulk":
        from trigger_desk.cli._bulk import run_bulk

        return run_bulk(args, ctx)
    if args.command == "sandbox":
        from trigger_desk.sandbox import run_sandbox, sandbox_limits

        bitrix_limit, wix_limit = sandbox_limits(args.limits, args.bitrix_limit, args.wix_limit)
        return run_sandbox(args.port, sys.stdout, bitrix_limit=bitrix_limit, wix_limit=wix_limit)
    raise CliError(f"unknown command {args.command!r}")


def _keyring_store() -> SecretStore:
    # Imported when a command first needs a secret: `keyring` costs ~50 ms of start-up
    # that `history`, `presets`, `bulk list` and `--version` never use.
    from trigger_desk.store.secrets import KeyringSecretStore

    return KeyringSecretStore()


def _keyring_unavailable(error: Exception) -> bool:
    secrets = sys.modules.get("trigger_desk.store.secrets")
    return secrets is not None and isinstance(error, secrets.KeyringUnavailable)


def _command_names(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def _usage_error(error: UsageError, argv: list[str], parser: argparse.ArgumentParser) -> int:
    if argv[:1] == ["fire"] and "--json" in argv:
        from trigger_desk.cli._fire import invalid_json

        print_json(invalid_json(None, None, [], str(error)))
        return EXIT_BAD_INPUT
    if argv[:1] in (["stages"], ["items"]) and "--json" in argv:
        from trigger_desk.cli._lookups import lookup_error_json

        print_json(lookup_error_json(argv[0], "invalid_input", str(error), requests=0))
        return EXIT_BAD_INPUT
    if "--json" in argv:  # still one JSON object, whatever the command
        print_json(error_json(str(error)))
        return EXIT_BAD_INPUT
    commands = _command_names(parser)
    first = argv[0] if argv else ""
    err(error.usage.rstrip())
    if first.startswith("-") and first not in commands:
        err(f"{PROG}: error: unknown option {first!r}")  # argparse would say "COMMAND required"
    else:
        err(f"{PROG}: error: {error}")
    if first and first not in commands:
        # Not a command at all (a typo, an unknown option): say what there is.
        import difflib

        close = difflib.get_close_matches(first, commands, n=1)
        if close:
            err(f"Did you mean `{PROG} {close[0]}`?")
        err(
            f"Commands: {', '.join(commands)}. `{PROG} --help` says more; `{PROG}` alone opens the window."
        )
    return EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None, *, secret_store: SecretStore | None = None) -> int:
    """Run one command; return its exit code. Never raises (except SystemExit from --help)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    ctx = Context(
        secret_store_factory=(lambda: secret_store) if secret_store is not None else _keyring_store
    )
    parser = build_parser()
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    try:
        args = parser.parse_args(args_list)
    except UsageError as error:
        return _usage_error(error, args_list, parser)
    except SystemExit as exit_:  # --help, --version
        return exit_.code if isinstance(exit_.code, int) else 0
    try:
        return _dispatch(args, ctx)
    except InvalidInput as invalid:
        if getattr(args, "json", False):
            print_json(error_json(ctx.mask(str(invalid)), invalid.errors))
            return EXIT_BAD_INPUT
        return report_invalid(invalid, "bad input")
    except CliError as error:
        if getattr(args, "json", False):
            print_json(error_json(ctx.mask(str(error)), error.errors))
        else:
            err(ctx.mask(f"{PROG}: {error}"))
        return error.exit_code
    except KeyboardInterrupt:
        err(
            f"{PROG}: interrupted. A call in flight may still have reached the platform; see `{PROG} history list`."
        )
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_FAILED  # the reader went away (`| head`); nothing left to say
    except Exception as error:  # the guard: one masked line, never a traceback
        if _keyring_unavailable(error):  # no usable keyring: bad input, nothing sent
            err(ctx.mask(f"{PROG}: {error}"))
            return EXIT_BAD_INPUT
        detail = ctx.mask(str(error)).splitlines()
        first = detail[0] if detail else ""
        message = f"unexpected error ({type(error).__name__}){': ' + first if first else ''}"
        if getattr(args, "json", False):
            print_json({**error_json(message), "outcome": "error"})
        else:
            err(f"{PROG}: {message}")
        return EXIT_FAILED
