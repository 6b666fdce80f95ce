"""Bitrix24 inbound webhook URLs: `https://PORTAL/rest/USER_ID/SECRET/`.

The whole URL is a credential (the secret sits in the path), so nothing here ever puts
the path of a URL the user typed into an error message: a refusal names which part is
wrong and shows the expected shape with a made-up example instead.

Also understood: the URL with a method after the secret, as the portal shows it for the
"incoming webhook" trigger (`.../crm.automation.trigger/?target=DEAL_1&code=abc`, or with
`.json`); its `target` and `code` are returned so the call form can be filled in.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from trigger_desk.core.control_chars import control_problem

EXAMPLE_WEBHOOK_URL = "https://your-portal.bitrix24.com/rest/1/abc123xyz/"

_USER_ID = re.compile(r"[0-9]+")
_SECRET = re.compile(r"[A-Za-z0-9_-]+")
_METHOD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*")
_QUERY_KEYS = ("target", "code")


def is_loopback_host(host: str) -> bool:
    """True for `localhost`, 127.0.0.0/8 and ::1: the only hosts allowed plain http."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WebhookUrl:
    """The parts of an inbound webhook URL; `repr()` leaves the secret out."""

    portal: str  # scheme and host, no trailing slash: "https://x.bitrix24.com"
    user_id: str
    secret: str = field(repr=False)
    target: str | None = None  # from a pasted trigger URL's query, e.g. "DEAL_1"
    code: str | None = None

    @property
    def url(self) -> str:
        """The normalised webhook URL, the form kept in the keyring: `{portal}/rest/{user}/{secret}/`."""
        return f"{self.portal}/rest/{self.user_id}/{self.secret}/"

    @property
    def masked_url(self) -> str:
        """The URL with the secret replaced, safe to show or log."""
        return f"{self.portal}/rest/{self.user_id}/••••/"


def _refuse(reason: str) -> ValueError:
    return ValueError(
        f"Not a Bitrix24 inbound webhook URL: {reason}. Expected the shape "
        f"{EXAMPLE_WEBHOOK_URL} (optionally followed by a method, e.g. "
        "crm.automation.trigger/?target=DEAL_1&code=abc)."
    )


def parse_webhook_url(text: str) -> WebhookUrl:
    """Split a pasted webhook URL into its parts, or raise `ValueError` saying what is wrong.

    Accepts `https://PORTAL/rest/USER_ID/SECRET` with or without a trailing slash and with
    or without a method suffix (`crm.automation.trigger/`, `crm.automation.trigger.json`)
    and a `target`/`code` query. `http://` only for loopback hosts (the sandbox).
    """
    raw = text.strip()
    if not raw:
        raise _refuse("it is empty")
    if any(ch.isspace() for ch in raw):
        raise _refuse("it contains spaces")
    if control_problem(raw):
        raise _refuse("it contains control characters or bytes that are not text")
    try:
        parts = urlsplit(raw)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise _refuse("the address part cannot be read") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise _refuse("it must start with https://")
    if not host:
        raise _refuse("the portal address is missing after https://")
    if parts.username is not None or parts.password is not None:
        raise _refuse("it must not contain a user name or password before the portal address")
    if scheme == "http" and not is_loopback_host(host):
        raise _refuse(
            f"plain http:// is only allowed for 127.0.0.1 or localhost; use https://{host}"
        )
    if parts.fragment:
        raise _refuse("remove the part after '#'")

    segments = parts.path.split("/")
    # A leading "/" gives a first empty segment; a trailing "/" gives a last one.
    if segments and segments[-1] == "":
        segments.pop()
    if len(segments) < 2 or segments[0] != "" or segments[1] != "rest":
        raise _refuse("the path must start with /rest/ right after the portal address")
    rest = segments[2:]
    if not rest or not rest[0]:
        raise _refuse("the user id is missing after /rest/")
    if not _USER_ID.fullmatch(rest[0]):
        raise _refuse("the part after /rest/ must be the user id (digits only)")
    if len(rest) < 2 or not rest[1]:
        raise _refuse("the webhook secret is missing after the user id")
    if not _SECRET.fullmatch(rest[1]):
        raise _refuse("the webhook secret may hold only letters, digits, '_' and '-'")
    if len(rest) > 3:
        raise _refuse("there is more after the method name than a trailing '/'")
    if len(rest) == 3 and not _METHOD.fullmatch(rest[2]):
        raise _refuse(
            "the part after the secret must be a method name such as crm.automation.trigger"
        )

    query: dict[str, str] = {}
    try:
        pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        raise _refuse("the part after '?' cannot be read") from None
    for key, value in pairs:
        if key not in _QUERY_KEYS:
            # The key is not echoed: a mangled paste may have put the secret there.
            raise _refuse("only the query parameters target and code are understood")
        if key in query:
            raise _refuse(f"the query parameter {key} is given twice")
        if control_problem(value):
            raise _refuse(f"the query parameter {key} holds control characters")
        query[key] = value.strip()

    return WebhookUrl(
        portal=f"{scheme}://{parts.netloc.lower()}",
        user_id=rest[0],
        secret=rest[1],
        target=query.get("target") or None,
        code=query.get("code") or None,
    )
