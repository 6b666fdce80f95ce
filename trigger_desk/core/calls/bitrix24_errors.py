"""Errors any Bitrix24 REST method can give, declared once for every Bitrix24 call
(FACTS.md's table and the reference pages' system errors)."""

from __future__ import annotations

from trigger_desk.core.calls.spec import ErrorSpec
from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.outcome import Outcome

PLATFORM_ERRORS: tuple[ErrorSpec, ...] = (
    ErrorSpec(
        Outcome.RATE_LIMITED,
        QT_TRANSLATE_NOOP(
            "core", "Too many requests to this portal: the request-rate limit is exceeded."
        ),
        QT_TRANSLATE_NOOP(
            "core",
            "Slow down and retry in a few seconds (the bucket drains 2 requests a second, "
            "5 on Enterprise plans).",
        ),
        code="QUERY_LIMIT_EXCEEDED",
    ),
    ErrorSpec(
        Outcome.RATE_LIMITED,
        QT_TRANSLATE_NOOP(
            "core", "REST access to this portal is blocked by hand because of overload."
        ),
        QT_TRANSLATE_NOOP(
            "core", "Contact Bitrix24 technical support to lift the block; retrying will not help."
        ),
        code="OVERLOAD_LIMIT",
    ),
    ErrorSpec(
        Outcome.RATE_LIMITED,
        QT_TRANSLATE_NOOP("core", "This method's time budget on the portal is spent."),
        QT_TRANSLATE_NOOP("core", "Wait until the time in 'operating_reset_at' and try again."),
        code="OPERATION_TIME_LIMIT",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP(
            "core",
            "The portal found no valid authorization: the webhook code or access token is "
            "wrong, or none reached it.",
        ),
        QT_TRANSLATE_NOOP(
            "core",
            "Check the profile: paste the inbound webhook URL again, or re-authorize the application.",
        ),
        code="NO_AUTH_FOUND",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP(
            "core", "The access token has expired, and a refresh was not possible or did not help."
        ),
        QT_TRANSLATE_NOOP(
            "core",
            "Refresh the tokens: re-install or re-authorize the application and update the profile.",
        ),
        code="expired_token",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP("core", "The access token is not valid."),
        QT_TRANSLATE_NOOP(
            "core", "Re-authorize the application and store the new tokens in the profile."
        ),
        code="invalid_token",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP("core", "The webhook or application lacks the 'crm' scope."),
        QT_TRANSLATE_NOOP(
            "core",
            "Edit the webhook (or the application) in Bitrix24, add the CRM (crm) scope, save, "
            "and use the new URL or tokens.",
        ),
        code="insufficient_scope",
    ),
    ErrorSpec(
        Outcome.AUTH,
        # Older reference pages: the user lacks permission; newer ones also answer a
        # wrong webhook code this way ("Invalid request credentials"). Say both.
        QT_TRANSLATE_NOOP(
            "core",
            "The portal refused the credentials: the webhook code or token is wrong, or the "
            "user behind it lacks permission for this call.",
        ),
        QT_TRANSLATE_NOOP(
            "core",
            "Paste the inbound webhook URL again (or re-authorize the application); if it is "
            "right, use a webhook or token of a user with the needed CRM rights.",
        ),
        code="INVALID_CREDENTIALS",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP(
            "core",
            "The user has no access to the application (its access is limited to some users).",
        ),
        QT_TRANSLATE_NOOP(
            "core", "Ask the portal administrator to grant this user access to the application."
        ),
        code="user_access_error",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP(
            "core",
            "Access denied: the REST API is available only on commercial plans, or the user "
            "lacks permission for this call.",
        ),
        QT_TRANSLATE_NOOP(
            "core",
            "Check the portal's plan and the permissions of the user behind the webhook or token.",
        ),
        code="ACCESS_DENIED",
    ),
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP(
            "core",
            "The portal refused the request as invalid; it answers this when REST is called "
            "over plain HTTP (HTTPS required).",
        ),
        QT_TRANSLATE_NOOP(
            "core",
            "If the profile's portal address starts with http://, change it to https://; "
            "otherwise read the server's message.",
        ),
        code="INVALID_REQUEST",
    ),
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP(
            "core",
            "The portal does not know this method: a typo, a portal version without it, or "
            "the CRM module is not installed.",
        ),
        QT_TRANSLATE_NOOP(
            "core", "Check the portal address and that CRM is enabled on the portal."
        ),
        code="ERROR_METHOD_NOT_FOUND",
    ),
    ErrorSpec(
        Outcome.SERVER_ERROR,
        QT_TRANSLATE_NOOP("core", "The portal had an internal error."),
        QT_TRANSLATE_NOOP(
            "core",
            "Retry later; if it persists, contact the portal administrator or Bitrix24 support.",
        ),
        code="INTERNAL_SERVER_ERROR",
    ),
    ErrorSpec(
        Outcome.SERVER_ERROR,
        QT_TRANSLATE_NOOP("core", "The portal gave an unexpected answer (internal error)."),
        QT_TRANSLATE_NOOP(
            "core",
            "Retry later; if it persists, contact the portal administrator or Bitrix24 support.",
        ),
        code="ERROR_UNEXPECTED_ANSWER",
    ),
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP("core", "The portal's public part is closed or the portal was deleted."),
        QT_TRANSLATE_NOOP(
            "core",
            "Check the address; on an on-premise portal turn off 'Temporary closure of the "
            "public part of the site' (Settings > Module Settings > Main Module).",
        ),
        code="PORTAL_DELETED",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP("core", "The portal's plan must be paid for this call."),
        QT_TRANSLATE_NOOP("core", "Renew or upgrade the Bitrix24 plan."),
        code="PAYMENT_REQUIRED",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP("core", "This call does not accept this kind of authorization."),
        QT_TRANSLATE_NOOP(
            "core",
            "Use the other auth kind (an application's OAuth token instead of a webhook, or "
            "the reverse).",
        ),
        code="WRONG_AUTH_TYPE",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP("core", "The method is waiting for the administrator's confirmation."),
        QT_TRANSLATE_NOOP(
            "core", "Ask a portal administrator to confirm the application's access to this method."
        ),
        code="METHOD_CONFIRM_WAITING",
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP(
            "core", "The administrator denied this application access to the method."
        ),
        QT_TRANSLATE_NOOP(
            "core", "Ask a portal administrator to allow the method for the application."
        ),
        code="METHOD_CONFIRM_DENIED",
    ),
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP("core", "This method cannot be called inside a batch."),
        QT_TRANSLATE_NOOP("core", "Call it on its own."),
        code="ERROR_BATCH_METHOD_NOT_ALLOWED",
    ),
    ErrorSpec(
        Outcome.REJECTED,
        # "Max batch length exceeded": about the number of commands, not their size.
        QT_TRANSLATE_NOOP("core", "The batch has more than 50 commands."),
        QT_TRANSLATE_NOOP("core", "Send at most 50 commands per batch (split longer lists)."),
        code="ERROR_BATCH_LENGTH_EXCEEDED",
    ),
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP("core", "The application's manifest is not available."),
        QT_TRANSLATE_NOOP("core", "Reinstall the application on the portal."),
        code="ERROR_MANIFEST_IS_NOT_AVAILABLE",
    ),
)
