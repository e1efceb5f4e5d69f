"""The shared machinery of the repositories: the open transaction, scoped tables, version checks.

Every statement is built once per table (SQLAlchemy then caches its compiled form), so a
repository call costs one execution and one translation per row. A facility-scoped statement
always carries ``facility_id = :w_facility_id``: the scope is part of the statement itself,
not a filter a caller could forget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar, cast

import attrs
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from petcare_adapters.sqlalchemy.codecs import Codec, fetch_all, fetch_one, readers
from petcare_adapters.sqlalchemy.errors import translated
from petcare_core.ports.errors import ConcurrencyConflict, NotFound, TenantViolation


class Transaction:
    """The connection of a unit of work's current ``with`` block, shared with its repositories."""

    __slots__ = ("connection",)

    def __init__(self) -> None:
        self.connection: Connection | None = None

    def get(self) -> Connection:
        """The open connection; using a repository outside the ``with`` block is a bug."""
        connection = self.connection
        if connection is None:
            raise RuntimeError("use a unit of work's repositories inside its `with` block")
        return connection


class _Record(attrs.AttrsInstance, Protocol):
    @property
    def id(self) -> int: ...

    @property
    def facility_id(self) -> int: ...

    @property
    def version(self) -> int: ...


R = TypeVar("R", bound=_Record)

# Keys a row dictionary never SETs in an UPDATE: the identity, the scope and the version (which
# the statement itself increments).
_NOT_UPDATED = ("id", "facility_id", "version")


class ScopedTable(Generic[R]):
    """A facility-scoped table: its statements and its row <-> domain translation.

    ``reader`` builds, for one dialect's ``Codec``, the function that reads a record from a
    driver row of ``columns``.
    """

    def __init__(
        self,
        kind: str,
        table: sa.Table,
        columns: tuple[sa.ColumnElement[Any], ...],
        reader: Callable[[Codec], Callable[[Any], R]],
        to_row: Callable[[R], dict[str, Any]],
    ) -> None:
        self.kind = kind
        self.table = table
        self.columns = columns
        self.read = readers(reader)
        self.to_row = to_row
        c = table.c
        self.scope = c.facility_id == sa.bindparam("w_facility_id")
        self.by_id = sa.select(*columns).where(c.id == sa.bindparam("w_id"), self.scope)
        self.all = sa.select(*columns).where(self.scope).order_by(c.id)
        self.exists = sa.select(c.id).where(c.id == sa.bindparam("w_id"), self.scope)
        self.insert = insert_new(table)
        self.update = (
            table.update()
            .where(c.id == sa.bindparam("w_id"), self.scope, c.version == sa.bindparam("w_version"))
            .values(version=c.version + 1)
        )

    def select_where(self, *conditions: sa.ColumnElement[bool]) -> sa.Select[Any]:
        """This facility's rows matching ``conditions``, ordered by id (bind ``w_facility_id``)."""
        return sa.select(*self.columns).where(self.scope, *conditions).order_by(self.table.c.id)


def insert_new(table: sa.Table) -> dict[str, sa.Insert]:
    """Per dialect name, an INSERT that skips a row violating a unique key instead of failing.

    A failed statement aborts the whole transaction on PostgreSQL (but not on SQLite); skipping
    and checking the row count reports a taken key as ``ConcurrencyConflict`` on both and leaves
    the unit of work usable, as the memory adapter does.
    """
    # SQLAlchemy only reports an INSERT's row count when asked to preserve it.
    return {
        "sqlite": sqlite.insert(table)
        .on_conflict_do_nothing()
        .execution_options(preserve_rowcount=True),
        "postgresql": postgresql.insert(table)
        .on_conflict_do_nothing()
        .execution_options(preserve_rowcount=True),
    }


def insert_or_conflict(
    connection: Connection,
    statements: dict[str, sa.Insert],
    row: dict[str, Any],
    kind: str,
    key: object,
) -> None:
    """Insert ``row`` with an ``insert_new`` statement; a taken key is ``ConcurrencyConflict``."""
    result = connection.execute(statements[connection.dialect.name], row)
    if result.rowcount != 1:
        raise ConcurrencyConflict(kind, key)


def next_version(item: R) -> R:
    """``item`` as stored by a successful update: its version plus one."""
    # attrs.evolve cannot be typed over a protocol-bounded type variable; the result is R.
    return cast(R, attrs.evolve(cast(Any, item), version=item.version + 1))


def update_parameters(row: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a version-checked UPDATE of ``row`` (as loaded, old version)."""
    parameters = {key: value for key, value in row.items() if key not in _NOT_UPDATED}
    parameters["w_id"] = row["id"]
    parameters["w_facility_id"] = row["facility_id"]
    parameters["w_version"] = row["version"]
    return parameters


class ScopedRepository(Generic[R]):
    """``add``/``get``/``update``/``list`` over one facility's rows of one table."""

    def __init__(self, transaction: Transaction, facility_id: int, table: ScopedTable[R]) -> None:
        self._transaction = transaction
        self._facility_id = facility_id
        self._table = table
        self._scope = {"w_facility_id": facility_id}

    def _check_tenant(self, item: R) -> None:
        if item.facility_id != self._facility_id:
            raise TenantViolation(
                f"{self._table.kind} {item.id} belongs to facility {item.facility_id}, "
                f"not to this unit of work's facility {self._facility_id}"
            )

    def add(self, item: R) -> None:
        """Insert a new record of this facility."""
        self._check_tenant(item)
        table = self._table
        with translated(table.kind, item.id):
            insert_or_conflict(
                self._transaction.get(), table.insert, table.to_row(item), table.kind, item.id
            )

    def get(self, item_id: int) -> R:
        """The record with this id in this facility, or ``NotFound``."""
        table = self._table
        with translated(table.kind, item_id):
            found = fetch_one(
                self._transaction.get(), table.by_id, {"w_id": item_id, **self._scope}, table.read
            )
        if found is None:
            raise NotFound(table.kind, item_id)
        return found

    def update(self, item: R) -> R:
        """Store ``item`` if its version is the stored one; returns it with ``version + 1``."""
        self._check_tenant(item)
        table = self._table
        connection = self._transaction.get()
        with translated(table.kind, item.id):
            result = connection.execute(table.update, update_parameters(table.to_row(item)))
            if result.rowcount == 1:
                return next_version(item)
            found = connection.execute(table.exists, {"w_id": item.id, **self._scope}).first()
        if found is None:
            raise NotFound(table.kind, item.id)
        raise ConcurrencyConflict(table.kind, item.id)

    def _select(self, statement: sa.Select[Any], parameters: dict[str, Any]) -> list[R]:
        with translated(self._table.kind):
            return fetch_all(
                self._transaction.get(),
                statement,
                {**parameters, **self._scope},
                self._table.read,
            )

    def list(self) -> list[R]:
        """Every record of this facility, ordered by id."""
        return self._select(self._table.all, {})
