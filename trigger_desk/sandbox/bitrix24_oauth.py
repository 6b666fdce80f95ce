"""The Bitrix24 OAuth server (`oauth.bitrix.info`): `GET /oauth/token/?grant_type=refresh_token`.

Each refresh issues a new access token (an hour) and a new refresh token; the old
refresh token is spent, so a second use answers `invalid_grant`.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from trigger_desk.sandbox.bitrix24 import error
from trigger_desk.sandbox.messages import ReceivedRequest, Reply
from trigger_desk.sandbox.state import BITRIX_TOKEN_LIFETIME, SandboxState

# Descriptions from the OAuth error-code page of the Bitrix24 REST documentation.
INVALID_REQUEST = (
    400,
    "invalid_request",
    "An incorrectly formatted authorization request was provided",
)
INVALID_CLIENT = (
    401,
    "invalid_client",
    "Invalid client data was provided. The application may not be installed in Bitrix24",
)
INVALID_GRANT = (
    400,
    "invalid_grant",
    "Invalid authorization tokens were provided when obtaining access_token",
)


def handle_token(
    state: SandboxState, request: ReceivedRequest, *, portal: str, oauth_server: str
) -> Reply:
    """Refresh the application's tokens; `portal` and `oauth_server` are base URLs."""
    params: dict[str, Any] = dict(request.query)
    params.update(request.form)
    if params.get("grant_type") != "refresh_token" or not params.get("refresh_token"):
        return error(*INVALID_REQUEST)
    seed = state.seed
    if params.get("client_id") != seed.bitrix_client_id or params.get("client_secret") != (
        seed.bitrix_client_secret
    ):
        return error(*INVALID_CLIENT)
    if params["refresh_token"] != state.live_refresh_token:
        return error(*INVALID_GRANT)  # unknown, or spent by an earlier refresh
    now = time.time()
    access, refresh = state.rotate_bitrix_tokens(now)
    return Reply.json(
        200,
        {
            "access_token": access,
            "expires": int(now + BITRIX_TOKEN_LIFETIME),
            "expires_in": BITRIX_TOKEN_LIFETIME,
            "scope": "crm",
            "domain": urlsplit(oauth_server).netloc,
            "server_endpoint": f"{oauth_server}/rest/",
            "status": "L",
            "client_endpoint": f"{portal}/rest/",
            "member_id": seed.bitrix_member_id,
            "user_id": seed.bitrix_user_id,
            "refresh_token": refresh,
        },
        content_type="application/json",
    )
