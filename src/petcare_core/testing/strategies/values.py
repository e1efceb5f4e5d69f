"""Primitive values: ids, text, names, contact details, times, dates, money."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

from hypothesis import strategies as st

from petcare_core.domain.money import Money

T = TypeVar("T")

MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2090, 12, 31)
MAX_ID = 2**31 - 1  # fits a 32-bit INTEGER column too
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "JPY", "KWD", "SEK")
TIMEZONES = ("UTC", "America/New_York", "America/Denver", "Europe/London", "Australia/Sydney")


def ids() -> st.SearchStrategy[int]:
    """Positive integer ids."""
    return st.integers(min_value=1, max_value=MAX_ID)


def _given_or(value: T | None, strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    return strategy if value is None else st.just(value)


def _one_of_or_none(candidates: Sequence[T]) -> st.SearchStrategy[T | None]:
    return st.none() | st.sampled_from(candidates) if candidates else st.none()


def text(
    *, min_size: int = 0, max_size: int = 40, multiline: bool = False, exclude: str = ""
) -> st.SearchStrategy[str]:
    """Unicode text without surrounding whitespace, NUL, surrogates or control characters.

    ``multiline`` allows ``\\n`` inside; ``exclude`` removes characters (e.g. separators).
    """
    alphabet = st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Zl", "Zp"),
        include_characters="\n" if multiline else None,
        exclude_characters=exclude or None,
    )
    return (
        st.text(alphabet, max_size=max_size)
        .map(str.strip)
        .filter(lambda value: len(value) >= min_size)
    )


def names() -> st.SearchStrategy[str]:
    """Non-empty personal or pet names in any script."""
    return text(min_size=1, max_size=30)


def slugs(max_size: int = 24) -> st.SearchStrategy[str]:
    """Lower-case identifiers such as form field keys."""
    return st.from_regex(rf"[a-z][a-z0-9_]{{0,{max_size - 1}}}", fullmatch=True)


def emails() -> st.SearchStrategy[str]:
    """Case-folded email addresses of a plain shape."""
    return st.from_regex(
        r"[a-z0-9][a-z0-9._+-]{0,19}@[a-z0-9][a-z0-9-]{0,19}\.[a-z]{2,6}", fullmatch=True
    )


def phones() -> st.SearchStrategy[str]:
    """Phone numbers in E.164 form (``+15551234567``)."""
    return st.from_regex(r"\+[1-9][0-9]{7,13}", fullmatch=True)


def _fold_0(moment: datetime) -> datetime:
    # Hypothesis sets fold=1 at random: meaningless in UTC, but it shows in reprs and would
    # make a faithful storage round-trip look lossy.
    return moment.replace(fold=0)


def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Timezone-aware UTC datetimes in 1990-2090, with microseconds."""
    return st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2090, 12, 31, 23, 59, 59, 999999),
        timezones=st.just(UTC),
    ).map(_fold_0)


def _later_than(moment: datetime) -> st.SearchStrategy[datetime]:
    return st.datetimes(
        min_value=moment.replace(tzinfo=None),
        max_value=datetime(2090, 12, 31, 23, 59, 59, 999999),
        timezones=st.just(UTC),
    ).map(_fold_0)


def dates() -> st.SearchStrategy[date]:
    """Dates in 1990-2090."""
    return st.dates(min_value=MIN_DATE, max_value=MAX_DATE)


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 codes with 0, 2 and 3 minor-unit digits."""
    return st.sampled_from(CURRENCIES)


def money(currency: str | None = None) -> st.SearchStrategy[Money]:
    """Amounts (negative too) in ``currency`` or any of :data:`CURRENCIES`."""
    return st.builds(Money, st.integers(-(10**12), 10**12), _given_or(currency, currencies()))
