"""core.record_text: the one formatter the CLI and the window print records with."""

from __future__ import annotations

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.core.record_text import (
    describe_call,
    format_size,
    record_details,
    request_lines,
    response_lines,
)


def record(platform: str = "wix", body: str = '{"triggerId":"t-1"}') -> CallRecord:
    request = RequestRecord(
        "POST",
        "https://www.wixapis.com/x",
        {"Authorization": "****", "X-Request-ID": "req-1"},
        body,
    )
    done = CallRecord(
        call_id=f"{platform}.call",
        platform=platform,
        profile="main",
        started_at="2026-12-05T01:00:00.000+00:00",
        request=request,
        request_id="req-1",
        platform_request_id="plat-9",
    )
    done.diagnosis = Diagnosis(
        Outcome.REJECTED, "Not found.", "Check the id.", error_code="NOT_FOUND", error_message="no"
    )
    done.response = ResponseRecord(404, {"date": "today", "x-wix-request-id": "plat-9"}, "{}", 2)
    return done


def test_request_and_response_lines_indent_bodies_and_leave_volatile_headers_out_of_diffs() -> None:
    call = record()
    assert request_lines(call.request) == [
        "POST https://www.wixapis.com/x",
        "Authorization: ****",
        "X-Request-ID: req-1",
        "",
        "{",
        '  "triggerId": "t-1"',
        "}",
    ]
    assert "X-Request-ID: req-1" not in request_lines(call.request, for_diff=True)
    empty = record(body="").request
    assert request_lines(empty)[-1] == "X-Request-ID: req-1"  # the window shows nothing
    assert request_lines(empty, no_body="(no body)")[-2:] == ["", "(no body)"]  # the CLI says so
    assert response_lines(call.response)[0] == "HTTP 404 · 2 bytes"
    assert response_lines(call.response, for_diff=True) == ["HTTP 404 · 2 bytes", "", "{}"]
    assert response_lines(None) == ["No response was received."]
    assert [format_size(1), format_size(2048)] == ["1 byte", "2.0 KB"]


def test_the_platforms_request_id_is_named_as_its_support_names_it() -> None:
    assert "x-wix-request-id: plat-9" in describe_call(record("wix"), body_hint="")
    assert "Server request id: plat-9" in record_details(record("bitrix24"))
    details = record_details(record("wix"))
    assert "Refused by Wix: NOT_FOUND: no" in details and "X-Request-ID: req-1" in details
