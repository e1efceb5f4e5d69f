"""The per-day capacity ledger: the rows concurrent bookings of the last place race for.

One row per pool and local day (``capacity_ledger``). How two bookings of the last place are
kept apart depends on the database:

- PostgreSQL: ``load`` inserts the missing rows (``ON CONFLICT DO NOTHING``) and then reads them
  with ``SELECT ... FOR UPDATE``, both in date order so that two bookings of overlapping stays
  always lock in the same order and cannot deadlock. The second booking waits for the first to
  commit, then reads the updated count: it never oversells, and never fails for it.
- SQLite: one writer per file. ``load`` only reads (deferred ``BEGIN``); a booking whose
  snapshot is older than another's commit, or that writes while the other holds the write lock,
  fails on ``save`` with ``ConcurrencyConflict`` (ADR 0009: the caller runs it again).

``save`` stores every day the ledger holds and every day loaded for its pool in this
transaction, so that a day released back to zero (which a ``CapacityLedger`` leaves out) is
stored as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from petcare_adapters.sqlalchemy.codecs import Codec, fetch_all, readers
from petcare_adapters.sqlalchemy.errors import translated
from petcare_adapters.sqlalchemy.repositories import Transaction
from petcare_adapters.sqlalchemy.tables_booking import capacity_ledger
from petcare_core.domain.capacity import CapacityLedger, CapacityPool, distinct_days
from petcare_core.domain.ids import CapacityPoolId
from petcare_core.ports.errors import TenantViolation

_KIND = "capacity ledger"
_c = capacity_ledger.c
_SELECT = (
    sa.select(_c.day, _c.used)
    .where(
        _c.facility_id == sa.bindparam("w_facility_id"),
        _c.pool_id == sa.bindparam("pool_id"),
        _c.day.in_(sa.bindparam("days", expanding=True)),
    )
    .order_by(_c.day)
)
_SELECT_FOR_UPDATE = _SELECT.with_for_update()
_INSERTS: dict[str, Callable[[sa.Table], Any]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def _day_reader(codec: Codec) -> Callable[[Any], tuple[date, int]]:
    day = codec.date
    return lambda row: (day(row[0]), row[1])


_READ_DAY = readers(_day_reader)


def _insert_missing(connection: Connection, rows: list[dict[str, Any]]) -> None:
    # One multi-row VALUES list, in date order: PostgreSQL inserts (and waits for a concurrent
    # insert of the same day) row by row in that order.
    statement = postgresql.insert(capacity_ledger).values(rows).on_conflict_do_nothing()
    connection.execute(statement)


def _upsert(connection: Connection, rows: list[dict[str, Any]]) -> int:
    insert = _INSERTS[connection.dialect.name](capacity_ledger).values(rows)
    statement = insert.on_conflict_do_update(
        index_elements=[_c.pool_id, _c.day],
        set_={"used": insert.excluded.used},
        # Never through to another facility's row (the insert's foreign key stops new ones).
        where=_c.facility_id == insert.excluded.facility_id,
    ).execution_options(preserve_rowcount=True)
    return int(connection.execute(statement).rowcount)


class SqlCapacityLedgerRepository:
    """The facility's per-day capacity counts, one pool at a time (see the module docstring)."""

    def __init__(self, transaction: Transaction, facility_id: int) -> None:
        self._transaction = transaction
        self._facility_id = facility_id
        self._loaded: dict[CapacityPoolId, set[date]] = {}

    def forget(self) -> None:
        """Drop what was loaded: the transaction ended (the unit of work calls this)."""
        self._loaded.clear()

    def load(self, pool: CapacityPool, days: Sequence[date]) -> CapacityLedger:
        """The pool's ledger for ``days`` (days never used count 0), locked for this unit of
        work on PostgreSQL."""
        if pool.facility_id != self._facility_id:
            raise TenantViolation(
                f"capacity pool {pool.id} belongs to facility {pool.facility_id}, not to this "
                f"unit of work's facility {self._facility_id}"
            )
        ordered = distinct_days(days)
        self._loaded.setdefault(pool.id, set()).update(ordered)
        if not ordered:
            return CapacityLedger.of(pool)
        connection = self._transaction.get()
        parameters = {"w_facility_id": self._facility_id, "pool_id": pool.id, "days": ordered}
        with translated(_KIND, pool.id):
            if connection.dialect.name == "postgresql":
                _insert_missing(connection, self._rows(pool.id, ordered, lambda _: 0))
                found = fetch_all(connection, _SELECT_FOR_UPDATE, parameters, _READ_DAY)
            else:
                found = fetch_all(connection, _SELECT, parameters, _READ_DAY)
        return CapacityLedger.of(pool, dict(found))

    def peek(self, pool: CapacityPool, days: Sequence[date]) -> CapacityLedger:
        """The pool's stored counts for ``days``, read without locking or inserting."""
        if pool.facility_id != self._facility_id:
            raise TenantViolation(
                f"capacity pool {pool.id} belongs to facility {pool.facility_id}, not to this "
                f"unit of work's facility {self._facility_id}"
            )
        ordered = distinct_days(days)
        if not ordered:
            return CapacityLedger.of(pool)
        parameters = {"w_facility_id": self._facility_id, "pool_id": pool.id, "days": ordered}
        with translated(_KIND, pool.id):
            found = fetch_all(self._transaction.get(), _SELECT, parameters, _READ_DAY)
        return CapacityLedger.of(pool, dict(found))

    def save(self, ledger: CapacityLedger) -> None:
        """Store the count of every day of ``ledger`` (and of every day loaded for its pool)."""
        days = distinct_days({*self._loaded.get(ledger.pool_id, ()), *ledger.used})
        if not days:
            return
        rows = self._rows(ledger.pool_id, days, ledger.used_on)
        with translated(_KIND, ledger.pool_id):
            stored = _upsert(self._transaction.get(), rows)
        if stored != len(rows):
            raise TenantViolation(
                f"capacity pool {ledger.pool_id} is not a pool of facility {self._facility_id}"
            )

    def _rows(
        self, pool_id: CapacityPoolId, days: Sequence[date], used: Callable[[date], int]
    ) -> list[dict[str, Any]]:
        return [
            {"pool_id": pool_id, "day": day, "facility_id": self._facility_id, "used": used(day)}
            for day in days
        ]
