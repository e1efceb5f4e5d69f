"""Engines for the supported database URLs, with each database's connection settings.

SQLite: WAL journal (readers never block the writer), ``foreign_keys=ON``, a busy timeout, and
real transactions. The stdlib driver does not emit BEGIN before SELECTs (nor DDL), so we follow
SQLAlchemy's documented recipe: ``isolation_level = None`` on the driver connection and our own
``BEGIN`` on SQLAlchemy's ``begin`` event, so that a unit of work reads one snapshot.

Plain (deferred) ``BEGIN``, not ``BEGIN IMMEDIATE``: read-only units of work never queue behind
writers, two units of work can be open at once in one thread (the contract suites do this), and
the optimistic version check already prevents lost updates. The cost: a transaction that has
read and then writes while another connection holds the write lock, or has committed since that
read, gets SQLITE_BUSY at once (SQLite does not wait there, to avoid deadlock). That surfaces as
``ConcurrencyConflict`` (reload and retry), even when the two touched different rows. Alembic
upgrades ask for ``BEGIN IMMEDIATE`` (``WRITE_LOCK``) so that two processes upgrading at once
run one after the other.

PostgreSQL: psycopg 3 with SQLAlchemy's ``QueuePool`` (``pool_size`` connections, no overflow,
so the web layer can size its thread pool to it; pre-ping so a restarted server costs a
reconnect, not an error), READ COMMITTED, and the session time zone pinned to UTC so that
``timestamptz`` values come back in UTC. psycopg-pool would add nothing we use here.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from petcare_core.ports.errors import InvalidConfiguration

SUPPORTED_URLS = (
    "sqlite:///path/to/file.db, sqlite:// (in memory), postgresql://user@host/db or "
    "postgresql+psycopg://user@host/db"
)
# Execution option: begin this connection's transactions with BEGIN IMMEDIATE on SQLite.
WRITE_LOCK = "petcare_write_lock"
SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRESQL_CONNECT_TIMEOUT_S = 10


def _parse(url: str) -> URL:
    try:
        return sa.make_url(url)
    except (exc.ArgumentError, ValueError) as error:
        # Only the scheme is echoed: the rest of a URL may hold a password.
        scheme = url.split("://", 1)[0] if "://" in url else "(none)"
        raise InvalidConfiguration(
            f"cannot read the database URL (scheme {scheme!r}); expected one of: {SUPPORTED_URLS}"
        ) from error


def is_in_memory(url: URL) -> bool:
    """True for a private in-memory SQLite database (``sqlite://``, ``sqlite:///:memory:``)."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_engine(url: str, *, pool_size: int, echo: bool) -> tuple[Engine, bool]:
    """An engine for ``url`` and whether it is a single-connection in-memory SQLite database.

    Raises ``InvalidConfiguration`` for an unsupported scheme or a pool size below 1.
    """
    if pool_size < 1:
        raise InvalidConfiguration(f"pool_size must be at least 1, got {pool_size}")
    parsed = _parse(url)
    if parsed.drivername == "sqlite":
        return _sqlite_engine(parsed, pool_size=pool_size, echo=echo), is_in_memory(parsed)
    if parsed.drivername in ("postgresql", "postgresql+psycopg"):
        return _postgresql_engine(parsed, pool_size=pool_size, echo=echo), False
    raise InvalidConfiguration(
        f"unsupported database URL scheme {parsed.drivername!r}; supported: {SUPPORTED_URLS}"
    )


def _sqlite_engine(url: URL, *, pool_size: int, echo: bool) -> Engine:
    if is_in_memory(url):
        # One connection is the whole database: every unit of work must share it.
        engine = sa.create_engine(
            url,
            echo=echo,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
        )
    else:
        engine = sa.create_engine(url, echo=echo, pool_size=pool_size, max_overflow=0)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _: ConnectionPoolEntry) -> None:
        # Stop the driver's own transaction handling; on_begin below emits BEGIN instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_LOCK, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgresql_engine(url: URL, *, pool_size: int, echo: bool) -> Engine:
    url = url.set(drivername="postgresql+psycopg")
    given = url.query.get("options", ())
    given = (given,) if isinstance(given, str) else given
    options = " ".join([*given, "-c TimeZone=UTC"])
    connect_args: dict[str, Any] = {"options": options}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = POSTGRESQL_CONNECT_TIMEOUT_S
    return sa.create_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=0,
        pool_pre_ping=True,
        isolation_level="READ COMMITTED",
        connect_args=connect_args,
    )
