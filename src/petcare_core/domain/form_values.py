"""Validation of facility-defined form values, and the value readers other rules share.

Every custom field value is stored as a canonical string, so that equal values compare equal
whatever the pet parent typed ("Yes" and "true", "1.50" and "1.5"). The readers at the end turn
the raw strings of owner and animal patches into domain values (see ``projection``).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from petcare_core.domain.forms import FieldType, FormDefinition, FormField
from petcare_core.domain.reasons import (
    FieldNotEditable,
    InvalidValue,
    Reason,
    RequiredValueMissing,
    UnknownField,
)
from petcare_core.domain.signup import EMAIL_MAX_LENGTH, normalize_email

E = TypeVar("E", bound=enum.StrEnum)

TEXT_MAX_LENGTH = 500
LONG_TEXT_MAX_LENGTH = 5000
PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 20
# Beyond this many integer or fractional digits a "number" is almost certainly a typo, and an
# unbounded exponent would let "1e999999" expand into a megabyte of zeros.
NUMBER_MAX_DIGITS = 30

_TRUE_WORDS = frozenset({"true", "yes", "1", "on"})
_FALSE_WORDS = frozenset({"false", "no", "0", "off"})
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PHONE_CHARACTERS = frozenset("0123456789 +-().")
# Line and paragraph separators count as line breaks for str.splitlines, so they are refused
# in single-line text along with the ASCII control characters.
_LINE_BREAK_CATEGORIES = frozenset({"Zl", "Zp"})
_CONTROL_CATEGORIES = frozenset({"Cc", "Cs"})


def normalize_newlines(value: str) -> str:
    """``value`` with Windows and old-Mac line endings turned into ``\\n``."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def text_problem(value: str, *, max_length: int, multiline: bool = False) -> str | None:
    """Why ``value`` is not acceptable free text, or ``None`` when it is.

    Multi-line text may contain ``\\n`` and tabs; single-line text may contain no line breaks.
    Neither may contain other control characters (PostgreSQL refuses NUL outright).
    """
    if len(value) > max_length:
        return f"is {len(value)} characters long; shorten it to at most {max_length} characters"
    for character in value:
        if multiline and character in "\n\t":
            continue
        category = unicodedata.category(character)
        if not multiline and (character in "\n\r" or category in _LINE_BREAK_CATEGORIES):
            return "contains a line break; write it on a single line"
        if category in _CONTROL_CATEGORIES or category in _LINE_BREAK_CATEGORIES:
            return (
                f"contains the invisible character U+{ord(character):04X}; "
                "remove it and type the text again"
            )
    return None


def parse_boolean(raw: str) -> bool | None:
    """``True``/``False`` for true/false, yes/no, 1/0, on/off (any case); otherwise ``None``."""
    word = raw.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None


def parse_iso_date(raw: str) -> date | None:
    """The date written as ``YYYY-MM-DD``, or ``None`` for any other shape or an impossible date."""
    text = raw.strip()
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_decimal(raw: str) -> Decimal | None:
    """A finite decimal number of reasonable size written plainly (``12``, ``-3.5``, ``1e3``)."""
    text = raw.strip()
    if not text.isascii():
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if number and number.adjusted() >= NUMBER_MAX_DIGITS:
        return None
    if _exponent(_without_trailing_zeros(number)) < -NUMBER_MAX_DIGITS:
        return None
    return number


def _exponent(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):  # "n", "N" or "F": NaN or an infinity
        raise ValueError(f"{number} is not a finite number")
    return exponent


def _without_trailing_zeros(number: Decimal) -> Decimal:
    # Decimal.normalize would do this but rounds to the context's 28 digits.
    if not number:
        return Decimal(0)
    sign, digits, _ = number.as_tuple()
    kept = len(digits)
    while digits[kept - 1] == 0:
        kept -= 1
    return Decimal((sign, digits[:kept], _exponent(number) + len(digits) - kept))


def canonical_decimal(number: Decimal) -> str:
    """The shortest plain string of a finite ``number``: no exponent or trailing zeros, no ``-0``.

    Exact: no digit is rounded away.
    """
    return format(_without_trailing_zeros(number), "f")


def _invalid(field: FormField, problem: str) -> InvalidValue:
    return InvalidValue(name=f"custom.{field.key}", problem=problem)


def canonical_form_value(field: FormField, raw: str) -> str | Reason:
    """The canonical string for ``raw`` typed into ``field``, or the reason it is not acceptable.

    Surrounding whitespace is ignored and an empty value is allowed here: whether the field
    must be filled in is checked by :func:`validate_form_values`.
    """
    if field.field_type is FieldType.LONG_TEXT:
        raw = normalize_newlines(raw)
    text = raw.strip()
    if not text:
        return ""
    match field.field_type:
        case FieldType.TEXT | FieldType.LONG_TEXT:
            long = field.field_type is FieldType.LONG_TEXT
            problem = text_problem(
                text, max_length=LONG_TEXT_MAX_LENGTH if long else TEXT_MAX_LENGTH, multiline=long
            )
            return text if problem is None else _invalid(field, problem)
        case FieldType.NUMBER:
            number = parse_decimal(text)
            if number is None:
                return _invalid(field, f"{text!r} is not a number; write digits such as 12 or 3.5")
            return canonical_decimal(number)
        case FieldType.BOOLEAN:
            flag = parse_boolean(text)
            if flag is None:
                return _invalid(field, f"{text!r} is not yes or no; answer true or false")
            return "true" if flag else "false"
        case FieldType.DATE:
            day = parse_iso_date(text)
            if day is None:
                return _invalid(
                    field, f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31"
                )
            return day.isoformat()
        case FieldType.CHOICE:
            if text in field.options:
                return text
            listed = ", ".join(repr(option) for option in field.options)
            return _invalid(field, f"{text!r} is not one of the choices; pick one of {listed}")
        case FieldType.EMAIL:
            email = normalize_email(text)
            if email is None:
                return _invalid(
                    field, f"{text!r} is not an email address; write it like name@example.com"
                )
            return email
        case FieldType.PHONE:
            return _canonical_phone(field, text)


def _canonical_phone(field: FormField, text: str) -> str | Reason:
    if not set(text) <= _PHONE_CHARACTERS:
        return _invalid(
            field,
            f"{text!r} is not a phone number; use only digits, spaces and + - ( ) .",
        )
    digits = sum(character.isdigit() for character in text)
    if not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        return _invalid(
            field,
            f"{text!r} has {digits} digits; a phone number has "
            f"{PHONE_MIN_DIGITS} to {PHONE_MAX_DIGITS} digits",
        )
    return text


def validate_form_values(
    form: FormDefinition,
    values: Mapping[str, str],
    *,
    editable_keys: Callable[[FormField], bool],
    require_complete: bool,
    visible_keys: Callable[[FormField], bool] = lambda _: True,
) -> tuple[Reason, ...]:
    """Every reason why ``values`` (form field key -> raw string) cannot be stored.

    A key the form lacks, or that ``visible_keys`` hides from the actor, is unknown (so a pet
    parent learns nothing of business-only fields); a key ``editable_keys`` refuses is not
    editable; a value
    is checked by :func:`canonical_form_value`; a required field given an empty value is
    missing. With ``require_complete``, every required editable field absent from ``values``
    is missing too (fields the actor may not edit are never demanded of them).
    """
    reasons: list[Reason] = []
    for key, raw in values.items():
        field = form.field(key)
        if field is None or not visible_keys(field):
            reasons.append(UnknownField(f"custom.{key}"))
        elif not editable_keys(field):
            reasons.append(FieldNotEditable(f"custom.{key}"))
        else:
            canonical = canonical_form_value(field, raw)
            if isinstance(canonical, Reason):
                reasons.append(canonical)
            elif field.required and not canonical:
                reasons.append(RequiredValueMissing(f"custom.{key}"))
    if require_complete:
        reasons.extend(
            RequiredValueMissing(f"custom.{field.key}")
            for field in form.fields
            if field.required and field.key not in values and editable_keys(field)
        )
    return tuple(reasons)


# Readers for the built-in fields of owner and animal records. Each takes the raw string of a
# patch and returns the domain value, or raises ValueProblem saying what is wrong.

ICON_MAX_LENGTH = 50
WEIGHT_LIMIT = Decimal(1000)
WEIGHT_MAX_PLACES = 2
BIRTHDAY_MIN_YEAR = 1900
MAX_ID = 2**63 - 1  # the largest BIGINT, so that any accepted id can be stored
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


class ValueProblem(ValueError):
    """A raw value cannot be read; the message says what is wrong and how to fix it."""


def text_reader(max_length: int, *, multiline: bool = False) -> Callable[[str], str]:
    """A reader of stripped free text of at most ``max_length`` characters."""

    def read(raw: str) -> str:
        value = (normalize_newlines(raw) if multiline else raw).strip()
        problem = text_problem(value, max_length=max_length, multiline=multiline)
        if problem is not None:
            raise ValueProblem(problem)
        return value

    return read


def read_email(raw: str) -> str:
    """A case-folded email address, or ``""`` for none."""
    value = raw.strip()
    if not value:
        return ""
    email = normalize_email(value)
    if email is None:
        raise ValueProblem(
            f"is not an email address of at most {EMAIL_MAX_LENGTH} characters; "
            "write it like name@example.com"
        )
    return email


def read_e164_phone(raw: str) -> str:
    """A phone number already in E.164 form (``+15551234567``), or ``""`` for none."""
    value = raw.strip()
    if value and not _E164.fullmatch(value):
        raise ValueProblem("is not a phone number; include the country code, e.g. +15551234567")
    return value


def read_boolean(raw: str) -> bool:
    """A yes/no answer (see :func:`parse_boolean`)."""
    flag = parse_boolean(raw)
    if flag is None:
        raise ValueProblem("must be true or false")
    return flag


def read_optional_boolean(raw: str) -> bool | None:
    """A yes/no answer, or ``None`` for "not known" (empty)."""
    return None if not raw.strip() else read_boolean(raw)


def read_id(raw: str) -> int:
    """A record id: a positive whole number that fits a 64-bit column."""
    value = raw.strip()
    # The length check comes first: int() refuses strings of thousands of digits.
    if len(value) > len(str(MAX_ID)) or not (value.isascii() and value.isdigit()):
        number = 0
    else:
        number = int(value)
    if not 1 <= number <= MAX_ID:
        raise ValueProblem(f"{value[:30]!r} is not a record id; ids are whole numbers such as 42")
    return number


def read_optional_id(raw: str) -> int | None:
    """A record id, or ``None`` for none (empty)."""
    return None if not raw.strip() else read_id(raw)


def read_icons(raw: str) -> tuple[str, ...]:
    """Comma-separated icon names, stripped, without empties or repeats, in the order given."""
    icons: list[str] = []
    for part in raw.split(","):
        icon = part.strip()
        problem = text_problem(icon, max_length=ICON_MAX_LENGTH)
        if problem is not None:
            raise ValueProblem(f"icon {icon[:ICON_MAX_LENGTH]!r} {problem}")
        if icon and icon not in icons:
            icons.append(icon)
    return tuple(icons)


def read_birthday(raw: str) -> date | None:
    """A ``YYYY-MM-DD`` date from 1900 on, or ``None`` (empty).

    Whether it lies in the future depends on today's date, which the services check.
    """
    if not raw.strip():
        return None
    day = parse_iso_date(raw)
    if day is None:
        raise ValueProblem("is not a date; write it as YYYY-MM-DD, e.g. 2019-04-30")
    if day.year < BIRTHDAY_MIN_YEAR:
        raise ValueProblem(f"is before {BIRTHDAY_MIN_YEAR}; check the year")
    return day


def read_weight(raw: str) -> Decimal | None:
    """A weight from 0 up to (not including) 1000 with at most two decimals, or ``None``."""
    if not raw.strip():
        return None
    weight = parse_decimal(raw)
    if weight is None or not 0 <= weight < WEIGHT_LIMIT:
        raise ValueProblem(f"must be a number from 0 up to (not including) {WEIGHT_LIMIT}")
    if _exponent(_without_trailing_zeros(weight)) < -WEIGHT_MAX_PLACES:
        raise ValueProblem(f"write the weight with at most {WEIGHT_MAX_PLACES} decimal places")
    return Decimal(canonical_decimal(weight))


def member_reader(kind: type[E], empty: E | None = None) -> Callable[[str], E]:
    """A reader of one of ``kind``'s values (any case); ``empty`` stands for an empty value."""

    def read(raw: str) -> E:
        value = raw.strip().lower()
        if not value and empty is not None:
            return empty
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise ValueProblem(f"must be one of {allowed}") from None

    return read
