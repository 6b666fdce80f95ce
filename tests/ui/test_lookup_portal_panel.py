# ruff: noqa: RUF001  (Cyrillic names on purpose)
""" "From the portal…" against the real sandbox: type → funnel → stage with counts,
a title filter, the preview, and the rows a bulk run takes."""

from __future__ import annotations

from tests.ui.conftest import Until
from tests.ui.lookup_fixtures import method_count, sandbox_profile
from trigger_desk.core.lookups import ITEM_COLUMNS
from trigger_desk.services.facade import Services
from trigger_desk.services.portal_lookups import PortalLookups
from trigger_desk.ui.lookup.portal_panel import PortalItemsPanel


async def _panel(qtbot, services: Services, until: Until) -> PortalItemsPanel:  # type: ignore[no-untyped-def]
    panel = PortalItemsPanel(PortalLookups(services), await sandbox_profile(services))
    qtbot.addWidget(panel)
    panel.show()
    panel.load_stages()
    await until(lambda: panel.funnel_combo.count() == 3, what="the deal funnels")
    await until(lambda: not panel.busy, what="counts and items")
    return panel


def _texts(combo) -> list[str]:  # type: ignore[no-untyped-def]
    return [combo.itemText(i) for i in range(combo.count())]


async def test_repairs_in_progress_gives_its_items_as_rows(
    qtbot, services: Services, until: Until
) -> None:
    panel = await _panel(qtbot, services, until)
    assert _texts(panel.funnel_combo) == ["General", "Repairs", "Ремонт квартир"]
    panel.funnel_combo.setCurrentIndex(1)
    await until(lambda: not panel.busy and panel._counts is not None, what="Repairs counts")
    assert _texts(panel.stage_combo) == [
        "New (1)",
        "In Progress (1)",
        "Done (0)",
        "Cancelled (0)",
    ]
    panel.stage_combo.setCurrentIndex(1)
    await until(lambda: not panel.busy and panel.use_button.isEnabled(), what="the preview")
    assert panel.status.text() == "Items: 1 in Repairs → In Progress."
    emitted: list[list[dict[str, str]]] = []
    panel.itemsReady.connect(emitted.append)
    panel.use_button.click()
    assert emitted == [
        [
            dict(
                zip(
                    ITEM_COLUMNS,
                    ("1", "Acme: boiler repair", "C7:EXECUTING", "7", "DEAL_1"),
                    strict=True,
                )
            )
        ]
    ]
    assert panel.preview.item(0, 4).text() == "DEAL_1"  # type: ignore[union-attr]


async def test_cyrillic_funnel_and_title_filter(qtbot, services: Services, until: Until) -> None:
    panel = await _panel(qtbot, services, until)
    panel.funnel_combo.setCurrentIndex(2)
    await until(lambda: not panel.busy and panel._counts is not None, what="counts")
    assert panel.stage_combo.itemText(1) == "В работе (1)"
    panel.stage_combo.setCurrentIndex(1)
    await until(lambda: not panel.busy and bool(panel.items), what="the preview")
    for char in "котла":
        panel.title_filter.insert(char)
    await until(lambda: not panel.busy and panel.items and panel.title_filter.text() == "котла")
    assert [row["target"] for row in panel.rows()] == ["DEAL_3"]
    before = method_count(services.sandbox, "crm.item.list")
    for char in "xyz":  # typed quickly: one look-up for the three characters
        panel.title_filter.insert(char)
    await until(lambda: not panel.busy and not panel.items, what="no match")
    assert method_count(services.sandbox, "crm.item.list") == before + 1
    assert panel.status.text() == "No items in Ремонт квартир → В работе."
    assert not panel.use_button.isEnabled()


async def test_stop_and_an_error_explained(qtbot, services: Services, until: Until) -> None:
    panel = await _panel(qtbot, services, until)
    panel.refresh()
    assert panel.busy
    panel.stop()
    assert not panel.busy and panel.status.text() == "Look-up stopped."
    panel.type_combo.setCurrentText("DYNAMIC_999")
    panel.load_stages()
    await until(lambda: "failed" in panel.status.text(), what="the explanation")
    assert "no smart process" in panel.status.text()


async def test_every_control_is_named(qtbot, services: Services, until: Until) -> None:
    """As a screen reader sees them (the accessibility tree of tests/ui/test_window_accessibility)."""
    from tests.ui.test_window_accessibility import tree, unnamed_controls
    from trigger_desk.ui.lookup.find_dialog import FindItemDialog

    panel = await _panel(qtbot, services, until)
    assert unnamed_controls(tree(panel)) == []
    dialog = FindItemDialog(panel._lookups, panel._profile)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_controls(tree(dialog)) == []


async def test_look_ups_take_their_turn_from_the_shared_limiter(services: Services) -> None:
    from trigger_desk.core.crm_types import parse_crm_type
    from trigger_desk.core.rate_limit import limiter_key, profile_rate_limit
    from trigger_desk.store.rate_limits import SharedLimiter, rate_limits_path

    profile = await sandbox_profile(services)
    limit = profile_rate_limit(profile)
    assert not limit.unlimited
    lookups = PortalLookups(services)
    await lookups.stages(profile, parse_crm_type("DEAL"))
    key = limiter_key(profile, await services.secrets_for(profile))
    limiter = SharedLimiter(rate_limits_path(services.history.path))
    try:
        # The bucket bulk runs and the CLI share now holds the look-up's request(s).
        assert limiter.level(key, limit) > 0
    finally:
        limiter.close()
