"""`trigger-desk stages` and `trigger-desk items`: read-only look-ups on a Bitrix24 portal.

Exit codes as for `fire`: 0 answered, 1 the portal refused, 2 bad input (no item list
asked for), 3 no answer. Items are written as they arrive (standard output, `--json`,
`--output FILE.csv`), so a 100,000-item list is never held in memory; `--json` stays one
JSON object even when a page fails half-way (it then ends with `error`).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from trigger_desk.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    PROG,
    CliError,
    Context,
    err,
    invalid_input_lines,
    out,
    print_json,
)
from trigger_desk.cli._fire import load_profile_secrets, make_client
from trigger_desk.core.control_chars import terminal_safe
from trigger_desk.core.crm_types import TYPE_NAMES, CrmType, parse_crm_type
from trigger_desk.core.lookups import Category, ItemListing, ItemQuery, list_stages, resolve_query
from trigger_desk.core.model import Platform, Profile
from trigger_desk.core.portal_client import Acquire, LookupFailed, PortalClient
from trigger_desk.core.validation import FieldError, InvalidInput
from trigger_desk.store.profile_rules import ProfileError
from trigger_desk.store.profiles import ProfileStore
from trigger_desk.store.secrets import save_secrets

EXIT_REFUSED = 1
EXIT_NO_ANSWER = 3
CSV_COLUMNS = ("ID", "TITLE", "STAGE_ID", "CATEGORY_ID", "target")


def lookup_error_json(
    command: str,
    outcome: str,
    message: str,
    *,
    requests: int,
    code: str | None = None,
    hint: str | None = None,
    errors: list[FieldError] | None = None,
) -> dict[str, Any]:
    """The one --json object of a look-up that failed before listing anything."""
    empty: dict[str, Any] = (
        {"categories": []} if command == "stages" else {"items": [], "total": None}
    )
    return {
        **empty,
        "requests": requests,
        "outcome": outcome,
        "error": {"code": code, "message": message},
        "hint": hint,
        "errors": [{"field": e.field, "message": e.message} for e in errors or []],
    }


def _profile(ctx: Context, name: str | None) -> tuple[Profile, dict[str, str]]:
    if not name:
        raise InvalidInput([FieldError("--profile", "is required: a Bitrix24 profile")])
    try:
        profile = ProfileStore().get(name)
    except ProfileError as error:
        raise CliError(f"cannot read the profiles: {error}") from None
    if profile is None:
        raise InvalidInput(
            [FieldError("--profile", f"unknown profile {name!r}; see `{PROG} profiles list`")]
        )
    if profile.platform is not Platform.BITRIX24:
        raise InvalidInput(
            [
                FieldError(
                    "--profile",
                    f"{name!r} is a {profile.platform.label} profile; look-ups read Bitrix24 portals",
                )
            ]
        )
    return profile, load_profile_secrets(ctx, profile)


def _limit(text: str | None) -> int | None:
    if text is None:
        return None
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise InvalidInput(
            [FieldError("--limit", f"must be a positive whole number, not {text!r}")]
        )
    return int(text)


def _output_path(text: str | None) -> Path | None:
    if text is None:
        return None
    path = Path(text).expanduser()
    if not path.parent.is_dir():
        raise InvalidInput(
            [FieldError("--output", f"the folder {str(path.parent)!r} does not exist")]
        )
    return path


def _printable(text: str) -> str:
    """A title from the portal as one table cell: tabs and line breaks shown escaped.

    `out` neutralises every other control character (`terminal_safe`).
    """
    return text.replace("\t", "\\t").replace("\n", "\\n")


class _SharedPacing:
    """The rate limiter bulk runs use (shared by every process, per portal), for look-ups."""

    def __init__(self, profile: Profile, secrets: Mapping[str, str]) -> None:
        from trigger_desk.core.rate_limit import RateLimitError, limiter_key, profile_rate_limit
        from trigger_desk.store.paths import history_db_path
        from trigger_desk.store.rate_limits import SharedLimiter, rate_limits_path

        try:
            self._limit = profile_rate_limit(profile)
        except RateLimitError as error:
            raise InvalidInput([FieldError("rate_limit", str(error))]) from None
        self._key = limiter_key(profile, secrets)
        self._limiter = SharedLimiter(rate_limits_path(history_db_path()))

    async def acquire(self) -> None:
        wait = await asyncio.to_thread(self._limiter.reserve, self._key, self._limit)
        if wait > 0:
            await asyncio.sleep(wait)

    async def refused(self) -> None:
        await asyncio.to_thread(self._limiter.saturate, self._key, self._limit)

    def close(self) -> None:
        self._limiter.close()


def run_lookup(args: argparse.Namespace, ctx: Context, *, acquire: Acquire | None = None) -> int:
    """`stages` or `items`; `acquire` paces requests (default: the limiter bulk runs share)."""
    command = args.command
    try:
        if not args.type:
            raise InvalidInput([FieldError("--type", f"is required: {TYPE_NAMES}")])
        crm_type = parse_crm_type(args.type)
        limit = _limit(args.limit) if command == "items" else None
        output = _output_path(args.output) if command == "items" else None
        profile, secrets = _profile(ctx, args.profile)
        pacing = _SharedPacing(profile, secrets) if acquire is None else None
    except InvalidInput as invalid:
        return _bad_input(args, invalid, requests=0)
    try:
        return asyncio.run(
            _run(args, ctx, crm_type, profile, secrets, limit, output, acquire, pacing)
        )
    finally:
        if pacing is not None:
            pacing.close()


def _bad_input(args: argparse.Namespace, invalid: InvalidInput, *, requests: int) -> int:
    message = "; ".join(f"{e.field}: {e.message}" for e in invalid.errors)
    if args.json:
        print_json(
            lookup_error_json(
                args.command, "invalid_input", message, requests=requests, errors=invalid.errors
            )
        )
    else:
        err(f"{PROG}: bad input:")
        for line in invalid_input_lines(invalid.errors):
            err(line)
    return EXIT_BAD_INPUT


async def _run(
    args: argparse.Namespace,
    ctx: Context,
    crm_type: CrmType,
    profile: Profile,
    secrets: dict[str, str],
    limit: int | None,
    output: Path | None,
    acquire: Acquire | None,
    pacing: _SharedPacing | None,
) -> int:
    async def save(name: str, mapping: Mapping[str, str]) -> None:
        await asyncio.to_thread(save_secrets, ctx.secret_store, name, mapping)

    async with make_client() as client:
        portal = PortalClient(
            client,
            profile,
            secrets,
            acquire=pacing.acquire if pacing is not None else acquire,
            on_rate_limited=pacing.refused if pacing is not None else None,
            save_secrets=save,
            redactor=ctx.redactor,
        )
        try:
            if args.command == "stages":
                return _print_stages(args, await list_stages(portal, crm_type), portal.requests)
            query = await resolve_query(
                portal,
                crm_type,
                title=args.title,
                category=args.category,
                stage=args.stage,
                limit=limit,
            )
        except InvalidInput as invalid:
            return _bad_input(args, invalid, requests=portal.requests)
        except LookupFailed as failed:
            return _failed(args, ctx, failed, portal.requests)
        return await _stream_items(args, ctx, portal, query, output)


def _failed(args: argparse.Namespace, ctx: Context, failed: LookupFailed, requests: int) -> int:
    diagnosis = failed.diagnosis
    message = ctx.mask(diagnosis.error_message or diagnosis.cause)
    code = EXIT_REFUSED if failed.answered else EXIT_NO_ANSWER
    if args.json:
        print_json(
            lookup_error_json(
                args.command,
                diagnosis.outcome.value,
                message,
                requests=requests,
                code=diagnosis.error_code,
                hint=ctx.mask(diagnosis.hint),
            )
        )
    else:
        shown = f" ({diagnosis.error_code}: {message})" if diagnosis.error_code else ""
        err(ctx.mask(f"{PROG}: {failed.call.method} failed{shown}"))
        err(ctx.mask(f"  {diagnosis.cause}"))
        if diagnosis.next_step:
            err(ctx.mask(f"  {diagnosis.next_step}"))
    return code


def _print_stages(args: argparse.Namespace, categories: list[Category], requests: int) -> int:
    if args.json:
        print_json(
            {
                "categories": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "stages": [
                            {"id": s.id, "name": s.name, "semantics": s.semantics} for s in c.stages
                        ],
                    }
                    for c in categories
                ],
                "requests": requests,
            }
        )
        return 0
    for category in categories:
        name = _printable(category.name)
        out("(no funnels)" if category.id is None else f"{name}  [id {category.id}]")
        for stage in category.stages:
            shown = f"{_printable(stage.id):<24} {_printable(stage.name)}"
            out(f"  {shown}  ({_printable(stage.semantics)})")
    err(f"{requests} request(s)")
    return 0


class _CsvFile:
    """The CSV written beside its final name and moved into place only when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        try:
            self.handle: TextIO = self.tmp.open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise CliError(f"cannot write {path}: {error.strerror or error}", EXIT_FAILED) from None
        self.writer = csv.writer(self.handle)
        self.writer.writerow(CSV_COLUMNS)

    def finish(self, ok: bool) -> None:
        self.handle.close()
        if ok:
            self.tmp.replace(self.path)
        else:
            self.tmp.unlink(missing_ok=True)


async def _stream_items(
    args: argparse.Namespace,
    ctx: Context,
    portal: PortalClient,
    query: ItemQuery,
    output: Path | None,
) -> int:
    listing = ItemListing(query)
    csv_file = _CsvFile(output) if output is not None else None
    stdout = sys.stdout
    failure: LookupFailed | None = None
    if args.json:
        stdout.write('{\n  "items": [')
    count = 0
    try:
        async for item in listing.items(portal):
            category = "" if item.category_id is None else str(item.category_id)
            if csv_file is not None:
                csv_file.writer.writerow(
                    [item.id, item.title, item.stage_id, category, item.target]
                )
            if args.json:
                entry = {
                    "id": item.id,
                    "title": item.title,
                    "stage_id": item.stage_id,
                    "category_id": item.category_id,
                    "target": item.target,
                }
                # json escapes C0 controls; terminal_safe the C1 and bidi ones it leaves
                line = terminal_safe(json.dumps(entry, ensure_ascii=False))
                stdout.write(("\n    " if count == 0 else ",\n    ") + line)
            elif csv_file is None:
                if count == 0:
                    out("TARGET\tSTAGE_ID\tCATEGORY_ID\tTITLE")
                cells = (item.target, item.stage_id, category, item.title)
                out("\t".join(_printable(cell) for cell in cells))
            count += 1
    except LookupFailed as failed:
        failure = failed
    if csv_file is not None:
        csv_file.finish(failure is None)
    if args.json:
        stdout.write("\n  ]," if count else "],")
        tail: dict[str, Any] = {"total": listing.total, "requests": portal.requests}
        if failure is not None:
            diagnosis = failure.diagnosis
            tail["outcome"] = diagnosis.outcome.value
            tail["error"] = {
                "code": diagnosis.error_code,
                "message": ctx.mask(diagnosis.error_message or diagnosis.cause),
            }
            tail["hint"] = ctx.mask(diagnosis.hint)
        body = json.dumps(tail, indent=2, ensure_ascii=False)
        stdout.write("\n" + terminal_safe(body[2:]) + "\n")  # the tail, inside the object
        stdout.flush()
    if failure is not None:
        if not args.json:
            _failed(args, ctx, failure, portal.requests)
        return EXIT_NO_ANSWER if not failure.answered else EXIT_REFUSED
    summary = f"{count} of {listing.total} item(s), {portal.requests} request(s)"
    if csv_file is not None:
        err(f"Wrote {output} ({summary})")
    elif not args.json:
        err(summary)
    return 0
