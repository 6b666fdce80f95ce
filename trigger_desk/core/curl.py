"""cURL command lines for stored (already masked) requests.

History keeps requests with `****` where a secret was. A cURL copy must never hold the
secret, yet should run once the user exports it, so each mask whose meaning is known
becomes an environment-variable reference in the same `$TRIGGER_DESK_*` scheme the
engine's previews use (`redact.env_placeholder`):

- `Authorization: ****` -> `$TRIGGER_DESK_API_KEY` when the request carries
  `wix-site-id` (only Wix API-key profiles send it), else `$TRIGGER_DESK_ACCESS_TOKEN`;
- `/rest/<user>/****/` in a Bitrix24 webhook URL -> `$TRIGGER_DESK_WEBHOOK_SECRET`;
- `"auth": "****"` in a Bitrix24 OAuth body -> `$TRIGGER_DESK_ACCESS_TOKEN`.

Any other `****` stays as it is: what it stood for is unknown, and it is not a secret.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from trigger_desk.core.record import RequestRecord
from trigger_desk.core.redact import MASK, env_placeholder

API_KEY_VARIABLE = env_placeholder("api_key")
ACCESS_TOKEN_VARIABLE = env_placeholder("access_token")
WEBHOOK_SECRET_VARIABLE = env_placeholder("webhook_secret")

# Request headers that identify one particular sending; a copy that re-sends the call
# should get a fresh one (the engine makes a new X-Request-ID per attempt).
_PER_SENDING_HEADERS = frozenset({"x-request-id", "content-length", "host"})
_MASKED_WEBHOOK = re.compile(r"(/rest/\d+/)" + re.escape(MASK) + r"(?=/|$)")
_VARIABLE = re.compile(r"\$TRIGGER_DESK_[A-Z0-9_]+")


def curl_from_record(request: RequestRecord) -> str:
    """A cURL command line for a stored request, secrets as `$TRIGGER_DESK_*` variables."""
    headers = dict(request.headers)
    parts = ["curl", "-X", request.method]
    for name, value in headers.items():
        if name.lower() in _PER_SENDING_HEADERS:
            continue
        if name.lower() == "authorization" and value == MASK:
            value = _authorization_variable(headers)
        parts += ["-H", f"{name}: {value}"]
    if request.body:
        parts += ["--data", _body_for_shell(request.body)]
    parts.append(_MASKED_WEBHOOK.sub(rf"\g<1>{WEBHOOK_SECRET_VARIABLE}", request.url))
    return " ".join(shell_word(part) for part in parts)


def curl_variables(command: str) -> list[str]:
    """The environment variables a command needs set, without the `$`, in order of use."""
    seen: dict[str, None] = {}
    for match in _VARIABLE.finditer(command):
        seen.setdefault(match.group(0)[1:], None)
    return list(seen)


def shell_word(text: str) -> str:
    """`text` as one POSIX shell word in which only `$TRIGGER_DESK_*` references expand.

    Literal stretches are single-quoted (nothing inside expands, `!` included), and
    each variable is double-quoted next to them: `'Authorization: '"$TRIGGER_DESK_API_KEY"`.
    """
    pieces: list[str] = []
    position = 0
    for match in _VARIABLE.finditer(text):
        if match.start() > position:
            pieces.append(shlex.quote(text[position : match.start()]))
        pieces.append(f'"{match.group(0)}"')
        position = match.end()
    if position < len(text) or not pieces:
        pieces.append(shlex.quote(text[position:]))
    return "".join(pieces)


def _authorization_variable(headers: dict[str, str]) -> str:
    # Only Wix API-key profiles send wix-site-id; app tokens and OAuth tokens do not.
    if any(name.lower() == "wix-site-id" for name in headers):
        return API_KEY_VARIABLE
    return ACCESS_TOKEN_VARIABLE


def _body_for_shell(body: str) -> str:
    """The body, compact when it is JSON, with a masked Bitrix24 `auth` as a variable."""
    try:
        data: Any = json.loads(body)
    except ValueError:
        return re.sub(
            r'("auth"\s*:\s*)"' + re.escape(MASK) + '"', rf'\g<1>"{ACCESS_TOKEN_VARIABLE}"', body
        )
    if isinstance(data, dict) and data.get("auth") == MASK:
        data["auth"] = ACCESS_TOKEN_VARIABLE
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
