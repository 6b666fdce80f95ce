"""store.files.write_atomic on a real folder: the old or the new text, never half."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from trigger_desk.store.files import write_atomic


def test_writes_creates_the_folder_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "out.json"
    write_atomic(path, "first\n")
    assert path.read_text(encoding="utf-8") == "first\n"
    write_atomic(path, "second ✓\n")
    assert path.read_text(encoding="utf-8") == "second ✓\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["out.json"]  # no temp left


def test_a_missing_folder_is_an_error_when_asked(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no" / "such" / "out.txt", "text", create_folder=False)
    assert not (tmp_path / "no").exists()


def test_a_failed_write_keeps_the_old_text_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "files" / "out.txt"
    write_atomic(path, "old\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "half \udcff written")  # a lone surrogate cannot be UTF-8
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]


def test_writers_at_once_never_share_a_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "files" / "out.txt"
    texts = [f"writer {n}\n" * 2000 for n in range(8)]
    threads = [threading.Thread(target=write_atomic, args=(path, text)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Whole text of one writer (a shared temp name would interleave or lose the file).
    assert path.read_text(encoding="utf-8") in texts
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]
