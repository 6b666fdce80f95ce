"""The list of calls in flight stays compact however many calls are under way."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtWidgets import QWidget

from trigger_desk.ui.tab.inflight_list import VISIBLE_ROWS, InFlightList


def test_many_calls_scroll_in_a_few_rows_and_each_can_be_cancelled(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    inflight = InFlightList(holder)
    cancelled: list[int] = []
    for key in range(1, 9):
        inflight.add(key, f"Fire webhook trigger · profile {key}", partial(cancelled.append, key))
    holder.resize(500, 600)
    holder.show()
    qtbot.waitExposed(holder)
    one_row = inflight.cancel_button(1).parentWidget().sizeHint().height()
    # Eight calls take the room of three rows (plus the count line), not eight.
    assert inflight.sizeHint().height() < (VISIBLE_ROWS + 2) * one_row
    assert inflight.count_label.isVisible()
    assert inflight.count_label.text().startswith("8 calls in flight")
    last = inflight.cancel_button(8)
    inflight.scroller.ensureWidgetVisible(last)
    assert last.isVisible()
    last.click()
    assert cancelled == [8]
    for key in range(2, 9):
        inflight.remove(key)
    assert not inflight.count_label.isVisible()  # one call: no count line
    inflight.remove(1)
    assert inflight.isHidden()
