"""How a history row's ending looks: a word, an icon and a readable colour.

Colour never carries the meaning alone (STYLE.md): each ending has a word and an icon
of its own shape. Icons and colours come from the window's shared theme (`ui.icons`,
`ui.theme`), so the history matches the result panel and follows light/dark switches.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.outcome import Outcome
from trigger_desk.store.history import RowState
from trigger_desk.ui.shell.icons import OUTCOME_ICONS, icon
from trigger_desk.ui.shell.theme import Tone, tone_color
from trigger_desk.ui.widgets.core_text import tr_core

# Rows without an outcome: the call is in flight, or ended with no answer recorded.
_STATE_LOOKS: dict[RowState, tuple[str, str, Tone]] = {
    RowState.IN_FLIGHT: (QT_TRANSLATE_NOOP("core", "In flight"), "clock", Tone.INFO),
    RowState.INTERRUPTED: (
        QT_TRANSLATE_NOOP("core", "No answer recorded"),
        "warning",
        Tone.WARNING,
    ),
    RowState.NO_ANSWER: (
        QT_TRANSLATE_NOOP("core", "Cancelled, no answer"),
        "cancelled",
        Tone.WARNING,
    ),
    RowState.DONE: (
        QT_TRANSLATE_NOOP("core", "No answer recorded"),
        "warning",
        Tone.WARNING,
    ),
}


def _look(outcome: Outcome | None, state: RowState | None) -> tuple[str, str, Tone]:
    if outcome is not None:
        name, tone = OUTCOME_ICONS[outcome]
        return outcome.label, name, tone
    return _STATE_LOOKS[state or RowState.INTERRUPTED]


def outcome_word(outcome: Outcome | None, state: RowState | None = None) -> str:
    """The word shown beside the icon: the outcome's label, or what the state means."""
    return tr_core(_look(outcome, state)[0])


def outcome_tone(outcome: Outcome | None, state: RowState | None = None) -> Tone:
    return _look(outcome, state)[2]


def outcome_colour(outcome: Outcome | None, state: RowState | None = None) -> QColor:
    """A foreground readable on the current palette (light or dark)."""
    return tone_color(outcome_tone(outcome, state))


def outcome_icon(outcome: Outcome | None, state: RowState | None = None) -> QIcon:
    """The icon for a row (the icon engine reads the palette when it paints).

    Not cached in a module global: a QIcon whose engine is written in Python must not
    outlive the QApplication (its destruction at interpreter exit crashes)."""
    _, name, tone = _look(outcome, state)
    return icon(name, tone)
