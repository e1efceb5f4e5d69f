"""Translation of database errors into the ports' exceptions.

No SQLAlchemy or driver exception leaves the adapter: callers only ever see
``petcare_core.ports.errors`` types.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from petcare_core.ports.errors import (
    ConcurrencyConflict,
    NotFound,
    PersistenceUnavailable,
    PetcareError,
)

# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_UNIQUE_VIOLATION = "23505"
_PG_FOREIGN_KEY_VIOLATION = "23503"
# serialization_failure, deadlock_detected, lock_not_available: a concurrent writer won.
_PG_CONFLICTS = frozenset({"40001", "40P01", "55P03"})

# sqlite3 extended result codes (Python 3.11+ exposes them as sqlite_errorname).
_SQLITE_UNIQUE = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})
_SQLITE_FOREIGN_KEY = "SQLITE_CONSTRAINT_FOREIGNKEY"


def _sqlite_busy(error: BaseException) -> bool:
    # SQLITE_BUSY (and BUSY_SNAPSHOT: a WAL reader whose snapshot went stale tried to write) and
    # SQLITE_LOCKED: another connection holds the lock we need, i.e. a concurrent writer.
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    return "database is locked" in str(error) or "database table is locked" in str(error)


def translate(error: exc.DBAPIError, kind: str, key: object) -> PetcareError:
    """The ports' exception for a database error raised while handling ``kind`` ``key``."""
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)
    sqlite_name = getattr(original, "sqlite_errorname", None)
    if isinstance(error, exc.IntegrityError):
        if sqlstate == _PG_UNIQUE_VIOLATION or sqlite_name in _SQLITE_UNIQUE:
            return ConcurrencyConflict(kind, key)
        if sqlstate == _PG_FOREIGN_KEY_VIOLATION or sqlite_name == _SQLITE_FOREIGN_KEY:
            # A reference to a record that does not exist in this facility.
            return NotFound(f"record referenced by {kind}", key)
        return PetcareError(f"the database refused {kind} {key!r}: {original}")
    if sqlstate in _PG_CONFLICTS or (original is not None and _sqlite_busy(original)):
        return ConcurrencyConflict(kind, key)
    if error.connection_invalidated:
        return PersistenceUnavailable(f"lost the database connection: {original}")
    return PersistenceUnavailable(f"the database refused the operation: {original}")


@contextmanager
def translated(kind: str, key: object = None) -> Iterator[None]:
    """Re-raise database errors inside the block as the ports' exceptions."""
    try:
        yield
    except exc.DBAPIError as error:
        raise translate(error, kind, key) from error
    except exc.TimeoutError as error:
        # Every pooled connection stayed checked out for the whole pool timeout.
        raise PersistenceUnavailable(f"no database connection available: {error}") from error
