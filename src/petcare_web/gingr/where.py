"""``params[...]`` where-clauses of ``owners`` and ``animals``, as a filter over the rows.

Gingr pastes ``params`` into a CodeIgniter ``where()``; petcare never lets them near SQL.
Each key is read against a whitelist: a column of the row (``params[zip]=80302``), optionally
followed by a comparison (``params[id >]=100``: ``=``, ``!=``, ``<>``, ``<``, ``>``, ``<=``,
``>=``), or one of the documented date functions over a unix-seconds column
(``params[month(from_unixtime(birthday))]=11``: ``month``, ``year``, ``day``, ``dayofmonth``,
``date``). ``params[limit]=N`` keeps the first N rows. A value given as a list
(``params[id][]=1&params[id][]=2``) matches any of them. Conditions compare with the row as
MySQL would: text ignoring case, numbers as numbers, an absent value (``null``) never matching.
Phone columns compare their digits, so ``303-555-0140`` finds ``+13035550140``.
"""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import Any

import attrs

from petcare_web.gingr.envelope import GingrError
from petcare_web.gingr.params import ParamValue
from petcare_web.gingr.values import Row


class Kind(enum.Enum):
    """How a column's values compare."""

    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    PHONE = "phone"
    TIMESTAMP = "timestamp"


OWNER_COLUMNS: Mapping[str, Kind] = {
    "id": Kind.INTEGER,
    "first_name": Kind.TEXT,
    "last_name": Kind.TEXT,
    "email": Kind.TEXT,
    "cell_phone": Kind.PHONE,
    "home_phone": Kind.PHONE,
    "address_1": Kind.TEXT,
    "address_2": Kind.TEXT,
    "city": Kind.TEXT,
    "state": Kind.TEXT,
    "zip": Kind.TEXT,
    "emergency_contact_name": Kind.TEXT,
    "emergency_contact_phone": Kind.PHONE,
    "notes": Kind.TEXT,
    "home_location": Kind.INTEGER,
    "current_balance": Kind.DECIMAL,
    "created_at": Kind.TIMESTAMP,
    "number_reservations": Kind.INTEGER,
    "opt_out_email": Kind.INTEGER,
    "opt_out_sms": Kind.INTEGER,
    "opt_out_marketing_email": Kind.INTEGER,
    "opt_out_marketing_sms": Kind.INTEGER,
    "opt_out_reminder_email": Kind.INTEGER,
    "opt_out_reminder_sms": Kind.INTEGER,
    "active": Kind.INTEGER,
}
ANIMAL_COLUMNS: Mapping[str, Kind] = {
    "id": Kind.INTEGER,
    "owner_id": Kind.INTEGER,
    "first_name": Kind.TEXT,
    "last_name": Kind.TEXT,
    "name": Kind.TEXT,
    "species_id": Kind.INTEGER,
    "breed_id": Kind.INTEGER,
    "gender": Kind.TEXT,
    "fixed": Kind.INTEGER,
    "birthday": Kind.TIMESTAMP,
    "weight": Kind.DECIMAL,
    "color": Kind.TEXT,
    "vip": Kind.INTEGER,
    "banned": Kind.INTEGER,
    "status": Kind.TEXT,
    "temperament_id": Kind.INTEGER,
    "vet_id": Kind.INTEGER,
    "next_immunization_expiration": Kind.TIMESTAMP,
    "number_reservations": Kind.INTEGER,
    "owner_first_name": Kind.TEXT,
    "owner_last_name": Kind.TEXT,
    "created_at": Kind.TIMESTAMP,
}

_OPERATORS: Mapping[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<>": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
FUNCTIONS = ("month", "year", "day", "dayofmonth", "date")
# DOTALL and \Z: a key holding a line break must still match (and then name no column).
_CONDITION = re.compile(
    r"^\s*(?P<expression>.*?)\s*(?P<operator>!=|<>|<=|>=|=|<|>)?\s*\Z", re.DOTALL
)
_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_COLUMN = re.compile(rf"^(?:`?{_IDENTIFIER}`?\.)?`?(?P<column>{_IDENTIFIER})`?$")
_CALL = re.compile(rf"^(?P<function>{_IDENTIFIER})\s*\((?P<argument>.*)\)$")
_FROM_UNIXTIME = re.compile(rf"^from_unixtime\s*\(\s*`?(?P<column>{_IDENTIFIER})`?\s*\)$", re.I)
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_NOT_DIGIT = re.compile(r"[^0-9]")
# A phone written with fewer digits than this cannot be told from part of another number.
_MIN_PHONE_DIGITS = 7
_TRUE_WORDS = {"true": "1", "false": "0"}

Value = int | Decimal | str | date


@attrs.frozen
class Condition:
    """One comparison of one column (or a date function of it) with one or more values."""

    column: str
    kind: Kind
    function: str | None
    compare: Callable[[Any, Any], bool]
    negated: bool
    values: tuple[Value, ...]

    def matches(self, row: Row, zone: tzinfo) -> bool:
        """True when the row's value satisfies the comparison (``null`` never does)."""
        raw = row.get(self.column)
        if raw is None:
            return False
        actual = _row_value(raw, self.kind, self.function, zone)
        if actual is None:
            return False
        results = (self._compare(actual, value) for value in self.values)
        # "!= any of a list" means "differs from all of them", as NOT IN does.
        return all(results) if self.negated else any(results)

    def _compare(self, actual: Value, expected: Value) -> bool:
        if self.kind is Kind.PHONE and self.function is None:
            assert isinstance(actual, str)
            assert isinstance(expected, str)
            same = _same_phone(actual, expected)
            return not same if self.negated else same
        return self.compare(actual, expected)


@attrs.frozen
class Where:
    """Every condition of a request (all must hold) and the row limit."""

    conditions: tuple[Condition, ...] = ()
    limit: int | None = None

    def apply(self, rows: Iterable[Row], zone: tzinfo) -> Iterator[Row]:
        """The rows meeting every condition, at most ``limit`` of them, in order (lazily)."""
        kept: Iterator[Row] = iter(rows)
        if self.conditions:
            conditions = self.conditions
            kept = (row for row in kept if all(c.matches(row, zone) for c in conditions))
        return kept if self.limit is None else islice(kept, self.limit)


def _same_phone(actual: str, expected: str) -> bool:
    stored = _NOT_DIGIT.sub("", actual)
    asked = _NOT_DIGIT.sub("", expected)
    if not stored or len(asked) < _MIN_PHONE_DIGITS:
        return stored == asked
    # Stored phones carry their country code (E.164); people often leave it out.
    return stored == asked or stored.endswith(asked)


def _row_value(raw: str, kind: Kind, function: str | None, zone: tzinfo) -> Value | None:
    if function is not None:
        if not _INTEGER.fullmatch(raw):
            return None
        day = datetime.fromtimestamp(int(raw), zone).date()
        if function == "date":
            return day
        if function == "month":
            return day.month
        return day.year if function == "year" else day.day
    if kind in (Kind.INTEGER, Kind.TIMESTAMP):
        return int(raw) if _INTEGER.fullmatch(raw) else None
    if kind is Kind.DECIMAL:
        return Decimal(raw)
    if kind is Kind.TEXT:
        return raw.rstrip(" ").casefold()
    return raw


def _expected(text: str, kind: Kind, function: str | None, label: str) -> Value:
    """The parameter value as the column compares it; ``GingrError`` naming it otherwise."""
    value = text.strip()
    if function == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise GingrError.invalid(
                f"{label}: {text[:40]!r} is not a date such as 2024-11-05"
            ) from None
    if function is not None or kind in (Kind.INTEGER, Kind.TIMESTAMP):
        value = _TRUE_WORDS.get(value.lower(), value)
        if not _INTEGER.fullmatch(value):
            raise GingrError.invalid(f"{label}: {text[:40]!r} is not a whole number")
        return int(value)
    if kind is Kind.DECIMAL:
        try:
            return Decimal(value)
        except InvalidOperation:
            raise GingrError.invalid(f"{label}: {text[:40]!r} is not a number") from None
    if kind is Kind.TEXT:
        return text.rstrip(" ").casefold()
    return text


def _target(expression: str, columns: Mapping[str, Kind], label: str) -> tuple[str, str | None]:
    """The column and the function (if any) an expression names."""
    column_match = _COLUMN.match(expression)
    if column_match is not None:
        column = column_match["column"].lower()
        if column not in columns:
            raise GingrError.invalid(
                f"{label}: there is no column {column!r} to filter on; use one of: "
                + ", ".join(sorted(columns))
            )
        return column, None
    call = _CALL.match(expression)
    if call is None:
        raise GingrError.invalid(
            f"{label}: cannot read this condition; write params[column]=value or "
            "params[month(from_unixtime(column))]=value"
        )
    function = call["function"].lower()
    if function not in FUNCTIONS:
        raise GingrError.invalid(
            f"{label}: the function {function!r} is not supported; use one of: "
            + ", ".join(FUNCTIONS)
            + " (of from_unixtime(column))"
        )
    inner = _FROM_UNIXTIME.match(call["argument"].strip())
    if inner is None:
        raise GingrError.invalid(f"{label}: write {function}(from_unixtime(column))")
    column, _ = _target(inner["column"], columns, label)
    if columns[column] is not Kind.TIMESTAMP:
        stamps = ", ".join(sorted(name for name, kind in columns.items() if kind is Kind.TIMESTAMP))
        raise GingrError.invalid(
            f"{label}: {column!r} is not a date column; {function}() applies to: {stamps}"
        )
    return column, function


def _condition(key: str, raw: ParamValue, columns: Mapping[str, Kind]) -> Condition:
    label = f"params[{key}]"
    parsed = _CONDITION.match(key)
    assert parsed is not None  # the pattern matches every string
    column, function = _target(parsed["expression"], columns, label)
    symbol = parsed["operator"] or "="
    texts = _values(raw, label)
    if len(texts) != 1 and symbol not in ("=", "!=", "<>"):
        raise GingrError.invalid(f"{label}: a list of values needs = or !=")
    kind = columns[column]
    if kind is Kind.PHONE and function is None and symbol not in ("=", "!=", "<>"):
        raise GingrError.invalid(f"{label}: phone numbers can only be compared with = or !=")
    return Condition(
        column=column,
        kind=kind,
        function=function,
        compare=_OPERATORS[symbol],
        negated=symbol in ("!=", "<>"),
        values=tuple(_expected(text, kind, function, label) for text in texts),
    )


def _values(raw: ParamValue, label: str) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    items = raw.values() if isinstance(raw, dict) else raw
    texts = [item for item in items if isinstance(item, str)]
    if not texts or len(texts) != len(items):
        raise GingrError.invalid(f"{label}: give one value, or a list of values")
    return texts


_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def _limit(raw: ParamValue) -> int:
    if not isinstance(raw, str) or not _WHOLE_NUMBER.fullmatch(raw.strip()):
        raise GingrError.invalid("params[limit] must be a whole number of rows, e.g. 100")
    return int(raw.strip())


def parse_where(params: Mapping[str, ParamValue], columns: Mapping[str, Kind]) -> Where:
    """The filter ``params`` describes; ``GingrError`` naming the first key it cannot read."""
    conditions: list[Condition] = []
    limit: int | None = None
    for key, raw in params.items():
        if key.strip().lower() == "limit":
            limit = _limit(raw)
        else:
            conditions.append(_condition(key, raw, columns))
    return Where(tuple(conditions), limit)
