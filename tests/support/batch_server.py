"""A small portal on 127.0.0.1 that answers Bitrix24 `batch` (and Wix ReportEvent) correctly.

Stands in for the sandbox until it learns `batch`: it runs `crm.automation.trigger`
commands, counts every item it ran (per target, so a test sees an item fired twice),
writes its answers the way PHP does (a map with keys 0..n-1 as a list, an empty map as
`[]`), and enforces the leaky bucket when given one (503 QUERY_LIMIT_EXCEEDED, counted).
Wix ReportEvent counts events per idempotency key and ignores repeats, and can enforce
N requests per window (429).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

WEBHOOK_PATH = "/rest/1/bulkwebhooksecret7/"


def time_block(start: float, **extra: float) -> dict[str, Any]:
    """Bitrix24's `time` block, every documented key."""
    finish = time.time()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(start))
    return {
        "start": start,
        "finish": finish,
        "duration": finish - start,
        "processing": finish - start,
        "date_start": stamp,
        "date_finish": stamp,
        **extra,
    }


def php_map(mapping: dict[str, Any]) -> Any:
    """As PHP's json_encode writes an array: keys 0..n-1 in order -> list; empty -> []."""
    if list(mapping) == [str(i) for i in range(len(mapping))]:
        return list(mapping.values())
    return mapping


@dataclass
class PortalState:
    bucket: tuple[float, float] | None = None  # (capacity, drain per second)
    level: float = 0.0
    stamp: float = field(default_factory=time.monotonic)
    fired: Counter[str] = field(default_factory=Counter)  # target -> times run
    bad_targets: set[str] = field(default_factory=set)
    time_limited: Counter[str] = field(default_factory=Counter)  # target -> refusals left
    refused_503: int = 0
    requests: int = 0
    delay: float = 0.0
    valid_tokens: set[str] = field(default_factory=lambda: {"live-token"})
    expired_tokens: set[str] = field(default_factory=set)
    refreshes: int = 0
    refresh_refusal: Any = None  # a JSON body: the token endpoint answers 400 with it
    wix_window: tuple[int, float] | None = None
    wix_times: deque[float] = field(default_factory=deque)
    wix_keys: Counter[str] = field(default_factory=Counter)  # idempotency key -> received
    wix_events: Counter[str] = field(default_factory=Counter)  # key -> events applied
    refused_429: int = 0
    overloaded: bool = False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class BatchPortal:
    """Start with `with BatchPortal() as portal:`; `portal.base_url`, `portal.state`."""

    def __init__(self) -> None:
        self.state = PortalState()
        self.lock = threading.Lock()
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._answer(*portal.handle("GET", self.path, b""))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                self._answer(*portal.handle("POST", self.path, body))

            def _answer(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def webhook_url(self) -> str:
        return self.base_url + WEBHOOK_PATH

    def __enter__(self) -> BatchPortal:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- behaviour -------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Counts a test in another process reads with GET /_stats."""
        with self.lock:
            state = self.state
            return {
                "requests": state.requests,
                "refused_503": state.refused_503,
                "fired": sum(state.fired.values()),
                "fired_items": len(state.fired),
                "fired_max": max(state.fired.values(), default=0),
            }

    def _over_bucket(self) -> bool:
        state = self.state
        if state.bucket is None:
            return False
        capacity, rate = state.bucket
        now = time.monotonic()
        state.level = max(0.0, state.level - (now - state.stamp) * rate)
        state.stamp = now
        if state.level + 1 > capacity:
            return True
        state.level += 1
        return False

    def handle(self, method: str, raw_path: str, raw: bytes) -> tuple[int, Any]:
        path = urlsplit(raw_path).path
        if path == "/_stats":
            return 200, self.stats()
        if path.startswith("/oauth/token"):
            return self._refresh()
        body = json.loads(raw or b"{}")
        if path.startswith("/automations/v1/events/report"):
            return self._wix_report(body)
        with self.lock:
            self.state.requests += 1
            delay = self.state.delay
            if self.state.overloaded:
                return 503, {
                    "error": "OVERLOAD_LIMIT",
                    "error_description": "REST API is blocked due to overload.",
                }
            if self._over_bucket():
                self.state.refused_503 += 1
                return 503, {
                    "error": "QUERY_LIMIT_EXCEEDED",
                    "error_description": "Too many requests",
                }
        if delay:
            time.sleep(delay)
        if not path.startswith(WEBHOOK_PATH) and path.startswith("/rest/"):
            token = str(body.get("auth", ""))
            if token in self.state.expired_tokens:
                return 401, {
                    "error": "expired_token",
                    "error_description": "The access token provided has expired.",
                }
            if token not in self.state.valid_tokens:
                return 401, {
                    "error": "NO_AUTH_FOUND",
                    "error_description": "Wrong authorization data",
                }
        elif not path.startswith(WEBHOOK_PATH):
            return 404, {"error": "NOT_FOUND"}
        name = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
        if name != "batch":
            return 404, {
                "error": "ERROR_METHOD_NOT_FOUND",
                "error_description": "Method not found!",
            }
        return self._batch(body)

    def _batch(self, body: dict[str, Any]) -> tuple[int, Any]:
        cmd = body.get("cmd") or {}
        commands = {
            str(k): v for k, v in (cmd.items() if isinstance(cmd, dict) else enumerate(cmd))
        }
        if len(commands) > 50:
            return 400, {
                "error": "ERROR_BATCH_LENGTH_EXCEEDED",
                "error_description": "Max batch length exceeded",
            }
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        times: dict[str, Any] = {}
        now = time.time()
        with self.lock:
            for key, command in commands.items():
                method, _, query = str(command).partition("?")
                params = dict(parse_qsl(query))
                target = params.get("target", "")
                if method != "crm.automation.trigger":
                    errors[key] = {
                        "error": "ERROR_METHOD_NOT_FOUND",
                        "error_description": "Method not found!",
                    }
                elif self.state.time_limited[target] > 0:
                    self.state.time_limited[target] -= 1
                    errors[key] = {
                        "error": "OPERATION_TIME_LIMIT",
                        "error_description": "Method is blocked due to operation time limit.",
                    }
                    times[key] = {
                        "start": now,
                        "finish": now,
                        "duration": 0,
                        "operating_reset_at": now + 1,
                    }
                elif target in self.state.bad_targets or not target:
                    errors[key] = {"error": "", "error_description": "Target is not found."}
                else:
                    self.state.fired[target] += 1
                    results[key] = True
                    times[key] = {
                        "start": now,
                        "finish": now,
                        "duration": 0.001,
                        "processing": 0.001,
                    }
        answer = {
            "result": {
                "result": php_map(results),
                "result_error": php_map(errors),
                "result_total": [],
                "result_next": [],
                "result_time": php_map(times),
            },
            "time": time_block(now),
        }
        return 200, answer

    def _refresh(self) -> tuple[int, Any]:
        if self.state.refresh_refusal is not None:
            return 400, self.state.refresh_refusal
        with self.lock:
            self.state.refreshes += 1
            token = f"fresh-token-{self.state.refreshes}"
            self.state.valid_tokens.add(token)
        return 200, {
            "access_token": token,
            "refresh_token": f"fresh-refresh-{self.state.refreshes}",
            "expires_in": 3600,
        }

    def _wix_report(self, body: dict[str, Any]) -> tuple[int, Any]:
        now = time.monotonic()
        with self.lock:
            state = self.state
            if state.wix_window is not None:
                limit, seconds = state.wix_window
                while state.wix_times and state.wix_times[0] <= now - seconds:
                    state.wix_times.popleft()
                if len(state.wix_times) >= limit:
                    state.refused_429 += 1
                    return 429, {"message": "Too many requests"}
                state.wix_times.append(now)
            key = str((body.get("idempotency") or {}).get("key", ""))
            state.wix_keys[key] += 1
            if state.wix_keys[key] == 1:
                state.wix_events[key] += 1
            delay = state.delay
        if delay:
            time.sleep(delay)
        return 200, {}


@contextmanager
def portal_process(bucket: str = "") -> Iterator[str]:
    """The portal in a process of its own (benchmarks: its threads must not compete
    for the measured process's GIL); yields its base URL. `bucket`: "CAP/RATE"."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.batch_server", bucket],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.communicate(timeout=10)


def _serve(argv: list[str]) -> None:
    portal = BatchPortal()
    if argv and argv[0]:
        capacity, rate = argv[0].split("/")
        portal.state.bucket = (float(capacity), float(rate))
    with portal:
        print(portal.base_url, flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    import sys

    _serve(sys.argv[1:])
