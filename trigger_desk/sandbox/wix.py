"""The Wix site: RunTrigger, ReportEvent, CancelEvent and the app token endpoint.

Field checks read the call declarations (`CallSpec.fields` and their rules, and
`rules.wix_event_payload_problems` for ReportEvent payloads). Errors use Wix's body:
`{"message", "details": {"applicationError": {code, description, data}}}` or
`{"message", "details": {"validationError": {"fieldViolations": [...]}}}`. Every answer
carries an `x-wix-request-id` header.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trigger_desk.core.calls import CallSpec, FieldSpec, Rule, find_call, rules
from trigger_desk.sandbox.messages import ReceivedRequest, Reply, dig
from trigger_desk.sandbox.modes import Modes
from trigger_desk.sandbox.state import (
    IDEMPOTENCY_DEFAULT_TTL,
    WIX_APP_TRIGGERS,
    WIX_CUSTOM_TRIGGER_IDS,
    WIX_TOKEN_LIFETIME,
    SandboxState,
    WixEvent,
    WixTrigger,
)


def _call(call_id: str) -> CallSpec:
    call = find_call(call_id)
    assert call is not None, call_id
    return call


RUN, REPORT, CANCEL = _call("wix.run-trigger"), _call("wix.report-event"), _call("wix.cancel-event")
ROUTES: dict[str, CallSpec] = {
    RUN.method: RUN,
    RUN.alternate_method: RUN,
    REPORT.method: REPORT,
    CANCEL.method: CANCEL,
}
# Permission scopes named on the reference pages.
_SCOPES = {
    RUN.id: "SCOPE.CRM.ACCESS-VERTICALS-BY-AUTOMATIONS",
    REPORT.id: "SCOPE.CRM.SETUP-AUTOMATIONS",
    CANCEL.id: "SCOPE.CRM.SETUP-AUTOMATIONS",
}
_VIOLATED_RULE: dict[Rule, str] = {
    rules.GUID: "FORMAT",
    rules.TRIGGER_KEY: "MAX_LENGTH",
    rules.MILLISECONDS: "FORMAT",
    rules.NOT_BLANK: "REQUIRED_FIELD",
}
_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
}
Violation = tuple[str, str, str]  # field, description, violatedRule


def request_id() -> str:
    """An id in the style of Wix's `x-wix-request-id` (seconds, a dot, digits)."""
    return f"{int(time.time())}.{uuid.uuid4().int % 10**20:020d}"


def error(status: int, message: str, code: str | None = None, description: str = "") -> Reply:
    details: dict[str, Any] = {}
    if code is not None:
        details["applicationError"] = {
            "code": code,
            "description": description or message,
            "data": {},
        }
    return Reply.json(
        status, {"message": message, "details": details}, content_type="application/json"
    )


def invalid(violations: list[Violation]) -> Reply:
    message = "; ".join(f"{field}: {description}" for field, description, _ in violations)
    fields = [{"field": f, "description": d, "violatedRule": r} for f, d, r in violations]
    body = {"message": message, "details": {"validationError": {"fieldViolations": fields}}}
    return Reply.json(400, body, content_type="application/json")


def rate_limited(retry_after: float) -> Reply:
    reply = error(429, "Too many requests", "TOO_MANY_REQUESTS", "Request rate limit exceeded.")
    reply.headers["Retry-After"] = str(max(1, round(retry_after)))
    return reply


def not_found() -> Reply:
    return Reply(404)  # Wix's system errors come empty by design


MISSING_PAYLOAD = (400, "Missing request payload.", "REQUIRED_PROPERTY")
SCHEMA_FAILED = (428, "Schema validation failed.", "SCHEMA_VALIDATION_FAILED")


@dataclass(frozen=True)
class Caller:
    app_id: str | None  # None for an API key


def _authenticate(
    state: SandboxState, request: ReceivedRequest, call: CallSpec, modes: Modes
) -> Caller | Reply:
    value = request.headers.get("authorization", "")
    if not value:
        return error(401, "Missing Authorization header", "UNAUTHENTICATED")
    token = state.wix_tokens.get(value)
    if token is not None:
        if token.revoked or time.time() >= token.expires_at:
            return error(401, "Access token is invalid or expired", "UNAUTHENTICATED")
        return Caller(token.app_id)
    seed = state.seed
    if value not in (seed.wix_api_key, seed.wix_limited_api_key):
        return error(401, "Invalid API key or access token", "UNAUTHENTICATED")
    site, account = request.headers.get("wix-site-id"), request.headers.get("wix-account-id")
    if site and account:
        return error(
            403,
            "Send exactly one of the wix-site-id and wix-account-id headers",
            "PERMISSION_DENIED",
        )
    if not site:
        return error(
            403, "This is a site-level call: send the wix-site-id header", "PERMISSION_DENIED"
        )
    if site != seed.wix_site_id:
        return error(403, f"The API key has no access to site {site}", "PERMISSION_DENIED")
    if value == seed.wix_limited_api_key:
        scope = _SCOPES[call.id]
        return error(403, f"The API key lacks the permission scope {scope}", "PERMISSION_DENIED")
    if call is not RUN and not modes.on["wix_api_key_events"]:
        return error(
            403,
            "Only the app that created a trigger can report or cancel its events",
            "PERMISSION_DENIED",
        )
    return Caller(None)


def _field_problem(spec: FieldSpec, value: Any) -> Violation | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # JSON numbers are accepted for string (int64) fields
    if not isinstance(value, str):
        return (spec.name, "must be a string", "FORMAT")
    problem = spec.rule.check(value) if spec.rule else None
    return (
        (spec.name, problem, _VIOLATED_RULE.get(spec.rule, "OTHER"))
        if spec.rule and problem
        else None
    )


def field_violations(call: CallSpec, body: dict[str, Any]) -> list[Violation]:
    """Breaches of the declared fields' required marks and rules."""
    found: list[Violation] = []
    for spec in call.fields:
        value = dig(body, spec.name)
        if value is None or value == "":
            if spec.required:
                found.append((spec.name, "must not be empty", "REQUIRED_FIELD"))
            continue
        problem = _field_problem(spec, value)
        if problem:
            found.append(problem)
    return found


def _fits_schema(trigger: WixTrigger, payload: dict[str, Any]) -> bool:
    if any(key not in payload for key in trigger.required):
        return False
    return all(
        _TYPE_CHECKS[trigger.schema[key]](value)
        for key, value in payload.items()
        if key in trigger.schema
    )


def _app_trigger(key: str) -> WixTrigger | Reply:
    trigger = WIX_APP_TRIGGERS.get(key)
    if trigger is None:
        return error(404, f"Trigger with key {key} was not found", "TRIGGER_NOT_FOUND")
    if not trigger.owned_by_sandbox_app:
        return error(
            403,
            "Only the app that created a trigger can report or cancel its events",
            "PERMISSION_DENIED",
        )
    return trigger


def _run_trigger(state: SandboxState, caller: Caller, body: dict[str, Any]) -> Reply:
    found = field_violations(RUN, body)
    payload = body.get("payload")
    if payload is not None and not isinstance(payload, dict):
        found.append(("payload", "must be an object", "FORMAT"))
    if found:
        return invalid(found)
    if body["triggerId"].lower() not in WIX_CUSTOM_TRIGGER_IDS:
        return error(404, f"Trigger with id {body['triggerId']} was not found", "TRIGGER_NOT_FOUND")
    state.fire(
        "wix", RUN.id, triggerId=body["triggerId"], payload=payload or {}, app_id=caller.app_id
    )
    return Reply.json(200, {}, content_type="application/json")


def _report_event(state: SandboxState, caller: Caller, body: dict[str, Any]) -> Reply:
    if not body.get("triggerKey") or body.get("payload") is None:
        return error(*MISSING_PAYLOAD)
    payload = body["payload"]
    found = field_violations(REPORT, body)
    found += [
        (path, problem, "OTHER") for path, problem in rules.wix_event_payload_problems(payload)
    ]
    if found:
        return invalid(found)
    key = body["triggerKey"]
    trigger = _app_trigger(key)
    if isinstance(trigger, Reply):
        return trigger
    if not _fits_schema(trigger, payload):
        return error(*SCHEMA_FAILED)
    now = time.time()
    idempotency = dig(body, "idempotency.key")
    if idempotency:
        if state.idempotency.get((key, idempotency), 0.0) > now:
            return Reply.json(200, {}, content_type="application/json")  # a repeat: ignored
        ttl_ms = dig(body, "idempotency.ttlInMilliseconds")
        ttl = int(ttl_ms) / 1000 if ttl_ms else IDEMPOTENCY_DEFAULT_TTL
        state.idempotency[(key, idempotency)] = now + ttl
    activations = [str(uuid.uuid4()) for _ in range(trigger.automations)]
    entity = body.get("externalEntityId")
    state.wix_events.append(WixEvent(key, payload, entity, activations))
    state.fire("wix", REPORT.id, triggerKey=key, payload=payload, externalEntityId=entity)
    answer = {"activationIds": activations} if activations else {}
    return Reply.json(200, answer, content_type="application/json")


def _cancel_event(state: SandboxState, caller: Caller, body: dict[str, Any]) -> Reply:
    if not body.get("triggerKey"):
        return error(*MISSING_PAYLOAD)
    found = field_violations(CANCEL, body)
    if found:
        return invalid(found)
    key, entity = body["triggerKey"], body["externalEntityId"]
    trigger = _app_trigger(key)
    if isinstance(trigger, Reply):
        return trigger
    for event in state.wix_events:
        if event.trigger_key == key and event.external_entity_id == entity:
            event.cancelled = True
    state.fire("wix", CANCEL.id, triggerKey=key, externalEntityId=entity)
    return Reply.json(200, {}, content_type="application/json")


_HANDLERS: dict[str, Callable[[SandboxState, Caller, dict[str, Any]], Reply]] = {
    RUN.id: _run_trigger,
    REPORT.id: _report_event,
    CANCEL.id: _cancel_event,
}


def _token(state: SandboxState, request: ReceivedRequest) -> Reply:
    body = request.json
    if request.method != "POST":
        return not_found()
    if not isinstance(body, dict) or body.get("grant_type") != "client_credentials":
        return invalid([("grant_type", "must be client_credentials", "FORMAT")])
    seed = state.seed
    if body.get("client_id") != seed.wix_app_id or body.get("client_secret") != seed.wix_app_secret:
        return error(401, "Invalid client_id or client_secret", "UNAUTHENTICATED")
    if body.get("instance_id") != seed.wix_instance_id:
        return error(404, "The app is not installed on a site with this instance_id", "NOT_FOUND")
    token = state.grant_wix_token(time.time())
    answer = {"access_token": token, "token_type": "Bearer", "expires_in": WIX_TOKEN_LIFETIME}
    return Reply.json(200, answer, content_type="application/json")


def _answer(state: SandboxState, request: ReceivedRequest, path: str, modes: Modes) -> Reply:
    if path == "/oauth2/token":
        return _token(state, request)
    call = ROUTES.get(path)
    if call is None or request.method != "POST":
        return not_found()
    if path == RUN.method and modes.on["wix_sdk_path_only"]:
        return not_found()
    caller = _authenticate(state, request, call, modes)
    if isinstance(caller, Reply):
        return caller
    body = request.json
    if not isinstance(body, dict):
        return error(400, "The request body must be a JSON object", "INVALID_ARGUMENT")
    return _HANDLERS[call.id](state, caller, body)


def handle_wix(state: SandboxState, request: ReceivedRequest, path: str, modes: Modes) -> Reply:
    """Answer one request; `path` is the percent-decoded path after `/wix`."""
    reply = _answer(state, request, path, modes)
    reply.headers["x-wix-request-id"] = request_id()
    return reply
