"""Bitrix24 automation-trigger calls, declared from the reference pages and FACTS.md."""

from __future__ import annotations

from trigger_desk.core.calls import rules

# Re-exported: calls/__init__ reads each platform module's PLATFORM_ERRORS.
from trigger_desk.core.calls.bitrix24_errors import PLATFORM_ERRORS as PLATFORM_ERRORS
from trigger_desk.core.calls.spec import CallSpec, ErrorSpec, FieldSpec, FieldType
from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.model import AuthKind, Platform
from trigger_desk.core.outcome import Outcome

DOCS = "https://apidocs.bitrix24.com/api-reference/crm/automation"

APP_CONTEXT_REASON = QT_TRANSLATE_NOOP(
    "core",
    "it runs only in an application context: use a profile with auth 'oauth' "
    "(an application's OAuth access token), not an inbound webhook",
)

# Errors the trigger-code methods share (execute/add/delete).
_CRM_ACCESS = ErrorSpec(
    Outcome.AUTH,
    QT_TRANSLATE_NOOP("core", "The user did not pass the preliminary CRM access check."),
    QT_TRANSLATE_NOOP("core", "Use a webhook or token of a user who has access to CRM."),
    code="",
    text=r"^Access denied\.?$",
)
_ADMIN_REQUIRED = ErrorSpec(
    Outcome.AUTH,
    QT_TRANSLATE_NOOP(
        "core", "Application triggers can be managed only by a portal administrator."
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "Authorize the application as an administrator and store that user's tokens in the profile.",
    ),
    code="ACCESS_DENIED",
    text=r"Admin permissions required",
)
_APP_CONTEXT = ErrorSpec(
    Outcome.AUTH,
    QT_TRANSLATE_NOOP(
        "core", "The method was called outside an application context (for example with a webhook)."
    ),
    QT_TRANSLATE_NOOP("core", "Use a profile with an application's OAuth token (auth 'oauth')."),
    code="ACCESS_DENIED",
    text=r"Application context required",
)
_EMPTY_CODE = ErrorSpec(
    Outcome.REJECTED,
    QT_TRANSLATE_NOOP("core", "No trigger code was given."),
    QT_TRANSLATE_NOOP("core", "Set CODE to the trigger's code, e.g. c5u4m."),
    text=r"Empty trigger code",
)
_WRONG_CODE = ErrorSpec(
    Outcome.REJECTED,
    QT_TRANSLATE_NOOP("core", "The trigger code has characters outside the mask [a-z0-9.-_]."),
    QT_TRANSLATE_NOOP("core", "Use only letters a-z, digits, '.', '-' and '_' in CODE."),
    text=r"Wrong trigger code",
)
_NOT_REGISTERED = ErrorSpec(
    Outcome.REJECTED,
    QT_TRANSLATE_NOOP(
        "core",
        "No trigger with this code is registered by this application on the portal (a code "
        "registered by another application does not count).",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "List the registered triggers (bitrix24.trigger.list) and use one of their codes, or "
        "add the trigger first (bitrix24.trigger.add).",
    ),
    text=r"Trigger with code .* is not registered",
)

# Every application-trigger method checks CRM access, admin rights and the app context;
# the ones taking a CODE also check it.
_APP_ERRORS = (_CRM_ACCESS, _ADMIN_REQUIRED, _APP_CONTEXT)
_CODE_ERRORS = (*_APP_ERRORS, _EMPTY_CODE, _WRONG_CODE)

_CODE_FIELD = FieldSpec(
    "CODE",
    QT_TRANSLATE_NOOP("core", "Trigger code"),
    QT_TRANSLATE_NOOP(
        "core", "Internal identifier of the application's trigger, unique within the application."
    ),
    "c5u4m",
    required=True,
    rule=rules.TRIGGER_CODE,
)

TRIGGER = CallSpec(
    id="bitrix24.trigger",
    platform=Platform.BITRIX24,
    title=QT_TRANSLATE_NOOP("core", "Fire webhook trigger"),
    summary=QT_TRANSLATE_NOOP(
        "core", 'crm.automation.trigger: fire a "Track incoming webhook" automation trigger.'
    ),
    help=(
        QT_TRANSLATE_NOOP(
            "core",
            "Activates the automation trigger configured for a stage, for one CRM item. "
            "Use the code from the trigger's settings. Works with an inbound webhook or an "
            "application's OAuth token.",
        )
    ),
    http_method="POST",
    method="crm.automation.trigger",
    auth_kinds=frozenset({AuthKind.WEBHOOK, AuthKind.OAUTH}),
    fields=(
        FieldSpec(
            "target",
            QT_TRANSLATE_NOOP("core", "Target item"),
            QT_TRANSLATE_NOOP(
                "core", "The CRM item the trigger acts on, as TYPENAME_ID (DEAL_57, LEAD_25)."
            ),
            "DEAL_57",
            required=True,
            rule=rules.TARGET,
            choices=rules.TYPENAME_CHOICES,
            widget="target",
        ),
        FieldSpec(
            "code",
            QT_TRANSLATE_NOOP("core", "Trigger code"),
            QT_TRANSLATE_NOOP(
                "core",
                "The trigger's symbolic code from its settings in Automation. Without it the "
                "earliest-stage trigger of the item may fire.",
            ),
            "c5u4m",
            rule=rules.TRIGGER_CODE,
        ),
    ),
    errors=(
        ErrorSpec(
            Outcome.REJECTED,
            QT_TRANSLATE_NOOP("core", "The required parameter 'target' was not sent."),
            QT_TRANSLATE_NOOP("core", "Set target to TYPENAME_ID, e.g. DEAL_57."),
            text=r"Target is not set",
        ),
        ErrorSpec(
            Outcome.REJECTED,
            QT_TRANSLATE_NOOP("core", "'target' is not in the form TYPENAME_ID."),
            QT_TRANSLATE_NOOP("core", "Set target like DEAL_57 (type name, underscore, item id)."),
            text=r"Incorrect target format",
        ),
        ErrorSpec(
            Outcome.REJECTED,
            # The reference page names only an unknown TYPENAME, but the portal gives the
            # same answer for an item id it has no item for (DEAL_999999).
            QT_TRANSLATE_NOOP(
                "core",
                "The portal found nothing for 'target': either the type name is not one it "
                "knows, or it has no item of that type with this id.",
            ),
            QT_TRANSLATE_NOOP(
                "core",
                "Check that the item exists (open it in the CRM: the id is in its address) and "
                "that the type is one the portal has: LEAD, DEAL, QUOTE, SMART_INVOICE or "
                "DYNAMIC_<id>; webhook triggers may not support smart processes on every portal.",
            ),
            text=r"Target is not found",
        ),
        ErrorSpec(
            Outcome.AUTH,
            QT_TRANSLATE_NOOP(
                "core", "The user behind the webhook or token may not update this item."
            ),
            QT_TRANSLATE_NOOP(
                "core",
                "Use a webhook of a user with edit rights on the item, or give this user the rights.",
            ),
            code="ACCESS_DENIED",
            text=r"no permissions to update",
        ),
        _CRM_ACCESS,
    ),
    doc_url=f"{DOCS}/crm-automation-trigger.html",
    success_note=(
        QT_TRANSLATE_NOOP(
            "core",
            "result: true means the portal accepted the trigger, not that an automation rule "
            "moved the item: the trigger's conditions and \"Allow transition to previous "
            "stage\" can still stop it. Check the item's timeline if nothing changed.",
        )
    ),
)

EXECUTE = CallSpec(
    id="bitrix24.trigger.execute",
    platform=Platform.BITRIX24,
    title=QT_TRANSLATE_NOOP("core", "Execute application trigger"),
    summary=QT_TRANSLATE_NOOP(
        "core", "crm.automation.trigger.execute: run your application's trigger for a CRM item."
    ),
    help=(
        QT_TRANSLATE_NOOP(
            "core",
            "Runs a trigger that your application registered (crm.automation.trigger.add) for "
            "one CRM item. Needs an administrator's OAuth token in the application context.",
        )
    ),
    http_method="POST",
    method="crm.automation.trigger.execute",
    auth_kinds=frozenset({AuthKind.OAUTH}),
    auth_reason=APP_CONTEXT_REASON,
    fields=(
        _CODE_FIELD,
        FieldSpec(
            "OWNER_TYPE_ID",
            QT_TRANSLATE_NOOP("core", "Owner type"),
            QT_TRANSLATE_NOOP(
                "core",
                "Type of the CRM object (crm.enum.ownertype). Triggers exist in leads, deals, "
                "estimates, invoices and smart processes (ids of 128 and more).",
            ),
            "2",
            type=FieldType.INTEGER,
            required=True,
            rule=rules.OWNER_TYPE_ID,
            choices=rules.OWNER_TYPE_CHOICES,
            open_choices=True,
        ),
        FieldSpec(
            "OWNER_ID",
            QT_TRANSLATE_NOOP("core", "Item id"),
            QT_TRANSLATE_NOOP("core", "Identifier of the CRM item."),
            "6",
            type=FieldType.INTEGER,
            required=True,
            rule=rules.POSITIVE_ID,
        ),
    ),
    errors=(
        *_CODE_ERRORS,
        _NOT_REGISTERED,
        ErrorSpec(
            Outcome.REJECTED,
            QT_TRANSLATE_NOOP(
                "core",
                "The portal refused OWNER_TYPE_ID: it is not a CRM type that has triggers, or "
                "(for a smart process) no such type exists on this portal.",
            ),
            QT_TRANSLATE_NOOP(
                "core",
                "Use 1 (lead), 2 (deal), 7 (estimate), 31 (invoice) or the id of a smart process "
                "the portal has.",
            ),
            text=r"Incorrect parameter OWNER_TYPE_ID",
        ),
        ErrorSpec(
            Outcome.REJECTED,
            QT_TRANSLATE_NOOP(
                "core",
                "The portal refused OWNER_ID: it is not a positive id, or the portal has no "
                "item of that type with this id.",
            ),
            QT_TRANSLATE_NOOP(
                "core",
                "Check that the item exists (its id is in the item's URL in the CRM) and that "
                "OWNER_TYPE_ID is its type.",
            ),
            text=r"Incorrect parameter OWNER_ID",
        ),
    ),
    doc_url=f"{DOCS}/triggers/crm-automation-trigger-execute.html",
    success_note=QT_TRANSLATE_NOOP(
        "core", "result: true means the trigger was initiated; its rules decide what happens next."
    ),
)

LIST = CallSpec(
    id="bitrix24.trigger.list",
    platform=Platform.BITRIX24,
    title=QT_TRANSLATE_NOOP("core", "List application triggers"),
    summary=QT_TRANSLATE_NOOP(
        "core", "crm.automation.trigger.list: the triggers your application registered."
    ),
    help=QT_TRANSLATE_NOOP("core", "Lists the application's triggers as NAME and CODE pairs."),
    http_method="POST",
    method="crm.automation.trigger.list",
    auth_kinds=frozenset({AuthKind.OAUTH}),
    auth_reason=APP_CONTEXT_REASON,
    errors=_APP_ERRORS,
    doc_url=f"{DOCS}/triggers/crm-automation-trigger-list.html",
)

ADD = CallSpec(
    id="bitrix24.trigger.add",
    platform=Platform.BITRIX24,
    title=QT_TRANSLATE_NOOP("core", "Add application trigger"),
    summary=QT_TRANSLATE_NOOP(
        "core", "crm.automation.trigger.add: register a trigger (an existing CODE is renamed)."
    ),
    help=QT_TRANSLATE_NOOP(
        "core", "Registers a trigger of your application; adding an existing CODE renames it."
    ),
    http_method="POST",
    method="crm.automation.trigger.add",
    auth_kinds=frozenset({AuthKind.OAUTH}),
    auth_reason=APP_CONTEXT_REASON,
    fields=(
        _CODE_FIELD,
        FieldSpec(
            "NAME",
            QT_TRANSLATE_NOOP("core", "Trigger name"),
            QT_TRANSLATE_NOOP("core", "The name admins see in the automation rules editor."),
            "Payment received",
            required=True,
            rule=rules.NOT_BLANK,
        ),
    ),
    errors=(
        *_CODE_ERRORS,
        ErrorSpec(
            Outcome.REJECTED,
            QT_TRANSLATE_NOOP("core", "No trigger name was given."),
            QT_TRANSLATE_NOOP("core", "Set NAME to the name admins should see."),
            text=r"Empty trigger name",
        ),
    ),
    doc_url=f"{DOCS}/triggers/crm-automation-trigger-add.html",
)

DELETE = CallSpec(
    id="bitrix24.trigger.delete",
    platform=Platform.BITRIX24,
    title=QT_TRANSLATE_NOOP("core", "Delete application trigger"),
    summary=QT_TRANSLATE_NOOP(
        "core", "crm.automation.trigger.delete: remove a trigger your application registered."
    ),
    help=QT_TRANSLATE_NOOP("core", "Deletes the application's trigger with this CODE."),
    http_method="POST",
    method="crm.automation.trigger.delete",
    auth_kinds=frozenset({AuthKind.OAUTH}),
    auth_reason=APP_CONTEXT_REASON,
    fields=(_CODE_FIELD,),
    errors=(
        *_CODE_ERRORS,
        ErrorSpec(
            Outcome.REJECTED,
            QT_TRANSLATE_NOOP(
                "core", "No trigger with this CODE is registered by this application."
            ),
            QT_TRANSLATE_NOOP(
                "core", "List the triggers (bitrix24.trigger.list) and use one of their codes."
            ),
            text=r"Trigger not found",
        ),
    ),
    doc_url=f"{DOCS}/triggers/crm-automation-trigger-delete.html",
)

CALLS: tuple[CallSpec, ...] = (TRIGGER, EXECUTE, LIST, ADD, DELETE)
