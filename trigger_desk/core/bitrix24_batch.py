"""The Bitrix24 REST `batch` method, both ways: commands out, per-command results back.

Shared by the bulk runner (which fires triggers 50 per request) and the sandbox (which
answers `batch` like a portal). Pure functions, no I/O.

Out: each command is a method name and its parameters as a PHP-style query string
(`fields[TITLE]=a%26b`, `list[0]=x`), as PHP's `http_build_query` writes it: booleans
become `1` / `0`, `None` and empty containers are left out (PHP drops them too). The
body is `{"halt": 0, "cmd": {KEY: "method?query"}}`; at most 50 commands (the portal
refuses longer batches with `ERROR_BATCH_LENGTH_EXCEEDED`) and never `batch` itself.

Back: `{"result": {"result": {KEY: ...}, "result_error": {KEY: {error, error_description}},
"result_total", "result_next", "result_time": {KEY: time}}, "time": ...}`. PHP writes a
map whose keys are 0..n-1 as a JSON list and an empty map as `[]`, so every one of
those maps may arrive as a list: they are read back as maps keyed "0", "1", ...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

MAX_COMMANDS = 50

# Per-command errors meaning "the method did not run; send it again later".
NOT_RUN_ERRORS = frozenset({"OPERATION_TIME_LIMIT", "QUERY_LIMIT_EXCEEDED"})


class BatchAnswerError(ValueError):
    """The answer is not a batch answer (no `result` map): the request as a whole failed."""


def _encode_scalar(value: object) -> str:
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _pairs(prefix: str, value: object) -> list[tuple[str, str]]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        pairs: list[tuple[str, str]] = []
        for key, item in value.items():
            pairs.extend(_pairs(f"{prefix}[{quote(str(key), safe='')}]", item))
        return pairs
    if isinstance(value, list | tuple):
        pairs = []
        for index, item in enumerate(value):
            pairs.extend(_pairs(f"{prefix}[{index}]", item))
        return pairs
    return [(prefix, quote(_encode_scalar(value), safe=""))]


def encode_params(params: Mapping[str, object]) -> str:
    """`params` as a PHP-style query string, percent-encoded UTF-8.

    Nested maps become `a[b]=...`, lists `a[0]=...`; brackets stay literal (PHP reads
    both forms, and the literal one is what the Bitrix24 docs show).
    """
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        pairs.extend(_pairs(quote(str(key), safe=""), value))
    return "&".join(f"{key}={value}" for key, value in pairs)


def batch_command(method: str, params: Mapping[str, object]) -> str:
    """One `cmd` entry: `method?query` (just `method` when there are no parameters)."""
    name = method.strip()
    if not name:
        raise ValueError("a batch command needs a method name")
    if name.lower().removesuffix(".json") == "batch":
        raise ValueError("batch cannot be called inside batch (ERROR_BATCH_METHOD_NOT_ALLOWED)")
    query = encode_params(params)
    return f"{name}?{query}" if query else name


def batch_body(commands: Mapping[str, str], *, halt: bool = False) -> dict[str, object]:
    """The JSON body of one `batch` request; refuses an empty batch or one over 50."""
    if not commands:
        raise ValueError("a batch needs at least one command")
    if len(commands) > MAX_COMMANDS:
        raise ValueError(f"a batch holds at most {MAX_COMMANDS} commands, not {len(commands)}")
    return {"halt": 1 if halt else 0, "cmd": dict(commands)}


@dataclass(frozen=True)
class BatchItemResult:
    """What the portal said about one command of a batch.

    `ran` is False when the answer names the command in neither `result` nor
    `result_error` (with `halt` on, the commands after the first error are skipped).
    """

    key: str
    result: object | None
    error: str | None
    error_description: str | None
    time: Mapping[str, object] | None
    ran: bool

    @property
    def ok(self) -> bool:
        return self.ran and self.error is None

    @property
    def not_run(self) -> bool:
        """Nothing happened for this command: it may be sent again safely."""
        return not self.ran or self.error in NOT_RUN_ERRORS


def _as_map(value: object) -> dict[str, object]:
    """A PHP-JSON map: a list stands for keys 0..n-1, `[]` (or null) for an empty map."""
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    if isinstance(value, list):
        return {str(index): item for index, item in enumerate(value)}
    return {}


def _inner(body: Mapping[str, object]) -> dict[str, object]:
    inner = body.get("result")
    if not isinstance(inner, Mapping):
        raise BatchAnswerError("the answer has no batch result map")
    return {str(key): value for key, value in inner.items()}


def _error_of(entry: object) -> tuple[str, str | None]:
    if isinstance(entry, Mapping):
        code = entry.get("error")
        text = entry.get("error_description")
        return (str(code) if code is not None else "", str(text) if text is not None else None)
    # Seen from older portals: the error as a bare string.
    return (str(entry), None)


def parse_batch_answer(
    body: Mapping[str, object], keys: Sequence[str]
) -> dict[str, BatchItemResult]:
    """Each command's result, error and time block, in the order of `keys`.

    `body` is the whole decoded answer. Raises `BatchAnswerError` when it carries no
    batch result at all (a refusal of the whole request: read `body["error"]`).
    """
    inner = _inner(body)
    results = _as_map(inner.get("result"))
    errors = _as_map(inner.get("result_error"))
    times = _as_map(inner.get("result_time"))
    parsed: dict[str, BatchItemResult] = {}
    for key in keys:
        time_block = times.get(key)
        time = time_block if isinstance(time_block, Mapping) else None
        if key in errors:
            code, text = _error_of(errors[key])
            parsed[key] = BatchItemResult(key, None, code, text, time, True)
        elif key in results:
            parsed[key] = BatchItemResult(key, results[key], None, None, time, True)
        else:
            parsed[key] = BatchItemResult(key, None, None, None, None, False)
    return parsed


def batch_paging(body: Mapping[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """`result_total` and `result_next` of a batch answer, as maps (for list methods)."""
    inner = _inner(body)
    return _as_map(inner.get("result_total")), _as_map(inner.get("result_next"))
