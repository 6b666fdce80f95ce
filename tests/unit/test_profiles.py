"""Profiles: validation, the JSON file, and the keyring-first rule.

The secret store here is the test-only MemorySecretStore, or KeyringSecretStore over
keyring's fail backend where the point is a refusing keyring. Real-keyring runs are in
tests/integration/test_profiles_keyring.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring.backends import fail

from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.store.paths import profiles_path
from trigger_desk.store.profiles import ProfileError, ProfileStore, check_profile, masked_secrets
from trigger_desk.store.secrets import KeyringSecretStore, KeyringUnavailable, MemorySecretStore

WEBHOOK_SECRET = "h4k8s2m9q1w5e7r3"
WEBHOOK = f"https://acme.bitrix24.com/rest/7/{WEBHOOK_SECRET}/"
API_KEY = "IST.eyJraWQiOiJQb3pIX2FDMiIsImFsZyI6IlJTMjU2In0.secret-part"
SITE = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"


def wix(name: str = "shop", **settings: str) -> Profile:
    return Profile(name, Platform.WIX, AuthKind.API_KEY, {"site_id": SITE, **settings})


def webhook(name: str = "crm", **settings: str) -> Profile:
    return Profile(name, Platform.BITRIX24, AuthKind.WEBHOOK, settings)


@pytest.fixture
def store() -> ProfileStore:
    return ProfileStore()


@pytest.fixture
def secrets() -> MemorySecretStore:
    return MemorySecretStore()


def test_default_file_is_in_the_config_dir(store: ProfileStore) -> None:
    assert store.path == profiles_path()


def test_nothing_stored_yet(secrets: MemorySecretStore) -> None:
    assert len(secrets) == 0


def test_empty_when_no_file(store: ProfileStore) -> None:
    assert store.list() == []
    assert store.get("shop") is None


def test_add_list_get(store: ProfileStore, secrets: MemorySecretStore) -> None:
    added = store.add(wix(), {"api_key": API_KEY}, secrets)
    assert added == Profile("shop", Platform.WIX, AuthKind.API_KEY, {"site_id": SITE})
    assert store.list() == [added]
    assert store.get("shop") == added
    assert store.get("Shop") is None
    assert secrets.get("shop", "api_key") == API_KEY
    assert added.setting("api_base") == "https://www.wixapis.com"  # default, not written


def test_file_is_readable_json_without_secrets(
    store: ProfileStore, secrets: MemorySecretStore
) -> None:
    store.add(wix(), {"api_key": API_KEY}, secrets)
    store.add(webhook(), {"webhook_url": WEBHOOK}, secrets)
    text = store.path.read_text(encoding="utf-8")
    assert json.loads(text) == {
        "version": 1,
        "profiles": [
            {
                "name": "crm",
                "platform": "bitrix24",
                "auth": "webhook",
                "settings": {"portal": "https://acme.bitrix24.com", "user_id": "7"},
            },
            {"name": "shop", "platform": "wix", "auth": "api-key", "settings": {"site_id": SITE}},
        ],
    }
    assert "\n  " in text  # indented for people
    assert API_KEY not in text and WEBHOOK_SECRET not in text
    assert [p.name for p in store.path.parent.iterdir()] == ["profiles.json"]  # no temp left


def test_webhook_profile_takes_portal_and_user_from_the_url(
    store: ProfileStore, secrets: MemorySecretStore
) -> None:
    pasted = f"https://ACME.bitrix24.com/rest/7/{WEBHOOK_SECRET}/crm.automation.trigger/?target=DEAL_1&code=abc"
    added = store.add(webhook(), {"webhook_url": pasted}, secrets)
    assert dict(added.settings) == {"portal": "https://acme.bitrix24.com", "user_id": "7"}
    assert secrets.get("crm", "webhook_url") == WEBHOOK  # normalised


def test_webhook_portal_setting_must_match_the_url(
    store: ProfileStore, secrets: MemorySecretStore
) -> None:
    added = store.add(
        webhook(portal="https://acme.bitrix24.com/"), {"webhook_url": WEBHOOK}, secrets
    )
    assert added.settings["portal"] == "https://acme.bitrix24.com"
    with pytest.raises(ProfileError) as caught:
        store.add(
            webhook("other", portal="https://evil.example.com"), {"webhook_url": WEBHOOK}, secrets
        )
    assert caught.value.field == "portal"
    assert "https://acme.bitrix24.com" in str(caught.value)
    assert WEBHOOK_SECRET not in str(caught.value)


def test_bad_webhook_url_is_refused_without_echoing_it(
    store: ProfileStore, secrets: MemorySecretStore
) -> None:
    with pytest.raises(ProfileError) as caught:
        store.add(
            webhook(), {"webhook_url": f"https://acme.bitrix24.com/api/{WEBHOOK_SECRET}"}, secrets
        )
    assert caught.value.field == "webhook_url"
    assert "https://your-portal.bitrix24.com/rest/1/abc123xyz/" in str(caught.value)
    assert WEBHOOK_SECRET not in str(caught.value)
    assert not store.path.exists()


def test_settings_and_secrets_are_stripped_and_blanks_dropped(
    store: ProfileStore, secrets: MemorySecretStore
) -> None:
    added = store.add(wix(api_base=" ", site_id=f" {SITE} "), {"api_key": f"{API_KEY}\n"}, secrets)
    assert dict(added.settings) == {"site_id": SITE}
    assert secrets.get("shop", "api_key") == API_KEY


@pytest.mark.parametrize(
    ("profile", "given", "field", "words"),
    [
        (wix(""), {"api_key": API_KEY}, "name", ["needs a name", "bitrix-prod"]),
        (wix(" shop"), {"api_key": API_KEY}, "name", ["no spaces at either end"]),
        (wix("shop:1"), {"api_key": API_KEY}, "name", ["letters, digits"]),
        (wix("x" * 65), {"api_key": API_KEY}, "name", ["up to 64"]),
        (Profile("p", "salesforce", "api-key"), {}, "platform", ["bitrix24 or wix"]),  # type: ignore[arg-type]
        (Profile("p", Platform.WIX, AuthKind.WEBHOOK), {}, "auth", ["api-key or app-oauth"]),
        (Profile("p", Platform.BITRIX24, "token"), {}, "auth", ["webhook or oauth"]),  # type: ignore[arg-type]
        (
            wix(portal="https://x.bitrix24.com"),
            {"api_key": API_KEY},
            "settings",
            ["portal", "site_id, api_base"],
        ),
        (
            wix(),
            {"api_key": API_KEY, "password": "hunter2hunter2"},
            "secrets",
            ["password", "api_key"],
        ),
        (wix(), {}, "api_key", ["needs the secret api_key", "api_key=..."]),
        (wix(), {"api_key": "  "}, "api_key", ["needs the secret api_key"]),
        (
            webhook(),
            {},
            "webhook_url",
            ["webhook_url=https://your-portal.bitrix24.com/rest/1/abc123xyz/"],
        ),
        (
            Profile("p", Platform.WIX, AuthKind.APP_OAUTH, {"api_base": "https://www.wixapis.com"}),
            {"app_secret": "s" * 20},
            "app_id",
            ["app_id, instance_id", "--set app_id=", "--set instance_id="],
        ),
        (
            Profile("p", Platform.BITRIX24, AuthKind.OAUTH, {"client_id": "local.1"}),
            {"client_secret": "c" * 20, "access_token": "a" * 20, "refresh_token": "r" * 20},
            "portal",
            ["--set portal=https://your-portal.bitrix24.com"],
        ),
        (
            wix(api_base="http://www.wixapis.com"),
            {"api_key": API_KEY},
            "api_base",
            ["only allowed for 127.0.0.1"],
        ),
        (
            wix(api_base="www.wixapis.com"),
            {"api_key": API_KEY},
            "api_base",
            ["https:// address", "e.g. https://www.wixapis.com"],
        ),
        (
            wix(api_base="https://u:p@www.wixapis.com"),
            {"api_key": API_KEY},
            "api_base",
            ["user name"],
        ),
        (wix(api_base="https://www.wixapis.com/?x=1"), {"api_key": API_KEY}, "api_base", ["'?'"]),
        (
            wix(api_base="https://www.wixapis.com:x"),
            {"api_key": API_KEY},
            "api_base",
            ["port after ':' must be a number from 1 to 65535"],
        ),
    ],
)
def test_refusals_name_the_field_and_give_an_example(
    store: ProfileStore,
    secrets: MemorySecretStore,
    profile: Profile,
    given: dict[str, str],
    field: str,
    words: list[str],
) -> None:
    with pytest.raises(ProfileError) as caught:
        store.add(profile, given, secrets)
    assert caught.value.field == field
    message = str(caught.value)
    assert message.startswith(f"{field}: ")
    for word in words:
        assert word in message
    for value in given.values():
        if value.strip():
            assert value.strip() not in message
    assert not store.path.exists()
    assert len(secrets) == 0


@pytest.mark.parametrize(
    "base",
    [
        "http://127.0.0.1:8765",
        "http://localhost:8765/",
        "http://[::1]:8765",
        "https://sandbox.example",
    ],
)
def test_loopback_http_and_https_bases_are_fine(base: str) -> None:
    checked, _ = check_profile(wix(api_base=base), {"api_key": API_KEY})
    assert checked.settings["api_base"] == base.rstrip("/")


def test_existing_name_needs_replace(store: ProfileStore, secrets: MemorySecretStore) -> None:
    store.add(wix(), {"api_key": API_KEY}, secrets)
    with pytest.raises(ProfileError, match="already exists") as caught:
        store.add(wix(site_id="other-site"), {"api_key": "another-key-123456"}, secrets)
    assert caught.value.field == "name"
    assert store.get("shop") == wix()
    assert secrets.get("shop", "api_key") == API_KEY  # untouched

    store.add(wix(site_id="other-site"), {"api_key": "another-key-123456"}, secrets, replace=True)
    assert store.get("shop") == wix(site_id="other-site")
    assert secrets.get("shop", "api_key") == "another-key-123456"
    assert len(store.list()) == 1


def test_replacing_with_another_auth_kind_drops_old_secrets(
    store: ProfileStore, secrets: MemorySecretStore
) -> None:
    oauth = Profile(
        "crm",
        Platform.BITRIX24,
        AuthKind.OAUTH,
        {"portal": "https://acme.bitrix24.com", "client_id": "local.1"},
    )
    store.add(
        oauth,
        {"client_secret": "c" * 20, "access_token": "a" * 20, "refresh_token": "r" * 20},
        secrets,
    )
    store.add(webhook(), {"webhook_url": WEBHOOK}, secrets, replace=True)
    assert store.get("crm") == webhook(portal="https://acme.bitrix24.com", user_id="7")
    assert secrets.get("crm", "webhook_url") == WEBHOOK
    for key in ("client_secret", "access_token", "refresh_token"):
        assert secrets.get("crm", key) is None


def test_remove_deletes_profile_and_its_secrets(
    store: ProfileStore, secrets: MemorySecretStore
) -> None:
    store.add(wix(), {"api_key": API_KEY}, secrets)
    store.add(webhook(), {"webhook_url": WEBHOOK}, secrets)
    removed = store.remove("shop", secrets)
    assert removed.name == "shop"
    assert [p.name for p in store.list()] == ["crm"]
    assert secrets.get("shop", "api_key") is None
    assert secrets.get("crm", "webhook_url") == WEBHOOK


def test_remove_unknown_name(store: ProfileStore, secrets: MemorySecretStore) -> None:
    store.add(wix(), {"api_key": API_KEY}, secrets)
    with pytest.raises(ProfileError, match="no profile named 'shp'; known profiles: shop"):
        store.remove("shp", secrets)


def test_refusing_keyring_writes_nothing(store: ProfileStore) -> None:
    with pytest.raises(KeyringUnavailable) as caught:
        store.add(wix(), {"api_key": API_KEY}, KeyringSecretStore(fail.Keyring()))
    assert API_KEY not in str(caught.value)
    assert not store.path.exists()


def test_refusing_keyring_keeps_the_profile_on_remove(
    store: ProfileStore, secrets: MemorySecretStore
) -> None:
    store.add(wix(), {"api_key": API_KEY}, secrets)
    with pytest.raises(KeyringUnavailable):
        store.remove("shop", KeyringSecretStore(fail.Keyring()))
    assert store.get("shop") is not None


def test_masked_secrets(store: ProfileStore, secrets: MemorySecretStore) -> None:
    oauth = Profile(
        "crm",
        Platform.BITRIX24,
        AuthKind.OAUTH,
        {"portal": "https://acme.bitrix24.com", "client_id": "local.1"},
    )
    added = store.add(
        oauth,
        {"client_secret": "c" * 8, "access_token": "a" * 16 + "wxyz", "refresh_token": "r" * 20},
        secrets,
    )
    secrets.delete("crm", "refresh_token")
    assert masked_secrets(secrets, added) == {
        "client_secret": "••••",
        "access_token": "••••wxyz",
        "refresh_token": None,
    }


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", ["is not valid JSON (line 1)"]),
        ('{"version": 2, "profiles": []}', ["has version 2", "reads version 1"]),
        ("[]", ["has version None"]),
        ('{"version": 1, "profiles": {}}', ["'profiles' must be a list"]),
        ("\n".join(["{"] * 5000), ["is not valid JSON"]),
    ],
)
def test_broken_file_is_reported_with_its_path(
    store: ProfileStore, content: str, words: list[str]
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(content)
    with pytest.raises(ProfileError) as caught:
        store.list()
    assert caught.value.field == "file"
    assert str(store.path) in str(caught.value)
    for word in words:
        assert word in str(caught.value)


def test_two_stores_on_one_file_see_each_other(tmp_path: Path, secrets: MemorySecretStore) -> None:
    first, second = ProfileStore(tmp_path / "p.json"), ProfileStore(tmp_path / "p.json")
    first.add(wix(), {"api_key": API_KEY}, secrets)
    assert second.get("shop") == wix()
