"""Bitrix24 `batch`: up to 50 REST commands in one request, answered the way PHP writes them.

Body: `{"halt": 0|1, "cmd": {KEY: "method?query", ...}}` (a list of commands works too);
each command's query is PHP-style (`filter[stageId]=C7:NEW`, `select[]=id`) and may use
earlier results (`$result[KEY][field][0]`). Every command runs through the portal's own
method handlers with the batch's caller. The answer is
`{"result": {"result", "result_error", "result_total", "result_next", "result_time"}, "time"}`
with PHP's quirks: maps keyed 0..n-1 come back as lists and empty maps as `[]`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from trigger_desk.sandbox.bitrix24_params import php_empty, php_str
from trigger_desk.sandbox.bitrix24_reply import error, time_block
from trigger_desk.sandbox.messages import Reply
from trigger_desk.sandbox.php_query import parse_php_query, php_json

MAX_COMMANDS = 50
TOO_LONG = (400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
NESTED = (400, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage")

_REFERENCE = re.compile(r"\$result\[([^\]]*)\]((?:\[[^\]]*\])*)")
_PART = re.compile(r"\[([^\]]*)\]")

# Runs one command: (method name, its parameters) -> the reply a single call would get.
RunCommand = Callable[[str, dict[str, Any]], Reply]


def _commands(raw: Any) -> dict[str, Any] | None:
    if isinstance(raw, list):
        return {str(index): command for index, command in enumerate(raw)}
    if isinstance(raw, dict):
        return {str(key): command for key, command in raw.items()}
    return None


def split_command(command: str) -> tuple[str, dict[str, Any]]:
    """`crm.item.list?entityTypeId=2` -> ("crm.item.list", {"entityTypeId": "2"})."""
    method, _, query = command.partition("?")
    name = unquote(method).strip().lower().removesuffix(".json")
    return name, parse_php_query(query)


def _lookup(results: Mapping[str, Any], key: str, path: str) -> Any:
    node: Any = results.get(key)
    for part in _PART.findall(path):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def resolve_references(value: Any, results: Mapping[str, Any]) -> Any:
    """`$result[KEY][field][0]` in a command's parameters, filled from earlier results.

    A parameter that is only a reference takes the value itself (a list stays a list);
    one inside other text takes its text. An unknown reference is left as it is.
    """
    if isinstance(value, dict):
        return {name: resolve_references(item, results) for name, item in value.items()}
    if not isinstance(value, str) or "$result[" not in value:
        return value
    whole = _REFERENCE.fullmatch(value)
    if whole is not None:
        found = _lookup(results, whole.group(1), whole.group(2))
        return value if found is None else found

    def text(match: re.Match[str]) -> str:
        found = _lookup(results, match.group(1), match.group(2))
        return match.group(0) if found is None else php_str(found)

    return _REFERENCE.sub(text, value)


def run_batch(params: Mapping[str, Any], run: RunCommand, started: float) -> Reply:
    """Answer a `batch` call whose caller is already known to be allowed in."""
    commands = _commands(params.get("cmd"))
    if commands is None or not commands:
        return error(400, "INVALID_ARG_VALUE", "cmd is empty or not an array")
    if len(commands) > MAX_COMMANDS:
        return error(*TOO_LONG)
    halt = not php_empty(params.get("halt"))
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    totals: dict[str, Any] = {}
    nexts: dict[str, Any] = {}
    times: dict[str, Any] = {}
    for key, command in commands.items():
        if not isinstance(command, str):
            errors[key] = {"error": "INVALID_ARG_VALUE", "error_description": "Wrong command"}
        else:
            method, command_params = split_command(command)
            command_params = resolve_references(command_params, results)
            if method == "batch":
                _, code, text = NESTED
                errors[key] = {"error": code, "error_description": text}
            else:
                answer = run(method, command_params).payload
                answer = answer if isinstance(answer, dict) else {}
                if "error" in answer:
                    errors[key] = {
                        "error": answer["error"],
                        "error_description": answer.get("error_description", ""),
                    }
                else:
                    results[key] = answer.get("result")
                    if "total" in answer:
                        totals[key] = answer["total"]
                    if "next" in answer:
                        nexts[key] = answer["next"]
                    if "time" in answer:
                        times[key] = answer["time"]
        if halt and key in errors:
            break  # the commands after the first error are not run
    result = {
        "result": php_json(results),
        "result_error": php_json(errors),
        "result_total": php_json(totals),
        "result_next": php_json(nexts),
        "result_time": php_json(times),
    }
    return Reply.json(200, {"result": result, "time": time_block(started, time.time())})
