"""`trigger-desk sandbox`: run the emulator in the foreground and say how to use it."""

from __future__ import annotations

import json
import shlex
import signal
import threading
from types import FrameType
from typing import TextIO, TypedDict

from trigger_desk.core.model import AuthKind, Platform
from trigger_desk.core.validation import FieldError, InvalidInput
from trigger_desk.sandbox.limits import BITRIX_DEFAULT, WIX_DEFAULT, parse_rate
from trigger_desk.sandbox.router import BITRIX_OAUTH_PREFIX, WIX_PREFIX
from trigger_desk.sandbox.server import Sandbox
from trigger_desk.sandbox.state import DEFAULT_SEED, WIX_CUSTOM_TRIGGER_IDS, SeedCredentials

# Exit code when the sandbox cannot start (the port is taken or not allowed): bad input.
EXIT_CANNOT_START = 2


class SandboxProfile(TypedDict):
    """A connection profile for the sandbox, in the shape `profiles add` takes."""

    name: str
    platform: str
    auth: str
    settings: dict[str, str]
    secrets: dict[str, str]


def sandbox_profiles(base_url: str, seed: SeedCredentials = DEFAULT_SEED) -> list[SandboxProfile]:
    """The four sandbox profiles, one per auth kind, for a sandbox at `base_url`."""
    base = base_url.rstrip("/")
    wix_base = f"{base}{WIX_PREFIX}"
    return [
        SandboxProfile(
            name="sandbox-webhook",
            platform=Platform.BITRIX24.value,
            auth=AuthKind.WEBHOOK.value,
            settings={},  # portal and user id come from the URL
            secrets={
                "webhook_url": f"{base}/rest/{seed.bitrix_user_id}/{seed.bitrix_webhook_secret}/"
            },
        ),
        SandboxProfile(
            name="sandbox-oauth",
            platform=Platform.BITRIX24.value,
            auth=AuthKind.OAUTH.value,
            settings={
                "portal": base,
                "client_id": seed.bitrix_client_id,
                "oauth_server": f"{base}{BITRIX_OAUTH_PREFIX}",
            },
            secrets={
                "client_secret": seed.bitrix_client_secret,
                "access_token": seed.bitrix_access_token,
                "refresh_token": seed.bitrix_refresh_token,
            },
        ),
        SandboxProfile(
            name="sandbox-wix-key",
            platform=Platform.WIX.value,
            auth=AuthKind.API_KEY.value,
            settings={"site_id": seed.wix_site_id, "api_base": wix_base},
            secrets={"api_key": seed.wix_api_key},
        ),
        SandboxProfile(
            name="sandbox-wix-app",
            platform=Platform.WIX.value,
            auth=AuthKind.APP_OAUTH.value,
            settings={
                "app_id": seed.wix_app_id,
                "instance_id": seed.wix_instance_id,
                "api_base": wix_base,
            },
            secrets={"app_secret": seed.wix_app_secret},
        ),
    ]


def profile_command(profile: SandboxProfile) -> str:
    """The shell command that adds `profile`: secrets on stdin, settings with --set."""
    lines = "".join(f"{key}={value}\\n" for key, value in profile["secrets"].items())
    words = ["trigger-desk", "profiles", "add", profile["name"]]
    words += ["--platform", profile["platform"], "--auth", profile["auth"]]
    for key, value in profile["settings"].items():
        words += ["--set", f"{key}={value}"]
    return f"printf {shlex.quote(lines)} | {shlex.join(words)}"


def _examples(base_url: str) -> list[str]:
    trigger_id = min(WIX_CUSTOM_TRIGGER_IDS)
    payload = json.dumps({"name": "John Doe"})
    return [
        "trigger-desk fire bitrix24.trigger --profile sandbox-webhook --set target=DEAL_57 --set code=c5u4m",
        "trigger-desk fire bitrix24.trigger.execute --profile sandbox-oauth "
        "--set CODE=c5u4m --set OWNER_TYPE_ID=2 --set OWNER_ID=6",
        "trigger-desk items --profile sandbox-webhook --type DEAL --category Repairs "
        "--stage 'In Progress'",
        f"trigger-desk fire wix.run-trigger --profile sandbox-wix-key --set triggerId={trigger_id}",
        "trigger-desk fire wix.report-event --profile sandbox-wix-app --set triggerKey=my_trigger "
        f"--payload {shlex.quote(payload)}",
    ]


def _limits_line(sandbox: Sandbox) -> str:
    limits = sandbox.limits
    if not any(limits.values()):
        return "off (--limits, --bitrix-limit CAP/RATE, --wix-limit N/SECONDS)"
    bitrix, wix = limits["bitrix24"], limits["wix"]
    return (
        f"Bitrix24 {f'bucket {bitrix} (503 over it)' if bitrix else 'off'}, "
        f"Wix {f'{wix} (429 over it)' if wix else 'off'}"
    )


def banner(sandbox: Sandbox) -> str:
    """What `trigger-desk sandbox` prints once it listens."""
    base = sandbox.base_url
    profiles = sandbox_profiles(base, sandbox.seed)
    lines = [
        f"Trigger Desk sandbox listening on {base}",
        f"  Bitrix24 portal:       {base}  (REST at {base}/rest/)",
        f"  Bitrix24 OAuth server: {sandbox.bitrix_oauth_server}",
        f"  Wix API base:          {sandbox.wix_api_base}",
        "",
        "Add a profile for each auth kind (secrets go in on standard input, never in argv):",
        *(f"  {profile_command(profile)}" for profile in profiles),
        "",
        "Then fire, for example:",
        *(f"  {example}" for example in _examples(base)),
        "",
        "Make it misbehave (rate_limit, rate_limit_times=N, html_502, slow=SECONDS, drop,",
        "operation_time_limit, redirect, big_response=BYTES, wix_sdk_path_only, leaky_bucket):",
        f"  curl -X POST {base}/_sandbox/mode -H 'Content-Type: application/json' "
        """-d '{"rate_limit_times": 2}'""",
        f"  curl -X POST {base}/_sandbox/reset",
        "",
        f"Rate limits: {_limits_line(sandbox)}; counters: curl {base}/_sandbox/counters",
        "",
        "Press Ctrl+C to stop.",
    ]
    return "\n".join(lines) + "\n"


def sandbox_limits(
    both: bool, bitrix: str | None, wix: str | None
) -> tuple[str | None, str | None]:
    """The limits `--limits`, `--bitrix-limit` and `--wix-limit` ask for; InvalidInput if malformed."""
    chosen = {
        "--bitrix-limit": bitrix or (BITRIX_DEFAULT if both else None),
        "--wix-limit": wix or (WIX_DEFAULT if both else None),
    }
    for flag, text in chosen.items():
        if text is not None:
            try:
                parse_rate(text, flag)
            except ValueError as problem:
                raise InvalidInput(
                    [FieldError(flag, str(problem).removeprefix(flag + " "))]
                ) from None
    return chosen["--bitrix-limit"], chosen["--wix-limit"]


def run_sandbox(
    port: int,
    out: TextIO,
    *,
    seed: SeedCredentials | None = None,
    stop: threading.Event | None = None,
    bitrix_limit: str | None = None,
    wix_limit: str | None = None,
) -> int:
    """Serve in the foreground until Ctrl+C (or SIGTERM, or `stop` is set); 0 on a clean stop."""
    sandbox = Sandbox(
        port, seed_credentials=seed, log=out, bitrix_limit=bitrix_limit, wix_limit=wix_limit
    )
    try:
        sandbox.start()
    except OSError as problem:
        out.write(f"Cannot start the sandbox on 127.0.0.1:{port}: {problem.strerror or problem}.\n")
        out.write("Choose another port with --port N (0 picks a free one).\n")
        out.flush()
        return EXIT_CANNOT_START
    stopping = stop or threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():

        def on_term(signum: int, frame: FrameType | None) -> None:
            stopping.set()

        previous = signal.signal(signal.SIGTERM, on_term)
    try:
        out.write(banner(sandbox))
        out.flush()
        while not stopping.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    out.write("Sandbox stopped.\n")
    out.flush()
    return 0
