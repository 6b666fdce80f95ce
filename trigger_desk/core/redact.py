"""One redactor for everything that leaves the engine.

It knows every secret of the profile in use and masks each wherever it appears: URLs
(the Bitrix24 webhook secret is a path segment), headers, bodies, error text. Anything
shaped like a webhook URL is masked even when the secret is not known to it, as a
second line of defence for text that came from elsewhere.

Text from outside (answers, error texts, exception messages) is never trusted: a server
may echo what it was sent, percent-encoded, JSON-escaped or HTML-escaped, so each
secret is searched for in all of those forms. Text kept only in part is masked first
and cut afterwards (`mask_cut`), so a secret straddling the cut leaks nothing.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote, quote_plus

if TYPE_CHECKING:
    from trigger_desk.core.record import CallRecord

MASK = "****"
# A server's error text is shown up to this many characters (an echo may be megabytes).
MAX_OUTSIDE_TEXT = 2_000
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
            text = pattern.sub(lambda match: placeholder(self._name_of(match.group(0))), text)
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

    def mask_cut(self, text: str, limit: int) -> str:
        """At most `limit` characters of `text`, masked before the cut: a secret that
        straddles the cut is masked whole instead of leaking its first characters.

        Scans only as far as the kept part needs (a 10 MB answer is not masked whole).
        """
        if len(text) <= limit:
            return self.mask(text)
        head = "".join(_masked_prefix(text, self._compiled(), limit))[: limit + 1]
        # A webhook path cut short still has its partial secret masked by the pattern.
        return self.mask(head)[:limit]

    def mask_cap(self, text: str, limit: int = MAX_OUTSIDE_TEXT) -> str:
        """`text` masked, and past `limit` characters cut with a note of how many more:
        for a server's error text in a diagnosis, a note or a terminal line."""
        if len(text) <= limit:
            return self.mask(text)
        return f"{self.mask_cut(text, limit)}... ({len(text) - limit:,} more characters)"

    def _name_of(self, found: str) -> str:
        # Percent-escapes match in any case of hex (%2f, %2F, %2f%2F...).
        return self._names.get(found) or self._names.get(_upper_hex(found), "secret")

    def mask_headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Headers with secrets masked (names too: a server may echo anything);
        Authorization is masked whatever it holds."""
        return {
            self.mask(name): (
                MASK if name.lower() == "authorization" and value else self.mask(value)
            )
            for name, value in headers.items()
        }

    def mask_record(self, record: CallRecord) -> None:
        """Mask, in place, every text of a record that may hold outside words: the
        diagnosis (built from the platform's answer or an exception), notes and the
        platform's request id. Request and response are masked where they are made."""
        diagnosis = record.diagnosis
        if diagnosis is not None:
            diagnosis.cause = self.mask(diagnosis.cause)
            diagnosis.next_step = self.mask(diagnosis.next_step)
            if diagnosis.error_code:
                diagnosis.error_code = self.mask(diagnosis.error_code)
            if diagnosis.error_message:
                diagnosis.error_message = self.mask(diagnosis.error_message)
        record.notes = [self.mask(note) for note in record.notes]
        record.platform_request_id = self.mask(record.platform_request_id)

    @property
    def secret_names(self) -> list[str]:
        return sorted(set(self._secrets.values()))


@functools.lru_cache(maxsize=64)
def _alternation(
    secrets: frozenset[tuple[str, str]],
) -> tuple[re.Pattern[str], dict[str, str]]:
    """Built once per set of secrets: every call of a profile uses the same set."""
    names = {variant: name for value, name in secrets for variant in _echoed_forms(value)}
    ordered = sorted(names, key=len, reverse=True)
    return re.compile("|".join(_any_case_hex(re.escape(form)) for form in ordered)), names


def _any_case_hex(escaped: str) -> str:
    """A regex piece whose %XY and \\uXXXX escapes match in either case of hex digit."""
    escaped = re.sub(r"%([0-9A-Fa-f]{2})", lambda match: f"%(?i:{match.group(1)})", escaped)
    return re.sub(
        r"(\\\\u)([0-9A-Fa-f]{4})", lambda match: f"{match.group(1)}(?i:{match.group(2)})", escaped
    )


def _upper_hex(encoded: str) -> str:
    return re.sub(r"%[0-9a-fA-F]{2}", lambda match: match.group(0).upper(), encoded)


def _is_placeholder(segment: str) -> bool:
    return segment == MASK or segment.startswith("$TRIGGER_DESK_")


def _echoed_forms(value: str) -> set[str]:
    """The ways a server may echo a secret: as is, percent-encoded (either case of hex;
    as Python, JavaScript and PHP encode; `/` kept or not; space as `+`; encoded twice),
    JSON-escaped (PHP also escapes `/`), HTML-escaped."""
    strict = quote(value, safe="")
    encoded = {strict, quote(value), quote_plus(value)}
    encoded.add(quote(value, safe="!'()*"))  # JavaScript's encodeURIComponent
    encoded.add(quote_plus(value, safe="").replace("~", "%7E"))  # PHP's urlencode
    encoded.add(strict.replace("~", "%7E"))  # older rawurlencode
    encoded.add(quote(strict, safe=""))  # a URL echoed inside a URL
    escaped = {json.dumps(value, ensure_ascii=ascii)[1:-1] for ascii in (True, False)}
    escaped |= {form.replace("/", "\\/") for form in escaped}
    return {value, html.escape(value), *encoded, *escaped}


def _masked_prefix(text: str, pattern: re.Pattern[str] | None, limit: int) -> Iterator[str]:
    """Pieces of `text` with known secrets masked, until at least `limit` characters."""
    size = position = 0
    for match in pattern.finditer(text) if pattern is not None else ():
        plain = text[position : match.start()]
        yield plain
        yield MASK
        size += len(plain) + len(MASK)
        position = match.end()
        if size > limit:
            return
    yield text[position : position + limit - size + 1]
