"""Seeded credentials and the sandbox's in-memory world: one Bitrix24 portal, one Wix site.

Every credential here is made up and only ever accepted by the sandbox, so printing
them (as `trigger-desk sandbox` does) gives nothing away.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from trigger_desk.sandbox.crm_data import ITEMS_PER_TYPE, CrmWorld
from trigger_desk.sandbox.limits import Limits
from trigger_desk.sandbox.messages import ReceivedRequest
from trigger_desk.sandbox.modes import LeakyBucket, Modes

BITRIX_TOKEN_LIFETIME = 3600  # seconds; FACTS.md: access tokens live an hour
WIX_TOKEN_LIFETIME = 14400
IDEMPOTENCY_DEFAULT_TTL = 7 * 24 * 3600.0  # a week, per the ReportEvent page


@dataclass(frozen=True)
class SeedCredentials:
    """Every credential the sandbox accepts, with the documented errors each one provokes."""

    # Bitrix24: the portal administrator's inbound webhook (`/rest/1/<secret>/`).
    bitrix_user_id: int = 1
    bitrix_webhook_secret: str = "sandbox0webhook1"
    # Bitrix24: an application installed by the administrator (OAuth).
    bitrix_client_id: str = "local.5a0db0c0ffee01.00000001"
    bitrix_client_secret: str = "sandboxClientSecret0000000000001"
    bitrix_access_token: str = "sandbox-access-token-0001"
    bitrix_refresh_token: str = "sandbox-refresh-token-0001"
    bitrix_member_id: str = "5a0db0c0ffee5a0db0c0ffee5a0db0c0"
    # Bitrix24 webhooks and a token that exist to provoke documented refusals:
    # user 2 has no CRM access ("Access denied."), user 3 may not update items
    # (ACCESS_DENIED "...no permissions to update the entity."), user 4's webhook lacks
    # the crm scope (insufficient_scope), user 5 is not an administrator
    # (ACCESS_DENIED "Access denied! Admin permissions required").
    bitrix_no_crm_webhook_secret: str = "sandbox0nocrm002"
    bitrix_read_only_webhook_secret: str = "sandbox0readonly3"
    bitrix_no_scope_webhook_secret: str = "sandbox0noscope4"
    bitrix_non_admin_access_token: str = "sandbox-access-token-manager5"
    # Wix: the site, an API key with the automations permission, and one without it.
    wix_site_id: str = "b2e4c6a8-1d3f-4a5b-9c7d-0e1f2a3b4c5d"
    wix_api_key: str = "IST.sandbox-wix-api-key-0001"
    wix_limited_api_key: str = "IST.sandbox-wix-api-key-no-automations"
    # Wix: an app installed on the site (client_credentials).
    wix_app_id: str = "c0ffee00-1111-4222-8333-444455556666"
    wix_app_secret: str = "sandbox-wix-app-secret-0001"
    wix_instance_id: str = "1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a00"


DEFAULT_SEED = SeedCredentials()


@dataclass(frozen=True)
class BitrixUser:
    id: int
    name: str
    admin: bool = True
    crm_access: bool = True
    can_update: bool = True


BITRIX_USERS: dict[int, BitrixUser] = {
    1: BitrixUser(1, "Administrator"),
    2: BitrixUser(2, "No CRM access", admin=False, crm_access=False),
    3: BitrixUser(3, "CRM read-only", admin=False, can_update=False),
    4: BitrixUser(4, "Administrator (webhook without crm scope)"),
    5: BitrixUser(5, "Sales manager", admin=False),
}

# The portal's CRM types that have triggers (OWNER_TYPE_ID -> TYPENAME); each holds
# items 1..BITRIX_ITEMS_PER_TYPE. Smart processes differ per portal: this one has 128.
BITRIX_PORTAL_TYPES: dict[int, str] = {
    1: "LEAD",
    2: "DEAL",
    5: "INVOICE",
    7: "QUOTE",
    31: "SMART_INVOICE",
    128: "DYNAMIC_128",
}
BITRIX_ITEMS_PER_TYPE = ITEMS_PER_TYPE  # held, with titles and stages, by CrmWorld
# Application triggers registered when the sandbox starts (CODE -> NAME).
BITRIX_SEEDED_TRIGGERS: dict[str, str] = {"c5u4m": "Sandbox trigger", "call_done": "Call completed"}


@dataclass(frozen=True)
class WixTrigger:
    """An app trigger on the site: who owns it, its payload schema, its automations."""

    owned_by_sandbox_app: bool
    schema: dict[str, str] = field(
        default_factory=dict
    )  # key -> string|number|integer|boolean|array
    required: tuple[str, ...] = ()
    automations: int = 0  # how many automations it starts (activationIds in the answer)


# RunTrigger: custom trigger ids on the site (the first is the reference page's example).
WIX_CUSTOM_TRIGGER_IDS: frozenset[str] = frozenset({"a0f95461-4fea-4971-b2d8-86128ae3e6e9"})
# ReportEvent / CancelEvent trigger keys.
WIX_APP_TRIGGERS: dict[str, WixTrigger] = {
    "my_trigger": WixTrigger(True, {"name": "string"}, required=("name",), automations=1),
    "form_submitted": WixTrigger(True, {"name": "string", "email": "string", "age": "number"}),
    "other_app_event": WixTrigger(False, {"name": "string"}, automations=1),
}


@dataclass
class AccessToken:
    user_id: int
    expires_at: float

    def expired(self, now: float) -> bool:
        return now >= self.expires_at


@dataclass
class WixToken:
    app_id: str
    instance_id: str
    expires_at: float
    revoked: bool = False


@dataclass
class WixEvent:
    trigger_key: str
    payload: dict[str, Any]
    external_entity_id: str | None
    activation_ids: list[str]
    cancelled: bool = False


@dataclass(frozen=True)
class Firing:
    """A call the sandbox accepted and acted on (what a real platform would run)."""

    platform: str
    call_id: str
    detail: dict[str, Any]
    at: float

    @property
    def item(self) -> str:
        """What was triggered: `DEAL_57` (Bitrix24), the Wix trigger id, or the event's entity."""
        detail = self.detail
        if "target" in detail:
            return str(detail["target"])
        if "OWNER_TYPE_ID" in detail:
            type_name = BITRIX_PORTAL_TYPES.get(detail["OWNER_TYPE_ID"], detail["OWNER_TYPE_ID"])
            return f"{type_name}_{detail.get('OWNER_ID')}"
        entity = detail.get("externalEntityId")
        return str(entity or detail.get("triggerKey") or detail.get("triggerId") or "")


def new_token(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(16)}"


class SandboxState:
    """Everything the sandbox remembers. Hold `lock` while reading or changing it."""

    def __init__(self, seed: SeedCredentials) -> None:
        self.seed = seed
        self.lock = threading.RLock()
        self.received: list[ReceivedRequest] = []
        self.fired: list[Firing] = []
        self.errors: list[str] = []
        self.modes = Modes()
        self.bucket = LeakyBucket()  # the `leaky_bucket` switch's own 50/2 bucket
        self.limits = Limits()  # limits switched on with `--bitrix-limit` / `--wix-limit`
        now = time.time()
        # Bitrix24
        self.webhooks: dict[str, tuple[int, frozenset[str]]] = {
            seed.bitrix_webhook_secret: (seed.bitrix_user_id, frozenset({"crm"})),
            seed.bitrix_no_crm_webhook_secret: (2, frozenset({"crm"})),
            seed.bitrix_read_only_webhook_secret: (3, frozenset({"crm"})),
            seed.bitrix_no_scope_webhook_secret: (4, frozenset({"user"})),
        }
        self.access_tokens: dict[str, AccessToken] = {
            seed.bitrix_access_token: AccessToken(seed.bitrix_user_id, now + BITRIX_TOKEN_LIFETIME),
            seed.bitrix_non_admin_access_token: AccessToken(5, math.inf),
        }
        self.current_access_token = seed.bitrix_access_token
        self.live_refresh_token = seed.bitrix_refresh_token
        self.token_refreshes = 0
        self.app_triggers: dict[str, str] = dict(BITRIX_SEEDED_TRIGGERS)
        self.crm = CrmWorld()  # funnels, stages and items for the look-ups
        # Wix
        self.wix_tokens: dict[str, WixToken] = {}
        self.wix_token_grants = 0
        self.wix_events: list[WixEvent] = []
        # (trigger key, idempotency key) -> when the key expires
        self.idempotency: dict[tuple[str, str], float] = {}

    def fire(self, platform: str, call_id: str, **detail: Any) -> None:
        self.fired.append(Firing(platform, call_id, detail, time.time()))

    def triggered(self) -> dict[str, int]:
        """How many times each item was triggered (see `Firing.item`)."""
        counts: dict[str, int] = {}
        for firing in self.fired:
            counts[firing.item] = counts.get(firing.item, 0) + 1
        return counts

    def reset_counters(self) -> None:
        """Forget what was fired and refused (the limits stay as they are)."""
        self.fired.clear()
        self.limits.refused = dict.fromkeys(self.limits.refused, 0)

    def expire_bitrix_token(self, token: str | None = None) -> None:
        """Make `token` (default: the newest application token) answer `expired_token`."""
        entry = self.access_tokens.get(token or self.current_access_token)
        if entry is None:
            raise KeyError("the sandbox never issued that access token")
        entry.expires_at = time.time()

    def rotate_bitrix_tokens(self, now: float) -> tuple[str, str]:
        """A new access/refresh pair; the old refresh token is spent."""
        access, refresh = new_token("sandbox-access"), new_token("sandbox-refresh")
        self.access_tokens[access] = AccessToken(
            self.seed.bitrix_user_id, now + BITRIX_TOKEN_LIFETIME
        )
        self.current_access_token = access
        self.live_refresh_token = refresh
        self.token_refreshes += 1
        return access, refresh

    def grant_wix_token(self, now: float) -> str:
        token = new_token("OauthNG.JWS.sandbox")
        self.wix_tokens[token] = WixToken(
            self.seed.wix_app_id, self.seed.wix_instance_id, now + WIX_TOKEN_LIFETIME
        )
        self.wix_token_grants += 1
        return token

    def invalidate_wix_tokens(self) -> None:
        """Every Wix app token issued so far answers 401 from now on."""
        for token in self.wix_tokens.values():
            token.revoked = True

    def bitrix_item_exists(self, type_name: str, item_id: int) -> bool:
        return self.crm.exists(type_name, item_id)
