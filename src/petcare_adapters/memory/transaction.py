"""One memory transaction: changes kept aside, read back by their own transaction only."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic

import attrs

from petcare_adapters.memory.state import MemoryState, Write
from petcare_adapters.memory.tables import Key, R, Scope, Table
from petcare_core.domain.events import DomainEvent
from petcare_core.ports.errors import ConcurrencyConflict, NotFound


@attrs.define
class _Pending(Generic[R]):
    """A transaction's writes to one table, with an index of their unique values."""

    writes: dict[Key, Write[R]] = attrs.field(factory=dict)
    index: dict[Hashable, Key] = attrs.field(factory=dict)


class Transaction:
    """The changes of one unit of work until it commits or rolls back.

    Reads see the committed state overlaid with this transaction's own writes. Every check a
    database would make (duplicate keys, unique values, stale versions) is made when the change
    is requested and again at commit, against whatever other transactions committed meanwhile.
    """

    def __init__(self, state: MemoryState) -> None:
        """A transaction on ``state``; it must be begun before use."""
        self._state = state
        self._pending: dict[Table[Any], _Pending[Any]] = {}
        self._events: list[DomainEvent] = []
        self._active = False

    def begin(self) -> None:
        """Start using the transaction (entering the unit of work's ``with`` block)."""
        if self._active:
            raise RuntimeError("this unit of work is already in use; open a new one")
        self._active = True
        self.rollback()

    def end(self) -> None:
        """Discard whatever was not committed and stop (leaving the ``with`` block)."""
        self.rollback()
        self._active = False

    def ensure_active(self) -> None:
        """Refuse work outside the ``with`` block, where a database would have no connection."""
        if not self._active:
            raise RuntimeError("use the unit of work inside a 'with' block")

    def rollback(self) -> None:
        """Forget every change and event since the last commit."""
        self._pending = {}
        self._events = []

    def commit(self) -> None:
        """Apply every change at once; on a conflict nothing is applied and all is discarded."""
        self.ensure_active()
        changes = [(table, pending.writes) for table, pending in self._pending.items()]
        events = self._events
        self.rollback()
        self._state.commit(changes, events)

    def new_id(self) -> int:
        """A fresh id from the storage's sequence."""
        self.ensure_active()
        return self._state.new_id()

    def record(self, event: DomainEvent) -> None:
        """Queue an event for the outbox."""
        self.ensure_active()
        self._events.append(event)

    def _of(self, table: Table[R]) -> _Pending[R]:
        pending: _Pending[R] | None = self._pending.get(table)
        if pending is None:
            pending = self._pending[table] = _Pending()
        return pending

    def get(self, table: Table[R], scope: Scope, key: Key) -> R | None:
        """The row with this key in this tenant, as this transaction sees it."""
        self.ensure_active()
        write = self._of(table).writes.get(key)
        if write is not None:
            return write.row if table.scope(write.row) == scope else None
        with self._state.lock:
            return self._state.data(table).in_scope(scope).get(key)

    def select(self, table: Table[R], scope: Scope, where: Callable[[R], bool]) -> list[R]:
        """The tenant's rows matching ``where``, ordered by key, as this transaction sees them."""
        self.ensure_active()
        with self._state.lock:
            rows = dict(self._state.data(table).in_scope(scope))
        for key, write in self._of(table).writes.items():
            if table.scope(write.row) == scope:
                rows[key] = write.row
        # Filter before sorting: most selects keep a few rows of many.
        return [rows[key] for key in sorted(key for key, row in rows.items() if where(row))]

    def find_unique(self, table: Table[R], value: Hashable) -> R | None:
        """The row holding a unique value, as this transaction sees it."""
        self.ensure_active()
        pending = self._of(table)
        key = pending.index.get(value)
        if key is not None:
            return pending.writes[key].row
        with self._state.lock:
            data = self._state.data(table)
            key = data.index.get(value)
            # A row this transaction changed gave the value up, or it would be in its index.
            if key is None or key in pending.writes:
                return None
            return data.get(key)

    def insert(self, table: Table[R], row: R) -> None:
        """Add a new row; a taken key or unique value raises ``ConcurrencyConflict``."""
        self.ensure_active()
        key = table.key(row)
        pending = self._of(table)
        with self._state.lock:
            data = self._state.data(table)
            if key in pending.writes or data.get(key) is not None:
                raise ConcurrencyConflict(table.kind, key)
            self._check_unique(table, key, row)
        self._put(table, key, Write(row, None))

    def replace(self, table: Table[R], scope: Scope, row: R, stored: R) -> R:
        """Replace the row with ``row`` read at its version, storing ``stored`` instead.

        ``NotFound`` if the tenant has no such row; ``ConcurrencyConflict`` if ``row`` was read
        at another version or ``stored`` takes a unique value another row holds.
        """
        key = table.key(row)
        current = self.get(table, scope, key)
        if current is None:
            raise NotFound(table.kind, key)
        if current.version != row.version:
            raise ConcurrencyConflict(table.kind, key)
        pending = self._of(table)
        earlier = pending.writes.get(key)
        # The commit-time check is against the committed version this transaction first read.
        expected = earlier.expected if earlier is not None else current.version
        with self._state.lock:
            self._check_unique(table, key, stored)
        self._put(table, key, Write(stored, expected))
        return stored

    def _check_unique(self, table: Table[R], key: Key, row: R) -> None:
        pending = self._of(table)
        index = self._state.data(table).index
        for value in table.unique_values(row):
            holder = pending.index.get(value)
            if holder is not None and holder != key:
                raise ConcurrencyConflict(table.kind, value)
            holder = index.get(value)
            if holder is not None and holder != key and holder not in pending.writes:
                raise ConcurrencyConflict(table.kind, value)

    def _put(self, table: Table[R], key: Key, write: Write[R]) -> None:
        pending = self._of(table)
        earlier = pending.writes.get(key)
        if earlier is not None:
            for value in table.unique_values(earlier.row):
                pending.index.pop(value, None)
        pending.writes[key] = write
        for value in table.unique_values(write.row):
            pending.index[value] = key
