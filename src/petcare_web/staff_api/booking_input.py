"""Reading the staff API's booking bodies: nested objects, lists, amounts, times and dates.

``jsonio.read_json`` reads flat bodies; the catalog and reservation endpoints take nested
policies, lists of ids and lists of pets. ``read_body`` checks the body as ``read_json`` does
(415, 413, 400 when it is not one JSON object) and then against an ``Obj`` shape, reporting
every problem at once (422, code ``invalid_request``), each under its path:
``booking_policy.drop_off_hours.monday.opens``, ``pets[1].animal_id``. Only then does a use
case see the values, already converted (``Decimal`` amounts, ``date``, ``time``, ``datetime``).

Money and rates are decimal strings (``"45.00"``, ``"0.25"``): a JSON number is a binary
float, and ``0.1`` would not be what the client wrote. Nothing is coerced, as everywhere in
these APIs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import attrs
from aiohttp import web

from petcare_core.domain.booking_window import WEEKDAYS
from petcare_core.domain.reasons import InvalidValue, Reason, RequiredValueMissing, UnknownField
from petcare_web.errors import ApiError
from petcare_web.portal_api.jsonio import MAX_ID, invalid_input, read_json

_DECIMAL = re.compile(r"[0-9]{1,12}(\.[0-9]{1,12})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)
#: The dates and times a body may name: a pet-care business has no use for others, and the
#: extremes of Python's calendar cannot be moved between time zones.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
#: The day names of a week of hours, Monday first (``WeeklyHours.days`` order).
DAY_NAMES = tuple(day.lower() for day in WEEKDAYS)


@attrs.frozen
class Scalar:
    """A JSON scalar: ``parse`` returns its value or raises ``ValueError`` saying what is
    wrong; ``expected`` describes it (for ``null`` where it is not allowed)."""

    expected: str
    parse: Callable[[object], Any]


@attrs.frozen
class Member:
    """A member of an object: its shape, whether it must be given, whether ``null`` is
    allowed (a required member that may not be ``null`` is reported missing when it is)."""

    shape: Shape
    required: bool = False
    nullable: bool = False


@attrs.frozen
class Obj:
    """A JSON object with exactly these members. ``check`` runs once the members are
    fine and may add problems that involve several of them."""

    members: Mapping[str, Member]
    check: Callable[[dict[str, Any], str, list[Reason]], None] | None = None


@attrs.frozen
class ListOf:
    """A JSON array of ``item``, at most ``max_items`` long."""

    item: Shape
    max_items: int = 1000


Shape = Scalar | Obj | ListOf


def _fail(expected: str) -> ValueError:
    return ValueError(f"must be {expected}")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _fail("a string")
    if "\x00" in value:
        raise ValueError("contains a NUL character (U+0000), which no text may hold")
    return value


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail("true or false")
    return value


def _record_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise _fail("a record id (a positive whole number)")
    return value


def whole(low: int, high: int) -> Scalar:
    """A whole number from ``low`` to ``high``."""
    expected = f"a whole number from {low} to {high}"

    def parse(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _fail(expected)
        return value

    return Scalar(expected, parse)


def _decimal(value: object) -> Decimal:
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        raise _fail('a decimal string such as "45.00" (digits, then optionally a point and digits)')
    return Decimal(value)


def _date(value: object) -> date:
    try:
        if isinstance(value, str) and _DATE.fullmatch(value):
            day = date.fromisoformat(value)
            if EARLIEST <= day <= LATEST:
                return day
    except ValueError:
        pass
    raise _fail(f"a date from {EARLIEST} to {LATEST}, written like 2024-06-04")


def _time(value: object) -> time:
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise _fail('a local time on the 24-hour clock such as "07:30"')
    return time.fromisoformat(value)


def _datetime(value: object) -> datetime:
    try:
        if isinstance(value, str) and _DATETIME.fullmatch(value):
            moment = datetime.fromisoformat(value)
            if EARLIEST <= moment.date() <= LATEST:
                return moment
    except ValueError:
        pass
    raise _fail(
        f"a date and time from {EARLIEST} to {LATEST}, such as 2024-06-04T08:00 (the "
        "facility's local time) or 2024-06-04T08:00:00-06:00"
    )


TEXT = Scalar("a string", _text)
BOOLEAN = Scalar("true or false", _boolean)
ID = Scalar("a record id (a positive whole number)", _record_id)
DECIMAL = Scalar('a decimal string such as "45.00"', _decimal)
DATE = Scalar(f"a date from {EARLIEST} to {LATEST}", _date)
TIME = Scalar('a local time such as "07:30"', _time)
DATETIME = Scalar("a date and time such as 2024-06-04T08:00", _datetime)
IDS = ListOf(ID)


def _hours_check(values: dict[str, Any], path: str, problems: list[Reason]) -> None:
    if values["opens"] >= values["closes"]:
        problems.append(InvalidValue(path, "must open before it closes, e.g. 07:00 to 19:00"))


HOURS = Obj(
    {"opens": Member(TIME, required=True), "closes": Member(TIME, required=True)},
    check=_hours_check,
)
#: A week of hours by day name; ``null`` is "none that day", a day left out keeps its hours.
WEEK = Obj({day: Member(HOURS, nullable=True) for day in DAY_NAMES})


def join(path: str, name: str) -> str:
    """The path of member ``name`` of the object at ``path``."""
    return f"{path}.{name}" if path else name


def _describe(shape: Shape) -> str:
    if isinstance(shape, Scalar):
        return shape.expected
    return "an object" if isinstance(shape, Obj) else "a list"


def read(shape: Shape, value: object, path: str, problems: list[Reason]) -> Any:
    """``value`` checked against ``shape`` and converted; each problem is appended to
    ``problems`` under its path (the result is then meaningless)."""
    if isinstance(shape, Scalar):
        try:
            return shape.parse(value)
        except ValueError as error:
            problems.append(InvalidValue(path, str(error)))
            return None
    if isinstance(shape, ListOf):
        return _read_list(shape, value, path, problems)
    return _read_object(shape, value, path, problems)


def _read_list(shape: ListOf, value: object, path: str, problems: list[Reason]) -> list[Any]:
    if not isinstance(value, list):
        problems.append(InvalidValue(path, f"must be a list of {_describe(shape.item)}"))
        return []
    if len(value) > shape.max_items:
        problems.append(InvalidValue(path, f"must hold at most {shape.max_items} items"))
        return []
    return [
        read(shape.item, item, f"{path}[{index}]", problems) for index, item in enumerate(value)
    ]


def _read_object(shape: Obj, value: object, path: str, problems: list[Reason]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(InvalidValue(path, "must be an object {...}"))
        return {}
    before = len(problems)
    found: dict[str, Any] = {}
    for name in value:
        if name not in shape.members:
            problems.append(UnknownField(join(path, _safe(name))))
    for name, member in shape.members.items():
        where = join(path, name)
        if name not in value or (member.required and not member.nullable and value[name] is None):
            if member.required:
                problems.append(RequiredValueMissing(where))
        elif value[name] is None:
            if member.nullable:
                found[name] = None
            else:
                problems.append(InvalidValue(where, f"must be {_describe(member.shape)}, not null"))
        else:
            found[name] = read(member.shape, value[name], where, problems)
    if shape.check is not None and len(problems) == before:
        shape.check(found, path, problems)
    return found


def _safe(name: str) -> str:
    # A member name is the client's text: echo it valid and short.
    return name.encode("utf-8", "backslashreplace").decode("utf-8")[:100]


async def read_body(request: web.Request, shape: Obj) -> dict[str, Any]:
    """The request's JSON object checked against ``shape``: the members given, converted.

    ``read_json`` with no members first does every check but the members' (415, 413, 400;
    its 422 for members it does not know is ours to decide); then ``shape`` judges the
    members and every problem is one 422.
    """
    try:
        await read_json(request, {})
    except ApiError as error:
        if error.code != "invalid_request":
            raise
    raw = await request.read() if request.body_exists else b""
    data = json.loads(raw) if raw.strip() else {}
    problems: list[Reason] = []
    values = _read_object(shape, data, "", problems)
    if problems:
        raise invalid_input(problems)
    return values


def query_value(query: Mapping[str, str], name: str, shape: Scalar, problems: list[Reason]) -> Any:
    """A query parameter read as ``shape`` (``None`` when absent); a problem is appended."""
    if name not in query:
        return None
    return read(shape, query[name], name, problems)


def query_problems(problems: list[Reason]) -> None:
    """Raise the ``400`` naming every wrong query parameter, if any."""
    if problems:
        raise ApiError(
            "; ".join(reason.message for reason in problems),
            code="invalid_query",
            reasons=problems,
        )
