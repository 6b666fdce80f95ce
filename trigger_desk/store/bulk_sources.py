"""Where a bulk run's items come from: a CSV file, or text pasted into the window.

Pasted text is one value per line. A line that is a Bitrix24 item address
(`https://PORTAL/crm/deal/details/57/`) becomes the call's own fields through
`core.item_address` (`target=DEAL_57`, or `OWNER_TYPE_ID=2` + `OWNER_ID=57`); any other
line is the value of the call's key field (`target`, else `OWNER_ID`, else its first
field). An address of a contact or company is refused at its cell, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from trigger_desk.core.bulk_csv import CsvItems
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg
from trigger_desk.core.item_address import ItemAddressError, parse_item_address


@dataclass(frozen=True)
class SourceRow:
    """One item: its number, the cells shown, the cells filled, errors found on reading."""

    row: int
    shown: dict[str, str]
    cells: dict[str, str]
    errors: list[tuple[str | None, str]] = field(default_factory=list)


class ItemSource(Protocol):
    columns: tuple[str, ...]  # the columns shown (and filled from)
    fill_columns: tuple[str, ...]  # the columns the filler reads
    description: str  # "pasted text", "deals.csv (UTF-8, comma-separated)"

    def rows(self) -> Iterator[SourceRow]: ...


def key_field(call: CallSpec) -> str:
    """The field one pasted value fills."""
    names = call.field_names
    for name in ("target", "OWNER_ID"):
        if name in names:
            return name
    return names[0] if names else "value"


class PastedItems:
    """Items typed or pasted, one per line (blank lines skipped)."""

    def __init__(self, call: CallSpec, text: str) -> None:
        self._call = call
        self._lines = [line.strip() for line in text.splitlines() if line.strip()]
        self.column = key_field(call)
        self.columns: tuple[str, ...] = (self.column,)
        extra = ("OWNER_TYPE_ID",) if self.column == "OWNER_ID" else ()
        self.fill_columns: tuple[str, ...] = (self.column, *extra)
        self.description: str = QT_TRANSLATE_NOOP("core", "pasted text")

    def __len__(self) -> int:
        return len(self._lines)

    def rows(self) -> Iterator[SourceRow]:
        for number, line in enumerate(self._lines, 1):
            shown = {self.column: line}
            try:
                address = parse_item_address(line)
            except ItemAddressError as error:
                yield SourceRow(number, shown, {}, [(self.column, f"{self.column}: {error}")])
                continue
            cells = address.fields(self._call.field_names) if address else {self.column: line}
            yield SourceRow(number, shown, cells or {self.column: line})


class FileItems:
    """Items from a CSV file (`core.bulk_csv`: `,` or `;`, UTF-8 or Windows-1251)."""

    def __init__(self, path: Path) -> None:
        self.items = CsvItems(path)  # ItemsFileError names what is wrong
        self.columns = self.items.columns
        self.fill_columns = self.items.columns
        self.description: str = Msg(
            QT_TRANSLATE_NOOP("core", "{file} ({format})"),
            file=self.items.path.name,
            format=self.items.format.description,
        )

    def rows(self) -> Iterator[SourceRow]:
        for number, cells in self.items.rows():
            yield SourceRow(number, cells, cells)
