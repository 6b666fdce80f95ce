"""HAR 1.2 export: every required field with the right type, timings mapped as HAR wants."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from trigger_desk import __version__
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.store.har import to_har, to_json_export
from trigger_desk.store.history import HistoryStore

NUMBER = (int, float)
# Required fields of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) and their
# types; a nested dict is an object, a one-element list an array of that shape.
_NAME_VALUE = {"name": str, "value": str}
_SHAPES: dict[str, Any] = {
    "log": {"version": str, "creator": {"name": str, "version": str}, "entries": ["entry"]},
    "entry": {
        "startedDateTime": str,
        "time": NUMBER,
        "request": "request",
        "response": "response",
        "cache": {},
        "timings": {"send": NUMBER, "wait": NUMBER, "receive": NUMBER},
    },
    "request": {
        "method": str,
        "url": str,
        "httpVersion": str,
        "cookies": [_NAME_VALUE],
        "headers": [_NAME_VALUE],
        "queryString": [_NAME_VALUE],
        "headersSize": int,
        "bodySize": int,
    },
    "response": {
        "status": int,
        "statusText": str,
        "httpVersion": str,
        "cookies": [_NAME_VALUE],
        "headers": [_NAME_VALUE],
        "content": {"size": int, "mimeType": str},
        "redirectURL": str,
        "headersSize": int,
        "bodySize": int,
    },
}
_OPTIONAL_TIMINGS = ("blocked", "dns", "connect", "ssl")


def har_problems(value: Any, shape: Any = "log", where: str = "log") -> list[str]:
    """Every place `value` breaks the required HAR structure (empty when valid)."""
    if isinstance(shape, str):
        shape = _SHAPES[shape]
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [f"{where}: expected an object"]
        problems = []
        for key, inner in shape.items():
            if key not in value:
                problems.append(f"{where}.{key}: missing")
            else:
                problems += har_problems(value[key], inner, f"{where}.{key}")
        return problems
    if isinstance(shape, list):
        if not isinstance(value, list):
            return [f"{where}: expected an array"]
        return [
            p for i, item in enumerate(value) for p in har_problems(item, shape[0], f"{where}[{i}]")
        ]
    if isinstance(value, bool) or not isinstance(value, shape):
        return [f"{where}: {value!r} is not {shape}"]
    return []


def entry_problems(entry: Mapping[str, Any]) -> list[str]:
    """The rules the shape alone cannot say."""
    problems = []
    timings = entry["timings"]
    for name in ("send", "wait", "receive"):
        if timings[name] < 0:
            problems.append(f"timings.{name} is negative")
    for name in _OPTIONAL_TIMINGS:
        if name in timings and not (timings[name] == -1 or timings[name] >= 0):
            problems.append(f"timings.{name} is neither -1 nor a duration")
    if "T" not in entry["startedDateTime"] or not entry["startedDateTime"].endswith("+00:00"):
        problems.append("startedDateTime is not ISO 8601 with a zone")
    post = entry["request"].get("postData")
    if post is not None and not isinstance(post.get("mimeType"), str):
        problems.append("postData.mimeType missing")
    if not all(key.startswith("_") for key in entry if key not in (*_SHAPES["entry"], "comment")):
        problems.append("custom fields must start with _")
    return problems


def answered_call() -> CallRecord:
    body = '{"result": true, "time": {"start": 1.0, "finish": 1.1}}'
    return CallRecord(
        call_id="bitrix24.trigger",
        platform="bitrix24",
        profile="main",
        started_at="2026-05-09T07:35:25.123+00:00",
        request=RequestRecord(
            "POST",
            "https://acme.bitrix24.com/rest/7/***/crm.automation.trigger.json?debug=1&x=",
            {"Content-Type": "application/json", "Accept": "application/json"},
            '{"target": "DEAL_57", "code": "c5u4m"}',
        ),
        diagnosis=Diagnosis(Outcome.OK, "The platform accepted the call.", ""),
        response=ResponseRecord(200, {"Content-Type": "application/json"}, body, 40),
        timings_ms={
            "connect": 10.0,
            "tls": 20.0,
            "send": 1.0,
            "wait": 50.0,
            "receive": 2.0,
            "total": 90.0,
        },
        request_id="req-1",
        platform_request_id='{"start":1.0,"finish":1.1}',
        history_id=7,
    )


def unanswered_call() -> CallRecord:
    return CallRecord(
        call_id="wix.report-event",
        platform="wix",
        profile="shop",
        started_at="2026-05-09T07:36:00.000+00:00",
        request=RequestRecord(
            "POST",
            "https://www.wixapis.com/automations/v1/events/report",
            {"Authorization": "***"},
            "",
        ),
        diagnosis=Diagnosis(
            Outcome.NETWORK,
            "The connection was refused.",
            "Check the address.",
            error_message="[Errno 111] Connection refused",
        ),
        timings_ms={"connect": 0.0, "total": 3.5},
    )


def test_har_has_every_required_field_with_the_right_type() -> None:
    har = json.loads(json.dumps(to_har([answered_call(), unanswered_call()])))
    assert har_problems(har["log"]) == []
    assert [entry_problems(entry) for entry in har["log"]["entries"]] == [[], []]
    assert har["log"]["version"] == "1.2"
    assert har["log"]["creator"] == {"name": "Trigger Desk", "version": __version__}


def test_the_validator_itself_catches_a_broken_entry() -> None:
    har = to_har([answered_call()])
    entry = har["log"]["entries"][0]
    del entry["request"]["headersSize"]
    entry["response"]["status"] = "200"
    entry["timings"]["wait"] = -1
    assert har_problems(har["log"]) == [
        "log.entries[0].request.headersSize: missing",
        "log.entries[0].response.status: '200' is not <class 'int'>",
    ]
    assert entry_problems(entry) == ["timings.wait is negative"]


def test_answered_call_maps_request_response_and_timings() -> None:
    entry = to_har([answered_call()])["log"]["entries"][0]
    request, response, timings = entry["request"], entry["response"], entry["timings"]
    assert request["method"] == "POST"
    assert request["headers"][0] == {"name": "Content-Type", "value": "application/json"}
    assert request["queryString"] == [{"name": "debug", "value": "1"}, {"name": "x", "value": ""}]
    assert request["postData"] == {
        "mimeType": "application/json",
        "text": '{"target": "DEAL_57", "code": "c5u4m"}',
    }
    assert request["bodySize"] == 38
    assert (response["status"], response["statusText"]) == (200, "OK")
    assert response["content"]["mimeType"] == "application/json"
    assert json.loads(response["content"]["text"])["result"] is True
    assert response["bodySize"] == 40 and response["content"]["size"] == 55
    assert response["content"]["compression"] == 15  # 55 bytes decoded, 40 on the wire
    assert timings == {
        "blocked": -1,
        "dns": -1,
        "connect": 30.0,
        "ssl": 20.0,
        "send": 1.0,
        "wait": 50.0,
        "receive": 2.0,
    }
    assert entry["time"] == 83.0  # the phases; ssl is inside connect
    assert entry["startedDateTime"] == "2026-05-09T07:35:25.123+00:00"
    assert entry["_triggerDesk"] | {"notes": None} == {
        "historyId": 7,
        "call": "bitrix24.trigger",
        "platform": "bitrix24",
        "profile": "main",
        "outcome": "ok",
        "hint": "The platform accepted the call.",
        "errorCode": None,
        "errorMessage": None,
        "platformRequestId": '{"start":1.0,"finish":1.1}',
        "requestId": "req-1",
        "attempts": 1,
        "totalMs": 90.0,
        "timingsState": {},  # a record from before phases were told apart
        "notes": None,
    }


def test_call_without_an_answer_is_still_a_valid_entry() -> None:
    entry = to_har([unanswered_call()])["log"]["entries"][0]
    response = entry["response"]
    assert (response["status"], response["headers"], response["content"]["size"]) == (0, [], 0)
    assert "postData" not in entry["request"] and entry["request"]["bodySize"] == 0
    assert entry["timings"]["ssl"] == -1 and entry["timings"]["connect"] == 0.0
    assert entry["time"] == 3.5  # no phase measured: the call's total
    assert entry["_triggerDesk"]["outcome"] == "network"
    assert entry["_triggerDesk"]["errorMessage"] == "[Errno 111] Connection refused"


def test_redirect_keeps_the_new_address() -> None:
    record = answered_call()
    record.response = ResponseRecord(301, {"Location": "https://acme.bitrix24.de/rest/"}, "", 0)
    response = to_har([record])["log"]["entries"][0]["response"]
    assert (response["statusText"], response["redirectURL"]) == (
        "Moved Permanently",
        "https://acme.bitrix24.de/rest/",
    )
    assert response["content"] == {"size": 0, "mimeType": "", "text": ""}


def test_history_exports_as_har_and_json_including_interrupted_calls(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as history:
        history.add(answered_call())
        history.add(unanswered_call())
        in_flight = unanswered_call()
        in_flight.diagnosis = None
        history.begin(in_flight)
        records = list(history.iter_records())
    har = json.loads(json.dumps(to_har(records)))
    assert har_problems(har["log"]) == []
    entries = har["log"]["entries"]
    assert [entry["_triggerDesk"]["historyId"] for entry in entries] == [1, 2, 3]
    assert entries[2]["_triggerDesk"]["outcome"] is None
    assert entries[2]["response"]["status"] == 0

    exported = json.loads(json.dumps(to_json_export(records)))
    assert exported == [record.to_json_dict() for record in records]
    assert [item["history_id"] for item in exported] == [1, 2, 3]
    assert exported[0]["outcome"] == "ok" and exported[2]["outcome"] is None
