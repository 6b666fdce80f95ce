"""Helpers for the bulk-run tests: profiles on the loopback portal, items files, a run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.batch_server import BatchPortal
from tests.support.cli import Cli

GUID = "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c"


def add_hook(cli: Cli, portal: BatchPortal, *settings: str, name: str = "hook") -> None:
    sets = [arg for s in settings for arg in ("--set", s)]
    result = cli(
        "profiles",
        "add",
        name,
        "--platform",
        "bitrix24",
        "--auth",
        "webhook",
        *sets,
        stdin=f"webhook_url={portal.webhook_url}\n",
    )
    assert result.code == 0, result.err


def deals(tmp_path: Path, count: int, *, start: int = 1, name: str = "deals.csv") -> Path:
    path = tmp_path / name
    path.write_text("ID;TITLE\n" + "".join(f"{i};Deal {i}\n" for i in range(start, start + count)))
    return path


def run_args(profile: str, items: Path, *extra: str) -> list[str]:
    """`bulk run` of the webhook trigger over an items file whose ID column names deals."""
    return [
        "bulk", "run", "bitrix24.trigger", "--profile", profile, "--items", str(items),
        "--set", "target=DEAL_{{ID}}", "--set", "code=c5u4m", "--json", *extra,
    ]  # fmt: skip


def bulk(
    cli: Cli, items: Path, *extra: str, profile: str = "hook"
) -> tuple[int, dict[str, object]]:
    result = cli(*run_args(profile, items, *extra))
    return result.code, json.loads(result.out)
