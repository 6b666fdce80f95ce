"""`trigger-desk bulk run|resume|list|show`: many items, paced, journalled, resumable.

Exit codes (DESIGN.md): 0 every item ok; 2 bad input, nothing sent; 3 some item has no
answer (`unknown`, or still `pending`: interrupted, stopped, left for
`--resend-unknown`), which wins over 1: some item was refused.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from trigger_desk.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    PROG,
    CliError,
    Context,
    err,
    invalid_input_lines,
    out,
)
from trigger_desk.core.validation import FieldError, InvalidInput
from trigger_desk.store.bulk_journal import BulkJournal, RunNotFound, RunSummary
from trigger_desk.store.history_schema import HistoryUnavailable
from trigger_desk.store.paths import history_db_path

EXIT_NO_ANSWER = 3


def open_journal() -> BulkJournal:
    try:
        return BulkJournal(history_db_path())
    except HistoryUnavailable as error:
        raise CliError(f"{error} Nothing was sent.") from None


def emit(ctx: Context, value: Any) -> None:
    out(ctx.mask(json.dumps(value, indent=2, ensure_ascii=False)))


def _bad_input(args: argparse.Namespace, ctx: Context, invalid: InvalidInput) -> int:
    if getattr(args, "json", False):
        emit(
            ctx,
            {
                "ok": False,
                "outcome": "invalid_input",
                "error": {"code": None, "message": str(invalid)},
                "errors": [{"field": e.field, "message": e.message} for e in invalid.errors],
            },
        )
    else:
        err(ctx.mask(f"{PROG}: bad input, nothing was sent:"))
        for line in invalid_input_lines(invalid.errors):
            err(ctx.mask(line))
    return EXIT_BAD_INPUT


def exit_code(summary: RunSummary) -> int:
    data = summary.to_json_dict()
    if data["unknown"] or data["pending"]:
        return EXIT_NO_ANSWER
    return EXIT_FAILED if data["failed"] else 0


def run_bulk(args: argparse.Namespace, ctx: Context) -> int:
    try:
        if args.action in ("run", "resume"):
            # httpx, the engine and the keyring: only for the commands that send.
            from trigger_desk.cli import _bulk_run

            return _bulk_run.run(args, ctx) if args.action == "run" else _bulk_run.resume(args, ctx)
        if args.action == "list":
            return _list(args, ctx)
        return _show(args, ctx)
    except InvalidInput as invalid:
        return _bad_input(args, ctx, invalid)


def _list(args: argparse.Namespace, ctx: Context) -> int:
    journal = open_journal()
    try:
        runs = [run.to_json_dict() for run in journal.runs()]
    finally:
        journal.close()
    if args.json:
        emit(ctx, {"runs": runs})
        return 0
    if not runs:
        out(
            f"No bulk runs yet. Start one with `{PROG} bulk run CALL_ID --profile NAME --items FILE`."
        )
    for run in runs:
        out(
            f"{run['run_id']}  {run['started_at']}  {run['call']}  {run['profile']}  "
            f"{run['items']} items: {run['ok']} ok, {run['failed']} failed, "
            f"{run['unknown']} unknown, {run['pending']} pending"
        )
    return 0


def _show(args: argparse.Namespace, ctx: Context) -> int:
    journal = open_journal()
    try:
        try:
            summary = journal.summary(args.run_id)
        except RunNotFound:
            raise InvalidInput(
                [FieldError(args.run_id, f"no bulk run has this id; see `{PROG} bulk list`")]
            ) from None
        rows = [
            {"row": row, "state": state, "outcome": outcome, "history_id": history_id}
            for row, state, outcome, history_id in journal.rows(args.run_id)
        ]
    finally:
        journal.close()
    data = summary.to_json_dict()
    if args.json:
        emit(ctx, {**data, "rows": rows})
        return 0
    out(
        f"Bulk run {data['run_id']}: {data['call']} with {data['profile']}, started {data['started_at']}"
        + (" (running now)" if summary.live else "")
    )
    out(
        f"  {data['items']} items: {data['ok']} ok, {data['failed']} failed, "
        f"{data['unknown']} unknown, {data['pending']} pending"
    )
    for row in rows:
        if row["state"] != "ok":
            history = f"history {row['history_id']}" if row["history_id"] else "no history row"
            out(f"  row {row['row']}: {row['state']} ({row['outcome'] or 'no answer'}), {history}")
    return 0
