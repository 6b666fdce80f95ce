"""Wix automation calls, declared from the reference pages and FACTS.md."""

from __future__ import annotations

from types import MappingProxyType

from trigger_desk.core.calls import rules
from trigger_desk.core.calls.spec import (
    CallSpec,
    ErrorSpec,
    FieldSpec,
    PayloadRules,
    PayloadSpec,
)
from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.model import AuthKind, Platform
from trigger_desk.core.outcome import Outcome

DOCS = "https://dev.wix.com/docs/api-reference/business-management/automations/triggers"

# Status meanings and application codes that every Wix call can answer with.
PLATFORM_ERRORS: tuple[ErrorSpec, ...] = (
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP("core", "Wix refused an argument of the request."),
        QT_TRANSLATE_NOOP("core", "Read the field violations below and correct those fields."),
        status=400,
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP("core", "The API key or token is missing, wrong or expired."),
        QT_TRANSLATE_NOOP(
            "core",
            "Check the profile's key (or the app's id, secret and instance id) and try again.",
        ),
        status=401,
    ),
    ErrorSpec(
        Outcome.AUTH,
        QT_TRANSLATE_NOOP("core", "Permission denied."),
        QT_TRANSLATE_NOOP(
            "core",
            "Check the API key's permissions (it needs the automations scope) and that the "
            "profile's site id is the site the key belongs to.",
        ),
        status=403,
    ),
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP(
            "core",
            "Wix found nothing at this address: no such trigger (id or key), or no such endpoint.",
        ),
        QT_TRANSLATE_NOOP(
            "core", "Check the trigger id or key; copy it again from the automation's settings."
        ),
        status=404,
    ),
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP("core", "The request conflicts with the current state."),
        QT_TRANSLATE_NOOP("core", "Check whether the event was already reported or cancelled."),
        status=409,
    ),
    ErrorSpec(
        Outcome.REJECTED,
        QT_TRANSLATE_NOOP("core", "A precondition failed."),
        QT_TRANSLATE_NOOP(
            "core", "Read the server's message below; the payload may not fit the trigger's schema."
        ),
        status=428,
    ),
    ErrorSpec(
        Outcome.RATE_LIMITED,
        QT_TRANSLATE_NOOP(
            "core", "Too many requests: Wix allows about 200 a minute per app instance."
        ),
        QT_TRANSLATE_NOOP("core", "Wait a minute and try again, or fire less often."),
        status=429,
    ),
)

_REQUIRED_PROPERTY = ErrorSpec(
    Outcome.REJECTED,
    QT_TRANSLATE_NOOP("core", "A required property is missing: the trigger key or the payload."),
    QT_TRANSLATE_NOOP(
        "core", "Set triggerKey and give a payload (an empty object {} if the trigger takes none)."
    ),
    code="REQUIRED_PROPERTY",
)
_SCHEMA_FAILED = ErrorSpec(
    Outcome.REJECTED,
    QT_TRANSLATE_NOOP(
        "core", "The payload does not fit the payload schema configured for this trigger."
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "Compare the payload's keys and value types with the trigger's schema in the app "
        "dashboard and correct them.",
    ),
    code="SCHEMA_VALIDATION_FAILED",
)
_NOT_OWNER = ErrorSpec(
    Outcome.AUTH,
    QT_TRANSLATE_NOOP(
        "core",
        "Wix denied permission: only the app that created a trigger can report or cancel its "
        "events, so this key or token is not that app's, or lacks the permission.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "Use an app-oauth profile for the app that owns this trigger key (an API key may not "
        "be accepted for this call), and check the app's permissions.",
    ),
    status=403,
)

_TRIGGER_KEY = FieldSpec(
    "triggerKey",
    QT_TRANSLATE_NOOP("core", "Trigger key"),
    QT_TRANSLATE_NOOP(
        "core", "Trigger key as defined in your app's trigger configuration in the app dashboard."
    ),
    "form_submitted",
    required=True,
    rule=rules.TRIGGER_KEY,
)

_API_KEY_UNCONFIRMED = MappingProxyType(
    {
        AuthKind.API_KEY: QT_TRANSLATE_NOOP(
            "core",
            "Wix documents this call for the app that created the trigger; whether an API "
            "key is accepted is unconfirmed. If Wix answers 403, use an app-oauth profile.",
        )
    }
)

RUN_TRIGGER = CallSpec(
    id="wix.run-trigger",
    platform=Platform.WIX,
    title=QT_TRANSLATE_NOOP("core", "Run custom trigger"),
    summary=QT_TRANSLATE_NOOP("core", "RunTrigger: run the automation behind a custom trigger."),
    help=(
        QT_TRANSLATE_NOOP(
            "core",
            "Runs the automation associated with the trigger id. Find the id in the custom "
            "trigger's configuration in the automations builder.",
        )
    ),
    http_method="POST",
    method="/v1/trigger-custom",
    alternate_method="/_serverless/crm-automations-utils/v1/trigger-custom",
    auth_kinds=frozenset({AuthKind.API_KEY, AuthKind.APP_OAUTH}),
    fields=(
        FieldSpec(
            "triggerId",
            QT_TRANSLATE_NOOP("core", "Trigger id"),
            QT_TRANSLATE_NOOP(
                "core",
                "Trigger GUID from the custom trigger configuration in the automations builder.",
            ),
            "a0f95461-4fea-4971-b2d8-86128ae3e6e9",
            required=True,
            rule=rules.GUID,
            widget="guid",
        ),
    ),
    payload=PayloadSpec(
        "payload",
        PayloadRules.ANY_OBJECT,
        QT_TRANSLATE_NOOP(
            "core",
            "Optional payload object; its schema is defined from sample data in the custom "
            "trigger configuration.",
        ),
        MappingProxyType({"firstName": "Amy", "age": 50}),
    ),
    doc_url=f"{DOCS}/custom-trigger/run-trigger.md",
    success_note=QT_TRANSLATE_NOOP("core", "Wix answers {} when the automation was started."),
)

REPORT_EVENT = CallSpec(
    id="wix.report-event",
    platform=Platform.WIX,
    title=QT_TRANSLATE_NOOP("core", "Report event"),
    summary=QT_TRANSLATE_NOOP(
        "core", "ReportEvent: report an event and activate automations with a trigger key."
    ),
    help=(
        QT_TRANSLATE_NOOP(
            "core",
            "Reports an event and activates site automations with this trigger key. Only the "
            "app that created the trigger can report events for it. Give externalEntityId if "
            "you may need to cancel the event later.",
        )
    ),
    http_method="POST",
    method="/automations/v1/events/report",
    auth_kinds=frozenset({AuthKind.APP_OAUTH, AuthKind.API_KEY}),
    auth_caveats=_API_KEY_UNCONFIRMED,
    fields=(
        _TRIGGER_KEY,
        FieldSpec(
            "externalEntityId",
            QT_TRANSLATE_NOOP("core", "External entity id"),
            QT_TRANSLATE_NOOP(
                "core",
                "GUID of the related resource (yours, or a Wix contact, member or invoice id). "
                "Required to cancel the event later.",
            ),
            "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c",
            rule=rules.GUID,
            widget="guid",
        ),
        FieldSpec(
            "idempotency.key",
            QT_TRANSLATE_NOOP("core", "Idempotency key"),
            QT_TRANSLATE_NOOP(
                "core",
                "A unique id for the event: repeated reports with the same key are ignored "
                "(kept for a week unless the TTL says otherwise).",
            ),
            "order-1234-paid",
            rule=rules.NOT_BLANK,
        ),
        FieldSpec(
            "idempotency.ttlInMilliseconds",
            QT_TRANSLATE_NOOP("core", "Idempotency TTL (ms)"),
            QT_TRANSLATE_NOOP(
                "core", "How long the idempotency key is kept, in milliseconds. Default: a week."
            ),
            "86400000",
            rule=rules.MILLISECONDS,
        ),
    ),
    payload=PayloadSpec(
        "payload",
        PayloadRules.WIX_EVENT,
        QT_TRANSLATE_NOOP(
            "core",
            "Key: value pairs that must fit the trigger's payload schema. Keys: A-Z, a-z, 0-9, "
            "_ (not first). Values: strings, numbers, booleans, or arrays of flat objects.",
        ),
        MappingProxyType({"name": "John Doe"}),
    ),
    errors=(_REQUIRED_PROPERTY, _SCHEMA_FAILED, _NOT_OWNER),
    doc_url=f"{DOCS}/triggered-events/report-event.md",
    success_note=(
        QT_TRANSLATE_NOOP(
            "core",
            "Wix answers {} or the ids of the automations it activated (activationIds). "
            "An empty answer can mean no automation uses this trigger yet.",
        )
    ),
)

CANCEL_EVENT = CallSpec(
    id="wix.cancel-event",
    platform=Platform.WIX,
    title=QT_TRANSLATE_NOOP("core", "Cancel event"),
    summary=QT_TRANSLATE_NOOP(
        "core", "CancelEvent: cancel a reported event's pending automations."
    ),
    help=(
        QT_TRANSLATE_NOOP(
            "core",
            "Cancels the automations still waiting for an event that was reported with this "
            "trigger key and externalEntityId.",
        )
    ),
    http_method="POST",
    method="/automations/v1/events/cancel",
    auth_kinds=frozenset({AuthKind.APP_OAUTH, AuthKind.API_KEY}),
    auth_caveats=_API_KEY_UNCONFIRMED,
    fields=(
        _TRIGGER_KEY,
        FieldSpec(
            "externalEntityId",
            QT_TRANSLATE_NOOP("core", "External entity id"),
            QT_TRANSLATE_NOOP("core", "The externalEntityId the event was reported with."),
            "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c",
            required=True,
            rule=rules.GUID,
            widget="guid",
        ),
    ),
    errors=(_REQUIRED_PROPERTY, _NOT_OWNER),
    doc_url=f"{DOCS}/triggered-events/cancel-event.md",
    success_note=QT_TRANSLATE_NOOP(
        "core", "Pending automations for this event are cancelled; ones already run are not undone."
    ),
)

CALLS: tuple[CallSpec, ...] = (RUN_TRIGGER, REPORT_EVENT, CANCEL_EVENT)
