"""PHP's reading of bracket parameter names, which Gingr clients rely on."""

from __future__ import annotations

import pytest

from petcare_web.gingr.params import MAX_DEPTH, ParameterError, parse_pairs


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([("key", "k")], {"key": "k"}),
        ([("a", "1"), ("a", "2")], {"a": "2"}),
        ([("params[zip]", "80302")], {"params": {"zip": "80302"}}),
        ([("type_ids[]", "6"), ("type_ids[]", "7")], {"type_ids": ["6", "7"]}),
        (
            [("params[reservationTypeIds][]", "1"), ("params[limit]", "5")],
            {"params": {"reservationTypeIds": ["1"], "limit": "5"}},
        ),
        (
            [("d[0][startDate]", "2024-01-01"), ("d[0][endDate]", "2024-01-02"),
             ("d[1][startDate]", "2024-02-01")],
            {"d": [{"startDate": "2024-01-01", "endDate": "2024-01-02"},
                   {"startDate": "2024-02-01"}]},
        ),
        ([("a[5]", "x"), ("a[]", "y")], {"a": {"5": "x", "6": "y"}}),
        ([("a[x]", "1"), ("a[]", "2")], {"a": {"x": "1", "0": "2"}}),
        ([("a", "1"), ("a[b]", "2")], {"a": {"b": "2"}}),
        ([("a[b]", "2"), ("a", "1")], {"a": "1"}),
        ([("params[month(from_unixtime(birthday))]", "11")],
         {"params": {"month(from_unixtime(birthday))": "11"}}),
        ([("a[b]tail", "1")], {"a": {"b": "1"}}),
        ([("a[b", "1")], {"a[b": "1"}),
        ([("[a]", "1"), ("", "2")], {}),
        ([(" key", "k")], {"key": "k"}),
        # Found by schemathesis: "³".isdigit() is true but int() refuses it (once a 500).
        ([("a[³]", "x"), ("a[]", "y")], {"a": {"³": "x", "0": "y"}}),
        ([("a[" + "9" * 5000 + "]", "x"), ("a[]", "y")], {"a": {"9" * 5000: "x", "0": "y"}}),
    ],
)  # fmt: skip
def test_names_are_read_as_php_reads_them(
    pairs: list[tuple[str, str]], expected: dict[str, object]
) -> None:
    assert parse_pairs(pairs) == expected


def test_limits_are_refused_with_a_reason() -> None:
    with pytest.raises(ParameterError, match="too many parameters"):
        parse_pairs((f"p{n}", "1") for n in range(1001))
    with pytest.raises(ParameterError, match="levels deep"):
        parse_pairs([("a" + "[x]" * (MAX_DEPTH + 1), "1")])
    assert parse_pairs([("a" + "[x]" * MAX_DEPTH, "1")])
