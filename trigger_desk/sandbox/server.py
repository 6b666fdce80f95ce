"""`Sandbox`: both platforms' trigger endpoints on a loopback HTTP server (stdlib only).

    with Sandbox() as sandbox:
        httpx.post(f"{sandbox.base_url}/rest/1/{sandbox.seed.bitrix_webhook_secret}/"
                   "crm.automation.trigger.json", json={"target": "DEAL_57"})
        assert sandbox.received[-1].json == {"target": "DEAL_57"}

The server runs in a daemon thread; every connection gets its own daemon thread.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, TextIO

from trigger_desk.sandbox.limits import parse_rate
from trigger_desk.sandbox.messages import ReceivedRequest, Reply
from trigger_desk.sandbox.modes import Modes
from trigger_desk.sandbox.router import BITRIX_OAUTH_PREFIX, WIX_PREFIX, Router
from trigger_desk.sandbox.state import Firing, SandboxState, SeedCredentials, WixEvent

HOST = "127.0.0.1"
_WEBHOOK_SECRET = re.compile(r"(/rest/\d+/)[^/?]+")
_MAX_BODY = 16 * 1024 * 1024


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512  # many calls fired at once must not be refused at connect

    def __init__(
        self, address: tuple[str, int], router_factory: Callable[[int], Router], log: TextIO | None
    ) -> None:
        super().__init__(address, _Handler)
        self.router: Router = router_factory(self.server_address[1])
        self.log = log
        self._log_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def track(self, connection: socket.socket, *, open_: bool) -> None:
        with self._connections_lock:
            (self._connections.add if open_ else self._connections.discard)(connection)

    def close_connections(self) -> None:
        """End kept-alive connections, so a stopped sandbox really stops answering."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def log_line(self, request: ReceivedRequest, status: str) -> None:
        if self.log is None:
            return
        # Only the path, with a webhook secret masked: queries may hold tokens.
        path = _WEBHOOK_SECRET.sub(r"\1••••", request.path)
        with self._log_lock:
            self.log.write(f"{time.strftime('%H:%M:%S')} {request.method} {path} -> {status}\n")
            self.log.flush()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the platforms and httpx use
    server_version = "TriggerDeskSandbox/1"
    timeout = 30  # idle kept-alive connections close after this
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as two writes: without this, Nagle's algorithm and the
        # client's delayed ACK stall every answer by ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, open_=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, open_=False)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the sandbox writes its own lines, with secrets masked

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > _MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except ValueError:
            self._send(Reply.text(400, "Bad request body\n"))
            self.close_connection = True
            return
        path, _, query = self.path.partition("?")
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        request = ReceivedRequest(self.command, path, query, headers, body, time.time())
        reply = self.server.router.answer(request)
        if reply.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            self.server.log_line(request, "dropped")
            return
        self._send(reply)
        self.server.log_line(request, str(reply.status))

    def _send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up; nothing to tell it


class Sandbox:
    """Emulates the Bitrix24 and Wix trigger endpoints on 127.0.0.1.

    `port=0` picks a free port. Start with `start()` (or `with Sandbox() as sandbox:`),
    stop with `stop()`. Addresses for profiles: `base_url` (the Bitrix24 portal),
    `bitrix_oauth_server`, `wix_api_base`; credentials in `seed`. `bitrix_limit="50/2"`
    enforces Bitrix24's leaky bucket (capacity/drain per second), `wix_limit="200/60"`
    the Wix limit (N per SECONDS); off by default. See `set_limits` and `counters`.
    """

    def __init__(
        self,
        port: int = 0,
        *,
        seed_credentials: SeedCredentials | None = None,
        log: TextIO | None = None,
        bitrix_limit: str | None = None,
        wix_limit: str | None = None,
    ) -> None:
        self.seed = seed_credentials or SeedCredentials()
        self.state = SandboxState(self.seed)
        self.set_limits(bitrix=bitrix_limit, wix=wix_limit)
        self._requested_port = port
        self._log = log
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle -------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Bind and serve in a daemon thread; OSError when the port is taken."""
        if self._server is not None:
            raise RuntimeError("the sandbox is already running")
        server = _Server(
            (HOST, self._requested_port), lambda port: Router(self.state, port), self._log
        )
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},  # how soon stop() returns
            name=f"trigger-desk-sandbox-{server.server_address[1]}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- addresses ----------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not running: call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`: also the Bitrix24 portal address (`/rest/...`)."""
        return f"http://{HOST}:{self.port}"

    @property
    def bitrix_webhook_url(self) -> str:
        return f"{self.base_url}/rest/{self.seed.bitrix_user_id}/{self.seed.bitrix_webhook_secret}/"

    @property
    def bitrix_oauth_server(self) -> str:
        return f"{self.base_url}{BITRIX_OAUTH_PREFIX}"

    @property
    def wix_api_base(self) -> str:
        return f"{self.base_url}{WIX_PREFIX}"

    # --- what happened ------------------------------------------------------------------

    @property
    def received(self) -> list[ReceivedRequest]:
        """Every platform request so far, oldest first (a copy; control calls left out)."""
        with self.state.lock:
            return list(self.state.received)

    def clear_received(self) -> None:
        with self.state.lock:
            self.state.received.clear()

    @property
    def fired(self) -> list[Firing]:
        """Calls the sandbox accepted and acted on (triggers fired, events reported)."""
        with self.state.lock:
            return list(self.state.fired)

    @property
    def errors(self) -> list[str]:
        """Tracebacks of the sandbox's own failures (answered with a 500); empty when fine."""
        with self.state.lock:
            return list(self.state.errors)

    @property
    def token_refreshes(self) -> int:
        with self.state.lock:
            return self.state.token_refreshes

    @property
    def wix_token_grants(self) -> int:
        with self.state.lock:
            return self.state.wix_token_grants

    @property
    def bitrix_access_token(self) -> str:
        """The application's newest access token (changes on every refresh)."""
        with self.state.lock:
            return self.state.current_access_token

    @property
    def bitrix_refresh_token(self) -> str:
        """The one refresh token that still works."""
        with self.state.lock:
            return self.state.live_refresh_token

    @property
    def app_triggers(self) -> dict[str, str]:
        """Registered Bitrix24 application triggers, CODE -> NAME."""
        with self.state.lock:
            return dict(self.state.app_triggers)

    @property
    def wix_events(self) -> list[WixEvent]:
        with self.state.lock:
            return list(self.state.wix_events)

    @property
    def triggered(self) -> dict[str, int]:
        """How many times each item was triggered (`DEAL_57`, a Wix trigger id or entity id)."""
        with self.state.lock:
            return self.state.triggered()

    @property
    def refused(self) -> dict[str, int]:
        """Requests refused for their rate: `bitrix24_503` and `wix_429`."""
        with self.state.lock:
            return dict(self.state.limits.refused)

    def reset_counters(self) -> None:
        """Forget what was fired and refused (the limits themselves stay as they are)."""
        with self.state.lock:
            self.state.reset_counters()

    @property
    def limits(self) -> dict[str, str | None]:
        """The limits enforced: `{"bitrix24": "50/2" | None, "wix": "200/60" | None}`."""
        with self.state.lock:
            return self.state.limits.snapshot()

    def seed_items(
        self, type_name: str, count: int, *, stage: str, title: str = "Seeded item"
    ) -> list[int]:
        """Add `count` CRM items of `type_name` at `stage` (its funnel follows); their ids.

        E.g. `seed_items("DEAL", 5600, stage="C7:EXECUTING")` puts 5,600 deals in
        Repairs -> In Progress. ValueError for an unknown type or stage.
        """
        with self.state.lock:
            return self.state.crm.seed(type_name, count, stage=stage, title=title)

    # --- making it misbehave ------------------------------------------------------------

    def set_limits(self, *, bitrix: str | None = None, wix: str | None = None) -> None:
        """Enforce Bitrix24's bucket (`"50/2"`) and the Wix window (`"200/60"`); None: off.

        Each starts empty. ValueError for a malformed rate.
        """
        bitrix_rate = parse_rate(bitrix, "bitrix_limit") if bitrix else None
        wix_rate = parse_rate(wix, "wix_limit") if wix else None
        with self.state.lock:
            self.state.limits.configure(bitrix=bitrix_rate, wix=wix_rate)

    def set_mode(self, **changes: Any) -> None:
        """Switch misbehaviour on or off, e.g. `set_mode(rate_limit_times=2, slow=0.5)`.

        See `trigger_desk.sandbox.modes` for the switches; ValueError for an unknown one.
        """
        with self.state.lock:
            self.state.modes.update(changes)

    def reset_mode(self) -> None:
        with self.state.lock:
            self.state.modes = Modes()

    @property
    def modes(self) -> dict[str, Any]:
        with self.state.lock:
            return self.state.modes.snapshot()

    def expire_bitrix_token(self, token: str | None = None) -> None:
        """`token` (default: the newest application token) answers 401 `expired_token` from now on.

        Older tokens stay valid until they expire, as on a real portal.
        """
        with self.state.lock:
            self.state.expire_bitrix_token(token)

    def invalidate_wix_tokens(self) -> None:
        """Every Wix app token issued so far answers 401 from now on."""
        with self.state.lock:
            self.state.invalidate_wix_tokens()
