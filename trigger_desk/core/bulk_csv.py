"""Items for a bulk run from a CSV file: header row, `,` or `;`, UTF-8 or Windows-1251.

Bitrix24's own list export (filter the deals in the portal, export as CSV) must work as
it comes: it writes `;`-separated Windows-1251 on some portals and UTF-8 with a BOM on
others. So: the separator is whichever of `,` and `;` the header uses more (outside
quotes); a file that is not valid UTF-8 is read as Windows-1251, and the plan says so.

Rows are streamed, never held: `rows()` yields one at a time, numbered from 1 as data
records after the header (a quoted line break inside a cell does not count), so a
100,000-row file costs the memory of one row.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg

_SNIFF_BYTES = 64 * 1024
_CHUNK = 1 << 20


class ItemsFileError(Exception):
    """The items file cannot be used as it is. The message names the problem."""


@dataclass(frozen=True)
class CsvFormat:
    """How the file is read: its encoding, whether it had a BOM, its separator."""

    encoding: str  # "utf-8" or "cp1251"
    bom: bool
    delimiter: str

    @property
    def description(self) -> Msg:
        name = (
            "UTF-8"
            if self.encoding == "utf-8"
            else QT_TRANSLATE_NOOP("core", "Windows-1251 (it is not valid UTF-8)")
        )
        bom = QT_TRANSLATE_NOOP("core", " with BOM") if self.bom else ""
        sep = (
            QT_TRANSLATE_NOOP("core", "comma-separated")
            if self.delimiter == ","
            else QT_TRANSLATE_NOOP("core", "semicolon-separated")
        )
        return Msg(QT_TRANSLATE_NOOP("core", "{name}{bom}, {sep}"), name=name, bom=bom, sep=sep)


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(header: str) -> str:
    commas = semicolons = 0
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == ",":
            commas += 1
        elif not quoted and char == ";":
            semicolons += 1
    return ";" if semicolons > commas else ","


def detect_format(path: Path) -> CsvFormat:
    """Encoding and separator of the file (reads it once to check the encoding)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        utf8 = _is_utf8(path)
    except OSError as error:
        raise ItemsFileError(f"cannot read {path}: {error.strerror or error}") from None
    bom = head.startswith(codecs.BOM_UTF8)
    encoding = "utf-8" if utf8 else "cp1251"
    text = head.decode(encoding, errors="replace").removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    return CsvFormat(encoding, bom and utf8, _delimiter(first_line))


class CsvItems:
    """The rows of an items file, as dicts keyed by the header's column names."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.format = detect_format(self.path)
        self.columns = self._read_header()

    def _open(self) -> io.TextIOWrapper:
        encoding = "utf-8-sig" if self.format.encoding == "utf-8" else "cp1251"
        # cp1251 leaves 0x98 undefined: replace rather than refuse a whole export.
        return open(self.path, encoding=encoding, errors="replace", newline="")

    def _reader(self, handle: io.TextIOWrapper) -> Iterator[list[str]]:
        return csv.reader(handle, delimiter=self.format.delimiter, strict=False)

    def _read_header(self) -> tuple[str, ...]:
        with self._open() as handle:
            header = next(self._reader(handle), None)
        if header is None:
            raise ItemsFileError(f"{self.path} is empty: it needs a header row and items")
        columns = tuple(name.strip() for name in header)
        if not any(columns):
            raise ItemsFileError(f"{self.path}: the first row must name the columns")
        seen: set[str] = set()
        for index, name in enumerate(columns, 1):
            if not name:
                raise ItemsFileError(f"{self.path}: column {index} of the header has no name")
            if name in seen:
                raise ItemsFileError(f"{self.path}: column {name!r} appears twice in the header")
            seen.add(name)
        return columns

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number, {column: cell}) for each data record; blank lines are skipped.

        A record with more cells than the header raises ItemsFileError naming the row;
        a shorter one leaves the missing cells empty.
        """
        try:
            with self._open() as handle:
                reader = self._reader(handle)
                next(reader, None)
                number = 0
                width = len(self.columns)
                for cells in reader:
                    if not cells or (len(cells) == 1 and not cells[0].strip()):
                        continue
                    number += 1
                    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                        raise ItemsFileError(
                            f"row {number}: {len(cells)} cells, but the header names {width} "
                            f"columns (is a value with a {self.format.delimiter!r} unquoted?)"
                        )
                    cells += [""] * (width - len(cells))
                    yield number, dict(zip(self.columns, cells, strict=False))
        except csv.Error as error:
            raise ItemsFileError(f"{self.path}: not readable as CSV ({error})") from None
