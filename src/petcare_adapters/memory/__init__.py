"""In-memory storage: every port of ``petcare_core.ports.unit_of_work`` on dictionaries.

It keeps the promises a database keeps (tenancy, transactions, optimistic versions, unique
values, the outbox), so tests that pass against it mean something. ``MemoryFileStore`` and
``MemoryNotifier`` stand in for the file store and the mail server the same way.
"""

from petcare_adapters.memory.files import MemoryFileStore
from petcare_adapters.memory.notifier import MemoryNotifier
from petcare_adapters.memory.unit_of_work import (
    MemoryFacilityUnitOfWork,
    MemoryPlatformUnitOfWork,
    MemoryUnitOfWorkFactory,
)

__all__ = [
    "MemoryFacilityUnitOfWork",
    "MemoryFileStore",
    "MemoryNotifier",
    "MemoryPlatformUnitOfWork",
    "MemoryUnitOfWorkFactory",
]
