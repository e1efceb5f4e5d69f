"""Every storage contract, and the thread races, against the memory adapter."""

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


@pytest.fixture
def uow_factory(memory_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    """The memory storage every contract below runs against."""
    return memory_uow_factory


def test_every_storage_contract_is_subclassed_here() -> None:
    tested = {
        base for value in globals().values() if isinstance(value, type) for base in value.__mro__
    }
    assert set(STORAGE_CONTRACTS) <= tested


class TestMemoryAnimalRepository(AnimalRepositoryContract):
    """``AnimalRepositoryContract`` on memory."""


class TestMemoryApiKeyIndex(ApiKeyIndexContract):
    """``ApiKeyIndexContract`` on memory."""


class TestMemoryApiKeyRepository(ApiKeyRepositoryContract):
    """``ApiKeyRepositoryContract`` on memory."""


class TestMemoryBreedRepository(BreedRepositoryContract):
    """``BreedRepositoryContract`` on memory."""


class TestMemoryFacilityRepository(FacilityRepositoryContract):
    """``FacilityRepositoryContract`` on memory."""


class TestMemoryFormRepository(FormRepositoryContract):
    """``FormRepositoryContract`` on memory."""


class TestMemoryImmunizationRecordRepository(ImmunizationRecordRepositoryContract):
    """``ImmunizationRecordRepositoryContract`` on memory."""


class TestMemoryImmunizationTypeRepository(ImmunizationTypeRepositoryContract):
    """``ImmunizationTypeRepositoryContract`` on memory."""


class TestMemoryLocationRepository(LocationRepositoryContract):
    """``LocationRepositoryContract`` on memory."""


class TestMemoryOutbox(OutboxContract):
    """``OutboxContract`` on memory."""


class TestMemoryOwnerRepository(OwnerRepositoryContract):
    """``OwnerRepositoryContract`` on memory."""


class TestMemoryPortalAccountRepository(PortalAccountRepositoryContract):
    """``PortalAccountRepositoryContract`` on memory."""


class TestMemoryPostgresRace(PostgresRaceContract):
    """``PostgresRaceContract`` on memory."""


class TestMemorySpeciesRepository(SpeciesRepositoryContract):
    """``SpeciesRepositoryContract`` on memory."""


class TestMemoryStaffUserRepository(StaffUserRepositoryContract):
    """``StaffUserRepositoryContract`` on memory."""


class TestMemoryTemperamentRepository(TemperamentRepositoryContract):
    """``TemperamentRepositoryContract`` on memory."""


class TestMemoryUnitOfWork(UnitOfWorkContract):
    """``UnitOfWorkContract`` on memory."""


class TestMemoryVetRepository(VetRepositoryContract):
    """``VetRepositoryContract`` on memory."""


class TestMemoryLeadRepository(LeadRepositoryContract):
    """``LeadRepositoryContract`` on memory."""


class TestMemoryStaffNotificationRepository(StaffNotificationRepositoryContract):
    """``StaffNotificationRepositoryContract`` on memory."""


class TestMemoryPasswordResetTokenRepository(PasswordResetTokenRepositoryContract):
    """``PasswordResetTokenRepositoryContract`` on memory."""


class TestMemoryReservationTypeRepository(ReservationTypeRepositoryContract):
    """``ReservationTypeRepositoryContract`` on memory."""


class TestMemoryAdditionalServiceRepository(AdditionalServiceRepositoryContract):
    """``AdditionalServiceRepositoryContract`` on memory."""


class TestMemoryCapacityPoolRepository(CapacityPoolRepositoryContract):
    """``CapacityPoolRepositoryContract`` on memory."""


class TestMemoryLodgingRepository(LodgingRepositoryContract):
    """``LodgingRepositoryContract`` on memory."""


class TestMemoryAgreementRepository(AgreementRepositoryContract):
    """``AgreementRepositoryContract`` on memory."""


class TestMemoryAgreementSignatureRepository(AgreementSignatureRepositoryContract):
    """``AgreementSignatureRepositoryContract`` on memory."""


class TestMemoryBookingOverrideRepository(BookingOverrideRepositoryContract):
    """``BookingOverrideRepositoryContract`` on Memory."""


class TestMemoryEvaluationRepository(EvaluationRepositoryContract):
    """``EvaluationRepositoryContract`` on memory."""


class TestMemoryReservationRepository(ReservationRepositoryContract):
    """``ReservationRepositoryContract`` on memory."""


class TestMemoryCapacityLedger(CapacityLedgerContract):
    """``CapacityLedgerContract`` on memory (optimistic: the interleaved race runs)."""
