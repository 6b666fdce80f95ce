"""Building engine requests in tests: a call by its id, with a profile, secrets and values."""

from __future__ import annotations

from typing import Any

from trigger_desk.core.calls import CALLS
from trigger_desk.core.engine import CallRequest
from trigger_desk.core.model import Profile


def call_request(
    call_id: str,
    profile: Profile,
    secrets: dict[str, str],
    values: dict[str, Any],
    payload: Any = None,
) -> CallRequest:
    """A `CallRequest` for the declared call `call_id` (KeyError for an unknown id)."""
    return CallRequest(CALLS[call_id], profile, secrets, values, payload)
