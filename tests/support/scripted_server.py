"""A real HTTP server on 127.0.0.1 that answers from a script, for engine tests.

Each test queues the answers it wants (status, headers, body, delay, or a dropped
connection) and reads back exactly what arrived. Unscripted requests get a 599 so a
test notices them.
"""

from __future__ import annotations

import json
import os
import selectors
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # dict/list -> JSON; str/bytes -> as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering
    path: str | None = None  # only for requests to this path (None: any)
    # Makes the real answer from the request (an echoing server); runs in the handler.
    respond: Callable[[Received], Answer] | None = None


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    raw_target: str = ""  # the request line's target as sent (path and encoded query)

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # benchmarks open hundreds of connections at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a timeout test) breaks the pipe mid-answer: expected,
        # and printing it would land in whatever test captures stderr next.
        pass

    def serve_until_woken(self, wake: int) -> None:
        """Accept connections until a byte arrives on `wake`.

        `serve_forever` notices `shutdown()` only at its next poll (0.5 s by default,
        paid by every test that stops a server); waiting on a self-pipe beside the
        socket wakes at once and never polls."""
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while True:
                ready = {key.fileobj for key, _ in selector.select()}
                if wake in ready:
                    return
                self._handle_request_noblock()  # type: ignore[attr-defined]


class ScriptedServer:
    def __init__(self, default: Answer | None = None) -> None:
        self.default = default  # answer for unscripted requests (None: a 599 error)
        self.answers: deque[Answer] = deque()
        self.received: list[Received] = []
        self.arrived = threading.Event()  # set each time a whole request has been read
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls on loopback

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                with server._lock:
                    server.received.append(
                        Received(
                            self.command,
                            parts.path,
                            parse_qs(parts.query),
                            dict(self.headers),
                            body,
                            raw_target=self.path,
                        )
                    )
                    answer = server._next(parts.path)
                    received = server.received[-1]
                server.arrived.set()
                if answer.respond is not None:
                    answer = answer.respond(received)
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                payload = answer.body
                if isinstance(payload, dict | list):
                    data = json.dumps(payload).encode()
                    content_type = "application/json"
                elif isinstance(payload, str):
                    data = payload.encode()
                    content_type = "text/html; charset=utf-8"
                else:
                    data = payload or b""
                    content_type = "application/octet-stream"
                self.send_response(answer.status)
                headers = {"Content-Type": content_type, **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _handle

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._wake_read, self._wake_write = os.pipe()
        self._thread = threading.Thread(
            target=self._httpd.serve_until_woken, args=(self._wake_read,), daemon=True
        )

    def _next(self, path: str) -> Answer:
        for answer in list(self.answers):
            if answer.path is None or answer.path == path:
                self.answers.remove(answer)
                return answer
        if self.default is not None:
            return self.default
        return Answer(
            599, {"error": "UNSCRIPTED", "error_description": f"nothing scripted for {path}"}
        )

    def script(self, *answers: Answer) -> None:
        self.answers.extend(answers)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}"

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting at once and close the socket (answers in progress finish on
        their own daemon threads)."""
        if self._thread.is_alive():
            os.write(self._wake_write, b"x")
            self._thread.join()
        self._httpd.server_close()
        os.close(self._wake_read)
        os.close(self._wake_write)


@contextmanager
def server_process(
    delay: float = 0.0, big_path: str = "/none", big_bytes: int = 0
) -> Iterator[str]:
    """A scripted server in a process of its own (see `_serve_forever`); yields its base
    URL and kills it afterwards. Benchmarks use it: a server's threads in the measured
    process would compete with the measured loop for the GIL, as a remote one cannot."""
    import subprocess
    import sys

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.scripted_server",
            str(delay),
            big_path,
            str(big_bytes),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    try:
        yield server.stdout.readline().strip()
    finally:
        server.kill()
        server.wait()
        server.stdout.close()


def _serve_forever() -> None:
    """`python -m tests.support.scripted_server DELAY BIG_PATH BIG_BYTES`: a server in its
    own process (so its threads do not compete with the measured loop for the GIL).
    Answers BIG_PATH with a JSON body of BIG_BYTES, everything else small after DELAY s;
    prints the base URL, then serves until killed."""
    import sys

    delay, big_path, big_bytes = float(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    server = ScriptedServer(default=Answer(200, {"result": True}, delay=delay))
    big = json.dumps({"result": True, "blob": "x" * big_bytes}).encode()
    # Re-added on every use: the big path always answers big.
    original_next = server._next

    def next_answer(path: str) -> Answer:
        if path == big_path:
            return Answer(200, big, headers={"Content-Type": "application/json"})
        return original_next(path)

    server._next = next_answer  # type: ignore[method-assign]
    server.start()
    print(server.base_url, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    _serve_forever()
