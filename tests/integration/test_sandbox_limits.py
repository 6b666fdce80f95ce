"""The sandbox's rate limits, switched on when asked, and the counters tests read."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.cli import Cli
from trigger_desk.sandbox import Sandbox, run_sandbox, sandbox_limits
from trigger_desk.sandbox.limits import SlidingWindow
from trigger_desk.sandbox.modes import LeakyBucket
from trigger_desk.store.secrets import MemorySecretStore

TRIGGER_ID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"
# A drain this slow never frees a place during a test, however loaded the machine is.
STILL = 0.0001


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as client:
        yield client


def trigger(http: httpx.Client, sandbox: Sandbox, target: str = "DEAL_1") -> httpx.Response:
    return http.post(f"{sandbox.bitrix_webhook_url}crm.automation.trigger", json={"target": target})


def run_wix(http: httpx.Client, sandbox: Sandbox) -> httpx.Response:
    headers = {"Authorization": sandbox.seed.wix_api_key, "wix-site-id": sandbox.seed.wix_site_id}
    return http.post(
        f"{sandbox.wix_api_base}/v1/trigger-custom", json={"triggerId": TRIGGER_ID}, headers=headers
    )


def test_no_limit_unless_asked(http: httpx.Client) -> None:
    with Sandbox() as sandbox:
        assert sandbox.limits == {"bitrix24": None, "wix": None}
        assert {trigger(http, sandbox).status_code for _ in range(60)} == {200}
        assert sandbox.refused == {"bitrix24_503": 0, "wix_429": 0}


def test_the_bucket_refuses_past_its_capacity_and_counts_it(http: httpx.Client) -> None:
    with Sandbox(bitrix_limit=f"5/{STILL}") as sandbox:
        statuses = [trigger(http, sandbox, f"DEAL_{n}").status_code for n in range(1, 9)]
        assert statuses == [200] * 5 + [503] * 3
        refused = trigger(http, sandbox)
        assert refused.json() == {
            "error": "QUERY_LIMIT_EXCEEDED",
            "error_description": "Too many requests",
        }
        assert sandbox.refused == {"bitrix24_503": 4, "wix_429": 0}
        assert sandbox.triggered == {f"DEAL_{n}": 1 for n in range(1, 6)}


def test_one_batch_is_one_request_for_the_bucket(http: httpx.Client) -> None:
    with Sandbox(bitrix_limit=f"2/{STILL}") as sandbox:
        url = f"{sandbox.bitrix_webhook_url}batch"
        answers = []
        for start in (1, 51, 101):
            cmd = [f"crm.automation.trigger?target=DEAL_{n}" for n in range(start, start + 50)]
            answers.append(http.post(url, json={"halt": 0, "cmd": cmd}))
        assert [a.status_code for a in answers] == [200, 200, 503]
        assert sandbox.triggered == {f"DEAL_{n}": 1 for n in range(1, 101)}
        assert sandbox.refused["bitrix24_503"] == 1


def test_the_wix_window_answers_429_past_n(http: httpx.Client) -> None:
    with Sandbox(wix_limit="3/3600") as sandbox:
        statuses = [run_wix(http, sandbox).status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        retry_after = int(run_wix(http, sandbox).headers["retry-after"])
        assert 3500 <= retry_after <= 3600  # when the oldest of the three leaves the hour
        assert sandbox.refused == {"bitrix24_503": 0, "wix_429": 3}
        assert trigger(http, sandbox).status_code == 200  # Bitrix24 is not limited


def test_the_bucket_drains_and_the_window_slides() -> None:
    bucket = LeakyBucket(2, 2.0)
    assert [bucket.admit(10.0), bucket.admit(10.0), bucket.admit(10.0)] == [True, True, False]
    assert bucket.admit(10.5)  # half a second drained one
    assert not bucket.admit(10.5)
    window = SlidingWindow(2, 60)
    assert [window.admit(0.0), window.admit(30.0), window.admit(59.9)] == [True, True, False]
    assert window.admit(60.0)  # the first left the window
    assert not window.admit(89.9)
    assert window.admit(90.0)


def test_limits_and_counters_over_the_control_endpoints(http: httpx.Client) -> None:
    with Sandbox() as sandbox:
        control = f"{sandbox.base_url}/_sandbox"
        answer = http.post(f"{control}/limits", json={"bitrix24": f"1/{STILL}", "wix": None})
        assert answer.json() == {"bitrix24": f"1/{STILL:g}", "wix": None}
        assert [trigger(http, sandbox).status_code for _ in range(3)] == [200, 503, 503]
        counters = http.get(f"{control}/counters").json()
        assert counters["triggered"] == {"DEAL_1": 1}
        assert counters["refused"] == {"bitrix24_503": 2, "wix_429": 0}
        assert counters["requests"] == {"bitrix24": 3, "wix": 0}
        bad = http.post(f"{control}/limits", json={"wix": "fast"})
        assert bad.status_code == 400 and "wix limit must look like N/SECONDS" in bad.text
        cleared = http.post(f"{control}/reset-counters").json()
        assert cleared["triggered"] == {} and cleared["refused"]["bitrix24_503"] == 0


def test_run_sandbox_with_limits_says_so_and_enforces_them(http: httpx.Client) -> None:
    out, stop, codes = io.StringIO(), threading.Event(), []
    thread = threading.Thread(
        target=lambda: codes.append(
            run_sandbox(0, out, stop=stop, bitrix_limit=f"2/{STILL}", wix_limit="200/60")
        )
    )
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while "Ctrl+C" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert (
            f"Bitrix24 bucket 2/{STILL:g} (503 over it), Wix 200/60 (429 over it)" in out.getvalue()
        )
        base = out.getvalue().split("listening on ", 1)[1].split()[0]
        counters = http.get(f"{base}/_sandbox/counters").json()
        assert counters["limits"] == {"bitrix24": f"2/{STILL:g}", "wix": "200/60"}
    finally:
        stop.set()
        thread.join(timeout=5)
    assert codes == [0]


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--bitrix-limit", "fast"], "--bitrix-limit"),
        (["--wix-limit", "200/0"], "--wix-limit"),
        (["--limits", "--wix-limit", "-1/60"], "--wix-limit"),
    ],
)
def test_a_malformed_limit_is_bad_input(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    field: str,
) -> None:
    result = Cli(capsys, monkeypatch, MemorySecretStore())("sandbox", "--port", "0", *argv)
    assert result.code == 2
    assert field in result.err and "N/SECONDS" in result.err and "Traceback" not in result.err


def test_limits_flag_means_the_documented_defaults() -> None:
    assert sandbox_limits(True, None, None) == ("50/2", "200/60")
    assert sandbox_limits(True, None, "10/1") == ("50/2", "10/1")
    assert sandbox_limits(False, "250/5", None) == ("250/5", None)
