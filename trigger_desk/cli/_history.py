"""`trigger-desk history list|show|export`: every call made, masked."""

from __future__ import annotations

import argparse
import json
from typing import Any

from trigger_desk.cli._common import EXIT_OK, PROG, CliError, Context, out, print_json, write_output
from trigger_desk.cli._output import table
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record_text import record_details
from trigger_desk.core.validation import FieldError, InvalidInput
from trigger_desk.store.history import (
    HistoryFilter,
    HistoryRow,
    HistoryStore,
    HistoryUnavailable,
    RowState,
)
from trigger_desk.store.history_query import parse_history_id, parse_page_limit
from trigger_desk.store.paths import history_db_path


def _row_json(row: HistoryRow) -> dict[str, Any]:
    return {
        "history_id": row.id,
        "started_at": row.started_at,
        "platform": row.platform,
        "call": row.call_id,
        "profile": row.profile,
        "status": row.status,
        "outcome": row.outcome.value if row.outcome else None,
        "total_ms": row.total_ms,
        "hint": row.hint,
        "state": row.state.value,
    }


def _check_numbers(args: argparse.Namespace) -> None:
    """Turn the typed id / limit into numbers, or InvalidInput naming the argument."""
    try:
        if args.action == "show":
            args.id = parse_history_id(str(args.id))
        elif args.action == "list":
            args.limit = parse_page_limit(str(args.limit))
    except ValueError as error:
        field = "ID" if args.action == "show" else "--limit"
        raise InvalidInput([FieldError(field, str(error))]) from None


def run_history(args: argparse.Namespace, ctx: Context) -> int:
    _check_numbers(args)
    path = history_db_path()
    if args.action == "export" and not path.exists():
        return _export(args, None)
    if args.action in ("list", "show") and not path.exists():
        # Reading must not create an empty database as a side effect.
        if args.action == "list":
            if args.json:
                print_json([])
            else:
                out("No calls yet.")
            return EXIT_OK
        raise InvalidInput(
            [FieldError(str(args.id), "no call with this history id (no calls yet)")]
        )
    try:
        with HistoryStore(path) as store:
            if args.action == "list":
                return _list(args, store)
            if args.action == "show":
                return _show(args, store)
            return _export(args, store)
    except HistoryUnavailable as error:
        raise CliError(str(error)) from None


def _list(args: argparse.Namespace, store: HistoryStore) -> int:
    history_filter = _filter(args)
    rows = store.page(history_filter, limit=args.limit)
    if args.json:
        print_json([_row_json(row) for row in rows])
        return EXIT_OK
    if not rows:
        out(
            "No calls match these filters."
            if history_filter != HistoryFilter()
            else "No calls yet."
        )
        return EXIT_OK
    lines = table(
        ("ID", "STARTED (UTC)", "CALL", "PROFILE", "STATUS", "OUTCOME", "TOTAL MS"),
        (
            (
                row.id,
                row.started_at.replace("T", " ")[:19],
                row.call_id,
                row.profile,
                row.status if row.status is not None else "-",
                row.outcome.value if row.outcome else row.state.value,
                f"{row.total_ms:.0f}" if row.total_ms is not None else "-",
            )
            for row in rows
        ),
    )
    for line in lines:
        out(line)
    total = store.count(history_filter)
    if total > len(rows):
        out(f"({len(rows)} of {total} calls; `{PROG} history show ID` for one in full.)")
    return EXIT_OK


def _filter(args: argparse.Namespace) -> HistoryFilter:
    """The store's own filter (the window's history list uses the same one)."""
    return HistoryFilter(
        platform=args.platform,
        call_id=args.call,
        profile=args.profile,
        outcome=Outcome(args.outcome) if args.outcome else None,
        text=args.search or "",
    )


def _show(args: argparse.Namespace, store: HistoryStore) -> int:
    record = store.get(args.id)
    if record is None:
        raise InvalidInput(
            [FieldError(str(args.id), f"no call with this history id; see `{PROG} history list`")]
        )
    state = store.state(args.id)
    if args.json:
        data = record.to_json_dict()
        data["started_at"] = record.started_at
        data["platform"] = record.platform
        data["state"] = state.value if state else None
        print_json(data)
        return EXIT_OK
    note = state.description if state is not None and state is not RowState.DONE else ""
    for line in record_details(record, note):
        out(line)
    return EXIT_OK


def _export(args: argparse.Namespace, store: HistoryStore | None) -> int:
    from trigger_desk.store.har import to_har, to_json_export

    records = store.iter_records() if store is not None else iter(())
    result: Any = to_har(records) if args.format == "har" else to_json_export(records)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    write_output(text, args.output)
    return EXIT_OK
