"""The rule that keeps secrets out of profile settings (and so out of profiles.json).

Settings are plain text in a readable file and are shown by `profiles list/show` and the
window; secrets live only in the keyring. A value that carries a secret is refused when
a profile is saved, and masked (and refused for calls) when a hand-edited file holds one:

- a Bitrix24 inbound webhook URL, whose path `/rest/USER_ID/SECRET/` is the secret
  (pasted as an OAuth profile's `portal`, say);
- an address with a user name or password (`https://user:password@host`);
- an address whose query names a credential (`?access_token=...`, `?key=...`).

The store (`store/profiles.py`) and validation before a call both read this rule; the
CLI and the window's profile dialog get it through them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MASK = "****"

# scheme://userinfo@ (everything between "//" and the first "@" before the path), or
# user:password@host with the scheme left out.
_USERINFO = re.compile(
    r"(?i)(\b[a-z][a-z0-9+.-]*://(?=[^/?#\s]*@)|^(?=[^/?#@\s:]+:[^/?#@\s]*@))([^/?#@\s]*)@"
)
# /rest/<user id>/<secret> : a webhook URL's secret path segment.
_WEBHOOK_PATH = re.compile(r"(/rest/\d+/)([^/?#\s\"']+)")
# A query parameter whose name says it is a credential.
_CREDENTIAL_QUERY = re.compile(
    r"(?i)([?&;][^=&#\s]*(?:token|secret|key|password|passwd|auth|sig)[^=&#\s]*=)([^&#\s]+)"
)


def secret_in_setting(key: str, value: str) -> str | None:
    """Why the setting `key` cannot hold `value` (it carries a secret), or None.

    The reason never repeats the value: it names what was found and what to give instead.
    """
    if _WEBHOOK_PATH.search(value):
        return (
            "holds a Bitrix24 inbound webhook URL, whose path /rest/USER_ID/SECRET/ is a "
            "secret; give only the portal address, e.g. https://your-portal.bitrix24.com "
            "(a webhook URL belongs in a webhook profile: --auth webhook, with "
            "webhook_url=... on standard input, kept in the keyring)"
        )
    if _USERINFO.search(value):
        return (
            "holds a user name or password (user:password@ in the address); give the "
            "address alone, e.g. https://example.com: credentials belong in the keyring"
        )
    if _CREDENTIAL_QUERY.search(value):
        return (
            "holds a credential in its query (e.g. ?access_token=...); give the address "
            "alone: credentials belong in the keyring"
        )
    return None


def mask_setting(value: str) -> str:
    """The value with its secret parts replaced by ****, for showing a hand-edited
    setting that `secret_in_setting` refuses (the result is still refused)."""
    value = _WEBHOOK_PATH.sub(lambda match: match.group(1) + MASK, value)
    # Without a scheme the masked form keeps its ":", so the rule still finds it.
    value = _USERINFO.sub(
        lambda match: match.group(1) + MASK + ("@" if match.group(1) else f":{MASK}@"), value
    )
    return _CREDENTIAL_QUERY.sub(lambda match: match.group(1) + MASK, value)


def settings_with_secrets(settings: Mapping[str, str]) -> list[tuple[str, str]]:
    """(setting, reason) for every setting that carries a secret."""
    found = ((key, secret_in_setting(key, value)) for key, value in settings.items())
    return [(key, reason) for key, reason in found if reason is not None]
