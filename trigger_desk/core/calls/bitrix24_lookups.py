"""Bitrix24 CRM look-ups (read-only, `crm` scope), declared from bitrix24/b24restdocs.

`crm.item.list`, `crm.category.list` and `crm.status.list` find items, funnels and
stages so an admin never types an id; `batch` carries up to 50 of them in one request.
They are not trigger calls: they live in `LOOKUPS`, outside the `fire` registry, and
share the platform's error catalogue plus their own documented errors.
"""

from __future__ import annotations

from trigger_desk.core.calls.spec import CallSpec, ErrorSpec, FieldSpec, FieldType
from trigger_desk.core.model import AuthKind, Platform
from trigger_desk.core.outcome import Outcome

DOCS = "https://apidocs.bitrix24.com/api-reference"
_BOTH = frozenset({AuthKind.WEBHOOK, AuthKind.OAUTH})

_ENTITY_TYPE = FieldSpec(
    "entityTypeId",
    "CRM type",
    "1 lead, 2 deal, 7 estimate, 31 smart invoice, or a smart process's id (128 and more).",
    "2",
    type=FieldType.INTEGER,
    required=True,
)

SMART_PROCESS_NOT_FOUND = ErrorSpec(
    Outcome.REJECTED,
    "The portal has no smart process (CRM type) with this id: smart-process ids differ "
    "from portal to portal.",
    "Check the id in the smart process's address on the portal (/crm/type/ID/...) and "
    "use DYNAMIC_<that id>.",
    code="NOT_FOUND",
)
NO_READ_ACCESS = ErrorSpec(
    Outcome.AUTH,
    "The user behind the webhook or token may not read this CRM type (its access "
    "permissions leave it out).",
    "Use a webhook or token of a user with read access to these items, or grant this "
    "user read permission in the CRM access permissions.",
    code="ACCESS_DENIED",
)
_CRM_ACCESS = ErrorSpec(
    Outcome.AUTH,
    "The user did not pass the preliminary CRM access check.",
    "Use a webhook or token of a user who has access to CRM.",
    code="",
    text=r"^Access denied\.?$",
)
_INTRANET_ONLY = ErrorSpec(
    Outcome.AUTH,
    "Only intranet users (employees) may list CRM items; this user is an extranet user.",
    "Use a webhook or token of an employee of the portal.",
    code="allowed_only_intranet_user",
)
_READ_ERRORS = (SMART_PROCESS_NOT_FOUND, NO_READ_ACCESS, _CRM_ACCESS, _INTRANET_ONLY)

ITEM_LIST = CallSpec(
    id="bitrix24.crm.item.list",
    platform=Platform.BITRIX24,
    title="List CRM items",
    summary="crm.item.list: items of one CRM type, 50 a page, filtered and ordered.",
    help=(
        "Lists items of a CRM type with `filter` (`%title` finds a substring in any case, "
        "`stageId`, `categoryId`), `select`, `order` and `start` (a multiple of 50)."
    ),
    http_method="POST",
    method="crm.item.list",
    auth_kinds=_BOTH,
    fields=(_ENTITY_TYPE,),
    errors=(
        *_READ_ERRORS,
        ErrorSpec(
            Outcome.REJECTED,
            "The portal refused a filter or order field, or its value.",
            "Check the field names with crm.item.fields (camelCase, e.g. stageId) and the "
            "values (a stage id such as C7:EXECUTING; order ASC or DESC).",
            code="INVALID_ARG_VALUE",
        ),
    ),
    doc_url=f"{DOCS}/crm/universal/crm-item-list.html",
)

CATEGORY_LIST = CallSpec(
    id="bitrix24.crm.category.list",
    platform=Platform.BITRIX24,
    title="List funnels",
    summary="crm.category.list: the funnels (pipelines) of a CRM type.",
    help="Lists the funnels of deals, smart invoices or a smart process, with ids and names.",
    http_method="POST",
    method="crm.category.list",
    auth_kinds=_BOTH,
    fields=(_ENTITY_TYPE,),
    errors=(
        *_READ_ERRORS,
        ErrorSpec(
            Outcome.REJECTED,
            "This CRM type has no funnels (leads and estimates have a single stage list).",
            "Ask for its stages without a funnel: crm.status.list with ENTITY_ID STATUS "
            "(leads) or QUOTE_STATUS (estimates); `trigger-desk stages` does this itself.",
            code="ENTITY_TYPE_NOT_SUPPORTED",
        ),
    ),
    doc_url=f"{DOCS}/crm/universal/category/crm-category-list.html",
)

STATUS_LIST = CallSpec(
    id="bitrix24.crm.status.list",
    platform=Platform.BITRIX24,
    title="List stages",
    summary="crm.status.list: a reference list, e.g. one funnel's stages.",
    help=(
        "Lists the entries of one reference list by filter[ENTITY_ID]: DEAL_STAGE (the "
        "general deal funnel), DEAL_STAGE_<funnel>, DYNAMIC_<type>_STAGE_<funnel>, STATUS "
        "(lead stages)."
    ),
    http_method="POST",
    method="crm.status.list",
    auth_kinds=_BOTH,
    errors=_READ_ERRORS,
    doc_url=f"{DOCS}/crm/status/crm-status-list.html",
)

BATCH = CallSpec(
    id="bitrix24.batch",
    platform=Platform.BITRIX24,
    title="Batch",
    summary="batch: up to 50 REST commands in one request.",
    help="Runs up to 50 commands (method?query) one after another; one request for the limit.",
    http_method="POST",
    method="batch",
    auth_kinds=_BOTH,
    errors=(
        ErrorSpec(
            Outcome.REJECTED,
            "The batch held more than 50 commands.",
            "Send at most 50 commands per batch (Trigger Desk never sends more: report this).",
            code="ERROR_BATCH_LENGTH_EXCEEDED",
            text=r"Max batch length",
        ),
    ),
    doc_url=f"{DOCS}/how-to-call-rest-api/batch.html",
)

LOOKUPS: dict[str, CallSpec] = {
    call.id: call for call in (ITEM_LIST, CATEGORY_LIST, STATUS_LIST, BATCH)
}
