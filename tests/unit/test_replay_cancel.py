"""A recorded Wix ReportEvent reads back into the values its CancelEvent needs."""

from __future__ import annotations

from trigger_desk.core.record import RequestRecord
from trigger_desk.core.replay import cancel_event_values


def _sent(body: str) -> RequestRecord:
    return RequestRecord("POST", "https://www.wixapis.com/x", {}, body)


def test_a_reported_event_with_an_external_id_can_be_cancelled() -> None:
    body = '{"triggerKey": "cart-abandoned", "externalEntityId": "order-7", "payload": {}}'
    assert cancel_event_values("wix.report-event", _sent(body)) == {
        "triggerKey": "cart-abandoned",
        "externalEntityId": "order-7",
    }
    assert cancel_event_values("wix.report-event", _sent('{"triggerKey": "k"}')) is None
    assert cancel_event_values("wix.report-event", _sent("not json")) is None
    assert cancel_event_values("wix.run-trigger", _sent(body)) is None
