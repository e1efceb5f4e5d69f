"""Reading a Gingr request: parameters from the query string and the form body, typed.

Every endpoint accepts GET and POST; parameters come from the query string and from an
``application/x-www-form-urlencoded`` or ``multipart/form-data`` body. As in PHP's
``$_REQUEST``, a top-level name present in both is taken from the body (clients that send
``key`` in both send the same value).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal, overload
from urllib.parse import parse_qsl

from aiohttp import web

from petcare_web.gingr.envelope import GingrError
from petcare_web.gingr.params import ParameterError, ParamTree, ParamValue, parse_pairs

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Ids are stored as 64-bit integers; a longer number is a typo, not a record.
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


class GingrParams:
    """The merged parameters of one request, with typed accessors that explain every refusal."""

    def __init__(self, tree: Mapping[str, ParamValue]) -> None:
        self.tree = tree

    def __contains__(self, name: str) -> bool:
        return name in self.tree

    def scalar(self, name: str) -> str | None:
        """The parameter as one string; ``None`` when absent. A list or array is refused."""
        value = self.tree.get(name)
        if value is None or isinstance(value, str):
            return value
        raise GingrError.invalid(f"{name} must be a single value, not {_shape(value)}")

    def text(self, name: str, *, required: bool = False) -> str:
        """The parameter stripped of surrounding spaces; ``""`` when absent (unless required)."""
        value = (self.scalar(name) or "").strip()
        if required and not value:
            raise GingrError.invalid(f"{name} is required")
        return value

    @overload
    def identifier(self, name: str, *, required: Literal[True]) -> int: ...

    @overload
    def identifier(self, name: str, *, required: bool = False) -> int | None: ...

    def identifier(self, name: str, *, required: bool = False) -> int | None:
        """A record id (a positive whole number); ``None`` when absent or empty."""
        value = self.text(name, required=required)
        if not value:
            return None
        if not _DIGITS.fullmatch(value) or not 0 < int(value) <= MAX_ID:
            raise GingrError.invalid(f"{name} must be a positive whole number, got {value[:40]!r}")
        return int(value)

    def boolean(self, name: str, *, default: bool = False) -> bool:
        """``true``/``false`` (also ``1``/``0``, ``yes``/``no``, ``on``/``off``, any case);
        ``default`` when absent."""
        value = self.scalar(name)
        if value is None:
            return default
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise GingrError.invalid(f"{name} must be true or false, got {value[:40]!r}")

    @overload
    def moment(self, name: str, *, required: Literal[True]) -> date | datetime: ...

    @overload
    def moment(self, name: str, *, required: bool = False) -> date | datetime | None: ...

    def moment(self, name: str, *, required: bool = False) -> date | datetime | None:
        """A date (``2024-06-04``) or an ISO 8601 datetime (``2024-06-04T00:00:00+00:00``; a
        datetime without offset is the facility's local time); ``None`` when absent."""
        value = self.text(name, required=required)
        if not value:
            return None
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
            return datetime.fromisoformat(value)
        except ValueError:
            raise GingrError.invalid(
                f"{name} must be a date such as 2024-06-04 or a date and time such as "
                f"2024-06-04T00:00:00+00:00, got {value[:40]!r}"
            ) from None

    def mapping(self, name: str) -> Mapping[str, ParamValue]:
        """An array parameter given with brackets (``params[zip]=80302``); empty when absent."""
        value = self.tree.get(name)
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        if isinstance(value, list):
            return {str(index): item for index, item in enumerate(value)}
        if not value.strip():
            return {}
        raise GingrError.invalid(
            f"{name} must be given with brackets, e.g. {name}[zip]=80302, not as one value"
        )


def _shape(value: ParamValue) -> str:
    return "a list" if isinstance(value, list) else "an array"


async def _body_pairs(request: web.Request) -> list[tuple[str, str]]:
    if not request.body_exists:
        return []
    if "Content-Type" not in request.headers:
        # Some HTTP libraries send a string body without a type: read it as a urlencoded form.
        text = (await request.read()).decode("utf-8", errors="replace")
        return parse_qsl(text, keep_blank_values=True)
    if request.content_type not in FORM_TYPES:
        raise GingrError.invalid(
            f"the request body is {request.content_type}; send the parameters in the query "
            "string or as an application/x-www-form-urlencoded or multipart/form-data body"
        )
    try:
        form = await request.post()
    except ValueError as error:
        raise GingrError.invalid(f"the form body cannot be read: {error}") from None
    pairs: list[tuple[str, str]] = []
    for name, value in form.items():
        if not isinstance(value, str):
            raise GingrError.invalid(f"{name}: this API takes no file uploads")
        pairs.append((name, value))
    return pairs


async def read_params(request: web.Request) -> GingrParams:
    """The request's parameters: the query string's, then the body's (a top-level name in both
    is taken from the body). ``GingrError`` for a body that is no form or a parameter that
    cannot be read."""
    try:
        query: ParamTree = parse_pairs(request.query.items())
        body: ParamTree = parse_pairs(await _body_pairs(request))
    except ParameterError as error:
        raise GingrError.invalid(str(error)) from None
    return GingrParams({**query, **body})
