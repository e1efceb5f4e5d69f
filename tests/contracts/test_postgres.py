"""Every storage contract, and the thread races, against PostgreSQL."""

from __future__ import annotations

import pytest

from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing.contracts import (
    STORAGE_CONTRACTS,
    AdditionalServiceRepositoryContract,
    AgreementRepositoryContract,
    AgreementSignatureRepositoryContract,
    AnimalRepositoryContract,
    ApiKeyIndexContract,
    ApiKeyRepositoryContract,
    BookingOverrideRepositoryContract,
    BreedRepositoryContract,
    CapacityLedgerContract,
    CapacityPoolRepositoryContract,
    EvaluationRepositoryContract,
    FacilityRepositoryContract,
    FormRepositoryContract,
    ImmunizationRecordRepositoryContract,
    ImmunizationTypeRepositoryContract,
    LeadRepositoryContract,
    LocationRepositoryContract,
    LodgingRepositoryContract,
    OutboxContract,
    OwnerRepositoryContract,
    PasswordResetTokenRepositoryContract,
    PortalAccountRepositoryContract,
    PostgresRaceContract,
    ReservationRepositoryContract,
    ReservationTypeRepositoryContract,
    SpeciesRepositoryContract,
    StaffNotificationRepositoryContract,
    StaffUserRepositoryContract,
    TemperamentRepositoryContract,
    UnitOfWorkContract,
    VetRepositoryContract,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def uow_factory(postgres_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    """The PostgreSQL storage every contract below runs against."""
    return postgres_uow_factory


def test_every_storage_contract_is_subclassed_here() -> None:
    tested = {
        base for value in globals().values() if isinstance(value, type) for base in value.__mro__
    }
    assert set(STORAGE_CONTRACTS) <= tested


class TestPostgresAnimalRepository(AnimalRepositoryContract):
    """``AnimalRepositoryContract`` on PostgreSQL."""


class TestPostgresApiKeyIndex(ApiKeyIndexContract):
    """``ApiKeyIndexContract`` on PostgreSQL."""


class TestPostgresApiKeyRepository(ApiKeyRepositoryContract):
    """``ApiKeyRepositoryContract`` on PostgreSQL."""


class TestPostgresBreedRepository(BreedRepositoryContract):
    """``BreedRepositoryContract`` on PostgreSQL."""


class TestPostgresFacilityRepository(FacilityRepositoryContract):
    """``FacilityRepositoryContract`` on PostgreSQL."""


class TestPostgresFormRepository(FormRepositoryContract):
    """``FormRepositoryContract`` on PostgreSQL."""


class TestPostgresImmunizationRecordRepository(ImmunizationRecordRepositoryContract):
    """``ImmunizationRecordRepositoryContract`` on PostgreSQL."""


class TestPostgresImmunizationTypeRepository(ImmunizationTypeRepositoryContract):
    """``ImmunizationTypeRepositoryContract`` on PostgreSQL."""


class TestPostgresLocationRepository(LocationRepositoryContract):
    """``LocationRepositoryContract`` on PostgreSQL."""


class TestPostgresOutbox(OutboxContract):
    """``OutboxContract`` on PostgreSQL."""


class TestPostgresOwnerRepository(OwnerRepositoryContract):
    """``OwnerRepositoryContract`` on PostgreSQL."""


class TestPostgresPortalAccountRepository(PortalAccountRepositoryContract):
    """``PortalAccountRepositoryContract`` on PostgreSQL."""


class TestPostgresPostgresRace(PostgresRaceContract):
    """``PostgresRaceContract`` on PostgreSQL."""


class TestPostgresSpeciesRepository(SpeciesRepositoryContract):
    """``SpeciesRepositoryContract`` on PostgreSQL."""


class TestPostgresStaffUserRepository(StaffUserRepositoryContract):
    """``StaffUserRepositoryContract`` on PostgreSQL."""


class TestPostgresTemperamentRepository(TemperamentRepositoryContract):
    """``TemperamentRepositoryContract`` on PostgreSQL."""


class TestPostgresUnitOfWork(UnitOfWorkContract):
    """``UnitOfWorkContract`` on PostgreSQL."""


class TestPostgresVetRepository(VetRepositoryContract):
    """``VetRepositoryContract`` on PostgreSQL."""


class TestPostgresLeadRepository(LeadRepositoryContract):
    """``LeadRepositoryContract`` on PostgreSQL."""


class TestPostgresStaffNotificationRepository(StaffNotificationRepositoryContract):
    """``StaffNotificationRepositoryContract`` on PostgreSQL."""


class TestPostgresPasswordResetTokenRepository(PasswordResetTokenRepositoryContract):
    """``PasswordResetTokenRepositoryContract`` on PostgreSQL."""


class TestPostgresAdditionalServiceRepository(AdditionalServiceRepositoryContract):
    """``AdditionalServiceRepositoryContract`` on PostgreSQL."""


class TestPostgresAgreementRepository(AgreementRepositoryContract):
    """``AgreementRepositoryContract`` on PostgreSQL."""


class TestPostgresAgreementSignatureRepository(AgreementSignatureRepositoryContract):
    """``AgreementSignatureRepositoryContract`` on PostgreSQL."""


class TestPostgresCapacityLedger(CapacityLedgerContract):
    """``CapacityLedgerContract`` on PostgreSQL."""

    ledger_locks = True  # SELECT ... FOR UPDATE: a second reader of a day waits


class TestPostgresCapacityPoolRepository(CapacityPoolRepositoryContract):
    """``CapacityPoolRepositoryContract`` on PostgreSQL."""


class TestPostgresBookingOverrideRepository(BookingOverrideRepositoryContract):
    """``BookingOverrideRepositoryContract`` on PostgreSQL."""


class TestPostgresEvaluationRepository(EvaluationRepositoryContract):
    """``EvaluationRepositoryContract`` on PostgreSQL."""


class TestPostgresLodgingRepository(LodgingRepositoryContract):
    """``LodgingRepositoryContract`` on PostgreSQL."""


class TestPostgresReservationRepository(ReservationRepositoryContract):
    """``ReservationRepositoryContract`` on PostgreSQL."""


class TestPostgresReservationTypeRepository(ReservationTypeRepositoryContract):
    """``ReservationTypeRepositoryContract`` on PostgreSQL."""
