"""Turning a validated call into the exact HTTP request the platform documents.

Bitrix24: POST JSON with `Accept: application/json` to
`{portal}/rest/{user}/{secret}/{method}.json` (webhook) or `{portal}/rest/{method}.json`
with `auth` in the body (OAuth). Wix: POST JSON to `{api_base}{path}` with
`Authorization: <key or token>` and, for an API key, `wix-site-id`.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import random
import shlex
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from trigger_desk import __version__
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.record import RequestRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.stored_body import MAX_STORED_BODY, body_for_history
from trigger_desk.core.validation import FieldError, InvalidInput

USER_AGENT = f"trigger-desk/{__version__}"
# Shown in previews where the real token is fetched only when the call is fired.
TOKEN_PLACEHOLDER = "<access token>"


@dataclass
class OutgoingRequest:
    """A request ready to send. Holds secrets: never store or print it, mask it first."""

    method: str
    url: str
    headers: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def body_text(self) -> str:
        """The JSON body exactly as sent (serialised once: sending and recording share it)."""
        return json.dumps(self.body, ensure_ascii=False)

    def body_bytes(self) -> bytes:
        return self.body_text.encode("utf-8")

    def masked(self, redactor: Redactor) -> RequestRecord:
        return RequestRecord(
            method=self.method,
            url=redactor.mask(self.url),
            headers=redactor.mask_headers(self.headers),
            body=redactor.mask(self.body_text),
        )

    def recorded(self, redactor: Redactor) -> tuple[RequestRecord, str | None]:
        """The request as history keeps it: masked, the body cut to MAX_STORED_BODY
        characters (mask first, then cut), and a note when something was left out."""
        text = self.body_text
        # The size in bytes only matters for the note of a body that is cut: don't
        # encode every small body a second time to learn it.
        size = len(self.body_bytes()) if len(text) > MAX_STORED_BODY else len(text)
        body, note = body_for_history(text, redactor, what="request body", size=size)
        record = RequestRecord(
            method=self.method,
            url=redactor.mask(self.url),
            headers=redactor.mask_headers(self.headers),
            body=body,
        )
        return record, note

    def as_curl(self, redactor: Redactor) -> str:
        """A cURL command line with secrets as `$TRIGGER_DESK_...` variables, never values."""
        parts = ["curl", "-X", self.method]
        for name, value in self.headers.items():
            if name.lower() == "authorization":
                value = redactor.mask_for_shell(value)
                if value == self.headers[name]:  # unknown token: still never print it
                    value = "$TRIGGER_DESK_AUTHORIZATION"
            parts += ["-H", f"{name}: {redactor.mask_for_shell(value)}"]
        parts += ["--data", redactor.mask_for_shell(self.body_text)]
        parts.append(redactor.mask_for_shell(self.url))
        # Double quotes so the shell expands the $TRIGGER_DESK_* variables.
        return " ".join(_shell_quote(part) for part in parts)


def _shell_quote(part: str) -> str:
    if "$TRIGGER_DESK_" not in part:
        return shlex.quote(part)
    escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
    return f'"{escaped}"'


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@functools.lru_cache(maxsize=256)
def base_url_problem(url: str) -> str | None:
    """Why a profile's base address cannot be used (None when it can)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an https:// address, e.g. https://your-portal.bitrix24.com"
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        return "plain http:// is allowed only for loopback addresses (127.0.0.1, localhost); use https://"
    return None


def nest_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Dotted field names (`idempotency.key`) become nested JSON objects."""
    body: dict[str, Any] = {}
    for name, value in values.items():
        node = body
        *parents, leaf = name.split(".")
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return body


def _base(profile: Profile, setting: str) -> str:
    url = profile.setting(setting).strip().rstrip("/")
    problem = base_url_problem(url) if url else f"is not set in profile {profile.name!r}"
    if problem:
        raise InvalidInput([FieldError(setting, problem)])
    return url


def new_request_id() -> str:
    """A random (version 4) UUID for X-Request-ID, matched in logs on both sides.

    Not a secret, so the cheap PRNG does: os.urandom costs tens of microseconds per
    call on some virtual machines, measurable against a loopback request.
    """
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def _base_headers() -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        "X-Request-ID": new_request_id(),
    }


def webhook_base(secrets: Mapping[str, str]) -> str:
    """The stored webhook URL as `{portal}/rest/{user}/{secret}/`."""
    url = secrets.get("webhook_url", "").strip()
    if not url:
        raise InvalidInput(
            [FieldError("webhook_url", "is not stored for this profile; add it again")]
        )
    problem = base_url_problem(url)
    if problem:
        raise InvalidInput([FieldError("webhook_url", problem)])
    return url.rstrip("/") + "/"


def build_request(
    call: CallSpec,
    profile: Profile,
    secrets: Mapping[str, str],
    values: Mapping[str, Any],
    payload: Any = None,
    *,
    token: str | None = None,
    use_alternate_path: bool = False,
) -> OutgoingRequest:
    """The request for validated, typed `values`.

    `token` is the access token for the OAuth kinds (Bitrix24 `access_token`, the Wix
    app token); without it the stored one, or a placeholder for previews, is used.
    """
    body = nest_fields(values)
    if call.payload is not None and payload is not None:
        body[call.payload.key] = payload
    headers = _base_headers()
    if call.platform is Platform.BITRIX24:
        if profile.auth is AuthKind.WEBHOOK:
            url = f"{webhook_base(secrets)}{call.method}.json"
        else:
            url = f"{_base(profile, 'portal')}/rest/{call.method}.json"
            body["auth"] = token or secrets.get("access_token") or TOKEN_PLACEHOLDER
        return OutgoingRequest(call.http_method, url, headers, body)
    path = call.alternate_method if use_alternate_path and call.alternate_method else call.method
    url = f"{_base(profile, 'api_base')}{path}"
    if profile.auth is AuthKind.API_KEY:
        headers["Authorization"] = secrets.get("api_key", "")
        headers["wix-site-id"] = profile.setting("site_id")
    else:
        headers["Authorization"] = token or TOKEN_PLACEHOLDER
    return OutgoingRequest(call.http_method, url, headers, body)
