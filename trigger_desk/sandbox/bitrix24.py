"""The Bitrix24 portal: `crm.automation.trigger*` over REST, answered as the reference pages say.

Who may call what (webhook or application context, CRM access, admin rights, scope) and
what the portal holds (items, registered application triggers) live here; parameter
checks come from the call declarations via `bitrix24_params`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trigger_desk.core.calls import CallSpec, calls_for, rules
from trigger_desk.core.model import AuthKind, Platform
from trigger_desk.sandbox import bitrix24_batch, bitrix24_crm
from trigger_desk.sandbox.bitrix24_params import (
    OWNER_ID,
    OWNER_TYPE,
    check_fields,
    php_str,
    request_params,
)
from trigger_desk.sandbox.bitrix24_reply import Paged, time_block
from trigger_desk.sandbox.bitrix24_reply import error as error
from trigger_desk.sandbox.messages import ReceivedRequest, Reply
from trigger_desk.sandbox.state import BITRIX_PORTAL_TYPES, BITRIX_USERS, BitrixUser, SandboxState

_CALLS: dict[str, CallSpec] = {
    call.method: call for call in (*calls_for(Platform.BITRIX24), *bitrix24_crm.CALLS)
}


NO_AUTH = (401, "NO_AUTH_FOUND", "Wrong authorization data")
EXPIRED = (401, "expired_token", "The access token provided has expired.")
NO_SCOPE = (
    403,
    "insufficient_scope",
    "The request requires higher privileges than provided by the webhook token",
)
NOT_FOUND = (404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
QUERY_LIMIT = (503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
TIME_LIMIT = (429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit")
CRM_DENIED = (400, "", "Access denied.")
ADMIN_REQUIRED = (403, "ACCESS_DENIED", "Access denied! Admin permissions required")
APP_CONTEXT_REQUIRED = (403, "ACCESS_DENIED", "Access denied! Application context required")
NO_UPDATE_RIGHTS = (
    403,
    "ACCESS_DENIED",
    "Access denied! There are no permissions to update the entity.",
)


def operation_time_limit(retry_after: float) -> Reply:
    now = time.time()
    status, code, text = TIME_LIMIT
    timing = time_block(now, now, operating=480.0, reset_in=max(1.0, retry_after))
    return error(status, code, text, time=timing)


# --- who is calling -------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    user: BitrixUser
    app_context: bool  # an application's OAuth token, not a webhook
    scopes: frozenset[str]


def _caller(
    state: SandboxState, webhook: tuple[str, str] | None, params: Mapping[str, Any]
) -> Caller | Reply:
    if webhook is not None:
        user_id, secret = webhook
        hook = state.webhooks.get(secret)
        if hook is None or str(hook[0]) != user_id:
            return error(*NO_AUTH)
        return Caller(BITRIX_USERS[hook[0]], False, hook[1])
    token = params.get("auth")
    entry = state.access_tokens.get(token) if isinstance(token, str) else None
    if entry is None:
        return error(*NO_AUTH)
    if entry.expired(time.time()):
        return error(*EXPIRED)
    return Caller(BITRIX_USERS[entry.user_id], True, frozenset({"crm"}))


# --- the methods ----------------------------------------------------------------------


def _app_method_denial(caller: Caller) -> Reply | None:
    """The checks execute/list/add/delete make first, in the reference pages' order."""
    if not caller.user.crm_access:
        return error(*CRM_DENIED)
    if not caller.user.admin:
        return error(*ADMIN_REQUIRED)
    if not caller.app_context:
        return error(*APP_CONTEXT_REQUIRED)
    return None


def _registered(state: SandboxState, code: str) -> str | None:
    """The registered CODE matching `code` (the portal compares without case), or None."""
    return next((known for known in state.app_triggers if known.lower() == code.lower()), None)


def _trigger(
    state: SandboxState, call: CallSpec, caller: Caller, params: Mapping[str, Any]
) -> Reply | Any:
    if not caller.user.crm_access:
        return error(*CRM_DENIED)

    def item_exists(value: Any, _: Mapping[str, Any]) -> str | None:
        type_name, item_id = rules.split_target(value) or ("", 0)
        return None if state.bitrix_item_exists(type_name, item_id) else "Target is not found."

    values, problem = check_fields(call, params, {"target": item_exists})
    if problem:
        return error(400, "", problem)
    if not caller.user.can_update:
        return error(*NO_UPDATE_RIGHTS)
    code = php_str(params.get("code")) or None
    state.fire("bitrix24", call.id, target=values["target"], code=code, user_id=caller.user.id)
    return True


def _execute(
    state: SandboxState, call: CallSpec, caller: Caller, params: Mapping[str, Any]
) -> Reply | Any:
    def registered(code: Any, _: Mapping[str, Any]) -> str | None:
        return None if _registered(state, code) else f"Trigger with code {code} is not registered."

    def portal_type(type_id: Any, _: Mapping[str, Any]) -> str | None:
        return None if type_id in BITRIX_PORTAL_TYPES else OWNER_TYPE.invalid

    def item(item_id: Any, values: Mapping[str, Any]) -> str | None:
        type_name = BITRIX_PORTAL_TYPES[values["OWNER_TYPE_ID"]]
        return None if state.bitrix_item_exists(type_name, item_id) else OWNER_ID.invalid

    extras = {"CODE": registered, "OWNER_TYPE_ID": portal_type, "OWNER_ID": item}
    values, problem = check_fields(call, params, extras)
    if problem:
        return error(400, "", problem)
    state.fire("bitrix24", call.id, **values, user_id=caller.user.id)
    return True


def _list(
    state: SandboxState, call: CallSpec, caller: Caller, params: Mapping[str, Any]
) -> Reply | Any:
    return [{"NAME": name, "CODE": code} for code, name in state.app_triggers.items()]


def _add(
    state: SandboxState, call: CallSpec, caller: Caller, params: Mapping[str, Any]
) -> Reply | Any:
    values, problem = check_fields(call, params, {})
    if problem:
        return error(400, "", problem)
    code = _registered(state, values["CODE"]) or values["CODE"]
    state.app_triggers[code] = values["NAME"]  # an existing CODE is renamed
    return True


def _delete(
    state: SandboxState, call: CallSpec, caller: Caller, params: Mapping[str, Any]
) -> Reply | Any:
    def known(code: Any, _: Mapping[str, Any]) -> str | None:
        return None if _registered(state, code) else "Trigger not found"

    values, problem = check_fields(call, params, {"CODE": known})
    if problem:
        return error(400, "", problem)
    del state.app_triggers[_registered(state, values["CODE"]) or ""]
    return True


Method = Callable[[SandboxState, CallSpec, Caller, Mapping[str, Any]], "Reply | Any"]
_METHODS: dict[str, Method] = {
    "bitrix24.trigger": _trigger,
    "bitrix24.trigger.execute": _execute,
    "bitrix24.trigger.list": _list,
    "bitrix24.trigger.add": _add,
    "bitrix24.trigger.delete": _delete,
    **bitrix24_crm.METHODS,
}


def split_rest_path(rest_path: str) -> tuple[tuple[str, str] | None, str] | None:
    """`1/secret/crm.automation.trigger.json` -> (("1", "secret"), "crm.automation.trigger").

    `rest_path` is what follows `/rest/`; a trailing slash is allowed (the portal's
    "incoming webhook" trigger URL ends in `crm.automation.trigger/?target=...`).
    """
    segments = rest_path.split("/")
    if len(segments) > 1 and segments[-1] == "":
        segments.pop()
    if len(segments) == 3 and segments[0].isdigit():
        webhook: tuple[str, str] | None = (segments[0], segments[1])
    elif len(segments) == 1:
        webhook = None
    else:
        return None
    method = segments[-1].lower().removesuffix(".json")
    return webhook, method


def handle_rest(state: SandboxState, request: ReceivedRequest, rest_path: str) -> Reply:
    """Answer one REST call; `rest_path` is the percent-decoded path after `/rest/`."""
    start = time.time()
    parts = split_rest_path(rest_path)
    if parts is None:
        return error(*NOT_FOUND)
    webhook, method = parts
    params = request_params(request)
    caller = _caller(state, webhook, params)
    if isinstance(caller, Reply):
        return caller
    if method == "batch":

        def run(name: str, command_params: dict[str, Any]) -> Reply:
            return run_method(state, caller, name, command_params)

        return bitrix24_batch.run_batch(params, run, start)
    return run_method(state, caller, method, params, start)


def run_method(
    state: SandboxState,
    caller: Caller,
    method: str,
    params: Mapping[str, Any],
    start: float | None = None,
) -> Reply:
    """One method for a known caller: a call of its own, or one command of a batch."""
    start = time.time() if start is None else start
    call = _CALLS.get(method)
    if call is None:
        return error(*NOT_FOUND)
    if "crm" not in caller.scopes:
        return error(*NO_SCOPE)
    if AuthKind.WEBHOOK not in call.auth_kinds:  # declared as application-context only
        denial = _app_method_denial(caller)
        if denial is not None:
            return denial
    result = _METHODS[call.id](state, call, caller, params)
    if isinstance(result, Reply):
        return result
    payload: dict[str, Any] = {"result": result}
    if isinstance(result, Paged):
        payload = {"result": result.result, "total": result.total}
        if result.next is not None:
            payload["next"] = result.next
    payload["time"] = time_block(start, time.time())
    return Reply.json(200, payload)
