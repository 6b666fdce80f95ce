"""Preset files for the presets panel tests: a real folder under tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

from trigger_desk.store.presets import Preset, PresetStore

GUID = "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c"

WON = Preset(
    name="Move deal to Won",
    call="bitrix24.trigger",
    values={"target": "DEAL_{{deal}}", "code": "won"},
    profile="portal",
    description="Moves the deal to the Won stage",
)
ONBOARDING = Preset(
    name="Start onboarding",
    call="bitrix24.trigger.execute",
    values={"CODE": "onboard", "OWNER_TYPE_ID": 3, "OWNER_ID": 6},
    description="Application trigger for the test contact",
)
LIST = Preset(name="List triggers", call="bitrix24.trigger.list")
FORM = Preset(
    name="Form submitted",
    call="wix.report-event",
    values={"triggerKey": "form_submitted", "externalEntityId": GUID},
    payload={"email": "{{email}}"},
    description="Report form_submitted for the test contact",
)
BITRIX_NAMES = ["List triggers", "Move deal to Won", "Start onboarding"]


def seeded_store(folder: Path) -> PresetStore:
    """Four good presets (three Bitrix24, one Wix) and three files that are not presets."""
    store = PresetStore(folder)
    for preset in (WON, ONBOARDING, LIST, FORM):
        store.save(preset)
    # Not JSON at all: its platform cannot be told, so every tab lists it.
    (folder / "half-written.json").write_text('{"version": 1, "name": ', encoding="utf-8")
    # A Bitrix24 call with a field it does not have: only the Bitrix24 tab lists it.
    bad_field = {
        "version": 1,
        "name": "Typo",
        "description": "",
        "call": "bitrix24.trigger",
        "profile": None,
        "values": {"taget": "DEAL_1"},
        "payload": None,
    }
    (folder / "typo.json").write_text(json.dumps(bad_field), encoding="utf-8")
    # A Wix file from a newer Trigger Desk: only the Wix tab lists it.
    newer = dict(bad_field, version=2, call="wix.run-trigger", name="Future", values={})
    (folder / "future.json").write_text(json.dumps(newer), encoding="utf-8")
    return store
