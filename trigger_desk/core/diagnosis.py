"""What an answer means, in plain words, from the call's documented error catalogue.

Bitrix24 errors often come as HTTP 400 with an empty `error` code, so matching uses the
code *and* the description text, never the status alone. Wix errors carry a message,
an application error code and field violations. Anything undocumented is still
classified (by status) and shows the server's own code and text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from trigger_desk.core.calls import CallSpec, ErrorSpec, platform_errors
from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg
from trigger_desk.core.model import Platform
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import Diagnosis


@dataclass(frozen=True)
class PlatformError:
    """An error as the platform reported it."""

    code: str  # '' when the platform sent none
    message: str
    details: str = ""  # e.g. Wix field violations, one per line


def parse_json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # a server's text: may be nested absurdly deep
        return None
    return value if isinstance(value, dict) else None


def _outcome_for_status(status: int) -> Outcome:
    if status in (401, 403):
        return Outcome.AUTH
    if status == 429:
        return Outcome.RATE_LIMITED
    if status >= 500:
        return Outcome.SERVER_ERROR
    return Outcome.REJECTED


def _best_match(specs: Iterable[ErrorSpec], status: int, error: PlatformError) -> ErrorSpec | None:
    matches = [spec for spec in specs if spec.matches(status, error.code, error.message)]
    return max(matches, key=lambda spec: spec.specificity, default=None)


def _bitrix_error(body: dict[str, Any]) -> PlatformError | None:
    if "error" not in body:
        return None
    code = body.get("error")
    return PlatformError(
        code="" if code is None else str(code),
        message=str(body.get("error_description") or ""),
    )


def _wix_error(body: dict[str, Any]) -> PlatformError:
    details = body.get("details") if isinstance(body.get("details"), dict) else {}
    assert isinstance(details, dict)
    app_error = details.get("applicationError") or {}
    code = str(app_error.get("code") or "") if isinstance(app_error, dict) else ""
    message = str(body.get("message") or "")
    if isinstance(app_error, dict) and app_error.get("description") and not message:
        message = str(app_error["description"])
    lines: list[str] = []
    violations = (details.get("validationError") or {}).get("fieldViolations") or []
    for violation in violations if isinstance(violations, list) else []:
        if isinstance(violation, dict):
            field = violation.get("field", "?")
            rule = f" ({violation['violatedRule']})" if violation.get("violatedRule") else ""
            lines.append(f"{field}: {violation.get('description', '')}{rule}")
    return PlatformError(code=code, message=message, details="\n".join(lines))


def _not_json(call: CallSpec, status: int, text: str, content_type: str) -> Diagnosis:
    what = (
        QT_TRANSLATE_NOOP("core", "an empty answer")
        if not text.strip()
        else (
            QT_TRANSLATE_NOOP("core", "an HTML page")
            if "html" in content_type or text.lstrip().startswith("<")
            else QT_TRANSLATE_NOOP("core", "an answer that is not JSON")
        )
    )
    snippet = " ".join(text.split())[:200]
    if 200 <= status < 300:
        outcome = Outcome.SERVER_ERROR
        cause = Msg(
            QT_TRANSLATE_NOOP(
                "core", "The server answered {status} with {what}, not the platform's JSON."
            ),
            status=status,
            what=what,
        )
        step = QT_TRANSLATE_NOOP(
            "core", "Check the profile's address: it may point at a web page instead of the API."
        )
    elif status >= 500:
        outcome = Outcome.SERVER_ERROR
        cause = Msg(
            QT_TRANSLATE_NOOP(
                "core",
                "The server (or a proxy in front of it) failed with {status} and sent {what}.",
            ),
            status=status,
            what=what,
        )
        step = QT_TRANSLATE_NOOP(
            "core",
            "This is on the server side: retry later; if it persists, check the platform's status.",
        )
    else:
        outcome = _outcome_for_status(status)
        cause = Msg(
            QT_TRANSLATE_NOOP("core", "The server answered {status} with {what}."),
            status=status,
            what=what,
        )
        step = QT_TRANSLATE_NOOP("core", "Check the profile's address and credentials.")
    if status == 404 and call.platform is Platform.BITRIX24:
        step = QT_TRANSLATE_NOOP(
            "core", "Check the portal address in the profile (is it the portal's own URL?)."
        )
    return Diagnosis(outcome, cause, step, error_code=None, error_message=snippet or None)


def _success(call: CallSpec, status: int) -> Diagnosis:
    cause = Msg(
        QT_TRANSLATE_NOOP("core", "{platform} accepted the call (HTTP {status})."),
        platform=call.platform.label,
        status=status,
    )
    return Diagnosis(Outcome.OK, cause, call.success_note)


def _unknown(status: int, error: PlatformError) -> Diagnosis:
    shown = error.code or QT_TRANSLATE_NOOP("core", "(no code)")
    return Diagnosis(
        _outcome_for_status(status),
        Msg(
            QT_TRANSLATE_NOOP(
                "core",
                "The platform answered HTTP {status} with an error Trigger Desk has no notes on: "
                "{code}.",
            ),
            status=status,
            code=shown,
        ),
        QT_TRANSLATE_NOOP(
            "core", "Read the server's message; search the platform's documentation for the code."
        ),
        error_code=error.code,
        error_message=_with_details(error),
    )


def _with_details(error: PlatformError) -> str:
    return f"{error.message}\n{error.details}".strip() if error.details else error.message


def diagnose_by_status(call: CallSpec, status: int, size: int) -> Diagnosis:
    """For an answer too large to read through: judged by its HTTP status alone."""
    if 200 <= status < 300:
        diagnosis = _success(call, status)
    else:
        diagnosis = Diagnosis(
            _outcome_for_status(status),
            Msg(
                QT_TRANSLATE_NOOP(
                    "core", "The platform answered HTTP {status} with an unusually large body."
                ),
                status=status,
            ),
            QT_TRANSLATE_NOOP(
                "core",
                "Read the start of the response below; the platforms' own errors are small JSON.",
            ),
        )
    size_note = Msg(
        QT_TRANSLATE_NOOP(
            "core",
            "The answer was {size} bytes, too large to inspect: judged by its HTTP status alone.",
        ),
        size=f"{size:,}",
    )
    diagnosis.next_step = (
        Msg(QT_TRANSLATE_NOOP("core", "{step} {note}"), step=diagnosis.next_step, note=size_note)
        if diagnosis.next_step
        else size_note
    )
    return diagnosis


def diagnose(
    call: CallSpec,
    status: int,
    content_type: str,
    text: str,
    body: dict[str, Any] | Literal[False] | None = False,
) -> Diagnosis:
    """Classify one HTTP answer and explain it (`body`: the text already parsed, if it was)."""
    if body is False:
        body = parse_json_object(text)
    if body is None:
        if 200 <= status < 300 and call.platform is Platform.WIX and not text.strip():
            return _success(call, status)  # an empty 2xx body is Wix's "{}"
        return _not_json(call, status, text, content_type.lower())
    if call.platform is Platform.BITRIX24:
        error = _bitrix_error(body)
        if error is None:
            if 200 <= status < 300 and "result" in body:
                return _success(call, status)
            if 200 <= status < 300:
                return Diagnosis(
                    Outcome.SERVER_ERROR,
                    QT_TRANSLATE_NOOP("core", "The portal answered without 'result' or 'error'."),
                    QT_TRANSLATE_NOOP("core", "Retry; if it repeats, check the portal address."),
                )
            error = PlatformError("", "")
    else:
        if 200 <= status < 300:
            return _success(call, status)
        error = _wix_error(body)
    spec = _best_match(call.errors, status, error) or _best_match(
        platform_errors(call.platform), status, error
    )
    if spec is None:
        return _unknown(status, error)
    return Diagnosis(
        spec.outcome,
        spec.cause,
        spec.next_step,
        error_code=error.code,
        error_message=_with_details(error) or None,
    )


def platform_request_id(platform: Platform, headers: Mapping[str, str], sent_id: str) -> str:
    """The id the platform's support can find this request by, when the answer has one.

    Wix sends `x-wix-request-id` with every answer. Bitrix24 documents none: its `time`
    block is timing, not an id; support matches the X-Request-ID we sent (kept apart in
    the record). A server or proxy `x-request-id` is kept when it is not our own echoed.
    """
    if platform is Platform.WIX:
        return str(headers.get("x-wix-request-id", ""))
    own = str(headers.get("x-request-id", ""))
    return "" if own == sent_id else own
