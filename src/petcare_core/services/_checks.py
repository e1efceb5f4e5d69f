"""Input checks shared by the use cases: each records its reason and the use case reports them all.

A use case creates one ``Checks``, feeds it every input (each call returns the cleaned value, so
later checks can go on with it), and returns ``checks.failure()`` if anything was refused — before
it writes anything.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from returns.result import Failure, Result

from petcare_core.domain.form_values import normalize_newlines, text_problem
from petcare_core.domain.money import is_currency_code
from petcare_core.domain.reasons import (
    InvalidValue,
    Reason,
    Rejection,
    RequiredValueMissing,
    UnknownReference,
)
from petcare_core.domain.signup import normalize_email
from petcare_core.ports.errors import ConcurrencyConflict, NotFound
from petcare_core.ports.system import PhoneNumberNormalizer

NAME_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 500
LONG_TEXT_MAX_LENGTH = 5000
SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")
_REGION_PATTERN = re.compile(r"[A-Z]{2}")

T = TypeVar("T")
K = TypeVar("K", bound=int)


class Checks:
    """Collects every reason an input is refused, so a rejection can carry all of them."""

    def __init__(self) -> None:
        self.reasons: list[Reason] = []

    def add(self, *reasons: Reason) -> None:
        """Record reasons found by a domain rule or by the use case itself."""
        self.reasons.extend(reasons)

    @property
    def failed(self) -> bool:
        """True once any reason has been recorded."""
        return bool(self.reasons)

    def failure(self) -> Result[Any, Rejection]:
        """The rejection carrying every recorded reason."""
        return Failure(Rejection(tuple(self.reasons)))

    def text(
        self,
        name: str,
        raw: str,
        *,
        required: bool = True,
        max_length: int = NAME_MAX_LENGTH,
        multiline: bool = False,
    ) -> str:
        """``raw`` stripped; refused when empty (if required), too long or with control chars."""
        value = (normalize_newlines(raw) if multiline else raw).strip()
        if not value:
            if required:
                self.reasons.append(RequiredValueMissing(name))
            return ""
        problem = text_problem(value, max_length=max_length, multiline=multiline)
        if problem is not None:
            self.reasons.append(InvalidValue(name, problem))
        return value

    def slug(self, name: str, raw: str) -> str:
        """A URL slug: lower-case letters, digits and hyphens, 2 to 63 characters."""
        value = raw.strip()
        if not value:
            self.reasons.append(RequiredValueMissing(name))
        elif not SLUG_PATTERN.fullmatch(value):
            self.reasons.append(
                InvalidValue(
                    name,
                    f"{value[:70]!r} is not a valid slug; use 2 to 63 lower-case letters, digits "
                    "and hyphens, starting with a letter or digit (e.g. happy-paws)",
                )
            )
        return value

    def timezone(self, name: str, raw: str) -> str:
        """An IANA time zone name such as ``America/New_York``."""
        value = raw.strip()
        if not value:
            self.reasons.append(RequiredValueMissing(name))
            return value
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.reasons.append(
                InvalidValue(
                    name,
                    f"{value[:70]!r} is not a known time zone; use an IANA name such as "
                    "America/New_York or Europe/London",
                )
            )
        return value

    def currency(self, name: str, raw: str) -> str:
        """A three-letter ISO 4217 code, upper-cased (``usd`` becomes ``USD``)."""
        value = raw.strip().upper()
        if not value:
            self.reasons.append(RequiredValueMissing(name))
        elif not is_currency_code(value):
            self.reasons.append(
                InvalidValue(
                    name, f"{value[:20]!r} is not a currency code; use ISO 4217 such as USD"
                )
            )
        return value

    def region(self, name: str, raw: str) -> str:
        """A two-letter ISO 3166 region code, upper-cased."""
        value = raw.strip().upper()
        if not _REGION_PATTERN.fullmatch(value):
            self.reasons.append(
                InvalidValue(
                    name, f"{value[:20]!r} is not a region code; use ISO 3166 such as US or GB"
                )
            )
        return value

    def in_range(self, name: str, value: int, low: int, high: int) -> int:
        """An integer between ``low`` and ``high`` inclusive."""
        if not low <= value <= high:
            self.reasons.append(InvalidValue(name, f"must be from {low} to {high}, got {value}"))
        return value

    def positive_id(self, name: str, value: int) -> bool:
        """True when ``value`` can be an id (a positive integer); records the reason otherwise."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.reasons.append(InvalidValue(name, f"must be a positive integer id, got {value!r}"))
            return False
        return True

    def reference(self, name: str, key: K, load: Callable[[K], T]) -> T | None:
        """The record ``load(key)`` returns, or ``None`` with ``UnknownReference`` recorded."""
        if not self.positive_id(name, key):
            return None
        try:
            return load(key)
        except NotFound:
            self.reasons.append(UnknownReference(name, str(key)))
            return None

    def email(self, name: str, raw: str, *, required: bool = False) -> str:
        """A normalised (stripped, case-folded) email address, or ``""`` when none was given."""
        if not raw.strip():
            if required:
                self.reasons.append(RequiredValueMissing(name))
            return ""
        email = normalize_email(raw)
        if email is None:
            self.reasons.append(
                InvalidValue(
                    name, f"{raw.strip()[:70]!r} is not an email address; write name@example.com"
                )
            )
            return ""
        return email

    def phone(
        self,
        name: str,
        raw: str,
        region: str,
        phones: PhoneNumberNormalizer,
        *,
        required: bool = False,
    ) -> str:
        """A phone number as E.164, read in ``region`` unless it starts with ``+``; or ``""``."""
        if not raw.strip():
            if required:
                self.reasons.append(RequiredValueMissing(name))
            return ""
        # libphonenumber refuses inputs over 250 characters anyway; this keeps the message short.
        e164 = phones.to_e164(raw[:300], region)
        if e164 is None:
            self.reasons.append(
                InvalidValue(
                    name,
                    f"{raw.strip()[:40]!r} is not a valid phone number; write it with its area "
                    "code, or with + and the country code when it is from another country",
                )
            )
            return ""
        return e164

    def aware(self, name: str, moment: datetime) -> datetime:
        """A timezone-aware datetime (naive ones are ambiguous across facilities)."""
        if moment.utcoffset() is None:
            self.reasons.append(
                InvalidValue(name, "must be timezone-aware, e.g. 2024-03-31T12:00:00+00:00")
            )
        return moment

    def period(self, start: datetime, end: datetime) -> None:
        """``start`` and ``end`` are timezone-aware and ``start <= end``."""
        before = len(self.reasons)
        self.aware("start", start)
        self.aware("end", end)
        if len(self.reasons) == before and end < start:
            self.reasons.append(InvalidValue("end", "is before start"))

    def not_after(self, name: str, day: date, latest: date, problem: str) -> date:
        """``day`` must be on or before ``latest``."""
        if day > latest:
            self.reasons.append(InvalidValue(name, problem))
        return day


def check_version(kind: str, key: object, version: int, expected: int | None) -> None:
    """Raise ``ConcurrencyConflict`` when a record read at ``version`` is not the one a change
    was made from (``expected``; None: any). A patch read, changed and written in two steps
    is then made again on the fresh record instead of undoing a change that came in between."""
    if expected is not None and version != expected:
        raise ConcurrencyConflict(kind, key)
