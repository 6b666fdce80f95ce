"""Synthetic history rows for the history benchmarks: realistic shapes, masked, fast.

Deterministic (a fixed seed), with a mix of calls, profiles and outcomes, and a rare
word in about one row in a thousand so full-text search has something to find.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.store.history import HistoryStore

RARE_WORD = "pangolin"  # in about one row in a thousand
_CALLS = (
    ("bitrix24.trigger", "https://acme.bitrix24.com/rest/7/****/crm.automation.trigger.json"),
    (
        "bitrix24.trigger.execute",
        "https://acme.bitrix24.com/rest/crm.automation.trigger.execute.json",
    ),
    ("wix.report-event", "https://www.wixapis.com/automations/v1/events/report"),
    ("wix.run-trigger", "https://www.wixapis.com/v1/trigger-custom"),
)
_OUTCOMES = (
    [Outcome.OK] * 80
    + [Outcome.REJECTED] * 8
    + [Outcome.AUTH] * 4
    + [Outcome.RATE_LIMITED] * 4
    + [Outcome.SERVER_ERROR] * 2
    + [Outcome.NETWORK]
    + [Outcome.TIMEOUT]
)


def synthetic_record(number: int, rng: random.Random, started: datetime) -> CallRecord:
    call_id, url = rng.choice(_CALLS)
    outcome = rng.choice(_OUTCOMES)
    word = RARE_WORD if rng.random() < 0.001 else f"contact{rng.randrange(5000)}"
    body = (
        f'{{"result": true, "time": {{"start": {number}.0, "duration": 0.0{rng.randrange(99)}}}}}'
        if outcome is Outcome.OK
        else f'{{"error": "ERROR_CORE", "error_description": "Trigger for {word} not found"}}'
    )
    answered = outcome.answered
    return CallRecord(
        call_id=call_id,
        platform=call_id.split(".")[0],
        profile=rng.choice(("main", "staging", "client-a", "client-b")),
        started_at=(started + timedelta(seconds=number * 3)).isoformat(timespec="milliseconds"),
        request=RequestRecord(
            "POST",
            url,
            {
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": "****",
            },
            f'{{"target": "DEAL_{number}", "code": "c5u4m", "name": "{word}"}}',
        ),
        diagnosis=Diagnosis(
            outcome,
            f"Outcome {outcome.label}.",
            "Next step.",
            error_code=None if outcome is Outcome.OK else "ERROR_CORE",
        ),
        response=ResponseRecord(
            200 if outcome is Outcome.OK else 400,
            {"content-type": "application/json"},
            body,
            len(body),
        )
        if answered
        else None,
        timings_ms={
            "connect": 12.0,
            "tls": 25.0,
            "send": 0.3,
            "wait": 80.0,
            "receive": 0.4,
            "total": 118.0,
        },
        request_id=f"req-{number}",
    )


def fill(history: HistoryStore, rows: int) -> float:
    """Add `rows` calls in one transaction; return the seconds it took."""
    rng = random.Random(20260509)
    started = datetime.now(UTC) - timedelta(days=365)
    begin = time.perf_counter()
    with history.batch():
        for number in range(rows):
            history.add(synthetic_record(number, rng, started))
    return time.perf_counter() - begin
