"""Every documented error reaches the user as an outcome, a cause and a next step."""

from __future__ import annotations

import json

import pytest

from trigger_desk.core.calls import CALLS, platform_errors
from trigger_desk.core.diagnosis import diagnose
from trigger_desk.core.model import Platform
from trigger_desk.core.outcome import Outcome

TRIGGER = CALLS["bitrix24.trigger"]
EXECUTE = CALLS["bitrix24.trigger.execute"]
REPORT = CALLS["wix.report-event"]
RUN = CALLS["wix.run-trigger"]


def bitrix(call, status: int, code: str, text: str):
    body = json.dumps({"error": code, "error_description": text})
    return diagnose(call, status, "application/json", body)


@pytest.mark.parametrize(
    ("text", "expected_cause"),
    [
        ("Target is not set.", "'target' was not sent"),
        ("Incorrect target format.", "TYPENAME_ID"),
        ("Target is not found.", "no item of that type with this id"),
    ],
)
def test_bitrix_method_errors_with_empty_code_match_on_text(text: str, expected_cause: str) -> None:
    diagnosis = bitrix(TRIGGER, 400, "", text)
    assert diagnosis.outcome is Outcome.REJECTED
    assert expected_cause in diagnosis.cause
    assert diagnosis.error_code == "" and diagnosis.error_message == text


def test_answers_that_can_mean_several_things_say_each() -> None:
    # "Target is not found." comes for DEAL_999999 too (DEAL is valid): never claim
    # the type name is the cause.
    target = bitrix(TRIGGER, 400, "", "Target is not found.")
    assert "type name is not one it knows" in target.cause
    assert "no item of that type with this id" in target.cause
    assert "Check that the item exists" in target.next_step
    owner = bitrix(EXECUTE, 400, "", "Incorrect parameter OWNER_ID.")
    assert "no item of that type with this id" in owner.cause
    owner_type = bitrix(EXECUTE, 400, "", "Incorrect parameter OWNER_TYPE_ID.")
    assert "no such type exists on this portal" in owner_type.cause
    https = bitrix(TRIGGER, 400, "INVALID_REQUEST", "Https required.")
    assert "if the profile's portal address starts with http://" in https.next_step.lower()
    batch = bitrix(TRIGGER, 400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
    assert "more than 50 commands" in batch.cause  # the count, not the parameters' size
    not_found = diagnose(RUN, 404, "application/json", json.dumps({"message": "not found"}))
    assert "no such trigger" in not_found.cause and "endpoint" in not_found.cause


def test_access_denied_variants_are_told_apart() -> None:
    admin = bitrix(EXECUTE, 403, "ACCESS_DENIED", "Access denied! Admin permissions required")
    context = bitrix(EXECUTE, 403, "ACCESS_DENIED", "Access denied! Application context required")
    plan = bitrix(TRIGGER, 403, "ACCESS_DENIED", "REST is available only on commercial plans")
    assert admin.outcome is context.outcome is plan.outcome is Outcome.AUTH
    assert "administrator" in admin.cause
    assert "application context" in context.cause
    assert "commercial" in plan.cause


def test_not_registered_trigger() -> None:
    diagnosis = bitrix(EXECUTE, 400, "", "Trigger with code abc is not registered.")
    assert "registered" in diagnosis.cause and "bitrix24.trigger.list" in diagnosis.next_step


@pytest.mark.parametrize(
    ("status", "code", "outcome"),
    [
        (503, "QUERY_LIMIT_EXCEEDED", Outcome.RATE_LIMITED),
        (503, "OVERLOAD_LIMIT", Outcome.RATE_LIMITED),
        (429, "OPERATION_TIME_LIMIT", Outcome.RATE_LIMITED),
        (401, "NO_AUTH_FOUND", Outcome.AUTH),
        (401, "expired_token", Outcome.AUTH),
        (401, "invalid_token", Outcome.AUTH),
        (403, "insufficient_scope", Outcome.AUTH),
        (400, "INVALID_REQUEST", Outcome.REJECTED),
        (404, "ERROR_METHOD_NOT_FOUND", Outcome.REJECTED),
        (500, "INTERNAL_SERVER_ERROR", Outcome.SERVER_ERROR),
    ],
)
def test_bitrix_platform_errors(status: int, code: str, outcome: Outcome) -> None:
    diagnosis = bitrix(TRIGGER, status, code, "whatever")
    assert diagnosis.outcome is outcome
    assert diagnosis.cause and diagnosis.next_step


def test_every_declared_error_has_cause_and_next_step() -> None:
    specs = [spec for call in CALLS.values() for spec in call.errors]
    specs += [*platform_errors(Platform.BITRIX24), *platform_errors(Platform.WIX)]
    for spec in specs:
        assert spec.cause.strip() and spec.next_step.strip(), spec


def test_unknown_error_shows_servers_own_code_and_text() -> None:
    diagnosis = bitrix(TRIGGER, 400, "SOMETHING_NEW", "A brand new failure")
    assert diagnosis.outcome is Outcome.REJECTED
    assert "SOMETHING_NEW" in diagnosis.cause
    assert diagnosis.error_message == "A brand new failure"


def test_success_says_accepted_not_moved() -> None:
    diagnosis = diagnose(TRIGGER, 200, "application/json", '{"result": true, "time": {}}')
    assert diagnosis.outcome is Outcome.OK
    assert "not that an automation rule moved the item" in diagnosis.next_step


@pytest.mark.parametrize("body", ["<html><body><h1>502 Bad Gateway</h1></body></html>", ""])
def test_html_or_empty_502_is_server_error_not_a_crash(body: str) -> None:
    diagnosis = diagnose(TRIGGER, 502, "text/html", body)
    assert diagnosis.outcome is Outcome.SERVER_ERROR
    assert ("HTML" in diagnosis.cause) or ("empty" in diagnosis.cause)


def test_wix_application_error_code_wins_over_status() -> None:
    body = {
        "message": "Schema validation failed",
        "details": {
            "applicationError": {"code": "SCHEMA_VALIDATION_FAILED", "description": "x", "data": {}}
        },
    }
    diagnosis = diagnose(REPORT, 428, "application/json", json.dumps(body))
    assert diagnosis.outcome is Outcome.REJECTED
    assert "schema" in diagnosis.cause
    assert diagnosis.error_code == "SCHEMA_VALIDATION_FAILED"


def test_wix_field_violations_are_shown() -> None:
    body = {
        "message": "invalid argument",
        "details": {
            "validationError": {
                "fieldViolations": [
                    {
                        "field": "triggerId",
                        "description": "must be a GUID",
                        "violatedRule": "FORMAT",
                    }
                ]
            }
        },
    }
    diagnosis = diagnose(RUN, 400, "application/json", json.dumps(body))
    assert "triggerId: must be a GUID (FORMAT)" in (diagnosis.error_message or "")


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (401, Outcome.AUTH),
        (403, Outcome.AUTH),
        (404, Outcome.REJECTED),
        (429, Outcome.RATE_LIMITED),
        (503, Outcome.SERVER_ERROR),
    ],
)
def test_wix_statuses(status: int, outcome: Outcome) -> None:
    diagnosis = diagnose(RUN, status, "application/json", json.dumps({"message": "m"}))
    assert diagnosis.outcome is outcome


def test_wix_empty_success() -> None:
    assert diagnose(RUN, 200, "application/json", "{}").outcome is Outcome.OK
    assert (
        diagnose(REPORT, 200, "application/json", '{"activationIds": ["a"]}').outcome is Outcome.OK
    )


def test_record_storage_round_trip_keeps_every_field() -> None:
    import dataclasses

    from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord

    record = CallRecord(
        "wix.report-event",
        "wix",
        "site",
        "2026-11-23T10:00:00.000+00:00",
        RequestRecord("POST", "https://w/x", {"A": "1"}, "{}"),
        diagnosis=Diagnosis(Outcome.REJECTED, "c", "n", "CODE", "msg"),
        response=ResponseRecord(428, {"x-wix-request-id": "r1"}, '{"message": "m"}', 16),
        timings_ms={"total": 3.5},
        request_id="id",
        platform_request_id="r1",
        attempts=2,
        notes=["a"],
        history_id=7,
    )
    assert CallRecord.from_storage(record.to_storage()) == record
    # Every dataclass field is persisted: a new field must be added to to_storage too.
    assert set(record.to_storage()) == {f.name for f in dataclasses.fields(CallRecord)}
