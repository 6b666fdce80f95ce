"""When a refused call may be sent again: only rate limits, and only for a bounded wait.

Bitrix24 `503 QUERY_LIMIT_EXCEEDED` and Wix `429` mean "slow down": the call did not
run, so retrying is safe. Bitrix24 `OPERATION_TIME_LIMIT` names the time the budget
resets (`operating_reset_at`); we wait for it only when that is soon. Timeouts and
dropped connections are never retried here: the trigger may already have run.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from trigger_desk.core.diagnosis import parse_json_object
from trigger_desk.core.model import Platform
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import Diagnosis, ResponseRecord

if TYPE_CHECKING:
    from trigger_desk.core.calls import CallSpec
    from trigger_desk.core.engine import EngineSettings


def retry_after_seconds(value: str) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now."""
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _operating_reset_in(body: str) -> float | None:
    data = parse_json_object(body) or {}
    timing = data.get("time")
    reset = timing.get("operating_reset_at") if isinstance(timing, dict) else None
    if isinstance(reset, int | float):
        return max(0.0, float(reset) - time.time())
    return None


def retry_delay(
    call: CallSpec,
    response: ResponseRecord,
    diagnosis: Diagnosis,
    settings: EngineSettings,
    attempt: int,
) -> float | None:
    """Seconds to wait before attempt `attempt + 1`, or None when not to retry."""
    if diagnosis.outcome is not Outcome.RATE_LIMITED:
        return None
    code = (diagnosis.error_code or "").upper()
    named: float | None = None
    if call.platform is Platform.BITRIX24:
        if code == "OPERATION_TIME_LIMIT":
            named = _operating_reset_in(response.body)
            if named is None:
                return None
        elif code != "QUERY_LIMIT_EXCEEDED":
            return None  # OVERLOAD_LIMIT is a manual block: waiting will not help
    elif response.status != 429:
        return None
    header = {k.lower(): v for k, v in response.headers.items()}.get("retry-after", "")
    named = retry_after_seconds(header) if named is None else named
    delay = named if named is not None else settings.backoff_base * 2 ** (attempt - 1)
    return delay if delay <= settings.max_backoff else None
