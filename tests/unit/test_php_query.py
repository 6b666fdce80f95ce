"""PHP's query nesting and JSON quirks, as the sandbox's `batch` reads and writes them."""

from __future__ import annotations

from trigger_desk.sandbox.php_query import parse_php_query, php_json


def test_nested_brackets_become_maps() -> None:
    query = "entityTypeId=2&filter%5B%25title%5D=Acme&filter[@stageId][]=C7:NEW&filter[@stageId][]=C7:WON"
    assert parse_php_query(query) == {
        "entityTypeId": "2",
        "filter": {"%title": "Acme", "@stageId": {"0": "C7:NEW", "1": "C7:WON"}},
    }


def test_numeric_keys_and_appends_share_a_map() -> None:
    assert parse_php_query("a[0]=x&a[]=y&a[5]=z&a[]=w") == {
        "a": {"0": "x", "1": "y", "5": "z", "6": "w"}
    }


def test_a_plain_name_repeated_keeps_the_last_and_nameless_keys_are_dropped() -> None:
    assert parse_php_query("target=DEAL_1&target=DEAL_2&[x]=1") == {"target": "DEAL_2"}


def test_cyrillic_survives_percent_encoding() -> None:
    query = "filter[%25title]=%D0%A0%D0%B5%D0%BC%D0%BE%D0%BD%D1%82"
    assert parse_php_query(query) == {"filter": {"%title": "Ремонт"}}


def test_json_encode_turns_ordered_numeric_maps_into_lists_and_empty_maps_into_lists() -> None:
    assert php_json({"0": True, "1": {"a": {}}}) == [True, {"a": []}]
    assert php_json({"0": 1, "2": 3}) == {"0": 1, "2": 3}  # a gap keeps it a map
    assert php_json({"1": 1, "0": 0}) == {"1": 1, "0": 0}  # out of order too
    assert php_json({}) == []
