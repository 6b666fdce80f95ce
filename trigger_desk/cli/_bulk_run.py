"""`trigger-desk bulk run` and `bulk resume`: plan, journal, send, report.

Imported only for these two: they need httpx, the engine and the keyring, which
`bulk list` and `bulk show` do not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from trigger_desk.cli._bulk import emit, exit_code, open_journal
from trigger_desk.cli._bulk_plan import BulkPlan, plan_bulk
from trigger_desk.cli._common import PROG, CliError, Context, err, out
from trigger_desk.cli._fire import load_profile_secrets, make_client
from trigger_desk.cli._progress import ProgressReporter
from trigger_desk.core.bulk_batch_items import batch_commands, batch_request
from trigger_desk.core.bulk_runner import BulkJob, BulkProgress, BulkRunner, RunStopped
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.model import Platform, Profile
from trigger_desk.core.rate_limit import (
    RateLimit,
    RateLimitError,
    limiter_key,
    profile_rate_limit,
)
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import build_request
from trigger_desk.core.validation import FieldError, InvalidInput, require_call
from trigger_desk.store.bulk_fill import IDEMPOTENT_CALL
from trigger_desk.store.bulk_journal import BulkJournal, RunBusy, RunNotFound, RunSummary
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.profile_rules import ProfileError
from trigger_desk.store.profiles import ProfileStore

IDEMPOTENCY_LIFETIME = timedelta(days=7)  # Wix keeps keys a week by default

# --- run -------------------------------------------------------------------------------


def _new_run_id() -> str:
    # Random, not a counter: it is part of Wix idempotency keys, which must not repeat
    # on another machine or after the history is reset.
    return datetime.now(UTC).strftime("%y%m%d") + "-" + os.urandom(3).hex()


def run(args: argparse.Namespace, ctx: Context) -> int:
    run_id = _new_run_id()
    plan = plan_bulk(args, ctx, run_id)
    if args.dry_run:
        for _ in plan.checked_items():
            pass
        plan.raise_if_bad()
        return _dry_run(args, ctx, plan)
    journal = open_journal()
    try:
        started_at = datetime.now(UTC).isoformat(timespec="seconds")
        meta = {
            "source": str(plan.items.path),
            "format": plan.items.format.description,
            "ready": False,  # until every row is journalled
        }
        journal.create_run(
            run_id, plan.call.id, plan.profile.name, started_at, str(plan.items.path), meta
        )
        lock = journal.hold(run_id)
        try:
            journal.add_items(run_id, plan.checked_items())
            try:
                plan.raise_if_bad()
                _first_request(plan)  # the profile's address, checked as a request needs it
            except InvalidInput:
                journal.delete_run(run_id)
                raise
            journal.update_meta(run_id, {**meta, "ready": True})
            err(
                f"Bulk run {run_id}: {plan.count} items ({plan.items.format.description}), "
                f"{plan.requests} requests, {plan.limit.describe()}."
            )
            return _execute(
                args,
                ctx,
                journal,
                run_id,
                plan.call,
                plan.profile,
                plan.secrets,
                plan.limit,
                plan.limiter_key,
            )
        finally:
            lock.release()
    finally:
        journal.close()


def _first_request(plan: BulkPlan) -> dict[str, Any]:
    redactor = Redactor(plan.secrets)
    if plan.call.platform is Platform.BITRIX24:
        commands = batch_commands(
            plan.call, plan.profile, plan.secrets, [(i.values, i.payload) for i in plan.first]
        )
        outgoing = batch_request(plan.profile, plan.secrets, plan.call, commands, None)
    else:
        item = plan.first[0]
        outgoing = build_request(plan.call, plan.profile, plan.secrets, item.values, item.payload)
    masked = outgoing.masked(redactor)
    return {
        "method": masked.method,
        "url": masked.url,
        "headers": masked.headers,
        "body": json.loads(masked.body),
    }


def _dry_run(args: argparse.Namespace, ctx: Context, plan: BulkPlan) -> int:
    first = _first_request(plan)
    from trigger_desk.store.rate_limits import SharedLimiter, rate_limits_path

    # What other runs left in the shared bucket counts too.
    limiter = SharedLimiter(rate_limits_path(history_db_path()))
    try:
        already = limiter.level(plan.limiter_key, plan.limit)
    finally:
        limiter.close()
    estimated = round(plan.limit.estimate_seconds(plan.requests, already=already), 1)
    if args.json:
        emit(
            ctx,
            {
                "items": plan.count,
                "requests": plan.requests,
                "estimated_s": estimated,
                "first_request": first,
            },
        )
        return 0
    out(f"Dry run: nothing was sent. {plan.call.id} with profile {plan.profile.name!r}:")
    out(f"  items:     {plan.count} (from {plan.items.path}: {plan.items.format.description})")
    out(f"  requests:  {plan.requests}")
    out(f"  time:      about {estimated:g} s at the plan's limit ({plan.limit.describe()})")
    if plan.filler.field_columns:
        out(f"  columns filling fields: {', '.join(plan.filler.field_columns)}")
    out("First request (secrets masked):")
    out(ctx.mask(f"  {first['method']} {first['url']}"))
    body = dict(first["body"])
    commands = body.get("cmd")
    if isinstance(commands, dict) and len(commands) > 2:
        shown = dict(list(commands.items())[:2])
        body["cmd"] = {**shown, "...": f"{len(commands) - 2} more commands"}
    out(ctx.mask("  " + json.dumps(body, ensure_ascii=False)))
    return 0


# --- sending ---------------------------------------------------------------------------


async def _send(
    ctx: Context,
    journal: BulkJournal,
    job: BulkJob,
    reporter: ProgressReporter,
    runners: list[BulkRunner],
) -> BulkProgress:
    from trigger_desk.core.engine import Engine
    from trigger_desk.core.token_refresh import SharedBitrixTokens
    from trigger_desk.store.bulk_record import BulkRecorder
    from trigger_desk.store.history import HistoryStore
    from trigger_desk.store.rate_limits import SharedLimiter, rate_limits_path
    from trigger_desk.store.secret_sink import KeyringTokenSink

    history = await asyncio.to_thread(HistoryStore, history_db_path())
    limiter = SharedLimiter(rate_limits_path(history_db_path()))
    sink = KeyringTokenSink(ctx.secret_store)
    try:
        async with make_client() as client:
            engine = (
                Engine(client, history=history, secret_sink=sink)
                if job.call.platform is Platform.WIX
                else None
            )
            runner = BulkRunner(
                job,
                client,
                journal,
                limiter,
                BulkRecorder(history),
                engine=engine,
                tokens=SharedBitrixTokens(client, sink),
                on_progress=reporter.update,
            )
            runners.append(runner)
            try:
                return await runner.run()
            finally:
                if engine is not None:
                    await engine.aclose()
                reporter.update(runner.progress, force=True)
                reporter.close()
    finally:
        limiter.close()
        await asyncio.to_thread(history.close)


def _execute(
    args: argparse.Namespace,
    ctx: Context,
    journal: BulkJournal,
    run_id: str,
    call: CallSpec,
    profile: Profile,
    secrets: dict[str, str],
    limit: RateLimit,
    key: str,
) -> int:
    before = journal.summary(run_id, live=True)
    total = before.count("pending")
    job = BulkJob(run_id, call, profile, secrets, limit, key, total)
    reporter = ProgressReporter(quiet=False)
    started = time.monotonic()
    progress = BulkProgress(total)  # the runner's, once it exists (read even if stopped)
    runners: list[BulkRunner] = []
    stopped: str | None = None
    try:
        asyncio.run(_send(ctx, journal, job, reporter, runners))
    except RunStopped as stop:
        stopped = str(stop)
    except KeyboardInterrupt:
        stopped = "interrupted"
    if runners:
        progress = runners[0].progress
    requests = progress.requests
    elapsed = round(time.monotonic() - started, 3)
    summary = journal.summary(run_id, live=False)
    data = summary.to_json_dict()
    if args.json:
        emit(
            ctx,
            {
                "run_id": run_id,
                "items": summary.items,
                "ok": data["ok"],
                "failed": data["failed"],
                "unknown": data["unknown"],
                "pending": data["pending"],
                "requests": requests,
                "elapsed_s": elapsed,
            },
        )
    else:
        out(
            f"Bulk run {run_id}: {data['ok']} ok, {data['failed']} failed, {data['unknown']} unknown, "
            f"{data['pending']} pending of {summary.items} ({requests} requests, {elapsed:g} s)."
        )
        if data["failed"] or data["unknown"]:
            out(f"Details: `{PROG} bulk show {run_id}`.")
        if data["pending"] or data["unknown"]:
            out(
                f"Send what was never sent: `{PROG} bulk resume {run_id}`"
                + (
                    " (add --resend-unknown to re-send items whose answer was lost)."
                    if data["unknown"]
                    else "."
                )
            )
    if stopped:
        err(ctx.mask(f"{PROG}: the run stopped: {stopped}"))
    return exit_code(summary)


def resume(args: argparse.Namespace, ctx: Context) -> int:
    journal = open_journal()
    try:
        try:
            summary = journal.summary(args.run_id)
        except RunNotFound:
            raise InvalidInput(
                [FieldError(args.run_id, f"no bulk run has this id; see `{PROG} bulk list`")]
            ) from None
        if summary.meta is not None and not summary.meta.get("ready", True):
            raise InvalidInput(
                [
                    FieldError(
                        args.run_id,
                        "was never complete: its process ended while reading the items "
                        "file, before anything was sent. Start the run again.",
                    )
                ]
            )
        try:
            lock = journal.hold(args.run_id)
        except RunBusy:
            raise InvalidInput(
                [
                    FieldError(
                        args.run_id,
                        "is still running in another process: it cannot be resumed while it is live",
                    )
                ]
            ) from None
        try:
            call, profile, secrets, limit = _resume_parts(ctx, summary)
            lifetime = None
            if call.id == IDEMPOTENT_CALL:
                lifetime = IDEMPOTENCY_LIFETIME.total_seconds()
            journal.prepare_resume(
                args.run_id, resend_unknown=args.resend_unknown, key_lifetime=lifetime
            )
            key = limiter_key(profile, secrets)
            return _execute(args, ctx, journal, args.run_id, call, profile, secrets, limit, key)
        finally:
            lock.release()
    finally:
        journal.close()


def _resume_parts(
    ctx: Context, summary: RunSummary
) -> tuple[CallSpec, Profile, dict[str, str], RateLimit]:
    call = require_call(summary.call)
    try:
        profile = ProfileStore().get(summary.profile)
    except ProfileError as error:
        raise CliError(f"cannot read the profiles: {error}") from None
    if profile is None:
        raise InvalidInput(
            [
                FieldError(
                    summary.profile, "the run's profile no longer exists; add it again to resume"
                )
            ]
        )
    try:
        limit = profile_rate_limit(profile)
    except RateLimitError as error:
        raise InvalidInput([FieldError("rate_limit", str(error))]) from None
    return call, profile, load_profile_secrets(ctx, profile), limit
