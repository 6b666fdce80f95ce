"""Shared fixtures for the command-line tests: one sandbox per module, a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.cli import Cli, add_sandbox_profiles
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.secrets import MemorySecretStore


@pytest.fixture(scope="module")
def running_sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(running_sandbox: Sandbox) -> Iterator[Sandbox]:
    """The module's sandbox, back to normal behaviour and with nothing recorded yet."""
    running_sandbox.clear_received()
    running_sandbox.reset_mode()
    yield running_sandbox
    assert running_sandbox.errors == []  # the sandbox itself never crashed


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """An HTTP client for the sandbox in use (a module may bring its own `sandbox`)."""
    with httpx.Client(base_url=sandbox.base_url, timeout=5) as client:
        yield client


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> Cli:
    """The CLI in-process, with the four sandbox profiles added through it."""
    runner = Cli(capsys, monkeypatch, MemorySecretStore())
    add_sandbox_profiles(runner, sandbox)
    return runner
