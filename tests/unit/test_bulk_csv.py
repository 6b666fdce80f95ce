"""Items files as admins have them: Bitrix24 exports in either encoding, either separator."""

from __future__ import annotations

from pathlib import Path

import pytest

from trigger_desk.core.bulk_csv import CsvItems, ItemsFileError


def write(tmp_path: Path, data: bytes, name: str = "items.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding", "bom", "delimiter"),
    [
        ("ID,Название\n57,Сделка\n".encode(), "utf-8", False, ","),
        (b"\xef\xbb\xbf" + "ID;Название\n57;Сделка\n".encode(), "utf-8", True, ";"),
        ("ID;Название\r\n57;Сделка\r\n".encode("cp1251"), "cp1251", False, ";"),
        ("ID,Название\n57,Сделка\n".encode("cp1251"), "cp1251", False, ","),
    ],
)
def test_encodings_separators_and_bom(
    tmp_path: Path, data: bytes, encoding: str, bom: bool, delimiter: str
) -> None:
    items = CsvItems(write(tmp_path, data))
    assert (items.format.encoding, items.format.bom, items.format.delimiter) == (
        encoding,
        bom,
        delimiter,
    )
    assert items.columns == ("ID", "Название")  # no BOM glued to the first column
    assert list(items.rows()) == [(1, {"ID": "57", "Название": "Сделка"})]
    if encoding == "cp1251":
        assert "Windows-1251" in items.format.description


def test_quoted_line_breaks_do_not_count_as_rows(tmp_path: Path) -> None:
    data = 'ID;COMMENTS\n1;"two\nlines; and a separator"\n2;plain\n\n3;"a ""quote"""\n'
    items = CsvItems(write(tmp_path, data.encode()))
    rows = list(items.rows())
    assert [number for number, _ in rows] == [1, 2, 3]
    assert rows[0][1]["COMMENTS"] == "two\nlines; and a separator"
    assert rows[2][1]["COMMENTS"] == 'a "quote"'


def test_separator_inside_quoted_header_is_not_counted(tmp_path: Path) -> None:
    items = CsvItems(write(tmp_path, b'"a,b";c;d\n1;2;3\n'))
    assert items.format.delimiter == ";" and items.columns == ("a,b", "c", "d")


def test_short_rows_are_padded_and_long_rows_refused(tmp_path: Path) -> None:
    items = CsvItems(write(tmp_path, b"ID,TITLE\n1\n2,x,oops\n"))
    rows = items.rows()
    assert next(rows) == (1, {"ID": "1", "TITLE": ""})
    with pytest.raises(ItemsFileError, match="row 2: 3 cells"):
        next(rows)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"ID,ID\n1,2\n", "appears twice"),
        (b"ID,,X\n1,2,3\n", "column 2 of the header has no name"),
    ],
)
def test_bad_headers(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(ItemsFileError, match=message):
        CsvItems(write(tmp_path, data))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ItemsFileError, match="cannot read"):
        CsvItems(tmp_path / "nope.csv")


def test_rows_are_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w") as handle:
        handle.write("ID\n")
        handle.writelines(f"{i}\n" for i in range(1, 20001))
    rows = CsvItems(path).rows()
    assert next(rows) == (1, {"ID": "1"})  # a generator: nothing read ahead
    assert sum(1 for _ in rows) == 19999
