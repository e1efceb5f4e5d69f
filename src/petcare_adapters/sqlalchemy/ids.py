"""``new_id``: ids unique across the deployment, never given back by a rollback.

PostgreSQL: the ``petcare_ids`` sequence (``nextval`` is outside transactions and never waits).

SQLite has one writer per database file, and anything written inside a unit of work's
transaction is undone by its rollback. An id table in the main file would therefore give ids
back on rollback, and allocating from it would make every other unit of work that wants an id
(even in the same thread) wait for the writer to finish. So the counter lives in a small
sidecar database next to the main file (``<file>-ids``), with its own lock, and is reserved in
blocks of ``BLOCK`` ids per process. Before each reservation the counter is raised above the
highest id stored in the main file, so a lost or stale sidecar (say, a backup restored without
it) can never hand out an id that is already used.

An in-memory database lives and dies with its process, so a counter in memory is enough there.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections.abc import Iterator
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from petcare_adapters.sqlalchemy import tables_booking  # noqa: F401 (adds its tables to metadata)
from petcare_adapters.sqlalchemy.engine import SQLITE_BUSY_TIMEOUT_MS
from petcare_adapters.sqlalchemy.tables import id_sequence, metadata
from petcare_core.ports.errors import PersistenceUnavailable

BLOCK = 100
_NEXT_ID = sa.select(id_sequence.next_value())
# Every table whose rows carry an id from new_id.
_ID_TABLES = tuple(table.name for table in metadata.sorted_tables if "id" in table.c)


class IdAllocator(Protocol):
    """Where a unit of work's ``new_id`` comes from."""

    def allocate(self, connection: Connection) -> int:
        """A fresh id; ``connection`` is the calling unit of work's."""
        ...

    def close(self) -> None:
        """Release what the allocator holds."""
        ...


class SequenceIds:
    """PostgreSQL: the ``petcare_ids`` sequence."""

    def allocate(self, connection: Connection) -> int:
        """The sequence's next value."""
        return int(connection.execute(_NEXT_ID).scalar_one())

    def close(self) -> None:
        """Nothing to release."""


class CountingIds:
    """A private in-memory SQLite database: a counter in this process."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def allocate(self, connection: Connection) -> int:
        """The next number."""
        with self._lock:
            return next(self._counter)

    def close(self) -> None:
        """Nothing to release."""


class SidecarIds:
    """A SQLite file: blocks reserved from the counter in ``<file>-ids`` (see module docstring)."""

    def __init__(self, database_path: str) -> None:
        self._database_path = database_path
        self._sidecar_path = f"{database_path}-ids"
        self._lock = threading.Lock()
        self._block: Iterator[int] = iter(())
        self._pid = os.getpid()
        self._main: sqlite3.Connection | None = None
        self._sidecar: sqlite3.Connection | None = None

    def allocate(self, connection: Connection) -> int:
        """The next id of this process's block, reserving a new block when it runs out."""
        with self._lock:
            if self._pid != os.getpid():
                # A forked child must not hand out its parent's block (nor share its handles).
                self._pid, self._block = os.getpid(), iter(())
                self._main = self._sidecar = None
            allocated = next(self._block, None)
            if allocated is None:
                try:
                    self._block = iter(self._reserve())
                except sqlite3.Error as error:
                    raise PersistenceUnavailable(f"cannot reserve ids: {error}") from error
                allocated = next(self._block)
            return allocated

    def close(self) -> None:
        """Close both connections; ids left in the block are simply never used."""
        with self._lock:
            for handle in (self._main, self._sidecar):
                if handle is not None:
                    handle.close()
            self._main = self._sidecar = None
            self._block = iter(())

    def _connect(self, path: str) -> sqlite3.Connection:
        handle = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        handle.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        return handle

    def _highest_stored_id(self) -> int:
        # Reads only: in WAL mode this never waits for, nor blocks, the main file's writer.
        if self._main is None:
            self._main = self._connect(self._database_path)
        present = {
            name
            for (name,) in self._main.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        # Table names come from our own metadata, never from input.
        selects = [
            f"SELECT max(id) AS m FROM {name}"  # noqa: S608
            for name in _ID_TABLES
            if name in present
        ]
        if not selects:
            return 0
        union = " UNION ALL ".join(selects)
        (highest,) = self._main.execute(f"SELECT coalesce(max(m), 0) FROM ({union})").fetchone()  # noqa: S608
        return int(highest)

    def _reserve(self) -> range:
        floor = self._highest_stored_id()
        if self._sidecar is None:
            self._sidecar = self._connect(self._sidecar_path)
            self._sidecar.execute(
                "CREATE TABLE IF NOT EXISTS id_allocator "
                "(id INTEGER PRIMARY KEY CHECK (id = 1), last_id INTEGER NOT NULL)"
            )
        sidecar = self._sidecar
        sidecar.execute("BEGIN IMMEDIATE")
        try:
            row = sidecar.execute("SELECT last_id FROM id_allocator WHERE id = 1").fetchone()
            first = max(row[0] if row else 0, floor) + 1
            sidecar.execute(
                "INSERT INTO id_allocator (id, last_id) VALUES (1, :last) "
                "ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id",
                {"last": first + BLOCK - 1},
            )
            sidecar.execute("COMMIT")
        except BaseException:
            if sidecar.in_transaction:
                sidecar.execute("ROLLBACK")
            raise
        return range(first, first + BLOCK)
