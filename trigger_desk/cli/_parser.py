"""The argparse definition of every `trigger-desk` command (the contract: README, "The command line")."""

from __future__ import annotations

import argparse
from typing import NoReturn

from trigger_desk.cli._help import FireHelp, auth_schemes_epilog, calls_epilog, wrap
from trigger_desk.cli._numbers import port_number
from trigger_desk.core.model import SANDBOX_PORT, AuthKind, Platform
from trigger_desk.core.outcome import Outcome

PROG = "trigger-desk"
DEFAULT_SANDBOX_PORT = SANDBOX_PORT  # the window's sandbox starts there too


class UsageError(Exception):
    """argparse found a malformed command line (bad input: exit 2, nothing sent)."""

    def __init__(self, message: str, usage: str) -> None:
        super().__init__(message)
        self.usage = usage


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of printing and exiting on an error, so
    `main()` decides the output (one JSON object under --json) and the exit code."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.format_usage())


def _fire_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    fire = sub.add_parser(
        "fire",
        help="fire one call (or a preset) and report what happened",
        description=wrap(
            "Fire a call by its id with a stored profile, or a saved preset. "
            "Exit codes: 0 accepted, 1 refused by the platform, 2 bad input (nothing "
            "sent), 3 no answer (network, TLS, timeout)."
        ),
        epilog=calls_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    fire.add_argument(
        "-h", "--help", action=FireHelp, help="show this help; after CALL_ID, that call's fields"
    )
    fire.add_argument("call_id", nargs="?", metavar="CALL_ID", help="e.g. bitrix24.trigger")
    fire.add_argument("--preset", metavar="NAME", help="fire a saved preset instead of CALL_ID")
    fire.add_argument("--profile", metavar="NAME", help="the connection profile to use")
    fire.add_argument(
        "--set",
        dest="set_values",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field value, named as the platform names it (dotted for nested: idempotency.key)",
    )
    fire.add_argument(
        "--var",
        dest="variables",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill a preset's {{NAME}} placeholder",
    )
    fire.add_argument("--payload", metavar="JSON|@FILE", help="the payload object, or @file.json")
    fire.add_argument("--json", action="store_true", help="print one JSON object")
    fire.add_argument(
        "--dry-run",
        action="store_true",
        help="print the exact request (secrets masked) and send nothing",
    )
    fire.add_argument(
        "--timeout",
        metavar="S",
        help="total time limit in seconds (default 60)",
    )
    fire.add_argument(
        "--sdk-path",
        action="store_true",
        help="Wix RunTrigger: use the Wix SDK's address instead of the documented one",
    )


def _profiles_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    profiles = sub.add_parser("profiles", help="connection profiles (secrets in the OS keyring)")
    psub = profiles.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = psub.add_parser(
        "add",
        help="add a profile; secrets are read as KEY=VALUE lines from stdin or prompted for",
        description=wrap(
            "Settings come from --set; secrets are read as KEY=VALUE lines on standard "
            "input, or asked for with hidden input on a terminal. Secrets never go in argv."
        ),
        epilog=auth_schemes_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--platform", required=True, choices=[p.value for p in Platform])
    add.add_argument(
        "--auth", required=True, choices=[k.value for k in AuthKind], help="see the list below"
    )
    add.add_argument(
        "--set",
        dest="set_values",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting of the auth kind (listed below); repeat for each",
    )
    add.add_argument("--replace", action="store_true", help="replace a profile of that name")
    psub.add_parser("list", help="list the profiles")
    show = psub.add_parser("show", help="a profile's settings and which secrets are set")
    show.add_argument("name", metavar="NAME")
    remove = psub.add_parser("remove", help="remove a profile and its keyring items")
    remove.add_argument("name", metavar="NAME")


def _history_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    history = sub.add_parser("history", help="calls made so far")
    hsub = history.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = hsub.add_parser(
        "list",
        help="the latest calls, newest first",
        description="The latest calls, newest first; filters combine (all must hold).",
    )
    listing.add_argument(  # checked by the command
        "--limit", default="20", metavar="N", help="show at most N calls (default 20)"
    )
    listing.add_argument(
        "--platform", choices=[p.value for p in Platform], help="only this platform"
    )
    listing.add_argument("--call", metavar="CALL_ID", help="only this call, e.g. bitrix24.trigger")
    listing.add_argument("--profile", metavar="NAME", help="only calls made with this profile")
    listing.add_argument(
        "--outcome", choices=[o.value for o in Outcome], help="only calls that ended so"
    )
    listing.add_argument(
        "--search",
        metavar="TEXT",
        help="only calls whose URL, bodies or error hold every word of TEXT",
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    show = hsub.add_parser("show", help="one call in full")
    show.add_argument("id", metavar="ID")  # checked by the command (exit 2, --json aware)
    show.add_argument("--json", action="store_true")
    export = hsub.add_parser("export", help="every call as JSON or HAR 1.2 (secrets masked)")
    export.add_argument("--format", choices=("json", "har"), default="json")
    export.add_argument("--output", metavar="FILE", help="write here instead of standard output")


def _presets_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    presets = sub.add_parser("presets", help="saved calls, one JSON file each")
    rsub = presets.add_subparsers(dest="action", metavar="ACTION", required=True)
    save = rsub.add_parser(
        "save",
        help="save a call with its values as a preset",
        description="Values may hold {{variable}} placeholders, filled with --var when fired.",
    )
    save.add_argument("name", metavar="NAME")
    save.add_argument("call_id", metavar="CALL_ID")
    save.add_argument("--profile", metavar="NAME")
    save.add_argument(
        "--set", dest="set_values", action="append", default=[], metavar="FIELD=VALUE"
    )
    save.add_argument("--payload", metavar="JSON|@FILE")
    save.add_argument("--description", default="", metavar="TEXT")
    save.add_argument("--force", action="store_true", help="replace a preset of that name")
    rsub.add_parser("list", help="list the presets")
    show = rsub.add_parser("show", help="a preset's file and its variables")
    show.add_argument("name", metavar="NAME")
    remove = rsub.add_parser("remove", help="delete a preset")
    remove.add_argument("name", metavar="NAME")
    export = rsub.add_parser("export", help="print (or write) a preset's file to share")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--output", metavar="FILE")
    imp = rsub.add_parser("import", help="add a preset from a shared file (checked first)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--force", action="store_true", help="replace a preset of that name")


def _lookup_parsers(sub: argparse._SubParsersAction[_Parser]) -> None:
    types = "LEAD, DEAL, QUOTE, SMART_INVOICE or DYNAMIC_<id>"
    stages = sub.add_parser(
        "stages",
        help="a Bitrix24 CRM type's funnels and their stages (read-only)",
        description="Funnels and stages with ids and names. Exit codes: 0, 1 refused, 2 bad input, 3 no answer.",
    )
    stages.add_argument("--profile", metavar="NAME", help="a Bitrix24 profile (required)")
    stages.add_argument("--type", metavar="TYPE", help=f"{types} (required)")
    stages.add_argument("--json", action="store_true", help="print one JSON object")
    items = sub.add_parser(
        "items",
        help="find Bitrix24 CRM items by title, funnel or stage (read-only)",
        description=(
            "Items of a CRM type, found by the portal: --title is a substring in any case; "
            "--stage an id or a name (with --category when several funnels use it). "
            "--output writes a CSV that `bulk run --items` takes as it is."
        ),
    )
    items.add_argument("--profile", metavar="NAME", help="a Bitrix24 profile (required)")
    items.add_argument("--type", metavar="TYPE", help=f"{types} (required)")
    items.add_argument("--title", metavar="TEXT", help="part of the title, any case")
    items.add_argument("--category", metavar="ID|NAME", help="the funnel")
    items.add_argument("--stage", metavar="ID|NAME", help="the stage")
    items.add_argument("--limit", metavar="N", help="at most N items")
    items.add_argument("--json", action="store_true", help="print one JSON object")
    items.add_argument(
        "--output", metavar="FILE.csv", help="write ID,TITLE,STAGE_ID,CATEGORY_ID,target"
    )


def _bulk_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    bulk = sub.add_parser(
        "bulk",
        help="one call for many items from a CSV file, paced, journalled, resumable",
        description=(
            "Exit codes: 0 every item ok; 1 some item refused; 2 bad input, nothing sent; "
            "3 some item has no answer (unknown or still pending), which wins over 1."
        ),
    )
    bsub = bulk.add_subparsers(dest="action", metavar="ACTION", required=True)
    run = bsub.add_parser(
        "run",
        help="fire the call (or preset) once per CSV row",
        description=(
            "Columns are {{variables}} for --set and --payload templates; a column named "
            "like a field fills it unless --set names it; for a preset a column fills its "
            "variable and --var gives the value for rows without one."
        ),
    )
    run.add_argument("call_id", nargs="?", metavar="CALL_ID", help="e.g. bitrix24.trigger")
    run.add_argument("--preset", metavar="NAME", help="fire a saved preset instead of CALL_ID")
    run.add_argument("--profile", metavar="NAME", help="the connection profile to use")
    run.add_argument("--items", required=True, metavar="FILE", help="CSV with a header row")
    run.add_argument("--set", dest="set_values", action="append", default=[], metavar="FIELD=VALUE")
    run.add_argument("--var", dest="variables", action="append", default=[], metavar="NAME=VALUE")
    run.add_argument("--payload", metavar="JSON|@FILE")
    run.add_argument("--json", action="store_true", help="print one JSON object")
    run.add_argument("--dry-run", action="store_true", help="print the plan and send nothing")
    resume = bsub.add_parser("resume", help="send a run's items that were never sent")
    resume.add_argument("run_id", metavar="RUN_ID")
    resume.add_argument(
        "--resend-unknown",
        action="store_true",
        help="also re-send items sent without an answer (they may have run already)",
    )
    resume.add_argument("--json", action="store_true")
    listing = bsub.add_parser("list", help="bulk runs, newest first")
    listing.add_argument("--json", action="store_true")
    show = bsub.add_parser("show", help="one run, row by row")
    show.add_argument("run_id", metavar="RUN_ID")
    show.add_argument("--json", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Fire Bitrix24 and Wix automation triggers, keep presets, and troubleshoot "
            "failed calls. Without a command, `trigger-desk` opens the window."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _fire_parser(sub)
    _profiles_parser(sub)
    _history_parser(sub)
    _presets_parser(sub)
    _lookup_parsers(sub)
    _bulk_parser(sub)
    sandbox = sub.add_parser(
        "sandbox", help="a local emulator of both platforms on 127.0.0.1 (try without an account)"
    )
    sandbox.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_SANDBOX_PORT,
        metavar="N",
        help=f"port on 127.0.0.1 (default {DEFAULT_SANDBOX_PORT}; 0 picks a free one)",
    )
    sandbox.add_argument(
        "--limits",
        action="store_true",
        help="enforce both platforms' documented rate limits (Bitrix24 50/2, Wix 200/60)",
    )
    sandbox.add_argument(
        "--bitrix-limit",
        metavar="CAP/RATE",
        help="enforce Bitrix24's leaky bucket: CAP requests, draining RATE a second (e.g. 50/2)",
    )
    sandbox.add_argument(
        "--wix-limit",
        metavar="N/SECONDS",
        help="enforce the Wix limit: at most N requests in any SECONDS (e.g. 200/60)",
    )
    return parser
