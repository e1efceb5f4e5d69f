"""How each driver returns the values that SQLite stores as text, and how rows are fetched.

Rows are read straight from the driver's cursor (not through SQLAlchemy ``Row`` objects and
result processors) by readers built once per dialect: each reader unpacks a plain tuple and
converts the few values the driver cannot (SQLite text instants, dates and decimals) with the
``Codec`` of its dialect. Streaming from the cursor means one small tuple lives at a time instead
of the whole result, which matters as much as the conversions: a bulk load that keeps every row
alive makes CPython's cyclic garbage collector rescan them all (measured: a third of the time of
loading a facility's owners and animals). See docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

import attrs
from sqlalchemy import exc
from sqlalchemy.engine import Connection, processors
from sqlalchemy.sql import Executable

T = TypeVar("T")


def _same(value: Any) -> Any:
    return value


def _optional_decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@attrs.frozen
class Codec:
    """Per dialect: turn a driver value into an instant, a date or a decimal (each optional)."""

    instant: Callable[[Any], datetime]
    optional_instant: Callable[[Any], datetime | None]
    optional_date: Callable[[Any], date | None]
    date: Callable[[Any], date]
    optional_decimal: Callable[[Any], Decimal | None]
    decimal: Callable[[Any], Decimal]


# SQLAlchemy's compiled processors are None-safe C calls to fromisoformat.
SQLITE = Codec(
    instant=datetime.fromisoformat,
    optional_instant=processors.str_to_datetime,
    optional_date=processors.str_to_date,
    date=date.fromisoformat,
    optional_decimal=_optional_decimal,
    decimal=Decimal,
)
# psycopg returns timestamptz, date and numeric as datetime (UTC session), date and Decimal.
POSTGRESQL = Codec(
    instant=_same,
    optional_instant=_same,
    optional_date=_same,
    date=_same,
    optional_decimal=_same,
    decimal=_same,
)
CODECS = {"sqlite": SQLITE, "postgresql": POSTGRESQL}

Reader = Callable[[Any], T]


def readers(make: Callable[[Codec], Reader[T]]) -> dict[str, Reader[T]]:
    """One reader per dialect name, built once."""
    return {name: make(codec) for name, codec in CODECS.items()}


def fetch_all(
    connection: Connection,
    statement: Executable,
    parameters: dict[str, Any],
    read: dict[str, Reader[T]],
) -> list[T]:
    """Every row of ``statement``, translated by the dialect's reader."""
    result = connection.execute(statement, parameters)
    # Both drivers' cursors iterate over their rows (SQLAlchemy's cursor protocol omits it).
    # Measured on both: iterating beats fetchall(), whose rows all stay alive until the end.
    rows = cast("Iterable[Any]", result.cursor)
    try:
        return list(map(read[connection.dialect.name], rows))
    except connection.dialect.loaded_dbapi.Error as error:
        raise _wrapped(connection, error) from error
    finally:
        result.close()


def fetch_one(
    connection: Connection,
    statement: Executable,
    parameters: dict[str, Any],
    read: dict[str, Reader[T]],
) -> T | None:
    """The first row of ``statement`` translated by the dialect's reader, or ``None``."""
    result = connection.execute(statement, parameters)
    try:
        row = result.cursor.fetchone()
    except connection.dialect.loaded_dbapi.Error as error:
        raise _wrapped(connection, error) from error
    finally:
        result.close()
    return None if row is None else read[connection.dialect.name](row)


def _wrapped(connection: Connection, error: Exception) -> exc.StatementError:
    # Fetching from the cursor ourselves bypasses SQLAlchemy's wrapping of driver errors; wrap
    # them the same way so that errors.translated() sees one kind of exception.
    return exc.DBAPIError.instance(
        None, None, error, connection.dialect.loaded_dbapi.Error, dialect=connection.dialect
    )
