"""Reading and answering JSON, shared by the portal API and the staff API.

Every input is checked before a use case runs: the body must be one JSON object, every member
must be a field the endpoint knows, of the JSON type it expects. Every problem is reported at
once, each naming its field (``422``); a body that is not JSON at all is a ``400``. Only then
do the values reach the use cases, which apply the business rules and report their own
reasons.

The core takes record patches as ``Mapping[str, str]`` (what an HTML form sends); ``JsonBody.patch``
turns typed JSON values into those strings, so both APIs share the core's validation.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

import attrs
from aiohttp import web

from petcare_core.domain.reasons import (
    InvalidValue,
    Reason,
    RequiredValueMissing,
    UnknownField,
)
from petcare_web.errors import ApiError, json_bytes

T = TypeVar("T")

# A JSON body of these APIs is a handful of fields; anything larger is not one of ours.
MAX_JSON_BYTES = 256 * 1024
MAX_ID = 2**63 - 1
CUSTOM_FIELDS = "fields"
_CUSTOM_PREFIX = "custom."
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]{1,19}")


class Kind(enum.Enum):
    """The JSON type a field takes; the value is how a message describes it."""

    TEXT = "a string"
    BOOLEAN = "true or false"
    ID = "a record id (a positive whole number)"
    INTEGER = "a whole number"
    NUMBER = "a number"
    DATE = "a date string such as 2024-06-04"
    ICONS = "a list of icon names (strings)"
    CUSTOM = 'an object of custom field values, e.g. {"referral": "Friend"}'


@attrs.frozen
class Field:
    """One member an endpoint accepts: its type, whether it must be given, whether ``null``
    (meaning "empty", "none") is allowed."""

    kind: Kind
    required: bool = False
    nullable: bool = True


Spec = Mapping[str, Field]


def text(*, required: bool = False) -> Field:
    """A string field (``null`` allowed unless required)."""
    return Field(Kind.TEXT, required=required, nullable=not required)


_NUL = "\x00"
_NUL_PROBLEM = "contains a NUL character (U+0000), which no text may hold"


def _has_nul(value: object) -> bool:
    """True when a string anywhere in ``value`` holds U+0000, which no field may contain (and
    which PostgreSQL cannot store or even compare)."""
    if isinstance(value, str):
        return _NUL in value
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


def _kind_problem(kind: Kind, value: object) -> str | None:
    """Why ``value`` (not ``None``) is not of ``kind``, or ``None`` when it is."""
    if _has_nul(value):
        return _NUL_PROBLEM
    if kind is Kind.ICONS:
        return _icons_problem(value)
    if kind is Kind.CUSTOM:
        return _custom_problem(value)
    if kind is Kind.TEXT:
        fits = isinstance(value, str)
    elif kind is Kind.DATE:
        fits = isinstance(value, str) and _parse_date(value) is not None
    elif kind is Kind.BOOLEAN:
        fits = isinstance(value, bool)
    elif isinstance(value, bool):
        fits = False  # JSON true/false is never a number, though Python's bool is an int
    elif kind is Kind.ID:
        fits = isinstance(value, int) and 0 < value <= MAX_ID
    elif kind is Kind.INTEGER:
        fits = isinstance(value, int)
    else:
        fits = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    return None if fits else f"must be {kind.value}"


def _icons_problem(value: object) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return f"must be {Kind.ICONS.value}"
    if any("," in item for item in value):
        return "an icon name cannot contain a comma"
    return None


def _custom_problem(value: object) -> str | None:
    if not isinstance(value, dict):
        return f"must be {Kind.CUSTOM.value}"
    for key, item in value.items():
        if item is not None and not isinstance(item, str | bool | int | float):
            return f"{key}: a custom field value must be a string, a number, true/false or null"
    return None


def _parse_date(value: str) -> date | None:
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _scalar_text(value: object) -> str:
    """A JSON scalar as the raw string the core reads."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


@attrs.frozen
class JsonBody:
    """A checked JSON object: every member is known and of its field's type."""

    values: Mapping[str, Any]

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def text(self, name: str) -> str:
        """A string member; ``""`` when absent or ``null``."""
        value = self.values.get(name)
        return value if isinstance(value, str) else ""

    def identifier(self, name: str) -> int | None:
        """A record id member; ``None`` when absent or ``null``."""
        value = self.values.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def integer(self, name: str, default: int) -> int:
        """A whole-number member; ``default`` when absent."""
        value = self.values.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    def flag(self, name: str, default: bool) -> bool:
        """A boolean member; ``default`` when absent."""
        value = self.values.get(name)
        return value if isinstance(value, bool) else default

    def day(self, name: str) -> date | None:
        """A date member; ``None`` when absent or ``null``."""
        value = self.values.get(name)
        return _parse_date(value) if isinstance(value, str) else None

    def patch(self, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
        """The members as a core record patch: raw strings by field name, custom fields (the
        ``fields`` object) as ``custom.<key>``, icon lists comma-separated."""
        patch: dict[str, str] = {}
        for name, value in self.values.items():
            if name in exclude:
                continue
            if name == CUSTOM_FIELDS and isinstance(value, dict):
                for key, item in value.items():
                    patch[f"{_CUSTOM_PREFIX}{key}"] = _scalar_text(item)
            elif isinstance(value, list):
                patch[name] = ",".join(value)
            else:
                patch[name] = _scalar_text(value)
        return patch


def check_members(values: Mapping[str, Any], spec: Spec) -> list[Reason]:
    """Every reason ``values`` do not fit ``spec``: unknown members, missing required ones,
    ``null`` where it is not allowed, values of the wrong type."""
    reasons: list[Reason] = []
    for name, value in values.items():
        field = spec.get(name)
        if field is None:
            reasons.append(UnknownField(name))
        elif value is None:
            # A required member given as null is reported once, as missing, below.
            if not field.nullable and not field.required:
                reasons.append(InvalidValue(name, f"must be {field.kind.value}, not null"))
        elif (problem := _kind_problem(field.kind, value)) is not None:
            reasons.append(InvalidValue(name, problem))
    for name, field in spec.items():
        missing = name not in values or (field.required and values[name] in (None, ""))
        if field.required and missing:
            reasons.append(RequiredValueMissing(name))
    return reasons


def invalid_input(reasons: list[Reason]) -> ApiError:
    """The ``422`` listing every problem of a request's fields."""
    return ApiError(
        "; ".join(reason.message for reason in reasons),
        status=422,
        code="invalid_request",
        reasons=reasons,
    )


def _is_json(request: web.Request) -> bool:
    return request.content_type == "application/json" or request.content_type.endswith("+json")


async def read_json(request: web.Request, spec: Spec) -> JsonBody:
    """The request's JSON object, checked against ``spec``.

    An empty body counts as ``{}`` (so that endpoints without input take a bare POST).
    ``415`` for a body that is not declared JSON, ``413`` above 256 KiB, ``400`` for text that
    is not JSON or not an object, ``422`` naming every field that is wrong.
    """
    raw = await request.read() if request.body_exists else b""
    if not raw.strip():
        data: object = {}
    else:
        if not _is_json(request):
            raise ApiError(
                f"the request body is {request.content_type}; send a JSON object with "
                "Content-Type: application/json",
                status=415,
                code="unsupported_media_type",
            )
        if len(raw) > MAX_JSON_BYTES:
            raise ApiError(
                f"the JSON body is larger than {MAX_JSON_BYTES // 1024} KiB",
                status=413,
                code="request_entity_too_large",
            )
        try:
            data = json.loads(raw, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise ApiError(
                f"the request body is not valid JSON: {str(error)[:200]}",
                code="malformed_json",
            ) from None
    if not _encodable(data):
        raise ApiError(
            "the request body holds text that is not valid Unicode (a lone surrogate escape "
            "such as \\ud800); send UTF-8 text",
            code="malformed_json",
        )
    if not isinstance(data, dict):
        raise ApiError(
            f"the request body must be a JSON object ({{...}}), not {_json_type(data)}",
            code="malformed_json",
        )
    reasons = check_members(data, spec)
    if reasons:
        raise invalid_input(reasons)
    return JsonBody(data)


def _encodable(data: object) -> bool:
    """True when every string of ``data`` can be written as UTF-8 (JSON's ``\\ud800`` escapes
    can smuggle in lone surrogates, which no answer or database could hold)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safe_name(name: str) -> str:
    """``name`` (a parameter or field name the client sent) made safe to echo in an answer."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")[:100]


def _refuse_constant(name: str) -> object:
    # NaN and Infinity are not JSON; Python's parser accepts them unless told otherwise.
    raise ValueError(f"{name} is not a JSON value")


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def read_query(
    request: web.Request, allowed: Mapping[str, tuple[str, ...] | None]
) -> dict[str, str]:
    """The query parameters, each given once and known; ``allowed`` maps a name to the
    values it may take (``None``: any). ``400`` naming every parameter that is wrong."""
    reasons: list[Reason] = []
    found: dict[str, str] = {}
    for name in request.query:
        values = request.query.getall(name)
        choices = allowed.get(name, ())
        if name not in allowed:
            reasons.append(UnknownField(safe_name(name)))
        elif len(values) > 1:
            reasons.append(InvalidValue(name, "give this parameter once"))
        elif choices is not None and values[0] not in choices:
            reasons.append(InvalidValue(name, f"must be one of {', '.join(choices)}"))
        else:
            found[name] = values[0]
    if reasons:
        raise ApiError(
            "; ".join(reason.message for reason in reasons),
            code="invalid_query",
            reasons=reasons,
        )
    return found


def query_integer(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """A whole-number query parameter from ``low`` to ``high``; ``default`` when absent."""
    value = query.get(name)
    if value is None:
        return default
    if not _DIGITS.fullmatch(value) or not low <= int(value) <= high:
        reason = InvalidValue(name, f"must be a whole number from {low} to {high}")
        raise ApiError(reason.message, code="invalid_query", reasons=[reason])
    return int(value)


def path_id(request: web.Request, name: str, field: str) -> int:
    """The id in the path segment ``name``; ``400`` naming ``field`` when it is not one."""
    value = request.match_info[name]
    if not _DIGITS.fullmatch(value) or not 0 < int(value) <= MAX_ID:
        reason = InvalidValue(field, f"{value[:30]!r} is not a record id; ids are whole numbers")
        raise ApiError(reason.message, code="invalid_path", reasons=[reason])
    return int(value)


def json_response(value: object, *, status: int = 200) -> web.Response:
    """``value`` as a JSON response."""
    return web.Response(body=json_bytes(value), status=status, content_type="application/json")
