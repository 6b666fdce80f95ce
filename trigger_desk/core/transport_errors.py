"""Failures with no answer (network, TLS, timeouts) turned into plain diagnoses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from trigger_desk.core.model import SANDBOX_PORT
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CHAIN_SEPARATOR, Diagnosis
from trigger_desk.core.redact import Redactor

if TYPE_CHECKING:
    from trigger_desk.core.engine import EngineSettings

MAY_HAVE_RUN = (
    "The platform may have received the call and run the trigger, so Trigger Desk did not "
    "retry it: check the item or automation before firing again."
)


def _chain_text(error: BaseException) -> str:
    """Each distinct cause once: httpx wraps one OSError in two ConnectErrors with the
    same text, and repeating it says nothing new."""
    parts: list[str] = []
    seen: set[str] = set()
    current: BaseException | None = error
    depth = 0
    while current is not None and depth < 8:
        depth += 1
        text = str(current).strip()
        if text not in seen:
            seen.add(text)
            parts.append(f"{type(current).__name__}: {text}" if text else type(current).__name__)
        current = current.__cause__ or current.__context__
    return CHAIN_SEPARATOR.join(parts[:4])


def _to_this_machine(error: Exception) -> bool:
    """Was the failed request addressed to this machine (where a sandbox would run)?"""
    try:
        host = error.request.url.host if isinstance(error, httpx.RequestError) else ""
    except RuntimeError:  # an error raised with no request attached
        return False
    return host in ("127.0.0.1", "localhost", "::1")


def diagnose_transport_error(
    error: Exception, settings: EngineSettings, redactor: Redactor
) -> Diagnosis:
    """Classify an httpx exception raised before a complete answer arrived."""
    detail = redactor.mask(_chain_text(error))[:500]
    lowered = detail.lower()
    if isinstance(error, httpx.ConnectTimeout):
        return Diagnosis(
            Outcome.TIMEOUT,
            f"Could not connect within {settings.connect_timeout:g} s.",
            "Check the address and the network (VPN, proxy, firewall); nothing was sent.",
            error_message=detail,
        )
    if isinstance(error, httpx.TimeoutException):
        return Diagnosis(
            Outcome.TIMEOUT,
            f"The server took too long to answer (limit {settings.timeout:g} s).",
            MAY_HAVE_RUN,
            error_message=detail,
        )
    if isinstance(error, httpx.ConnectError):
        if "certificate" in lowered:
            return Diagnosis(
                Outcome.NETWORK,
                "The TLS (HTTPS) connection failed: the server's certificate could not be verified.",
                "Check the address. Behind a proxy that intercepts HTTPS, point SSL_CERT_FILE at a "
                "bundle that includes its CA certificate. Verification is never turned off.",
                error_message=detail,
            )
        if "ssl" in lowered or "tls" in lowered:
            # Not every TLS failure is the certificate: a protocol or cipher mismatch, or
            # an https:// address that serves plain HTTP, fail here too.
            return Diagnosis(
                Outcome.NETWORK,
                "The TLS (HTTPS) connection failed before any request was sent.",
                "Check the address (does it serve HTTPS on that port?) and read the error "
                "below; behind a proxy that intercepts HTTPS, point SSL_CERT_FILE at a bundle "
                "that includes its CA certificate.",
                error_message=detail,
            )
        if (
            "name or service not known" in lowered
            or "nodename" in lowered
            or "getaddrinfo" in lowered
            or "name resolution" in lowered
        ):
            return Diagnosis(
                Outcome.NETWORK,
                "The server's name could not be resolved (DNS).",
                "Check the spelling of the address in the profile and your network connection.",
                error_message=detail,
            )
        if "refused" in lowered:
            step = "Check the address and port in the profile; nothing was sent."
            if _to_this_machine(error):
                step = (
                    "If this profile is for the sandbox, start it: `trigger-desk sandbox` "
                    f"(port {SANDBOX_PORT}), or Start the sandbox in the window; else check "
                    "the address and port in the profile. Nothing was sent."
                )
            return Diagnosis(
                Outcome.NETWORK,
                "The connection was refused: nothing is listening at that address and port.",
                step,
                error_message=detail,
            )
        return Diagnosis(
            Outcome.NETWORK,
            "Could not connect to the server.",
            "Check the address and your network connection; nothing was sent.",
            error_message=detail,
        )
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return Diagnosis(
            Outcome.NETWORK,
            "The connection was dropped before a complete answer arrived.",
            MAY_HAVE_RUN,
            error_message=detail,
        )
    return Diagnosis(
        Outcome.NETWORK,
        f"The request failed before an answer arrived ({type(error).__name__}).",
        MAY_HAVE_RUN,
        error_message=detail,
    )
