"""SQL storage for petcare: SQLite (embedded default) and PostgreSQL, on SQLAlchemy Core.

``open_storage(url)`` returns a ``SqlStorage``; its ``uow_factory`` implements the core's
``UnitOfWorkFactory``. Tables are plain Core tables (``tables.py``) translated to and from the
domain's attrs classes by hand-written functions (``rows_*.py``); the schema changes only through
the Alembic migrations shipped in ``migrations/`` (version table ``petcare_alembic_version``).
"""

from petcare_adapters.sqlalchemy.storage import SqlStorage, open_storage

__all__ = ["SqlStorage", "open_storage"]
