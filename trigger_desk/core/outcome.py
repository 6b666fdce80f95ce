"""How a call ended, in one word.

Every call Trigger Desk handles ends in exactly one outcome::

    Outcome
    ├── OK              the platform accepted the call (2xx and no API error)  exit 0
    ├── (the platform answered, but refused)                                   exit 1
    │   ├── REJECTED      the request itself was refused: a method error, a bad
    │   │                 field, an unknown trigger, 4xx that is not about auth
    │   ├── AUTH          wrong, expired or under-privileged credentials, a missing
    │   │                 scope or a permission denied (401, 403, ACCESS_DENIED, …)
    │   ├── RATE_LIMITED  too many requests (Bitrix24 QUERY_LIMIT_EXCEEDED /
    │   │                 OPERATION_TIME_LIMIT, Wix 429), after bounded retries
    │   └── SERVER_ERROR  the platform (or a proxy in front of it) failed: 5xx,
    │                     an HTML error page, an unreadable body
    ├── (no answer)                                                            exit 3
    │   ├── NETWORK       DNS, refused or dropped connection, TLS failure
    │   └── TIMEOUT       connect or total time limit reached
    └── INVALID_INPUT   bad input found before sending: nothing was sent       exit 2

The words are part of the CLI's `--json` contract; do not rename them.
"""

from __future__ import annotations

from enum import StrEnum

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg


class Outcome(StrEnum):
    OK = "ok"
    REJECTED = "rejected"
    AUTH = "auth"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    NETWORK = "network"
    TIMEOUT = "timeout"
    INVALID_INPUT = "invalid_input"

    @property
    def exit_code(self) -> int:
        if self is Outcome.OK:
            return 0
        if self is Outcome.INVALID_INPUT:
            return 2
        if self in (Outcome.NETWORK, Outcome.TIMEOUT):
            return 3
        return 1

    @property
    def label(self) -> str:
        """A short human word for tables and badges."""
        return {
            "ok": QT_TRANSLATE_NOOP("core", "OK"),
            "rejected": QT_TRANSLATE_NOOP("core", "Rejected"),
            "auth": QT_TRANSLATE_NOOP("core", "Auth problem"),
            "rate_limited": QT_TRANSLATE_NOOP("core", "Rate limited"),
            "server_error": QT_TRANSLATE_NOOP("core", "Server error"),
            "network": QT_TRANSLATE_NOOP("core", "Network error"),
            "timeout": QT_TRANSLATE_NOOP("core", "Timed out"),
            "invalid_input": QT_TRANSLATE_NOOP("core", "Invalid input"),
        }[self.value]

    @property
    def answered(self) -> bool:
        """True when the platform sent an answer (whatever it said)."""
        return self not in (Outcome.NETWORK, Outcome.TIMEOUT, Outcome.INVALID_INPUT)

    def error_heading(self, platform: str) -> str:
        """What introduces the error text of a call that ended so (`platform`: the
        record's platform value, e.g. "bitrix24").

        Worded by what happened: a refusal is not a server error, and a refused local
        connection is no answer at all.
        """
        from trigger_desk.core.model import Platform

        try:
            platform = Platform(platform).label
        except ValueError:
            platform = QT_TRANSLATE_NOOP("core", "the platform")
        if self in (Outcome.REJECTED, Outcome.AUTH, Outcome.RATE_LIMITED):
            return Msg(QT_TRANSLATE_NOOP("core", "Refused by {platform}"), platform=platform)
        if self is Outcome.SERVER_ERROR:
            return QT_TRANSLATE_NOOP("core", "Server error")
        if self in (Outcome.NETWORK, Outcome.TIMEOUT):
            return QT_TRANSLATE_NOOP("core", "No answer")
        if self is Outcome.INVALID_INPUT:  # e.g. a call its history could not record
            return QT_TRANSLATE_NOOP("core", "Not sent")
        return Msg(QT_TRANSLATE_NOOP("core", "{platform} answered"), platform=platform)
