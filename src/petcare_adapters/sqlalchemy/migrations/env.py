"""Alembic environment of petcare's SQL storage.

It runs only through ``SqlStorage`` (``upgrade``, ``check_migrations``), which configures Alembic
in code and hands over an open connection: no ``alembic.ini`` is involved. To write a new
migration, change ``tables.py`` and generate the revision against a database at head::

    from alembic import command
    from petcare_adapters.sqlalchemy.migration_config import alembic_config

    with storage.engine.begin() as connection:
        command.revision(alembic_config(connection), message="...", autogenerate=True)
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from petcare_adapters.sqlalchemy import tables_booking  # noqa: F401 (adds its tables to metadata)
from petcare_adapters.sqlalchemy.migration_config import VERSION_TABLE
from petcare_adapters.sqlalchemy.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError(
        "petcare migrations run through petcare_adapters.sqlalchemy.SqlStorage "
        "(upgrade / check_migrations), which provides the connection"
    )
_run(_connection)
