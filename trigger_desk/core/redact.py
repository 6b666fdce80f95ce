"""One redactor for everything that leaves the engine.

It knows every secret of the profile in use and masks each wherever it appears: URLs
(the Bitrix24 webhook secret is a path segment), headers, bodies, error text. Anything
shaped like a webhook URL is masked even when the secret is not known to it, as a
second line of defence for text that came from elsewhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from urllib.parse import quote, quote_plus

MASK = "****"
# /rest/<user id>/<secret>/ : the webhook secret sits in the path.
_WEBHOOK_PATH = re.compile(r"(/rest/\d+/)([^/?#\s\"']+)")
# Secrets shorter than this are not searched for in free text: masking "1" would
# shred every message, and no real key or token is that short.
_MIN_SECRET_LENGTH = 4


def env_placeholder(name: str) -> str:
    """The environment variable a cURL copy uses instead of the secret `name`."""
    return "$TRIGGER_DESK_" + re.sub(r"[^A-Za-z0-9]", "_", name).upper()


class Redactor:
    """Masks known secret values (and webhook URL secrets) in text, URLs and headers."""

    def __init__(self, secrets: Mapping[str, str] | None = None) -> None:
        self._secrets: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None  # built lazily, reset by add()
        self._names: dict[str, str] = {}  # every searched variant -> secret name
        for name, value in (secrets or {}).items():
            self.add(name, value)

    def add(self, name: str, value: str) -> None:
        """Learn one more secret (e.g. a token fetched or refreshed during a call)."""
        if not value or len(value) < _MIN_SECRET_LENGTH:
            return
        webhook = _WEBHOOK_PATH.search(value)
        if webhook:
            # A whole webhook URL: only its path segment is secret; the portal stays readable.
            value, name = webhook.group(2), "webhook_secret"
        if self._secrets.get(value) != name:
            self._secrets[value] = name
            self._pattern = None

    def _compiled(self) -> re.Pattern[str] | None:
        """One alternation of every secret and its URL-encoded forms, longest first."""
        if self._pattern is None and self._secrets:
            self._pattern, self._names = _alternation(frozenset(self._secrets.items()))
        return self._pattern

    def mask(self, text: str) -> str:
        """Text with every known secret replaced by ****."""
        return self._apply(text, lambda _name: MASK)

    def mask_for_shell(self, text: str) -> str:
        """Text with every known secret replaced by an environment-variable reference."""
        return self._apply(text, env_placeholder)

    def _apply(self, text: str, placeholder: Callable[[str], str]) -> str:
        if not text:
            return text
        pattern = self._compiled()
        if pattern is not None:
            text = pattern.sub(lambda match: placeholder(self._names[match.group(0)]), text)
        if "/rest/" not in text:
            return text
        return _WEBHOOK_PATH.sub(
            lambda match: (
                match.group(1)
                + (
                    match.group(2)
                    if _is_placeholder(match.group(2))
                    else placeholder("webhook_secret")
                )
            ),
            text,
        )

    def mask_headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Headers with secrets masked; Authorization is masked whatever it holds."""
        return {
            name: (MASK if name.lower() == "authorization" and value else self.mask(value))
            for name, value in headers.items()
        }

    @property
    def secret_names(self) -> list[str]:
        return sorted(set(self._secrets.values()))


@functools.lru_cache(maxsize=64)
def _alternation(
    secrets: frozenset[tuple[str, str]],
) -> tuple[re.Pattern[str], dict[str, str]]:
    """Built once per set of secrets: every call of a profile uses the same set."""
    names = {
        variant: name
        for value, name in secrets
        for variant in (value, quote(value, safe=""), quote_plus(value))
    }
    ordered = sorted(names, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))), names


def _is_placeholder(segment: str) -> bool:
    return segment == MASK or segment.startswith("$TRIGGER_DESK_")
