"""The committed state of a memory storage, and the one place where transactions are applied."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Hashable, Iterable
from typing import Any, Generic

import attrs

from petcare_adapters.memory.tables import Key, R, Scope, Table
from petcare_core.domain.events import DomainEvent, OutboxEntry
from petcare_core.domain.ids import FacilityId
from petcare_core.ports.errors import ConcurrencyConflict


@attrs.frozen
class Write(Generic[R]):
    """A row a transaction wants stored.

    ``expected`` is the version the row must still have in the committed state when the
    transaction commits, or ``None`` when the row must not exist yet (an insert).
    """

    row: R
    expected: int | None


@attrs.define
class TableData(Generic[R]):
    """The committed rows of one table, by tenant then key, with its unique-value index."""

    table: Table[R]
    rows: dict[Scope, dict[Key, R]] = attrs.field(factory=dict)
    # Which tenant holds each key: keys are unique across tenants, as a primary key would be.
    home: dict[Key, Scope] = attrs.field(factory=dict)
    index: dict[Hashable, Key] = attrs.field(factory=dict)

    def get(self, key: Key) -> R | None:
        """The committed row with this key, in whichever tenant."""
        if key not in self.home:
            return None
        return self.rows[self.home[key]][key]

    def in_scope(self, scope: Scope) -> dict[Key, R]:
        """The committed rows of one tenant (a live view; read it under the lock)."""
        return self.rows.get(scope, {})

    def check(self, writes: dict[Key, Write[R]]) -> None:
        """Raise ``ConcurrencyConflict`` unless every write still applies to the committed rows."""
        kind = self.table.kind
        for key, write in writes.items():
            current = self.get(key)
            if write.expected is None:
                if current is not None:
                    raise ConcurrencyConflict(kind, key)
            elif current is None or current.version != write.expected:
                raise ConcurrencyConflict(kind, key)
            for value in self.table.unique_values(write.row):
                holder = self.index.get(value)
                # A holder changed in the same transaction gives the value up: the
                # transaction's own index already refused two of its rows sharing a value.
                if holder is not None and holder != key and holder not in writes:
                    raise ConcurrencyConflict(kind, value)

    def apply(self, writes: dict[Key, Write[R]]) -> None:
        """Store checked writes; every old unique value is released before new ones are taken."""
        for key in writes:
            current = self.get(key)
            if current is not None:
                for value in self.table.unique_values(current):
                    if self.index.get(value) == key:
                        del self.index[value]
        for key, write in writes.items():
            scope = self.table.scope(write.row)
            self.rows.setdefault(scope, {})[key] = write.row
            self.home[key] = scope
            for value in self.table.unique_values(write.row):
                self.index[value] = key


class MemoryState:
    """Every committed row and event of one memory storage, guarded by one lock."""

    def __init__(self) -> None:
        """An empty storage."""
        self.lock = threading.Lock()
        self._tables: dict[Table[Any], TableData[Any]] = {}
        self._outbox: dict[FacilityId, list[OutboxEntry]] = {}
        self._last_id = 0
        self._last_position = 0

    def data(self, table: Table[R]) -> TableData[R]:
        """The committed rows of ``table`` (read them under ``lock``)."""
        data = self._tables.get(table)
        if data is None:
            data = self._tables[table] = TableData(table)
        return data

    def new_id(self) -> int:
        """A fresh positive id; like a database sequence, it is never given back on rollback."""
        with self.lock:
            self._last_id += 1
            return self._last_id

    def outbox(self, facility_id: FacilityId, after: int, limit: int) -> list[OutboxEntry]:
        """The facility's events with position greater than ``after``, oldest first."""
        with self.lock:
            entries = self._outbox.get(facility_id, [])
            start = bisect.bisect_right(entries, after, key=lambda entry: entry.position)
            return entries[start : start + max(limit, 0)]

    def commit(
        self,
        changes: Iterable[tuple[Table[Any], dict[Key, Write[Any]]]],
        events: Iterable[DomainEvent],
    ) -> None:
        """Apply every change and append every event at once, or raise and apply nothing."""
        changes = list(changes)
        with self.lock:
            for table, writes in changes:
                self.data(table).check(writes)
            for table, writes in changes:
                self.data(table).apply(writes)
            for event in events:
                self._last_position += 1
                entry = OutboxEntry(self._last_position, event)
                self._outbox.setdefault(event.facility_id, []).append(entry)
