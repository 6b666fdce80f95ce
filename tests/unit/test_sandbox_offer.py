"""When the window offers to start the sandbox for a failed call, and on which port."""

from __future__ import annotations

import pytest

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, sandbox_port_to_start

REFUSED = "The connection was refused: nothing is listening at that address and port."


def record(url: str, profile: str, cause: str = REFUSED, outcome: Outcome = Outcome.NETWORK):
    return CallRecord(
        call_id="bitrix24.trigger",
        platform="bitrix24",
        profile=profile,
        started_at="2026-12-05T01:00:00.000+00:00",
        request=RequestRecord("POST", url, {}, ""),
        diagnosis=Diagnosis(outcome, cause, ""),
    )


@pytest.mark.parametrize(
    ("url", "profile", "cause", "outcome", "port"),
    [
        (
            "http://127.0.0.1:8766/rest/1/****/x.json",
            "sandbox-webhook",
            REFUSED,
            Outcome.NETWORK,
            8766,
        ),
        ("http://localhost:9000/rest/x.json", "sandbox-oauth", REFUSED, Outcome.NETWORK, 9000),
        # Not a sandbox profile: the sandbox's own default port.
        ("http://127.0.0.1:3000/rest/x.json", "my-dev", REFUSED, Outcome.NETWORK, 0),
        # Not this machine, not refused, or an answer: nothing to offer.
        ("https://portal.example/rest/x.json", "sandbox-webhook", REFUSED, Outcome.NETWORK, None),
        ("http://127.0.0.1:8765/rest/x.json", "sandbox-webhook", "DNS", Outcome.NETWORK, None),
        ("http://127.0.0.1:8765/rest/x.json", "sandbox-webhook", REFUSED, Outcome.REJECTED, None),
    ],
)
def test_the_offer(url: str, profile: str, cause: str, outcome: Outcome, port: int | None) -> None:
    assert sandbox_port_to_start(record(url, profile, cause, outcome)) == port
