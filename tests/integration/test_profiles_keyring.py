"""Profiles with their secrets in a real Secret Service keyring, files under tmp_path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.store.profiles import ProfileStore, masked_secrets, profile_secrets
from trigger_desk.store.secrets import SERVICE, KeyringSecretStore

pytestmark = pytest.mark.keyring

WEBHOOK_SECRET = "p2v8n4c6x1z9l3k7"
SECRETS = {
    "webhook_url": f"https://acme.bitrix24.com/rest/9/{WEBHOOK_SECRET}/",
    "client_secret": "cs-0d9f8e7c6b5a4d3c2b1a",
    "access_token": "at-1a2b3c4d5e6f7a8b9c0d",
    "refresh_token": "rt-9f8e7d6c5b4a3f2e1d0c",
    "api_key": "IST.eyJhbGciOiJSUzI1NiJ9.api-key-body",
    "app_secret": "as-5e4d3c2b1a0f9e8d7c6b",
}


def four_profiles(base: str) -> list[tuple[Profile, dict[str, str]]]:
    """One profile per auth kind, as `profiles add` would build them."""
    return [
        (
            Profile(f"{base}-webhook", Platform.BITRIX24, AuthKind.WEBHOOK),
            {
                "webhook_url": SECRETS["webhook_url"]
                + "crm.automation.trigger/?target=DEAL_1&code=go"
            },
        ),
        (
            Profile(
                f"{base}-oauth",
                Platform.BITRIX24,
                AuthKind.OAUTH,
                {"portal": "https://acme.bitrix24.com", "client_id": "local.abc.123"},
            ),
            {k: SECRETS[k] for k in ("client_secret", "access_token", "refresh_token")},
        ),
        (
            Profile(f"{base}-apikey", Platform.WIX, AuthKind.API_KEY, {"site_id": "site-1"}),
            {"api_key": SECRETS["api_key"]},
        ),
        (
            Profile(
                f"{base}-app",
                Platform.WIX,
                AuthKind.APP_OAUTH,
                {"app_id": "app-1", "instance_id": "inst-1", "api_base": "http://127.0.0.1:8765"},
            ),
            {"app_secret": SECRETS["app_secret"]},
        ),
    ]


def all_files_text(roots: dict[str, Path]) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace")
        for root in roots.values()
        for path in root.rglob("*")
        if path.is_file()
    )


def test_four_profiles_round_trip(
    real_keyring: KeyringSecretStore, profile_name: str, isolated_dirs: dict[str, Path]
) -> None:
    store = ProfileStore()
    wanted = four_profiles(profile_name)
    for profile, secrets in wanted:
        store.add(profile, secrets, real_keyring)

    names = [p.name for p in store.list()]
    assert sorted(names) == sorted(p.name for p, _ in wanted)
    webhook = store.get(f"{profile_name}-webhook")
    assert webhook is not None
    assert dict(webhook.settings) == {"portal": "https://acme.bitrix24.com", "user_id": "9"}
    assert profile_secrets(real_keyring, webhook) == {"webhook_url": SECRETS["webhook_url"]}
    oauth = store.get(f"{profile_name}-oauth")
    assert oauth is not None
    assert masked_secrets(real_keyring, oauth) == {
        "client_secret": "••••2b1a",
        "access_token": "••••9c0d",
        "refresh_token": "••••1d0c",
    }

    # Nothing secret in any file under the config, data, state or cache folders.
    on_disk = all_files_text(isolated_dirs)
    assert store.path.read_text(encoding="utf-8") in on_disk
    for value in [*SECRETS.values(), WEBHOOK_SECRET]:
        assert value not in on_disk

    if shutil.which("secret-tool"):
        found = subprocess.run(
            ["secret-tool", "search", "--all", "service", SERVICE],
            capture_output=True,
            text=True,
            timeout=30,
        )
        shown = found.stdout + found.stderr
        for profile, secrets in wanted:
            for key in secrets:
                assert f"attribute.username = {profile.name}:{key}" in shown

    for profile, secrets in wanted:
        store.remove(profile.name, real_keyring)
        for key in secrets:
            assert real_keyring.get(profile.name, key) is None
    assert store.list() == []


def test_replace_swaps_secrets_in_the_keyring(
    real_keyring: KeyringSecretStore, profile_name: str
) -> None:
    store = ProfileStore()
    oauth, oauth_secrets = four_profiles(profile_name)[1]
    store.add(
        Profile(profile_name, oauth.platform, oauth.auth, oauth.settings),
        oauth_secrets,
        real_keyring,
    )
    store.add(
        Profile(profile_name, Platform.BITRIX24, AuthKind.WEBHOOK),
        {"webhook_url": SECRETS["webhook_url"]},
        real_keyring,
        replace=True,
    )
    assert real_keyring.get(profile_name, "webhook_url") == SECRETS["webhook_url"]
    for key in oauth_secrets:
        assert real_keyring.get(profile_name, key) is None
    store.remove(profile_name, real_keyring)
    assert real_keyring.get(profile_name, "webhook_url") is None
