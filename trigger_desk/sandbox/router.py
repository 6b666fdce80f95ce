"""From a received request to the reply: routing, recording, misbehaviour, control.

Paths served (PORT is the sandbox's):

- `/rest/...` and `/bitrix24/rest/...`: the Bitrix24 portal (webhook or OAuth calls).
- `/bitrix24-oauth/oauth/token/`: the Bitrix24 OAuth server (token refresh).
- `/wix/...`: the Wix API (RunTrigger, ReportEvent, CancelEvent, `oauth2/token`).
- `/_sandbox/mode` (GET, or POST a JSON object of switches), `/_sandbox/reset`,
  `/_sandbox/expire-bitrix-token`, `/_sandbox/invalidate-wix-tokens`, `/_sandbox/state`,
  `/_sandbox/limits` (GET, or POST `{"bitrix24": "50/2", "wix": "200/60"}`),
  `/_sandbox/counters` (triggers per item, 503/429 refusals, requests per platform) and
  `/_sandbox/reset-counters`, `/_sandbox/seed-items` (POST `{"type", "count", "stage"}`):
  the control endpoints (not recorded in `received`).

A single request can carry its own switches in an `X-Sandbox-Mode` header or a
`sandbox_mode` query parameter (`html_502`, `slow=2,rate_limit`, ...).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import unquote

from trigger_desk.sandbox import bitrix24, bitrix24_oauth, wix
from trigger_desk.sandbox.limits import parse_rate
from trigger_desk.sandbox.messages import ReceivedRequest, Reply
from trigger_desk.sandbox.modes import FAULTS, Modes, parse_overrides
from trigger_desk.sandbox.state import SandboxState

BITRIX_PREFIXES = ("/rest/", "/bitrix24/rest/")
BITRIX_OAUTH_PREFIX = "/bitrix24-oauth"
WIX_PREFIX = "/wix"
CONTROL_PREFIX = "/_sandbox/"
MODE_HEADER = "x-sandbox-mode"
MODE_QUERY = "sandbox_mode"
# A renamed portal moves to another host name: the same server reached as localhost.
RENAMED_HOST = "localhost"
HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_WIX_FAULTS = ("drop", "html_502", "rate_limit")


@dataclass(frozen=True)
class Route:
    platform: str  # "bitrix24", "bitrix24-oauth", "wix", or "" for an unknown path
    rest: str  # the path after the platform's prefix

    @property
    def is_api(self) -> bool:
        """Platform API calls: the ones misbehaviour applies to (not the token endpoints)."""
        return self.platform == "bitrix24" or (
            self.platform == "wix" and self.rest != "/oauth2/token"
        )


def route(path: str) -> Route:
    for prefix in BITRIX_PREFIXES:
        if path.startswith(prefix):
            return Route("bitrix24", path[len(prefix) :])
    if path.rstrip("/") == f"{BITRIX_OAUTH_PREFIX}/oauth/token":
        return Route("bitrix24-oauth", "")
    if path.startswith(f"{WIX_PREFIX}/"):
        return Route("wix", path[len(WIX_PREFIX) :])
    return Route("", path)


class Router:
    """Answers requests for one running sandbox."""

    def __init__(self, state: SandboxState, port: int) -> None:
        self.state = state
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"

    def answer(self, request: ReceivedRequest) -> Reply:
        path = unquote(request.path)
        if path.startswith(CONTROL_PREFIX):
            return self._control(path.removeprefix(CONTROL_PREFIX), request)
        where = route(path)
        try:
            return self._answer(request, where)
        except Exception:
            with self.state.lock:
                self.state.errors.append(traceback.format_exc())
            if where.platform == "bitrix24":
                return bitrix24.error(500, "INTERNAL_SERVER_ERROR", "Internal server error")
            return Reply(500)

    def _answer(self, request: ReceivedRequest, where: Route) -> Reply:
        state = self.state
        with state.lock:
            state.received.append(request)
            overrides = request.headers.get(MODE_HEADER) or request.query.get(MODE_QUERY)
            try:
                modes = self._modes_for(overrides)
            except ValueError as problem:
                return Reply.text(400, f"{problem}\n")
            fault = None
            if where.is_api:
                # A one-request override must not count down the global switches.
                source = modes if overrides else state.modes
                fault = source.take_fault(self._applicable(where, request))
                if fault is None and not state.limits.admit(where.platform, time.monotonic()):
                    fault = "rate_limit"
                    if where.platform == "wix":  # Retry-After: when the oldest leaves the window
                        modes.retry_after = state.limits.wix_retry_after(time.monotonic())
                if fault is None and where.platform == "bitrix24" and modes.on["leaky_bucket"]:
                    fault = None if state.bucket.admit(time.monotonic()) else "rate_limit"
                if fault == "rate_limit":
                    state.limits.count_refusal(where.platform)
        if where.is_api and modes.slow:
            time.sleep(modes.slow)
        if fault is not None:
            return self._fault(fault, where, request, modes)
        with state.lock:
            reply = self._dispatch(request, where, modes)
        return _pad(reply, modes.big_response) if where.is_api else reply

    def _modes_for(self, overrides: str | None) -> Modes:
        if not overrides:
            return self.state.modes.copy()
        modes = self.state.modes.copy()
        modes.update(parse_overrides(overrides))
        return modes

    def _applicable(self, where: Route, request: ReceivedRequest) -> Collection[str]:
        if where.platform == "wix":
            return _WIX_FAULTS
        host = request.headers.get("host", "").rsplit(":", 1)[0].lower()
        return FAULTS if host != RENAMED_HOST else [f for f in FAULTS if f != "redirect"]

    def _fault(self, fault: str, where: Route, request: ReceivedRequest, modes: Modes) -> Reply:
        if fault == "drop":
            return Reply(0, drop=True)
        if fault == "html_502":
            return Reply.text(502, HTML_502, content_type="text/html")
        if fault == "rate_limit" and where.platform == "wix":
            reply = wix.rate_limited(modes.retry_after)
            reply.headers["x-wix-request-id"] = wix.request_id()
            return reply
        if fault == "rate_limit":
            return bitrix24.error(*bitrix24.QUERY_LIMIT)
        if fault == "operation_time_limit":
            return bitrix24.operation_time_limit(modes.retry_after)
        query = f"?{request.raw_query}" if request.raw_query else ""
        location = f"http://{RENAMED_HOST}:{self.port}{request.path}{query}"
        reply = Reply.text(
            302, "<html><body><h1>302 Found</h1></body></html>", content_type="text/html"
        )
        reply.headers["Location"] = location
        return reply

    def _dispatch(self, request: ReceivedRequest, where: Route, modes: Modes) -> Reply:
        if where.platform == "bitrix24":
            return bitrix24.handle_rest(self.state, request, where.rest)
        if where.platform == "bitrix24-oauth":
            return bitrix24_oauth.handle_token(
                self.state,
                request,
                portal=self.base_url,
                oauth_server=f"{self.base_url}{BITRIX_OAUTH_PREFIX}",
            )
        if where.platform == "wix":
            return wix.handle_wix(self.state, request, where.rest, modes)
        return Reply.text(
            404, "Not found: the sandbox serves /rest/, /bitrix24-oauth/ and /wix/.\n"
        )

    def _control(self, name: str, request: ReceivedRequest) -> Reply:
        state = self.state
        post = request.method == "POST"
        with state.lock:
            if name == "mode" and post:
                changes = request.json
                if not isinstance(changes, dict):
                    return Reply.json(
                        400, {"error": 'send a JSON object, e.g. {"rate_limit": true}'}
                    )
                try:
                    state.modes.update(changes)
                except ValueError as problem:
                    return Reply.json(400, {"error": str(problem)})
            elif name == "reset" and post:
                state.modes = Modes()
            elif name == "expire-bitrix-token" and post:
                state.expire_bitrix_token()
            elif name == "invalidate-wix-tokens" and post:
                state.invalidate_wix_tokens()
            elif name == "state":
                return Reply.json(200, self._summary())
            elif name == "counters":
                return Reply.json(200, self._counters())
            elif name == "reset-counters" and post:
                state.reset_counters()
                return Reply.json(200, self._counters())
            elif name == "seed-items" and post:
                return self._seed(request)
            elif name == "limits":
                return self._limits(request) if post else Reply.json(200, state.limits.snapshot())
            elif name != "mode":
                return Reply.json(404, {"error": "unknown control; see GET /_sandbox/mode"})
            return Reply.json(200, state.modes.snapshot())

    def _limits(self, request: ReceivedRequest) -> Reply:
        """POST `{"bitrix24": "50/2" | null, "wix": "200/60" | null}`: switch limits on or off."""
        body = request.json
        if not isinstance(body, dict) or not set(body) <= {"bitrix24", "wix"}:
            return Reply.json(400, {"error": 'send {"bitrix24": "50/2", "wix": "200/60"}'})
        try:
            rates = {
                key: parse_rate(str(body[key]), f"{key} limit") if body.get(key) else None
                for key in ("bitrix24", "wix")
            }
        except ValueError as problem:
            return Reply.json(400, {"error": str(problem)})
        self.state.limits.configure(bitrix=rates["bitrix24"], wix=rates["wix"])
        return Reply.json(200, self.state.limits.snapshot())

    def _seed(self, request: ReceivedRequest) -> Reply:
        """POST `{"type": "DEAL", "count": 5600, "stage": "C7:EXECUTING", "title": "Repair"}`."""
        body = request.json
        count = body.get("count") if isinstance(body, dict) else None
        if not isinstance(body, dict) or not isinstance(count, int) or not 0 < count <= 200_000:
            example = '{"type": "DEAL", "count": 5600, "stage": "C7:EXECUTING"}'
            return Reply.json(400, {"error": f"send {example} (count 1 to 200000)"})
        try:
            ids = self.state.crm.seed(
                str(body.get("type")),
                count,
                stage=str(body.get("stage")),
                title=str(body.get("title") or "Seeded item"),
            )
        except ValueError as problem:
            return Reply.json(400, {"error": str(problem)})
        return Reply.json(200, {"first_id": ids[0], "last_id": ids[-1], "count": len(ids)})

    def _counters(self) -> dict[str, object]:
        """What tests count: triggers per item, refusals by the limits, requests per platform."""
        state = self.state
        requests = {"bitrix24": 0, "wix": 0}
        for request in state.received:
            where = route(unquote(request.path))
            if where.is_api:
                requests[where.platform] += 1
        return {
            "triggered": state.triggered(),
            "refused": dict(state.limits.refused),
            "requests": requests,
            "limits": state.limits.snapshot(),
        }

    def _summary(self) -> dict[str, object]:
        state = self.state
        return {
            "received": len(state.received),
            "fired": len(state.fired),
            "token_refreshes": state.token_refreshes,
            "wix_token_grants": state.wix_token_grants,
            "app_triggers": [{"NAME": n, "CODE": c} for c, n in state.app_triggers.items()],
            "modes": state.modes.snapshot(),
        }


def _pad(reply: Reply, size: int) -> Reply:
    """A successful JSON answer grown to about `size` bytes (the `big_response` switch)."""
    if size <= 0 or reply.status != 200 or not isinstance(reply.payload, dict):
        return reply
    padded = {**reply.payload, "sandbox_padding": ""}
    base = len(Reply.json(200, padded).body)
    padded["sandbox_padding"] = "x" * max(0, size - base)
    extra = {k: v for k, v in reply.headers.items() if k != "Content-Type"}
    return Reply.json(200, padded, content_type=reply.content_type, headers=extra)
