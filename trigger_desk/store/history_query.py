"""SQL for choosing history rows: filters, full-text search, distinct values.

Only column names from fixed lists are put into SQL text; every value the user typed
travels as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from trigger_desk.core.ascii_numbers import ascii_whole_number
from trigger_desk.core.outcome import Outcome
from trigger_desk.store.history_schema import LIKE_HAYSTACK

if TYPE_CHECKING:
    from trigger_desk.store.history_rows import HistoryRow

# History ids are SQLite row ids: positive and within 64 bits.
MAX_HISTORY_ID = 2**63 - 1
MAX_PAGE_LIMIT = 100_000


def _whole_number(text: str) -> int | None:
    return ascii_whole_number(text)  # ASCII digits only, at most 25 of them


def parse_history_id(text: str) -> int:
    """A history id as typed (`history show ID`); ValueError with a sentence otherwise."""
    number = _whole_number(text)
    if number is None or not 1 <= number <= MAX_HISTORY_ID:
        raise ValueError(
            "a history id is a whole number from 1 (digits 0-9), as `history list` shows it"
        )
    return number


def parse_page_limit(text: str) -> int:
    """How many rows to list (`history list --limit N`); ValueError with a sentence otherwise."""
    number = _whole_number(text)
    if number is None or not 1 <= number <= MAX_PAGE_LIMIT:
        raise ValueError(f"must be a whole number from 1 to {MAX_PAGE_LIMIT:,}, e.g. --limit 50")
    return number


DistinctColumn = Literal["platform", "call_id", "profile", "outcome"]
DISTINCT_COLUMNS: tuple[str, ...] = ("platform", "call_id", "profile", "outcome")


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which rows to show; None (or '' for text) means no restriction.

    `text` is full-text search over the request URL and body, the response body and
    the error: every typed word must appear (as a word prefix with FTS5).
    """

    platform: str | None = None
    call_id: str | None = None
    profile: str | None = None
    outcome: Outcome | None = None
    text: str = ""

    def column_conditions(self) -> list[tuple[str, str]]:
        """(column, value) pairs a row must equal: the one list both the SQL and
        `matches_columns` are built from."""
        pairs = (
            ("platform", self.platform),
            ("call_id", self.call_id),
            ("profile", self.profile),
            ("outcome", self.outcome.value if self.outcome else None),
        )
        return [(column, value) for column, value in pairs if value is not None]

    def matches_columns(self, row: HistoryRow) -> bool:
        """Whether a row already in memory passes the column conditions, as the WHERE
        clause would judge it in SQL. Text search is not judged here (it needs the
        bodies, which a row does not carry): check `text` and re-query when it is set."""
        values = {
            "platform": row.platform,
            "call_id": row.call_id,
            "profile": row.profile,
            "outcome": row.outcome.value if row.outcome else None,
        }
        return all(values[column] == value for column, value in self.column_conditions())


def where_clause(
    filter: HistoryFilter,
    *,
    full_text: bool,
    before_id: int | None = None,
    after_id: int | None = None,
) -> tuple[str, list[Any]]:
    """A WHERE clause (with a leading space, or '') and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in filter.column_conditions():
        clauses.append(f"{column} = ?")
        params.append(value)
    if before_id is not None:
        clauses.append("id < ?")
        params.append(before_id)
    if after_id is not None:
        clauses.append("id > ?")
        params.append(after_id)
    _add_text_clauses(filter.text, full_text, clauses, params)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _add_text_clauses(text: str, full_text: bool, clauses: list[str], params: list[Any]) -> None:
    query = fts_query(text) if full_text else None
    if query is not None:
        clauses.append("id IN (SELECT rowid FROM calls_fts WHERE calls_fts MATCH ?)")
        params.append(query)
        return
    # No FTS5, or only punctuation typed (which the index cannot find): scan the text.
    for pattern in like_patterns(text):
        clauses.append(
            f"id IN (SELECT id FROM calls_search WHERE {LIKE_HAYSTACK} LIKE ? ESCAPE '\\')"
        )
        params.append(pattern)


def fts_query(text: str) -> str | None:
    """Turn typed words into an FTS5 query: every word must appear, each as a prefix.

    Each word is quoted, so FTS5 operators typed by the user stay plain text, and
    `QUERY_LIMIT_EXCEEDED` becomes the phrase "query limit exceeded". Words with no
    letter or digit cannot be indexed; None means there is no indexable word.
    """
    words = [word for word in text.split() if any(char.isalnum() for char in word)]
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def like_patterns(text: str) -> list[str]:
    """LIKE patterns (escape character backslash) for each typed word, for the fallback."""
    escaped = (
        word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for word in text.split()
    )
    return [f"%{word}%" for word in escaped]


def distinct_sql(column: str) -> str:
    """The sorted non-NULL values of `column`, by a skip-scan over its index: one index
    seek per distinct value instead of reading every row."""
    if column not in DISTINCT_COLUMNS:
        raise ValueError(f"distinct_values() takes one of {', '.join(DISTINCT_COLUMNS)}")
    return (
        "WITH RECURSIVE seen(value) AS ("
        f" SELECT min({column}) FROM calls"
        " UNION ALL"
        f" SELECT (SELECT min({column}) FROM calls WHERE {column} > seen.value)"
        " FROM seen WHERE seen.value IS NOT NULL"
        ") SELECT value FROM seen WHERE value IS NOT NULL"
    )
