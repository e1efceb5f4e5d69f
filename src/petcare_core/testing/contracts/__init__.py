"""Contract suites every storage adapter must pass, one abstract pytest class per port.

Subclass each contract once per adapter and provide a ``uow_factory`` fixture that returns the
adapter's ``UnitOfWorkFactory``::

    @pytest.fixture
    def uow_factory() -> UnitOfWorkFactory:
        return MemoryUnitOfWorkFactory()

    class TestMemoryOwners(OwnerRepositoryContract):
        pass

The suites make their own tenants with ``create_facility`` and never assume an empty storage, so
one database can serve a whole test session. ``PostgresRaceContract`` races real threads and is
meant for storages shared by many processes. ``FileStoreContract`` certifies a ``FileStore``
(it needs a ``file_store`` fixture instead of ``uow_factory``).
"""

from petcare_core.testing.contracts.accounts import PortalAccountRepositoryContract
from petcare_core.testing.contracts.animals import AnimalRepositoryContract
from petcare_core.testing.contracts.base import AggregateRepositoryContract, ContractBase
from petcare_core.testing.contracts.booking_catalog import (
    AdditionalServiceRepositoryContract,
    AgreementRepositoryContract,
    CapacityPoolRepositoryContract,
    LodgingRepositoryContract,
    ReservationTypeRepositoryContract,
)
from petcare_core.testing.contracts.booking_overrides import BookingOverrideRepositoryContract
from petcare_core.testing.contracts.booking_records import (
    AgreementSignatureRepositoryContract,
    EvaluationRepositoryContract,
)
from petcare_core.testing.contracts.capacity_ledger import CapacityLedgerContract
from petcare_core.testing.contracts.catalog import (
    BreedRepositoryContract,
    SpeciesRepositoryContract,
    TemperamentRepositoryContract,
    VetRepositoryContract,
)
from petcare_core.testing.contracts.facilities import (
    FacilityRepositoryContract,
    LocationRepositoryContract,
)
from petcare_core.testing.contracts.files import FileStoreContract
from petcare_core.testing.contracts.forms import FormRepositoryContract
from petcare_core.testing.contracts.immunizations import (
    ImmunizationRecordRepositoryContract,
    ImmunizationTypeRepositoryContract,
)
from petcare_core.testing.contracts.leads import (
    LeadRepositoryContract,
    StaffNotificationRepositoryContract,
)
from petcare_core.testing.contracts.outbox import OutboxContract
from petcare_core.testing.contracts.owners import OwnerRepositoryContract
from petcare_core.testing.contracts.races import PostgresRaceContract
from petcare_core.testing.contracts.reservations import ReservationRepositoryContract
from petcare_core.testing.contracts.reset_tokens import PasswordResetTokenRepositoryContract
from petcare_core.testing.contracts.samples import create_facility
from petcare_core.testing.contracts.staff import (
    ApiKeyIndexContract,
    ApiKeyRepositoryContract,
    StaffUserRepositoryContract,
)
from petcare_core.testing.contracts.unit_of_work import UnitOfWorkContract

# Every contract an adapter of ``UnitOfWorkFactory`` must pass (the race contract aside).
STORAGE_CONTRACTS: tuple[type[ContractBase], ...] = (
    UnitOfWorkContract,
    FacilityRepositoryContract,
    LocationRepositoryContract,
    StaffUserRepositoryContract,
    ApiKeyRepositoryContract,
    ApiKeyIndexContract,
    OwnerRepositoryContract,
    AnimalRepositoryContract,
    SpeciesRepositoryContract,
    BreedRepositoryContract,
    VetRepositoryContract,
    TemperamentRepositoryContract,
    ImmunizationTypeRepositoryContract,
    ImmunizationRecordRepositoryContract,
    FormRepositoryContract,
    OutboxContract,
    PortalAccountRepositoryContract,
    LeadRepositoryContract,
    StaffNotificationRepositoryContract,
    PasswordResetTokenRepositoryContract,
    ReservationTypeRepositoryContract,
    AdditionalServiceRepositoryContract,
    CapacityPoolRepositoryContract,
    LodgingRepositoryContract,
    AgreementRepositoryContract,
    AgreementSignatureRepositoryContract,
    EvaluationRepositoryContract,
    BookingOverrideRepositoryContract,
    ReservationRepositoryContract,
    CapacityLedgerContract,
)

__all__ = [
    "STORAGE_CONTRACTS",
    "AdditionalServiceRepositoryContract",
    "AggregateRepositoryContract",
    "AgreementRepositoryContract",
    "AgreementSignatureRepositoryContract",
    "AnimalRepositoryContract",
    "ApiKeyIndexContract",
    "ApiKeyRepositoryContract",
    "BookingOverrideRepositoryContract",
    "BreedRepositoryContract",
    "CapacityLedgerContract",
    "CapacityPoolRepositoryContract",
    "ContractBase",
    "EvaluationRepositoryContract",
    "FacilityRepositoryContract",
    "FileStoreContract",
    "FormRepositoryContract",
    "ImmunizationRecordRepositoryContract",
    "ImmunizationTypeRepositoryContract",
    "LeadRepositoryContract",
    "LocationRepositoryContract",
    "LodgingRepositoryContract",
    "OutboxContract",
    "OwnerRepositoryContract",
    "PasswordResetTokenRepositoryContract",
    "PortalAccountRepositoryContract",
    "PostgresRaceContract",
    "ReservationRepositoryContract",
    "ReservationTypeRepositoryContract",
    "SpeciesRepositoryContract",
    "StaffNotificationRepositoryContract",
    "StaffUserRepositoryContract",
    "TemperamentRepositoryContract",
    "UnitOfWorkContract",
    "VetRepositoryContract",
    "create_facility",
]
