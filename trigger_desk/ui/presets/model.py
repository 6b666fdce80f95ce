"""One platform's presets as a list model, the search filter over it, how a row looks
(the delegate), and the few icons the panel draws that the bundled set lacks.

`load_entries(store, platform)` is the blocking part (it reads the folder; run it off the
event loop); `PresetsModel.set_entries()` shows its answer. Files that are not valid
presets are rows too, disabled, with the reason as visible text and as tooltip, so a
broken file in a shared folder is never silently missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from trigger_desk.core.calls import CallSpec, find_call
from trigger_desk.core.model import Platform
from trigger_desk.store.presets import BrokenPreset, Preset, PresetStore
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone, small_font, tone_color
from trigger_desk.ui.widgets.core_text import tr_core

_Index = QModelIndex | QPersistentModelIndex
VARIABLE_MARK = "{…}"


def panel_icon(name: str) -> QIcon:
    """A bundled icon (kept as a name of its own so the panel reads the same)."""
    return icon(name)


class PresetWords(QObject):
    """Counted words of the presets list (plural forms need tr(), which needs a QObject)."""

    def variables(self, count: int) -> str:
        return self.tr("%n variable(s)", "", count)

    def asks_for(self, count: int) -> str:
        return self.tr("Asks for %n variable(s): {names}.", "", count)


_WORDS: list[PresetWords] = []


def _words() -> PresetWords:
    if not _WORDS:
        _WORDS.append(PresetWords())
    return _WORDS[0]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


@dataclass(frozen=True)
class PresetEntry:
    """A row: a readable preset (with its call) or a broken file (with the reason)."""

    preset: Preset | None = None
    call: CallSpec | None = None
    variables: tuple[str, ...] = ()
    broken: BrokenPreset | None = None

    @property
    def title(self) -> str:
        if self.preset is not None:
            return self.preset.name
        assert self.broken is not None
        return self.broken.path.name

    @property
    def reason(self) -> str:
        """Why a broken file cannot be used, without the file name the message starts with."""
        if self.broken is None:
            return ""
        text = str(self.broken.error)
        prefix = f"{self.broken.path.name}: "
        # Left as the store words it (a field name may lead, and its case matters).
        return text.removeprefix(prefix).removeprefix("refused:").strip()

    @property
    def detail(self) -> str:
        """The secondary line: call, variables, profile."""
        if self.preset is None:
            return self.reason
        parts = [tr_core(self.call.title) if self.call else self.preset.call]
        if self.variables:
            parts.append(f"{VARIABLE_MARK} " + _words().variables(len(self.variables)))
        if self.preset.profile:
            parts.append(
                QCoreApplication.translate("PresetEntry", "profile {name}").format(
                    name=self.preset.profile
                )
            )
        return "  ·  ".join(parts)

    @property
    def description(self) -> str:
        return self.preset.description if self.preset is not None else ""

    def spoken(self) -> str:
        """The whole row in one sentence, for screen readers."""
        if self.preset is None:
            return QCoreApplication.translate(
                "PresetEntry", "Broken preset file {file}, cannot be used: {reason}"
            ).format(file=self.title, reason=self.reason)
        preset = self.preset
        call = tr_core(self.call.title) if self.call else preset.call
        parts = [f"{preset.name}.", f"{call} ({preset.call})."]
        if self.variables:
            names = ", ".join(self.variables)
            parts.append(_words().asks_for(len(self.variables)).format(names=names))
        if preset.profile:
            parts.append(
                QCoreApplication.translate("PresetEntry", "Bound to profile {name}.").format(
                    name=preset.profile
                )
            )
        if preset.description:
            parts.append(preset.description)
        return " ".join(parts)

    def tooltip(self) -> str:
        if self.preset is None:
            assert self.broken is not None
            fix = QCoreApplication.translate(
                "PresetEntry", "Fix or remove the file {path}."
            ).format(path=self.broken.path)
            return f"{self.broken.error}\n\n{fix}"
        lines = [
            self.preset.name,
            QCoreApplication.translate("PresetEntry", "Call: {call}").format(call=self.preset.call),
        ]
        if self.variables:
            names = ", ".join(f"{{{{{name}}}}}" for name in self.variables)
            lines.append(
                QCoreApplication.translate("PresetEntry", "Asks for: {names}").format(names=names)
            )
        if self.preset.profile:
            lines.append(
                QCoreApplication.translate("PresetEntry", "Profile: {name}").format(
                    name=self.preset.profile
                )
            )
        if self.preset.description:
            lines.append(self.preset.description)
        return "\n".join(lines)

    def search_text(self) -> str:
        if self.preset is None:
            return f"{self.title}\n{self.reason}".casefold()
        preset = self.preset
        # English and the window's language: either finds the preset.
        call_title = f"{self.call.title}\n{tr_core(self.call.title)}" if self.call else ""
        fields = (preset.name, preset.description, preset.call, call_title, preset.profile or "")
        return "\n".join(fields).casefold()


def _platform_of_broken(broken: BrokenPreset) -> Platform | None:
    """The platform a broken file is meant for, when its "call" could still be read."""
    if broken.call is None:
        return None
    prefix = broken.call.partition(".")[0]
    return next((platform for platform in Platform if platform.value == prefix), None)


def load_entries(store: PresetStore, platform: Platform) -> list[PresetEntry]:
    """Blocking: the platform's presets (sorted by name), then the broken files that are
    this platform's or whose platform cannot be told (those show in every tab)."""
    presets, broken = store.scan()
    entries: list[PresetEntry] = []
    for preset in presets:
        call = find_call(preset.call)
        if call is not None and call.platform is platform:
            entries.append(PresetEntry(preset, call, tuple(PresetStore.variables(preset))))
    for item in broken:
        meant_for = _platform_of_broken(item)
        if meant_for is None or meant_for is platform:
            entries.append(PresetEntry(broken=item))
    return entries


class PresetsModel(QAbstractListModel):
    """The rows of one platform's presets panel (no widget needed to test it)."""

    EntryRole = Qt.ItemDataRole.UserRole + 1
    PresetRole = Qt.ItemDataRole.UserRole + 2
    DetailRole = Qt.ItemDataRole.UserRole + 3
    DescriptionRole = Qt.ItemDataRole.UserRole + 4
    BrokenRole = Qt.ItemDataRole.UserRole + 5
    SearchRole = Qt.ItemDataRole.UserRole + 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[PresetEntry] = []

    def set_entries(self, entries: Sequence[PresetEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[PresetEntry]:
        return list(self._entries)

    def presets(self) -> list[Preset]:
        return [entry.preset for entry in self._entries if entry.preset is not None]

    def broken(self) -> list[BrokenPreset]:
        return [entry.broken for entry in self._entries if entry.broken is not None]

    def row_of(self, name: str) -> int | None:
        return next(
            (
                row
                for row, entry in enumerate(self._entries)
                if entry.preset is not None and entry.preset.name == name
            ),
            None,
        )

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._entries[index.row()].preset is None:
            return Qt.ItemFlag.ItemNeverHasChildren  # shown, not usable: disabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltip()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.spoken()
        if role == self.EntryRole:
            return entry
        if role == self.PresetRole:
            return entry.preset
        if role == self.DetailRole:
            return entry.detail
        if role == self.DescriptionRole:
            return entry.description
        if role == self.BrokenRole:
            return entry.broken is not None
        if role == self.SearchRole:
            return entry.search_text()
        return None


class PresetsFilter(QSortFilterProxyModel):
    """Keeps rows whose name, description, call (id or title) or profile hold every word
    typed, in any order and case ("won deal" finds "Move deal to Won")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = str(
            model.data(model.index(source_row, 0, source_parent), PresetsModel.SearchRole)
        )
        return all(word in haystack for word in self._words)


def _muted(palette: QPalette, role: QPalette.ColorRole, background: QPalette.ColorRole) -> QColor:
    """Secondary text: the text colour pulled a quarter towards the background (from the
    palette, so it follows light and dark; still well above 4.5:1 on both)."""
    text, back = palette.color(role), palette.color(background)
    mix = 0.25
    return QColor.fromRgbF(
        text.redF() * (1 - mix) + back.redF() * mix,
        text.greenF() * (1 - mix) + back.greenF() * mix,
        text.blueF() * (1 - mix) + back.blueF() * mix,
    )


def two_lines(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    """`text` wrapped at word boundaries into at most two lines (the second is elided)."""
    words = text.split()
    first: list[str] = []
    while words and metrics.horizontalAdvance(" ".join([*first, words[0]])) <= width:
        first.append(words.pop(0))
    if not first:  # one very long word: let the second line elide it
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    rest = " ".join(words)
    return [" ".join(first), rest] if rest else [" ".join(first)]


class PresetDelegate(QStyledItemDelegate):
    """Paints a row: the name in semi-bold, then the call/variables/profile line and the
    description in a smaller, muted font; a broken file's reason in the warning tone."""

    PAD_X = 8
    PAD_Y = 5
    LINE_GAP = 1

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        return title, small_font(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        title_font, small = self._fonts(option)
        lines = [QFontMetrics(title_font).height(), QFontMetrics(small).height()]
        # A description, or a broken file's reason (which gets two lines), adds a line.
        if index.data(PresetsModel.DescriptionRole) or index.data(PresetsModel.BrokenRole):
            lines.append(QFontMetrics(small).height())
        height = sum(lines) + self.LINE_GAP * (len(lines) - 1) + 2 * self.PAD_Y
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        broken = bool(index.data(PresetsModel.BrokenRole))
        # The style draws the row's background, selection and focus frame; we draw text.
        opt.text = ""
        opt.icon = QIcon()
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Disabled if broken else QPalette.ColorGroup.Normal
        if selected:
            main = palette.color(QPalette.ColorRole.HighlightedText)
            muted = main
        else:
            main = palette.color(group, QPalette.ColorRole.Text)
            muted = _muted(palette, QPalette.ColorRole.Text, QPalette.ColorRole.Base)
        title_font, small = self._fonts(option)
        rect = option.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        painter.save()
        x = rect.left()
        if broken:
            size = QFontMetrics(title_font).height()
            icon("warning", Tone.WARNING).paint(painter, QRect(x, rect.top(), size, size))
            x += size + 4
        y = rect.top()
        y = self._line(painter, title_font, main, x, y, rect.right(), str(index.data()))
        detail = str(index.data(PresetsModel.DetailRole) or "")
        if broken:
            tone = main if selected else tone_color(Tone.WARNING, palette)
            for line in two_lines(QFontMetrics(small), detail, rect.right() - x):
                y = self._line(painter, small, tone, x, y + self.LINE_GAP, rect.right(), line)
            painter.restore()
            return
        y = self._line(painter, small, muted, x, y + self.LINE_GAP, rect.right(), detail)
        description = str(index.data(PresetsModel.DescriptionRole) or "")
        if description:
            self._line(painter, small, muted, x, y + self.LINE_GAP, rect.right(), description)
        painter.restore()

    @staticmethod
    def _line(
        painter: QPainter, font: QFont, color: QColor, x: int, y: int, right: int, text: str
    ) -> int:
        """Draw one elided line at (x, y); returns the y under it."""
        metrics = QFontMetrics(font)
        width = max(0, right - x)
        painter.setFont(font)
        painter.setPen(color)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        painter.drawText(
            QRect(x, y, width, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            elided,
        )
        return y + metrics.height()


__all__ = [
    "VARIABLE_MARK",
    "PresetDelegate",
    "PresetEntry",
    "PresetsFilter",
    "PresetsModel",
    "load_entries",
    "panel_icon",
    "plural",
]
