"""The composition root: ``Settings`` in, a ready ``PetcareServices`` (and how to close it) out.

This is the one module that knows every adapter family. The CLI calls it; an embedding
application can call it too, or build ``PetcareServices`` from adapters of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from petcare_adapters.files import LocalFileStore
from petcare_adapters.memory import MemoryUnitOfWorkFactory
from petcare_adapters.notify import ChannelRouter, ConsoleNotifier, SmtpNotifier
from petcare_adapters.settings import Settings
from petcare_adapters.sqlalchemy import SqlStorage, open_storage
from petcare_adapters.system import (
    Argon2PasswordHasher,
    LibPhoneNumberNormalizer,
    SecureSecretGenerator,
    SystemClock,
)
from petcare_core.ports.errors import InvalidConfiguration
from petcare_core.ports.notifications import Notifier
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.services import PetcareServices


def open_sql_storage(settings: Settings) -> SqlStorage:
    """The SQL storage ``settings.database_url`` names (for ``petcare db upgrade`` and ``build``).

    Raises ``InvalidConfiguration`` when the URL selects the memory adapter, which has no schema.
    """
    if settings.uses_memory_storage:
        raise InvalidConfiguration(
            "PETCARE_DATABASE_URL is memory://, which has no database schema to manage; "
            "set it to an SQLite or PostgreSQL URL"
        )
    return open_storage(
        settings.database_url, pool_size=settings.database_pool_size, echo=settings.database_echo
    )


def _storage(settings: Settings) -> tuple[UnitOfWorkFactory, Callable[[], None]]:
    if settings.uses_memory_storage:
        return MemoryUnitOfWorkFactory(), lambda: None
    storage = open_sql_storage(settings)
    try:
        current = storage.schema_current()
    except BaseException:
        storage.close()
        raise
    if not current:
        storage.close()
        # Migrating is a deliberate step (back up first); starting never changes the schema.
        raise InvalidConfiguration(
            "the database schema is missing or out of date; run `petcare db upgrade` "
            "(with the same PETCARE_DATABASE_URL) and start again"
        )
    return storage.uow_factory, storage.close


def build_notifier(settings: Settings) -> Notifier:
    """The notifier ``settings.notifier`` names.

    ``console`` prints every message; ``smtp`` sends email through ``settings.smtp_host`` and,
    until an SMS gateway adapter exists, prints SMS messages.
    """
    if settings.notifier == "smtp":
        email = SmtpNotifier(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )
        return ChannelRouter(email=email, sms=ConsoleNotifier())
    return ConsoleNotifier()


def build(settings: Settings) -> tuple[PetcareServices, Callable[[], None]]:
    """The services over the adapters ``settings`` selects, and a function that releases them.

    ``memory://`` gives a fresh in-memory storage; any other URL opens SQLite or PostgreSQL,
    which must already be migrated (``InvalidConfiguration`` telling to run
    ``petcare db upgrade`` otherwise). Uploaded files go to ``settings.files_dir`` (created on
    first upload) and messages through ``build_notifier(settings)``. Call the returned function
    once, on shutdown: it disposes of the connection pool.
    """
    uow_factory, close = _storage(settings)
    services = PetcareServices(
        uow_factory,
        SystemClock(),
        Argon2PasswordHasher(
            time_cost=settings.password_hash_time_cost,
            memory_kib=settings.password_hash_memory_kib,
            parallelism=settings.password_hash_parallelism,
        ),
        SecureSecretGenerator(),
        LibPhoneNumberNormalizer(),
        notifier=build_notifier(settings),
        files=LocalFileStore(settings.files_dir),
        default_phone_region=settings.default_phone_region,
    )
    return services, close
