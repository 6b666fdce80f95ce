"""The shared Bitrix24 batch codec: PHP-style query strings out, PHP-JSON answers back."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, unquote

import pytest

from trigger_desk.core.bitrix24_batch import (
    MAX_COMMANDS,
    BatchAnswerError,
    batch_body,
    batch_command,
    batch_paging,
    encode_params,
    parse_batch_answer,
)


def test_flat_params_are_percent_encoded_utf8() -> None:
    query = encode_params({"target": "DEAL_57", "code": "a&b=c d", "NAME": "Сделка"})
    assert query == "target=DEAL_57&code=a%26b%3Dc%20d&NAME=%D0%A1%D0%B4%D0%B5%D0%BB%D0%BA%D0%B0"
    # Any standard reader gets the values back intact.
    assert dict(parse_qsl(query)) == {"target": "DEAL_57", "code": "a&b=c d", "NAME": "Сделка"}


def test_nested_maps_and_lists_use_php_brackets() -> None:
    query = encode_params(
        {"fields": {"TITLE": "x", "PHONE": [{"VALUE": "1", "VALUE_TYPE": "WORK"}]}, "ids": [3, 4]}
    )
    assert query == (
        "fields[TITLE]=x&fields[PHONE][0][VALUE]=1&fields[PHONE][0][VALUE_TYPE]=WORK"
        "&ids[0]=3&ids[1]=4"
    )


def test_scalars_as_php_writes_them() -> None:
    # http_build_query: true -> 1, false -> 0, null and empty arrays are dropped.
    query = encode_params(
        {"a": True, "b": False, "c": None, "d": [], "e": {}, "f": 7, "g": 2.0, "h": 2.5}
    )
    assert query == "a=1&b=0&f=7&g=2&h=2.5"


def test_batch_command_shapes() -> None:
    assert batch_command("crm.automation.trigger", {"target": "DEAL_1", "code": "c5u4m"}) == (
        "crm.automation.trigger?target=DEAL_1&code=c5u4m"
    )
    assert batch_command("user.current", {}) == "user.current"
    # A value that itself looks like a query cannot leak into the command's parameters.
    command = batch_command("m", {"target": "DEAL_1&code=evil"})
    assert dict(parse_qsl(command.split("?", 1)[1])) == {"target": "DEAL_1&code=evil"}


@pytest.mark.parametrize("method", ["batch", "BATCH", "batch.json", " "])
def test_batch_command_refuses_nested_batch_and_blank(method: str) -> None:
    with pytest.raises(ValueError):
        batch_command(method, {})


def test_batch_body_is_json_with_halt_off_by_default() -> None:
    body = batch_body({"r1": "m?a=1", "r2": "m?a=2"})
    assert body == {"halt": 0, "cmd": {"r1": "m?a=1", "r2": "m?a=2"}}
    assert json.loads(json.dumps(body)) == body
    assert batch_body({"r1": "m"}, halt=True)["halt"] == 1


def test_batch_body_refuses_more_than_fifty_and_empty() -> None:
    batch_body({str(i): "m" for i in range(MAX_COMMANDS)})
    with pytest.raises(ValueError, match="at most 50"):
        batch_body({str(i): "m" for i in range(MAX_COMMANDS + 1)})
    with pytest.raises(ValueError):
        batch_body({})


TIME = {"start": 1.0, "finish": 1.1, "duration": 0.1, "processing": 0.05}


def test_results_errors_and_times_per_key() -> None:
    answer = {
        "result": {
            "result": {"a": True},
            "result_error": {"b": {"error": "", "error_description": "Target is not found."}},
            "result_total": [],
            "result_next": [],
            "result_time": {"a": TIME},
        },
        "time": TIME,
    }
    parsed = parse_batch_answer(answer, ["a", "b"])
    assert list(parsed) == ["a", "b"]
    assert parsed["a"].ok and parsed["a"].result is True and parsed["a"].time == TIME
    assert not parsed["b"].ok and parsed["b"].ran
    assert parsed["b"].error == "" and parsed["b"].error_description == "Target is not found."
    assert parsed["b"].result is None


def test_numeric_keys_arrive_as_lists() -> None:
    # PHP: keys 0..n-1 make a JSON list; an empty map makes [].
    answer = {
        "result": {
            "result": [True, True, True],
            "result_error": [],
            "result_total": [],
            "result_next": [],
            "result_time": [TIME, TIME, TIME],
        }
    }
    parsed = parse_batch_answer(answer, ["0", "1", "2"])
    assert all(item.ok for item in parsed.values())
    assert parsed["2"].time == TIME


def test_numeric_keys_with_a_gap_arrive_as_a_map() -> None:
    answer = {
        "result": {
            "result": {"0": True, "2": True},
            "result_error": {"1": {"error": "ACCESS_DENIED", "error_description": "no"}},
            "result_time": {"0": TIME, "2": TIME},
        }
    }
    parsed = parse_batch_answer(answer, ["0", "1", "2"])
    assert [item.ok for item in parsed.values()] == [True, False, True]
    assert parsed["1"].error == "ACCESS_DENIED"


def test_a_key_in_neither_map_did_not_run() -> None:
    # halt on: the first error stops the rest, which appear nowhere.
    answer = {
        "result": {
            "result": [],
            "result_error": {"a": {"error": "insufficient_scope", "error_description": ""}},
            "result_time": [],
        }
    }
    parsed = parse_batch_answer(answer, ["a", "b"])
    assert parsed["a"].ran and not parsed["a"].not_run
    assert not parsed["b"].ran and parsed["b"].not_run and parsed["b"].time is None


def test_operation_time_limit_inside_a_batch_counts_as_not_run() -> None:
    answer = {
        "result": {
            "result": {"a": True},
            "result_error": {
                "b": {"error": "OPERATION_TIME_LIMIT", "error_description": "Method is blocked"}
            },
        }
    }
    parsed = parse_batch_answer(answer, ["a", "b"])
    assert not parsed["a"].not_run
    assert parsed["b"].ran and parsed["b"].not_run


def test_a_null_result_still_ran() -> None:
    parsed = parse_batch_answer({"result": {"result": {"a": None}}}, ["a"])
    assert parsed["a"].ran and parsed["a"].ok and parsed["a"].result is None


def test_bare_string_error_is_read() -> None:
    parsed = parse_batch_answer({"result": {"result_error": {"a": "boom"}}}, ["a"])
    assert parsed["a"].error == "boom" and parsed["a"].error_description is None


@pytest.mark.parametrize(
    "answer",
    [
        {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"},
        {"result": True},
        {"result": []},
    ],
)
def test_a_refused_request_is_not_a_batch_answer(answer: dict[str, object]) -> None:
    with pytest.raises(BatchAnswerError):
        parse_batch_answer(answer, ["a"])


def test_paging_maps() -> None:
    answer = {"result": {"result": [[1], [2]], "result_total": [120, 5], "result_next": {"0": 50}}}
    totals, nexts = batch_paging(answer)
    assert totals == {"0": 120, "1": 5}
    assert nexts == {"0": 50}


def test_round_trip_through_a_php_style_reader() -> None:
    # What the portal does with a command: split at "?", parse_str the rest.
    command = batch_command("crm.automation.trigger", {"target": "DEAL_9", "code": "ü/?#"})
    method, query = command.split("?", 1)
    assert method == "crm.automation.trigger"
    assert {unquote(k): v for k, v in parse_qsl(query)} == {"target": "DEAL_9", "code": "ü/?#"}
