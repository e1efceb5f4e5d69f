"""Column types that store domain values exactly on both SQLite and PostgreSQL.

PostgreSQL (through psycopg 3) has native types for every value we store. SQLite has none of
them, so there instants, dates and decimals are stored as text. These types only shape the DDL
and convert values on the way in; on the way out they leave the driver's values alone, because
the repositories read rows straight from the driver and convert with the dialect's ``Codec``
(see ``codecs.py``), which is cheaper than per-value SQLAlchemy processors.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

# Every primary and foreign key. On SQLite the declared type must be exactly INTEGER for the key
# to alias the rowid (no separate index, fastest lookups); INTEGER is 64-bit there anyway.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_SQLITE = "sqlite"


def _utc_iso(value: datetime | None) -> str | None:
    # Fixed width (always microseconds, always +00:00) so that text order is time order.
    if value is None:
        return None
    if value.tzinfo is None:
        # PostgreSQL reads a naive value in the session time zone, which we pin to UTC; do the
        # same here so that both databases store the same instant.
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware instant, returned in UTC with microseconds.

    PostgreSQL: ``timestamptz`` (the session time zone is UTC, so values come back in UTC).
    SQLite: fixed-width ISO 8601 text, which sorts in time order and parses in C.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Text on SQLite, ``timestamptz`` elsewhere."""
        if dialect.name == _SQLITE:
            return dialect.type_descriptor(sa.String(32))
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """Format as UTC ISO text on SQLite; psycopg adapts aware datetimes itself."""
        return _utc_iso if dialect.name == _SQLITE else None

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        """None: readers convert (``Codec.instant``)."""
        return None


class IsoDate(sa.types.TypeDecorator[date]):
    """A calendar date: ``date`` on PostgreSQL, ISO text (``YYYY-MM-DD``) on SQLite."""

    impl = sa.Date
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Text on SQLite, ``date`` elsewhere."""
        if dialect.name == _SQLITE:
            return dialect.type_descriptor(sa.String(10))
        return dialect.type_descriptor(sa.Date())

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """ISO text on SQLite; psycopg adapts dates itself."""
        return _iso_date if dialect.name == _SQLITE else None

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        """None: readers convert (``Codec.date``)."""
        return None


class ExactDecimal(sa.types.TypeDecorator[Decimal]):
    """A ``Decimal`` without loss: ``numeric`` on PostgreSQL, its ``str()`` on SQLite.

    SQLite's NUMERIC affinity would turn decimals into binary floats; text keeps every digit.
    """

    impl = sa.Numeric(asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Text on SQLite, ``numeric`` elsewhere."""
        if dialect.name == _SQLITE:
            return dialect.type_descriptor(sa.String(64))
        return dialect.type_descriptor(sa.Numeric(asdecimal=True))

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """Decimal text on SQLite; psycopg adapts decimals itself."""
        return _decimal_text if dialect.name == _SQLITE else None

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        """None: readers convert (``Codec.decimal``)."""
        return None


class Flag(sa.types.TypeDecorator[bool]):
    """A boolean column whose values are returned as the driver gives them.

    psycopg returns ``bool``; SQLite returns ``0``/``1``. Readers call ``bool()`` (or use the
    value as a cache key, where ``1 == True``), which lets a row of flags index a cache of
    immutable objects directly.
    """

    impl = sa.Boolean
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        """None: readers convert (see the class docstring)."""
        return None
